"""Deadlines in hours, read against case files that record dates, not times (issue 22; rule-language
section 8): `due within N hours` is due N // 24 calendar days after the trigger's day.  Hours run
through weekends, bank holidays, month ends and year ends alike.

Hand-counted from a failure on Fri 31 Dec 2010 (New Year's Eve); Sat 1 Jan 2011 is New Year's Day
and Mon 3 Jan 2011 its substitute bank holiday:
  2 hours  -> Fri 31 Dec 2010 (the same day)
  24 hours -> Sat 1 Jan 2011 (the next day: a Saturday, a bank holiday, a new month and year)
  36 hours -> Sat 1 Jan 2011 (the 12 hours left over stay inside the day the hours end)
  48 hours -> Sun 2 Jan 2011
  72 hours -> Mon 3 Jan 2011 (the substitute bank holiday counts like any other day)
The warning comes on Mon 3 Jan 2011: late for every deadline but the 72 hours.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.cases.load import load_case_data
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.evaluate import evaluate
from policyengine.tooling.lint import lint

D = dt.date
HOURS = (2, 24, 36, 48, 72)
POLICY = 'edition "hours" { title "Hours" publisher "P" in force from 2007-08-03 }\nstandard "9.1" {\n' \
    '  title "Hours"\n  quote "A warning is issued within the hours given."\n' + "".join(
        f'  obligation h{n} "Within {n} hours" {{\n    after failure_to_comply\n    due within {n} hours\n'
        f'    met by warning where failure = trigger\n  }}\n' for n in HOURS) + "}\n"
CASE = {
    "id": "HOURS-1",
    "offender": {"name": "Test Person", "gender": "male", "date_of_birth": "1985-03-02"},
    "sentences": [{"id": "s1", "type": "community_order", "date": "2010-11-01", "length_months": 12,
                   "requirements": [{"kind": "supervision", "months": 12}]}],
    "events": [
        {"id": "f1", "kind": "failure_to_comply", "date": "2010-12-31", "explained_in_advance": False},
        {"id": "w1", "kind": "warning", "date": "2011-01-03", "failure": "f1", "type": "first"},
    ],
}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYENGINE_CACHE", str(tmp_path / "cache"))


def test_the_policy_in_hours_lints_clean():
    assert [p.describe() for p in lint(POLICY, "hours.nsr")] == []


@pytest.mark.parametrize("hours, due, status", [
    (2, D(2010, 12, 31), "met_late"),
    (24, D(2011, 1, 1), "met_late"),
    (36, D(2011, 1, 1), "met_late"),
    (48, D(2011, 1, 2), "met_late"),
    (72, D(2011, 1, 3), "met_on_time"),
])
def test_hours_over_new_year_2011(hours, due, status):
    program = compile_text(POLICY, "hours.nsr")
    results = evaluate(program, load_case_data(CASE, "test"), D(2011, 1, 10)).results
    (result,) = [r for r in results if r.obligation == f"9.1/h{hours}"]
    assert (result.due, result.status) == (due, status)
    assert program.obligations[f"9.1/h{hours}"].deadlines[0].text == f"{hours} hours"


def _recall(emergency: bool, report: str | None) -> dict:
    """2015.7.2's report: a recall decided Thu 31 Mar 2016 (a month end), the report on the day given."""
    events = [{"id": "f1", "kind": "failure_to_comply", "date": "2016-03-30", "explained_in_advance": False},
              {"id": "d1", "kind": "recall_decision", "date": "2016-03-31", "failure": "f1", "emergency": emergency}]
    if report:
        events.append({"id": "p1", "kind": "recall_report", "date": report, "decision": "d1"})
    return {"id": "HOURS-2015", "offender": CASE["offender"],
            "sentences": [{"id": "s1", "type": "custody", "date": "2015-10-01", "length_months": 12,
                           "release_date": "2016-03-01"}],
            "events": [{"id": "r1", "kind": "release", "date": "2016-03-01", "on": "licence",
                        "licence_end": "2016-10-01"}, *events]}


