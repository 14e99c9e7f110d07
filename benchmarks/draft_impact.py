"""How long a draft's impact takes over a caseload (`nsr compare STORE --editions 2015,draft.nsr`).

    .venv/bin/python benchmarks/draft_impact.py                 # 100,000 generated cases
    .venv/bin/python benchmarks/draft_impact.py --cases 10000
    .venv/bin/python benchmarks/draft_impact.py --store caseload.duckdb   # a store already imported

The draft is the installed 2015 edition with 2015.7.1's 6 working days for a warning or
enforcement changed to 5 (issue 22's example), written to a temporary file.  The cases are
generated (seed 1) and streamed into an in-memory DuckDB store without re-running the schema
checks (validation is import work, timed by benchmarks/caseload.py), or read from a store given
with --store (opened read-only); then `compare.impact`
judges every case under both editions with the bulk backend.  Printed: the time to build the
store, the time of the impact itself, the obligations evaluated and the flips found.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2010, 9, 1)
RESPOND = """    when co_or_pss_failure(trigger) and not explained_in_advance(trigger)
    due within 6 working days"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", help="a caseload store (.duckdb) to read instead of generating cases")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from caseload import _cases
    from policyengine.backends.bulk import BulkStore
    from policyengine.compare.impact import impact, impact_text
    from policyengine.compiler.compile import load_edition
    from policyengine.resources import read_text
    text = read_text("policies", "2015.nsr")
    assert text.count(RESPOND) == 1
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "draft.nsr"
        draft.write_text(text.replace(RESPOND, RESPOND.replace("6 working", "5 working")), encoding="utf-8")
        before, after = load_edition("2015"), load_edition(str(draft))
        start = time.perf_counter()
        if args.store:
            store = BulkStore(args.store, read_only=True)
        else:
            store = BulkStore()
            store.add_cases(_cases(args.cases, args.seed, validate=False))
        built = time.perf_counter() - start
        start = time.perf_counter()
        found = impact(store, before, after, AS_OF)
        took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{found.cases:>8} cases  store {'opened' if args.store else 'built'} {built:7.1f} s  impact {took:6.1f} s  "
          f"({len(found.changed)} obligation(s) evaluated, {found.unchanged} alike)  "
          f"{sum(o.cases for o in found.obligations)} flips  peak {peak:7.0f} MB", flush=True)
    print(impact_text(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
