"""How long one `nsr check` takes, end to end (a fresh process each time), and in process; and
where the CPU of one `POST /v1/check` goes in a warm server process.

Run:  .venv/bin/python benchmarks/one_case.py [CASE] [--runs N]
      .venv/bin/python benchmarks/one_case.py --api [--profile 30] [--checks 280]
Prints the median and the slowest of N runs.  The first run warms the compiled-policy cache
(~/.cache/policyengine); it is reported separately.

With --api, the example cases are sent to the service's own function for POST /v1/check
(`service.api.checked_text`, everything after reading the body: the case read and validated,
judged, the document built and encoded), in this process, with the collector set as `nsr serve`
sets it; it prints the CPU a check costs, phase by phase (best of five rounds), and with
--profile N the N costliest functions by their own time (cProfile, one round).
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2009, 6, 1)    # as benchmarks/serve.py


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", default=str(ROOT / "examples" / "tier4-community-order.yaml"))
    parser.add_argument("--as-of", default="2008-02-29")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--api", action="store_true", help="the CPU of POST /v1/check's work, phase by phase")
    parser.add_argument("--checks", type=int, default=280, help="checks a round with --api (default 280)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="with --api: the N costliest functions")
    args = parser.parse_args()
    if args.api:
        api_phases(args.checks, args.profile)
        return
    # The installed `nsr` command, as a user runs it (not the source tree: with
    # PYTHONDONTWRITEBYTECODE set, source modules would be recompiled on every run).
    script = Path(sys.executable).with_name("nsr")
    nsr = [str(script), "check", args.case, "--as-of", args.as_of]

    def run() -> float:
        start = time.perf_counter()
        subprocess.run(nsr, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    first = run()
    times = sorted(run() for _ in range(args.runs))
    print(f"nsr check {Path(args.case).name} --as-of {args.as_of}")
    print(f"  first run (may compile the policy): {first:.2f} s")
    print(f"  end to end over {args.runs} runs: median {statistics.median(times):.2f} s, slowest {times[-1]:.2f} s")

    from policyengine.cases.load import load_case
    from policyengine.compiler.compile import load_edition
    from policyengine.evaluate import evaluate
    program = load_edition("2007")
    case = load_case(args.case)
    as_of = dt.date.fromisoformat(args.as_of)
    inner = []
    for _ in range(args.runs):
        start = time.perf_counter()
        evaluate(program, case, as_of)
        inner.append(time.perf_counter() - start)
    inner.sort()
    print(f"  evaluation alone, in process: median {statistics.median(inner) * 1000:.0f} ms, "
          f"slowest {inner[-1] * 1000:.0f} ms")


def api_phases(checks: int, profile: int) -> None:
    """CPU per check of POST /v1/check's work, in total and by phase, on the example cases."""
    import json

    import yaml

    from policyengine import documents
    from policyengine.cases.load import _CaseYamlLoader, load_case_text
    from policyengine.output.report import dumps
    from policyengine.service.api import BODY_NAME, checked_text, served_program
    from policyengine.service.serve import tune_collector

    bodies = [json.dumps(yaml.load(p.read_text(encoding="utf-8"), Loader=_CaseYamlLoader))
              for p in sorted((ROOT / "examples").glob("*.yaml")) if p.name != "invalid.yaml"]
    tune_collector()
    for body in bodies * 3:   # warm: the edition loaded and planned (and frozen), the caches filled
        checked_text(body, "2007", AS_OF, False)

    phases = {"read and validate the case": 0.0, "evaluate": 0.0, "the document (with the tier and MAPPA summaries)": 0.0,
              "encode the JSON": 0.0}
    best_total = best_phases = None
    for _ in range(5):
        spent = dict.fromkeys(phases, 0.0)
        start = time.process_time()
        for index in range(checks):
            body = bodies[index % len(bodies)]
            t0 = time.process_time()
            case = load_case_text(body, BODY_NAME, True)
            t1 = time.process_time()
            evaluation = documents.evaluation_for(case, "2007", AS_OF, load=served_program)
            t2 = time.process_time()
            document = documents.check_json(evaluation, False)
            t3 = time.process_time()
            dumps(document)
            t4 = time.process_time()
            for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                spent[name] += seconds
        total = time.process_time() - start
        if best_total is None or total < best_total:
            best_total, best_phases = total, spent
    print(f"POST /v1/check's work in process, the {len(bodies)} example cases in turn, as of {AS_OF} (2007 edition); "
          f"CPU a check, best of 5 rounds of {checks}:")
    print(f"  in all: {best_total / checks * 1000:.1f} ms")
    for name, seconds in best_phases.items():
        print(f"  {name}: {seconds / checks * 1000:.1f} ms ({seconds / best_total:.0%})")
    if profile:
        import cProfile
        import pstats
        profiler = cProfile.Profile()
        profiler.enable()
        for index in range(checks):
            checked_text(bodies[index % len(bodies)], "2007", AS_OF, False)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)


if __name__ == "__main__":
    main()
