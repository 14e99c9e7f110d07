"""2015 Practice Framework – National Standards for the Management of Offenders (policies/2015.nsr).

Each scenario below is one small case file (as a dict), named for what it shows and evaluated
once (module-level cache).  The tests check what the 2015 Standards say should happen to it.

Every expected due date was worked out by hand with a paper calendar.  Working days follow the
2007 convention (Interpretation Note 9) which the 2015 text keeps: the occurrence is day 0,
working days are Monday to Friday, and England & Wales bank holidays are skipped.  The comment
beside each date names the weekends and bank holidays in range.  "Weeks" and "months" are
calendar weeks and months, which bank holidays do not move.

"N working days late" counts the working days after the due date up to and including the day
the thing was done (met_late) or the as-of date (overdue).

Bank holidays used on purpose:
  2015-16  Fri 25 Dec 2015 (Christmas), Mon 28 Dec 2015 (Boxing Day, substitute),
           Fri 1 Jan 2016 (New Year)
  2016     Fri 25 Mar (Good Friday), Mon 28 Mar (Easter Monday), Mon 30 May (spring),
           Mon 29 Aug (summer)
"""
from __future__ import annotations

import datetime as dt
import functools

import pytest

from policyengine.cases.load import CaseError, load_case_data
from policyengine.evaluate import Evaluation
from policyengine.explain.narrative import not_applicable as reasons_not_applicable
from support import result, results, run

D = dt.date


# ---------------------------------------------------------------- helpers


def _run(case: dict, as_of: dt.date) -> Evaluation:
    return run("2015", case, as_of)


def triggers(ev: Evaluation, obligation: str) -> set[str]:
    return {r.trigger.id for r in results(ev, obligation)}


def not_applicable(ev: Evaluation) -> dict[str, str]:
    """Obligations with no applying trigger at all, with the engine's reason."""
    return {na.obligation: na.condition for na in reasons_not_applicable(ev)}


def om_assigned(id: str, date: str, **more) -> dict:
    return {"id": id, "kind": "offender_manager_assigned", "date": date, **more}


def f2f(id: str, date: str, **more) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "face_to_face", "with": "offender_manager", **more}


def phone(id: str, date: str) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "telephone", "with": "offender_manager"}


def failure(id: str, date: str, **more) -> dict:
    return {"id": id, "kind": "failure_to_comply", "date": date, **more}


def warning(id: str, date: str, failure: str) -> dict:
    return {"id": id, "kind": "warning", "date": date, "failure": failure}


def enforcement(id: str, date: str, failure: str) -> dict:
    return {"id": id, "kind": "enforcement_initiated", "date": date, "failure": failure}


FIRST_CO = "2015.5.1/first_appointment"
FIRST_RELEASE = "2015.5.2/first_appointment"
PRE_RELEASE_PLAN = "2015.4.3/plan"
AP_PLACEMENT = "2015.4.3/ap_placement"
RESPOND = "2015.7.1/respond"
BREACH = "2015.7.1/breach"
DECISION = "2015.7.2/decision"
RECALL_REPORT = "2015.7.2/report"
VICTIM_OFFER = "2015.9.1/offer"
EVALUATION = "2015.10.1/evaluation"
UPW_FIRST = "2015.27.1/first_session"
UPW_HOURS = "2015.27.2/hours"


# ---------------------------------------------------------------- scenarios: allocation, first appointments, UPW


@functools.cache
def co_christmas() -> Evaluation:
    """Community order with supervision and 100 hours of unpaid work, sentenced Friday
    18 December 2015, allocated Monday 21 December; reallocated Tuesday 5 January 2016."""
    return _run({
        "id": "T15-CO-XMAS",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2015-12-18", "length_months": 18,
            "requirements": [{"kind": "supervision"}, {"kind": "unpaid_work", "hours": 100}],
        }],
        "events": [
            om_assigned("om1", "2015-12-21"),
            f2f("c1", "2015-12-30"),
            {"id": "ws1", "kind": "work_session", "date": "2016-01-04"},
            om_assigned("om2", "2016-01-05"),
            {"id": "upw1", "kind": "upw_completed", "date": "2016-11-30", "hours": 100},
        ],
    }, as_of=D(2016, 12, 31))


@functools.cache
def co_easter() -> Evaluation:
    """Community order with unpaid work, sentenced and allocated Wednesday 23 March 2016, the
    day before Good Friday.  A phone call is not a face-to-face appointment."""
    return _run({
        "id": "T15-CO-EASTER",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2016-03-23", "length_months": 24,
            "requirements": [{"kind": "unpaid_work", "hours": 150}],
        }],
        "events": [
            om_assigned("om1", "2016-03-23"),
            phone("tel1", "2016-03-29"),
            f2f("c1", "2016-04-04"),
            {"id": "ws1", "kind": "work_session", "date": "2016-04-07"},
        ],
    }, as_of=D(2017, 3, 27))


@functools.cache
def sso_spring() -> Evaluation:
    """Suspended sentence order with unpaid work, sentenced and allocated Tuesday 24 May 2016,
    the week before the spring bank holiday; nothing done by Monday 6 June."""
    return _run({
        "id": "T15-SSO-SPRING",
        "sentences": [{
            "id": "s1", "type": "suspended_sentence_order", "date": "2016-05-24", "length_months": 24,
            "requirements": [{"kind": "unpaid_work", "hours": 80}],
        }],
        "events": [om_assigned("om1", "2016-05-24")],
    }, as_of=D(2016, 6, 6))


@functools.cache
def upw_leap_day() -> Evaluation:
    """Community order of unpaid work passed on Monday 29 February 2016; hours completed on
    Wednesday 1 March 2017."""
    return _run({
        "id": "T15-UPW-LEAP",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2016-02-29", "length_months": 18,
            "requirements": [{"kind": "unpaid_work", "hours": 60}],
        }],
        "events": [
            om_assigned("om1", "2016-02-29"),
            {"id": "ws1", "kind": "work_session", "date": "2016-03-02"},
            {"id": "upw1", "kind": "upw_completed", "date": "2017-03-01", "hours": 60},
        ],
    }, as_of=D(2017, 3, 10))


@functools.cache
def custody_only() -> Evaluation:
    """Custodial sentence with an officer assigned and no release date: no CO/SSO first
    appointment, no unpaid work, no pre-release window, no AP flag."""
    return _run({
        "id": "T15-CUSTODY",
        "sentences": [{"id": "s1", "type": "custody", "date": "2016-01-11"}],
        "events": [om_assigned("om1", "2016-01-12")],
    }, as_of=D(2016, 3, 1))


def test_2015_5_1_first_appointment_co_met_over_christmas():
    # Allocated Mon 21 Dec 2015 = day 0: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Christmas,
    # Sat 26, Sun 27, Mon 28 Boxing Day (substitute), Tue 29 (4), Wed 30 (5).
    r = result(co_christmas(), FIRST_CO)
    assert r.trigger.id == "om1"
    assert r.due == D(2015, 12, 30)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "c1"


