"""Issue 18, items 3, 5, 6 and 11: same day means same day (2007 2c.13, the 2011 rule of HMI
C.2.1.3, and why 2015.5.2 differs), 2d.1.4's release trigger, 2a.5's mandatory home visit and
2d.12.6's residence plan after a bailee's arrival.  The cases are in contact_cases.py.

Every expected date is counted by hand: the occurrence (release, sentence, arrival) is day 0 and
only Monday to Friday count, leaving out England & Wales bank holidays, named in each comment.

Bank holidays used on purpose:
  Christmas 2007: Tue 25, Wed 26 Dec 2007; New Year Tue 1 Jan 2008
  Easter 2008: Good Friday 21 Mar, Easter Monday 24 Mar
  Christmas 2009: Fri 25 Dec, Mon 28 Dec 2009 (Boxing Day, a Saturday, moved); New Year Fri 1 Jan 2010
  Easter 2010: Good Friday 2 Apr, Easter Monday 5 Apr
  Christmas 2011: Mon 26 Dec (Boxing Day), Tue 27 Dec (for Christmas Day, a Sunday)
  Christmas 2016: Mon 26 Dec (Boxing Day), Tue 27 Dec (for Christmas Day, a Sunday)
"""
from __future__ import annotations

import datetime as dt

import pytest

import contact_cases as cc
from policyengine.cases.load import CaseError, load_case_data
from support import not_applicable, result, results, run

D = dt.date


def in_play(ev) -> set[str]:
    return {c.standard for c in ev.conditional}


# ================================================================== 3. 2c.13: same day means same day


def test_2c13_first_contact_is_due_on_the_day_of_release():
    # Released Thu 20 Mar 2008, no reason recorded why a contact that day was impractical:
    # due that day (day 0).  Seen Tue 25 Mar: Good Friday 21, Sat 22, Sun 23 and Easter Monday 24
    # skipped, Tue 25 (1): met 1 working day late.
    ev = run("2007", cc.easter_2008_no_reason_seen_after_easter(), D(2008, 4, 1))
    first = result(ev, "2c.13/first_contact", "rel1")
    assert (first.due, first.status, first.satisfied_by.id, first.working_days_late) == \
        (D(2008, 3, 20), "met_late", "c1", 1)


def test_2c13_next_working_day_is_on_time_only_with_a_recorded_reason():
    # The same release recording why a contact that day was impractical: the first following
    # working day.  Thu 20 Mar 2008 is day 0; Good Friday 21, Sat 22, Sun 23, Easter Monday 24
    # skipped; Tue 25 Mar (1).  Seen Tue 25 Mar: on time.
    ev = run("2007", cc.easter_2008_reason_seen_after_easter(), D(2008, 4, 1))
    first = result(ev, "2c.13/first_contact", "rel1")
    assert (first.due, first.status, first.satisfied_by.id) == (D(2008, 3, 25), "met_on_time", "c1")


def test_2c13_doing_nothing_never_scores_better_than_a_late_contact():
    # No contact at all, as of Wed 26 Mar 2008.  Without a reason: due Thu 20 Mar, overdue by
    # Tue 25 (1), Wed 26 (2) = 2 working days, more than the late contact above (1).  With a
    # reason: due Tue 25 Mar (Good Friday, the weekend and Easter Monday skipped), overdue by 1.
    late = result(run("2007", cc.easter_2008_no_reason_seen_after_easter(), D(2008, 3, 26)), "2c.13/first_contact")
    nothing = result(run("2007", cc.easter_2008_no_reason_never_seen(), D(2008, 3, 26)), "2c.13/first_contact")
    assert (late.status, late.working_days_late) == ("met_late", 1)
    assert (nothing.due, nothing.status, nothing.working_days_late) == (D(2008, 3, 20), "overdue", 2)
    with_reason = result(run("2007", cc.easter_2008_reason_never_seen(), D(2008, 3, 26)), "2c.13/first_contact")
    assert (with_reason.due, with_reason.status, with_reason.working_days_late) == (D(2008, 3, 25), "overdue", 1)


