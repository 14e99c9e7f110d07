"""Compiled SQL against hand-written DuckDB SQL for the same standards: same rows, and the ratio.

    .venv/bin/python benchmarks/handwritten.py STORE.duckdb [--as-of 2010-09-01]

The queries below are the only SQL in the project written by hand.  Each answers, for every case
of a stored caseload (`nsr caseload import`), one obligation of the 2007 edition the way a person
would write it from the standard's text: status, due day and deadline for each trigger.  The
compiled side is the edition's rules for that obligation alone (`subset`), evaluated by
`BulkStore.evaluate`, then read from its `obligation_status` and `obligation_due` tables.
tests/test_handwritten.py checks that both give the same rows on a small generated store.

Each side runs in a fresh process so that its peak memory (max RSS) is its own; printed per
obligation: rows, seconds and peak memory of each side, and the compiled/hand-written ratios.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import resource
import subprocess
import sys
import time

# 2c.6 "First meeting with the Offender Manager": for a community order or suspended sentence
# order, a face-to-face contact or home visit by the Offender Manager within 2 working days of
# sentence when tier 4 was recorded on the day of sentence, else 5 (index 2 without a PSR, 3
# otherwise); not owed when the sentence has a DRR (2d.9.2 times it).  Met by the earliest such
# meeting on or after the day of sentence, known by the as-of date.
FIRST_MEETING = """
WITH known AS (SELECT cid, c0, c1, c2 FROM raw_event WHERE c2 <= $as_of),
trigger AS (
  SELECT e.cid, e.c0 AS t, e.c2 AS td, es.c1 AS s FROM known e
  JOIN raw_event_sentence es ON es.cid = e.cid AND es.c0 = e.c0 AND es.kind = 'sentence'
  JOIN raw_sentence sn ON sn.cid = e.cid AND sn.c0 = es.c1
  WHERE e.c1 = 'sentence' AND sn.c1 IN ('community_order', 'suspended_sentence_order')
    AND NOT EXISTS (SELECT 1 FROM raw_requirement r WHERE r.cid = e.cid AND r.c0 = es.c1 AND r.c1 = 'drr')),
deadline AS (
  SELECT t.*, CASE WHEN EXISTS (SELECT 1 FROM raw_tier_during d WHERE d.cid = t.cid AND d.c0 = 4
                                  AND d.c1 <= t.td AND t.td < d.c2 AND d.c1 <= $as_of) THEN 1
                   WHEN NOT EXISTS (SELECT 1 FROM raw_psr p WHERE p.cid = t.cid AND p.c0 = t.s) THEN 2
                   ELSE 3 END AS idx
  FROM trigger t),
due AS (   -- working days by ordinal: the working day n on from td has ordinal ordinal(td) + n
  SELECT d.*, w.day AS due FROM deadline d
  JOIN bulk_calendar c ON c.day = d.td
  JOIN bulk_calendar w ON w.working_day AND w.working_day_ordinal = c.working_day_ordinal
                          + CASE d.idx WHEN 1 THEN 2 ELSE 5 END),
meeting AS (
  SELECT e.cid, e.c2 AS d FROM known e
  JOIN raw_event_field w ON w.cid = e.cid AND w.c0 = e.c0 AND w.kind = e.c1 AND w.c1 = 'with'
                         AND w.c2_str = 'offender_manager'
  WHERE e.c1 = 'home_visit' OR (e.c1 = 'contact' AND EXISTS (
    SELECT 1 FROM raw_event_field m WHERE m.cid = e.cid AND m.c0 = e.c0 AND m.kind = 'contact'
      AND m.c1 = 'mode' AND m.c2_str = 'face_to_face'))),
first AS (
  SELECT d.cid, d.t, d.idx, d.due, min(m.d) AS met FROM due d
  LEFT JOIN meeting m ON m.cid = d.cid AND m.d >= d.td
  GROUP BY ALL)
SELECT cid, t, idx, due, CASE WHEN met <= due THEN 'met_on_time' WHEN met IS NOT NULL THEN 'met_late'
                              WHEN $as_of > due THEN 'overdue' ELSE 'pending' END AS status
FROM first"""

HAND = {"2c.6/first_meeting": FIRST_MEETING}


def subset(program, keep: set[str]):
    """The program with only the rules of the obligations in `keep` (and the shared rules they
    read): rules whose head names another obligation are left out."""
    from policyengine.compiler import ir
    others = set(program.obligations) - keep
    rules = [r for r in program.rules
             if not any(isinstance(a, ir.K) and a.value in others for a in r.head.args)]
    return dataclasses.replace(program, rules=rules,
                               obligations={k: v for k, v in program.obligations.items() if k in keep})


def compiled_rows(store, obligation: str, as_of: dt.date) -> list[tuple]:
    """(cid, trigger, deadline index, due, status) from the compiled SQL of that obligation alone."""
    from policyengine.compiler.compile import load_edition
    sql = store.evaluate(subset(load_edition("2007"), {obligation}), as_of)
    status, due = sql.preds["obligation_status"].table, sql.preds["obligation_due"].table
    return sorted(store.con.execute(
        f"SELECT s.cid, s.c1, d.c2, d.c3, s.c2 FROM {status} s JOIN {due} d ON d.cid = s.cid AND d.c0 = s.c0 "
        f"AND d.c1 = s.c1 WHERE s.c0 = ?", [obligation]).fetchall())


def hand_rows(store, obligation: str, as_of: dt.date) -> list[tuple]:
    return sorted(store.con.execute(HAND[obligation], {"as_of": as_of}).fetchall())


def _one_side(path: str, side: str, obligation: str, as_of: dt.date) -> None:
    from policyengine.backends.bulk import BulkStore
    store = BulkStore(path, read_only=True)
    start = time.perf_counter()
    rows = (compiled_rows if side == "compiled" else hand_rows)(store, obligation, as_of)
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": len(rows), "seconds": seconds,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--as-of", default="2010-09-01", type=dt.date.fromisoformat)
    parser.add_argument("--side", choices=("compiled", "hand"), help=argparse.SUPPRESS)
    parser.add_argument("--obligation", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        _one_side(args.store, args.side, args.obligation, args.as_of)
        return 0
    for obligation in HAND:
        found = {}
        for side in ("compiled", "hand"):
            out = subprocess.run([sys.executable, __file__, args.store, "--as-of", args.as_of.isoformat(),
                                  "--side", side, "--obligation", obligation],
                                 capture_output=True, text=True, check=True).stdout
            found[side] = json.loads(out.strip().splitlines()[-1])
        c, h = found["compiled"], found["hand"]
        print(f"{obligation:<24} rows {c['rows']:>8} / {h['rows']:>8}   compiled {c['seconds']:6.2f} s "
              f"{c['peak_mb']:6.0f} MB   hand-written {h['seconds']:6.2f} s {h['peak_mb']:6.0f} MB   "
              f"ratio time {c['seconds'] / h['seconds']:4.2f}x  memory {c['peak_mb'] / h['peak_mb']:4.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