@pytest.mark.parametrize("emergency, report, due, status", [
    # 24 hours from Thu 31 Mar: Fri 1 Apr 2016 (over the month end); 2 hours: the same day.
    (False, "2016-04-01", D(2016, 4, 1), "met_on_time"),
    (False, "2016-04-04", D(2016, 4, 1), "met_late"),
    (True, "2016-03-31", D(2016, 3, 31), "met_on_time"),
    (True, "2016-04-01", D(2016, 3, 31), "met_late"),
])
def test_2015_recall_report_in_hours(emergency, report, due, status):
    program = load_edition("2015")
    texts = [d.text for d in program.obligations["2015.7.2/report"].deadlines]
    assert texts == ["2 hours", "24 hours"]
    results = evaluate(program, load_case_data(_recall(emergency, report), "test"), D(2016, 4, 8)).results
    (result,) = [r for r in results if r.obligation == "2015.7.2/report"]
    assert (result.due, result.status) == (due, status)


def test_hours_outside_a_deadline_are_refused():
    text = POLICY.replace("}\n", "}\nrule soon(E, L) if event(E, contact, D) and L = D + 24 hours.\n", 1)
    (problem,) = lint(text.replace("due within 72 hours", "due within 3 days"), "hours.nsr")
    assert problem.message == "unknown time unit" and problem.found == "hours"
    assert problem.hint == ("case files record dates, not times: write 1 day (24 hours is 1 day); hours are for "
                            "deadlines only (due within 24 hours)")


# ---------------------------------------------------------------- `at least 1 every 1 month`
# Monthly windows from Fri 31 Oct 2014 (month-end rule, each window k months from the first day,
# rule-language section 5), hand-counted:
#   1: Fri 31 Oct - Sat 29 Nov 2014 (31 Oct + 1 month = Sun 30 Nov)
#   2: Sun 30 Nov - Tue 30 Dec 2014 (31 Oct + 2 months = Wed 31 Dec): c1 on Christmas Day counts,
#      a bank holiday being an ordinary calendar day for a schedule
#   3: Wed 31 Dec 2014 - Fri 30 Jan 2015: nothing (Boxing Day and New Year's Day move nothing)
#   4: Sat 31 Jan - Fri 27 Feb 2015 (31 Oct + 4 months = Sat 28 Feb, 2015 not a leap year): c2 on its last day
#   5: Sat 28 Feb - Mon 30 Mar 2015 (back to the 31st: + 5 months = Tue 31 Mar), open on Tue 10 Mar
MONTHLY = '''edition "months" { title "M" publisher "P" in force from 2007-08-03 }
standard "9.2" {
  title "Monthly"
  quote "Contact not less frequent than monthly."
  recurring monthly "Monthly contact" {
    after sentence
    at least 1 every 1 month
    counting contact
    ends by supervision_end
  }
}
'''
MONTHLY_CASE = {
    "id": "MONTHS-1", "offender": CASE["offender"],
    "sentences": [{"id": "s1", "type": "community_order", "date": "2014-10-31", "length_months": 12,
                   "requirements": [{"kind": "supervision", "months": 12}]}],
    "events": [{"id": c, "kind": "contact", "date": d, "mode": "face_to_face", "with": "offender_manager"}
               for c, d in [("c0", "2014-11-03"), ("c1", "2014-12-25"), ("c2", "2015-02-27")]],
}


def test_monthly_windows_over_christmas_and_month_ends():
    program = compile_text(MONTHLY, "months.nsr")
    results = evaluate(program, load_case_data(MONTHLY_CASE, "test"), D(2015, 3, 10)).results
    windows = [(r.window["start"], r.window["end"], r.status, r.window["events"]) for r in results]
    assert windows == [
        (D(2014, 10, 31), D(2014, 11, 29), "met", ["c0"]),
        (D(2014, 11, 30), D(2014, 12, 30), "met", ["c1"]),
        (D(2014, 12, 31), D(2015, 1, 30), "missed", []),
        (D(2015, 1, 31), D(2015, 2, 27), "met", ["c2"]),
        (D(2015, 2, 28), D(2015, 3, 30), "pending", []),
    ]