def test_2c13_release_on_a_saturday_is_due_that_day_unless_the_reason_is_recorded():
    # Released Sat 22 Dec 2007, seen Mon 24 Dec.  Without a reason: due Sat 22 Dec itself; Sun 23
    # skipped, Mon 24 (1): 1 working day late.  With one: the first following working day, Sun 23
    # skipped, Mon 24 Dec (1): on time.
    plain = result(run("2007", cc.saturday_release_christmas_2007(None), D(2008, 1, 10)), "2c.13/first_contact")
    assert (plain.due, plain.status, plain.working_days_late) == (D(2007, 12, 22), "met_late", 1)
    reason = result(run("2007", cc.saturday_release_christmas_2007(cc.REASON), D(2008, 1, 10)), "2c.13/first_contact")
    assert (reason.due, reason.status) == (D(2007, 12, 24), "met_on_time")


def test_2c13_the_reason_is_text_and_not_only_spaces():
    case = cc.easter_2008_reason_seen_after_easter()
    case["events"][0]["same_day_contact_impractical_reason"] = "   "
    with pytest.raises(CaseError) as caught:
        load_case_data(case, source="case.yaml")
    assert str(caught.value) == ("case.yaml: events[0].same_day_contact_impractical_reason: '   ' is not a reason "
                                 "(text, not only spaces)")


def test_2011c_2_1_3_licence_due_on_the_day_of_release_without_a_reason():
    # Released Fri 23 Dec 2011 (day 0), no reason recorded: due that day.  Seen Wed 28 Dec: Sat 24,
    # Sun 25, Mon 26 (Boxing Day) and Tue 27 (for Christmas Day) skipped, Wed 28 (1): 1 late.
    r = result(run("2011", cc.christmas_2011_no_reason(), D(2012, 1, 10)), "2011c.2.1.3/licence")
    assert (r.due, r.status, r.working_days_late) == (D(2011, 12, 23), "met_late", 1)


def test_2015_5_2_the_next_working_day_needs_no_reason():
    # The Standard says "within one-working day": released Fri 23 Dec 2016 (day 0); Sat 24,
    # Sun 25, Mon 26 (Boxing Day), Tue 27 (for Christmas Day) skipped; Wed 28 Dec (1).  Seen
    # Wed 28 with no reason recorded: on time under 2015, 1 working day late under 2007.
    case = cc.christmas_2016_no_reason()
    r2015 = result(run("2015", case, D(2017, 1, 10)), "2015.5.2/first_appointment")
    assert (r2015.due, r2015.status) == (D(2016, 12, 28), "met_on_time")
    r2007 = result(run("2007", case, D(2017, 1, 10)), "2c.13/first_contact")
    assert (r2007.due, r2007.status, r2007.working_days_late) == (D(2016, 12, 23), "met_late", 1)


# ================================================================== 5. 2d.1.4 from release on licence


def test_2d14_first_session_timed_from_release_on_licence():
    # Released on licence Thu 1 Apr 2010 (day 0): Good Friday 2, Sat 3, Sun 4, Easter Monday 5
    # skipped; Tue 6 (1), Wed 7 (2), Thu 8 (3), Fri 9 (4), Mon 12 - Fri 16 (5-9), Mon 19 Apr (10).
    # First session Tue 20 Apr: 1 working day late.  The custodial sentence's own day (Thu 1 Oct
    # 2009) starts nothing: the offender was in prison.
    ev = run("2007", cc.licence_with_unpaid_work_easter_2010(), D(2010, 5, 1))
    session = result(ev, "2d.1.4/first_session_on_release", "rel1")
    assert (session.due, session.status, session.satisfied_by.id, session.working_days_late) == \
        (D(2010, 4, 19), "met_late", "ws1", 1)
    assert "2d.1.4/first_session" in not_applicable(ev)
    assert results(ev, "2d.1.4/first_session") == []


