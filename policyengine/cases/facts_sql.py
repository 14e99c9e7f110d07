"""Cases staged in DuckDB: screened against the case schema in SQL, then turned into facts.

The SQL twin of `cases.load` (validation) and `cases.facts` (facts), for the bulk import
(`caseload.bulk_import`).  What each fact means, and every default, is defined in
`cases.facts`; this module derives the same rows for the parts of the format it covers (see
`FAST_KEYS`), and a test compares the two on generated caseloads.  Field names and types come
from the case schema (`cases.schema_sql`, `backends.bulk_schema`), never from a list here.

Staging tables (temporary, one chunk of lines at a time): `ing_c` (one row a case) and one per
array of the case (`ing_sentences`, `ing_events`, ...: one row an entry), each with `line`,
its object's keys and `p`, the JSON value of each property the schema knows (parsed once).
"""
from __future__ import annotations

import duckdb

from ..backends.bulk_schema import (BOOL, DATE, INT, STR, assessment_types, event_field_types,
                                    requirement_param_types)
from .load import _COMMON_EVENT_FIELDS, _event_definitions, _resolve, _schema
from .model import ASSESSMENT_FIELDS, ORA_COMMENCEMENT
from .schema_sql import Row, Value, property_names, surely_valid, text

# Top-level parts of a case whose facts this module derives; a case with any other part is left
# to the per-record path (cases.facts), as is one with the sentence or assessment parts below.
FAST_KEYS = ("id", "edition_hint", "offender", "sentences", "assessments", "periods", "events", "flags")
NOT_FAST = {"sentences": ("victim_contact_override",), "assessments": ("tier_departure_reason",)}
ENTRIES = ("sentences", "assessments", "periods", "events")   # arrays staged one row an entry
MAX_DAY = "DATE '9999-12-31'"
NO_PSR = "none"
# What DuckDB's JSON reader accepts and Python's refuses: control characters in text, NaN and
# Infinity, trailing commas (and a byte-order mark, checked apart).  Lines where these appear, or
# merely seem to (in a note), are left to the per-record path.
LENIENT = r"[\x00-\x1f]|NaN|Infinity|,[ \t\r\n]*[\]}]"   # the schema's default for psr: no fact   # date.max: the open end of an interval
_PART = {STR: "str", INT: "int", DATE: "date", BOOL: "bool"}


def _entry_schema(key: str) -> dict:
    return _resolve(_schema()["properties"][key]["items"])