def test_2015_5_1_first_appointment_co_reallocation_does_not_restart_the_clock():
    assert triggers(co_christmas(), FIRST_CO) == {"om1"}


def test_2015_5_1_first_appointment_co_late_over_easter_phone_call_does_not_count():
    # Allocated Wed 23 Mar 2016 = day 0: Thu 24 (1), Fri 25 Good Friday, Sat, Sun,
    # Mon 28 Easter Monday, Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Apr (5).
    # The phone call on Tue 29 Mar is not face to face; the meeting on Mon 4 Apr is 1 day late.
    r = result(co_easter(), FIRST_CO)
    assert r.due == D(2016, 4, 1)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "c1"
    assert r.working_days_late == 1


def test_2015_5_1_first_appointment_co_overdue_over_spring_bank_holiday():
    # Allocated Tue 24 May 2016 = day 0: Wed 25 (1), Thu 26 (2), Fri 27 (3), Sat, Sun,
    # Mon 30 spring bank holiday, Tue 31 (4), Wed 1 Jun (5).  As of Mon 6 Jun: Thu 2, Fri 3,
    # Mon 6 = 3 working days late.
    r = result(sso_spring(), FIRST_CO)
    assert r.due == D(2016, 6, 1)
    assert r.status == "overdue"
    assert r.working_days_late == 3


def test_2015_5_1_first_appointment_co_not_applicable_to_custody():
    assert FIRST_CO in not_applicable(custody_only())


def test_2015_27_1_unpaid_work_prepared_first_session_met_over_christmas_and_new_year():
    # Allocated Mon 21 Dec 2015 = day 0: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Christmas,
    # Mon 28 Boxing Day (substitute), Tue 29 (4), Wed 30 (5), Thu 31 (6), Fri 1 Jan New Year,
    # Sat, Sun, Mon 4 Jan 2016 (7).
    r = result(co_christmas(), UPW_FIRST)
    assert r.due == D(2016, 1, 4)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "ws1"


def test_2015_27_1_unpaid_work_prepared_first_session_late_over_easter():
    # Allocated Wed 23 Mar 2016 = day 0: Thu 24 (1), Good Friday and Easter Monday skipped,
    # Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Apr (5), Mon 4 (6), Tue 5 (7).
    # Session Thu 7 Apr: Wed 6, Thu 7 = 2 working days late.
    r = result(co_easter(), UPW_FIRST)
    assert r.due == D(2016, 4, 5)
    assert r.status == "met_late"
    assert r.working_days_late == 2


def test_2015_27_1_unpaid_work_prepared_first_session_overdue_over_spring_bank_holiday():
    # Allocated Tue 24 May 2016 = day 0: Wed 25 (1), Thu 26 (2), Fri 27 (3), Mon 30 spring
    # bank holiday, Tue 31 (4), Wed 1 Jun (5), Thu 2 (6), Fri 3 (7).  As of Mon 6 Jun: 1 late.
    r = result(sso_spring(), UPW_FIRST)
    assert r.due == D(2016, 6, 3)
    assert r.status == "overdue"
    assert r.working_days_late == 1


def test_2015_27_1_unpaid_work_prepared_not_applicable_without_unpaid_work():
    assert UPW_FIRST in not_applicable(custody_only())


def test_2015_27_2_unpaid_work_undertaken_hours_met_within_12_months():
    # Sentenced Fri 18 Dec 2015 + 12 calendar months = Sun 18 Dec 2016; completed 30 Nov 2016.
    r = result(co_christmas(), UPW_HOURS)
    assert r.trigger.id == "s1"
    assert r.due == D(2016, 12, 18)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "upw1"


def test_2015_27_2_unpaid_work_undertaken_hours_late_month_end_rule():
    # Sentenced Mon 29 Feb 2016 + 12 months: 29 Feb 2017 does not exist, so Tue 28 Feb 2017.
    # Completed Wed 1 Mar 2017: 1 working day late.
    r = result(upw_leap_day(), UPW_HOURS)
    assert r.due == D(2017, 2, 28)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_27_2_unpaid_work_undertaken_hours_overdue():
    # Sentenced Wed 23 Mar 2016 + 12 months = Thu 23 Mar 2017; nothing completed.
    # As of Mon 27 Mar 2017: Fri 24, (Sat, Sun), Mon 27 = 2 working days late.
    r = result(co_easter(), UPW_HOURS)
    assert r.due == D(2017, 3, 23)
    assert r.status == "overdue"
    assert r.working_days_late == 2


def test_2015_27_2_unpaid_work_undertaken_hours_pending_then_not_applicable():
    # Sentenced Tue 24 May 2016 + 12 months = Wed 24 May 2017, still ahead on 6 Jun 2016.
    r = result(sso_spring(), UPW_HOURS)
    assert r.due == D(2017, 5, 24)
    assert r.status == "pending"
    assert UPW_HOURS in not_applicable(custody_only())


# ---------------------------------------------------------------- scenarios: release


def _licence_case(id: str, on: str, release: str, events: list, as_of: dt.date) -> Evaluation:
    return _run({
        "id": id,
        "sentences": [{"id": "s1", "type": "custody", "date": "2015-06-01", "length_months": 24}],
        "events": [{"id": "r1", "kind": "release", "date": release, "on": on}, *events],
    }, as_of=as_of)


@functools.cache
def release_christmas_eve() -> Evaluation:
    """Released on licence Thursday 24 December 2015; seen Tuesday 29 December."""
    return _licence_case("T15-REL-XMAS", "licence", "2015-12-24", [f2f("c1", "2015-12-29")], D(2016, 1, 8))


@functools.cache
def release_pss_easter() -> Evaluation:
    """Released onto post sentence supervision Thursday 24 March 2016; seen Wednesday 30 March."""
    return _licence_case("T15-REL-PSS-EASTER", "post_sentence_supervision", "2016-03-24",
                         [f2f("c1", "2016-03-30")], D(2016, 4, 8))


@functools.cache
def release_summer() -> Evaluation:
    """Released on licence Friday 26 August 2016, before the summer bank holiday; not seen."""
    return _licence_case("T15-REL-SUMMER", "licence", "2016-08-26", [], D(2016, 9, 1))


@functools.cache
def release_unconditional() -> Evaluation:
    return _licence_case("T15-REL-UNCOND", "unconditional", "2016-08-26", [], D(2016, 9, 1))


def test_2015_5_2_first_appointment_release_met_after_christmas():
    # Released Thu 24 Dec 2015 = day 0: Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day
    # (substitute), Tue 29 (1).
    r = result(release_christmas_eve(), FIRST_RELEASE)
    assert r.due == D(2015, 12, 29)
    assert r.status == "met_on_time"


