"""Report rows shaped in SQL: a whole caseload's results stay in DuckDB, and leave it as rows.

`BulkStore.results` turns the reported tables into `ObligationResult` objects case by case, which
for 100,000 cases meant fetching millions of rows into Python and building millions of objects
(most of `caseload check`'s time and memory).  Here the same shaping (`results.once_results` and
`results.recurring_results`) is one INSERT per edition into `bulk_report_results`: every result's
status, and for the rows a worklist can list the rest of what its line says (due day, deadline,
working days late or left, each window's count, what to record); the worklist and compliance
figures are queries over it, streamed:

    store.evaluate(program, as_of)        # the compiled rules (or let `shape` run them)
    shape(store, program, as_of)          # once per edition, in the order they are reported
    for item in worklist_items(store, within): ...     # WorkItems, most urgent first
    for row in compliance_counts(store): ...          # counts per edition and standard

A test holds these to the object path (`caseload.report.worklist` and `compliance` over
`BulkStore.results`) on a generated caseload.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..caseload.report import GROUPS   # a status not listed there is not applicable, not counted
from ..compiler import ir
from .results import EventRef, MissingField, ObligationResult
from .sql import SqlProgram

if TYPE_CHECKING:
    from .bulk import BulkStore

RESULTS = "bulk_report_results"
# Cases shaped by one query: the evaluated tables stay in DuckDB's memory beside the shaping's
# joins, and 250,000 cases as of 2010-09-01 (15.5 million once-off results) shaped at once ran
# out of the 3.5 GB the store may use.  Every result belongs to one case, so the cases are
# shaped a slice at a time (the counts of each slice are summed where they are read).
SHAPED_CASES = 125_000
FETCH = 10_000   # rows fetched from DuckDB at a time
_MAX = "DATE '9999-12-31'"

GROUP_NAMES = ("met_on_time", "late", "overdue", "pending", "missing_data")

_V, _D, _I = "VARCHAR", "DATE", "BIGINT"
_REPORTED_TYPES = {   # the reported predicates' columns after the case key, as results.py reads them
    "obligation_applies": (_V, _V, _D, _V), "obligation_excepted": (_V, _V, _V), "obligation_due": (_V, _V, _I, _D),
    "obligation_candidate": (_V, _V, _V, _D), "obligation_need_missing": (_V, _V, _I),
    "obligation_status": (_V, _V, _V), "schedule_applies": (_V, _V, _D, _V),
    "schedule_window_applies": (_V, _V, _I, _D, _D, _I), "window_status": (_V, _V, _I, _V),
    "schedule_hit": (_V, _V, _I, _V), "obligation_due_clock": (_V, _V, _D, _I), "clock_candidate": (_V, _V, _V, _I)}

_COLUMNS = """cid INTEGER, edition VARCHAR, edition_rank INTEGER, obligation VARCHAR, standard VARCHAR,
    title VARCHAR, standard_title VARCHAR, status VARCHAR, trigger_id VARCHAR, trigger_kind VARCHAR,
    trigger_date DATE, due DATE, deadline VARCHAR, working_days_late BIGINT,
    working_days_left BIGINT, window_index BIGINT, window_start DATE, window_need BIGINT,
    window_count BIGINT, missing STRUCT(field VARCHAR, what VARCHAR)[], exception VARCHAR, part INTEGER,
    team VARCHAR, manager VARCHAR, n BIGINT"""


TITLES = "bulk_report_titles"   # each shaped edition's standards and their titles
# A slice's once-off triggers with their statuses, as a table: as a common table expression,
# DuckDB estimated 107 million rows where there were 7.8 million (250,000 cases as of 2010-09-01,
# 125,000 a slice), and so built its join with the known events on the 12 million events rather
# than on the 250,000 triggers listed (2.4 of the query's 13.6 CPU s).
JUDGED = "bulk_report_judged"
WINDOWS = "bulk_report_windows"   # a slice's schedule windows with their statuses, likewise


def reset(store: BulkStore) -> None:
    """Start a new report: no edition shaped yet."""
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE {RESULTS} ({_COLUMNS})")
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE {TITLES} (edition VARCHAR, standard VARCHAR, title VARCHAR)")


def _has_results(store: BulkStore) -> bool:
    return bool(store.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary",
                                  [RESULTS]).fetchone()[0])


def _obligation_tables(store: BulkStore, program: ir.Program) -> None:
    """What the rule files say of each obligation, as small tables the shaping joins: its standard
    and titles, the word for its trigger, its deadlines' and phases' words, and what it needs."""
    obligations, deadlines, phases, needs = [], [], [], []
    for info in program.obligations.values():
        standard = program.standards.get(info.standard)
        obligations.append((info.id, info.standard, info.title, standard.title if standard else info.title,
                            info.trigger.split(" ")[0], info.kind))
        deadlines += [(info.id, d.index, d.text) for d in info.deadlines]
        first = 0
        for phase in info.deadlines:   # results.phase_of_window: the phase whose windows hold k
            phases.append((info.id, first, None if phase.windows is None else first + phase.windows, phase.text))
            if phase.windows is None:
                break
            first += phase.windows
        needs += [(info.id, n.index, n.place, n.what) for n in info.needs]
    con = store.con
    for name, columns, rows in (
            ("bulk_report_obligations", "obligation VARCHAR, standard VARCHAR, title VARCHAR, "
             "standard_title VARCHAR, trigger_word VARCHAR, kind VARCHAR", obligations),
            ("bulk_report_deadlines", "obligation VARCHAR, idx BIGINT, text VARCHAR", deadlines),
            ("bulk_report_phases", "obligation VARCHAR, first BIGINT, stop BIGINT, text VARCHAR", phases),
            ("bulk_report_needs", "obligation VARCHAR, idx BIGINT, place VARCHAR, what VARCHAR", needs)):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
        if rows:
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def _missing(need_missing: str, applies: str) -> str:
    """Per trigger: the facts it needs and the case lacks, each at its place with the trigger's
    sentence and event filled in (places.fill_place), in the rule file's order.  `applies` holds
    (cid, obligation, trigger, trigger date, sentence): a trigger's sentence is read there, for the
    triggers that lack something only (a few in a hundred)."""
    sentences = (f"SELECT a.cid, a.c0 AS ob, a.c1 AS t, any_value(a.c3) AS s FROM {applies} a "
                 f"WHERE EXISTS (SELECT 1 FROM {need_missing} n WHERE n.cid = a.cid AND n.c0 = a.c0 AND n.c1 = a.c1) "
                 "GROUP BY ALL")
    return f"""
