"""The bulk backend: a whole caseload's facts in DuckDB, evaluated by SQL compiled from the IR.

`BulkStore` keeps every case's facts (from `cases.facts.case_facts`, the same extraction the
reference backend uses) in `raw_*` tables keyed by an integer case id; `evaluate` narrows them
to what was known on the as-of date, adds the engine's facts (as_of, pauses, window indexes),
runs the compiled statements and leaves one table per reported predicate.  `results` turns those
rows into the same `ObligationResult`s as `evaluate.evaluate`, through the same shaping code.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..cases.facts import case_facts
from ..cases.model import Case
from ..compiler import ir
from . import bulk_calendar
from .bulk_schema import (BOOL, DATE, EVENT_KEYED, INT, STR, VARIANT, VARIANT_KEYS, VARIANT_PARTS, BulkUnsupported,
                          fact_columns, kind_order)
from .results import EventRef, once_results, recurring_results
from .sql import EVENT_FACTS, SqlProgram, compile_program, known_table

BATCH_ROWS = 200_000   # fact rows buffered before they are sent to DuckDB
MAX_ROUNDS = 200       # rounds for predicates derived together (see sql.SqlCompiler._fixpoint)
MEMORY_LIMIT = "3.5GB"   # DuckDB's buffer pool: the caseload target is 4 GB for the whole process
_SQL_PART = {bool: BOOL, int: INT, dt.date: DATE, str: STR}


def _raw_columns(pred: str) -> list[tuple[str, str]]:
    columns = [("cid", "INTEGER")]
    for index, sql_type in enumerate(fact_columns()[pred]):
        if sql_type == VARIANT:
            columns += [(f"c{index}_{part}", sql) for sql, part in VARIANT_PARTS.items()]
        else:
            columns.append((f"c{index}", sql_type))
    if pred == "event":
        columns.append(("source", "VARCHAR"))
    if pred in EVENT_KEYED:
        columns.append(("kind", "VARCHAR"))   # the event's kind (see EVENT_KEYED)
    return columns


def _value_part(index: int, value: object) -> str:
    for python_type, sql in _SQL_PART.items():
        if type(value) is python_type:
            return f"c{index}_{VARIANT_PARTS[sql]}"
    raise TypeError(f"no SQL type for {value!r}")


# evaluate.known_on, for facts that are not events: the argument holding the date from which a
# fact is known (an event's fields and sentence are known with the event itself).
KNOWN_FROM = {"period": 2, "judgement": 2, "judgement_on": 3, "order": 2, "intervention": 2,
              "tier_departure_reason": 1}


# Other facts about one event (its first argument) that are not stored with its kind: like the
# event-keyed ones, known with the event itself, so an event recorded after the as-of date brings
# none of them (its time would otherwise be seen before the event is).
KNOWN_WITH_EVENT = ("event_time",)

# Known facts written once as a table for the as-of date rather than read through a view: the
# sentence of each known event is joined by a score of the 2007 edition's statements (every
# trigger's sentence), and through the view each paid the anti-join with the later events again
# (250,000 cases: about 2-3.5 CPU s each, 26 s of the evaluation's 76; the table costs 3 s).  It
# is a view again once the statements have run (`evaluate`): as of 2010-09-01 it held 12.1 million
# rows, 0.46 GB that the report's shaping needs.  The other event facts are read by fewer
# statements: as tables they cost more than they save (measured: docs/bulk-performance.md).  A
# program that reads it in fewer than KNOWN_ONCE_READERS statements keeps the view: the 2a.4 rules
# alone never read it, and writing the table was a third of their time (100,000 cases: 0.33 s).
# The events after the as-of date, which such facts are read against, follow the same threshold.
KNOWN_ONCE = ("event_sentence",)
KNOWN_ONCE_READERS = 2


def _event_column(pred: str) -> str:
    return "c0_str" if fact_columns()[pred][0] == VARIANT else "c0"


def _date_column(pred: str, index: int) -> str:
    return f"c{index}_date" if fact_columns()[pred][index] == VARIANT else f"c{index}"


@dataclass(frozen=True)
class CaseMeta:
    """Who holds a case, for worklists: optional, taken from the caseload input."""
    manager: str | None = None
    team: str | None = None


class _Buffer:
    """Fact rows per table, column by column, flushed to DuckDB in batches."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.columns = {pred: _raw_columns(pred) for pred in fact_columns()}
        self.data = {pred: {name: [] for name, _ in cols} for pred, cols in self.columns.items()}
        self.rows = 0

    def add(self, cid: int, pred: str, args: tuple, source: str, kind: str | None = None) -> None:
        columns = self.data[pred]
        columns["cid"].append(cid)
        for index, (value, sql_type) in enumerate(zip(args, fact_columns()[pred])):
            if sql_type == VARIANT:
                part = _value_part(index, value)
                for suffix in VARIANT_PARTS.values():
                    name = f"c{index}_{suffix}"
                    columns[name].append(value if name == part else None)
            else:
                columns[f"c{index}"].append(value)
        if pred == "event":
            columns["source"].append(source)
        if pred in EVENT_KEYED:
            columns["kind"].append(kind)
        self.rows += 1
        if self.rows >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for pred, columns in self.data.items():
            if not columns["cid"]:
                continue
            types = dict(self.columns[pred])
            select = ", ".join(f"unnest(${name}::{types[name]}[]) AS {name}" for name in columns)
            self.con.execute(f'INSERT INTO "raw_{pred}" SELECT {select}{kind_order(pred)}', columns)
            for values in columns.values():
                values.clear()
        self.rows = 0


