"""2011 National Standards (policies/2011.nsr): the concrete rules from the HMI Probation Case
Assessment Guide (C.2.1.3, C.2.1.8, C.2.1.17, D.2.2.8, D.2.2.16), the outcome statements
(2011.1 ... 2011.46) and the service specification outputs (2011s.1 ... 2011s.36).

Each scenario is one small case file, evaluated once.  Every expected due date was worked out
by hand: the occurrence (sentence, release, failure) is day 0, working days are Monday to Friday,
and England & Wales bank holidays are skipped.  The comment beside each date names the weekends
and bank holidays in range.  Contact weeks (D.2.2.8) are calendar weeks from the day of sentence
or release (week 1 is days 0-6).

Bank holidays used on purpose:
  2011  Fri 29 Apr (royal wedding), Mon 2 May (early May), Mon 26 Dec (Boxing Day),
        Tue 27 Dec (substitute for Christmas Day, Sun 25 Dec)
  2012  Mon 2 Jan (substitute for New Year's Day, Sun 1 Jan), Fri 6 Apr (Good Friday),
        Mon 9 Apr (Easter Monday), Mon 7 May (early May), Mon 4 Jun (spring, moved),
        Tue 5 Jun (Diamond Jubilee)
"""
from __future__ import annotations

import datetime as dt
import functools

import pytest

from policyengine.evaluate import Evaluation
from support import not_applicable, program, result, run

D = dt.date


# ---------------------------------------------------------------- helpers


def _run(case: dict, as_of: dt.date) -> Evaluation:
    return run("2011", case, as_of)


def window_table(ev: Evaluation, obligation: str) -> list[tuple]:
    """The windows of a contact schedule: (start, end, need, count, status)."""
    rows = sorted(ev.find(obligation), key=lambda r: r.window["index"])
    return [(r.window["start"], r.window["end"], r.window["need"], r.window["count"], r.status) for r in rows]


def order_types(ev: Evaluation, sentence: str) -> set[str]:
    return {str(t) for s, t in ev.kb.query("order_type", None, None) if str(s) == sentence}


def om_meeting(id: str, date: str) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "face_to_face", "with": "offender_manager"}


# ---------------------------------------------------------------- scenarios


@functools.cache
def female_high_rosh_royal_wedding() -> Evaluation:
    """Female, high RoSH community order (supervision and unpaid work) sentenced Thursday
    28 April 2011, the day before the royal wedding; children's safeguarding concern."""
    return _run({
        "id": "T11-A",
        "offender": {"gender": "female"},
        "flags": ["children_safeguarding_concern"],
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2011-04-28", "length_months": 12,
            "psr": "standard_delivery",
            "requirements": [{"kind": "supervision"}, {"kind": "unpaid_work", "hours": 100}],
        }],
        "assessments": [{"date": "2011-04-20", "source": "psr", "rosh": "high"}],
        "judgements": [
            {"standard": "2011s.4", "date": "2011-05-04", "met": True, "by": "SPO", "reason": "offered at induction"},
            {"standard": "2011.8", "date": "2011-05-23", "met": True, "by": "SPO", "reason": "plan on file"},
        ],
        "events": [
            {"id": "om1", "kind": "offender_manager_assigned", "date": "2011-04-28"},
            om_meeting("c1", "2011-05-04"),
            {"id": "c2", "kind": "contact", "date": "2011-05-10", "mode": "face_to_face", "with": "key_worker"},
            {"id": "c3", "kind": "contact", "date": "2011-05-20", "mode": "telephone", "with": "offender_manager"},
            {"id": "sp1", "kind": "sentence_plan", "date": "2011-05-20", "type": "initial"},
            om_meeting("c4", "2011-05-27"),
        ],
    }, as_of=D(2011, 5, 31))


@functools.cache
def em_curfew_sso_jubilee() -> Evaluation:
    """Male, very high RoSH suspended sentence order with only a curfew, sentenced Friday 1 June
    2012 before the Diamond Jubilee weekend, for 1 month (last day Sat 30 June 2012); the
    electronic-monitoring provider is the responsible officer."""
    return _run({
        "id": "T11-B",
        "offender": {"gender": "male"},
        "flags": ["em_provider_responsible_officer"],
        "sentences": [{
            "id": "s1", "type": "suspended_sentence_order", "date": "2012-06-01", "length_months": 1,
            "requirements": [{"kind": "curfew"}],
        }],
        "assessments": [{"date": "2012-05-25", "source": "psr", "rosh": "very_high"}],
        "events": [
            om_meeting("c1", "2012-06-08"),
            # no sentence plan by the as-of date
        ],
    }, as_of=D(2012, 7, 2))