SELECT m.cid, m.ob, m.t, list({{'field': CASE
          WHEN coalesce(se.source, '') <> '' AND starts_with(n.place, 'sentences[]')
            THEN se.source || n.place[length('sentences[]') + 1:]
          WHEN coalesce(te.source, '') <> '' AND starts_with(n.place, 'events[]')
            THEN te.source || n.place[length('events[]') + 1:]
          ELSE n.place END, 'what': n.what}} ORDER BY n.idx) AS missing
FROM (SELECT DISTINCT cid, c0 AS ob, c1 AS t, c2 AS idx FROM {need_missing}) m
JOIN bulk_report_needs n ON n.obligation = m.ob AND n.idx = m.idx
LEFT JOIN ({sentences}) s ON s.cid = m.cid AND s.ob = m.ob AND s.t = m.t
LEFT JOIN f_event se ON se.cid = m.cid AND se.c0 = s.s
LEFT JOIN f_event te ON te.cid = m.cid AND te.c0 = m.t
GROUP BY m.cid, m.ob, m.t"""


LISTED = ("overdue", "missing_data", "pending")   # the statuses a worklist can list (_worklist_query)
_LISTED_SQL = ", ".join(f"'{status}'" for status in LISTED)


def _judged_sql(tables: dict[str, str], within) -> str:
    """Each trigger of a once-off obligation with its status and exceptions (`shape` makes it a
    table, JUDGED, so that the queries joining it are planned from its real size).
    `within(column)`: the condition on a trigger date that keeps a result (`shape`'s `judged`)."""
    return f"""
WITH excepted AS (
  SELECT cid, c0 AS ob, c1 AS t, array_to_string(list_sort(list_distinct(list(c2))), ', ') AS exception
  FROM {tables['obligation_excepted']} GROUP BY ALL)
SELECT a.cid, a.c0 AS ob, a.c1 AS t, a.c2 AS td, o.standard,
       CASE WHEN x.exception IS NOT NULL THEN 'not_applicable' ELSE coalesce(st.c2, 'not_applicable') END AS status,
       x.exception
FROM {tables['obligation_applies']} a
JOIN bulk_report_obligations o ON o.obligation = a.c0 AND o.kind <> 'recurring'
LEFT JOIN {tables['obligation_status']} st ON st.cid = a.cid AND st.c0 = a.c0 AND st.c1 = a.c1
LEFT JOIN excepted x ON x.cid = a.cid AND x.ob = a.c0 AND x.t = a.c1
WHERE {within('a.c2')}"""


def _once_sql(tables: dict[str, str], day: str) -> str:
    """results.once_results for every case at once, from the JUDGED triggers: one row per trigger
    of a once-off obligation that a worklist can list, with the rest of what its line says (due
    day, deadline, what to record, working days, the trigger's kind): a few in a hundred.  The
    others are only counted, a row per standard, status, team and manager (`n` results): stored
    one by one they were 7.5 million rows at 250,000 cases, and the compliance figures are all
    that read them."""
    missing = _missing(tables["obligation_need_missing"], tables["obligation_applies"])
    return f"""
WITH listed AS (SELECT * FROM {JUDGED} WHERE status IN ({_LISTED_SQL})),
missing AS ({missing}),
shaped AS (
  SELECT j.cid, j.ob, j.t, j.td, j.standard, o.title, o.standard_title, j.status,
         CASE WHEN e.c0 IS NOT NULL AND e.c2 = j.td THEN e.c1 ELSE o.trigger_word END AS kind,
         d.c3 AS due, coalesce(dl.text, '') AS deadline, j.exception, mi.missing
  FROM listed j
  JOIN bulk_report_obligations o ON o.obligation = j.ob
  LEFT JOIN {tables['obligation_due']} d ON d.cid = j.cid AND d.c0 = j.ob AND d.c1 = j.t
  LEFT JOIN bulk_report_deadlines dl ON dl.obligation = j.ob AND dl.idx = d.c2
  LEFT JOIN (SELECT * FROM f_event WHERE (cid, c0) IN (SELECT cid, t FROM listed)) e ON e.cid = j.cid AND e.c0 = j.t
  LEFT JOIN missing mi ON mi.cid = j.cid AND mi.ob = j.ob AND mi.t = j.t)
SELECT cid, ob, standard, title, standard_title, status, t, kind, td AS trigger_date, due, deadline,
       CASE WHEN status = 'overdue' THEN bulk_working_days_between(due, {day}) END,
       CASE WHEN status = 'pending' THEN bulk_working_days_between({day}, due) END,
       NULL, NULL, NULL, NULL,
       CASE WHEN status = 'missing_data' THEN coalesce(missing, []) END, exception, 1, c.team, c.manager, 1
FROM shaped JOIN bulk_cases c USING (cid)
UNION ALL
{_counted(JUDGED)}"""


def _counted(rows: str) -> str:
    """The results in `rows` that no worklist lists, counted per standard, status, team and manager
    (as report rows: no case, `n` results)."""
    return f"""SELECT NULL, NULL, j.standard, NULL, NULL, j.status, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.team, c.manager, count(*)
FROM {rows} j JOIN bulk_cases c USING (cid) WHERE j.status NOT IN ({_LISTED_SQL})
GROUP BY j.standard, j.status, c.team, c.manager"""


def _triggers(tables: dict[str, str]) -> str:
    """Each trigger of a schedule with its date."""
    return f"SELECT cid, c0 AS ob, c1 AS t, any_value(c2) AS td FROM {tables['schedule_applies']} GROUP BY ALL"


def _windows_sql(tables: dict[str, str], within) -> str:
    """Each window of a schedule with its status (`shape` makes it a table, WINDOWS, as JUDGED)."""
    return f"""
WITH triggers AS ({_triggers(tables)})
SELECT w.cid, w.c0 AS ob, w.c1 AS t, w.c2 AS k, w.c3 AS start, w.c5 AS need, o.standard,
       CASE WHEN w.c4 = {_MAX} THEN w.c4 ELSE w.c4 - 1 END AS last_day,
       coalesce(ws.c3, 'pending') AS status, coalesce(tr.td, w.c3) AS td
FROM {tables['schedule_window_applies']} w
JOIN bulk_report_obligations o ON o.obligation = w.c0 AND o.kind = 'recurring'
LEFT JOIN {tables['window_status']} ws ON ws.cid = w.cid AND ws.c0 = w.c0 AND ws.c1 = w.c1 AND ws.c2 = w.c2
LEFT JOIN triggers tr ON tr.cid = w.cid AND tr.ob = w.c0 AND tr.t = w.c1
WHERE {within('coalesce(tr.td, w.c3)')}"""


def _recurring_sql(tables: dict[str, str], day: str, within) -> str:
    """results.recurring_results for every case at once: a row per trigger that cannot be timed,
    then one per window of a schedule from the WINDOWS table (as _once_sql: the detail for the
    rows a worklist can list)."""
    missing = _missing(tables["obligation_need_missing"], tables["schedule_applies"])
    return f"""
WITH triggers AS ({_triggers(tables)}),
listed AS (SELECT * FROM {WINDOWS} WHERE status IN ({_LISTED_SQL})),
hits AS (
  SELECT h.cid, h.c0 AS ob, h.c1 AS t, h.c2 AS k, count(*) AS n
  FROM {tables['schedule_hit']} h
  WHERE EXISTS (SELECT 1 FROM listed l WHERE l.cid = h.cid AND l.ob = h.c0 AND l.t = h.c1 AND l.k = h.c2)
  GROUP BY ALL),
missing AS ({missing})
SELECT mi.cid, mi.ob, o.standard, o.title, o.standard_title, 'missing_data', mi.t,
       CASE WHEN e.c0 IS NOT NULL AND e.c2 = tr.td THEN e.c1 ELSE o.trigger_word END, tr.td AS trigger_date,
       NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, mi.missing, NULL, 0, c.team, c.manager, 1
FROM missing mi
JOIN bulk_cases c ON c.cid = mi.cid
JOIN {tables['obligation_status']} st ON st.cid = mi.cid AND st.c0 = mi.ob AND st.c1 = mi.t AND st.c2 = 'missing_data'
JOIN bulk_report_obligations o ON o.obligation = mi.ob AND o.kind = 'recurring'
LEFT JOIN triggers tr ON tr.cid = mi.cid AND tr.ob = mi.ob AND tr.t = mi.t
LEFT JOIN f_event e ON e.cid = mi.cid AND e.c0 = mi.t
WHERE {within('tr.td')}
UNION ALL
SELECT w.cid, w.ob, w.standard, o.title, o.standard_title, w.status, w.t,
       CASE WHEN e.c0 IS NOT NULL AND e.c2 = w.td THEN e.c1 ELSE o.trigger_word END, w.td,
       w.last_day, coalesce(p.text, ''),
       NULL, CASE WHEN w.status = 'pending' AND w.last_day <> {_MAX} THEN bulk_working_days_between({day}, w.last_day) END,
       w.k, w.start, w.need, coalesce(h.n, 0), NULL, NULL, 2, c.team, c.manager, 1
FROM listed w
JOIN bulk_report_obligations o ON o.obligation = w.ob
JOIN bulk_cases c ON c.cid = w.cid
LEFT JOIN hits h ON h.cid = w.cid AND h.ob = w.ob AND h.t = w.t AND h.k = w.k
LEFT JOIN bulk_report_phases p ON p.obligation = w.ob AND w.k >= p.first AND (p.stop IS NULL OR w.k < p.stop)
LEFT JOIN f_event e ON e.cid = w.cid AND e.c0 = w.t
UNION ALL
{_counted(WINDOWS)}"""


def _per_case(store: BulkStore, info) -> str:
    """A reported predicate's table, keyed by case.  One with no case key has no rules in this
    edition (every reported rule is about a case), so it holds nothing: an empty relation."""
    if info.per_case:
        return info.table
    if store.con.execute(f"SELECT count(*) FROM {info.table}").fetchone()[0]:
        raise ValueError(f"{info.name} holds rows that belong to no case")
    columns = ", ".join(f"NULL::{t} AS c{i}" for i, t in enumerate(_REPORTED_TYPES[info.name]))
    return f"(SELECT NULL::INTEGER AS cid, {columns} WHERE FALSE)"


def judged_span(programs: list[ir.Program], program: ir.Program) -> tuple[dt.date | None, dt.date | None]:
    """The trigger dates `program` judges when each obligation is judged by the edition in force on
    its trigger date (`evaluate.edition_in_force`): from its coming into force (the earliest
    edition: every day before too) until the next edition's."""
    ordered = sorted(programs, key=lambda p: p.edition.in_force_from or dt.date.min)
    index = [p.edition.name for p in ordered].index(program.edition.name)
    start = None if index == 0 else ordered[index].edition.in_force_from
    later = [p.edition.in_force_from for p in ordered[index + 1:] if p.edition.in_force_from]
    return start, (later[0] if later else None)


def shape(store: BulkStore, program: ir.Program, as_of: dt.date, sql: SqlProgram | None = None,
          judged: tuple[dt.date | None, dt.date | None] | None = None) -> None:
    """Add one edition's results to the report (after `store.evaluate(program, as_of)`, whose
    program `sql` is; evaluated here when not given).  Editions are reported in the order they
    are shaped.  `judged` (`judged_span`): keep only the results whose trigger date is in
    [from, until), either end open when None."""
    if sql is None:
        sql = store.evaluate(program, as_of)
    if not _has_results(store):
        reset(store)
    _obligation_tables(store, program)
    tables = {pred: _per_case(store, sql.preds[pred]) for pred in sql.reported}
    day = f"DATE '{as_of.isoformat()}'"
    rank = store.con.execute(f"SELECT coalesce(max(edition_rank), 0) + 1 FROM {RESULTS}").fetchone()[0]
    edition = program.edition.name.replace("'", "''")
    start, until = judged or (None, None)

    def within(column: str) -> str:
        kept = [f"{column} >= DATE '{start.isoformat()}'"] if start else []
        kept += [f"{column} < DATE '{until.isoformat()}'"] if until else []
        return " AND ".join(kept) or "TRUE"

    store.con.execute(f"INSERT INTO {TITLES} SELECT '{edition}', standard, standard_title FROM bulk_report_obligations")
    first, last = store.con.execute("SELECT min(cid), max(cid) FROM bulk_cases").fetchone()
    for low in range(first or 0, (last or 0) + 1, SHAPED_CASES):
        scoped = {pred: f"(SELECT * FROM {table} WHERE cid >= {low} AND cid < {low + SHAPED_CASES})"
                  for pred, table in tables.items()}
        store.con.execute(f"CREATE OR REPLACE TEMP TABLE {JUDGED} AS {_judged_sql(scoped, within)}")
        store.con.execute(f"CREATE OR REPLACE TEMP TABLE {WINDOWS} AS {_windows_sql(scoped, within)}")
        for query in (_once_sql(scoped, day), _recurring_sql(scoped, day, within)):
            store.con.execute(f"INSERT INTO {RESULTS} SELECT c0, '{edition}', {rank}, * EXCLUDE (c0) FROM ({query}) q(c0)")
    store.con.execute(f"DROP TABLE IF EXISTS {JUDGED}")
    store.con.execute(f"DROP TABLE IF EXISTS {WINDOWS}")


def _rows(store: BulkStore, query: str, params: list | None = None) -> Iterator[dict]:
    """A query's rows as dicts, fetched a batch at a time (never the whole result at once).  The
    store's own connection (the results are its temporary tables): run nothing else on it until
    the rows are read."""
    result = store.con.execute(query, params or [])
    names = [d[0] for d in result.description]
    while batch := result.fetchmany(FETCH):
        for row in batch:
            yield dict(zip(names, row))


def _worklist_query(within: int) -> str:
    """caseload.report.worklist's choice and order, as SQL (ties as the object path leaves them:
    edition, then a case's results by trigger date, due day and obligation, as evaluate sorts them)."""
    days = "CASE WHEN r.status = 'overdue' THEN r.working_days_late ELSE r.working_days_left END"
    return f"""
SELECT coalesce(r.team, '') AS team, coalesce(r.manager, '') AS manager, c.case_id, r.* EXCLUDE (team, manager, n),
       coalesce({days}, 0) AS working_days
FROM {RESULTS} r JOIN bulk_cases c ON c.cid = r.cid
WHERE r.status IN ('overdue', 'missing_data')
   OR (r.status = 'pending' AND r.working_days_left IS NOT NULL AND r.working_days_left <= {int(within)})
ORDER BY team, manager, CASE r.status WHEN 'overdue' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END,
         CASE WHEN r.status = 'overdue' THEN -coalesce({days}, 0) ELSE coalesce({days}, 0) END,
         coalesce(r.due, {_MAX}), c.case_id, r.obligation, r.edition_rank,
         r.trigger_date, coalesce(r.due, {_MAX}), r.part, r.trigger_id, r.window_start"""


def as_result(row: dict) -> ObligationResult:
    """A report row as the ObligationResult it stands for (the fields a worklist line reads)."""
    result = ObligationResult(row["obligation"], row["standard"], row["title"], row["status"],
                              EventRef(row["trigger_id"], row["trigger_kind"], row["trigger_date"], ""),
                              row["due"], row["deadline"], edition=row["edition"],
                              working_days_late=row["working_days_late"],
                              working_days_remaining=row["working_days_left"], exception=row["exception"])
    if row["window_index"] is not None:
        result.window = {"index": row["window_index"], "start": row["window_start"], "end": row["due"],
                         "need": row["window_need"], "count": row["window_count"]}
    if row["missing"] is not None:
        result.missing = tuple(MissingField(m["field"], m["what"]) for m in row["missing"])
    return result


def worklist_items(store: BulkStore, within: int) -> Iterator:
    """caseload.report.worklist over the shaped results, streamed: WorkItems, most urgent first per
    team and manager, with the one-line explanation made from the row's values."""
    from ..caseload.report import WorkItem, _explain   # (imported here: caseload.report imports bulk)
    for row in _rows(store, _worklist_query(within)):
        yield WorkItem(row["team"], row["manager"], row["case_id"], row["edition"], row["obligation"], row["status"],
                       row["due"], row["working_days"], _explain(as_result(row)))


def compliance_counts(store: BulkStore, by: tuple[str, ...] = ()) -> list[dict]:
    """Per edition and standard (and, with `by`, per "team" and/or "manager"): how many results
    fall in each group of caseload.report.GROUPS, and how many are applicable (in any group), in
    caseload.report.compliance's (compliance_by_manager's) order: a few rows per standard,
    counted in SQL, sorted here."""
    for name in by:
        if name not in ("team", "manager"):
            raise ValueError(f"compliance counts by {name!r}: only team and manager")
    keys = [f"coalesce(r.{name}, '') AS {name}" for name in by]
    groups = ", ".join(f"coalesce(sum(r.n) FILTER (WHERE r.status IN "
                       f"({', '.join(repr(s) for s, g in GROUPS.items() if g == group)})), 0)::BIGINT AS {group}"
                       for group in GROUP_NAMES)
    counted = (f"SELECT r.edition, {''.join(k + ', ' for k in keys)}r.standard, sum(r.n)::BIGINT AS applicable, {groups} "
               f"FROM {RESULTS} r WHERE r.status IN ({', '.join(repr(s) for s in GROUPS)}) GROUP BY ALL")
    titles = f"SELECT edition, standard, any_value(title) AS title FROM {TITLES} GROUP BY ALL"
    names = ", ".join(f"n.{name}" for name in by)
    query = (f"SELECT n.edition, {names + ', ' if names else ''}n.standard, t.title, n.applicable, "
             f"{', '.join('n.' + g for g in GROUP_NAMES)} FROM ({counted}) n "
             "LEFT JOIN (" + titles + ") t ON t.edition = n.edition AND t.standard = n.standard")
    from ..output.report import standard_order
    return sorted(_rows(store, query), key=lambda r: (*(r[n] for n in by), r["edition"], standard_order(r["standard"])))


def status_counts(store: BulkStore) -> dict[str, int]:
    """How many results have each status (for --fail-on and the summary line)."""
    return dict(store.con.execute(f"SELECT status, sum(n)::BIGINT FROM {RESULTS} GROUP BY status").fetchall())
