"""Deadlines in hours against times of day (issue 22; rule-language section 8, case-files `time`):
where the trigger records its time, `due within N hours` ends at a minute of a day, and an event on
that day that records its time too is judged to the minute; where the trigger has no time, the
date-only reading stands (N // 24 days on, any hour of the due day).  All three backends (plain,
pyDatalog, bulk SQL) give the same due day and status.

Hand-counted (2016: Fri 25 Mar Good Friday and Mon 28 Mar Easter Monday are bank holidays, which
hours run through like any other time; Thu 31 Mar is a month end):
  24 hours from Thu 24 Mar 2016 14:30 end Fri 25 Mar (Good Friday) 14:30:
      a warning at 14:30 is on time (the end itself counts), at 14:31 late, at 09:00 on time;
      with no time recorded for the warning, the day alone decides: on time on Fri 25 Mar;
      on Sat 26 Mar at 08:00, late.
  2 hours from Thu 31 Mar 2016 23:00 end Fri 1 Apr 01:00 (past midnight and the month end), so
      the due day is Fri 1 Apr (the date-only reading would say Thu 31 Mar):
      a report at 00:45 or 01:00 is on time, at 01:15 late; with no time, on Fri 1 Apr, on time.
      As of Fri 1 Apr with no report yet: pending; as of Sat 2 Apr: overdue.
  2 hours from Thu 31 Mar 2016 10:00 end 12:00 that day: a report at 11:59 on time, at 12:01 late.
  Without the decision's time, the date-only reading: due Thu 31 Mar, a report at 23:59 on time.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.cases.load import CaseError, load_case_data
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.evaluate import evaluate

D = dt.date
OFFENDER = {"name": "Test Person", "gender": "male", "date_of_birth": "1985-03-02"}
POLICY = '''edition "hours" { title "Hours" publisher "P" in force from 2007-08-03 }
standard "9.1" {
  title "Hours"
  quote "A warning is issued within 24 hours."
  obligation h24 "Within 24 hours" {
    after failure_to_comply
    due within 24 hours
    met by warning where failure = trigger
  }
}
'''


def _warning_case(warning_date: str | None, warning_time: str | None, failure_time: str | None = "14:30") -> dict:
    failure = {"id": "f1", "kind": "failure_to_comply", "date": "2016-03-24", "explained_in_advance": False}
    if failure_time:
        failure["time"] = failure_time
    events = [failure]
    if warning_date:
        warning = {"id": "w1", "kind": "warning", "date": warning_date, "failure": "f1", "type": "first"}
        if warning_time:
            warning["time"] = warning_time
        events.append(warning)
    return {"id": "TIMES-1", "offender": OFFENDER,
            "sentences": [{"id": "s1", "type": "community_order", "date": "2016-01-04", "length_months": 12,
                           "requirements": [{"kind": "supervision", "months": 12}]}],
            "events": events}


def _recall_case(decision_time: str | None, report_date: str | None, report_time: str | None) -> dict:
    """2015.7.2: an emergency recall decided Thu 31 Mar 2016; its report is due within 2 hours."""
    decision = {"id": "d1", "kind": "recall_decision", "date": "2016-03-31", "failure": "f1", "emergency": True}
    if decision_time:
        decision["time"] = decision_time
    events = [{"id": "r1", "kind": "release", "date": "2016-03-01", "on": "licence", "licence_end": "2016-10-01"},
              {"id": "f1", "kind": "failure_to_comply", "date": "2016-03-30", "explained_in_advance": False},
              decision]
    if report_date:
        report = {"id": "p1", "kind": "recall_report", "date": report_date, "decision": "d1"}
        if report_time:
            report["time"] = report_time
        events.append(report)
    return {"id": "TIMES-2", "offender": OFFENDER,
            "sentences": [{"id": "s1", "type": "custody", "date": "2015-10-01", "length_months": 12,
                           "release_date": "2016-03-01"}],
            "events": events}


def _statuses(program, data: dict, as_of: dt.date, obligation: str) -> dict[str, tuple]:
    """(due, status) of the obligation from each backend."""
    case = load_case_data(data, "test")
    found = {}
    for engine in ("plain", "pydatalog"):
        (result,) = [r for r in evaluate(program, case, as_of, engine=engine).results if r.obligation == obligation]
        found[engine] = (result.due, result.status)
    store = BulkStore()
    store.add_cases([case])
    (result,) = [r for r in store.results(program, as_of)[case.id] if r.obligation == obligation]
    found["bulk"] = (result.due, result.status)
    return found


@pytest.mark.parametrize("warning_date, warning_time, status", [
    ("2016-03-25", "14:30", "met_on_time"),   # the end itself counts
    ("2016-03-25", "14:31", "met_late"),
    ("2016-03-25", "09:00", "met_on_time"),
    ("2016-03-25", None, "met_on_time"),      # no time on the warning: the day decides
    ("2016-03-26", "08:00", "met_late"),
])
def test_24_hours_over_good_friday(warning_date, warning_time, status):
    program = compile_text(POLICY, "hours.nsr")
    found = _statuses(program, _warning_case(warning_date, warning_time), D(2016, 4, 8), "9.1/h24")
    assert set(found.values()) == {(D(2016, 3, 25), status)}, found


def test_without_the_trigger_time_the_date_only_reading_stands():
    program = compile_text(POLICY, "hours.nsr")
    found = _statuses(program, _warning_case("2016-03-25", "23:59", failure_time=None), D(2016, 4, 8), "9.1/h24")
    assert set(found.values()) == {(D(2016, 3, 25), "met_on_time")}, found


@pytest.mark.parametrize("decision_time, report_date, report_time, as_of, due, status", [
    ("23:00", "2016-04-01", "00:45", D(2016, 4, 8), D(2016, 4, 1), "met_on_time"),   # over midnight and month end
    ("23:00", "2016-04-01", "01:00", D(2016, 4, 8), D(2016, 4, 1), "met_on_time"),
    ("23:00", "2016-04-01", "01:15", D(2016, 4, 8), D(2016, 4, 1), "met_late"),
    ("23:00", "2016-04-01", None, D(2016, 4, 8), D(2016, 4, 1), "met_on_time"),      # no time: the due day decides
    ("23:00", "2016-04-02", "00:30", D(2016, 4, 8), D(2016, 4, 1), "met_late"),
    ("23:00", None, None, D(2016, 4, 1), D(2016, 4, 1), "pending"),
    ("23:00", None, None, D(2016, 4, 2), D(2016, 4, 1), "overdue"),
    ("10:00", "2016-03-31", "11:59", D(2016, 4, 8), D(2016, 3, 31), "met_on_time"),
    ("10:00", "2016-03-31", "12:01", D(2016, 4, 8), D(2016, 3, 31), "met_late"),
    (None, "2016-03-31", "23:59", D(2016, 4, 8), D(2016, 3, 31), "met_on_time"),     # no time on the decision
    (None, None, None, D(2016, 4, 1), D(2016, 3, 31), "overdue"),
])
def test_2015_emergency_recall_report_within_2_hours(decision_time, report_date, report_time, as_of, due, status):
    found = _statuses(load_edition("2015"), _recall_case(decision_time, report_date, report_time), as_of,
                      "2015.7.2/report")
    assert set(found.values()) == {(due, status)}, found


@pytest.mark.parametrize("time", ["24:00", "9:30", "14:30:00", "noon"])
def test_a_time_that_is_not_hh_mm_is_refused_at_its_field(time):
    with pytest.raises(CaseError) as error:
        load_case_data(_warning_case("2016-03-25", time), "test")
    assert f"events[1].time: {time!r} is not a time of day written HH:MM on the 24-hour clock" in str(error.value)


def test_an_unquoted_time_in_yaml_is_read_as_written(tmp_path):
    # YAML 1.1 would read 14:30 as the base-60 number 870; case files read it as the time.
    from policyengine.cases.load import load_case
    import yaml
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(_warning_case("2016-03-25", "14:31")).replace("'14:30'", "14:30")
                    .replace("'14:31'", "14:31"))
    assert "time: 14:30" in path.read_text()
    case = load_case(path)
    assert [(e.id, e.time) for e in case.events] == [("f1", 14 * 60 + 30), ("w1", 14 * 60 + 31)]
