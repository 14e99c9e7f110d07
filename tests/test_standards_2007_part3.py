"""2007 National Standards, part 3: every remaining numbered paragraph.

Timed standards tested here (met, late or overdue, and not applicable for each):
  2b.2  tier recorded before the initial Sentence Plan (due the day of the plan)
  2b.7  MAPPA level 6 months before release, or with the first plan when under 6 months to serve
  2c.14 Offender Supervisor's face-to-face contact within 10 working days of arrival
  2d.9.4 DRR: at least one contact a week (schedule)
  2e.8  evaluation of outcomes: OASys termination in the 8 weeks up to the sentence's last day
  2f.7  letter to a recalled offender within 5 working days of reception into custody
  3.5   reply to the offender's correspondence within 5 working days
Judgement standards get a few representative tests (needs_judgement without a recorded
judgement, judged_met with one); conditional standards have no obligations at all.

Every expected due date was worked out by hand from a paper calendar, following
Interpretation Note 9: the occurrence is day 0, working days are Monday to Friday, and
England & Wales bank holidays are skipped.  The comment beside each date names the weekends
and bank holidays in range.  "Weeks" and "months" are calendar weeks and months.

"N working days late" counts the working days after the due date up to and including the
day the thing was done (met_late) or the as-of date (overdue).

Bank holidays used on purpose:
  2008  Good Friday Fri 21 Mar, Easter Monday Mon 24 Mar, Early May Mon 5 May,
        Christmas Thu 25 Dec, Boxing Day Fri 26 Dec
  2009  Good Friday Fri 10 Apr, Easter Monday Mon 13 Apr, Summer Mon 31 Aug
"""
from __future__ import annotations

import datetime as dt
import functools

import pytest

from policyengine.evaluate import Evaluation
from policyengine.explain.narrative import not_applicable as reasons_not_applicable
from support import program, result, results, run

D = dt.date


# ---------------------------------------------------------------- helpers


def _run(case: dict, as_of: dt.date) -> Evaluation:
    return run("2007", case, as_of)


def not_applicable(ev: Evaluation) -> dict[str, str]:
    return {na.obligation: na.condition for na in reasons_not_applicable(ev)}


def assert_not_applicable(ev: Evaluation, obligation: str) -> None:
    assert results(ev, obligation) == []
    assert obligation in not_applicable(ev)


def contact(id: str, date: str, with_: str, mode: str = "face_to_face") -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": mode, "with": with_}


# ---------------------------------------------------------------- scenarios


@functools.cache
def custody_easter_2008() -> Evaluation:
    """Custody of 18 months passed Monday 17 March 2008, received into prison that day, moved
    twice; no recall and no correspondence."""
    return _run({
        "id": "T3-CUSTODY-EASTER",
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-03-17", "length_months": 18,
                       "release_date": "2008-12-12", "psr": "standard_delivery"}],
        "events": [
            {"id": "r1", "kind": "prison_reception", "date": "2008-03-17", "establishment": "HMP Leeds"},
            contact("os1", "2008-04-02", "offender_supervisor"),
            {"id": "t1", "kind": "prison_transfer", "date": "2008-04-25", "establishment": "HMP Wakefield"},
            contact("os2", "2008-05-13", "offender_supervisor"),
            {"id": "t2", "kind": "prison_transfer", "date": "2008-06-02", "establishment": "HMP Hull"},
            # a telephone call is not face to face, and the Offender Manager is not the Offender Supervisor
            contact("os3", "2008-06-05", "offender_supervisor", mode="telephone"),
            contact("om1", "2008-06-06", "offender_manager"),
        ],
        "judgements": [{"standard": "2c.5", "date": "2008-03-25", "met": True, "by": "SPO A Khan",
                        "reason": "PSR sent with the escort on the day of sentence"}],
    }, as_of=D(2008, 6, 30))


@functools.cache
def remand_then_sentence() -> Evaluation:
    """Received on remand Monday 1 September 2008, sentenced to custody Wednesday 10 September."""
    return _run({
        "id": "T3-REMAND",
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-09-10", "length_months": 12,
                       "release_date": "2009-03-09"}],
        "events": [
            {"id": "r1", "kind": "prison_reception", "date": "2008-09-01", "sentence": "s1"},
            contact("os0", "2008-09-03", "offender_supervisor"),   # on remand: before the clock starts
            contact("os1", "2008-09-24", "offender_supervisor"),
        ],
    }, as_of=D(2008, 10, 31))