def test_2d14_no_session_after_release_is_overdue():
    # Due Mon 19 Apr 2010 as above; nothing by Wed 21 Apr: Tue 20 (1), Wed 21 (2).
    ev = run("2007", cc.licence_with_unpaid_work_easter_2010(sessions=()), D(2010, 4, 21))
    session = result(ev, "2d.1.4/first_session_on_release", "rel1")
    assert (session.due, session.status, session.working_days_late) == (D(2010, 4, 19), "overdue", 2)


def test_2d14_an_unconditional_release_starts_no_clock():
    ev = run("2007", cc.licence_with_unpaid_work_easter_2010(on="unconditional"), D(2010, 5, 1))
    assert {"2d.1.4/first_session", "2d.1.4/first_session_on_release"} <= set(not_applicable(ev))


def test_2d14_a_case_that_begins_with_its_licence_counts_from_its_start():
    # Licence from Mon 7 Jan 2008 (day 0): Tue 8 - Fri 11 (1-4), Mon 14 - Fri 18 (5-9), Mon 21 Jan
    # (10).  No session by Wed 23 Jan: Tue 22 (1), Wed 23 (2).
    ev = run("2007", cc.licence_case_with_unpaid_work_2008(), D(2008, 1, 23))
    session = result(ev, "2d.1.4/first_session", "s1")
    assert (session.due, session.status, session.working_days_late) == (D(2008, 1, 21), "overdue", 2)


# ================================================================== 6. 2a.5 the mandatory home visit


def test_2a5_home_visit_for_a_high_rosh_order_without_supervision():
    # Unpaid work only, high RoSH, sentenced Thu 20 Dec 2007 (day 0): Fri 21 (1), Mon 24 (2),
    # Christmas Tue 25 and Boxing Day Wed 26 skipped, Thu 27 (3), Fri 28 (4), Mon 31 (5), New Year
    # Tue 1 Jan skipped, Wed 2 (6), Thu 3 (7), Fri 4 (8), Mon 7 (9), Tue 8 Jan 2008 (10).  Home
    # visit Wed 9 Jan: 1 working day late.  2c.16 has no supervision requirement to time it.
    ev = run("2007", cc.unpaid_work_only_high_rosh_christmas_2007(), D(2008, 2, 1))
    visit = result(ev, "2a.5/home_visit", "s1")
    assert (visit.due, visit.status, visit.satisfied_by.id, visit.working_days_late) == \
        (D(2008, 1, 8), "met_late", "hv1", 1)
    assert "2c.16/home_visit" in not_applicable(ev)


def test_2a5_with_a_supervision_requirement_the_visit_is_reported_once_under_2c16():
    # The same sentence with a supervision requirement: 2c.16 times the visit (due Tue 8 Jan 2008,
    # counted as above); 2a.5 does not report it again.
    ev = run("2007", cc.supervision_high_rosh_christmas_2007(), D(2008, 2, 1))
    visit = result(ev, "2c.16/home_visit", "s1")
    assert (visit.due, visit.status) == (D(2008, 1, 8), "met_late")
    assert "2a.5/home_visit" in not_applicable(ev)


def test_2a5_release_on_post_sentence_supervision():
    # Very high RoSH, released on post sentence supervision Thu 1 Apr 2010: due Mon 19 Apr 2010
    # (Good Friday 2 and Easter Monday 5 Apr skipped, counted as for 2d.1.4 above).  No visit by
    # Wed 21 Apr: Tue 20 (1), Wed 21 (2).  2c.16 covers only a release on licence.
    ev = run("2007", cc.post_sentence_supervision_release_easter_2010(), D(2010, 4, 21))
    visit = result(ev, "2a.5/home_visit", "rel1")
    assert (visit.due, visit.status, visit.working_days_late) == (D(2010, 4, 19), "overdue", 2)
    assert "2c.16/home_visit" in not_applicable(ev)


