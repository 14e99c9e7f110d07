"""2007 National Standards, part 4: timescales timed with the newer event kinds.

Timed obligations tested here (met, late or overdue, and not applicable for each):
  2c.5/psr_sent            PSR at the receiving prison within 5 working days of custody
  2c.8/move_notified       prison move notified to the Offender Manager within 2 working days
  2c.12/conditions_sent    proposed licence conditions 4 weeks before release (due same day)
  2c.12/arrangements_sent  post-release arrangements 10 working days before release
  2d.6.1/instructed_in_time attendance centre instruction within 15 (working) days
  2d.7.1/instructed_in_time activity instruction within 15 working days
  2d.7.2/three_contacts    3 activity contacts in the first 4 weeks of the Activity (schedule)
  2d.8.1/first_session     first core programme session within 6 weeks
  2d.9.6/testing_*         DRR drug tests: twice a week for 16 weeks then weekly / weekly
  2e.5/pre_release         review between 2 and 8 weeks before release
  2f.4/recall_decision     recall decision by the end of the 9th working day (licence)
and 2e.5/parole, left a judgement.

Every expected date was worked out by hand from a paper calendar (Interpretation Note 9: the
occurrence is day 0, working days are Monday to Friday less England & Wales bank holidays).
"Weeks" are calendar weeks.  "N working days late" counts the working days after the due date
up to and including the day it was done (met_late) or the as-of date (overdue).

Bank holidays used on purpose:
  2008  Good Friday Fri 21 Mar, Easter Monday Mon 24 Mar, Early May Mon 5 May,
        Spring Mon 26 May, Christmas Thu 25 Dec, Boxing Day Fri 26 Dec
  2009  New Year's Day Thu 1 Jan, Good Friday Fri 10 Apr, Easter Monday Mon 13 Apr
"""
from __future__ import annotations

import datetime as dt
import functools

from policyengine.evaluate import Evaluation

from policyengine.backends.results import ObligationResult
from support import result, results, run

D = dt.date


# ---------------------------------------------------------------- helpers


def _run(case: dict, as_of: dt.date) -> Evaluation:
    return run("2007", case, as_of)


def not_applicable(ev: Evaluation) -> set[str]:
    return {info.id for info in ev.missing}


def assert_not_applicable(ev: Evaluation, obligation: str) -> None:
    assert results(ev, obligation) == []
    assert obligation in not_applicable(ev)


def summary(r: ObligationResult) -> tuple:
    return (r.status, r.due, r.satisfied_by.id if r.satisfied_by else None, r.working_days_late)


def windows(ev: Evaluation, obligation: str) -> list[tuple]:
    rows = sorted(results(ev, obligation), key=lambda r: r.window["index"])
    return [(r.window["start"], r.window["end"], r.window["need"], r.window["count"], r.status) for r in rows]


def _case(id: str, sentence: dict, events=(), as_of: dt.date = D(2010, 1, 1)) -> Evaluation:
    return _run({"id": id, "sentences": [{"id": "s1", **sentence}], "events": list(events)}, as_of)


def _community(id: str, date: str, requirements, events=(), *, as_of: dt.date, **extra) -> Evaluation:
    return _case(id, {"type": "community_order", "date": date, "length_months": 12,
                      "requirements": [r if isinstance(r, dict) else {"kind": r} for r in requirements],
                      **extra}, events, as_of)


# ---------------------------------------------------------------- scenarios


@functools.cache
def custody_easter_2008() -> Evaluation:
    """Custody with a PSR passed Mon 17 Mar 2008, PSR sent Wed 26 Mar; moved three times."""
    return _case("T4-CUSTODY", {"type": "custody", "date": "2008-03-17", "length_months": 18,
                                "release_date": "2008-12-12", "psr": "standard_delivery"}, [
        {"id": "r1", "kind": "prison_reception", "date": "2008-03-17"},
        {"id": "p1", "kind": "psr_sent_to_prison", "date": "2008-03-26"},
        {"id": "t1", "kind": "prison_transfer", "date": "2008-05-02", "establishment": "HMP Hull"},
        {"id": "n1", "kind": "prison_move_notified", "date": "2008-05-07", "move": "t1"},
        {"id": "t2", "kind": "prison_transfer", "date": "2008-05-22", "establishment": "HMP Leeds"},
        {"id": "n2", "kind": "prison_move_notified", "date": "2008-05-29", "move": "t2"},
        {"id": "t3", "kind": "prison_transfer", "date": "2008-06-16", "establishment": "HMP Wakefield"},
        # a notice about another move does not meet t3
        {"id": "n3", "kind": "prison_move_notified", "date": "2008-06-17", "move": "t1"},
    ], as_of=D(2008, 6, 30))