@functools.cache
def two_recalls() -> Evaluation:
    """Custody from Monday 7 January 2008, released on licence 2 June 2008, recalled twice:
    Christmas 2008 and Easter 2009."""
    return _run({
        "id": "T3-RECALLS",
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 48,
                       "release_date": "2008-06-02"}],
        "events": [
            {"id": "p0", "kind": "prison_reception", "date": "2008-01-07"},   # not after a recall
            {"id": "rel1", "kind": "release", "date": "2008-06-02", "on": "licence"},
            {"id": "rc1", "kind": "recall", "date": "2008-12-18"},
            {"id": "p1", "kind": "prison_reception", "date": "2008-12-19"},
            contact("l1", "2008-12-30", "offender_manager", mode="letter"),
            {"id": "rel2", "kind": "release", "date": "2009-03-02", "on": "licence"},
            {"id": "rc2", "kind": "recall", "date": "2009-04-08"},
            {"id": "p2", "kind": "prison_reception", "date": "2009-04-09"},
            contact("l2", "2009-04-22", "offender_manager", mode="letter"),
        ],
    }, as_of=D(2009, 5, 29))


@functools.cache
def licence_summer_2009() -> Evaluation:
    """A licence case from Monday 1 June 2009: letters from the offender, and a recall over the
    August 2009 bank holiday with no letter sent."""
    return _run({
        "id": "T3-LICENCE-2009",
        "sentences": [{"id": "s1", "type": "licence", "date": "2009-06-01", "length_months": 12}],
        "events": [
            {"id": "cr0", "kind": "correspondence_received", "date": "2009-07-31"},
            {"id": "rp0", "kind": "correspondence_replied", "date": "2009-08-10", "reply_to": "cr0"},
            {"id": "cr3", "kind": "correspondence_received", "date": "2009-08-17"},
            {"id": "cr1", "kind": "correspondence_received", "date": "2009-08-24"},
            {"id": "rc1", "kind": "recall", "date": "2009-08-27"},
            {"id": "p1", "kind": "prison_reception", "date": "2009-08-28"},
            {"id": "rp1", "kind": "correspondence_replied", "date": "2009-09-01", "reply_to": "cr1"},
            # a telephone call is not a letter
            contact("ph1", "2009-09-01", "offender_manager", mode="telephone"),
            {"id": "cr2", "kind": "correspondence_received", "date": "2009-09-04"},
        ],
    }, as_of=D(2009, 9, 10))


def _community(id: str, date: str, *, assessments=(), events=(), requirements=("supervision",),
               length_months=12, judgements=(), as_of: dt.date, **extra) -> Evaluation:
    return _run({
        "id": id,
        "sentences": [{"id": "s1", "type": "community_order", "date": date, "length_months": length_months,
                       "requirements": [r if isinstance(r, dict) else {"kind": r} for r in requirements],
                       **extra}],
        "assessments": list(assessments),
        "events": list(events),
        "judgements": list(judgements),
    }, as_of=as_of)


@functools.cache
def plan_after_psr_tier() -> Evaluation:
    """Sentenced Monday 2 June 2008 with the tier recorded for the PSR on 27 May."""
    return _community("T3-TIER-OK", "2008-06-02", psr="standard_delivery",
                      assessments=[{"date": "2008-05-27", "source": "psr", "tier": 2}],
                      events=[{"id": "sp1", "kind": "sentence_plan", "date": "2008-06-09", "type": "initial"}],
                      as_of=D(2008, 6, 30))


@functools.cache
def plan_before_tier() -> Evaluation:
    """Sentenced 2 June 2008 without a PSR; plan Monday 9 June, tier only on Wednesday 11 June."""
    return _community("T3-TIER-LATE", "2008-06-02",
                      assessments=[{"date": "2008-06-11", "source": "tiering", "tier": 2}],
                      events=[{"id": "sp1", "kind": "sentence_plan", "date": "2008-06-09", "type": "initial"}],
                      as_of=D(2008, 6, 30))


@functools.cache
def plan_no_tier() -> Evaluation:
    """Plan Monday 9 June 2008 and no tier recorded at all by Friday 13 June."""
    return _community("T3-TIER-NONE", "2008-06-02",
                      events=[{"id": "sp1", "kind": "sentence_plan", "date": "2008-06-09", "type": "initial"}],
                      as_of=D(2008, 6, 13))


def _mappa_custody(id: str, level_dates: tuple[str, ...], as_of: dt.date) -> Evaluation:
    """Custody passed Monday 7 January 2008, release date Monday 6 July 2009, MAPPA category 1."""
    return _run({
        "id": id,
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 36,
                       "release_date": "2009-07-06"}],
        "assessments": [{"date": "2008-01-07", "source": "oasys", "mappa_category": 1}]
                       + [{"date": d, "source": "mappa_meeting", "mappa_level": 2} for d in level_dates],
    }, as_of=as_of)


