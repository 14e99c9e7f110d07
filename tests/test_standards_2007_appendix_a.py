"""2007 National Standards, Appendix A (report specifications): the timescales it sets.

Timed obligations tested here (met, late or overdue, and not applicable for each):
  A2.3/copy_to_prison       standard delivery PSR at the receiving prison within 5 working days
  A3.1/reports_12_months    DRR of 12 months+: a review report every 4 weeks for 16 weeks, then every 16
  A5.1/request_in_time      ROTL report requested at least 4 weeks before the decision (prison's duty)
  A5.2/report               ROTL report within 4 weeks of the request
  A6.1/hdc3_returned        HDC assessment (form HDC3) back within 10 working days
and the judgements beside them (A2.3/copies, A3.1 for a shorter DRR, A4.1, A4.2, A6.1/content).

Expected dates were worked out by hand (Interpretation Note 9: the event's day is day 0; working
days are Monday to Friday less England & Wales bank holidays).  "Weeks" are calendar weeks.
Bank holidays in the ranges used: 2008 Good Friday Fri 21 Mar, Easter Monday Mon 24 Mar,
Early May Mon 5 May, Spring Mon 26 May.
"""
from __future__ import annotations

import datetime as dt
import functools

from policyengine.evaluate import Evaluation

from policyengine.backends.results import ObligationResult
from support import not_applicable, result, results, run

D = dt.date


def _case(id: str, sentence: dict, events=(), *, as_of: dt.date) -> Evaluation:
    return run("2007", {"id": id, "sentences": [{"id": "s1", **sentence}], "events": list(events)}, as_of)


def summary(r: ObligationResult) -> tuple:
    return (r.status, r.due, r.satisfied_by.id if r.satisfied_by else None, r.working_days_late)


def windows(ev: Evaluation, obligation: str) -> list[tuple]:
    rows = sorted(results(ev, obligation), key=lambda r: r.window["index"])
    return [(r.window["start"], r.window["end"], r.window["need"], r.window["count"], r.status) for r in rows]


CUSTODY_2008 = {"type": "custody", "date": "2008-03-17", "length_months": 18, "release_date": "2008-12-12"}


# ---------------------------------------------------------------- A2.3 copies of a standard delivery PSR


def test_a23_copy_reaches_the_prison_on_working_day_5_over_easter_2008():
    # Sentence Mon 17 Mar 2008 (day 0): Tue 18 (1), Wed 19 (2), Thu 20 (3), [Good Friday 21,
    # Easter Monday 24], Tue 25 (4), Wed 26 Mar (5).  Sent Wed 26 Mar: on time, on the last day.
    ev = _case("A23-ONTIME", {**CUSTODY_2008, "psr": "standard_delivery"},
               [{"id": "p1", "kind": "psr_sent_to_prison", "date": "2008-03-26"}], as_of=D(2008, 4, 30))
    assert summary(result(ev, "A2.3/copy_to_prison")) == ("met_on_time", D(2008, 3, 26), "p1", None)
    assert result(ev, "A2.3/copies").status == "needs_judgement"


def test_a23_copy_not_sent_is_overdue():
    # Due Wed 26 Mar; as of Mon 31 Mar: Thu 27 (1), Fri 28 (2), Mon 31 (3) working days overdue.
    ev = _case("A23-NONE", {**CUSTODY_2008, "psr": "standard_delivery"}, as_of=D(2008, 3, 31))
    assert summary(result(ev, "A2.3/copy_to_prison")) == ("overdue", D(2008, 3, 26), None, 3)


def test_a23_sent_a_day_late():
    # Sent Thu 27 Mar, the first working day after the due date: 1 working day late.
    ev = _case("A23-LATE", {**CUSTODY_2008, "psr": "standard_delivery"},
               [{"id": "p1", "kind": "psr_sent_to_prison", "date": "2008-03-27"}], as_of=D(2008, 4, 30))
    assert summary(result(ev, "A2.3/copy_to_prison")) == ("met_late", D(2008, 3, 26), "p1", 1)


def test_a23_only_for_a_standard_delivery_psr_on_a_custodial_sentence():
    fast = _case("A23-FAST", {**CUSTODY_2008, "psr": "fast_delivery"}, as_of=D(2008, 4, 30))
    assert results(fast, "A2.3/copy_to_prison") == []
    assert "A2.3/copy_to_prison" in not_applicable(fast)
    assert result(fast, "2c.5/psr_sent").status == "overdue"     # 2c.5 covers any PSR
    community = _case("A23-CO", {"type": "community_order", "date": "2008-03-17", "length_months": 12,
                                 "psr": "standard_delivery"}, as_of=D(2008, 4, 30))
    assert "A2.3/copy_to_prison" in not_applicable(community)
    assert result(community, "A2.3/copies").status == "needs_judgement"


# ---------------------------------------------------------------- A3.1 DRR review reports


