"""Where `nsr caseload check` spends its time and memory, phase by phase, on an imported store.

    .venv/bin/nsr generate --cases 100000 -o c.jsonl && .venv/bin/nsr caseload import c.jsonl --db c.duckdb
    .venv/bin/python benchmarks/check_phases.py c.duckdb --edition 2007 --as-of 2010-09-01

Phases of the object path (`BulkStore.results`, what `check` did before report rows were shaped in
SQL): the compiled SQL, fetching the reported tables, fetching every event, building the results
case by case; then, with `--only rows`, the report rows shaped in SQL (`bulk_report`) and streamed to
files.  Printed per phase: seconds (wall and CPU) and the process's peak memory so far (max RSS), so a phase's
own peak shows where it rises.  Use `--only rows` to time the SQL report path alone in a fresh
process (its peak is then its own), and `--only statements` to time each compiled statement of
`evaluate` (the costliest printed with the predicates its step derives, and totals by step).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


_cpu = [time.process_time()]


def _line(label: str, seconds: float) -> None:
    """Wall time, and CPU time of every thread of the process (steadier when the machine is
    shared: DuckDB's threads and Python's together)."""
    now = time.process_time()
    print(f"{label:<34} {seconds:7.1f} s   cpu {now - _cpu[0]:7.1f} s   peak so far {_peak():5.2f} GB", flush=True)
    _cpu[0] = now


def objects(store, program, as_of: dt.date) -> None:
    from policyengine.backends.bulk import _RowLookup
    from policyengine.backends.results import once_results, recurring_results
    start = time.perf_counter()
    sql = store.evaluate(program, as_of)
    _line("SQL (evaluate)", time.perf_counter() - start)
    start = time.perf_counter()
    rows = store.rows(sql)
    _line("fetch reported tables", time.perf_counter() - start)
    start = time.perf_counter()
    events, minutes = store.events(), store.minutes()
    _line("fetch events and minutes", time.perf_counter() - start)
    start = time.perf_counter()
    count = 0
    for cid in store.case_ids():
        lookup = _RowLookup(rows.get(cid, {}))
        for info in program.obligations.values():
            if info.kind != "recurring":
                count += len(once_results(lookup, info, events.get(cid, {}), as_of))
            else:
                count += len(recurring_results(lookup, info, events.get(cid, {}), as_of, minutes.get(cid, {})))
    _line(f"build results ({count} results)", time.perf_counter() - start)


class _TimedConnection:
    """A DuckDB connection that times each statement run through it (for `bulk.run_steps`), by
    the CPU time of the process (every DuckDB thread): on a shared machine wall time mostly
    measures the other jobs."""

    def __init__(self, con):
        self.con = con
        self.times: list[tuple[float, str]] = []

    def execute(self, statement: str, *args):
        start = time.process_time()
        result = self.con.execute(statement, *args)
        self.times.append((time.process_time() - start, statement))
        return result


def statements(store, program, as_of: dt.date, top: int) -> None:
    """`evaluate` with each statement timed: the `top` costliest statements and steps."""
    from policyengine.backends.bulk import run_steps
    start = time.perf_counter()
    sql = store.compiled(program)
    _line("compile", time.perf_counter() - start)
    start = time.perf_counter()
    store._known(as_of, None, sql)
    store._engine_facts(as_of, sql)
    _line("as-of views and engine facts", time.perf_counter() - start)
    timed = _TimedConnection(store.con)
    start = time.perf_counter()
    by_step: list[tuple[float, str, int]] = []
    for step in sql.steps:
        before = len(timed.times)
        run_steps(timed, dataclasses.replace(sql, steps=[step]))
        spent = sum(t for t, _ in timed.times[before:])
        by_step.append((spent, ", ".join(step.preds), len(timed.times) - before))
    _line(f"compiled steps ({len(sql.steps)} steps, {len(timed.times)} statements)", time.perf_counter() - start)
    print(f"\ncostliest steps (CPU seconds, of {sum(t for t, _, _ in by_step):.1f} s):")
    for spent, preds, count in sorted(by_step, reverse=True)[:top]:
        print(f"  {spent:6.2f} s  {count:3} stmts  {preds[:80]}")
    print("\ncostliest statements (CPU seconds):")
    for spent, statement in sorted(timed.times, key=lambda x: -x[0])[:top]:
        print(f"  {spent:6.2f} s  {' '.join(statement.split())[:150]}")


def report_rows(store, program, as_of: dt.date, within: int) -> None:
    from policyengine.backends import bulk_report
    start = time.perf_counter()
    sql = store.evaluate(program, as_of)
    _line("SQL (evaluate)", time.perf_counter() - start)
    start = time.perf_counter()
    bulk_report.reset(store)
    bulk_report.shape(store, program, as_of, sql)
    _line("report rows shaped in SQL", time.perf_counter() - start)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        count = 0
        with open(Path(folder) / "worklist.csv", "w", encoding="utf-8") as handle:
            for item in bulk_report.worklist_items(store, within):
                handle.write(f"{item.case},{item.obligation},{item.status},{item.working_days},{item.explanation}\n")
                count += 1
    _line(f"stream worklist ({count} rows)", time.perf_counter() - start)
    start = time.perf_counter()
    counts = list(bulk_report.compliance_counts(store))
    _line(f"compliance counts ({len(counts)} rows)", time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--edition", default="2007")
    parser.add_argument("--as-of", default="2010-09-01", type=dt.date.fromisoformat)
    parser.add_argument("--within", default=5, type=int)
    parser.add_argument("--only", choices=("objects", "rows", "statements"), default="objects")
    parser.add_argument("--top", default=25, type=int, help="statements and steps listed (--only statements)")
    args = parser.parse_args()
    from policyengine.backends.bulk import BulkStore
    from policyengine.compiler.compile import load_edition
    store = BulkStore(args.store, read_only=True)
    program = load_edition(args.edition)
    print(f"{store.case_count()} cases, edition {args.edition}, as of {args.as_of}", flush=True)
    if args.only == "objects":
        objects(store, program, args.as_of)
    elif args.only == "statements":
        statements(store, program, args.as_of, args.top)
    else:
        report_rows(store, program, args.as_of, args.within)
    return 0


if __name__ == "__main__":
    sys.exit(main())