@functools.cache
def mappa_on_time() -> Evaluation:
    return _mappa_custody("T3-MAPPA-OK", ("2008-12-15",), D(2009, 1, 31))


@functools.cache
def mappa_late() -> Evaluation:
    return _mappa_custody("T3-MAPPA-LATE", ("2009-01-20",), D(2009, 1, 31))


@functools.cache
def mappa_overdue() -> Evaluation:
    return _mappa_custody("T3-MAPPA-OVERDUE", (), D(2009, 1, 9))


@functools.cache
def mappa_before_release_window() -> Evaluation:
    """The same case on Monday 15 June 2009, between the 2c.12 points."""
    return _mappa_custody("T3-MAPPA-JUNE", ("2008-12-15",), D(2009, 6, 15))


@functools.cache
def mappa_short_sentence() -> Evaluation:
    """Custody passed Monday 4 February 2008 with release on 2 May 2008 (under 6 months to serve);
    first plan and MAPPA level both on Monday 18 February."""
    return _run({
        "id": "T3-MAPPA-SHORT",
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-02-04", "length_months": 6,
                       "release_date": "2008-05-02"}],
        "assessments": [{"date": "2008-02-04", "mappa_category": 2},
                        {"date": "2008-02-18", "mappa_level": 1}],
        "events": [{"id": "sp1", "kind": "sentence_plan", "date": "2008-02-18", "type": "initial"}],
    }, as_of=D(2008, 3, 31))


def _ending_order(id: str, termination_dates: tuple[str, ...], as_of: dt.date) -> Evaluation:
    """A 12-month community order passed Monday 14 January 2008: its last day is Tuesday
    13 January 2009 (sentence_end, the first day after it, is 14 January 2009)."""
    return _community(id, "2008-01-14", as_of=as_of, events=[
        {"id": f"ot{i}", "kind": "oasys_assessment", "date": d, "type": "termination"}
        for i, d in enumerate(termination_dates)])


@functools.cache
def drr_low_summer_2008() -> Evaluation:
    """A 6-month low-seriousness DRR passed Monday 2 June 2008 (runs to 1 December 2008)."""
    return _community("T3-DRR", "2008-06-02", length_months=12, as_of=D(2008, 6, 30),
                      requirements=("supervision", {"kind": "drr", "months": 6, "seriousness": "low"}),
                      events=[
                          {"id": "tc1", "kind": "treatment_contact", "date": "2008-06-03"},
                          contact("c1", "2008-06-10", "offender_manager"),
                          contact("c2", "2008-06-18", "offender_manager", mode="telephone"),  # not counted
                          contact("c3", "2008-06-24", "treatment_provider"),
                      ])


# ---------------------------------------------------------------- 2c.14


def test_2c14_reception_met_on_time_over_easter_2008():
    # Received Mon 17 Mar 2008 (day 0): Tue 18 (1), Wed 19 (2), Thu 20 (3), [Fri 21 Good Friday,
    # Sat 22, Sun 23, Mon 24 Easter Monday], Tue 25 (4) .. Fri 28 (7), [Sat 29, Sun 30],
    # Mon 31 (8), Tue 1 Apr (9), Wed 2 Apr (10).
    r = result(custody_easter_2008(), "2c.14/on_reception", "r1")
    assert (r.status, r.due, r.satisfied_by.id) == ("met_on_time", D(2008, 4, 2), "os1")


def test_2c14_transfer_met_late_over_may_day_2008():
    # Transfer Fri 25 Apr 2008: [Sat 26, Sun 27], Mon 28 (1) .. Fri 2 May (5), [Sat 3, Sun 4,
    # Mon 5 May Early May bank holiday], Tue 6 (6) .. Fri 9 (9), [Sat 10, Sun 11], Mon 12 May (10).
    # Seen Tue 13 May: 1 working day late.
    r = result(custody_easter_2008(), "2c.14/on_transfer", "t1")
    assert (r.status, r.due, r.satisfied_by.id, r.working_days_late) == ("met_late", D(2008, 5, 12), "os2", 1)


def test_2c14_transfer_overdue_telephone_and_offender_manager_do_not_count():
    # Transfer Mon 2 Jun 2008, no bank holiday in range: Tue 3 (1) .. Fri 6 (4), [Sat 7, Sun 8],
    # Mon 9 (5) .. Fri 13 (9), [Sat 14, Sun 15], Mon 16 Jun (10).
    # As of Mon 30 Jun: 17-20 Jun (4), [21-22], 23-27 Jun (5), [28-29], 30 Jun (1) = 10 late.
    r = result(custody_easter_2008(), "2c.14/on_transfer", "t2")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2008, 6, 16), 10)