@functools.cache
def medium_rosh_new_year_enforcement() -> Evaluation:
    """Male, medium RoSH community order with supervision, sentenced Thursday 22 December 2011;
    failures to comply over the new year and in February 2012."""
    return _run({
        "id": "T11-C",
        "offender": {"gender": "male"},
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2011-12-22", "length_months": 12,
            "requirements": [{"kind": "supervision"}],
        }],
        "assessments": [{"date": "2011-12-15", "source": "psr", "rosh": "medium"}],
        "events": [
            om_meeting("c1", "2011-12-23"),
            {"id": "f1", "kind": "failure_to_comply", "date": "2011-12-29", "explained_in_advance": False},
            {"id": "w1", "kind": "warning", "date": "2012-01-12", "failure": "f1", "type": "first"},
            {"id": "f3", "kind": "failure_to_comply", "date": "2012-02-01", "explained_in_advance": False,
             "explanation_received": "2012-02-02", "explanation_accepted": True},
            {"id": "f2", "kind": "failure_to_comply", "date": "2012-02-06", "explained_in_advance": False},
            # no enforcement for f2 by the as-of date
        ],
    }, as_of=D(2012, 2, 24))


@functools.cache
def high_rosh_licence_christmas_easter() -> Evaluation:
    """High RoSH offender released on licence Friday 23 December 2011, with a pre-release plan;
    RoSH falls to medium on 5 January 2012; failures over Easter and in April-May 2012."""
    return _run({
        "id": "T11-D",
        "offender": {"gender": "male"},
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2011-06-15", "length_months": 12,
            "release_date": "2011-12-23",
        }],
        "assessments": [
            {"date": "2011-12-01", "source": "oasys", "rosh": "high"},
            {"date": "2012-01-05", "source": "oasys", "rosh": "medium"},
        ],
        "judgements": [
            {"standard": "2011d.2.2.16", "date": "2012-05-10", "met": True, "by": "SPO",
             "reason": "advance explanation (hospital appointment) reasonably accepted"},
        ],
        "events": [
            {"id": "sp0", "kind": "sentence_plan", "date": "2011-12-09", "type": "pre_release"},
            {"id": "r1", "kind": "release", "date": "2011-12-23", "on": "licence", "licence_end": "2012-06-22",
             "same_day_contact_impractical_reason": "released after 5 pm on the Friday before Christmas"},
            om_meeting("c1", "2011-12-28"),
            om_meeting("c2", "2012-01-04"),
            {"id": "f1", "kind": "failure_to_comply", "date": "2012-04-03", "explained_in_advance": False},
            {"id": "w1", "kind": "warning", "date": "2012-04-20", "failure": "f1", "type": "first"},
            {"id": "f2", "kind": "failure_to_comply", "date": "2012-04-23", "explained_in_advance": False,
             "indicates": "risk_of_harm_rise"},
            {"id": "e1", "kind": "enforcement_initiated", "date": "2012-05-08", "failure": "f2",
             "route": "post_release_section"},
            {"id": "f3", "kind": "failure_to_comply", "date": "2012-05-09", "explained_in_advance": True},
        ],
    }, as_of=D(2012, 5, 14))


@functools.cache
def medium_rosh_licence_royal_wedding() -> Evaluation:
    """Medium RoSH offender released on licence Thursday 28 April 2011, seen late."""
    return _run({
        "id": "T11-E",
        "sentences": [{"id": "s1", "type": "custody", "date": "2011-04-06", "length_months": 1}],
        "assessments": [{"date": "2011-04-06", "source": "oasys", "rosh": "medium"}],
        "events": [
            {"id": "r1", "kind": "release", "date": "2011-04-28", "on": "licence", "licence_end": "2011-05-27"},
            om_meeting("c1", "2011-05-04"),
        ],
    }, as_of=D(2011, 5, 10))


