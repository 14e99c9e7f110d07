"""Whole-caseload figures for the bulk (DuckDB) backend, and the pyDatalog reference for the ratio.

    .venv/bin/python benchmarks/caseload.py                       # 1k, 10k, 100k, 250k under 2007
    .venv/bin/python benchmarks/caseload.py --sizes 1000 --reference 100
    .venv/bin/python benchmarks/caseload.py --equivalence 2000    # bulk == reference, every edition
    .venv/bin/python benchmarks/caseload.py --commands 10000,100000,250000   # import and check as a user runs them

Each size runs in a fresh process so that its peak memory (max RSS) is its own.  Printed per size:
cases, time to generate the cases and turn them into facts in DuckDB (streamed), time to evaluate every obligation's status
(all SQL steps), cases per second (evaluation), and peak memory.  Generated cases are built
without re-running the schema checks (validation is import work: about 3 ms a case, timed by the
reference line's sample).  The reference line evaluates a sample with `evaluate.evaluate` (pyDatalog), one
case at a time.  `--equivalence N` compares every result of N generated cases under every edition,
running the reference in parallel processes (one per core).

`--commands SIZES` times what a user runs, each command in a fresh process: `nsr caseload import`
of a generated JSON Lines file into a new store, then `nsr caseload check` of that store with
`--edition auto` as of 2010-09-01 (the 2007 edition's period), printing each one's time, cases
per second, peak memory and CPU time (user and system: a figure that a busy machine disturbs
less than the wall-clock time), and the two together (the target: 250,000 cases in under 120 s and
4 GB).  Generating the file is not counted.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import datetime as dt
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time

AS_OF = dt.date(2010, 9, 1)


def _cases(count: int, seed: int, validate: bool = True):
    """Generated cases; validate=False builds them without the schema checks (every generated case
    passes them: tests/test_generate.py), which cost about 3 ms a case and belong to import."""
    from policyengine.caseload.generate import generate
    from policyengine.cases import load
    if validate:
        return (load.load_case_data(data, data["id"]) for data in generate(count, seed))
    return (load._build_case(load._plain(data), data["id"]) for data in generate(count, seed))


def one_size(count: int, edition: str, seed: int) -> None:
    from policyengine.backends.bulk import BulkStore
    from policyengine.compiler.compile import load_edition
    program = load_edition(edition)
    start = time.perf_counter()
    store = BulkStore()
    store.add_cases(_cases(count, seed, validate=False))  # streamed: one case in memory at a time
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    store.evaluate(program, AS_OF)
    rows = sum(store.con.execute(f"SELECT count(*) FROM {store.compiled(program).preds[p].table}").fetchone()[0]
               for p in ("obligation_status", "window_status"))
    evaluated = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count:>8} cases  facts into DuckDB {loaded:7.1f} s  evaluate {evaluated:7.1f} s  "
          f"{count / evaluated:9.0f} cases/s  {rows:>9} statuses  peak {peak:7.0f} MB", flush=True)


def reference(count: int, edition: str, seed: int) -> None:
    from policyengine.compiler.compile import load_edition
    from policyengine.evaluate import evaluate
    program = load_edition(edition)
    cases = list(_cases(count, seed))
    times = []
    start = time.perf_counter()
    for case in cases:
        began = time.perf_counter()
        evaluate(program, case, AS_OF, engine="pydatalog")
        times.append(time.perf_counter() - began)
    total = time.perf_counter() - start
    print(f"{count:>8} cases  pyDatalog reference {total:7.1f} s  {count / total:9.1f} cases/s  "
          f"median {statistics.median(times) * 1000:.0f} ms a case", flush=True)


def one_case(edition: str, seed: int) -> None:
    """One case in a warm process: `evaluate` (obligations and statuses) and the whole of
    `nsr check`'s table (plus the tier and MAPPA summary lines), with the plain-Python evaluator
    `nsr check` uses and with the pyDatalog reference, over the same generated cases."""
    import gc
    from policyengine.output import report
    from policyengine.compiler.compile import load_edition
    from policyengine.evaluate import evaluate
    program = load_edition(edition)
    cases = list(_cases(201, seed))

    def figures(times: list[float]) -> str:
        times = sorted(times)
        return (f"median {statistics.median(times) * 1000:.0f} ms, 95th percentile "
                f"{times[int(len(times) * 0.95) - 1] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms")

    for engine in ("plain", "pydatalog"):
        report.evaluation_table(evaluate(program, cases[0], AS_OF, engine=engine), False)  # warm
        gc.collect()
        gc.freeze()  # the warm process's own objects are not garbage-collected case after case
        evaluated, checked = [], []
        sample = cases[1:] if engine == "plain" else cases[1:21]
        for case in sample:
            began = time.perf_counter()
            evaluation = evaluate(program, case, AS_OF, engine=engine)
            evaluated.append(time.perf_counter() - began)
            report.evaluation_table(evaluation, False)
            checked.append(time.perf_counter() - began)
        print(f"one case, warm process, {engine} ({len(sample)} cases): evaluate {figures(evaluated)}; "
              f"check (evaluate and the table) {figures(checked)}", flush=True)


def _reference_results(args):
    edition, seed, start, stop = args
    from policyengine.compiler.compile import load_edition
    from policyengine.evaluate import evaluate
    program = load_edition(edition)
    cases = list(_cases(stop, seed))[start:]
    return {case.id: evaluate(program, case, AS_OF, engine="pydatalog").results for case in cases}


def equivalence(count: int, seed: int) -> int:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
    from test_bulk_backend import _normalised
    from policyengine.backends.bulk import BulkStore
    from policyengine.compiler.compile import editions, load_edition
    cases = list(_cases(count, seed))
    store = BulkStore()
    store.add_cases(cases)
    workers = os.cpu_count() or 1
    bad = 0
    for edition in editions():
        began = time.perf_counter()
        bulk = store.results(load_edition(edition), AS_OF)
        bulk_time = time.perf_counter() - began
        chunks = [(edition, seed, i * count // workers, (i + 1) * count // workers) for i in range(workers)]
        began = time.perf_counter()
        with multiprocessing.Pool(workers) as pool:
            expected = {k: v for part in pool.map(_reference_results, chunks) for k, v in part.items()}
        reference_time = time.perf_counter() - began
        differ = [case.id for case in cases if _normalised(bulk[case.id]) != _normalised(expected[case.id])]
        bad += len(differ)
        print(f"edition {edition}: {count} cases, bulk {bulk_time:.1f} s, reference {reference_time:.1f} s "
              f"({workers} processes); {len(differ)} cases differ {differ[:5]}", flush=True)
    return 1 if bad else 0


def run_command(argv: list[str]) -> None:
    """One `nsr` command in this process; prints its time, exit code and peak memory as JSON."""
    import contextlib
    import io
    from policyengine.cli import main as nsr
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = nsr(argv)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "code": code, "peak_mb": usage.ru_maxrss / 1024,
                      "cpu": usage.ru_utime + usage.ru_stime}))


def command_figures(sizes: list[int], seed: int) -> int:
    """`nsr caseload import` and `nsr caseload check --edition auto` on generated caseloads."""
    from policyengine.caseload.generate import write_jsonl
    print(f"nsr caseload import, then check --edition auto as of {AS_OF}; seed {seed}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="caseload-bench-") as folder:
        for size in sizes:
            source, db = os.path.join(folder, f"{size}.jsonl"), os.path.join(folder, f"{size}.duckdb")
            write_jsonl(__import__("pathlib").Path(source), size, seed)
            figures = {}
            for step, argv in (("import", ["caseload", "import", source, "--db", db]),
                               ("check", ["caseload", "check", db, "--as-of", AS_OF.isoformat(), "--edition", "auto",
                                          "--out", os.path.join(folder, f"report-{size}")])):
                done = subprocess.run([sys.executable, __file__, "--only", "command", "--argv", json.dumps(argv)],
                                      capture_output=True, text=True, check=False)
                figures[step] = json.loads(done.stdout.strip().splitlines()[-1])
                if figures[step]["code"] not in (0, 1):
                    print(f"{step} failed: {done.stderr.strip()}", file=sys.stderr)
                    return 1
            imported, checked = figures["import"], figures["check"]
            total = imported["seconds"] + checked["seconds"]
            print(f"{size:>8} cases  import {imported['seconds']:7.1f} s (CPU {imported['cpu']:6.1f} s) "
                  f"{size / imported['seconds']:6.0f} cases/s peak {imported['peak_mb']:5.0f} MB  "
                  f"check {checked['seconds']:7.1f} s (CPU {checked['cpu']:6.1f} s) {size / checked['seconds']:6.0f} "
                  f"cases/s peak {checked['peak_mb']:5.0f} MB  together {total:7.1f} s", flush=True)
            for leftover in (source, db):
                os.unlink(leftover)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000,250000")
    parser.add_argument("--edition", default="2007")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference", type=int, default=1000, help="cases in the pyDatalog sample (0: none)")
    parser.add_argument("--equivalence", type=int, default=0, metavar="N")
    parser.add_argument("--commands", metavar="SIZES", help="time `nsr caseload import` and `check` (e.g. 10000,100000)")
    parser.add_argument("--only", choices=["size", "reference", "one-case", "command"], help=argparse.SUPPRESS)
    parser.add_argument("--argv", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.equivalence:
        return equivalence(args.equivalence, args.seed)
    if args.only == "command":
        run_command(json.loads(args.argv))
        return 0
    if args.commands:
        return command_figures([int(size) for size in args.commands.split(",")], args.seed)
    if args.only == "size":
        one_size(args.count, args.edition, args.seed)
        return 0
    if args.only == "reference":
        reference(args.count, args.edition, args.seed)
        return 0
    if args.only == "one-case":
        one_case(args.edition, args.seed)
        return 0
    print(f"edition {args.edition}, as of {AS_OF}, {os.cpu_count()} cores")
    runs = [["--only", "size", "--count", size] for size in args.sizes.split(",")]
    if args.reference:
        runs.append(["--only", "reference", "--count", str(args.reference)])
    runs.append(["--only", "one-case"])
    for run in runs:
        subprocess.run([sys.executable, __file__, "--edition", args.edition, "--seed", str(args.seed), *run], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
