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


def _failures(case_id: str, events: list[dict], tier: int = 3, requirements: tuple = ("supervision",)) -> dict:
    """A community order sentenced Mon 5 Oct 2009 with the given failures and what followed them."""
    return {"id": case_id, "offender": {"name": "Test", "gender": "male", "date_of_birth": "1980-01-01"},
            "sentences": [{"id": "s1", "type": "community_order", "date": "2009-10-05", "length_months": 12,
                           "psr": "standard_delivery",
                           "requirements": [{"kind": kind, "months": 12} if kind != "unpaid_work"
                                            else {"kind": kind, "hours": 100} for kind in requirements]}],
            "assessments": [{"date": "2009-10-05", "source": "tiering", "tier": tier, "rosh": "medium", "ppo": False}],
            "events": events}


def _failure(eid: str, date: str, **fields) -> dict:
    return {"id": eid, "kind": "failure_to_comply", "date": date, "explained_in_advance": False, **fields}


def _warning(eid: str, date: str, failure: str) -> dict:
    return {"id": eid, "kind": "warning", "date": date, "failure": failure, "type": "first"}


def _oasys(date: str) -> list[dict]:
    return [{"id": "o1", "kind": "oasys_assessment", "date": date, "type": "initial"}]


HAND_MADE = [
    _by_hand("H-NONE", "supervision", None), _by_hand("H-DRR", "drr", None),
    _by_hand("H-LATE", "supervision", "2009-12-29"), _by_hand("H-ONTIME", "supervision", "2009-12-23"),
    # 2f.8: a warning owed for Mon 2 Nov and never given counts as given for Tue 1 Dec (enforcement instead)
    _failures("W-OWED", [_failure("f1", "2009-11-02"), _failure("f2", "2009-12-01")]),
    # a warning given Wed 4 Nov is spent by a breach dealt with on Fri 20 Nov, order continuing
    _failures("W-SPENT", [_failure("f1", "2009-11-02"), _warning("w1", "2009-11-04", "f1"),
                          {"id": "b1", "kind": "breach_resolved", "date": "2009-11-20", "order_continues": True},
                          _failure("f2", "2009-12-01")]),
    # two failures the same day are one; an explanation accepted takes a failure out
    _failures("W-SAMEDAY", [_failure("f1", "2009-11-02"), _failure("f2", "2009-11-02"),
                            _failure("f3", "2010-03-01", explanation_accepted=True)]),
    # 2a.4: tier 4 (5 working days), tier 1 (exempt), tier 2 standalone unpaid work (exempt)
    _failures("A-TIER4", _oasys("2009-10-13"), tier=4),
    _failures("A-TIER1", _oasys("2009-10-13"), tier=1),
    _failures("A-UPW", [], tier=2, requirements=("unpaid_work",)),
    _failures("A-TIER2", _oasys("2009-10-27"), tier=2, requirements=("unpaid_work", "curfew")),
    # 2c.16 tier 2, in hospital Wed 14 to Tue 20 Oct 2009; contacts on Tue 13 and Tue 20 Oct
    dict(_failures("S-PAUSED", [{"id": f"c{n}", "kind": "contact", "date": day, "with": "offender_manager",
                                 "mode": "face_to_face"} for n, day in enumerate(("2009-10-13", "2009-10-20"))],
                   tier=2),
         periods=[{"id": "p1", "kind": "hospital", "start": "2009-10-14", "end": "2009-10-20"}]),
]


@pytest.fixture(scope="module")
def store():
    cases = [load_case_data(data, data["id"]) for data in generate(200, seed=5)]
    cases += [load_case_data(data, data["id"]) for data in HAND_MADE]
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


def _hand(store, obligation: str, as_of: dt.date) -> dict[tuple[str, str], tuple]:
    ids = dict(store.con.execute("SELECT cid, case_id FROM bulk_cases").fetchall())
    return {(ids[cid], trigger): (due, status)
            for cid, trigger, _, due, status in handwritten.hand_rows(store, obligation, as_of)}