def test_2c14_sentenced_while_on_remand_counts_from_sentence():
    # Sentenced Wed 10 Sep 2008 while in prison: Thu 11 (1), Fri 12 (2), [Sat 13, Sun 14],
    # Mon 15 (3) .. Fri 19 (7), [Sat 20, Sun 21], Mon 22 (8), Tue 23 (9), Wed 24 Sep (10).
    ev = remand_then_sentence()
    r = result(ev, "2c.14/on_sentence_in_prison")
    assert (r.status, r.due, r.satisfied_by.id) == ("met_on_time", D(2008, 9, 24), "os1")
    # the reception on remand is not an arrival of a sentenced prisoner
    assert_not_applicable(ev, "2c.14/on_reception")


def test_2c14_not_applicable_to_a_community_order():
    ev = plan_after_psr_tier()
    for name in ("on_reception", "on_sentence_in_prison", "on_transfer"):
        assert_not_applicable(ev, f"2c.14/{name}")


# ---------------------------------------------------------------- 2f.7


def test_2f7_letter_met_on_time_over_christmas_2008():
    # Recalled Thu 18 Dec 2008, received Fri 19 Dec (day 0): [Sat 20, Sun 21], Mon 22 (1),
    # Tue 23 (2), Wed 24 (3), [Thu 25 Christmas, Fri 26 Boxing Day, Sat 27, Sun 28],
    # Mon 29 (4), Tue 30 Dec (5).
    r = result(two_recalls(), "2f.7/letter", "p1")
    assert (r.status, r.due, r.satisfied_by.id) == ("met_on_time", D(2008, 12, 30), "l1")


def test_2f7_letter_met_late_over_easter_2009():
    # Recalled Wed 8 Apr 2009, received Thu 9 Apr: [Fri 10 Good Friday, Sat 11, Sun 12,
    # Mon 13 Easter Monday], Tue 14 (1) .. Fri 17 (4), [Sat 18, Sun 19], Mon 20 Apr (5).
    # Letter Wed 22 Apr: Tue 21, Wed 22 = 2 working days late.
    r = result(two_recalls(), "2f.7/letter", "p2")
    assert (r.status, r.due, r.satisfied_by.id, r.working_days_late) == ("met_late", D(2009, 4, 20), "l2", 2)


def test_2f7_only_receptions_after_a_recall_start_the_clock():
    assert sorted(r.trigger.id for r in results(two_recalls(), "2f.7/letter")) == ["p1", "p2"]


def test_2f7_overdue_over_august_bank_holiday_2009_telephone_is_not_a_letter():
    # Received Fri 28 Aug 2009: [Sat 29, Sun 30, Mon 31 Summer bank holiday], Tue 1 Sep (1),
    # Wed 2 (2), Thu 3 (3), Fri 4 (4), [Sat 5, Sun 6], Mon 7 Sep (5).
    # As of Thu 10 Sep: Tue 8, Wed 9, Thu 10 = 3 late.
    r = result(licence_summer_2009(), "2f.7/letter", "p1")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2009, 9, 7), 3)


def test_2f7_not_applicable_without_a_recall():
    assert_not_applicable(custody_easter_2008(), "2f.7/letter")


# ---------------------------------------------------------------- 3.5


def test_3_5_reply_met_on_time_over_august_bank_holiday_2009():
    # Received Mon 24 Aug 2009: Tue 25 (1), Wed 26 (2), Thu 27 (3), Fri 28 (4), [Sat 29, Sun 30,
    # Mon 31 Summer bank holiday], Tue 1 Sep (5).
    r = result(licence_summer_2009(), "3.5/reply", "cr1")
    assert (r.status, r.due, r.satisfied_by.id) == ("met_on_time", D(2009, 9, 1), "rp1")


def test_3_5_reply_met_late():
    # Received Fri 31 Jul 2009: [Sat 1, Sun 2 Aug], Mon 3 (1) .. Fri 7 Aug (5).
    # Reply Mon 10 Aug: [Sat 8, Sun 9], Mon 10 = 1 working day late.
    r = result(licence_summer_2009(), "3.5/reply", "cr0")
    assert (r.status, r.due, r.satisfied_by.id, r.working_days_late) == ("met_late", D(2009, 8, 7), "rp0", 1)


def test_3_5_reply_overdue_a_reply_to_other_letters_does_not_count():
    # Received Mon 17 Aug 2009: Tue 18 (1) .. Fri 21 (4), [Sat 22, Sun 23], Mon 24 Aug (5).
    # As of Thu 10 Sep: 25-28 Aug (4), [29-30, Mon 31 bank holiday], 1-4 Sep (4), [5-6],
    # 7-10 Sep (4) = 12 late.
    r = result(licence_summer_2009(), "3.5/reply", "cr3")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2009, 8, 24), 12)