SCENARIOS = [female_high_rosh_royal_wedding, em_curfew_sso_jubilee, medium_rosh_new_year_enforcement,
             high_rosh_licence_christmas_easter, medium_rosh_licence_royal_wedding]
# high_rosh_licence_jubilee_recall (below) is defined after the tests that use the others.


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
def test_scenarios_evaluate(scenario):
    assert scenario().results


# ---------------------------------------------------------------- 2011c.2.1.3 first appointment


def test_2011c_2_1_3_high_rosh_community_met_on_time_over_the_royal_wedding():
    r = result(female_high_rosh_royal_wedding(), "2011c.2.1.3/high_rosh_community")
    # Thu 28 Apr 2011 = day 0; Fri 29 Apr royal wedding, Sat 30 Apr, Sun 1 May, Mon 2 May
    # early May bank holiday skipped; Tue 3 May = 1, Wed 4 May = 2.
    assert r.due == D(2011, 5, 4)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "c1"


def test_2011c_2_1_3_very_high_rosh_sso_met_late_over_the_jubilee():
    r = result(em_curfew_sso_jubilee(), "2011c.2.1.3/high_rosh_community")
    # Fri 1 Jun 2012 = day 0; Sat 2, Sun 3, Mon 4 Jun (spring bank holiday, moved), Tue 5 Jun
    # (Diamond Jubilee) skipped; Wed 6 Jun = 1, Thu 7 Jun = 2.  Seen Fri 8 Jun: 1 day late.
    assert r.due == D(2012, 6, 7)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2011c_2_1_3_high_rosh_community_not_applicable_to_medium_rosh_or_licence():
    assert "2011c.2.1.3/high_rosh_community" in not_applicable(medium_rosh_new_year_enforcement())
    assert "2011c.2.1.3/high_rosh_community" in not_applicable(high_rosh_licence_christmas_easter())


def test_2011c_2_1_3_licence_seen_next_working_day_after_christmas_is_on_time():
    r = result(high_rosh_licence_christmas_easter(), "2011c.2.1.3/licence")
    # The release records why an appointment that day was impractical: the next working day.
    # Fri 23 Dec 2011 = day 0; Sat 24, Sun 25 Dec, Mon 26 (Boxing Day), Tue 27 (substitute
    # Christmas Day) skipped; Wed 28 Dec = 1.
    assert r.due == D(2011, 12, 28)
    assert r.status == "met_on_time"


def test_2011c_2_1_3_licence_met_late_over_the_royal_wedding():
    r = result(medium_rosh_licence_royal_wedding(), "2011c.2.1.3/licence")
    # Thu 28 Apr 2011 = day 0, and no reason recorded why an appointment that day was
    # impractical: due that day.  Fri 29 Apr royal wedding, Sat 30, Sun 1 May, Mon 2 May early
    # May bank holiday skipped; Tue 3 May = 1, Wed 4 May = 2.  Seen Wed 4 May: 2 working days late.
    assert r.due == D(2011, 4, 28)
    assert r.status == "met_late"
    assert r.working_days_late == 2


def test_2011c_2_1_3_licence_not_applicable_without_a_release():
    assert "2011c.2.1.3/licence" in not_applicable(female_high_rosh_royal_wedding())


# ---------------------------------------------------------------- 2011c.2.1.8 plan benchmark


def test_2011c_2_1_8_community_plan_met_within_15_working_days_over_the_royal_wedding():
    r = result(female_high_rosh_royal_wedding(), "2011c.2.1.8/community")
    # Thu 28 Apr 2011 = day 0; Fri 29 Apr (royal wedding), Sat 30, Sun 1, Mon 2 May (early May)
    # skipped; Tue 3 = 1, Wed 4 = 2, Thu 5 = 3, Fri 6 = 4; weekend 7-8; Mon 9 = 5 ... Fri 13 = 9;
    # weekend 14-15; Mon 16 = 10 ... Fri 20 = 14; weekend 21-22; Mon 23 May = 15.
    assert r.due == D(2011, 5, 23)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "sp1"


