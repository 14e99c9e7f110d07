"""How long one `nsr check` takes, end to end (a fresh process each time), and in process.

Run:  .venv/bin/python benchmarks/one_case.py [CASE] [--runs N]
Prints the median and the slowest of N runs.  The first run warms the compiled-policy cache
(~/.cache/policyengine); it is reported separately.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", default=str(ROOT / "examples" / "tier4-community-order.yaml"))
    parser.add_argument("--as-of", default="2008-02-29")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