@functools.cache
def psr_sent_late() -> Evaluation:
    return _case("T4-PSR-LATE", {"type": "custody", "date": "2008-03-17", "length_months": 6,
                                 "release_date": "2008-06-16", "psr": "fast_delivery"}, [
        {"id": "p1", "kind": "psr_sent_to_prison", "date": "2008-03-28"},
    ], as_of=D(2008, 4, 30))


@functools.cache
def psr_not_sent() -> Evaluation:
    return _case("T4-PSR-NONE", {"type": "custody", "date": "2008-03-17", "length_months": 6,
                                 "release_date": "2008-06-16", "psr": "standard_delivery"},
                 as_of=D(2008, 3, 31))


@functools.cache
def custody_without_psr() -> Evaluation:
    return _case("T4-NO-PSR", {"type": "custody", "date": "2008-03-17", "length_months": 6,
                               "release_date": "2008-06-16"}, [
        {"id": "p1", "kind": "psr_sent_to_prison", "date": "2008-03-18"},
    ], as_of=D(2008, 4, 30))


def _release_easter_2009(id: str, events, as_of: dt.date) -> Evaluation:
    """12 months' custody passed Mon 3 Nov 2008, release date Tue 14 Apr 2009 (after Easter)."""
    return _case(id, {"type": "custody", "date": "2008-11-03", "length_months": 12,
                      "release_date": "2009-04-14"}, events, as_of)


def _plan(id: str, date: str, type: str = "review") -> dict:
    return {"id": id, "kind": "sentence_plan", "date": date, "type": type}


@functools.cache
def release_on_time() -> Evaluation:
    return _release_easter_2009("T4-REL-ONTIME", [
        _plan("sp0", "2009-02-02"),                     # before the pre-release window
        _plan("sp1", "2009-03-02", "pre_release"),
        {"id": "lc1", "kind": "licence_conditions_proposed", "date": "2009-03-16"},
        {"id": "ra1", "kind": "release_arrangements_sent", "date": "2009-03-27"},
    ], D(2009, 4, 15))


@functools.cache
def release_late() -> Evaluation:
    return _release_easter_2009("T4-REL-LATE", [
        {"id": "lc1", "kind": "licence_conditions_proposed", "date": "2009-03-19"},
        _plan("sp1", "2009-04-02"),
        {"id": "ra1", "kind": "release_arrangements_sent", "date": "2009-04-08"},
    ], D(2009, 4, 15))


@functools.cache
def release_only_after() -> Evaluation:
    """Everything sent on the day of release or later: none of it counts."""
    return _release_easter_2009("T4-REL-AFTER", [
        {"id": "rel1", "kind": "release", "date": "2009-04-14", "on": "licence", "licence_end": "2009-11-02"},
        {"id": "lc1", "kind": "licence_conditions_proposed", "date": "2009-04-14"},
        {"id": "ra1", "kind": "release_arrangements_sent", "date": "2009-04-15"},
        _plan("sp1", "2009-04-16"),
    ], D(2009, 4, 17))


@functools.cache
def short_custody() -> Evaluation:
    """Custody passed Mon 1 Dec 2008 with release on Fri 12 Dec 2008."""
    return _case("T4-SHORT", {"type": "custody", "date": "2008-12-01", "length_months": 1,
                              "release_date": "2008-12-12"}, as_of=D(2008, 12, 31))


# ---------------------------------------------------------------- 2c.5