def test_2011c_2_1_8_community_plan_overdue_after_the_jubilee():
    r = result(em_curfew_sso_jubilee(), "2011c.2.1.8/community")
    # Fri 1 Jun 2012 = day 0; Sat 2, Sun 3, Mon 4 (spring), Tue 5 (Jubilee) skipped; Wed 6 = 1,
    # Thu 7 = 2, Fri 8 = 3; Mon 11 = 4 ... Fri 15 = 8; Mon 18 = 9 ... Fri 22 = 13; Mon 25 = 14,
    # Tue 26 Jun = 15.  As of Mon 2 Jul: Wed 27, Thu 28, Fri 29 Jun, Mon 2 Jul = 4 days late.
    assert r.due == D(2012, 6, 26)
    assert r.status == "overdue"
    assert r.working_days_late == 4


def test_2011c_2_1_8_licence_met_by_pre_release_plan():
    r = result(high_rosh_licence_christmas_easter(), "2011c.2.1.8/licence")
    # Fri 23 Dec 2011 = day 0; Sat 24, Sun 25, Mon 26 (Boxing Day), Tue 27 (substitute
    # Christmas) skipped; Wed 28 = 1, Thu 29 = 2, Fri 30 = 3; Sat 31, Sun 1, Mon 2 Jan
    # (substitute New Year) skipped; Tue 3 = 4 ... Fri 6 = 7; Mon 9 = 8 ... Fri 13 = 12;
    # Mon 16 = 13, Tue 17 = 14, Wed 18 Jan 2012 = 15.
    assert r.due == D(2012, 1, 18)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "sp0"  # pre-release plan of Fri 9 Dec, 2 weeks before release


def test_2011c_2_1_8_not_applicable_to_medium_rosh():
    na = not_applicable(medium_rosh_new_year_enforcement())
    assert "2011c.2.1.8/community" in na
    assert "2011c.2.1.8/licence" in not_applicable(medium_rosh_licence_royal_wedding())


# ---------------------------------------------------------------- 2011d.2.2.8 weekly contact


def test_2011d_2_2_8_weekly_windows_for_high_rosh_community_order():
    ev = female_high_rosh_royal_wedding()
    rows = window_table(ev, "2011d.2.2.8/high_rosh_weekly")
    # Weeks from Thu 28 Apr 2011 (calendar days, bank holidays irrelevant):
    #   28 Apr-4 May: c1 (OM, Wed 4 May)            met
    #   5-11 May:     c2 (key worker, Tue 10 May)   met: any worker counts
    #   12-18 May:    nothing                        missed
    #   19-25 May:    c3 is a telephone call only    missed
    #   26 May-1 Jun: c4 (Fri 27 May)                met (window still open on Tue 31 May)
    assert [(r[0], r[3], r[4]) for r in rows] == [
        (D(2011, 4, 28), 1, "met"),
        (D(2011, 5, 5), 1, "met"),
        (D(2011, 5, 12), 0, "missed"),
        (D(2011, 5, 19), 0, "missed"),
        (D(2011, 5, 26), 1, "met"),
    ]


def test_2011d_2_2_8_last_week_cut_short_by_the_end_of_the_order_is_not_required():
    rows = window_table(em_curfew_sso_jubilee(), "2011d.2.2.8/high_rosh_weekly")
    # Weeks from Fri 1 Jun 2012: 1-7 Jun (c1 is Fri 8 Jun, too late) missed; 8-14 Jun met;
    # 15-21 and 22-28 Jun missed.  The order's last day is Sat 30 Jun, so the week 29 Jun-5 Jul
    # is cut short and not required.
    assert rows == [
        (D(2012, 6, 1), D(2012, 6, 7), 1, 0, "missed"),
        (D(2012, 6, 8), D(2012, 6, 14), 1, 1, "met"),
        (D(2012, 6, 15), D(2012, 6, 21), 1, 0, "missed"),
        (D(2012, 6, 22), D(2012, 6, 28), 1, 0, "missed"),
    ]


def test_2011d_2_2_8_weekly_contact_stops_when_rosh_falls_to_medium():
    rows = window_table(high_rosh_licence_christmas_easter(), "2011d.2.2.8/high_rosh_weekly")
    # Weeks from Fri 23 Dec 2011: 23-29 Dec met (c1 Wed 28 Dec); 30 Dec-5 Jan met (c2 Wed 4 Jan);
    # RoSH medium from Thu 5 Jan, so the week starting Fri 6 Jan and later ones are not owed.
    assert [(r[0], r[4]) for r in rows] == [(D(2011, 12, 23), "met"), (D(2011, 12, 30), "met")]