def _drr(id: str, months: int | None, reports: tuple[str, ...], as_of: dt.date) -> Evaluation:
    drr = {"kind": "drr", "seriousness": "medium", **({"months": months} if months else {})}
    return _case(id, {"type": "community_order", "date": "2008-01-07", "length_months": 24,
                      "requirements": [drr]},
                 [{"id": f"rr{i}", "kind": "drr_review_report", "date": d} for i, d in enumerate(reports, 1)],
                 as_of=as_of)


def test_a31_every_4_weeks_for_16_weeks_then_every_16_weeks():
    # DRR of 12 months from Mon 7 Jan 2008.  4-week windows (days 0-27 ...): 7 Jan-3 Feb,
    # 4 Feb-2 Mar, 3 Mar-30 Mar, 31 Mar-27 Apr; then 16-week windows: 28 Apr-17 Aug,
    # 18 Aug-7 Dec.  Reports Fri 1 Feb (window 1), Mon 3 Mar (window 3, its first day) and
    # Mon 28 Apr (window 5, its first day): windows 2 and 4 missed; as of Tue 30 Sep 2008 the
    # sixth window is still open.
    ev = _drr("A31-12M", 12, ("2008-02-01", "2008-03-03", "2008-04-28"), D(2008, 9, 30))
    assert windows(ev, "A3.1/reports_12_months") == [
        (D(2008, 1, 7), D(2008, 2, 3), 1, 1, "met"),
        (D(2008, 2, 4), D(2008, 3, 2), 1, 0, "missed"),
        (D(2008, 3, 3), D(2008, 3, 30), 1, 1, "met"),
        (D(2008, 3, 31), D(2008, 4, 27), 1, 0, "missed"),
        (D(2008, 4, 28), D(2008, 8, 17), 1, 1, "met"),
        (D(2008, 8, 18), D(2008, 12, 7), 1, 0, "pending"),
    ]
    assert "A3.1/reports_as_court_specifies" in not_applicable(ev)


def test_a31_shorter_or_unrecorded_drr_is_a_judgement():
    for months in (11, None):
        ev = _drr(f"A31-{months}", months, ("2008-02-01",), D(2008, 3, 31))
        assert results(ev, "A3.1/reports_12_months") == []
        assert "A3.1/reports_12_months" in not_applicable(ev)
        assert result(ev, "A3.1/reports_as_court_specifies").status == "needs_judgement"


# ---------------------------------------------------------------- A4 Parole Reports


def test_a4_parole_report_content_and_timescale_are_judgements_per_consideration():
    ev = _case("A4-PAROLE", CUSTODY_2008, [{"id": "pb1", "kind": "parole_consideration", "date": "2008-09-01"}],
               as_of=D(2008, 9, 30))
    assert (result(ev, "A4.1/content", "pb1").status, result(ev, "A4.2/on_time", "pb1").status) == (
        "needs_judgement", "needs_judgement")
    none = _case("A4-NONE", CUSTODY_2008, as_of=D(2008, 9, 30))
    assert {"A4.1/content", "A4.2/on_time"} <= set(not_applicable(none))


# ---------------------------------------------------------------- A5 ROTL reports


@functools.cache
def rotl_requests() -> Evaluation:
    """Two ROTL requests for a decision on Mon 7 Jul 2008; only the first is answered."""
    return _case("A5-ROTL", CUSTODY_2008, [
        {"id": "q1", "kind": "rotl_report_requested", "date": "2008-06-02", "decision_date": "2008-07-07"},
        {"id": "q2", "kind": "rotl_report_requested", "date": "2008-06-16", "decision_date": "2008-07-07"},
        {"id": "rep1", "kind": "rotl_report", "date": "2008-06-27", "request": "q1"},
    ], as_of=D(2008, 7, 21))


def test_a51_request_made_4_weeks_before_the_decision():
    # Decision Mon 7 Jul 2008 - 28 days = Mon 9 Jun: the request on Mon 2 Jun is in time.
    r = result(rotl_requests(), "A5.1/request_in_time", "q1")
    assert (r.trigger.date, *summary(r)) == (D(2008, 6, 9), "met_on_time", D(2008, 6, 9), "q1", None)


def test_a51_request_made_after_the_latest_day_is_late():
    # Asked Mon 16 Jun, a week after Mon 9 Jun: Tue 10 (1) ... Fri 13 (4), Mon 16 (5) working days late.
    r = result(rotl_requests(), "A5.1/request_in_time", "q2")
    assert summary(r) == ("met_late", D(2008, 6, 9), "q2", 5)


def test_a52_report_within_4_weeks_of_the_request():
    # q1 Mon 2 Jun + 28 days = Mon 30 Jun; the report on Fri 27 Jun answers q1.
    assert summary(result(rotl_requests(), "A5.2/report", "q1")) == ("met_on_time", D(2008, 6, 30), "rep1", None)