def test_2c5_psr_sent_on_time_over_easter_2008():
    # Sentence Mon 17 Mar 2008 (day 0): Tue 18 (1), Wed 19 (2), Thu 20 (3), [Good Friday
    # Fri 21, Sat 22, Sun 23, Easter Monday Mon 24], Tue 25 (4), Wed 26 Mar (5).
    r = result(custody_easter_2008(), "2c.5/psr_sent", "s1")
    assert summary(r) == ("met_on_time", D(2008, 3, 26), "p1", None)


def test_2c5_psr_sent_late():
    # Due Wed 26 Mar 2008 (as above); sent Fri 28 Mar: Thu 27 (1), Fri 28 (2) working days late.
    assert summary(result(psr_sent_late(), "2c.5/psr_sent")) == ("met_late", D(2008, 3, 26), "p1", 2)


def test_2c5_psr_not_sent_is_overdue():
    # Due Wed 26 Mar 2008; as of Mon 31 Mar: Thu 27 (1), Fri 28 (2), [Sat 29, Sun 30], Mon 31 (3).
    assert summary(result(psr_not_sent(), "2c.5/psr_sent")) == ("overdue", D(2008, 3, 26), None, 3)


def test_2c5_not_applicable_without_a_psr_or_without_custody():
    assert_not_applicable(custody_without_psr(), "2c.5/psr_sent")
    assert_not_applicable(community_activity_on_time(), "2c.5/psr_sent")


def test_2c5_judgement_kept_beside_the_timed_obligation():
    assert result(custody_easter_2008(), "2c.5/psr_to_prison").status == "needs_judgement"


# ---------------------------------------------------------------- 2c.8


def test_2c8_move_notified_on_time_over_early_may_2008():
    # Move Fri 2 May 2008 (day 0): [Sat 3, Sun 4, Early May bank holiday Mon 5], Tue 6 (1),
    # Wed 7 May (2).
    r = result(custody_easter_2008(), "2c.8/move_notified", "t1")
    assert summary(r) == ("met_on_time", D(2008, 5, 7), "n1", None)


def test_2c8_move_notified_late_over_spring_bank_holiday_2008():
    # Move Thu 22 May 2008: Fri 23 (1), [Sat 24, Sun 25, Spring bank holiday Mon 26], Tue 27 (2).
    # Notified Thu 29 May: Wed 28 (1), Thu 29 (2) working days late.
    r = result(custody_easter_2008(), "2c.8/move_notified", "t2")
    assert summary(r) == ("met_late", D(2008, 5, 27), "n2", 2)


def test_2c8_notice_of_another_move_does_not_count():
    # Move Mon 16 Jun 2008: Tue 17 (1), Wed 18 (2) (no bank holiday in June).  n3 names t1.
    # As of Mon 30 Jun: Thu 19, Fri 20, Mon 23 .. Fri 27, Mon 30 = 8 working days late.
    r = result(custody_easter_2008(), "2c.8/move_notified", "t3")
    assert summary(r) == ("overdue", D(2008, 6, 18), None, 8)


def test_2c8_not_applicable_without_a_transfer():
    assert_not_applicable(psr_sent_late(), "2c.8/move_notified")


# ---------------------------------------------------------------- 2c.12


def test_2c12_sent_before_the_anchors_is_on_time():
    # Release Tue 14 Apr 2009.  4 weeks before: Tue 17 Mar 2009.  10 working days before,
    # counting back: [Easter Monday Mon 13, Sun 12, Sat 11, Good Friday Fri 10], Thu 9 (1),
    # Wed 8 (2), Tue 7 (3), Mon 6 (4), [Sun 5, Sat 4], Fri 3 (5), Thu 2 (6), Wed 1 Apr (7),
    # Tue 31 Mar (8), Mon 30 (9), [Sun 29, Sat 28], Fri 27 Mar (10).
    ev = release_on_time()
    assert summary(result(ev, "2c.12/conditions_sent", "s1")) == ("met_on_time", D(2009, 3, 17), "lc1", None)
    assert summary(result(ev, "2c.12/arrangements_sent", "s1")) == ("met_on_time", D(2009, 3, 27), "ra1", None)


