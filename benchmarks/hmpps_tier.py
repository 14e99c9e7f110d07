"""Speed of the MoJ tier rules (policies/hmpps-tier): one case in a warm process, and a generated
caseload in the bulk (DuckDB) backend.  Targets: one case under 10 ms; 100,000 cases under 30 s.

    .venv/bin/python benchmarks/hmpps_tier.py [--cases 100000] [--one 300] [--seed 1]

Cases are generated at random over the v3 inputs (predictor scores with two decimals, static or
dynamic types, RoSH, MAPPA, registrations, a release date), checked against the rule file's
input vocabulary like any case file, then calculated.  Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from policyengine.backends.bulk_results import ResultStore
from policyengine.calculate import calculate
from policyengine.cases.inputs import input_case_from_data
from policyengine.compiler.compile import load_edition

EDITION = "hmpps-tier/v3-2026-06-18"
AS_OF = dt.date(2026, 8, 17)


def generated(index: int, rng: random.Random) -> dict:
    inputs: dict = {"active_event": rng.random() > 0.05}
    if rng.random() > 0.05:
        inputs["arp"] = {"score": str(Decimal(rng.randint(0, 9999)) / 100), "type": rng.choice(["static", "dynamic"])}
        inputs["csrp"] = {"score": str(Decimal(rng.randint(0, 1200)) / 100), "type": rng.choice(["static", "dynamic"])}
    if rng.random() < 0.1:
        inputs["dc_srp"] = {"score": str(Decimal(rng.randint(60, 900)) / 100),
                            "band": rng.choice(["low", "medium", "high", "very_high", "not_applicable"])}
    if rng.random() < 0.7:
        inputs["rosh"] = rng.choice(["very_high", "high", "medium", "low"])
    if rng.random() < 0.15:
        inputs["mappa_category"] = rng.randint(1, 4)
    registered = [r for r in ("lifer_ipp", "domestic_abuse", "stalking", "child_protection") if rng.random() < 0.1]
    if registered:
        inputs["registered"] = registered
    if "lifer_ipp" in registered:
        inputs["latest_release"] = (AS_OF - dt.timedelta(days=rng.randint(0, 3000))).isoformat()
    if rng.random() < 0.05:
        inputs["ever_committed_sexual_offence"] = True
    return {"id": f"T{index:06d}", "kind": "hmpps_tier", "inputs": inputs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--one", type=int, default=300, help="cases timed one at a time")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    program = load_edition(EDITION)

    # One case at a time, warm: the program compiled, the engine's plan built by a first case.
    cases = [input_case_from_data(generated(i, rng), "generated", program) for i in range(args.one)]
    calculate(program, cases[0], AS_OF)
    times = []
    for case in cases:
        started = time.perf_counter()
        calculate(program, case, AS_OF)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"one case, warm, plain engine ({len(times)} cases): median {statistics.median(times):.2f} ms, "
          f"95th percentile {times[int(len(times) * 0.95) - 1]:.2f} ms, max {times[-1]:.2f} ms (target < 10 ms)")

    # The whole generated caseload in the bulk backend.
    started = time.perf_counter()
    data = [generated(i, rng) for i in range(args.cases)]
    made = time.perf_counter() - started
    started = time.perf_counter()
    facts = [(d["id"], list(input_case_from_data(d, "generated", program).facts)) for d in data]
    checked = time.perf_counter() - started
    started = time.perf_counter()
    store = ResultStore(program)
    store.add_cases(facts)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    out = store.results(AS_OF)
    derived = time.perf_counter() - started
    store.close()
    # The same answers one case at a time (plain engine) for a sample: the figures are for real work.
    sample = data[:args.one]
    differ = sum(1 for d in sample if sorted(calculate(program, input_case_from_data(d, "g", program), AS_OF)
                                             .values["tier"]) != sorted(out[d["id"]].get("tier", [])))
    print(f"plain engine against bulk on the first {len(sample)} cases: {differ} differ")
    tiers: dict[str, int] = {}
    for rows in out.values():
        for (tier,) in rows.get("tier", []):
            tiers[tier] = tiers.get(tier, 0) + 1
    print(f"bulk, {args.cases:,} generated cases: checked against the vocabulary {checked:.1f} s, loaded into "
          f"DuckDB {loaded:.1f} s, tiers derived {derived:.1f} s; total {checked + loaded + derived:.1f} s "
          f"(target < 30 s; generating them took {made:.1f} s, not counted)")
    print("tiers: " + ", ".join(f"{tier} {count:,}" for tier, count in sorted(tiers.items())))


if __name__ == "__main__":
    main()