class BulkStore:
    """A caseload's facts in DuckDB (in memory, or a database file that persists them)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False,
                 memory_limit: str = MEMORY_LIMIT):
        self.con = duckdb.connect(str(path) if path else ":memory:", read_only=read_only)
        if not path:
            # An in-memory database keeps its tables uncompressed (250,000 cases' facts: 1.8 GB of
            # the buffer pool, against 0.1 GB compressed), which leaves evaluation less room before
            # it spills; one attached with COMPRESS compresses them at each checkpoint.
            self.con.execute("ATTACH ':memory:' AS caseload (COMPRESS)")
            self.con.execute("USE caseload")
        # DuckDB would otherwise take up to 80% of the machine; past the limit it spills to disk.
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.in_memory = not path
        # No statement reads rows in the order they were stored (results are sorted in Python;
        # an ORDER BY still orders what it writes): DuckDB may then write in parallel.
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")   # the commands show their own, on a terminal only
        self.con.execute(f"SET temp_directory = '{Path(tempfile.gettempdir()) / 'policyengine-duckdb'}'")
        if not read_only:
            self._create()
            self._upgrade()
        else:
            self._absent_as_empty()
        bulk_calendar.install(self.con)
        self._compiled: dict[tuple, tuple[ir.Program, SqlProgram]] = {}
        self._known_once: dict[str, str] = {}   # KNOWN_ONCE tables made for the as-of date, and their query

    def _create(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS bulk_cases (cid INTEGER PRIMARY KEY, case_id VARCHAR, "
                         "source VARCHAR, manager VARCHAR, team VARCHAR)")
        for pred in fact_columns():
            cols = ", ".join(f"{name} {sql}" for name, sql in _raw_columns(pred))
            self.con.execute(f'CREATE TABLE IF NOT EXISTS "raw_{pred}" ({cols})')

    def _absent_as_empty(self) -> None:
        """A store opened read-only that predates a fact table (one made before `event_time`
        existed): that fact is recorded for none of its cases, so an empty temporary table of
        that name stands in for it (a store opened for writing gets the real table)."""
        stored = {name for (name,) in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
        for pred in fact_columns():
            if f"raw_{pred}" not in stored:
                cols = ", ".join(f"{name} {sql}" for name, sql in _raw_columns(pred))
                self.con.execute(f'CREATE TEMP TABLE "raw_{pred}" ({cols})')

    def _stored_kinds(self) -> bool:
        """Whether the event-keyed tables hold their events' kinds, in kind order (stores made
        before they did are upgraded when opened for writing; read-only, they are joined)."""
        return all(self.con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = 'kind' "
            "AND database_name = current_database()", [f"raw_{pred}"]).fetchone()[0] for pred in EVENT_KEYED)

    def _upgrade(self) -> None:
        if not self._stored_kinds():
            for pred in EVENT_KEYED:
                table = f'"raw_{pred}"'
                self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS kind VARCHAR")
                self.con.execute(f"UPDATE {table} r SET kind = e.c1 FROM raw_event e WHERE e.cid = r.cid AND e.c0 = r.c0")
            self._order_by_kind()

    def _order_by_kind(self) -> None:
        """An old store's events and their facts in kind order (a new store's are stored so)."""
        for pred in ("event", *EVENT_KEYED):
            self.con.execute(f'CREATE OR REPLACE TABLE "raw_{pred}" AS SELECT * FROM "raw_{pred}"{kind_order(pred)}')

    # ------------------------------------------------------------- loading
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Another connection to the store, for a second thread (its temporary tables its own)."""
        con = self.con.cursor()
        if self.in_memory:
            con.execute("USE caseload")
        return con

    def next_cid(self) -> int:
        return self.con.execute("SELECT coalesce(max(cid), 0) + 1 FROM bulk_cases").fetchone()[0]

    def add_cases(self, cases: Iterable[Case | tuple[Case, CaseMeta]], finish: bool = True,
                  cids: Iterable[int] | None = None) -> int:
        """Load cases (each optionally with its manager/team); returns how many were added.
        `finish=False` leaves `finish_loading` to the caller, who loads more first.  `cids`: the
        cases' numbers, one each (else the next free ones, in order)."""
        numbers = iter(cids) if cids is not None else itertools.count(self.next_cid())
        buffer = _Buffer(self.con)
        meta_rows: dict[str, list] = {"cid": [], "case_id": [], "source": [], "manager": [], "team": []}
        added = 0
        for item in cases:
            case, meta = item if isinstance(item, tuple) else (item, CaseMeta())
            cid = next(numbers)
            facts = case_facts(case)
            kinds = {fact.args[0]: fact.args[1] for fact in facts if fact.predicate == "event"}
            for fact in facts:
                kind = kinds.get(fact.args[0]) if fact.predicate in EVENT_KEYED else None
                buffer.add(cid, fact.predicate, fact.args, fact.source, kind)
            for name, value in (("cid", cid), ("case_id", case.id), ("source", case.source),
                                ("manager", meta.manager), ("team", meta.team)):
                meta_rows[name].append(value)
            added += 1
            if len(meta_rows["cid"]) >= 20_000:
                self._flush_cases(meta_rows)
        buffer.flush()
        self._flush_cases(meta_rows)
        if added and finish:
            self.finish_loading()
        return added

    def finish_loading(self) -> None:
        """Once every case is loaded: the facts compressed (each batch was stored in kind order,
        `bulk_schema.kind_order`), in memory as in a file."""
        self.con.execute("CHECKPOINT")

    def _flush_cases(self, rows: dict[str, list]) -> None:
        if rows["cid"]:
            self.con.execute("INSERT INTO bulk_cases SELECT unnest($cid::INTEGER[]), unnest($case_id::VARCHAR[]), "
                             "unnest($source::VARCHAR[]), unnest($manager::VARCHAR[]), unnest($team::VARCHAR[])", rows)
            for values in rows.values():
                values.clear()

    def case_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM bulk_cases").fetchone()[0]

    # ------------------------------------------------------------- evaluating
    def stored_types(self) -> dict[tuple[str, int], str]:
        """The one SQL type each untyped fact column holds in this store (absent: no values)."""
        found: dict[tuple[str, int], str] = {}
        for pred, types in fact_columns().items():
            for index, sql_type in enumerate(types):
                if sql_type != VARIANT or (pred, index) in VARIANT_KEYS:
                    continue
                counts = self.con.execute("SELECT " + ", ".join(
                    f"count(c{index}_{part})" for part in VARIANT_PARTS.values()) + f' FROM "raw_{pred}"').fetchone()
                held = [sql for (sql, _), n in zip(VARIANT_PARTS.items(), counts) if n]
                if len(held) > 1:
                    raise BulkUnsupported(f"{pred} argument {index + 1} holds values of types {held}")
                if held:
                    found[(pred, index)] = held[0]
        return found

    def compiled(self, program: ir.Program) -> SqlProgram:
        types = self.stored_types()
        key = (id(program), tuple(sorted(types.items())))
        if key not in self._compiled or self._compiled[key][0] is not program:
            # The program is kept with its SQL: while it lives, no other program can take its id
            # (a program built, compiled and freed left its SQL to the next one given that id).
            self._compiled[key] = (program, compile_program(program, types))
        return self._compiled[key][1]

    def evaluate(self, program: ir.Program, as_of: dt.date, cids: list[int] | None = None) -> SqlProgram:
        """Derive every reported predicate for the stored cases (or only `cids`) as of a date."""
        sql = self.compiled(program)
        self._known(as_of, cids, sql)
        self._engine_facts(as_of, sql)
        run_steps(self.con, sql)
        for pred, known in self._known_once.items():   # read by the statements only: a view again, its memory freed
            self.con.execute(f'DROP TABLE IF EXISTS "f_{pred}"')
            self.con.execute(f'CREATE TEMP VIEW "f_{pred}" AS {known}')
        return sql

    def _known(self, as_of: dt.date, cids: list[int] | None, sql: SqlProgram) -> None:
        """evaluate.known_on for every case: what was recorded on or before the as-of date, for
        the statements of `sql`."""
        day = f"DATE '{as_of.isoformat()}'"
        scope = "TRUE"
        if cids is not None:
            self.con.execute("CREATE OR REPLACE TEMP TABLE bulk_scope AS SELECT unnest($c::INTEGER[]) AS cid", {"c": cids})
            scope = "cid IN (SELECT cid FROM bulk_scope)"
        # The events after the as-of date, which the facts known with their event are read
        # against: a table when statements read such facts more than once (each read would scan
        # the events again), else a view.  At 100,000 cases the table took 37 of the 62 ms that
        # this method took for 2a.4's rules, which read such facts in one statement.
        future = sum(sql.readers(f'"f_{pred}"') for pred in (*EVENT_KEYED, *KNOWN_WITH_EVENT))
        self._replace("TABLE" if future >= KNOWN_ONCE_READERS else "VIEW", "bulk_future",
                      f"SELECT cid, c0 FROM raw_event WHERE c2 > {day} AND {scope}")
        self._replace("TABLE" if cids is not None else "VIEW", "bulk_case_scope",
                      f"SELECT cid, case_id FROM bulk_cases WHERE {scope}")
        stored = self._stored_kinds()
        for pred in ("event", *(p for p in fact_columns() if p != "event")):  # events first: see EVENT_KEYED
            names = [name for name, _ in _raw_columns(pred)]
            condition = scope
            if pred == "event":   # its own date (ids are unique in a case: the same rows as NOT EXISTS
                # in bulk_future, and a filter DuckDB pushes into the scan, where the anti-join was
                # paid again by every statement that reads the view: a third of the check's CPU)
                condition += f" AND c2 <= {day}"
            elif pred in EVENT_KEYED and stored:  # known with its event
                condition += (" AND NOT EXISTS (SELECT 1 FROM bulk_future f WHERE f.cid = r.cid AND f.c0 = r.c0)")
            elif pred in KNOWN_WITH_EVENT:
                condition += (" AND NOT EXISTS (SELECT 1 FROM bulk_future f WHERE f.cid = r.cid "
                              f"AND f.c0 = r.{_event_column(pred)})")
            elif pred in KNOWN_FROM:
                condition += f" AND {_date_column(pred, KNOWN_FROM[pred])} <= {day}"
            elif pred.endswith("_during"):
                condition += f" AND {_date_column(pred, 1)} <= {day}"
            known = f'SELECT {", ".join(names)} FROM "raw_{pred}" r WHERE {condition}'
            if pred in EVENT_KEYED and not stored:  # a store from before kinds were stored
                names.remove("kind")
                known = (f'SELECT {", ".join("r." + n for n in names)}, e.c1 AS kind FROM "raw_{pred}" r '
                         "JOIN f_event e ON e.cid = r.cid AND e.c0 = r.c0 ORDER BY kind")
            elif pred == "event" and not stored:
                known += " ORDER BY c1"
            # A view, not a copy: the stored tables are read through the date filter by the rules
            # that name them (filters and the kind's row groups pushed down), and no second copy
            # of every fact is held for the as-of date.  Stores from before kinds were stored are
            # joined and sorted once, as before.
            once = pred in KNOWN_ONCE and sql.readers(f'"f_{pred}"') >= KNOWN_ONCE_READERS
            kind = "VIEW" if stored and not once else "TABLE"
            if once:
                self._known_once[pred] = known
            else:
                self._known_once.pop(pred, None)
            self._replace(kind, f'"f_{pred}"', known, either=pred in KNOWN_ONCE)
            if pred in EVENT_FACTS:   # read by rules that join the known event themselves (sql.known_table)
                source = f'"raw_{pred}"' if stored or pred not in EVENT_KEYED else f'"f_{pred}"'
                self.con.execute(f"CREATE OR REPLACE TEMP VIEW {known_table(pred)} AS SELECT * FROM {source}")

    def _replace(self, kind: str, name: str, query: str, either: bool = True) -> None:
        """CREATE OR REPLACE a temporary table or view; where it may be `either`, dropping first
        one of the other kind of that name (an earlier evaluation's choice, or what a failed one
        left)."""
        if either:
            other = "VIEW" if kind == "TABLE" else "TABLE"
            with contextlib.suppress(duckdb.CatalogException):
                self.con.execute(f"DROP {other} IF EXISTS {name}")
        self.con.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {query}")

    def _engine_facts(self, as_of: dt.date, sql: SqlProgram) -> None:
        """evaluate.engine_facts: today, each case's pauses, and how many windows to consider."""
        day = f"DATE '{as_of.isoformat()}'"
        self.con.execute("CREATE OR REPLACE TEMP TABLE bulk_as_of AS SELECT " + day + " AS c0")
        if sql.reads("bulk_window_count"):
            self._window_count(day)
        else:   # no schedule: counting windows would read every stored date for nothing
            self.con.execute("CREATE OR REPLACE TEMP TABLE bulk_window_count (cid INTEGER, n BIGINT)")
        columns, joins = [], []
        for kinds, column in sql.pause_kinds.items():
            alias = f"m_{len(joins)}"
            kinds_sql = ", ".join("'" + k + "'" for k in sorted(kinds)) or "NULL"
            joins.append(f"LEFT JOIN ({_merged_pauses(kinds_sql)}) {alias} ON {alias}.cid = c.cid")
            columns.append(f"{alias}.pauses AS {column}")
        self.con.execute("CREATE OR REPLACE TEMP TABLE bulk_pauses AS SELECT c.cid, c.cid AS c0"
                         + "".join(f", {c}" for c in columns) + " FROM bulk_case_scope c " + " ".join(joins))

    def _window_count(self, day: str) -> None:
        """evaluate.engine_facts' window count per case, from the earliest date it records."""
        dates = []
        for pred, types in fact_columns().items():
            for index, sql_type in enumerate(types):
                if sql_type == DATE:
                    dates.append(f'SELECT cid, c{index} AS d FROM "f_{pred}"')
                elif sql_type == VARIANT:
                    dates.append(f'SELECT cid, c{index}_date AS d FROM "f_{pred}" WHERE c{index}_date IS NOT NULL')
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE bulk_window_count AS SELECT c.cid, "
            f"GREATEST(0, {day} - coalesce(e.earliest, {day})) // 7 + 2 AS n FROM bulk_case_scope c "
            f"LEFT JOIN (SELECT cid, min(d) AS earliest FROM ({' UNION ALL '.join(dates)}) "
            "WHERE d <> DATE '9999-12-31' GROUP BY cid) e ON e.cid = c.cid")

    # ------------------------------------------------------------- reading
    def rows(self, sql: SqlProgram) -> dict[int, dict[tuple[str, str], list[tuple]]]:
        """case id -> (predicate, obligation) -> rows, as results.ReportedRows holds them."""
        out: dict[int, dict[tuple[str, str], list[tuple]]] = {}
        for pred in sql.reported:
            info = sql.preds[pred]
            for cid, *row in self.con.execute(f"SELECT * FROM {info.table}").fetchall():
                out.setdefault(cid, {}).setdefault((pred, row[0]), []).append(tuple(row))
        return out

    def events(self) -> dict[int, dict[str, object]]:
        out: dict[int, dict[str, object]] = {}
        for cid, eid, kind, date, source in self.con.execute("SELECT cid, c0, c1, c2, source FROM f_event").fetchall():
            out.setdefault(cid, {})[eid] = EventRef(eid, kind, date, source)
        return out

    def minutes(self) -> dict[int, dict[str, int]]:
        """Each event's recorded duration_minutes (schedules in hours add them up)."""
        out: dict[int, dict[str, int]] = {}
        for cid, eid, value in self.con.execute(
                "SELECT cid, c0, c2_int FROM f_event_field WHERE c1 = 'duration_minutes'").fetchall():
            out.setdefault(cid, {})[eid] = value
        return out

    def case_ids(self) -> dict[int, str]:
        return dict(self.con.execute("SELECT cid, case_id FROM bulk_case_scope").fetchall())

    def results(self, program: ir.Program, as_of: dt.date, cids: list[int] | None = None) -> dict[str, list]:
        """case id -> the ObligationResults `evaluate.evaluate` gives, in its order."""
        sql = self.evaluate(program, as_of, cids)
        rows, events, minutes = self.rows(sql), self.events(), self.minutes()
        out: dict[str, list] = {}
        for cid, case_id in self.case_ids().items():
            table = rows.get(cid, {})
            lookup = _RowLookup(table)
            found = []
            for info in program.obligations.values():
                if info.kind != "recurring":
                    found.extend(once_results(lookup, info, events.get(cid, {}), as_of))
                else:
                    found.extend(recurring_results(lookup, info, events.get(cid, {}), as_of, minutes.get(cid, {})))
            for result in found:
                result.edition = program.edition.name
            found.sort(key=lambda r: (r.trigger.date if r.trigger else dt.date.min, r.due or dt.date.max, r.obligation))
            out[case_id] = found
        return out

    def close(self) -> None:
        self.con.close()


