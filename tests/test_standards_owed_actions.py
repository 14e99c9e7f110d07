"""Doing nothing never scores better than acting late (issue 18, items 2, 4 and 10).

Item 2: every obligation that a practitioner's own action starts was audited.  Where the text
times the duty from the event that required the action (2f.6: "within 20 working days of the
last failure to comply"), the obligation is now owed from that event whatever the officer did.
Where the text truly times from the action (2c.4: "within 2 working days of its preparation"),
the missing action is itself a finding: an obligation owed from the requiring event is overdue
(or, with no timescale in the text, owed as a judgement, or cannot be timed until recorded).
Each audited obligation has a test where the earlier action never happened and one where it
was done late:

  2007 2f.6/documents          owed from the failure (changed)              2f.4, 2f.3
  2007 2f.4 (and 2011's copy)  "one written warning issued" before          a warning owed and never given
                               the next failure                              counts as given (changed)
  2007 2f.5/continue, A4.3     after enforcement / the recall report        2f.4 enforcement, recall decision
  2007 2c.4, 2b.2, the plan    after the plan                               2b.3, 2a.4
       judgements (2c.1, 2b.4-2b.6, 2b.8, 2b.9, 2c.2, 2e.1, 2e.2, 3.3), 2e.3; 2a.3, 2a.5, 3.4 after OASys
  2007 2e.5/four_monthly       each review starts the next 4 months         the clock from sentence
       2e.4, 2e.7, 2b.2/tier_reviewed after a review; 2e.6 after the first review after release
  2007 2c.15, 2f.1, 2f.2       after the Offender Supervisor is assigned    1.3
  2007 A6.1/content            after form HDC3 is returned                  A6.1/hdc3_returned
  2007 2b.7/short_sentence     with the first plan (under 6 months)         owed by release (changed)
  2007 2d.7.2                  the Activity's first 4 weeks                 from the instruction (changed)
  2011 2011.11, .12, .16, c.2.1.17, s.33 after a plan or review             2011.8, c.2.1.8, s.32
  2011 2011c.2.1.19/annual     each plan starts 12 months                   from the sentence with no plan (changed)
  2011 2011.21, 2011.22        after an Approved Premises referral          2011.20
  2015 2015.5.1, 2015.27.1     from allocation                              cannot be timed (changed)
  2015 2015.7.2/report         after the recall decision                    2015.7.2/decision
  2015 2015.4.1, 5.3, 5.4, 6.1 after a plan                                 2015.4.2
  2015 2015.11.2, 2015.11.3    after an Approved Premises referral          2015.11.1, 2015.4.3/ap_placement

Not audited as flawed, because nothing the officer should have done starts them: 2d.12.4-2d.12.10
(an Approved Premises referral, which no 2007 standard requires), 2f.7, 2c.3/after_recall and
2e.5/after_recall (recall and reception are the Secretary of State's and the prison's), A5.1 and
A5.2 (the prison's request), A6.1/hdc3_returned (the prison's request), 1.2, 1.4 and 1.5 (a change of
officer, which continuity is about).

Item 4: 2015.7.2's emergency is recorded on the recall decision.  Item 10: one reading of "within
12 months" (prelude within_12_months_before), tested on the boundary day in every edition.

Every expected date was counted by hand from a calendar (Interpretation Note 9: the occurrence is
day 0; working days are Monday to Friday less England & Wales bank holidays).  "N late" counts
the working days after the due date up to and including the day it was done or the as-of date.
Bank holidays in the ranges used: 2008 Good Friday Fri 21 Mar, Easter Monday Mon 24 Mar, Early
May Mon 5 May, Spring Mon 26 May; 2016 Good Friday Fri 25 Mar, Easter Monday Mon 28 Mar, Spring
Mon 30 May; 2017 New Year substitute Mon 2 Jan.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.cases.load import CaseError, load_case_data
from policyengine.evaluate import Evaluation
from support import results, run
import owed_cases as oc

D = dt.date


def evaluated(edition: str, data: dict, as_of: dt.date) -> Evaluation:
    return run(edition, data, as_of)


def owed(ev: Evaluation, obligation: str) -> dict[str, tuple]:
    """trigger id -> (status, due, working days late) for every result of the obligation."""
    return {r.trigger.id: (r.status, r.due, r.working_days_late) for r in results(ev, obligation)}


def status_of(ev: Evaluation, obligation: str) -> dict[str, str]:
    return {r.trigger.id: r.status for r in results(ev, obligation)}


# ================================================================== 2007 2f.6 breach papers


def test_2f6_owed_from_the_failure_when_enforcement_never_started():
    # Warned Tue 5 Feb 2008; failed again Mon 3 Mar (day 0): enforcement required.  2f.4 due
    # Tue 4 (1), Wed 5 (2), Thu 6 (3), Fri 7 (4), Mon 10 (5), Tue 11 (6), Wed 12 (7), Thu 13 (8),
    # Fri 14 (9), Mon 17 Mar (10).  2f.6 due Tue 18 (11), Wed 19 (12), Thu 20 (13), [Good Friday
    # 21, weekend, Easter Monday 24], Tue 25 (14), Wed 26 (15), Thu 27 (16), Fri 28 (17), Mon 31
    # (18), Tue 1 Apr (19), Wed 2 Apr (20).  Nothing done; as of Mon 14 Apr 2008: 2f.4 is 18
    # working days late (18, 19, 20, 25, 26, 27, 28, 31 Mar, 1-4 Apr, 7-11 Apr, 14 Apr) and the
    # papers 8 (3, 4, 7-11, 14 Apr).
    ev = evaluated("2007", oc.breach_never(), oc.BREACH_AS_OF)
    assert owed(ev, "2f.4/enforcement") == {"f2": ("overdue", D(2008, 3, 17), 18)}
    assert owed(ev, "2f.6/documents") == {"f2": ("overdue", D(2008, 4, 2), 8)}


def test_2f6_owed_from_the_failure_when_enforcement_started_late():
    # Enforcement Wed 19 Mar 2008: 2 late (Tue 18, Wed 19).  The papers' clock still runs from the
    # failure (due Wed 2 Apr, above); papers Thu 3 Apr: 1 late.
    ev = evaluated("2007", oc.breach_late(), oc.BREACH_AS_OF)
    assert owed(ev, "2f.4/enforcement") == {"f2": ("met_late", D(2008, 3, 17), 2)}
    papers = results(ev, "2f.6/documents")[0]
    assert (papers.trigger.id, papers.status, papers.due, papers.working_days_late, papers.satisfied_by.id) == (
        "f2", "met_late", D(2008, 4, 2), 1, "bd2")


def test_2f6_owed_when_urgent_enforcement_under_2f3_never_started():
    # 2f.3: urgent enforcement due the same day, Mon 3 Mar 2008; the papers 20 working days after
    # the failure, Wed 2 Apr (counted above), 8 late on Mon 14 Apr.
    ev = evaluated("2007", oc.breach_urgent_never(), oc.BREACH_AS_OF)
    assert status_of(ev, "2f.3/urgent_enforcement") == {"fu": "overdue"}
    assert owed(ev, "2f.6/documents") == {"fu": ("overdue", D(2008, 4, 2), 8)}


def test_2f6_papers_for_a_later_failure_meet_it_late():
    # No breach for f2; a breach for the later failure f3 (Mon 7 Apr 2008) names f3, papers Wed
    # 9 Apr: f2's papers (due Wed 2 Apr) 5 late (Thu 3, Fri 4, Mon 7, Tue 8, Wed 9).  f3's own
    # papers are on time (due 20 working days after Mon 7 Apr, well after Wed 9 Apr).
    ev = evaluated("2007", oc.breach_for_a_later_failure(), oc.BREACH_AS_OF)
    assert owed(ev, "2f.6/documents")["f2"] == ("met_late", D(2008, 4, 2), 5)
    assert status_of(ev, "2f.6/documents")["f3"] == "met_on_time"


def test_2f6_not_owed_when_the_explanation_was_accepted():
    ev = evaluated("2007", oc.breach_excused(), oc.BREACH_AS_OF)
    assert status_of(ev, "2f.4/enforcement") == {"f2": "not_applicable"}
    assert results(ev, "2f.6/documents") == []


# ================================================================== 2007 2f.4: a warning owed and never given


def test_2f4_warning_never_given_counts_as_given_for_the_next_failure():
    # f1 Mon 4 Feb 2008 never warned: its 10 working days ran out Mon 18 Feb (Tue 5 (1) - Fri 8 (4),
    # Mon 11 - Fri 15 (5-9), Mon 18 (10)), before f2 on Mon 3 Mar.  Not warning does not lower the
    # bar: f2 needs enforcement (due Mon 17 Mar, counted below), not a second warning.  As of
    # Mon 14 Apr: f1's warning 38 late (19-22 Feb (4), 25-29 Feb (9), 3-7 Mar (14), 10-14 Mar
    # (19), 17-20 Mar (23), [Good Friday 21, Easter Monday 24], 25-28 Mar (27), Mon 31 Mar (28),
    # 1-4 Apr (32), 7-11 Apr (37), Mon 14 Apr (38)); f2's enforcement and papers as in the 2f.6
    # tests below (18 and 8 late).
    ev = evaluated("2007", oc.warning_never_given(), oc.BREACH_AS_OF)
    assert owed(ev, "2f.8/warning") == {"f1": ("overdue", D(2008, 2, 18), 38)}
    assert owed(ev, "2f.4/enforcement") == {"f2": ("overdue", D(2008, 3, 17), 18)}
    assert owed(ev, "2f.6/documents") == {"f2": ("overdue", D(2008, 4, 2), 8)}


def test_2f4_warning_given_late_sets_the_same_bar():
    # Warned Wed 20 Feb 2008: 2 late (Tue 19, Wed 20).  f2 (Mon 3 Mar) needs enforcement, as above.
    ev = evaluated("2007", oc.warning_given_late(), oc.BREACH_AS_OF)
    assert owed(ev, "2f.8/warning") == {"f1": ("met_late", D(2008, 2, 18), 2)}
    assert status_of(ev, "2f.4/enforcement") == {"f2": "overdue"}


def test_2f4_warning_not_yet_owed_does_not_count():
    # f2 on Fri 15 Feb 2008 came before f1's 10 working days ran out (Mon 18 Feb): nothing was owed
    # yet, so each failure needs a warning: f2's by Fri 29 Feb (Mon 18 (1) - Fri 22 (5), Mon 25 -
    # Fri 29 (10)).
    ev = evaluated("2007", oc.warning_not_yet_owed(), oc.BREACH_AS_OF)
    assert {t: due for t, (_, due, _) in owed(ev, "2f.8/warning").items()} == {
        "f1": D(2008, 2, 18), "f2": D(2008, 2, 29)}
    assert results(ev, "2f.4/enforcement") == []


def test_2011d_2_2_16_warning_never_given_counts_as_given():
    # f1 Mon 16 Jan 2012 never warned (10 working days to Mon 30 Jan); f2 Mon 13 Feb: enforcement
    # due Tue 14 (1) - Fri 17 (4), Mon 20 - Fri 24 (5-9), Mon 27 Feb 2012 (10).  As of Mon 5 Mar:
    # 5 late (Tue 28 Feb - Fri 2 Mar, Mon 5 Mar).
    ev = evaluated("2011", oc.warning_never_given_2011(), D(2012, 3, 5))
    assert owed(ev, "2011d.2.2.16/enforcement") == {"f2": ("overdue", D(2012, 2, 27), 5)}
    assert set(status_of(ev, "2011d.2.2.16/warning")) == {"f1"}


# ================================================================== 2007 2f.5 and A4.3: after enforcement, after the report


def test_2f5_enforcement_never_started_is_the_finding():
    # 2f.5 (continuing the sentence) is asked of proceedings that exist; with none, 2f.4 is
    # overdue: Mon 3 Mar 2008 + 10 working days = Mon 17 Mar (above).
    ev = evaluated("2007", oc.breach_never(), oc.BREACH_AS_OF)
    assert results(ev, "2f.5/continue") == []
    assert status_of(ev, "2f.4/enforcement") == {"f2": "overdue"}


def test_2f5_enforcement_started_late_asks_the_judgement():
    ev = evaluated("2007", oc.breach_late(), oc.BREACH_AS_OF)
    assert status_of(ev, "2f.5/continue") == {"ei2": "needs_judgement"}
    assert status_of(ev, "2f.4/enforcement") == {"f2": "met_late"}


def test_a4_3_recall_never_sought_is_the_finding():
    # Third failure on licence Mon 11 Feb 2008 (two warnings): the recall decision by the 9th
    # working day, Tue 12 (1), Wed 13 (2), Thu 14 (3), Fri 15 (4), Mon 18 (5), Tue 19 (6), Wed 20
    # (7), Thu 21 (8), Fri 22 Feb (9); enforcement by the 10th, Mon 25 Feb.  As of Mon 3 Mar:
    # the decision 6 late (25, 26, 27, 28, 29 Feb, 3 Mar), enforcement 5.
    ev = evaluated("2007", oc.recall_never(), oc.RECALL_AS_OF)
    assert results(ev, "A4.3/content") == []
    assert owed(ev, "2f.4/recall_decision") == {"f3": ("overdue", D(2008, 2, 22), 6)}
    assert owed(ev, "2f.4/enforcement") == {"f3": ("overdue", D(2008, 2, 25), 5)}


def test_a4_3_recall_sought_late_asks_for_the_report_content():
    # Decision Tue 26 Feb: 2 late (Mon 25, Tue 26); enforcement Wed 27 Feb: 2 late (Tue 26, Wed 27).
    ev = evaluated("2007", oc.recall_late(), oc.RECALL_AS_OF)
    assert status_of(ev, "A4.3/content") == {"p3": "needs_judgement"}
    assert owed(ev, "2f.4/recall_decision") == {"f3": ("met_late", D(2008, 2, 22), 2)}
    assert owed(ev, "2f.4/enforcement") == {"f3": ("met_late", D(2008, 2, 25), 2)}
    assert status_of(ev, "2f.5/continue") == {"ei3": "needs_judgement"}


# ================================================================== 2007 the plan chain

# Sentenced Mon 7 Jan 2008, tier 3: 2a.4 and 2b.3 due in 15 working days: Tue 8 (1) ... Fri 11
# (4), Mon 14 - Fri 18 (5-9), Mon 21 - Fri 25 (10-14), Mon 28 Jan (15).  As of Fri 15 Feb, 14
# working days late (Tue 29 Jan - Fri 1 Feb, 4-8 Feb, 11-15 Feb).
PLAN_JUDGEMENTS = ["2c.1/as_designed", "2b.4/content", "2b.5/scope", "2b.6/framed", "2b.8/significant",
                   "2b.9/involved", "2c.2/team", "2e.1/shared", "2e.2/continuous", "3.3/engaged"]
OASYS_JUDGEMENTS = ["2a.3/quality", "2a.5/sources", "3.4/participant"]


@pytest.mark.parametrize("obligation", ["2c.4/copy", "2b.2/tier_before_plan", *PLAN_JUDGEMENTS])
def test_2b3_plan_never_made_is_overdue_for_what_follows_the_plan(obligation):
    ev = evaluated("2007", oc.plan_never(), oc.PLAN_AS_OF)
    assert results(ev, obligation) == []
    assert owed(ev, "2b.3/community") == {"s1": ("overdue", D(2008, 1, 28), 14)}


@pytest.mark.parametrize("obligation", OASYS_JUDGEMENTS)
def test_2a4_assessment_never_made_is_overdue_for_what_follows_it(obligation):
    ev = evaluated("2007", oc.plan_never(), oc.PLAN_AS_OF)
    assert results(ev, obligation) == []
    assert owed(ev, "2a.4/community") == {"s1": ("overdue", D(2008, 1, 28), 14)}


def test_2c4_copy_of_a_late_plan_timed_from_the_plan():
    # Plan Wed 30 Jan 2008: 2 late (Tue 29, Wed 30).  Copy within 2 working days of it: Thu 31 (1),
    # Fri 1 Feb (2).  None sent: 10 late on Fri 15 Feb (4-8 Feb, 11-15 Feb).
    ev = evaluated("2007", oc.plan_late(), oc.PLAN_AS_OF)
    assert owed(ev, "2b.3/community") == {"s1": ("met_late", D(2008, 1, 28), 2)}
    assert owed(ev, "2c.4/copy") == {"sp1": ("overdue", D(2008, 2, 1), 10)}


def test_2b2_tier_before_a_late_plan():
    # Due on the day of the plan, Wed 30 Jan 2008; the tier was recorded Mon 7 Jan.
    ev = evaluated("2007", oc.plan_late(), oc.PLAN_AS_OF)
    assert owed(ev, "2b.2/tier_before_plan") == {"sp1": ("met_on_time", D(2008, 1, 30), None)}


@pytest.mark.parametrize("obligation", PLAN_JUDGEMENTS)
def test_2b3_late_plan_asks_each_judgement_of_it(obligation):
    ev = evaluated("2007", oc.plan_late(), oc.PLAN_AS_OF)
    assert status_of(ev, obligation) == {"sp1": "needs_judgement"}


@pytest.mark.parametrize("obligation", OASYS_JUDGEMENTS)
def test_2a4_late_assessment_asks_each_judgement_of_it(obligation):
    ev = evaluated("2007", oc.plan_late(), oc.PLAN_AS_OF)
    assert owed(ev, "2a.4/community") == {"s1": ("met_late", D(2008, 1, 28), 2)}
    assert status_of(ev, obligation) == {"oa1": "needs_judgement"}


def test_2e3_risk_rise_without_a_plan_is_the_plan_overdue():
    # 2e.3 asks about a rise in RoSH after a plan: with no plan there is no 2e.3, and 2b.3 is the
    # finding (due Mon 28 Jan 2008, above).
    data = oc.plan_never()
    data["assessments"].append({"date": "2008-02-11", "source": "oasys", "rosh": "high"})
    ev = evaluated("2007", data, oc.PLAN_AS_OF)
    assert results(ev, "2e.3/immediate") == []
    assert status_of(ev, "2b.3/community") == {"s1": "overdue"}
    late = oc.plan_late()
    late["assessments"].append({"date": "2008-02-11", "source": "oasys", "rosh": "high"})
    assert status_of(evaluated("2007", late, oc.PLAN_AS_OF), "2e.3/immediate") == {"sp1": "needs_judgement"}


# ---------------------------------------------------------------- the review chain

REVIEW_JUDGEMENTS = ["2e.4/content", "2e.7/considered", "2b.2/tier_reviewed"]


def test_2e5_review_never_made_leaves_the_clock_from_sentence_overdue():
    # 4 months from Mon 7 Jan 2008: Wed 7 May.  No review by Mon 2 Jun: 17 late (Thu 8, Fri 9,
    # 12-16, 19-23 May, [Mon 26 May Spring bank holiday], 27-30 May, Mon 2 Jun).
    ev = evaluated("2007", oc.review_never(), oc.REVIEW_AS_OF)
    assert owed(ev, "2e.5/four_monthly") == {"s1": ("overdue", D(2008, 5, 7), 17)}


def test_2e5_review_made_late_starts_the_next_4_months_from_it():
    # Review Fri 16 May 2008: 7 late (Thu 8, Fri 9, Mon 12 - Fri 16).  The next is due 4 months
    # after it, Tue 16 Sep 2008.
    ev = evaluated("2007", oc.review_late(), oc.REVIEW_AS_OF)
    assert owed(ev, "2e.5/four_monthly") == {"s1": ("met_late", D(2008, 5, 7), 7),
                                            "sp2": ("pending", D(2008, 9, 16), None)}


@pytest.mark.parametrize("obligation", REVIEW_JUDGEMENTS)
def test_2e5_review_never_made_is_the_finding_for_what_follows_a_review(obligation):
    ev = evaluated("2007", oc.review_never(), oc.REVIEW_AS_OF)
    assert results(ev, obligation) == []
    assert status_of(ev, "2e.5/four_monthly") == {"s1": "overdue"}


@pytest.mark.parametrize("obligation", REVIEW_JUDGEMENTS)
def test_2e5_late_review_asks_each_judgement_of_it(obligation):
    ev = evaluated("2007", oc.review_late(), oc.REVIEW_AS_OF)
    assert status_of(ev, obligation) == {"sp2": "needs_judgement"}


def test_2e6_review_after_release_never_made_is_overdue():
    # Released Mon 7 Jan 2008, tier 3: the review within 15 working days, Mon 28 Jan; as of
    # Fri 15 Feb, 14 late (counted above).
    ev = evaluated("2007", oc.release_review_never(), oc.PLAN_AS_OF)
    assert results(ev, "2e.6/copy") == []
    assert owed(ev, "2e.5/after_release") == {"r1": ("overdue", D(2008, 1, 28), 14)}


def test_2e6_review_after_release_made_late_asks_for_the_copy():
    ev = evaluated("2007", oc.release_review_late(), oc.PLAN_AS_OF)
    assert owed(ev, "2e.5/after_release") == {"r1": ("met_late", D(2008, 1, 28), 2)}
    assert status_of(ev, "2e.6/copy") == {"sp1": "needs_judgement"}


# ================================================================== 2007 custody

SUPERVISOR_JUDGEMENTS = ["2c.15/works", "2f.1/iep", "2f.2/informed"]


@pytest.mark.parametrize("obligation", SUPERVISOR_JUDGEMENTS)
def test_1_3_supervisor_never_assigned_is_overdue(obligation):
    # Received Mon 7 Jan 2008: an Offender Supervisor within 2 working days, Wed 9 Jan.  As of
    # Fri 25 Jan: 12 late (Thu 10, Fri 11, 14-18, 21-25 Jan).
    ev = evaluated("2007", oc.supervisor_never(), oc.CUSTODY_AS_OF)
    assert results(ev, obligation) == []
    assert owed(ev, "1.3/on_reception") == {"rc1": ("overdue", D(2008, 1, 9), 12)}


@pytest.mark.parametrize("obligation", SUPERVISOR_JUDGEMENTS)
def test_1_3_supervisor_assigned_late_asks_each_judgement(obligation):
    # Assigned Fri 11 Jan 2008: 2 late (Thu 10, Fri 11).
    ev = evaluated("2007", oc.supervisor_late(), oc.CUSTODY_AS_OF)
    assert owed(ev, "1.3/on_reception") == {"rc1": ("met_late", D(2008, 1, 9), 2)}
    assert status_of(ev, obligation) == {"os1": "needs_judgement"}


def test_a6_1_hdc_assessment_never_returned_is_overdue():
    # Requested Mon 7 Jan 2008: form HDC3 back within 10 working days, Tue 8 (1) - Fri 11 (4),
    # Mon 14 - Fri 18 (5-9), Mon 21 Jan (10).  As of Fri 25 Jan: 4 late (Tue 22 - Fri 25).
    ev = evaluated("2007", oc.hdc_never(), oc.CUSTODY_AS_OF)
    assert results(ev, "A6.1/content") == []
    assert owed(ev, "A6.1/hdc3_returned") == {"rq1": ("overdue", D(2008, 1, 21), 4)}


def test_a6_1_hdc_assessment_returned_late_asks_for_its_content():
    # Returned Wed 23 Jan 2008: 2 late (Tue 22, Wed 23).
    ev = evaluated("2007", oc.hdc_late(), oc.CUSTODY_AS_OF)
    assert owed(ev, "A6.1/hdc3_returned") == {"rq1": ("met_late", D(2008, 1, 21), 2)}
    assert status_of(ev, "A6.1/content") == {"hr1": "needs_judgement"}


def test_2b7_mappa_level_owed_by_release_when_no_plan_was_made():
    # 8 months' custody from Mon 7 Jan 2008, release Fri 2 May (under 6 months to serve), no plan
    # and no MAPPA level: owed at the latest on the day of release, Fri 2 May.  As of Fri 9 May:
    # 4 late ([Mon 5 May Early May bank holiday], Tue 6, Wed 7, Thu 8, Fri 9).
    ev = evaluated("2007", oc.mappa_no_plan(), oc.MAPPA_AS_OF)
    assert owed(ev, "2b.7/short_sentence") == {"s1": ("overdue", D(2008, 5, 2), 4)}


def test_2b7_mappa_level_by_release_meets_it_without_a_plan():
    ev = evaluated("2007", oc.mappa_no_plan_level_by_release(), oc.MAPPA_AS_OF)
    assert owed(ev, "2b.7/short_sentence") == {"s1": ("met_on_time", D(2008, 5, 2), None)}


def test_2b7_mappa_level_after_a_plan_made_late_is_late():
    # First plan Mon 4 Feb 2008 (due that day); level recorded Wed 6 Feb: 2 late (Tue 5, Wed 6).
    ev = evaluated("2007", oc.mappa_plan_late_level(), oc.MAPPA_AS_OF)
    assert owed(ev, "2b.7/short_sentence") == {"sp1": ("met_late", D(2008, 2, 4), 2)}


def windows(ev: Evaluation, obligation: str) -> list[tuple]:
    rows = sorted(results(ev, obligation), key=lambda r: r.window["index"])
    return [(r.trigger.id, r.window["start"], r.window["end"], r.window["count"], r.status) for r in rows]


def test_2d72_activity_never_started_misses_its_first_4_weeks_from_the_instruction():
    # Instructed Mon 14 Jan 2008, no Activity contact: the first 4 weeks are days 0-27 from the
    # instruction, Mon 14 Jan - Sun 10 Feb; none of the 3 contacts: missed.
    ev = evaluated("2007", oc.activity_never_started(), oc.ACTIVITY_AS_OF)
    assert windows(ev, "2d.7.2/three_contacts") == [("ai1", D(2008, 1, 14), D(2008, 2, 10), 0, "missed")]


def test_2d72_activity_started_late_runs_from_its_first_contact():
    # First contact Mon 25 Feb 2008: days 0-27 are Mon 25 Feb - Sun 23 Mar; contacts 25 Feb,
    # 3 and 10 Mar: met.  The instruction (Mon 14 Jan) was on time: within 15 working days of
    # Mon 7 Jan (Mon 28 Jan).
    ev = evaluated("2007", oc.activity_started_late(), oc.ACTIVITY_AS_OF)
    assert windows(ev, "2d.7.2/three_contacts") == [("ac1", D(2008, 2, 25), D(2008, 3, 23), 3, "met")]
    assert status_of(ev, "2d.7.1/instructed_in_time") == {"s1": "met_on_time"}


# ================================================================== 2011

PLAN_2011 = ["2011.11/implemented", "2011.12/community_resources", "2011.16/plan_reviewed",
             "2011c.2.1.17/rationale"]


@pytest.mark.parametrize("obligation", PLAN_2011)
def test_2011c_2_1_8_plan_never_made_is_overdue_and_2011_8_owed(obligation):
    # High RoSH order passed Mon 4 Jul 2011: the plan within 15 working days, Tue 5 (1) - Fri 8
    # (4), 11-15 (5-9), 18-22 (10-14), Mon 25 Jul (15).  As of Fri 5 Aug: 9 late (26-29 Jul,
    # 1-5 Aug).  The outcome "a written sentence plan is prepared" (2011.8) is owed as well.
    ev = evaluated("2011", oc.plan_2011_never(), oc.PLAN_2011_AS_OF)
    assert results(ev, obligation) == []
    assert owed(ev, "2011c.2.1.8/community") == {"s1": ("overdue", D(2011, 7, 25), 9)}
    assert status_of(ev, "2011.8/plan") == {"s1": "needs_judgement"}


@pytest.mark.parametrize("obligation", PLAN_2011)
def test_2011c_2_1_8_plan_made_late_asks_each_judgement(obligation):
    # Plan Wed 27 Jul 2011: 2 late (Tue 26, Wed 27).
    ev = evaluated("2011", oc.plan_2011_late(), oc.PLAN_2011_AS_OF)
    assert owed(ev, "2011c.2.1.8/community") == {"s1": ("met_late", D(2011, 7, 25), 2)}
    assert "sp1" in status_of(ev, obligation)


def test_2011c_2_1_19_no_plan_owes_the_review_12_months_from_sentence():
    # A 24-month order passed Mon 4 Jul 2011 with no plan: 'at least annually' from the sentence,
    # Wed 4 Jul 2012.  As of Mon 9 Jul 2012: 3 late (Thu 5, Fri 6, Mon 9).
    ev = evaluated("2011", oc.annual_review_never(), oc.ANNUAL_AS_OF)
    assert owed(ev, "2011c.2.1.19/annual") == {"s1": ("overdue", D(2012, 7, 4), 3)}


def test_2011c_2_1_19_plan_made_later_starts_its_own_12_months():
    # The first plan Mon 5 Dec 2011: its review is due Wed 5 Dec 2012, pending on Mon 9 Jul 2012;
    # the sentence no longer stands for a plan.
    ev = evaluated("2011", oc.annual_review_late_plan(), oc.ANNUAL_AS_OF)
    assert owed(ev, "2011c.2.1.19/annual") == {"sp1": ("pending", D(2012, 12, 5), None)}


def test_2011s_33_review_never_made_leaves_2011s_32_owed():
    ev = evaluated("2011", oc.plan_2011_never(), oc.PLAN_2011_AS_OF)
    assert results(ev, "2011s.33/review_home_visit") == []
    assert status_of(ev, "2011s.32/plans_checked") == {"s1": "needs_judgement"}


def test_2011s_33_review_made_asks_for_the_home_visit():
    ev = evaluated("2011", oc.plan_2011_late(), oc.PLAN_2011_AS_OF)
    assert status_of(ev, "2011s.33/review_home_visit") == {"sp2": "needs_judgement"}


@pytest.mark.parametrize("obligation", ["2011.21/residence_plan", "2011.22/programme"])
def test_2011_20_no_approved_premises_referral_leaves_2011_20_owed(obligation):
    ev = evaluated("2011", oc.plan_2011_never(), oc.PLAN_2011_AS_OF)
    assert results(ev, obligation) == []
    assert status_of(ev, "2011.20/identified") == {"s1": "needs_judgement"}


@pytest.mark.parametrize("obligation", ["2011.21/residence_plan", "2011.22/programme"])
def test_2011_20_referral_made_later_asks_each_judgement(obligation):
    ev = evaluated("2011", oc.plan_2011_late(), oc.PLAN_2011_AS_OF)
    assert status_of(ev, obligation) == {"ap1": "needs_judgement"}


# ================================================================== 2015


@pytest.mark.parametrize("obligation", ["2015.5.1/first_appointment", "2015.27.1/first_session"])
def test_2015_5_1_no_allocation_recorded_cannot_be_timed_rather_than_owed_by_nobody(obligation):
    ev = evaluated("2015", oc.allocation_never(), oc.ALLOCATION_AS_OF)
    [r] = results(ev, obligation)
    assert (r.trigger.id, r.status, r.due) == ("s1", "missing_data", None)
    assert [m.field for m in r.missing] == ["events[offender_manager_assigned]"]


def test_2015_5_1_allocated_late_timed_from_the_allocation():
    # Allocated Mon 14 Mar 2016: the first appointment within 5 working days, Tue 15 (1), Wed 16
    # (2), Thu 17 (3), Fri 18 (4), Mon 21 Mar (5).  None by Fri 1 Apr: 7 late (Tue 22, Wed 23,
    # Thu 24, [Good Friday 25, weekend, Easter Monday 28], Tue 29, Wed 30, Thu 31, Fri 1 Apr).
    ev = evaluated("2015", oc.allocation_late(), oc.ALLOCATION_AS_OF)
    assert owed(ev, "2015.5.1/first_appointment") == {"om1": ("overdue", D(2016, 3, 21), 7)}


def test_2015_27_1_allocated_late_timed_from_the_allocation():
    # The first work session within 7 working days of Mon 14 Mar 2016: ... Mon 21 (5), Tue 22 (6),
    # Wed 23 Mar (7).  None by Fri 1 Apr: 5 late (Thu 24, Tue 29, Wed 30, Thu 31, Fri 1 Apr).
    ev = evaluated("2015", oc.allocation_late(), oc.ALLOCATION_AS_OF)
    assert owed(ev, "2015.27.1/first_session") == {"om1": ("overdue", D(2016, 3, 23), 5)}


PLAN_2015 = ["2015.4.1/contents", "2015.5.3/implemented", "2015.5.4/resources", "2015.6.1/reviewed"]


@pytest.mark.parametrize("obligation", PLAN_2015)
def test_2015_4_2_no_plan_leaves_the_plan_owed(obligation):
    ev = evaluated("2015", oc.allocation_never(), oc.ALLOCATION_AS_OF)
    assert results(ev, obligation) == []
    assert status_of(ev, "2015.4.2/completed") == {"s1": "needs_judgement"}


@pytest.mark.parametrize("obligation", PLAN_2015)
def test_2015_4_2_plan_made_later_asks_each_judgement(obligation):
    ev = evaluated("2015", oc.plan_2015_later(), oc.ALLOCATION_AS_OF)
    assert status_of(ev, obligation) == {"sp1": "needs_judgement"}


@pytest.mark.parametrize("obligation", ["2015.11.2/plan", "2015.11.3/programme"])
def test_2015_11_1_no_referral_is_the_placement_overdue(obligation):
    # Release Wed 31 Aug 2016: the placement prepared 3 months before, Tue 31 May.  As of Wed
    # 1 Jun: 1 late (Wed 1 Jun; Mon 30 May, the Spring bank holiday, is before the due date).
    ev = evaluated("2015", oc.ap_never(), oc.AP_AS_OF)
    assert results(ev, obligation) == []
    assert owed(ev, "2015.4.3/ap_placement") == {"s1": ("overdue", D(2016, 5, 31), 1)}
    assert status_of(ev, "2015.11.1/referred") == {"s1": "needs_judgement"}


@pytest.mark.parametrize("obligation", ["2015.11.2/plan", "2015.11.3/programme"])
def test_2015_11_1_referral_made_late_asks_each_judgement(obligation):
    ev = evaluated("2015", oc.ap_late(), oc.AP_AS_OF)
    assert owed(ev, "2015.4.3/ap_placement") == {"s1": ("met_late", D(2016, 5, 31), 1)}
    assert status_of(ev, obligation) == {"ap1": "needs_judgement"}


def test_2015_7_2_recall_never_decided_is_the_decision_overdue():
    # Failure on licence Mon 4 Jan 2016: the decision by the 9th working day, Tue 5 (1), Wed 6
    # (2), Thu 7 (3), Fri 8 (4), Mon 11 (5) ... Fri 15 Jan (9).  As of Wed 20 Jan: 3 late (Mon 18,
    # Tue 19, Wed 20).  No decision, so no report is owed yet: the decision is the finding.
    ev = evaluated("2015", oc.recall_2015_never(), oc.RECALL_2015_AS_OF)
    assert owed(ev, "2015.7.2/decision") == {"f1": ("overdue", D(2016, 1, 15), 3)}
    assert results(ev, "2015.7.2/report") == []


def test_2015_7_2_recall_decided_late_times_the_report_from_the_decision():
    # Decision Tue 19 Jan 2016: 2 late (Mon 18, Tue 19).  The report within 24 hours: by the next
    # calendar day, Wed 20 Jan, when it arrived.
    ev = evaluated("2015", oc.recall_2015_late(), oc.RECALL_2015_AS_OF)
    assert owed(ev, "2015.7.2/decision") == {"f1": ("met_late", D(2016, 1, 15), 2)}
    assert owed(ev, "2015.7.2/report") == {"d1": ("met_on_time", D(2016, 1, 20), None)}


# ================================================================== item 4: the emergency is on the decision


def test_2015_7_2_emergency_decision_with_no_report_yet_is_due_the_same_day():
    # Emergency decision Tue 19 Jan 2016: 2 hours, read as the same day.  As of Tue 19 Jan it is
    # pending (due that day); as of Wed 20 Jan, with no report, 1 working day late.
    data = oc.recall_2015_emergency_no_report()
    assert owed(evaluated("2015", data, D(2016, 1, 19)), "2015.7.2/report") == {
        "d1": ("pending", D(2016, 1, 19), None)}
    assert owed(evaluated("2015", data, oc.RECALL_2015_AS_OF), "2015.7.2/report") == {
        "d1": ("overdue", D(2016, 1, 19), 1)}


def test_2015_7_2_decision_not_recorded_as_an_emergency_has_24_hours():
    # Decision Tue 19 Jan 2016, not an emergency: due Wed 20 Jan, still pending that day.
    ev = evaluated("2015", oc.recall_2015_no_report(), oc.RECALL_2015_AS_OF)
    assert owed(ev, "2015.7.2/report") == {"d1": ("pending", D(2016, 1, 20), None)}


def test_2015_7_2_emergency_on_the_report_is_refused_with_the_field_named():
    data = oc.recall_2015_late()
    data["events"][-1]["emergency"] = True
    with pytest.raises(CaseError) as caught:
        load_case_data(data, "t.yaml")
    assert [p.path for p in caught.value.problems] == ["events[3].emergency"]


# ================================================================== item 10: the 12-month boundary


def test_2f4_warning_on_the_same_date_12_months_before_counts():
    # Warned Tue 15 Jan 2008; failed again Thu 15 Jan 2009: 12 months before is Tue 15 Jan 2008,
    # which counts, so enforcement is due, not a warning: Fri 16 (1), Mon 19 - Fri 23 (2-6), Mon
    # 26 (7), Tue 27 (8), Wed 28 (9), Thu 29 Jan 2009 (10).  (New Year's Day, Thu 1 Jan, is before.)
    ev = evaluated("2007", oc.warned_2007("T", "2009-01-15"), oc.TWELVE_MONTHS_AS_OF["2007"])
    assert owed(ev, "2f.4/enforcement") == {"f2": ("overdue", D(2009, 1, 29), 2)}
    assert "f2" not in status_of(ev, "2f.8/warning")


def test_2f4_warning_12_months_and_a_day_before_does_not_count():
    # Failed Fri 16 Jan 2009: 12 months before is Wed 16 Jan 2008, after the warning, so a second
    # warning is due: Mon 19 (1) - Fri 23 (5), Mon 26 - Fri 30 Jan 2009 (10).
    ev = evaluated("2007", oc.warned_2007("T", "2009-01-16"), oc.TWELVE_MONTHS_AS_OF["2007"])
    assert owed(ev, "2f.8/warning") == {"f1": ("met_on_time", D(2008, 1, 28), None),
                                        "f2": ("overdue", D(2009, 1, 30), 1)}
    assert "f2" not in status_of(ev, "2f.4/enforcement")


def test_2011d_2_2_16_warning_on_the_same_date_12_months_before_counts():
    # Warned Tue 17 Jan 2012; failed again Thu 17 Jan 2013: enforcement due Fri 18 (1), Mon 21 -
    # Fri 25 (2-6), Mon 28 (7), Tue 29 (8), Wed 30 (9), Thu 31 Jan 2013 (10).  As of Mon 4 Feb:
    # 2 late (Fri 1, Mon 4).
    ev = evaluated("2011", oc.warned_2011("T", "2013-01-17"), oc.TWELVE_MONTHS_AS_OF["2011"])
    assert owed(ev, "2011d.2.2.16/enforcement") == {"f2": ("overdue", D(2013, 1, 31), 2)}
    assert "f2" not in status_of(ev, "2011d.2.2.16/warning")


def test_2011d_2_2_16_warning_12_months_and_a_day_before_does_not_count():
    # Failed Fri 18 Jan 2013: a warning due Mon 21 (1) - Fri 25 (5), Mon 28 - Fri 1 Feb 2013 (10).
    # As of Mon 4 Feb: 1 late.
    ev = evaluated("2011", oc.warned_2011("T", "2013-01-18"), oc.TWELVE_MONTHS_AS_OF["2011"])
    assert owed(ev, "2011d.2.2.16/warning")["f2"] == ("overdue", D(2013, 2, 1), 1)
    assert "f2" not in status_of(ev, "2011d.2.2.16/enforcement")


def test_2015_7_1_failure_on_the_same_date_12_months_before_counts():
    # Failures Tue 12 Jan 2016 and Thu 12 Jan 2017: 12 months before the second is Tue 12 Jan
    # 2016, which counts: the 2nd in 12 months, so breach within 6 working days, Fri 13 (1), Mon
    # 16 (2), Tue 17 (3), Wed 18 (4), Thu 19 (5), Fri 20 Jan 2017 (6).  As of Tue 24 Jan: 2 late.
    ev = evaluated("2015", oc.failed_2015("T", "2017-01-12"), oc.TWELVE_MONTHS_AS_OF["2015"])
    assert owed(ev, "2015.7.1/breach") == {"f2": ("overdue", D(2017, 1, 20), 2)}


def test_2015_7_1_failure_12_months_and_a_day_before_does_not_count():
    # Second failure Fri 13 Jan 2017: 12 months before is Wed 13 Jan 2016, after the first, so
    # only a warning or enforcement is due: Mon 16 (1) - Fri 20 (5), Mon 23 Jan 2017 (6).
    ev = evaluated("2015", oc.failed_2015("T", "2017-01-13"), oc.TWELVE_MONTHS_AS_OF["2015"])
    assert results(ev, "2015.7.1/breach") == []
    assert owed(ev, "2015.7.1/respond")["f2"] == ("overdue", D(2017, 1, 23), 1)