def test_3_5_reply_pending():
    # Received Fri 4 Sep 2009: [Sat 5, Sun 6], Mon 7 (1) .. Fri 11 Sep (5); as of Thu 10 Sep.
    r = result(licence_summer_2009(), "3.5/reply", "cr2")
    assert (r.status, r.due) == ("pending", D(2009, 9, 11))


def test_3_5_not_applicable_without_correspondence():
    assert_not_applicable(custody_easter_2008(), "3.5/reply")


# ---------------------------------------------------------------- 2b.2


def test_2b2_tier_from_the_psr_meets_it_on_the_day_of_the_plan():
    # Due the day of the initial plan, Mon 9 Jun 2008; the PSR tier (27 May) was earlier.
    r = result(plan_after_psr_tier(), "2b.2/tier_before_plan")
    assert (r.status, r.due, r.satisfied_by.date) == ("met_on_time", D(2008, 6, 9), D(2008, 5, 27))


def test_2b2_tier_after_the_plan_is_late():
    # Plan Mon 9 Jun 2008 (due that day); tier Wed 11 Jun: Tue 10, Wed 11 = 2 working days late.
    r = result(plan_before_tier(), "2b.2/tier_before_plan")
    assert (r.status, r.due, r.satisfied_by.date, r.working_days_late) == ("met_late", D(2008, 6, 9),
                                                                              D(2008, 6, 11), 2)


def test_2b2_no_tier_is_overdue():
    # Due Mon 9 Jun 2008; as of Fri 13 Jun: 10, 11, 12, 13 Jun = 4 late.
    r = result(plan_no_tier(), "2b.2/tier_before_plan")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2008, 6, 9), 4)


def test_2b2_not_applicable_without_a_plan():
    assert_not_applicable(custody_easter_2008(), "2b.2/tier_before_plan")


# ---------------------------------------------------------------- 2b.7


def test_2b7_level_set_6_months_before_release():
    # Release date Mon 6 Jul 2009 - 6 calendar months = Tue 6 Jan 2009, due that day.
    r = result(mappa_on_time(), "2b.7/before_release")
    assert (r.status, r.due, r.satisfied_by.date) == ("met_on_time", D(2009, 1, 6), D(2008, 12, 15))


def test_2b7_level_set_late():
    # Due Tue 6 Jan 2009; level Tue 20 Jan: Wed 7 - Fri 9 (3), [Sat 10, Sun 11], Mon 12 - Fri 16 (5),
    # [Sat 17, Sun 18], Mon 19, Tue 20 (2) = 10 working days late.
    r = result(mappa_late(), "2b.7/before_release")
    assert (r.status, r.due, r.working_days_late) == ("met_late", D(2009, 1, 6), 10)


def test_2b7_no_level_overdue():
    # Due Tue 6 Jan 2009; as of Fri 9 Jan: 7, 8, 9 Jan = 3 late.
    r = result(mappa_overdue(), "2b.7/before_release")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2009, 1, 6), 3)


def test_2b7_under_6_months_to_serve_level_with_the_first_plan():
    # 4 Feb 2008 to release 2 May 2008 is under 6 months: due with the first plan, Mon 18 Feb 2008.
    ev = mappa_short_sentence()
    r = result(ev, "2b.7/short_sentence")
    assert (r.status, r.due) == ("met_on_time", D(2008, 2, 18))
    assert_not_applicable(ev, "2b.7/before_release")


def test_2b7_not_applicable_without_mappa():
    ev = custody_easter_2008()   # no MAPPA category recorded
    assert_not_applicable(ev, "2b.7/before_release")
    assert_not_applicable(ev, "2b.7/short_sentence")


# ---------------------------------------------------------------- 2e.8


def test_2e8_termination_review_in_the_window():
    # Last day Tue 13 Jan 2009; the window opens 8 weeks (56 days) earlier, Tue 18 Nov 2008,
    # and the evaluation is due on the last day, Tue 13 Jan 2009.
    ev = _ending_order("T3-EVAL-OK", ("2009-01-09",), D(2009, 1, 31))
    r = result(ev, "2e.8/evaluation")
    # (the trigger reported is the sentence, whose end the window is counted back from)
    assert (r.trigger.id, r.status, r.due, r.satisfied_by.id) == ("s1", "met_on_time", D(2009, 1, 13), "ot0")