def test_2011d_2_2_8_no_windows_for_medium_rosh():
    assert window_table(medium_rosh_new_year_enforcement(), "2011d.2.2.8/high_rosh_weekly") == []


# ---------------------------------------------------------------- 2011d.2.2.16 enforcement


def test_2011d_2_2_16_warning_on_time_over_the_new_year():
    r = result(medium_rosh_new_year_enforcement(), "2011d.2.2.16/warning", "f1")
    # Thu 29 Dec 2011 = day 0; Fri 30 Dec = 1; Sat 31, Sun 1 Jan, Mon 2 Jan (substitute New
    # Year's Day) skipped; Tue 3 = 2 ... Fri 6 = 5; Mon 9 = 6 ... Thu 12 = 9, Fri 13 Jan = 10.
    assert r.due == D(2012, 1, 13)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "w1"


def test_2011d_2_2_16_warning_late_over_easter():
    r = result(high_rosh_licence_christmas_easter(), "2011d.2.2.16/warning", "f1")
    # Tue 3 Apr 2012 = day 0; Wed 4 = 1, Thu 5 = 2; Fri 6 (Good Friday), Sat 7, Sun 8, Mon 9
    # (Easter Monday) skipped; Tue 10 = 3 ... Fri 13 = 6; Mon 16 = 7, Tue 17 = 8, Wed 18 = 9,
    # Thu 19 Apr = 10.  Warning Fri 20 Apr: 1 working day late.
    assert r.due == D(2012, 4, 19)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2011d_2_2_16_warning_and_enforcement_not_applicable_without_failures():
    na = not_applicable(female_high_rosh_royal_wedding())
    assert "2011d.2.2.16/warning" in na
    assert "2011d.2.2.16/enforcement" in na


def test_2011d_2_2_16_enforcement_overdue_after_a_second_failure_on_a_community_order():
    r = result(medium_rosh_new_year_enforcement(), "2011d.2.2.16/enforcement", "f2")
    # One unspent warning (w1, 12 Jan 2012) in the 12 months before: enforcement, not a warning.
    # Mon 6 Feb 2012 = day 0; Tue 7 = 1 ... Fri 10 = 4; Mon 13 = 5 ... Fri 17 = 9; Mon 20 Feb = 10
    # (no bank holidays).  As of Fri 24 Feb: Tue 21 ... Fri 24 = 4 working days late.
    assert r.due == D(2012, 2, 20)
    assert r.status == "overdue"
    assert r.working_days_late == 4
    assert not [x for x in medium_rosh_new_year_enforcement().results
                if x.obligation == "2011d.2.2.16/warning" and x.trigger.id == "f2"]


def test_2011d_2_2_16_enforcement_met_on_time_for_a_rise_in_risk_over_may_day():
    r = result(high_rosh_licence_christmas_easter(), "2011d.2.2.16/enforcement", "f2")
    # Mon 23 Apr 2012 = day 0; Tue 24 = 1 ... Fri 27 = 4; Mon 30 = 5, Tue 1 May = 6, Wed 2 = 7,
    # Thu 3 = 8, Fri 4 = 9; Sat 5, Sun 6, Mon 7 May (early May bank holiday) skipped;
    # Tue 8 May = 10.
    assert r.due == D(2012, 5, 8)
    assert r.status == "met_on_time"


def test_2011d_2_2_16_accepted_explanation_excepts_enforcement():
    r = result(medium_rosh_new_year_enforcement(), "2011d.2.2.16/enforcement", "f3")
    assert r.status == "not_applicable"
    assert r.exception == "2011d.2.2.16"


def test_2011d_2_2_16_reasonable_excuse_needs_judgement():
    ev = medium_rosh_new_year_enforcement()
    assert result(ev, "2011d.2.2.16/reasonable_excuse", "f3").status == "needs_judgement"
    # f1 and f2 had no explanation, so there is no excuse to judge.
    assert {r.trigger.id for r in ev.find("2011d.2.2.16/reasonable_excuse")} == {"f3"}


