"""Cases staged in DuckDB: screened against the case schema in SQL, then turned into facts.

The SQL twin of `cases.load` (validation) and `cases.facts` (facts), for the bulk import
(`caseload.bulk_import`).  What each fact means, and every default, is defined in
`cases.facts`; this module derives the same rows for the parts of the format it covers (see
`FAST_KEYS`), and a test compares the two on generated caseloads.  Field names and types come
from the case schema (`cases.schema_sql`, `backends.bulk_schema`), never from a list here.

Staging tables (temporary, one chunk of lines at a time): `ing_c` (one row a case) and one per
array of the case (`ing_sentences`, `ing_events`, ...: one row an entry), each with `line`,
its object's keys and three STRUCTs with a field a property: `t` its JSON type, `s` its text and
`p` the JSON of those that can nest.  An entry table stages only the properties some entry of
the chunk has (about 20 of the events' 40); the others read as NULL, and the SQL for that set of
properties is built once.  The screen judges the key checks once per distinct key list and event
kind (`schema_sql.split_by_keys`), and the checks every event kind makes once, outside the
kind's CASE.
"""
from __future__ import annotations

import json
from collections.abc import Collection

import duckdb

from ..backends.bulk_schema import (BOOL, DATE, INT, STR, assessment_types, event_field_types, kind_order,
                                    requirement_param_types)
from .load import _COMMON_EVENT_FIELDS, _event_definitions, _resolve, _schema
from .model import ASSESSMENT_FIELDS, ORA_COMMENCEMENT
from .schema_sql import Row, Value, discriminator, property_names, split_by_keys, text

# Top-level parts of a case whose facts this module derives; a case with any other part is left
# to the per-record path (cases.facts), as is one with the sentence or assessment parts below.
FAST_KEYS = ("id", "edition_hint", "offender", "sentences", "assessments", "periods", "events", "flags")
NOT_FAST = {"sentences": ("victim_contact_override",), "assessments": ("tier_departure_reason",)}
ENTRIES = ("sentences", "assessments", "periods", "events")   # arrays staged one row an entry
MAX_DAY = "DATE '9999-12-31'"
NO_PSR = "none"
# Lines whose text DuckDB's JSON reader may accept where Python's refuses it: NaN and Infinity,
# trailing commas, a byte-order mark.  Lines where these appear, or merely seem to (in a note), are
# left to the per-record path.  (Control characters, which Python refuses in text and between
# tokens, DuckDB refuses too, as it does the other spellings of NaN and Infinity it reads as
# numbers: no type of the schema takes those.  A test holds DuckDB to both.)  A regular expression
# over the whole text cost three full parses; `contains` is a fraction of one.
LENIENT = r"contains(t, 'NaN') OR contains(t, 'Infinity') OR regexp_matches(t, ',[ \t\r\n]*[\]}]') OR starts_with(t, chr(65279))"
_PART = {STR: "str", INT: "int", DATE: "date", BOOL: "bool"}


def _entry_schema(key: str) -> dict:
    return _resolve(_schema()["properties"][key]["items"])