def test_2015_5_2_first_appointment_release_pss_late_over_easter():
    # Released Thu 24 Mar 2016 = day 0: Good Friday, Sat, Sun, Easter Monday, Tue 29 (1).
    # Seen Wed 30 Mar: 1 working day late.
    r = result(release_pss_easter(), FIRST_RELEASE)
    assert r.due == D(2016, 3, 29)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_5_2_first_appointment_release_overdue_over_summer_bank_holiday():
    # Released Fri 26 Aug 2016 = day 0: Sat, Sun, Mon 29 summer bank holiday, Tue 30 (1).
    # As of Thu 1 Sep: Wed 31, Thu 1 = 2 working days late.
    r = result(release_summer(), FIRST_RELEASE)
    assert r.due == D(2016, 8, 30)
    assert r.status == "overdue"
    assert r.working_days_late == 2


def test_2015_5_2_first_appointment_release_not_applicable_to_unconditional_release():
    assert FIRST_RELEASE in not_applicable(release_unconditional())


# ---------------------------------------------------------------- scenarios: pre-release plan and AP


def _custody_case(id: str, release_date: str | None, events: list, as_of: dt.date, ap: bool = True) -> Evaluation:
    sentence = {"id": "s1", "type": "custody", "date": "2015-09-01", "length_months": 24}
    if release_date:
        sentence["release_date"] = release_date
    case = {"id": id, "sentences": [sentence], "events": events}
    if ap:
        case["flags"] = ["approved_premises_suitable"]
    return _run(case, as_of=as_of)


@functools.cache
def pre_release_on_time() -> Evaluation:
    """Release expected Tuesday 31 May 2016; AP referral Monday 29 February, plan 20 April."""
    return _custody_case("T15-PRE-ONTIME", "2016-05-31", [
        {"id": "ap1", "kind": "approved_premises_referral", "date": "2016-02-29"},
        {"id": "sp1", "kind": "sentence_plan", "date": "2016-04-20", "type": "pre_release"},
    ], D(2016, 6, 10))


@functools.cache
def pre_release_late() -> Evaluation:
    """Release expected Thursday 31 March 2016; AP referral Monday 4 January 2016; a plan on
    6 January (too early to count) and another on Friday 1 April (after release)."""
    return _custody_case("T15-PRE-LATE", "2016-03-31", [
        {"id": "ap1", "kind": "approved_premises_referral", "date": "2016-01-04"},
        {"id": "sp0", "kind": "sentence_plan", "date": "2016-01-06", "type": "pre_release"},
        {"id": "sp1", "kind": "sentence_plan", "date": "2016-04-01", "type": "pre_release"},
    ], D(2016, 4, 8))


@functools.cache
def pre_release_nothing() -> Evaluation:
    """Release expected Thursday 31 March 2016; no plan, no AP referral by Tuesday 5 April."""
    return _custody_case("T15-PRE-NONE", "2016-03-31", [], D(2016, 4, 5))


@functools.cache
def pre_release_no_date_no_flag() -> Evaluation:
    return _custody_case("T15-PRE-NA", None, [], D(2016, 4, 5), ap=False)


@functools.cache
def pre_release_date_no_flag() -> Evaluation:
    return _custody_case("T15-PRE-NOFLAG", "2016-03-31", [], D(2016, 4, 5), ap=False)


def test_2015_4_3_pre_release_plan_met_inside_the_12_week_window():
    # Release Tue 31 May 2016 - 12 weeks (84 days): 31 May - 28 = 3 May, - 28 = 5 Apr,
    # - 28 = Tue 8 Mar 2016.  The window runs 8 Mar to 31 May; plan on 20 Apr.
    r = result(pre_release_on_time(), PRE_RELEASE_PLAN)
    assert r.trigger.id == "s1"
    assert r.due == D(2016, 5, 31)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "sp1"


def test_2015_4_3_pre_release_plan_too_early_does_not_count_and_after_release_is_late():
    # Release Thu 31 Mar 2016 - 84 days: - 28 = 3 Mar, - 28 = 4 Feb (2016 is a leap year),
    # - 28 = Thu 7 Jan 2016.  The plan of Wed 6 Jan is before the window; the one of
    # Fri 1 Apr is 1 working day after the due date.
    r = result(pre_release_late(), PRE_RELEASE_PLAN)
    assert r.due == D(2016, 3, 31)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "sp1"
    assert r.working_days_late == 1


def test_2015_4_3_pre_release_plan_overdue():
    # Due Thu 31 Mar 2016; as of Tue 5 Apr: Fri 1, (Sat, Sun), Mon 4, Tue 5 = 3 late.
    r = result(pre_release_nothing(), PRE_RELEASE_PLAN)
    assert r.status == "overdue"
    assert r.working_days_late == 3


def test_2015_4_3_pre_release_plan_cannot_be_timed_without_a_release_date():
    r = result(pre_release_no_date_no_flag(), PRE_RELEASE_PLAN)
    assert (r.status, r.due, r.trigger.id) == ("missing_data", None, "s1")
    assert [m.field for m in r.missing] == ["sentences[0].release_date"]
    assert AP_PLACEMENT in not_applicable(pre_release_no_date_no_flag())  # not assessed as suitable


def test_2015_4_3_pre_release_ap_placement_met_month_end_rule():
    # Release Tue 31 May 2016 - 3 months: 31 Feb does not exist, so Mon 29 Feb 2016
    # (leap year).  Referral that day is on time.
    r = result(pre_release_on_time(), AP_PLACEMENT)
    assert r.due == D(2016, 2, 29)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "ap1"


def test_2015_4_3_pre_release_ap_placement_late_over_new_year():
    # Release Thu 31 Mar 2016 - 3 months = Thu 31 Dec 2015.  Referral Mon 4 Jan 2016:
    # Fri 1 Jan New Year's Day, Sat, Sun skipped, Mon 4 = 1 working day late.
    r = result(pre_release_late(), AP_PLACEMENT)
    assert r.due == D(2015, 12, 31)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_4_3_pre_release_ap_placement_overdue():
    r = result(pre_release_nothing(), AP_PLACEMENT)
    assert r.due == D(2015, 12, 31)
    assert r.status == "overdue"


def test_2015_4_3_pre_release_ap_placement_not_applicable_without_the_flag():
    assert AP_PLACEMENT in not_applicable(pre_release_date_no_flag())
    assert AP_PLACEMENT in not_applicable(pre_release_no_date_no_flag())


# ---------------------------------------------------------------- scenarios: enforcement CO / SSO / PSS


def _co(id: str, events: list, as_of: dt.date, date: str = "2015-12-01") -> Evaluation:
    return _run({
        "id": id,
        "sentences": [{"id": "s1", "type": "community_order", "date": date, "length_months": 24,
                       "requirements": [{"kind": "supervision"}]}],
        "events": events,
    }, as_of=as_of)


@functools.cache
def enforce_co_christmas() -> Evaluation:
    """Failure Monday 21 December 2015, warned Thursday 31 December."""
    return _co("T15-ENF-XMAS", [failure("f1", "2015-12-21"), warning("w1", "2015-12-31", "f1")], D(2016, 1, 8))


