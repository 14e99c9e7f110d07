"""The hand-written reference queries of benchmarks/handwritten.py give the compiled SQL's rows."""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.caseload.generate import generate
from policyengine.cases.load import load_case_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import handwritten  # noqa: E402


def _by_hand(case_id: str, requirement: str, contact: str | None) -> dict:
    """A tier 4 community order sentenced Mon 21 Dec 2009, with one requirement and maybe a meeting."""
    events = [] if contact is None else [{"id": "c1", "kind": "contact", "date": contact, "with": "offender_manager",
                                          "mode": "face_to_face"}]
    return {"id": case_id, "offender": {"name": "Test", "gender": "male", "date_of_birth": "1980-01-01"},
            "sentences": [{"id": "s1", "type": "community_order", "date": "2009-12-21", "length_months": 12,
                           "psr": "standard_delivery", "requirements": [{"kind": requirement, "months": 12}]}],
            "assessments": [{"date": "2009-12-14", "source": "psr", "tier": 4, "rosh": "medium", "ppo": False}],
            "events": events}


@pytest.fixture(scope="module")
def store():
    cases = [load_case_data(data, data["id"]) for data in generate(200, seed=5)]
    for data in (_by_hand("H-NONE", "supervision", None), _by_hand("H-DRR", "drr", None),
                 _by_hand("H-LATE", "supervision", "2009-12-29"), _by_hand("H-ONTIME", "supervision", "2009-12-23")):
        cases.append(load_case_data(data, data["id"]))
    built = BulkStore()
    built.add_cases(cases)
    return built


@pytest.mark.parametrize("obligation", sorted(handwritten.HAND))
@pytest.mark.parametrize("as_of", [dt.date(2010, 1, 5), dt.date(2010, 9, 1)])
def test_hand_written_rows_are_the_compiled_rows(store, obligation, as_of):
    compiled = handwritten.compiled_rows(store, obligation, as_of)
    assert handwritten.hand_rows(store, obligation, as_of) == compiled
    assert len(compiled) > 50


def test_first_meeting_by_hand(store):
    """Due Wed 23 Dec 2009 (2 working days after Mon 21 Dec, tier 4 recorded): a meeting on Tue
    29 Dec is late (Christmas Day and Boxing Day's substitute, Mon 28 Dec, are not working days),
    none by Tue 5 Jan 2010 is overdue, and a DRR takes the sentence out (2d.9.2)."""
    as_of = dt.date(2010, 1, 5)
    ids = dict(store.con.execute("SELECT case_id, cid FROM bulk_cases WHERE case_id LIKE 'H-%'").fetchall())
    rows = {cid: (due, status) for cid, _, _, due, status in handwritten.hand_rows(store, "2c.6/first_meeting", as_of)}
    due = dt.date(2009, 12, 23)
    assert rows[ids["H-NONE"]] == (due, "overdue")
    assert rows[ids["H-LATE"]] == (due, "met_late")
    assert rows[ids["H-ONTIME"]] == (due, "met_on_time")
    assert ids["H-DRR"] not in rows
    statuses = Counter(status for _, status in rows.values())
    assert statuses["overdue"] >= 1 and statuses["met_late"] >= 1