def test_2c12_sent_after_the_anchors_but_before_release_is_late():
    # Conditions Thu 19 Mar: Wed 18 (1), Thu 19 (2) late.  Arrangements Wed 8 Apr: Mon 30 Mar (1),
    # Tue 31 (2), Wed 1 Apr (3), Thu 2 (4), Fri 3 (5), Mon 6 (6), Tue 7 (7), Wed 8 (8).
    ev = release_late()
    assert summary(result(ev, "2c.12/conditions_sent")) == ("met_late", D(2009, 3, 17), "lc1", 2)
    assert summary(result(ev, "2c.12/arrangements_sent")) == ("met_late", D(2009, 3, 27), "ra1", 8)


def test_2c12_sent_on_or_after_release_does_not_count():
    # As of Fri 17 Apr 2009.  From Fri 27 Mar: Mon 30 (1), Tue 31 (2), Wed 1 Apr .. Fri 3 (5),
    # Mon 6 .. Thu 9 (9), [Good Friday Fri 10, Sat 11, Sun 12, Easter Monday Mon 13], Tue 14 (10),
    # Wed 15 (11), Thu 16 (12), Fri 17 (13).  From Tue 17 Mar: Wed 18 .. Fri 20 (3),
    # Mon 23 .. Fri 27 (8), then the 13 above: 21.
    ev = release_only_after()
    assert summary(result(ev, "2c.12/conditions_sent")) == ("overdue", D(2009, 3, 17), None, 21)
    assert summary(result(ev, "2c.12/arrangements_sent")) == ("overdue", D(2009, 3, 27), None, 13)


def test_2c12_not_applicable_when_the_anchor_is_before_sentence():
    # Sentence Mon 1 Dec 2008, release Fri 12 Dec 2008: 4 weeks before is Fri 14 Nov; 10
    # working days before is Fri 28 Nov (Thu 11 (1) .. Mon 8 (4), Fri 5 (5) .. Mon 1 Dec (9),
    # Fri 28 Nov (10)).  Both before the sentence: "as soon as practicable", not timed.
    ev = short_custody()
    for name in ("conditions_sent", "arrangements_sent"):
        r = result(ev, f"2c.12/{name}")
        assert (r.status, r.exception) == ("not_applicable", "2c.12")
    assert_not_applicable(community_activity_on_time(), "2c.12/conditions_sent")


# ---------------------------------------------------------------- 2e.5


def test_2e5_pre_release_review_in_the_window_is_on_time():
    # Release Tue 14 Apr 2009: window opens 8 weeks before, Tue 17 Feb 2009; due 6 weeks later,
    # Tue 31 Mar 2009 (2 weeks before release).  sp0 (2 Feb) is before the window.
    r = result(release_on_time(), "2e.5/pre_release", "s1")
    assert summary(r) == ("met_on_time", D(2009, 3, 31), "sp1", None)


def test_2e5_pre_release_review_late_and_after_release():
    # Review Thu 2 Apr 2009: Wed 1 (1), Thu 2 (2) late.
    assert summary(result(release_late(), "2e.5/pre_release")) == ("met_late", D(2009, 3, 31), "sp1", 2)
    # Only a review after release (Thu 16 Apr): as of Fri 17 Apr, from Tue 31 Mar: Wed 1 (1),
    # Thu 2 (2), Fri 3 (3), Mon 6 (4) .. Thu 9 (7), [Good Friday, weekend, Easter Monday],
    # Tue 14 (8), Wed 15 (9), Thu 16 (10), Fri 17 (11).
    assert summary(result(release_only_after(), "2e.5/pre_release")) == ("overdue", D(2009, 3, 31), None, 11)


def test_2e5_pre_release_not_applicable_under_12_months():
    assert_not_applicable(short_custody(), "2e.5/pre_release")


def test_2e5_parole_consideration_asks_for_a_judgement():
    ev = _release_easter_2009("T4-PAROLE", [{"id": "pb1", "kind": "parole_consideration", "date": "2009-02-10"}],
                              D(2009, 3, 1))
    r = result(ev, "2e.5/parole", "pb1")
    assert (r.status, r.due) == ("needs_judgement", None)
    assert_not_applicable(release_on_time(), "2e.5/parole")