@functools.cache
def enforce_co_easter() -> Evaluation:
    """Failure Thursday 24 March 2016 (eve of Good Friday), warned Wednesday 6 April."""
    return _co("T15-ENF-EASTER", [failure("f1", "2016-03-24"), warning("w1", "2016-04-06", "f1")], D(2016, 4, 8))


@functools.cache
def enforce_pss_spring() -> Evaluation:
    """Post sentence supervision; failure Wednesday 25 May 2016, nothing done by 6 June."""
    return _run({
        "id": "T15-ENF-PSS-SPRING",
        "sentences": [{"id": "s1", "type": "custody", "date": "2015-09-01", "length_months": 4}],
        "events": [
            {"id": "r1", "kind": "release", "date": "2016-01-04", "on": "post_sentence_supervision"},
            failure("f1", "2016-05-25"),
        ],
    }, as_of=D(2016, 6, 6))


@functools.cache
def enforce_co_exceptions() -> Evaluation:
    """Failures explained in advance (f1), with an accepted explanation (f2), and two on one
    day (f3, f3b) of which the first was warned."""
    return _co("T15-ENF-NA", [
        failure("f1", "2016-02-01", explained_in_advance=True),
        failure("f2", "2016-03-01", explanation_accepted=True),
        failure("f3", "2016-04-04"),
        failure("f3b", "2016-04-04"),
        warning("w3", "2016-04-05", "f3"),
    ], D(2016, 4, 29), date="2016-01-04")


@functools.cache
def breach_co_easter() -> Evaluation:
    """Second unacceptable failure within 12 months (Tuesday 22 March 2016): breach initiated
    Thursday 31 March."""
    return _co("T15-BREACH-CO", [
        failure("f1", "2016-01-04"), warning("w1", "2016-01-05", "f1"),
        failure("f2", "2016-03-22"), enforcement("e2", "2016-03-31", "f2"),
    ], D(2016, 4, 8))


@functools.cache
def breach_co_twelve_months() -> Evaluation:
    """Two failures on Monday 4 January 2016 (one failure), one on Wednesday 4 January 2017
    (the same date 12 months later: within 12 months, prelude within_12_months_before) and one
    on Thursday 5 January 2017 (12 months and a day after the first); only warnings are given."""
    return _co("T15-BREACH-12M", [
        failure("f1", "2016-01-04"), failure("f1b", "2016-01-04"), warning("w1", "2016-01-05", "f1"),
        failure("f2", "2017-01-04"), warning("w2", "2017-01-05", "f2"),
        failure("f3", "2017-01-05"), warning("w3", "2017-01-06", "f3"),
    ], D(2017, 1, 16))


@functools.cache
def breach_pss_third() -> Evaluation:
    """Post sentence supervision: failures 1 February, 1 March and Monday 4 April 2016;
    enforcement on the third, Wednesday 13 April."""
    return _run({
        "id": "T15-BREACH-PSS",
        "sentences": [{"id": "s1", "type": "custody", "date": "2015-09-01", "length_months": 4}],
        "events": [
            {"id": "r1", "kind": "release", "date": "2016-01-04", "on": "post_sentence_supervision"},
            failure("f1", "2016-02-01"), warning("w1", "2016-02-02", "f1"),
            failure("f2", "2016-03-01"), warning("w2", "2016-03-02", "f2"),
            failure("f3", "2016-04-04"), enforcement("e3", "2016-04-13", "f3"),
        ],
    }, as_of=D(2016, 4, 29))


@functools.cache
def breach_co_spent() -> Evaluation:
    """Breach on the 2nd failure (1 February 2016), dealt with by the court on 1 March with
    the order continuing; a failure on 4 April then counts as the first again."""
    return _co("T15-BREACH-SPENT", [
        failure("f1", "2016-01-04"), warning("w1", "2016-01-05", "f1"),
        failure("f2", "2016-02-01"), enforcement("e2", "2016-02-02", "f2"),
        {"id": "b2", "kind": "breach_resolved", "date": "2016-03-01", "order_continues": True},
        failure("f3", "2016-04-04"), warning("w3", "2016-04-05", "f3"),
    ], D(2016, 4, 29))


def test_2015_7_1_community_and_pss_respond_met_over_christmas():
    # Failure Mon 21 Dec 2015 = day 0: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Christmas,
    # Sat, Sun, Mon 28 Boxing Day (substitute), Tue 29 (4), Wed 30 (5), Thu 31 (6).
    r = result(enforce_co_christmas(), RESPOND)
    assert r.due == D(2015, 12, 31)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "w1"


def test_2015_7_1_community_and_pss_respond_late_over_easter():
    # Failure Thu 24 Mar 2016 = day 0: Good Friday, Sat, Sun, Easter Monday, Tue 29 (1),
    # Wed 30 (2), Thu 31 (3), Fri 1 Apr (4), Mon 4 (5), Tue 5 (6).  Warned Wed 6: 1 late.
    r = result(enforce_co_easter(), RESPOND)
    assert r.due == D(2016, 4, 5)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_7_1_community_and_pss_respond_overdue_on_pss_over_spring_bank_holiday():
    # Failure Wed 25 May 2016 = day 0: Thu 26 (1), Fri 27 (2), Sat, Sun, Mon 30 spring bank
    # holiday, Tue 31 (3), Wed 1 Jun (4), Thu 2 (5), Fri 3 (6).  As of Mon 6 Jun: 1 late.
    r = result(enforce_pss_spring(), RESPOND)
    assert r.due == D(2016, 6, 3)
    assert r.status == "overdue"
    assert r.working_days_late == 1


def test_2015_7_1_community_and_pss_respond_not_applicable_cases():
    ev = enforce_co_exceptions()
    assert "f1" not in triggers(ev, RESPOND)          # explained in advance
    assert result(ev, RESPOND, "f2").status == "not_applicable"   # explanation accepted
    assert result(ev, RESPOND, "f3").status == "met_on_time"
    assert result(ev, RESPOND, "f3b").status == "not_applicable"  # same day as f3
    # a licence failure is not a CO/SSO/PSS failure
    assert RESPOND in not_applicable(licence_failures())


def test_2015_7_1_community_and_pss_breach_second_failure_met_over_easter():
    # Second failure Tue 22 Mar 2016 = day 0: Wed 23 (1), Thu 24 (2), Good Friday, Sat, Sun,
    # Easter Monday, Tue 29 (3), Wed 30 (4), Thu 31 (5), Fri 1 Apr (6).
    ev = breach_co_easter()
    assert triggers(ev, BREACH) == {"f2"}
    r = result(ev, BREACH, "f2")
    assert r.due == D(2016, 4, 1)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "e2"
    assert result(ev, RESPOND, "f2").status == "met_on_time"