def test_2e8_early_review_does_not_count_late_one_does():
    # ot0 (10 Nov 2008) is before the window opens (18 Nov); ot1 Thu 15 Jan 2009 is after the due
    # date Tue 13 Jan: Wed 14, Thu 15 = 2 working days late.
    ev = _ending_order("T3-EVAL-LATE", ("2008-11-10", "2009-01-15"), D(2009, 1, 31))
    r = result(ev, "2e.8/evaluation")
    assert (r.status, r.due, r.satisfied_by.id, r.working_days_late) == ("met_late", D(2009, 1, 13), "ot1", 2)


def test_2e8_overdue():
    # Due Tue 13 Jan 2009; as of Tue 20 Jan: Wed 14, Thu 15, Fri 16, [Sat 17, Sun 18],
    # Mon 19, Tue 20 = 5 late.
    ev = _ending_order("T3-EVAL-OVERDUE", (), D(2009, 1, 20))
    r = result(ev, "2e.8/evaluation")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2009, 1, 13), 5)


def test_2e8_not_applicable_before_the_window_opens():
    # As of Mon 17 Nov 2008, the day before the window opens.
    ev = _ending_order("T3-EVAL-EARLY", (), D(2008, 11, 17))
    assert_not_applicable(ev, "2e.8/evaluation")
    assert_not_applicable(ev, "2e.9/notified")


# ---------------------------------------------------------------- 2d.9.4


def test_2d94_weekly_drr_contact_windows():
    # Weeks from Mon 2 Jun 2008 (days 0-6): 2-8 Jun (treatment contact 3 Jun), 9-15 Jun
    # (OM 10 Jun), 16-22 Jun (only a telephone call: missed), 23-29 Jun (treatment provider
    # face to face 24 Jun), 30 Jun-6 Jul still open on Mon 30 Jun.
    rows = sorted(results(drr_low_summer_2008(), "2d.9.4/weekly"), key=lambda r: r.window["index"])
    assert [(r.window["start"], r.window["end"], r.window["count"], r.status) for r in rows] == [
        (D(2008, 6, 2), D(2008, 6, 8), 1, "met"),
        (D(2008, 6, 9), D(2008, 6, 15), 1, "met"),
        (D(2008, 6, 16), D(2008, 6, 22), 0, "missed"),
        (D(2008, 6, 23), D(2008, 6, 29), 1, "met"),
        (D(2008, 6, 30), D(2008, 7, 6), 0, "pending"),
    ]


def _drr_hours(id: str, seriousness: str, events, as_of: dt.date) -> Evaluation:
    return _community(id, "2008-06-02", as_of=as_of, events=events,
                      requirements=("supervision", "unpaid_work", {"kind": "drr", "months": 6, "seriousness": seriousness}))


def _timed(id: str, kind: str, date: str, minutes: int | None, **extra) -> dict:
    return {"id": id, "kind": kind, "date": date, **({"duration_minutes": minutes} if minutes else {}), **extra}


def test_2d94_high_seriousness_adds_up_15_hours_a_week():
    # Weeks from Mon 2 Jun 2008 (days 0-6).  2-8 Jun: treatment 6h + OM 1h + unpaid work 7h +
    # programme 1h = 15h exactly (met).  9-15 Jun: treatment 6h + OM 1h30 + a treatment contact
    # with no recorded minutes (adds nothing) + a telephone call of 8h (not a counted contact)
    # = 7.5h (missed).  16-22 Jun still open on Mon 16 Jun with 2h (activity contact).
    ev = _drr_hours("T3-DRR-HIGH", "high", [
        _timed("t1", "treatment_contact", "2008-06-03", 360),
        contact("c1", "2008-06-04", "offender_manager") | {"duration_minutes": 60},
        _timed("w1", "work_session", "2008-06-07", 420),
        _timed("p1", "programme_session", "2008-06-08", 60),
        _timed("t2", "treatment_contact", "2008-06-10", 360),
        contact("c2", "2008-06-11", "offender_manager") | {"duration_minutes": 90},
        _timed("t3", "treatment_contact", "2008-06-12", None),
        contact("c3", "2008-06-13", "offender_manager", mode="telephone") | {"duration_minutes": 480},
        _timed("a1", "activity_contact", "2008-06-16", 120),
    ], D(2008, 6, 16))
    rows = sorted(results(ev, "2d.9.4/hours_high"), key=lambda r: r.window["index"])
    assert [(r.window["start"], r.window["end"], r.window["need"], r.window["minutes"], r.status) for r in rows] == [
        (D(2008, 6, 2), D(2008, 6, 8), 15, 900, "met"),
        (D(2008, 6, 9), D(2008, 6, 15), 15, 450, "missed"),
        (D(2008, 6, 16), D(2008, 6, 22), 15, 120, "pending"),
    ]
    assert_not_applicable(ev, "2d.9.4/hours_medium")