# ---------------------------------------------------------------- 2d.6.1 and 2d.8.1


@functools.cache
def attendance_on_time() -> Evaluation:
    return _community("T4-AC-ONTIME", "2008-04-14", ["attendance_centre", "programme"], [
        {"id": "ac1", "kind": "attendance_centre_instruction", "date": "2008-05-06"},
        {"id": "ps0", "kind": "programme_session", "date": "2008-04-07", "core": True},   # before sentence
        {"id": "ps1", "kind": "programme_session", "date": "2008-05-12", "core": False},  # not core
        {"id": "ps2", "kind": "programme_session", "date": "2008-05-26", "core": True},
    ], as_of=D(2008, 6, 30))


@functools.cache
def attendance_late() -> Evaluation:
    return _community("T4-AC-LATE", "2008-04-14", ["attendance_centre", "programme"], [
        {"id": "ac1", "kind": "attendance_centre_instruction", "date": "2008-05-08"},
        {"id": "ps1", "kind": "programme_session", "date": "2008-05-29", "core": True},
    ], as_of=D(2008, 6, 30))


@functools.cache
def released_with_requirements() -> Evaluation:
    """Custody with attendance centre and programme requirements, released Mon 15 Dec 2008."""
    return _case("T4-AC-RELEASE", {"type": "custody", "date": "2008-09-15", "length_months": 6,
                                   "release_date": "2008-12-15",
                                   "requirements": [{"kind": "attendance_centre"}, {"kind": "programme"}]}, [
        {"id": "rel1", "kind": "release", "date": "2008-12-15", "on": "licence", "licence_end": "2009-03-14"},
    ], as_of=D(2009, 1, 30))


def test_2d61_instructed_on_time_over_early_may_2008():
    # "15 days" read as working days (Interpretation Note 9).  Sentence Mon 14 Apr 2008:
    # Tue 15 .. Fri 18 (4), Mon 21 .. Fri 25 (9), Mon 28 .. Fri 2 May (14), [Sat 3, Sun 4,
    # Early May bank holiday Mon 5], Tue 6 May (15).
    r = result(attendance_on_time(), "2d.6.1/instructed_in_time", "s1")
    assert summary(r) == ("met_on_time", D(2008, 5, 6), "ac1", None)


def test_2d61_instructed_late():
    # Due Tue 6 May; instructed Thu 8 May: Wed 7 (1), Thu 8 (2) late.
    assert summary(result(attendance_late(), "2d.6.1/instructed_in_time")) == ("met_late", D(2008, 5, 6), "ac1", 2)


def test_2d61_from_release_over_christmas_2008_overdue():
    # Release Mon 15 Dec 2008: Tue 16 .. Fri 19 (4), Mon 22 (5), Tue 23 (6), Wed 24 (7),
    # [Christmas Thu 25, Boxing Day Fri 26, Sat 27, Sun 28], Mon 29 (8), Tue 30 (9), Wed 31 (10),
    # [New Year's Day Thu 1 Jan 2009], Fri 2 (11), [Sat 3, Sun 4], Mon 5 .. Thu 8 Jan (15).
    # As of Fri 30 Jan: Fri 9 (1), Mon 12 .. Fri 16 (6), Mon 19 .. Fri 23 (11), Mon 26 .. Fri 30 (16).
    ev = released_with_requirements()
    assert summary(result(ev, "2d.6.1/instructed_in_time", "rel1")) == ("overdue", D(2009, 1, 8), None, 16)
    # the custodial sentence itself does not start the clock
    assert {r.trigger.id for r in results(ev, "2d.6.1/instructed_in_time")} == {"rel1"}


def test_2d61_not_applicable_without_the_requirement():
    assert_not_applicable(community_activity_on_time(), "2d.6.1/instructed_in_time")


def test_2d81_first_core_session_within_6_weeks():
    # Sentence Mon 14 Apr 2008 + 6 calendar weeks = Mon 26 May 2008 (a bank holiday does not
    # move a calendar-week deadline).  ps0 is before sentence, ps1 is not core.
    r = result(attendance_on_time(), "2d.8.1/first_session", "s1")
    assert summary(r) == ("met_on_time", D(2008, 5, 26), "ps2", None)