def test_2015_7_1_community_and_pss_breach_twelve_month_boundary_and_same_day_overdue():
    # f1 and f1b (Mon 4 Jan 2016) count as one day.  f2 (Wed 4 Jan 2017): 12 months before is
    # Mon 4 Jan 2016 itself, which counts, so f1 and f2 make 2: breach due from Wed 4 Jan 2017
    # = day 0 (no bank holiday in range; Mon 2 Jan 2017, the New Year substitute, is before):
    # Thu 5 (1), Fri 6 (2), Mon 9 (3), Tue 10 (4), Wed 11 (5), Thu 12 Jan (6).  f3 (Thu 5 Jan
    # 2017): 12 months before is Tue 5 Jan 2016, after f1, so f1 is out; f2 and f3 make 2:
    # due Fri 13 Jan (6).  Only warnings were given, which do not meet a breach: as of Mon 16
    # Jan, f2 is 2 working days late (Fri 13, Mon 16) and f3 1 (Mon 16).
    ev = breach_co_twelve_months()
    assert triggers(ev, BREACH) == {"f2", "f3"}
    r2 = result(ev, BREACH, "f2")
    assert (r2.due, r2.status, r2.working_days_late) == (D(2017, 1, 12), "overdue", 2)
    r = result(ev, BREACH, "f3")
    assert r.due == D(2017, 1, 13)
    assert r.status == "overdue"
    assert r.working_days_late == 1
    assert result(ev, RESPOND, "f3").status == "met_on_time"


def test_2015_7_1_community_and_pss_breach_third_failure_on_pss_late():
    # PSS: f1 (1 Feb) and f2 (1 Mar) are the 1st and 2nd: no breach yet.  f3 Mon 4 Apr 2016
    # = day 0: Tue 5 (1), Wed 6 (2), Thu 7 (3), Fri 8 (4), Mon 11 (5), Tue 12 (6).
    # Enforcement Wed 13 Apr: 1 working day late.
    ev = breach_pss_third()
    assert triggers(ev, BREACH) == {"f3"}
    r = result(ev, BREACH, "f3")
    assert r.due == D(2016, 4, 12)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_7_1_community_and_pss_breach_not_applicable_after_spent_failures():
    ev = breach_co_spent()
    assert triggers(ev, BREACH) == {"f2"}
    assert result(ev, BREACH, "f2").status == "met_on_time"
    assert BREACH in not_applicable(enforce_co_christmas())


# ---------------------------------------------------------------- scenarios: licence enforcement


@functools.cache
def licence_failures() -> Evaluation:
    """Licence from 1 December 2015 to 31 May 2016.  Failure Monday 21 December 2015 with a
    recall decision Wednesday 6 January and the report on Thursday 7 January; failure
    Monday 1 February 2016 answered by a warning on 3 February; failure Thursday 24 March
    2016 with an emergency recall decision Monday 11 April and the report on Tuesday 12 April;
    a recall decision Friday 1 July with no report by Monday 4 July; a failure after the
    licence ended (1 June) and one explained in advance."""
    return _run({
        "id": "T15-LICENCE",
        "sentences": [{"id": "s1", "type": "custody", "date": "2015-06-01", "length_months": 12}],
        "events": [
            {"id": "r1", "kind": "release", "date": "2015-12-01", "on": "licence", "licence_end": "2016-05-31"},
            failure("f1", "2015-12-21"),
            {"id": "d1", "kind": "recall_decision", "date": "2016-01-06", "failure": "f1"},
            {"id": "p1", "kind": "recall_report", "date": "2016-01-07", "decision": "d1"},
            failure("f2", "2016-02-01"),
            warning("w2", "2016-02-03", "f2"),
            failure("f3", "2016-03-24"),
            {"id": "d3", "kind": "recall_decision", "date": "2016-04-11", "failure": "f3", "emergency": True},
            {"id": "p3", "kind": "recall_report", "date": "2016-04-12", "decision": "d3"},
            failure("f4", "2016-04-20", explained_in_advance=True),
            failure("f5", "2016-05-20"),
            {"id": "d5", "kind": "recall_decision", "date": "2016-07-01", "failure": "f5"},
            failure("f6", "2016-06-01"),
        ],
    }, as_of=D(2016, 7, 4))


def test_2015_7_2_licence_decision_met_over_christmas_and_new_year():
    # Failure Mon 21 Dec 2015 = day 0: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Christmas,
    # Mon 28 Boxing Day (substitute), Tue 29 (4), Wed 30 (5), Thu 31 (6), Fri 1 Jan New Year,
    # Sat, Sun, Mon 4 (7), Tue 5 (8), Wed 6 Jan 2016 (9).
    r = result(licence_failures(), DECISION, "f1")
    assert r.due == D(2016, 1, 6)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "d1"


def test_2015_7_2_licence_decision_met_by_a_warning():
    # Failure Mon 1 Feb 2016 = day 0; day 9 is Fri 12 Feb (two weekends skipped).
    r = result(licence_failures(), DECISION, "f2")
    assert r.due == D(2016, 2, 12)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "w2"


def test_2015_7_2_licence_decision_late_over_easter():
    # Failure Thu 24 Mar 2016 = day 0: Good Friday, Sat, Sun, Easter Monday, Tue 29 (1),
    # Wed 30 (2), Thu 31 (3), Fri 1 Apr (4), Mon 4 (5), Tue 5 (6), Wed 6 (7), Thu 7 (8),
    # Fri 8 (9).  Decision Mon 11 Apr: 1 working day late.
    r = result(licence_failures(), DECISION, "f3")
    assert r.due == D(2016, 4, 8)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_7_2_licence_decision_overdue_and_not_applicable():
    # Failure Fri 20 May 2016 = day 0: Mon 23 (1) ... Fri 27 (5), Mon 30 spring bank
    # holiday, Tue 31 (6), Wed 1 Jun (7), Thu 2 (8), Fri 3 Jun (9).  The decision of Fri 1 Jul
    # is late.  f4 was explained in advance and f6 is after the licence ended (31 May).
    ev = licence_failures()
    r = result(ev, DECISION, "f5")
    assert r.due == D(2016, 6, 3)
    assert r.status == "met_late"
    assert triggers(ev, DECISION) == {"f1", "f2", "f3", "f5"}
    assert DECISION in not_applicable(enforce_co_christmas())


def test_2015_7_2_licence_report_met_by_the_next_day():
    # Decision Wed 6 Jan 2016: within 24 hours = by Thu 7 Jan (calendar day).
    r = result(licence_failures(), RECALL_REPORT, "d1")
    assert r.due == D(2016, 1, 7)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "p1"


def test_2015_7_2_licence_report_emergency_same_day_late():
    # Emergency: within 2 hours = the same day, Mon 11 Apr 2016.  Report Tue 12: 1 late.
    r = result(licence_failures(), RECALL_REPORT, "d3")
    assert r.due == D(2016, 4, 11)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_7_2_licence_report_overdue_over_a_weekend():
    # Decision Fri 1 Jul 2016: due Sat 2 Jul (next calendar day).  As of Mon 4 Jul: Mon 4 is
    # the first working day after the due date = 1 working day late.
    r = result(licence_failures(), RECALL_REPORT, "d5")
    assert r.due == D(2016, 7, 2)
    assert r.status == "overdue"
    assert r.working_days_late == 1