@dataclass
class _RowLookup:
    table: dict[tuple[str, str], list[tuple]]

    def __call__(self, pred: str, obligation: str) -> list[tuple]:
        return self.table.get((pred, obligation), [])


def _merged_pauses(kinds_sql: str) -> str:
    """calendar._merge_pauses per case in SQL, each merged pause with its start in active days."""
    return f"""
SELECT cid, list({{'f': f, 'len': len, 'af': af, 'ongoing': ongoing}} ORDER BY f) AS pauses FROM (
  SELECT cid, f, CAST(u - f AS INTEGER) AS len, u = DATE '9999-12-31' AS ongoing,
         CAST(f - CAST(coalesce(sum(u - f) OVER (PARTITION BY cid ORDER BY f
              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS INTEGER) AS DATE) AS af
  FROM (SELECT cid, min(f) AS f, max(u) AS u FROM (
          SELECT cid, f, u, sum(CASE WHEN prev IS NULL OR f > prev THEN 1 ELSE 0 END)
                 OVER (PARTITION BY cid ORDER BY f, u ROWS UNBOUNDED PRECEDING) AS island
          FROM (SELECT cid, f, u, max(u) OVER (PARTITION BY cid ORDER BY f, u
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
                FROM (SELECT cid, c2 AS f, c3 AS u FROM f_period WHERE c1 IN ({kinds_sql}) AND c2 < c3)))
        GROUP BY cid, island)
) GROUP BY cid"""