class _Table:
    """A staging table's columns: the JSON of each property, and typed reads of them."""

    def __init__(self, name: str, schema: dict):
        self.name = name
        self.schema = schema
        self.names = property_names(schema)
        self.index = {n: i + 1 for i, n in enumerate(self.names)}
        # properties that can hold an array or object: only their JSON is kept (read once less)
        self.nested = [n for n in self.names if _can_nest(schema, n)]
        self.nested_index = {n: i + 1 for i, n in enumerate(self.nested)}

    def paths(self, names: list[str] | None = None) -> str:
        return "[" + ", ".join(text('$."' + n + '"') for n in (self.names if names is None else names)) + "]"

    def json(self, name: str, alias: str = "") -> str:
        """The property's JSON where it can nest; for a scalar, its type, which is NULL exactly when
        the property is absent (what a scalar's JSON is used for here)."""
        if name not in self.nested_index:
            return self.type(name, alias)
        return f"{alias + '.' if alias else ''}p[{self.nested_index[name]}]"

    def str(self, name: str, alias: str = "") -> str:
        return f"{alias + '.' if alias else ''}s[{self.index[name]}]"

    def type(self, name: str, alias: str = "") -> str:
        return f"{alias + '.' if alias else ''}t[{self.index[name]}]"

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
        return Row({n: Value(self.json(n), self.type(n), self.str(n)) for n in self.names}, "keys", frozenset(apart))

    def columns(self, x: str) -> str:
        """The staged columns of the object `x`: keys, and each property's JSON, type and text."""
        nested = f"json_extract({x}, {self.paths(self.nested)}) AS p, " if self.nested else ""
        return (f"json_keys({x}) AS keys, {nested}json_type({x}, {self.paths()}) AS t, "
                f"json_extract_string({x}, {self.paths()}) AS s")


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
        self.case = _Table("ing_c", _schema())
        self.entries = {key: _Table(f"ing_{key}", _entry_schema(key)) for key in ENTRIES}
        self._screen = self._screen_sql()

    # ------------------------------------------------------------------ screening
    def _screen_sql(self) -> str:
        case, e = self.case, self.entries
        fast = ", ".join(map(text, FAST_KEYS))
        bad = [f"SELECT line FROM ing_c WHERE NOT coalesce({surely_valid(case.schema, 'j', case.row(ENTRIES))}, FALSE) "
               f"OR len(list_filter(keys, lambda k: NOT list_contains([{fast}], k))) > 0"]
        for key, table in e.items():
            valid = surely_valid(table.schema, "e", table.row())
            not_fast = " OR ".join(f"{table.json(n)} IS NOT NULL" for n in NOT_FAST.get(key, ())) or "FALSE"
            bad.append(f"SELECT line FROM {table.name} WHERE NOT obj OR NOT coalesce({valid}, FALSE) OR {not_fast}")
        s, ev, per, ass = e["sentences"], e["events"], e["periods"], e["assessments"]
        ids = " UNION ALL ".join(f"SELECT line, {t.str('id')} AS id FROM {t.name}" for t in (s, ev, per))
        bad.append(f"SELECT line FROM ({ids}) WHERE id IS NOT NULL GROUP BY line, id HAVING count(*) > 1")
        # references (x-refers-to): to an entry of the kind wanted, not dated after the event
        refs = [(kind, ev.index[name], prop["x-refers-to"])
                for kind, definition in _event_definitions().items()
                for name, prop in definition["properties"].items() if "x-refers-to" in prop]
        ref_values = ", ".join(f"({text(k)}, {i}, {text(w)})" for k, i, w in refs)
        targets = (f"SELECT line, {s.str('id')} AS id, 'sentence' AS kind, {s.date('date')} AS day FROM {s.name} "
                   f"UNION ALL SELECT line, {per.str('id')}, 'period', NULL FROM {per.name} "
                   f"UNION ALL SELECT line, {ev.str('id')}, {ev.str('kind')}, {ev.date('date')} FROM {ev.name}")
        bad.append(f"SELECT r.line FROM (SELECT e.line, e.s[f.i] AS v, f.wanted, "
                   f"{ev.date('date', 'e')} AS day FROM {ev.name} e JOIN (VALUES {ref_values}) f(kind, i, wanted) "
                   f"ON {ev.str('kind', 'e')} = f.kind) r LEFT JOIN ({targets}) t ON t.line = r.line AND t.id = r.v "
                   f"WHERE r.v IS NOT NULL AND (t.id IS NULL OR t.kind IS DISTINCT FROM r.wanted OR "
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
        con.execute(f"CREATE OR REPLACE TEMP TABLE ing_json AS SELECT line, t FROM ing_text WHERE json_valid(t) "
                    f"AND NOT regexp_matches(t, {text(LENIENT)}) AND NOT starts_with(t, chr(65279))")
        con.execute(f"CREATE OR REPLACE TEMP TABLE ing_c AS SELECT line, {case.columns('j')} "
                    "FROM (SELECT line, t::JSON AS j FROM ing_json WHERE json_type(t) = 'OBJECT')")
        for key, table in self.entries.items():
            array = case.json(key)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS SELECT line, idx, "
                        f"json_type(e) = 'OBJECT' AS obj, {table.columns('e')} "
                        f"FROM (SELECT line, unnest(json_extract({array}, '$[*]')) AS e, "
                        f"unnest(range(json_array_length({array})::BIGINT)) AS idx FROM ing_c "
                        f"WHERE json_type({array}) = 'ARRAY')")
        con.execute(f"CREATE OR REPLACE TEMP TABLE ing_bad AS {self._screen}")
        con.execute("DROP TABLE ing_text; DROP TABLE ing_json")
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
        for sql in self._fact_sql(name):
            con.execute(sql)

    def _fact_sql(self, name: str) -> list[str]:
        c, s, ev, per, ass = self.case, *(self.entries[k] for k in ("sentences", "events", "periods", "assessments"))
        out: list[str] = []

        def insert(pred: str, select: str) -> None:
            out.append(f'INSERT INTO "raw_{pred}" BY NAME {select}')

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
        ydate, edate_e = s.date("date", "y"), ev.date("date", "e")
        default = (f"SELECT e.line, e.idx, arg_min({s.str('id', 'y')}, (CASE WHEN {ydate} <= {edate_e} THEN 0 ELSE 1 END, "
                   f"CASE WHEN {ydate} <= {edate_e} THEN {edate_e} - {ydate} ELSE {ydate} - {edate_e} END, y.idx)) "
                   f"AS sentence FROM {ev.name} e JOIN ing_cid USING (line) JOIN {s.name} y USING (line) "
                   f"WHERE {ev.str('sentence', 'e')} IS NULL GROUP BY e.line, e.idx")
        time = ev.str("time", "x")   # HH:MM (the schema's pattern) as minutes after midnight, as cases.load reads it
        insert("event_time", f"SELECT cid, {eid} AS c0_str, CAST(left({time}, 2) AS BIGINT) * 60 + "
                             f"CAST(right({time}, 2) AS BIGINT) AS c1_int {rows(ev, time + ' IS NOT NULL')}")
        insert("event_sentence", f"SELECT cid, {eid} AS c0, coalesce({ev.str('sentence', 'x')}, d.sentence) AS c1, "
                                 f"{kind} AS kind FROM {ev.name} x JOIN ing_cid USING (line) "
                                 f"LEFT JOIN ({default}) d USING (line, idx)")
        types = {n: t for n, t in event_field_types().items() if n in ev.index}
        fields = ", ".join(f"({text(n)}, {ev.index[n]})" for n in types)
        insert("event_field",
               f"SELECT cid, id AS c0, f.name AS c1, {_variant(2, types, 'f.name', 's[f.i]')}, kind "
               f"FROM (SELECT cid, {eid} AS id, {kind} AS kind, x.keys, x.s {rows(ev)}) "
               f"JOIN (VALUES {fields}) f(name, i) ON list_contains(keys, f.name) "
               f"WHERE f.name NOT IN ({', '.join(map(text, _COMMON_EVENT_FIELDS))})")
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