def test_2015_7_2_licence_report_not_applicable_without_a_recall_decision():
    assert RECALL_REPORT in not_applicable(enforce_co_christmas())


# ---------------------------------------------------------------- scenarios: victims


def _victim_case(id: str, date: str, qualifying: bool, events: list, as_of: dt.date) -> Evaluation:
    """36 months in custody for malicious wounding (Schedule 15 paragraph 7), which qualifies for
    statutory victim contact, or for theft (Theft Act 1968 s.1, not a specified offence)."""
    offence = (("Offences against the Person Act 1861", "20") if qualifying else ("Theft Act 1968", "1"))
    return _run({
        "id": id,
        "sentences": [{"id": "s1", "type": "custody", "date": date, "length_months": 36}],
        "offences": [{"id": "o1", "statute": offence[0], "section": offence[1], "sentence": "s1"}],
        "events": events,
    }, as_of=as_of)


@functools.cache
def victim_on_time() -> Evaluation:
    return _victim_case("T15-VIC-ONTIME", "2015-11-02", True,
                        [{"id": "v1", "kind": "victim_contact_offer", "date": "2015-12-24", "method": "other"}],
                        D(2016, 1, 8))


@functools.cache
def victim_late() -> Evaluation:
    return _victim_case("T15-VIC-LATE", "2015-11-02", True,
                        [{"id": "v1", "kind": "victim_contact_offer", "date": "2015-12-29", "method": "letter"}],
                        D(2016, 1, 8))


@functools.cache
def victim_overdue() -> Evaluation:
    return _victim_case("T15-VIC-OVERDUE", "2016-04-01", True, [], D(2016, 5, 31))


@functools.cache
def victim_not_qualifying() -> Evaluation:
    return _victim_case("T15-VIC-NA", "2016-04-01", False, [], D(2016, 5, 31))


def test_2015_9_1_statutory_duties_offer_met_within_8_weeks():
    # Sentenced Mon 2 Nov 2015 + 56 days: + 28 = 30 Nov, + 28 = Mon 28 Dec 2015 (a bank
    # holiday, but calendar weeks do not move).  Offer (not in writing) on Thu 24 Dec.
    r = result(victim_on_time(), VICTIM_OFFER)
    assert r.due == D(2015, 12, 28)
    assert r.status == "met_on_time"


def test_2015_9_1_statutory_duties_offer_late():
    # Due Mon 28 Dec 2015; offer Tue 29 Dec: 1 working day late.
    r = result(victim_late(), VICTIM_OFFER)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2015_9_1_statutory_duties_offer_overdue_over_spring_bank_holiday():
    # Sentenced Fri 1 Apr 2016 + 56 days: + 28 = 29 Apr, + 28 = Fri 27 May 2016.
    # As of Tue 31 May: Sat, Sun, Mon 30 spring bank holiday skipped, Tue 31 = 1 late.
    r = result(victim_overdue(), VICTIM_OFFER)
    assert r.due == D(2016, 5, 27)
    assert r.status == "overdue"
    assert r.working_days_late == 1


def test_2015_9_1_statutory_duties_offer_not_applicable_when_not_qualifying():
    assert VICTIM_OFFER in not_applicable(victim_not_qualifying())


# ---------------------------------------------------------------- scenarios: evaluation at the end


def _evaluation_case(id: str, sentence: dict, events: list, as_of: dt.date) -> Evaluation:
    return _run({"id": id, "sentences": [{"id": "s1", "type": "community_order", **sentence}],
                 "events": events}, as_of=as_of)


@functools.cache
def evaluation_on_time() -> Evaluation:
    """12-month order from Tuesday 1 September 2015: last day Wednesday 31 August 2016."""
    return _evaluation_case("T15-EVAL-ONTIME", {"date": "2015-09-01", "length_months": 12},
                            [{"id": "oa1", "kind": "oasys_assessment", "date": "2016-08-26", "type": "termination"}],
                            D(2016, 9, 9))


@functools.cache
def evaluation_late() -> Evaluation:
    """Order to Wednesday 31 August 2016 (end_date); one termination assessment too early
    (5 July) and one late (Friday 2 September)."""
    return _evaluation_case("T15-EVAL-LATE", {"date": "2016-03-01", "end_date": "2016-08-31"}, [
        {"id": "oa0", "kind": "oasys_assessment", "date": "2016-07-05", "type": "termination"},
        {"id": "oa1", "kind": "oasys_assessment", "date": "2016-09-02", "type": "termination"},
    ], D(2016, 9, 9))


@functools.cache
def evaluation_overdue() -> Evaluation:
    """As evaluation_late but with only the early assessment, as of Friday 2 September."""
    return _evaluation_case("T15-EVAL-OVERDUE", {"date": "2016-03-01", "end_date": "2016-08-31"}, [
        {"id": "oa0", "kind": "oasys_assessment", "date": "2016-07-05", "type": "termination"},
    ], D(2016, 9, 2))


@functools.cache
def evaluation_no_end() -> Evaluation:
    return _evaluation_case("T15-EVAL-NA", {"date": "2016-03-01"}, [], D(2016, 9, 2))


def test_2015_10_1_evaluation_met_in_the_last_8_weeks():
    # 1 Sep 2015 + 12 months: the order ends on 1 Sep 2016, so its last day is Wed 31 Aug
    # 2016; 8 weeks before: 31 Aug - 28 = 3 Aug, - 28 = Wed 6 Jul 2016.  Assessment Fri 26 Aug.
    r = result(evaluation_on_time(), EVALUATION)
    assert r.due == D(2016, 8, 31)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "oa1"


def test_2015_10_1_evaluation_too_early_does_not_count_and_late():
    # Last day Wed 31 Aug 2016 (end_date); window from Wed 6 Jul.  The assessment of Tue 5 Jul
    # is too early; the one of Fri 2 Sep is late: Thu 1, Fri 2 = 2 working days late (the
    # summer bank holiday, Mon 29 Aug, is before the due date).
    r = result(evaluation_late(), EVALUATION)
    assert r.due == D(2016, 8, 31)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "oa1"
    assert r.working_days_late == 2


def test_2015_10_1_evaluation_overdue():
    r = result(evaluation_overdue(), EVALUATION)
    assert r.status == "overdue"
    assert r.working_days_late == 2


def test_2015_10_1_evaluation_cannot_be_timed_without_a_known_end():
    r = result(evaluation_no_end(), EVALUATION)
    assert (r.status, r.due, r.trigger.id) == ("missing_data", None, "s1")
    assert [m.field for m in r.missing] == ["sentences[0].length_months"]


# ---------------------------------------------------------------- judgement standards

