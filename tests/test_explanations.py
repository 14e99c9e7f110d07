"""Snapshot tests of the plain-English answers of `nsr why`, one case per kind of answer.

Each snapshot under tests/snapshots/explanations/ was read against the case by hand (dates,
bank holidays, the conditions named).  When a template or the wording changes on purpose,
regenerate with NSR_UPDATE_SNAPSHOTS=1 and read the diff before committing it.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from policyengine.cases.load import load_case, load_case_data
from policyengine.evaluate import evaluate
from policyengine.explain.narrative import explanations, explanations_text
from support import program, run

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "explanations"
D = dt.date

TIER4_PLAN_LATE = {
    "id": "EXPL-LATE", "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12}],
    "assessments": [{"date": "2007-12-14", "tier": 4, "rosh": "medium"}],
    "events": [{"id": "sp1", "kind": "sentence_plan", "date": "2008-01-03", "type": "initial"}],
}
DRR_HOURS = {
    "id": "EXPL-HOURS", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-06-02", "length_months": 12,
                                      "requirements": [{"kind": "drr", "months": 6, "seriousness": "high"}]}],
    "events": [{"id": "t1", "kind": "treatment_contact", "date": "2008-06-03", "duration_minutes": 360},
               {"id": "w1", "kind": "work_session", "date": "2008-06-05", "duration_minutes": 420}],
}
HDC_JUDGED = {
    "id": "EXPL-JUDGED", "sentences": [{"id": "s1", "type": "custody", "date": "2008-03-17", "length_months": 18,
                                       "release_date": "2008-12-12"}],
    "events": [{"id": "h1", "kind": "hdc_assessment_requested", "date": "2008-04-22"},
               {"id": "a1", "kind": "hdc_assessment_returned", "date": "2008-05-07", "request": "h1"}],
    "judgements": [{"standard": "A6.1", "date": "2008-05-09", "met": True, "by": "Senior Probation Officer J. Patel",
                    "reason": "address and offender both assessed", "trigger": "a1"}],
}
# Warned Tue 5 Feb 2008 for a failure of Mon 4 Feb; failed again Mon 11 Feb, before the first
# failure's 10 working days ran out (Mon 18 Feb): enforcement turns on the warning actually given
# (a warning owed and not given counts only once its 10 working days are over).
WARNED_THEN_BREACHED = {
    "id": "EXPL-TURNS", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                                      "requirements": [{"kind": "supervision"}]}],
    "events": [{"id": "f1", "kind": "failure_to_comply", "date": "2008-02-04"},
               {"id": "w1", "kind": "warning", "date": "2008-02-05", "failure": "f1"},
               {"id": "f2", "kind": "failure_to_comply", "date": "2008-02-11"},
               {"id": "ei2", "kind": "enforcement_initiated", "date": "2008-02-20", "failure": "f2", "route": "court"}],
}

# name: (case file or dict, as-of, query, trigger)
KINDS = {
    "met_on_time": ("examples/tier4-community-order.yaml", D(2008, 1, 15), "2c.6/first_meeting", None),
    "met_late": (TIER4_PLAN_LATE, D(2008, 1, 15), "2b.3/community", None),
    "overdue_with_what_would_meet": ("examples/enforcement.yaml", D(2009, 6, 30), "2e.5/four_monthly", "sp2"),
    "pending": ("examples/tier4-community-order.yaml", D(2008, 1, 15), "2e.5/four_monthly", None),
    "needs_judgement": ("examples/tier4-community-order.yaml", D(2008, 1, 15), "2a.1", None),
    "judged_met_for_one_trigger": (HDC_JUDGED, D(2008, 6, 30), "A6.1/content", None),
    "exception": ("examples/drr.yaml", D(2008, 6, 30), "2c.6/first_meeting", None),
    "windows": ("examples/tier4-community-order.yaml", D(2008, 1, 15), "2c.16/tier4_weekly", None),
    "hours_windows": (DRR_HOURS, D(2008, 6, 16), "2d.9.4/hours_high", None),
    "not_applicable": ("examples/tier4-community-order.yaml", D(2008, 1, 15), "2c.16/home_visit", None),
    "turns_on_an_earlier_warning": (WARNED_THEN_BREACHED, D(2008, 2, 29), "2f.4/enforcement", None),
}


def _text(name: str) -> str:
    case, as_of, query, trigger = KINDS[name]
    loaded = load_case(ROOT / case) if isinstance(case, str) else load_case_data(case, f"test:{case['id']}")
    evaluation = evaluate(program("2007"), loaded, as_of)
    return explanations_text(explanations(evaluation, query, trigger)) + "\n"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_plain_english_answer(name):
    text = _text(name)
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("NSR_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_a_bank_holiday_on_a_weekend_is_not_named_as_skipped():
    """2c.6 for a tier 3 community order passed Thu 24 Dec 2009: 5 working days. Day 0 Thu 24;
    Fri 25 Christmas Day skipped; Sat 26 (Boxing Day, but a Saturday) and Sun 27 are the weekend;
    Mon 28 Boxing Day substitute skipped; Tue 29 (1), Wed 30 (2), Thu 31 (3); Fri 1 Jan 2010 New
    Year's Day skipped; Mon 4 (4), Tue 5 Jan 2010 (5). The answer names the three weekday bank
    holidays and not Saturday's Boxing Day, which moved nothing a weekend did not."""
    case = {"id": "XMAS-2009", "sentences": [{"id": "s1", "type": "community_order", "date": "2009-12-24",
                                                "length_months": 12}],
            "assessments": [{"date": "2009-12-24", "tier": 3}],
            "events": [{"id": "om1", "kind": "offender_manager_assigned", "date": "2009-12-24"}]}
    ev = run("2007", case, dt.date(2010, 1, 4))
    [found] = [e for e in explanations(ev, "2c.6/first_meeting") if e.answer.trigger]
    text = found.answer.text
    assert "Tuesday 5 January 2010" in text
    assert "Christmas Day on Fri 25 Dec 2009" in text and "New Year's Day on Fri 1 Jan 2010" in text
    assert "Mon 28 Dec 2009" in text and "Sat 26 Dec" not in text