def test_2d81_first_core_session_late_after_spring_bank_holiday():
    # Due Mon 26 May 2008 (Spring bank holiday); session Thu 29 May: Tue 27 (1), Wed 28 (2), Thu 29 (3).
    assert summary(result(attendance_late(), "2d.8.1/first_session")) == ("met_late", D(2008, 5, 26), "ps1", 3)


def test_2d81_from_release_overdue():
    # Release Mon 15 Dec 2008 + 6 weeks = Mon 26 Jan 2009; as of Fri 30 Jan: Tue 27 (1) .. Fri 30 (4).
    ev = released_with_requirements()
    assert summary(result(ev, "2d.8.1/first_session", "rel1")) == ("overdue", D(2009, 1, 26), None, 4)


def test_2d81_not_applicable_without_a_programme():
    assert_not_applicable(community_activity_on_time(), "2d.8.1/first_session")


# ---------------------------------------------------------------- 2d.7.1 and 2d.7.2


def _activity(id: str, events, as_of: dt.date) -> Evaluation:
    return _community(id, "2008-12-17", ["supervision", "activity"], events, as_of=as_of)


@functools.cache
def community_activity_on_time() -> Evaluation:
    return _activity("T4-ACT-ONTIME", [
        {"id": "ai1", "kind": "activity_instruction", "date": "2009-01-12"},
        {"id": "ac1", "kind": "activity_contact", "date": "2009-01-19"},
        {"id": "ac2", "kind": "activity_contact", "date": "2009-01-26"},
        {"id": "ac3", "kind": "activity_contact", "date": "2009-02-09"},
    ], D(2009, 3, 2))


@functools.cache
def community_activity_late() -> Evaluation:
    return _activity("T4-ACT-LATE", [
        {"id": "ai1", "kind": "activity_instruction", "date": "2009-01-13"},
        {"id": "ac1", "kind": "activity_contact", "date": "2009-01-19"},
        {"id": "ac2", "kind": "activity_contact", "date": "2009-02-16"},   # day 28: after the window
    ], D(2009, 3, 2))


@functools.cache
def community_activity_none() -> Evaluation:
    return _activity("T4-ACT-NONE", [], D(2009, 1, 14))


def test_2d71_instructed_on_time_over_christmas_and_new_year():
    # Sentence Wed 17 Dec 2008: Thu 18 (1), Fri 19 (2), Mon 22 (3), Tue 23 (4), Wed 24 (5),
    # [Christmas Thu 25, Boxing Day Fri 26, Sat 27, Sun 28], Mon 29 (6), Tue 30 (7), Wed 31 (8),
    # [New Year's Day Thu 1 Jan], Fri 2 (9), Mon 5 .. Fri 9 (14), Mon 12 Jan 2009 (15).
    r = result(community_activity_on_time(), "2d.7.1/instructed_in_time", "s1")
    assert summary(r) == ("met_on_time", D(2009, 1, 12), "ai1", None)


def test_2d71_instructed_late_or_not_at_all():
    # Due Mon 12 Jan 2009: instructed Tue 13, 1 working day late; none by Wed 14: 2 days overdue.
    assert summary(result(community_activity_late(), "2d.7.1/instructed_in_time")) == (
        "met_late", D(2009, 1, 12), "ai1", 1)
    assert summary(result(community_activity_none(), "2d.7.1/instructed_in_time")) == (
        "overdue", D(2009, 1, 12), None, 2)


def test_2d71_not_applicable_without_an_activity_requirement():
    assert_not_applicable(attendance_on_time(), "2d.7.1/instructed_in_time")


def test_2d72_three_contacts_in_the_first_4_weeks_met():
    # The Activity starts at its first contact, Mon 19 Jan 2009 (day 0); the 4 weeks are days
    # 0-27, Mon 19 Jan to Sun 15 Feb 2009: ac1 19 Jan, ac2 26 Jan, ac3 9 Feb.
    assert windows(community_activity_on_time(), "2d.7.2/three_contacts") == [
        (D(2009, 1, 19), D(2009, 2, 15), 3, 3, "met")]
    assert {r.trigger.id for r in results(community_activity_on_time(), "2d.7.2/three_contacts")} == {"ac1"}