class _Table:
    """A staging table's columns: the JSON of each property, and typed reads of them.  Only the
    properties `given` (those some row of the chunk has) are staged; reading any other is NULL."""

    def __init__(self, name: str, schema: dict, given: Collection[str] | None = None, lists: Collection[str] = ()):
        self.name = name
        self.schema = schema
        self.known = property_names(schema)
        self.names = [n for n in self.known if given is None or n in given]
        self.index = {n: i + 1 for i, n in enumerate(self.names)}
        # arrays staged as the list of their entries' JSON, read by the same parse as the texts (the
        # case's entries, each then staged one row an entry in a table of its own)
        self.lists = [n for n in self.names if n in lists]
        # other properties that can hold an array or object: only their JSON is kept (read once less)
        self.nested = [n for n in self.names if _can_nest(schema, n) and n not in self.lists]
        self.nested_index = {n: i + 1 for i, n in enumerate(self.nested)}
        self.tag = discriminator(schema)

    def given(self, names: Collection[str]) -> _Table:
        """This table staging only the properties `names`."""
        return _Table(self.name, self.schema, names, self.lists)

    def entries(self, name: str, alias: str = "") -> str:
        """The JSON of each entry of the array `name` (one staged as a list; a JSON null entry is NULL)."""
        return f"{alias + '.' if alias else ''}s[{text(name)}]"

    def paths(self, names: list[str] | None = None) -> str:
        return "[" + ", ".join(text('$."' + n + '"') for n in (self.names if names is None else names)) + "]"

    # Each part is a STRUCT with a field a property: reading one field reads only its column (a
    # list's element would read the whole list, every property of every row).
    def json(self, name: str, alias: str = "") -> str:
        """The property's JSON where it can nest; for a scalar, its type, which is NULL exactly when
        the property is absent (what a scalar's JSON is used for here), as for an array staged as a
        list (its entries are `entries`)."""
        if name not in self.nested_index:
            return "NULL::JSON" if name not in self.index and _can_nest(self.schema, name) else self.type(name, alias)
        return f"{alias + '.' if alias else ''}p[{text(name)}]"

    def str(self, name: str, alias: str = "") -> str:
        if name in self.lists:
            return "NULL::VARCHAR"
        if name in self.nested_index:   # its text is its JSON's (the text of a scalar it holds)
            return f"json_extract_string({self.json(name, alias)}, '$')"
        return f"{alias + '.' if alias else ''}s[{text(name)}]" if name in self.index else "NULL::VARCHAR"

    def type(self, name: str, alias: str = "") -> str:
        return f"{alias + '.' if alias else ''}t[{text(name)}]" if name in self.index else "NULL::VARCHAR"

    def date(self, name: str, alias: str = "") -> str:
        return f"TRY_CAST({self.str(name, alias)} AS DATE)"

    def int(self, name: str, alias: str = "") -> str:
        return f"TRY_CAST({self.str(name, alias)} AS BIGINT)"

    def typed(self, name: str, sql_type: str, alias: str = "") -> str:
        if sql_type == DATE:
            return self.date(name, alias)
        if sql_type == INT:
            return self.int(name, alias)
        if sql_type == BOOL:
            return f"({self.str(name, alias)} = 'true')"
        return self.str(name, alias)

    def row(self, apart: tuple[str, ...] = ()) -> Row:
        return Row({n: Value(self.json(n), self.type(n), self.str(n), f"len({self.entries(n)})" if n in self.lists else None)
                    for n in self.known}, "keys", frozenset(apart))

    def keys_row(self) -> Row:
        """The row as `bad_keys` gives it: its keys, and its discriminator's type and text."""
        return Row({self.tag: Value("NULL", "tag_t", "tag_s")} if self.tag else {}, "keys")

    def stage_keys(self) -> str:
        """SQL staging each distinct key list (and discriminator) of the staged rows, for `bad_keys`."""
        tag = f", {self.type(self.tag)} AS tag_t, {self.str(self.tag)} AS tag_s" if self.tag else ""
        return f"CREATE OR REPLACE TEMP TABLE {self.name}_keys AS SELECT DISTINCT keys{tag} FROM {self.name}"

    def bad_keys(self, keys_ok: str) -> str:
        """The lines whose rows fail `keys_ok` (over `keys_row`), judged once per distinct key list
        and discriminator (staged apart: in one query the verdict would be pushed onto every row)."""
        if keys_ok == "TRUE":
            return "SELECT NULL::BIGINT AS line WHERE FALSE"
        on = (f" AND {self.type(self.tag, 'x')} IS NOT DISTINCT FROM b.tag_t "
              f"AND {self.str(self.tag, 'x')} IS NOT DISTINCT FROM b.tag_s") if self.tag else ""
        return (f"SELECT x.line FROM {self.name} x JOIN (SELECT * FROM {self.name}_keys "
                f"WHERE NOT coalesce({keys_ok}, FALSE)) b ON x.keys = b.keys{on}")

    def columns(self, x: str, keys: bool = True) -> str:
        """The staged columns of the object `x`: keys, lists of each property's JSON (`_p`) and type
        (`_t`), for `structs` to name, and the STRUCT of their texts and of the lists of entries
        (`s`).  Each is one parse."""
        nested = f", json_extract({x}, {self.paths(self.nested)}) AS _p" if self.nested else ""
        scalars = {n: ["JSON"] if n in self.lists else "VARCHAR" for n in self.names if n not in self.nested_index}
        texts = f", json_transform({x}, {text(json.dumps(scalars))}) AS s" if scalars else ""
        parts = f", json_type({x}, {self.paths()}) AS _t{texts}{nested}" if self.names else ""
        return f"{f'json_keys({x})' if keys else 'keys'} AS keys{parts}"

    def structs(self) -> str:
        """`columns`' lists as the STRUCTs `p` and `t`, beside `s` (see `json`, `type` and `str`)."""
        def struct(names: list[str], index: dict[str, int], part: str) -> str:
            return ", {" + ", ".join(f"{text(n)}: _{part}[{index[n]}]" for n in names) + f"}} AS {part}"
        nested = struct(self.nested, self.nested_index, "p") if self.nested else ""
        texts = ", s" if len(self.nested) < len(self.names) else ""
        return f"keys{struct(self.names, self.index, 't') if self.names else ''}{texts}{nested}"