def test_warning_by_hand(store):
    """2f.8, as of Tue 5 Jan 2010, 10 working days from each failure (no bank holiday in November;
    from Tue 1 Dec 2009 the 10th working day is Tue 15 Dec)."""
    rows = _hand(store, "2f.8/warning", dt.date(2010, 1, 5))
    assert rows[("W-OWED", "f1")] == (dt.date(2009, 11, 16), "overdue")
    assert ("W-OWED", "f2") not in rows            # the owed warning counts: enforcement (2f.4)
    assert rows[("W-SPENT", "f1")] == (dt.date(2009, 11, 16), "met_on_time")
    assert rows[("W-SPENT", "f2")] == (dt.date(2009, 12, 15), "overdue")   # w1 spent on 20 Nov
    assert rows[("W-SAMEDAY", "f1")] == (dt.date(2009, 11, 16), "overdue")
    assert ("W-SAMEDAY", "f2") not in rows         # the same day as f1 (2f.4 guidance)
    later = _hand(store, "2f.8/warning", dt.date(2010, 3, 2))
    assert ("W-SAMEDAY", "f3") not in later        # explanation accepted


def test_assessment_by_hand(store):
    """2a.4 from Mon 5 Oct 2009: 5 working days is Mon 12 Oct, 15 is Mon 26 Oct."""
    rows = _hand(store, "2a.4/community", dt.date(2010, 1, 5))
    ids = {case_id: status for (case_id, _), status in rows.items()}
    assert ids["A-TIER4"] == (dt.date(2009, 10, 12), "met_late")
    assert ids["A-TIER2"] == (dt.date(2009, 10, 26), "met_late")
    assert ids["W-OWED"] == (dt.date(2009, 10, 26), "overdue")   # tier 3, no assessment
    assert "A-TIER1" not in ids and "A-UPW" not in ids


def test_paused_tier2_windows_by_hand(store):
    """2c.16 tier 2 from Mon 5 Oct 2009, weekly for 4 weeks, with 7 days in hospital from Wed 14 Oct:
    week 1 is 5-11 Oct; week 2 starts Mon 12 Oct, and its 7 active days run to Sun 25 Oct (the
    clock stops on Wed 14 and restarts on Wed 21 Oct); week 3 is 26 Oct-1 Nov.  The contact of
    Tue 13 Oct meets week 2 (that of Tue 20 Oct, in hospital, falls in it too); weeks 1 and 3 are
    missed.  Each row: (window, first day, day after the last, status)."""
    ids = {case_id: cid for cid, case_id in store.con.execute("SELECT cid, case_id FROM bulk_cases").fetchall()}
    rows = [row[2:] for row in handwritten.hand_rows(store, "2c.16/tier2", dt.date(2010, 1, 5))
            if row[0] == ids["S-PAUSED"]]
    D = dt.date
    assert rows[:3] == [(0, D(2009, 10, 5), D(2009, 10, 12), "missed"), (1, D(2009, 10, 12), D(2009, 10, 26), "met"),
                        (2, D(2009, 10, 26), D(2009, 11, 2), "missed")]
    assert rows[4][:3] == (4, D(2009, 11, 9), D(2009, 11, 23))   # fortnightly from week 5 (28 active days)


def test_every_sentence_in_the_test_store_records_its_tier(store):
    """The references read the recorded tier (not the tiering grid's fallback): the rows above are
    compared where that is the whole answer."""
    assert handwritten.untiered_sentences(store, dt.date(2010, 9, 1)) == 0


def test_one_obligations_rules_ask_only_what_they_read():
    """2a.4's rules alone (the edition's shared rules kept) never run the MAPPA rules, so they
    ask no MAPPA level of any day; and they never read the known events' sentences, so these
    stay a view.  The whole edition does both."""
    from policyengine.backends.sql import compile_program
    from policyengine.compiler.compile import load_edition
    alone = compile_program(handwritten.obligation_program("2a.4/community"))
    whole = compile_program(load_edition("2007"))
    steps = lambda sql: {p for step in sql.steps for p in step.preds}  # noqa: E731
    assert "demand_mappa_level_2_or_3_at" not in steps(alone)
    assert {"demand_mappa_level_2_or_3_at", "mappa_level_2_or_3_at"} <= steps(whole)
    assert "tier_at" in steps(alone)   # 2a.4's own exception (tier 1) still asks the tier
    assert alone.readers('"f_event_sentence"') < 2 <= whole.readers('"f_event_sentence"')