def test_2d72_too_few_contacts_missed_and_pending():
    # ac2 Mon 16 Feb is day 28, outside the window that closed Sun 15 Feb: 1 of 3, missed.
    assert windows(community_activity_late(), "2d.7.2/three_contacts") == [
        (D(2009, 1, 19), D(2009, 2, 15), 3, 1, "missed")]
    # As of Wed 11 Feb 2009 the window is still open.
    ev = _activity("T4-ACT-OPEN", [{"id": "ac1", "kind": "activity_contact", "date": "2009-01-19"}],
                   D(2009, 2, 11))
    assert windows(ev, "2d.7.2/three_contacts") == [(D(2009, 1, 19), D(2009, 2, 15), 3, 1, "pending")]


def test_2d72_not_applicable_before_the_activity_starts():
    assert_not_applicable(community_activity_none(), "2d.7.2/three_contacts")
    assert_not_applicable(attendance_on_time(), "2d.7.2/three_contacts")


# ---------------------------------------------------------------- 2d.9.6


def _drr(id: str, seriousness: str | None, tests, as_of: dt.date) -> Evaluation:
    drr = {"kind": "drr", "months": 6} | ({"seriousness": seriousness} if seriousness else {})
    return _community(id, "2008-06-02", ["supervision", drr], [
        {"id": f"dt{i}", "kind": "drug_test", "date": d, "declaration": decl} for i, (d, decl) in enumerate(tests)
    ], as_of=as_of)


TESTS_JUNE_2008 = (("2008-06-03", False), ("2008-06-05", True), ("2008-06-11", False))


def test_2d96_medium_band_twice_a_week():
    # Weeks from Mon 2 Jun 2008 (days 0-6): 2-8 Jun has two tests (5 Jun a declaration, which
    # counts), 9-15 Jun only one (missed), 16-22 Jun still open on Mon 16 Jun.
    ev = _drr("T4-DRR-MED", "medium", TESTS_JUNE_2008, D(2008, 6, 16))
    assert windows(ev, "2d.9.6/testing_medium_high") == [
        (D(2008, 6, 2), D(2008, 6, 8), 2, 2, "met"),
        (D(2008, 6, 9), D(2008, 6, 15), 2, 1, "missed"),
        (D(2008, 6, 16), D(2008, 6, 22), 2, 0, "pending"),
    ]
    assert_not_applicable(ev, "2d.9.6/testing_low")


def test_2d96_medium_band_weekly_after_16_weeks():
    # Week 16 (index 15) is days 105-111, Mon 15 - Sun 21 Sep 2008 (two needed, none: missed);
    # week 17 is Mon 22 - Sun 28 Sep, one needed: the test on Wed 24 Sep meets it.
    ev = _drr("T4-DRR-HIGH", "high", (("2008-09-24", False),), D(2008, 9, 29))
    rows = {r.window["index"]: r for r in results(ev, "2d.9.6/testing_medium_high")}
    w16, w17 = rows[15], rows[16]
    assert (w16.window["start"], w16.window["end"], w16.window["need"], w16.status) == (
        D(2008, 9, 15), D(2008, 9, 21), 2, "missed")
    assert (w17.window["start"], w17.window["end"], w17.window["need"], w17.window["count"], w17.status) == (
        D(2008, 9, 22), D(2008, 9, 28), 1, 1, "met")


def test_2d96_low_band_once_a_week():
    ev = _drr("T4-DRR-LOW", "low", TESTS_JUNE_2008, D(2008, 6, 16))
    assert windows(ev, "2d.9.6/testing_low") == [
        (D(2008, 6, 2), D(2008, 6, 8), 1, 2, "met"),
        (D(2008, 6, 9), D(2008, 6, 15), 1, 1, "met"),
        (D(2008, 6, 16), D(2008, 6, 22), 1, 0, "pending"),
    ]
    assert_not_applicable(ev, "2d.9.6/testing_medium_high")