def _can_nest(schema: dict, name: str) -> bool:
    """Whether property `name` (in any oneOf branch) may be an array or object under `schema`."""
    schema = _resolve(schema)
    for node in (schema, *map(_resolve, schema.get("oneOf", ()))):
        prop = node.get("properties", {}).get(name)
        if prop is None:
            continue
        prop = {**_resolve(prop), **prop}
        kinds = prop.get("type", [])
        kinds = kinds if isinstance(kinds, list) else [kinds]
        scalar_values = all(isinstance(v, str) for v in prop.get("enum", [prop.get("const", "")]))
        if {"array", "object"} & set(kinds) or {"items", "properties"} & set(prop) or not (kinds or scalar_values):
            return True
    return False


def _quoted(name: str) -> str:
    """A SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _typed_text(read: str, sql_type: str) -> str:
    if sql_type == DATE:
        return f"TRY_CAST({read} AS DATE)"
    if sql_type == INT:
        return f"TRY_CAST({read} AS BIGINT)"
    if sql_type == BOOL:
        return f"({read} = 'true')"
    return read


def _variant(index: int, types: dict[str, str], key: str, value: str) -> str:
    """The variant columns c<index>_<part> of a value (`value`: its text) whose type its name `key` decides."""
    columns = []
    for sql_type, part in _PART.items():
        names = [n for n, t in types.items() if t == sql_type]
        read = _typed_text(value, sql_type)
        columns.append(f"CASE WHEN {key} IN ({', '.join(map(text, names)) or 'NULL'}) THEN {read} END "
                       f"AS c{index}_{part}")
    return ", ".join(columns)


class FactsSql:
    """Stage a chunk of JSON Lines, screen it, and store the facts of its cases (see module)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.case = _Table("ing_c", _schema(), lists=ENTRIES)
        self.entries = {key: _Table(f"ing_{key}", _entry_schema(key)) for key in ENTRIES}
        self.staged = self.entries   # the entries' tables as the last chunk staged them
        self._screens: dict[tuple[tuple[str, ...], ...], str] = {}   # by the properties staged
        self._facts: dict[tuple[tuple[tuple[str, ...], ...], str], list[str]] = {}   # by those and the file's name

    # ------------------------------------------------------------------ screening
    def _screen_sql(self, e: dict[str, _Table]) -> str:
        case = self.case
        fast = ", ".join(map(text, FAST_KEYS))
        keys_ok, rest = split_by_keys(case.schema, "j", case.row(ENTRIES), case.keys_row())
        bad = [f"SELECT line FROM ing_c WHERE NOT coalesce({rest}, FALSE)", case.bad_keys(keys_ok),
               f"SELECT line FROM ing_c WHERE len(list_filter(keys, lambda k: NOT list_contains([{fast}], k))) > 0"]
        for key, table in e.items():
            keys_ok, rest = split_by_keys(table.schema, "e", table.row(), table.keys_row())
            not_fast = " OR ".join(f"{table.json(n)} IS NOT NULL" for n in NOT_FAST.get(key, ())) or "FALSE"
            bad.append(f"SELECT line FROM {table.name} WHERE NOT obj OR NOT coalesce({rest}, FALSE) OR {not_fast}")
            bad.append(table.bad_keys(keys_ok))
        s, ev, per, ass = e["sentences"], e["events"], e["periods"], e["assessments"]
        ids = " UNION ALL ".join(f"SELECT line, {t.str('id')} AS id FROM {t.name}" for t in (s, ev, per))
        bad.append(f"SELECT line FROM ({ids}) WHERE id IS NOT NULL GROUP BY line, id HAVING count(*) > 1")
        # references (x-refers-to): to an entry of the kind wanted, not dated after the event
        refs: dict[str, dict[str, str]] = {}   # field -> the kind of entry it names, by event kind
        for kind, definition in _event_definitions().items():
            for name, prop in definition["properties"].items():
                if "x-refers-to" in prop:
                    refs.setdefault(name, {})[kind] = prop["x-refers-to"]
        named = " UNION ALL ".join(
            f"SELECT line, {ev.str(n)} AS v, CASE {ev.str('kind')} "
            f"{' '.join(f'WHEN {text(k)} THEN {text(w)}' for k, w in kinds.items())} END AS wanted, "
            f"{ev.date('date')} AS day FROM {ev.name} WHERE {ev.str(n)} IS NOT NULL" for n, kinds in refs.items())
        targets = (f"SELECT line, {s.str('id')} AS id, 'sentence' AS kind, {s.date('date')} AS day FROM {s.name} "
                   f"UNION ALL SELECT line, {per.str('id')}, 'period', NULL FROM {per.name} "
                   f"UNION ALL SELECT line, {ev.str('id')}, {ev.str('kind')}, {ev.date('date')} FROM {ev.name}")
        bad.append(f"SELECT r.line FROM ({named}) r LEFT JOIN ({targets}) t ON t.line = r.line AND t.id = r.v "
                   f"WHERE r.wanted IS NOT NULL AND (t.id IS NULL OR t.kind IS DISTINCT FROM r.wanted OR "
                   f"coalesce(r.wanted <> 'sentence' AND t.day > r.day, FALSE))")
        # dates that must not precede others (cases.load._dates_out_of_order)
        bad.append(f"SELECT line FROM {s.name} WHERE {s.date('end_date')} < {s.date('date')} "
                   f"OR {s.date('release_date')} < {s.date('date')}")
        bad.append(f"SELECT line FROM {per.name} WHERE {per.date('end')} < {per.date('start')}")
        bad.append(f"SELECT line FROM {ev.name} WHERE {ev.str('kind')} = 'release' "
                   f"AND {ev.date('licence_end')} < {ev.date('date')}")
        # assessments: each sets something, no field twice on one day
        bad.append(f"SELECT line FROM {ass.name} WHERE "
                   + " AND ".join(f"{ass.json(n)} IS NULL" for n in ASSESSMENT_FIELDS))
        sets = " UNION ALL ".join(f"SELECT line, {text(n)} AS f, {ass.str('date')} AS day FROM {ass.name} "
                                  f"WHERE {ass.json(n)} IS NOT NULL" for n in ASSESSMENT_FIELDS)
        bad.append(f"SELECT line FROM ({sets}) GROUP BY line, f, day HAVING count(*) > 1")
        # requirements the law did not have yet (cases.load._requirement_problems)
        bad.append(f"SELECT line FROM {s.name} WHERE {s.date('date')} < DATE '{ORA_COMMENCEMENT.isoformat()}' AND "
                   f"list_contains(json_extract_string({s.json('requirements')}, '$[*].kind'), "
                   "'rehabilitation_activity')")
        return " UNION ".join(f"({b})" for b in bad)

    def stage(self, lines: list[int], texts: list[str]) -> dict[int, str]:
        """Stage these lines; returns line -> case id for each line whose case is surely valid and
        whose facts `store` derives.  Every other line is for the per-record path."""
        con, case = self.con, self.case
        con.execute("CREATE OR REPLACE TEMP TABLE ing_text AS SELECT unnest($l::BIGINT[]) AS line, "
                    "unnest($t::VARCHAR[]) AS t", {"l": lines, "t": texts})
        # the JSON functions read the text as it is (a cast to JSON would be one more parse); `try`
        # makes the parse for the type also the check that the text is JSON
        con.execute(f"CREATE OR REPLACE TEMP TABLE ing_c AS SELECT line, {case.structs()} FROM (SELECT line, "
                    f"{case.columns('t')} FROM ing_text WHERE try(json_type(t)) = 'OBJECT' AND NOT ({LENIENT}))")
        for key, table in self.entries.items():   # each entry's JSON, its index from the list (not another parse)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name}_json AS SELECT line, idx, e, "
                        "coalesce(json_type(e) = 'OBJECT', FALSE) AS obj, json_keys(e) AS keys "
                        "FROM (SELECT line, unnest(a) AS e, unnest(range(len(a))) AS idx "
                        f"FROM (SELECT line, {case.entries(key)} AS a FROM ing_c WHERE {case.type(key)} = 'ARRAY'))")
        given = dict.fromkeys(self.entries, ())
        given.update(con.execute(" UNION ALL ".join(
            f"SELECT {text(key)}, coalesce(list(DISTINCT k), []) FROM (SELECT unnest(keys) AS k FROM {table.name}_json)"
            for key, table in self.entries.items())).fetchall())
        self.staged = {key: table.given(given[key]) for key, table in self.entries.items()}
        for table in self.staged.values():
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS SELECT line, idx, obj, {table.structs()} "
                        f"FROM (SELECT line, idx, obj, {table.columns('e', keys=False)} FROM {table.name}_json)")
            con.execute(f"DROP TABLE {table.name}_json")
        for table in (case, *self.staged.values()):
            con.execute(table.stage_keys())
        shape = self._shape()
        if shape not in self._screens:
            self._screens[shape] = self._screen_sql(self.staged)
        con.execute(f"CREATE OR REPLACE TEMP TABLE ing_bad AS {self._screens[shape]}")
        con.execute("DROP TABLE ing_text")
        return dict(con.execute(f"SELECT line, {case.str('id')} FROM ing_c WHERE line NOT IN "
                                "(SELECT line FROM ing_bad)").fetchall())

    # ------------------------------------------------------------------ facts
    def store(self, cids: dict[int, int], name: str) -> None:
        """Insert the facts of the staged lines in `cids` (line -> case number) into the store's
        `raw_*` tables and `bulk_cases` (case id, `name:line`, manager and team)."""
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE ing_cid AS SELECT unnest($l::BIGINT[]) AS line, "
                    "unnest($c::INTEGER[]) AS cid", {"l": list(cids), "c": list(cids.values())})
        if not cids:
            return
        key = (self._shape(), name)
        if key not in self._facts:
            self._facts[key] = self._fact_sql(name)
        for sql in self._facts[key]:
            con.execute(sql)

    def _shape(self) -> tuple[tuple[str, ...], ...]:
        """The properties the entries' tables staged, which the screen's and the facts' SQL depend on."""
        return tuple(tuple(t.names) for t in self.staged.values())

    def _fact_sql(self, name: str) -> list[str]:
        c, s, ev, per, ass = self.case, *(self.staged[k] for k in ("sentences", "events", "periods", "assessments"))
        out: list[str] = []

        def insert(pred: str, select: str) -> None:   # events and their facts each chunk in kind order
            out.append(f'INSERT INTO "raw_{pred}" BY NAME {select}{kind_order(pred)}')

        def rows(table, where: str = "TRUE") -> str:
            return f"FROM {table.name} x JOIN ing_cid USING (line) WHERE {where}"

        sid, sdate = s.str("id", "x"), s.date("date", "x")
        length = s.int("length_months", "x")
        insert("sentence", f"SELECT cid, {sid} AS c0, {s.str('type', 'x')} AS c1, {sdate} AS c2 {rows(s)}")
        insert("event", f"SELECT cid, {sid} AS c0, 'sentence' AS c1, {sdate} AS c2, 'sentences[' || idx || ']' AS source "
                        f"{rows(s)}")
        insert("event_sentence", f"SELECT cid, {sid} AS c0, {sid} AS c1, 'sentence' AS kind {rows(s)}")
        insert("event_field", f"SELECT cid, {sid} AS c0, 'type' AS c1, {s.str('type', 'x')} AS c2_str, "
                              f"'sentence' AS kind {rows(s)}")
        insert("sentence_length_months", f"SELECT cid, {sid} AS c0, {length} AS c1 {rows(s, f'{length} IS NOT NULL')}")
        insert("event_field", f"SELECT cid, {sid} AS c0, 'length_months' AS c1, {length} AS c2_int, "
                              f"'sentence' AS kind {rows(s, f'{length} IS NOT NULL')}")
        release = s.date("release_date", "x")
        insert("sentence_release_date", f"SELECT cid, {sid} AS c0, {release} AS c1 {rows(s, f'{release} IS NOT NULL')}")
        end = (f"coalesce({s.date('end_date', 'x')} + 1, CAST({sdate} + to_months({length}::INTEGER) AS DATE))")
        insert("sentence_end", f"SELECT cid, {sid} AS c0, {end} AS c1 {rows(s, f'{end} IS NOT NULL')}")
        psr = s.str("psr", "x")
        insert("psr", f"SELECT cid, {sid} AS c0, {psr} AS c1 {rows(s, f'{psr} IS NOT NULL AND {psr} <> {text(NO_PSR)}')}")
        requirements = (f"SELECT cid, {sid} AS sid, unnest(json_extract({s.json('requirements', 'x')}, '$[*]')) AS r "
                        f"{rows(s, s.json('requirements', 'x') + ' IS NOT NULL')}")
        insert("requirement", f"SELECT cid, sid AS c0, json_extract_string(r, '$.kind') AS c1 FROM ({requirements})")
        params = requirement_param_types()
        param_text = "json_extract_string(r, '$.' || key)"
        insert("requirement_param",
               f"SELECT cid, sid AS c0, json_extract_string(r, '$.kind') AS c1, key AS c2, "
               f"{_variant(3, params, 'key', param_text)} "
               f"FROM (SELECT cid, sid, r, unnest(json_keys(r)) AS key FROM ({requirements})) "
               "WHERE key NOT IN ('kind', 'note')")
        # events; one that names no sentence belongs to the latest sentence passed on or before its
        # date (the first listed of that date), else the earliest (cases.facts.default_sentence)
        eid, kind, edate = ev.str("id", "x"), ev.str("kind", "x"), ev.date("date", "x")
        insert("event", f"SELECT cid, {eid} AS c0, {kind} AS c1, {edate} AS c2, 'events[' || idx || ']' AS source "
                        f"{rows(ev)}")
        # the first listed sentence of each day; an ASOF join finds the latest on or before a day
        passed = (f"SELECT line, {s.date('date', 'y')} AS day, arg_min({s.str('id', 'y')}, y.idx) AS sid "
                  f"FROM {s.name} y JOIN ing_cid USING (line) GROUP BY line, day")
        earliest = f"SELECT line, arg_min(sid, day) AS sid FROM ({passed}) GROUP BY line"
        time = ev.str("time", "x")   # HH:MM (the schema's pattern) as minutes after midnight, as cases.load reads it
        insert("event_time", f"SELECT cid, {eid} AS c0_str, CAST(left({time}, 2) AS BIGINT) * 60 + "
                             f"CAST(right({time}, 2) AS BIGINT) AS c1_int {rows(ev, time + ' IS NOT NULL')}")
        insert("event_sentence", f"SELECT e.cid, e.c0, coalesce(e.named, d.sid, f.sid) AS c1, e.kind "
                                 f"FROM (SELECT cid, line, {eid} AS c0, {ev.str('sentence', 'x')} AS named, {kind} AS kind, "
                                 f"{edate} AS day {rows(ev)}) e ASOF LEFT JOIN ({passed}) d ON e.line = d.line "
                                 f"AND e.day >= d.day LEFT JOIN ({earliest}) f ON f.line = e.line")
        # each field given (a valid event's fields are never JSON null): one row a field
        types = {n: t for n, t in event_field_types().items() if n in ev.index and n not in _COMMON_EVENT_FIELDS}
        given = ", ".join(f"{ev.str(n, 'x')} AS {_quoted(n)}" for n in types)
        if types:
            insert("event_field",
                   f"SELECT cid, id AS c0, name AS c1, {_variant(2, types, 'name', 'v')}, kind "
                   f"FROM (UNPIVOT (SELECT cid, {eid} AS id, {kind} AS kind, {given} {rows(ev)}) "
                   f"ON {', '.join(map(_quoted, types))} INTO NAME name VALUE v)")
        # assessments: each field's value holds from its record's date until the next record setting it
        for field, sql_type in assessment_types().items():
            day = ass.date("date", "x")
            insert(f"{field}_during",
                   f"SELECT cid, {ass.typed(field, sql_type, 'x')} AS c0, {day} AS c1, "
                   f"coalesce(lead({day}) OVER (PARTITION BY line ORDER BY {day}), {MAX_DAY}) AS c2 "
                   f"{rows(ass, ass.json(field, 'x') + ' IS NOT NULL')}")
        insert("period", f"SELECT cid, {per.str('id', 'x')} AS c0, {per.str('kind', 'x')} AS c1, "
                         f"{per.date('start', 'x')} AS c2, coalesce({per.date('end', 'x')} + 1, {MAX_DAY}) AS c3 {rows(per)}")
        gender = f"json_extract_string({c.json('offender', 'x')}, '$.gender')"
        insert("offender_gender", f"SELECT cid, {gender} AS c0 {rows(c, gender + ' IS NOT NULL')}")
        insert("case_flag", f"SELECT cid, unnest(json_extract_string({c.json('flags', 'x')}, '$[*]')) AS c0 "
                            f"{rows(c, c.json('flags', 'x') + ' IS NOT NULL')}")
        # the case: its offender manager and team from the latest assignment (sources._meta)
        latest = (f"SELECT line, {ev.str('name')} AS manager, {ev.str('team')} AS team FROM {ev.name} "
                  f"WHERE {ev.str('kind')} = 'offender_manager_assigned' "
                  f"QUALIFY row_number() OVER (PARTITION BY line ORDER BY {ev.date('date')} DESC, idx) = 1")
        out.append(f"INSERT INTO bulk_cases BY NAME SELECT cid, {c.str('id', 'x')} AS case_id, "
                   f"{text(name + ':')} || x.line AS source, nullif(m.manager, '') AS manager, "
                   f"nullif(m.team, '') AS team FROM ing_c x JOIN ing_cid USING (line) LEFT JOIN ({latest}) m "
                   "USING (line)")
        return out