def test_2011d_2_2_16_reasonable_excuse_judged_met():
    ev = high_rosh_licence_christmas_easter()
    r = result(ev, "2011d.2.2.16/reasonable_excuse", "f3")  # explained in advance
    assert r.status == "judged_met"
    # f3, explained in advance, needs neither a warning nor enforcement.
    assert not [x for x in ev.results if x.trigger and x.trigger.id == "f3"
                and x.obligation in ("2011d.2.2.16/warning", "2011d.2.2.16/enforcement")]


# ---------------------------------------------------------------- 2011c.2.1.17 rationale


def test_2011c_2_1_17_rationale_needs_judgement_for_each_plan():
    r = result(female_high_rosh_royal_wedding(), "2011c.2.1.17/rationale", "sp1")
    assert r.status == "needs_judgement"


def test_2011c_2_1_17_not_applicable_without_a_plan():
    assert "2011c.2.1.17/rationale" in not_applicable(em_curfew_sso_jubilee())


# ---------------------------------------------------------------- outcome statements


def test_2011_8_plan_outcome_judged_met_with_a_recorded_judgement():
    assert result(female_high_rosh_royal_wedding(), "2011.8/plan").status == "judged_met"


def test_2011_8_plan_outcome_needs_judgement_without_one():
    assert result(medium_rosh_new_year_enforcement(), "2011.8/plan").status == "needs_judgement"


def test_2011_9_custody_contact_only_for_custodial_sentences():
    assert result(high_rosh_licence_christmas_easter(), "2011.9/custody_contact").status == "needs_judgement"
    assert "2011.9/custody_contact" in not_applicable(female_high_rosh_royal_wedding())


def test_2011_10_prompt_contact_owed_from_sentence_and_from_release():
    assert result(female_high_rosh_royal_wedding(), "2011.10/prompt_contact", "s1").status == "needs_judgement"
    assert result(high_rosh_licence_christmas_easter(), "2011.10/prompt_contact", "r1").status == "needs_judgement"


def test_2011_14_enforced_owed_for_each_failure():
    ev = medium_rosh_new_year_enforcement()
    assert {r.trigger.id for r in ev.find("2011.14/enforced")} == {"f1", "f2", "f3"}


def test_2011_17_evaluation_owed_only_once_the_order_has_ended():
    ev = em_curfew_sso_jubilee()
    # 1 Jun 2012 + 1 month: the order's last day is Sat 30 Jun 2012, before the as-of date.
    assert [(str(s), d) for s, d in ev.kb.query("sentence_ended", None, None)] == [("s1", D(2012, 6, 30))]
    r = result(ev, "2011.17/evaluation")
    assert r.trigger.id == "s1"
    assert r.status == "needs_judgement"
    assert "2011.17/evaluation" in not_applicable(female_high_rosh_royal_wedding())


def test_2011_requirement_outcomes_follow_the_requirements():
    ev = female_high_rosh_royal_wedding()
    for obligation in ("2011.43/supervision_prepared", "2011.44/supervision_undertaken",
                       "2011.45/unpaid_work_prepared", "2011.46/unpaid_work_undertaken"):
        assert result(ev, obligation).status == "needs_judgement"
    na = not_applicable(ev)
    assert "2011.29/curfew_prepared" in na
    assert result(em_curfew_sso_jubilee(), "2011.29/curfew_prepared").status == "needs_judgement"


# ---------------------------------------------------------------- spec: order types


def test_2011s_order_type_a_b_c_for_supervision_order():
    assert order_types(female_high_rosh_royal_wedding(), "s1") == {"a", "b", "c"}


def test_2011s_order_type_a_only_for_curfew_only_order():
    assert order_types(em_curfew_sso_jubilee(), "s1") == {"a"}


def test_2011s_order_type_none_for_custody():
    assert order_types(high_rosh_licence_christmas_easter(), "s1") == set()


def test_2011s_8_type_b_applies_to_supervision_not_curfew_only():
    assert result(female_high_rosh_royal_wedding(), "2011s.8/plan_completed").status == "needs_judgement"
    assert "2011s.8/plan_completed" in not_applicable(em_curfew_sso_jubilee())