def test_2d94_medium_seriousness_needs_7_hours_for_16_weeks_only():
    # 7h in week 1 (2-8 Jun: 6h59 is one minute short, so 419 minutes is missed; here 420 met).
    # Week 16 is days 105-111, Mon 15 - Sun 21 Sep 2008; week 17 (from Mon 22 Sep) has no hours
    # window: only the weekly contact of 2d.9.4/weekly goes on.
    met = _drr_hours("T3-DRR-MED", "medium", [_timed("w1", "work_session", "2008-06-03", 420)], D(2008, 9, 29))
    rows = {r.window["index"]: r for r in results(met, "2d.9.4/hours_medium")}
    assert (rows[0].window["minutes"], rows[0].status) == (420, "met")
    assert (rows[15].window["start"], rows[15].window["end"], rows[15].status) == (D(2008, 9, 15), D(2008, 9, 21), "missed")
    assert max(rows) == 15
    short = _drr_hours("T3-DRR-MED-SHORT", "medium", [_timed("w1", "work_session", "2008-06-03", 419)], D(2008, 6, 9))
    first = min(results(short, "2d.9.4/hours_medium"), key=lambda r: r.window["index"])
    assert (first.window["minutes"], first.status) == (419, "missed")


def test_2d94_hours_not_applicable_for_low_seriousness():
    assert_not_applicable(drr_low_summer_2008(), "2d.9.4/hours_high")
    assert_not_applicable(drr_low_summer_2008(), "2d.9.4/hours_medium")


def test_2d94_not_applicable_without_a_drr():
    assert_not_applicable(plan_after_psr_tier(), "2d.9.4/weekly")


# ---------------------------------------------------------------- judgements


def test_judgement_needed_without_a_recorded_judgement():
    ev = custody_easter_2008()
    assert result(ev, "1.6/records").status == "needs_judgement"
    assert result(ev, "2a.9/report_quality").status == "needs_judgement"
    assert result(ev, "2c.8/move_communicated", "t1").status == "needs_judgement"
    r = result(ev, "2c.8/move_communicated", "t2")
    assert r.status == "needs_judgement" and r.due is None


def test_judgement_recorded_is_judged_met():
    assert result(custody_easter_2008(), "2c.5/psr_to_prison").status == "judged_met"


def test_requirement_judgements_follow_the_requirements():
    ev = _community("T3-AC", "2008-06-02", requirements=("attendance_centre", "activity"), as_of=D(2008, 7, 31),
                    judgements=[{"standard": "2d.7.1", "date": "2008-06-20", "met": True, "by": "PO B Lee",
                                 "reason": "instructed on 12 June"}])
    assert result(ev, "2d.6.1/instructed").status == "needs_judgement"
    assert result(ev, "2d.7.1/instructed").status == "judged_met"
    assert_not_applicable(ev, "2d.8.1/instructed")
    assert_not_applicable(ev, "2d.2.1/advised")


def test_continuity_judgement_asked_only_on_a_change_of_offender_manager():
    ev = _community("T3-OM-CHANGE", "2008-06-02", as_of=D(2008, 9, 30), events=[
        {"id": "om1", "kind": "offender_manager_assigned", "date": "2008-06-02"},
        {"id": "om2", "kind": "offender_manager_assigned", "date": "2008-08-01"},
    ], judgements=[{"standard": "1.5", "date": "2008-08-05", "met": True, "by": "SPO",
                    "reason": "joint meeting with the offender"}])
    assert result(ev, "1.2/continuity").trigger.id == "om2"
    assert result(ev, "1.2/continuity").status == "needs_judgement"
    assert result(ev, "1.5/om_handover").status == "judged_met"
    assert_not_applicable(plan_after_psr_tier(), "1.2/continuity")


def test_2c12_judgements_asked_from_4_weeks_and_10_working_days_before_release():
    # Release date Mon 6 Jul 2009: 4 weeks before is Mon 8 Jun 2009; 10 working days before
    # (no bank holiday in range): Fri 3 Jul (1), Thu 2, Wed 1, Tue 30 Jun, Mon 29 (5), [Sun 28,
    # Sat 27], Fri 26, Thu 25, Wed 24, Tue 23, Mon 22 Jun (10).  As of Mon 15 Jun only the first.
    ev = mappa_before_release_window()
    r = result(ev, "2c.12/conditions")
    assert (r.trigger.id, r.status, r.due) == ("s1", "needs_judgement", None)
    assert_not_applicable(ev, "2c.12/arrangements")
    # On Mon 22 Jun 2009 the second point has been reached (and not on Fri 19 Jun).
    later = _mappa_custody("T3-MAPPA-JUNE-22", ("2008-12-15",), D(2009, 6, 22))
    assert result(later, "2c.12/arrangements").status == "needs_judgement"
    earlier = _mappa_custody("T3-MAPPA-JUNE-19", ("2008-12-15",), D(2009, 6, 19))
    assert_not_applicable(earlier, "2c.12/arrangements")
    assert result(earlier, "2c.12/conditions").status == "needs_judgement"