JUDGEMENT_STANDARDS = [
    "2015.1.1",
    "2015.1.2",
    "2015.2.1",
    "2015.2.2",
    "2015.2.3",
    "2015.3.1",
    "2015.3.2",
    "2015.3.3",
    "2015.4.1",
    "2015.4.2",
    "2015.5.3",
    "2015.5.4",
    "2015.5.5",
    "2015.6.1",
    "2015.6.2",
    "2015.8.1",
    "2015.8.2",
    "2015.8.3",
    "2015.11.1",
    "2015.11.2",
    "2015.11.3",
    "2015.12.1",
    "2015.13.1",
    "2015.13.2",
    "2015.14.1",
    "2015.14.2",
    "2015.15.1",
    "2015.15.2",
    "2015.16.1",
    "2015.17.1",
    "2015.17.2",
    "2015.18.1",
    "2015.19.1",
    "2015.20.1",
    "2015.20.2",
    "2015.21.1",
    "2015.21.2",
    "2015.22.1",
    "2015.22.2",
    "2015.23.1",
    "2015.24.1",
    "2015.24.2",
    "2015.25.1",
    "2015.26.1",
    "2015.26.2",
]

ALL_REQUIREMENTS = ["supervision", "unpaid_work", "drr", "curfew", "residence", "activity", "programme",
                    "prohibited_activity", "exclusion", "attendance_centre", "alcohol_treatment",
                    "mental_health_treatment", "rehabilitation_activity", "foreign_travel_prohibition",
                    "alcohol_abstinence_monitoring", "electronic_monitoring"]
LICENCE_CONDITIONS = ["drug_testing", "drug_appointment"]   # recorded on the custodial sentence


def _judgement_case(judged: bool) -> Evaluation:
    """A community order with every requirement (and a PSR), and a custodial sentence with an
    AP referral, release on licence and recall; RoSH medium at sentence, high from 1 June;
    a transfer in, a failure putting the public at greater risk.  Everything that triggers a
    judgement standard happens by 1 August 2016."""
    case = {
        "id": "T15-JUDGE-" + ("MET" if judged else "OPEN"),
        "flags": ["approved_premises_suitable"],
        "sentences": [
            {"id": "s1", "type": "community_order", "date": "2016-02-01", "length_months": 24,
             "psr": "standard_delivery", "requirements": [{"kind": k} for k in ALL_REQUIREMENTS]},
            {"id": "s2", "type": "custody", "date": "2016-03-01", "length_months": 24,
             "release_date": "2017-03-01", "requirements": [{"kind": k} for k in LICENCE_CONDITIONS]},
        ],
        "assessments": [{"date": "2016-01-25", "rosh": "medium"}, {"date": "2016-06-01", "rosh": "high"}],
        "events": [
            {"id": "sp1", "kind": "sentence_plan", "date": "2016-02-10", "type": "initial", "sentence": "s1"},
            {"id": "ti1", "kind": "transfer_in", "date": "2016-02-15", "sentence": "s1"},
            failure("f1", "2016-02-22", indicates="public_at_greater_risk", sentence="s1"),
            {"id": "ap1", "kind": "approved_premises_referral", "date": "2016-06-01", "sentence": "s2"},
            {"id": "r1", "kind": "release", "date": "2016-07-01", "on": "licence", "sentence": "s2"},
            {"id": "rc1", "kind": "recall", "date": "2016-08-01", "sentence": "s2"},
        ],
    }
    if judged:
        case["judgements"] = [
            {"standard": s, "date": "2016-09-01", "met": True, "by": "SPO A Patel", "reason": "reviewed on file"}
            for s in [*JUDGEMENT_STANDARDS, "2015.4.3"]
        ]
    return _run(case, as_of=D(2016, 9, 30))


@functools.cache
def judgements_open() -> Evaluation:
    return _judgement_case(judged=False)


@functools.cache
def judgements_recorded() -> Evaluation:
    return _judgement_case(judged=True)


@pytest.mark.parametrize("standard", JUDGEMENT_STANDARDS)
def test_2015_judgement_standard_needs_judgement(standard):
    found = [r for r in judgements_open().results if r.standard == standard]
    assert found, f"no result for {standard}"
    assert {r.status for r in found} == {"needs_judgement"}


@pytest.mark.parametrize("standard", JUDGEMENT_STANDARDS)
def test_2015_judgement_standard_judged_met(standard):
    found = [r for r in judgements_recorded().results if r.standard == standard]
    assert found, f"no result for {standard}"
    assert {r.status for r in found} == {"judged_met"}


def test_2015_4_3_pre_release_completed_post_release_needs_judgement_then_judged_met():
    # 2015.4.3 is timed (the pre-release plan) but "completed post release" is a judgement.
    assert result(judgements_open(), "2015.4.3/completed", "r1").status == "needs_judgement"
    assert result(judgements_recorded(), "2015.4.3/completed", "r1").status == "judged_met"


def test_2015_judgement_standards_are_all_the_judgement_standards():
    judgement_results = {r.standard for r in judgements_open().results if r.status == "needs_judgement"}
    assert judgement_results == set(JUDGEMENT_STANDARDS) | {"2015.4.3"}


def test_2015_8_2_escalation_not_applicable_when_rosh_stays_medium():
    ev = _run({
        "id": "T15-ROSH-FLAT",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2016-02-01", "length_months": 12}],
        "assessments": [{"date": "2016-01-25", "rosh": "medium"}],
    }, as_of=D(2016, 9, 30))
    assert "2015.8.2/referred" in not_applicable(ev)


# ---------------------------------------------------------------- the Offender Rehabilitation Act's requirements
# A Rehabilitation Activity Requirement (RAR), the requirement kinds of the Offender Rehabilitation
# Act 2014 period, and the licence and post sentence supervision conditions it brought in.
# Christmas 2016: Mon 26 Dec (Boxing Day), Tue 27 Dec (Christmas Day substitute); New Year: Mon 2 Jan 2017.

RAR_JUDGEMENT = "2015.23.1/rar"


@functools.cache
def rar_christmas() -> Evaluation:
    """A 12-month community order with a RAR of at most 20 days (and nothing else), passed Thu 22
    Dec 2016, allocated Fri 23 Dec; first appointment Wed 4 Jan 2017; a failure to attend on Mon
    9 Jan 2017 warned on Tue 17 Jan."""
    return _run({
        "id": "T15-RAR",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2016-12-22", "length_months": 12,
                       "requirements": [{"kind": "rehabilitation_activity", "max_days": 20}]}],
        "events": [om_assigned("om1", "2016-12-23"), f2f("c1", "2017-01-04"),
                   failure("f1", "2017-01-09"), warning("w1", "2017-01-17", "f1")],
    }, as_of=D(2017, 2, 1))


def test_2015_23_1_rar_order_owes_the_rar_judgement():
    # The Framework sets no RAR timescale ("Decisions on the timing of activity commencement and
    # the intensity of delivery are informed by the assessed risk and need level"): a judgement.
    r = result(rar_christmas(), RAR_JUDGEMENT, "s1")
    assert (r.status, r.due) == ("needs_judgement", None)