def test_2a5_a_case_that_begins_with_its_licence():
    # Very high RoSH licence from Mon 7 Jan 2008: due Mon 21 Jan (counted as for 2d.1.4 above);
    # no visit by Wed 23 Jan: 2 working days overdue.
    ev = run("2007", cc.licence_case_with_unpaid_work_2008(), D(2008, 1, 23))
    visit = result(ev, "2a.5/home_visit", "s1")
    assert (visit.due, visit.status, visit.working_days_late) == (D(2008, 1, 21), "overdue", 2)


def test_2a5_not_owed_on_a_custodial_sentence_nor_after_an_unconditional_release():
    ev = run("2007", cc.custody_high_rosh_unconditional_release_2008(), D(2008, 9, 1))
    assert "2a.5/home_visit" in not_applicable(ev)
    assert results(ev, "2a.5/home_visit") == []


def test_2a5_release_on_licence_is_timed_by_2c16():
    # High RoSH, released on licence Thu 1 Apr 2010: 2c.16's visit, due Mon 19 Apr 2010.
    ev = run("2007", cc.licence_with_unpaid_work_easter_2010(), D(2010, 5, 1))
    assert result(ev, "2c.16/home_visit", "rel1").due == D(2010, 4, 19)
    assert "2a.5/home_visit" in not_applicable(ev)


# ================================================================== 11. 2d.12.6 a bailee's residence plan


def test_2d126_residence_plan_within_5_working_days_of_a_bailee_arrival():
    # Arrived as a bailee Wed 23 Dec 2009 (day 0): Thu 24 (1); Christmas Fri 25, Sat 26, Sun 27,
    # Boxing Day (moved) Mon 28 skipped; Tue 29 (2), Wed 30 (3), Thu 31 (4); New Year Fri 1 Jan,
    # Sat 2, Sun 3 skipped; Mon 4 Jan 2010 (5).  Plan Mon 4 Jan: on time.
    ev = run("2007", cc.bailee_arrival_christmas_2009(), D(2010, 1, 31))
    plan = result(ev, "2d.12.6/residence_plan", "ap1")
    assert (plan.due, plan.status, plan.satisfied_by.id) == (D(2010, 1, 4), "met_on_time", "rp1")


def test_2d126_late_and_missing_plans():
    # Due Mon 4 Jan 2010 as above.  A plan on Tue 5 Jan is 1 working day late; none by Wed 6 Jan
    # is overdue by Tue 5 (1), Wed 6 (2).  With the arrival recorded, the flag no longer lists the
    # paragraph as in play without a clock.
    late = result(run("2007", cc.bailee_arrival_christmas_2009(plan="2010-01-05"), D(2010, 1, 31)),
                  "2d.12.6/residence_plan")
    assert (late.status, late.working_days_late) == ("met_late", 1)
    ev = run("2007", cc.bailee_arrival_christmas_2009(plan=None, flag=True), D(2010, 1, 6))
    missing = result(ev, "2d.12.6/residence_plan")
    assert (missing.due, missing.status, missing.working_days_late) == (D(2010, 1, 4), "overdue", 2)
    assert "2d.12.6" not in in_play(ev)


def test_2d126_a_sentenced_resident_owes_no_residence_plan():
    ev = run("2007", cc.bailee_arrival_christmas_2009(bailee=None, plan=None), D(2010, 1, 31))
    assert "2d.12.6/residence_plan" in not_applicable(ev)
    ev = run("2007", cc.bailee_arrival_christmas_2009(bailee=False, plan=None), D(2010, 1, 31))
    assert "2d.12.6/residence_plan" in not_applicable(ev)


def test_2d126_the_flag_without_an_arrival_is_in_play_with_no_clock():
    ev = run("2007", cc.bailee_flag_without_arrival(), D(2010, 1, 31))
    assert "2d.12.6" in in_play(ev)
    assert results(ev, "2d.12.6/residence_plan") == []