def test_2011s_20_type_c_applies_to_supervision_not_curfew_only():
    assert result(female_high_rosh_royal_wedding(), "2011s.20/specialist_resources").status == "needs_judgement"
    assert "2011s.20/specialist_resources" in not_applicable(em_curfew_sso_jubilee())


def test_2011s_not_applicable_to_custody():
    assert "2011s.1/case_created" in not_applicable(high_rosh_licence_christmas_easter())


# ---------------------------------------------------------------- spec: EM provider (*)


def test_2011s_1_starred_output_applies_when_em_provider_is_responsible_officer():
    assert result(em_curfew_sso_jubilee(), "2011s.1/case_created").status == "needs_judgement"


def test_2011s_12_unstarred_output_excepted_when_em_provider_is_responsible_officer():
    r = result(em_curfew_sso_jubilee(), "2011s.12/special_schemes")
    assert r.status == "not_applicable"
    assert r.exception == "spec Annex A"
    assert result(female_high_rosh_royal_wedding(), "2011s.12/special_schemes").status == "needs_judgement"


def test_2011s_36_starred_and_35_unstarred_at_the_end_of_an_em_order():
    ev = em_curfew_sso_jubilee()
    assert result(ev, "2011s.36/case_closed").status == "needs_judgement"
    assert result(ev, "2011s.35/partners_informed").status == "not_applicable"
    assert "2011s.34/outcomes_reviewed" in not_applicable(ev)  # Type B


# ---------------------------------------------------------------- spec: female offenders


def test_2011s_4_female_offender_judged_met():
    assert result(female_high_rosh_royal_wedding(), "2011s.4/female_om").status == "judged_met"


def test_2011s_4_not_applicable_to_male_offender():
    assert "2011s.4/female_om" in not_applicable(em_curfew_sso_jubilee())


def test_2011s_5_female_offender_needs_judgement_male_excluded():
    assert result(female_high_rosh_royal_wedding(), "2011s.5/female_only_environment").status == "needs_judgement"
    assert "2011s.5/female_only_environment" in not_applicable(medium_rosh_new_year_enforcement())


def test_2011s_15_female_offender_only():
    assert result(female_high_rosh_royal_wedding(), "2011s.15/safety_plan_domestic_abuse").status == "needs_judgement"
    assert "2011s.15/safety_plan_domestic_abuse" in not_applicable(medium_rosh_new_year_enforcement())


# ---------------------------------------------------------------- spec: children's safeguarding


def test_2011s_9_and_23_apply_with_children_safeguarding_concern():
    ev = female_high_rosh_royal_wedding()
    assert result(ev, "2011s.9/childrens_check").status == "needs_judgement"
    assert result(ev, "2011s.23/childrens_notified").status == "needs_judgement"
    assert result(ev, "2011s.2/agencies_notified").status == "needs_judgement"
    assert result(ev, "2011s.19/interagency_protocols").status == "needs_judgement"


def test_2011s_9_and_23_not_applicable_without_the_flag():
    na = not_applicable(medium_rosh_new_year_enforcement())
    for obligation in ("2011s.9/childrens_check", "2011s.23/childrens_notified",
                       "2011s.2/agencies_notified", "2011s.19/interagency_protocols"):
        assert obligation in na


# ---------------------------------------------------------------- spec: high RoSH


def test_2011s_11_home_visit_for_high_rosh_type_c_order():
    assert result(female_high_rosh_royal_wedding(), "2011s.11/home_visit").status == "needs_judgement"


def test_2011s_11_not_applicable_to_medium_rosh():
    assert "2011s.11/home_visit" in not_applicable(medium_rosh_new_year_enforcement())


def test_2011s_33_not_applicable_without_a_plan_review():
    assert "2011s.33/review_home_visit" in not_applicable(female_high_rosh_royal_wedding())


# ---------------------------------------------------------------- spec: triggers on events


def test_2011s_26_enforcement_output_owed_for_each_failure():
    ev = medium_rosh_new_year_enforcement()
    assert {r.trigger.id for r in ev.find("2011s.26/statutory_enforcement")} == {"f1", "f2", "f3"}