def test_2015_23_1_not_owed_for_an_order_without_a_rar():
    # Before the RAR was recorded as a requirement the judgement was owed by every order from
    # 1 February 2015; now only an order with a RAR owes it.
    ev = _run({"id": "T15-UPW-ONLY",
               "sentences": [{"id": "s1", "type": "community_order", "date": "2016-12-22", "length_months": 12,
                              "requirements": [{"kind": "unpaid_work", "hours": 100}]}]}, as_of=D(2017, 2, 1))
    assert RAR_JUDGEMENT in not_applicable(ev)


def test_2015_23_1_rar_order_first_appointment_within_5_working_days_of_allocation():
    # The RAR's supervision is timed as for any order (2015.5.1).  Allocated Fri 23 Dec 2016 =
    # day 0: Sat 24, Sun 25, Mon 26 Boxing Day, Tue 27 Christmas Day (substitute) skipped, Wed 28
    # (1), Thu 29 (2), Fri 30 (3), Sat 31, Sun 1, Mon 2 Jan New Year (substitute) skipped, Tue 3
    # (4), Wed 4 Jan 2017 (5).
    r = result(rar_christmas(), FIRST_CO)
    assert (r.due, r.status, r.satisfied_by.id) == (D(2017, 1, 4), "met_on_time", "c1")


def test_2015_23_1_rar_order_failure_answered_within_6_working_days():
    # Failure Mon 9 Jan 2017 = day 0: Tue 10 (1), Wed 11 (2), Thu 12 (3), Fri 13 (4), Mon 16 (5),
    # Tue 17 Jan (6); the warning that day is on time.
    r = result(rar_christmas(), RESPOND, "f1")
    assert (r.due, r.status, r.satisfied_by.id) == (D(2017, 1, 17), "met_on_time", "w1")


def test_2015_26_1_and_25_1_supervision_and_activity_standards_not_owed_for_a_rar_order():
    # The RAR replaced the supervision and specified activity requirements: their standards
    # ("no longer apply ... after commencement of the Offender Rehabilitation Act") are not owed.
    gone = not_applicable(rar_christmas())
    for obligation in ("2015.26.1/prepared", "2015.26.2/undertaken", "2015.25.1/activity"):
        assert obligation in gone


def _release_with(conditions: list[str]) -> Evaluation:
    """12 months' custody passed Tue 1 Mar 2016, released on licence Thu 1 Sep 2016, with the
    licence conditions given recorded on the custodial sentence."""
    return _run({"id": "T15-CONDITIONS-" + "-".join(conditions or ["NONE"]),
                 "sentences": [{"id": "s1", "type": "custody", "date": "2016-03-01", "length_months": 12,
                                "release_date": "2016-09-01",
                                "requirements": [{"kind": k} for k in conditions]}],
                 "events": [{"id": "r1", "kind": "release", "date": "2016-09-01", "on": "licence"}]},
                as_of=D(2016, 10, 3))


def test_2015_16_1_and_18_1_owed_at_release_when_the_condition_is_recorded():
    ev = _release_with(["drug_appointment", "drug_testing"])
    assert result(ev, "2015.16.1/drug_appointment", "r1").status == "needs_judgement"
    assert result(ev, "2015.18.1/drug_testing", "r1").status == "needs_judgement"


def test_2015_16_1_and_18_1_not_owed_without_the_condition():
    gone = not_applicable(_release_with([]))
    assert "2015.16.1/drug_appointment" in gone and "2015.18.1/drug_testing" in gone


@pytest.mark.parametrize("sentence, message", [
    ({"type": "community_order", "date": "2015-01-30", "requirements": [{"kind": "rehabilitation_activity"}]},
     "sentences[0].requirements[0].kind: a rehabilitation activity requirement can be ordered only from 1 February"
     " 2015 (Offender Rehabilitation Act 2014), and the sentence is dated 2015-01-30"),
    ({"type": "community_order", "date": "2016-01-04", "requirements": [{"kind": "drug_testing"}]},
     "sentences[0].requirements[0].kind: is a licence condition or post sentence supervision requirement"),
    ({"type": "custody", "date": "2016-01-04", "requirements": [{"kind": "rehabilitation_activity"}]},
     "sentences[0].requirements[0].kind: is a requirement of a community order or suspended sentence order only"),
    ({"type": "community_order", "date": "2016-01-04", "requirements": [{"kind": "unpaid_work", "max_days": 10}]},
     "sentences[0].requirements[0].max_days: only applies to rehabilitation_activity requirements"),
    ({"type": "community_order", "date": "2016-01-04",
      "requirements": [{"kind": "alcohol_abstinence_monitoring", "days": 121}]},
     "sentences[0].requirements[0].days: must be between 1 and 120, not 121"),
])
def test_2015_23_1_requirement_kinds_of_the_act_refused_where_they_cannot_be(sentence, message):
    with pytest.raises(CaseError) as caught:
        load_case_data({"id": "T15-BAD", "sentences": [{"id": "s1", **sentence}]}, "bad.yaml")
    assert message in str(caught.value)


def _rar_order(id: str, **sentence) -> dict:
    """A 12-month community order with a RAR passed Thu 22 Dec 2016; tier 3 and a high RoSH
    recorded on the day; a home visit on Tue 10 Jan 2017."""
    return {"id": id,
            "sentences": [{"id": "s1", "type": "community_order", "date": "2016-12-22", "length_months": 12,
                           "requirements": [{"kind": "rehabilitation_activity", "max_days": 15}], **sentence}],
            "assessments": [{"date": "2016-12-22", "tier": 3, "rosh": "high"}],
            "events": [{"id": "hv1", "kind": "home_visit", "date": "2017-01-10", "with": "offender_manager"}]}


def test_2015_23_1_a_rar_order_compared_under_2007_has_the_2c16_contact_levels():
    # Judged under the 2007 edition (as `nsr compare` does), the RAR's supervision is a
    # supervision requirement: 2c.16's home visit for a high RoSH is due 10 working days after
    # Thu 22 Dec 2016: Fri 23 (1), [Sat 24 - Tue 27: weekend, Boxing Day, Christmas Day substitute],
    # Wed 28 (2), Thu 29 (3), Fri 30 (4), [Sat 31 - Mon 2 Jan: weekend, New Year substitute],
    # Tue 3 (5), Wed 4 (6), Thu 5 (7), Fri 6 (8), Mon 9 (9), Tue 10 Jan 2017 (10).
    ev = run("2007", _rar_order("T15-RAR-2007"), D(2017, 2, 1))
    visit = result(ev, "2c.16/home_visit", "s1")
    assert (visit.due, visit.status, visit.satisfied_by.id) == (D(2017, 1, 10), "met_on_time", "hv1")
    assert results(ev, "2c.16/tier3")          # tier 3's contact windows run too


def test_2015_23_1_a_rar_order_is_type_b_and_c_for_the_service_specification():
    # The 2011 edition's Manage the Sentence specification: Type C outputs "apply where the
    # requirement(s) comprising the order have a primarily rehabilitative purpose".
    ev = run("2011", _rar_order("T15-RAR-2011"), D(2017, 2, 1))
    assert {str(t) for s, t in ev.kb.query("order_type", None, None) if str(s) == "s1"} == {"a", "b", "c"}