# ---------------------------------------------------------------- the paragraphs are all there

ADDED = (
    "1.2 1.4 1.5 1.6 1.7 "
    "2a.1 2a.2 2a.3 2a.5 2a.6 2a.7 2a.8 2a.9 "
    "2b.1 2b.2 2b.4 2b.5 2b.6 2b.7 2b.8 2b.9 "
    "2c.2 2c.5 2c.7 2c.8 2c.9 2c.10 2c.11 2c.12 2c.14 2c.15 2c.17 2c.18 "
    "2d.1.1 2d.1.2 2d.1.3 2d.1.5 2d.1.6 2d.1.7 2d.2.1 2d.3.1 2d.4.1 2d.5.1 2d.6.1 2d.6.2 "
    "2d.7.1 2d.7.2 2d.8.1 2d.8.2 2d.8.3 2d.9.1 2d.9.4 2d.9.5 2d.9.6 2d.10.1 2d.10.2 2d.11.1 2d.11.2 "
    + " ".join(f"2d.12.{i}" for i in range(1, 12)) + " "
    "2e.1 2e.2 2e.3 2e.4 2e.6 2e.7 2e.8 2e.9 "
    "2f.1 2f.2 2f.5 2f.7 2f.9 "
    "3.1 3.2 3.3 3.4 3.5 3.6 "
    "4.1 4.3 4.4 4.5 4.6 "
    + " ".join(f"5.{i}" for i in range(1, 13)) + " "
    "A1.1 A2.1 A2.2 A2.3 A2.4 A2.5 A3.1 A3.2 A4.1 A4.2 A4.3 A5.1 A5.2 A5.3 A6.1"
).split()

TIMED = {"2b.2", "2b.7", "2c.14", "2d.9.4", "2e.8", "2f.7", "3.5", "2c.5", "2c.8", "2c.12", "2d.6.1", "2d.7.1", "2d.7.2",
         "2d.8.1", "2d.9.6", "A2.3", "A3.1", "A5.1", "A5.2", "A6.1", "2e.9", "2a.5", "2d.12.6"}
CONDITIONAL = {"2a.7", "2a.8", "2c.11", "2c.17", "2d.1.1", "2d.1.2", "2d.8.2", "2d.9.1", "2d.12.1", "2d.12.2",
               "2d.12.3", "2d.12.11", "2f.9", "A1.1", "A2.4", "A5.3"} | {f"5.{i}" for i in range(1, 13)}


def test_every_added_paragraph_is_a_standard_with_title_quote_and_kind():
    standards = program("2007").standards
    assert len(ADDED) == len(set(ADDED)) == 120
    missing = [p for p in ADDED if p not in standards]
    assert missing == []
    for p in ADDED:
        s = standards[p]
        assert s.title and s.quotes and s.section, p
        expected = "timed" if p in TIMED else "conditional" if p in CONDITIONAL else "judgement"
        assert s.kind == expected, (p, s.kind)


def test_nsr_standards_lists_the_added_paragraphs(capsys):
    from policyengine.cli import main
    assert main(["standards", "2007"]) == 0
    listed = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert set(ADDED) <= listed


@pytest.mark.parametrize("paragraph", ["2c.14", "2e.8", "2f.7", "3.5", "2b.7", "2d.9.4", "2b.2"])
def test_timed_standards_quote_the_text_verbatim_and_give_a_reading(paragraph):
    s = program("2007").standards[paragraph]
    assert s.readings
    assert "endtoend" not in " ".join(s.quotes)


def test_2e3_a_rise_in_risk_after_a_plan_asks_for_a_review_judgement():
    ev = _community("T3-ROSH", "2008-06-02", as_of=D(2008, 9, 30), assessments=[
        {"date": "2008-05-27", "tier": 3, "rosh": "medium"},
        {"date": "2008-07-01", "rosh": "low"},          # a fall: no judgement asked
        {"date": "2008-08-01", "rosh": "high"},         # a rise after sp2
    ], events=[
        {"id": "sp1", "kind": "sentence_plan", "date": "2008-06-09", "type": "initial"},
        {"id": "sp2", "kind": "sentence_plan", "date": "2008-07-15", "type": "review"},
    ])
    r = result(ev, "2e.3/immediate")
    assert (r.trigger.id, r.status) == ("sp2", "needs_judgement")
    assert_not_applicable(plan_after_psr_tier(), "2e.3/immediate")