def test_2011s_28_not_applicable_without_a_transfer_in():
    assert "2011s.28/transfer_accepted" in not_applicable(female_high_rosh_royal_wedding())


def test_every_spec_row_is_a_standard():
    standards = {o.standard for o in program("2011").obligations.values()}
    assert {f"2011s.{n}" for n in range(1, 37)} <= standards
    assert {f"2011.{n}" for n in range(1, 47)} <= standards


# ---------------------------------------------------------------- licence around the jubilee


@functools.cache
def high_rosh_licence_jubilee_recall() -> Evaluation:
    """High RoSH offender released on licence Thursday 31 May 2012, the day before the Diamond
    Jubilee weekend; a pre-release plan 10 weeks earlier; back in custody Mon 11-Sun 17 June."""
    return _run({
        "id": "T11-F",
        "sentences": [{"id": "s1", "type": "custody", "date": "2011-09-01", "length_months": 18}],
        "assessments": [{"date": "2012-03-01", "source": "oasys", "rosh": "high"}],
        "periods": [{"id": "p1", "kind": "custody", "start": "2012-06-11", "end": "2012-06-17"}],
        "events": [
            {"id": "sp0", "kind": "sentence_plan", "date": "2012-03-22", "type": "pre_release"},
            {"id": "r1", "kind": "release", "date": "2012-05-31", "on": "licence", "licence_end": "2012-11-30"},
            om_meeting("c1", "2012-06-01"),
            om_meeting("c2", "2012-06-19"),
            {"id": "sp1", "kind": "sentence_plan", "date": "2012-06-26", "type": "review"},
        ],
    }, as_of=D(2012, 7, 2))


def test_2011c_2_1_3_licence_seen_the_next_working_day_without_a_reason_is_late():
    r = result(high_rosh_licence_jubilee_recall(), "2011c.2.1.3/licence")
    # Thu 31 May 2012 = day 0, no reason recorded why an appointment that day was impractical:
    # due that day.  Seen Fri 1 Jun = 1 (the jubilee holidays come after it): 1 working day late.
    assert r.due == D(2012, 5, 31)
    assert r.status == "met_late"
    assert r.working_days_late == 1


def test_2011c_2_1_8_licence_plan_late_and_an_old_pre_release_plan_does_not_count():
    r = result(high_rosh_licence_jubilee_recall(), "2011c.2.1.8/licence")
    # Thu 31 May 2012 = day 0; Fri 1 Jun = 1; Sat 2, Sun 3, Mon 4 (spring, moved), Tue 5
    # (Diamond Jubilee) skipped; Wed 6 = 2, Thu 7 = 3, Fri 8 = 4; Mon 11 = 5 ... Fri 15 = 9;
    # Mon 18 = 10 ... Fri 22 = 14; Mon 25 Jun = 15.  Plan Tue 26 Jun: 1 working day late.
    # The pre-release plan of Thu 22 Mar is 10 weeks before release, outside the 8 weeks.
    assert r.due == D(2012, 6, 25)
    assert r.status == "met_late"
    assert r.working_days_late == 1
    assert r.satisfied_by.id == "sp1"


def test_2011d_2_2_8_weekly_windows_stop_during_custody():
    rows = window_table(high_rosh_licence_jubilee_recall(), "2011d.2.2.8/high_rosh_weekly")
    # Weeks from Thu 31 May 2012 (calendar days; the jubilee does not matter):
    #   31 May-6 Jun: c1 (Fri 1 Jun) met.
    #   Second week starts Thu 7 Jun: active Thu 7-Sun 10 (4 days), custody Mon 11-Sun 17 stops
    #   the clock, resumes Mon 18-Wed 20 (3 days): 7-20 Jun, c2 (Tue 19 Jun) met.
    #   21-27 Jun: nothing, missed.  28 Jun-4 Jul: open on Mon 2 Jul, not met.
    # (start, last day, need, count, status)
    assert rows == [
        (D(2012, 5, 31), D(2012, 6, 6), 1, 1, "met"),
        (D(2012, 6, 7), D(2012, 6, 20), 1, 1, "met"),
        (D(2012, 6, 21), D(2012, 6, 27), 1, 0, "missed"),
        (D(2012, 6, 28), D(2012, 7, 4), 1, 0, "pending"),
    ]