def run_steps(con: duckdb.DuckDBPyConnection, sql: SqlProgram) -> None:
    """Run a compiled program's statements in order, repeating each recursive step's queries
    until no table changes (the fixpoint), then dropping the step's scratch tables."""
    empty: set[str] = set()   # demand tables found empty (sql_guards.py)
    for step in sql.steps:
        unneeded = any(table in empty for table in step.guards)
        for statement in step.unneeded if unneeded else step.statements:
            con.execute(statement)
        for _ in range(MAX_ROUNDS if step.repeat else 0):
            changed = 0
            for table, query in step.repeat:
                con.execute(f"CREATE OR REPLACE TEMP TABLE bulk_previous AS SELECT * FROM {table}")
                con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query}")
                changed += con.execute(
                    f"SELECT (SELECT count(*) FROM (SELECT * FROM {table} EXCEPT SELECT * FROM bulk_previous)) + "
                    f"(SELECT count(*) FROM (SELECT * FROM bulk_previous EXCEPT SELECT * FROM {table}))").fetchone()[0]
            if not changed:
                break
        else:
            if step.repeat:
                raise RuntimeError(f"{', '.join(step.preds)}: no fixpoint after {MAX_ROUNDS} rounds")
        for table in step.checks:
            if con.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                empty.add(table)
        for table in step.drops:
            con.execute(f"DROP TABLE IF EXISTS {table}")