def test_2d96_without_a_band_cannot_be_timed_and_not_applicable_without_a_drr():
    ev = _drr("T4-DRR-NOBAND", None, TESTS_JUNE_2008, D(2008, 6, 16))
    assert_not_applicable(ev, "2d.9.6/testing_low")
    [untimed] = results(ev, "2d.9.6/testing_medium_high")
    assert (untimed.status, untimed.window) == ("missing_data", None)
    assert [m.field for m in untimed.missing] == ["sentences[0].requirements[drr].seriousness"]
    assert_not_applicable(attendance_on_time(), "2d.9.6/testing_low")
    assert_not_applicable(attendance_on_time(), "2d.9.6/testing_medium_high")


# ---------------------------------------------------------------- 2f.4 recall decision


def _licence_failure(id: str, events, as_of: dt.date, *, indicates: str = "serious_refusal") -> Evaluation:
    """Released on licence Mon 1 Dec 2008; a failure on Fri 12 Dec 2008."""
    return _case(id, {"type": "custody", "date": "2008-06-02", "length_months": 12,
                      "release_date": "2008-12-01"}, [
        {"id": "rel1", "kind": "release", "date": "2008-12-01", "on": "licence", "licence_end": "2009-06-01"},
        {"id": "f1", "kind": "failure_to_comply", "date": "2008-12-12", "explained_in_advance": False,
         "indicates": indicates},
        *events,
    ], as_of)


def test_2f4_recall_decision_on_time_over_christmas_2008():
    # Failure Fri 12 Dec 2008 (day 0): Mon 15 .. Fri 19 (5), Mon 22 (6), Tue 23 (7), Wed 24 (8),
    # [Christmas Thu 25, Boxing Day Fri 26, Sat 27, Sun 28], Mon 29 Dec (9).
    ev = _licence_failure("T4-RECALL-ONTIME", [
        {"id": "rd1", "kind": "recall_decision", "date": "2008-12-29", "failure": "f1"}], D(2009, 1, 5))
    assert summary(result(ev, "2f.4/recall_decision", "f1")) == ("met_on_time", D(2008, 12, 29), "rd1", None)


def test_2f4_recall_decision_late_and_overdue():
    # Due Mon 29 Dec 2008.  Decision Wed 31 Dec: Tue 30 (1), Wed 31 (2) late.
    late = _licence_failure("T4-RECALL-LATE", [
        {"id": "rd1", "kind": "recall_decision", "date": "2008-12-31", "failure": "f1"}], D(2009, 1, 5))
    assert summary(result(late, "2f.4/recall_decision")) == ("met_late", D(2008, 12, 29), "rd1", 2)
    # None by Mon 5 Jan 2009: Tue 30 (1), Wed 31 (2), [New Year's Day Thu 1 Jan], Fri 2 (3),
    # [Sat 3, Sun 4], Mon 5 (4).  A decision about another failure does not count.
    overdue = _licence_failure("T4-RECALL-NONE", [
        {"id": "f0", "kind": "failure_to_comply", "date": "2008-12-05", "explained_in_advance": False,
         "indicates": "none"},
        {"id": "rd1", "kind": "recall_decision", "date": "2008-12-15", "failure": "f0"}], D(2009, 1, 5))
    assert summary(result(overdue, "2f.4/recall_decision")) == ("overdue", D(2008, 12, 29), None, 4)


def test_2f4_recall_decision_not_applicable_in_the_community_or_without_enforcement():
    community = _community("T4-RECALL-COMMUNITY", "2008-06-02", ["supervision"], [
        {"id": "f1", "kind": "failure_to_comply", "date": "2008-12-12", "explained_in_advance": False,
         "indicates": "serious_refusal"}], as_of=D(2009, 1, 5))
    assert_not_applicable(community, "2f.4/recall_decision")
    assert result(community, "2f.4/enforcement").status == "overdue"
    # A first failure on licence with nothing serious gets a warning, not enforcement.
    first = _licence_failure("T4-RECALL-FIRST", [], D(2009, 1, 5), indicates="none")
    assert_not_applicable(first, "2f.4/recall_decision")