def test_a52_report_for_another_request_does_not_count():
    # q2 Mon 16 Jun + 28 days = Mon 14 Jul; unanswered as of Mon 21 Jul: Tue 15 (1) ... Mon 21 (5).
    assert summary(result(rotl_requests(), "A5.2/report", "q2")) == ("overdue", D(2008, 7, 14), None, 5)


def test_a5_not_applicable_without_a_request():
    ev = _case("A5-NONE", CUSTODY_2008, as_of=D(2008, 7, 21))
    assert {"A5.1/request_in_time", "A5.2/report"} <= set(not_applicable(ev))


# ---------------------------------------------------------------- A6.1 HDC assessments


@functools.cache
def hdc_requests() -> Evaluation:
    return _case("A6-HDC", CUSTODY_2008, [
        {"id": "h1", "kind": "hdc_assessment_requested", "date": "2008-04-22"},
        {"id": "a1", "kind": "hdc_assessment_returned", "date": "2008-05-07", "request": "h1"},
        {"id": "h2", "kind": "hdc_assessment_requested", "date": "2008-05-12"},
        {"id": "a2", "kind": "hdc_assessment_returned", "date": "2008-05-28", "request": "h2"},
    ], as_of=D(2008, 6, 30))


def test_a61_hdc3_back_on_working_day_10_over_early_may_2008():
    # Requested Tue 22 Apr 2008: Wed 23 (1), Thu 24, Fri 25 (3), Mon 28, Tue 29, Wed 30 (6),
    # Thu 1 May (7), Fri 2 May (8), [Early May bank holiday Mon 5], Tue 6 (9), Wed 7 May (10).
    assert summary(result(hdc_requests(), "A6.1/hdc3_returned", "h1")) == ("met_on_time", D(2008, 5, 7), "a1", None)


def test_a61_hdc3_a_day_late_over_spring_bank_holiday_2008():
    # Requested Mon 12 May: Tue 13 (1) ... Fri 16 (4), Mon 19 (5) ... Fri 23 (9), [Spring bank
    # holiday Mon 26], Tue 27 May (10).  Returned Wed 28 May: 1 working day late.
    assert summary(result(hdc_requests(), "A6.1/hdc3_returned", "h2")) == ("met_late", D(2008, 5, 27), "a2", 1)


def test_a61_content_is_a_judgement_per_assessment_and_nothing_without_a_request():
    assert {r.trigger.id for r in results(hdc_requests(), "A6.1/content")} == {"a1", "a2"}
    ev = _case("A6-NONE", CUSTODY_2008, as_of=D(2008, 6, 30))
    assert {"A6.1/hdc3_returned", "A6.1/content"} <= set(not_applicable(ev))


# ---------------------------------------------------------------- judgements per trigger


def test_a_judgement_naming_its_trigger_answers_for_that_trigger_only():
    # A6.1/content is asked of each assessment returned (a1, a2).  A general judgement dated
    # after both says met; one naming a2 says not met: a1 is met, a2 is not.
    events = [
        {"id": "h1", "kind": "hdc_assessment_requested", "date": "2008-04-22"},
        {"id": "a1", "kind": "hdc_assessment_returned", "date": "2008-05-07", "request": "h1"},
        {"id": "h2", "kind": "hdc_assessment_requested", "date": "2008-05-12"},
        {"id": "a2", "kind": "hdc_assessment_returned", "date": "2008-05-28", "request": "h2"},
    ]
    judgements = [{"standard": "A6.1", "date": "2008-06-02", "met": True, "by": "SPO"},
                  {"standard": "A6.1", "date": "2008-06-03", "met": False, "trigger": "a2", "by": "SPO",
                   "reason": "address not visited"}]
    ev = run("2007", {"id": "A6-JUDGED", "sentences": [{"id": "s1", **CUSTODY_2008}], "events": events,
                      "judgements": judgements}, D(2008, 6, 30))
    assert {r.trigger.id: r.status for r in results(ev, "A6.1/content")} == {"a1": "judged_met", "a2": "judged_not_met"}
    # Before the judgement naming a2 was recorded, the general one covered both.
    earlier = run("2007", {"id": "A6-JUDGED-EARLY", "sentences": [{"id": "s1", **CUSTODY_2008}], "events": events,
                           "judgements": judgements}, D(2008, 6, 2))
    assert {r.trigger.id: r.status for r in results(earlier, "A6.1/content")} == {"a1": "judged_met", "a2": "judged_met"}


def test_a_judgement_trigger_must_name_an_event_or_sentence():
    import pytest

    from policyengine.cases.load import CaseError, load_case_data
    with pytest.raises(CaseError) as caught:
        load_case_data({"id": "BAD", "sentences": [{"id": "s1", **CUSTODY_2008}],
                        "judgements": [{"standard": "A6.1", "date": "2008-06-03", "met": False, "trigger": "zz"}]}, "t")
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("judgements[0].trigger", "refers to 'zz', but there is no event or sentence with that id")]
