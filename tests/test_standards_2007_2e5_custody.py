"""2e.5: the review no later than 12 months from the last review while the offender remains in custody."""
from __future__ import annotations

import datetime as dt
import functools

from support import result, results, run

D = dt.date


def _custody(events: list[dict], release: str | None = None) -> dict:
    more = [{"id": "rel1", "kind": "release", "date": release, "on": "licence"}] if release else []
    return {
        "id": "CUST",
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 72,
                       "release_date": "2011-01-07"}],
        "assessments": [{"date": "2008-01-07", "tier": 3}],
        "events": events + more,
    }


@functools.cache
def long_custody():
    # Sentenced Mon 7 Jan 2008; reviewed in custody on Tue 2 Dec 2008, then not again.
    return run("2007", _custody([{"id": "v1", "kind": "sentence_plan", "date": "2008-12-02", "type": "review"}]),
               D(2010, 1, 4))


def test_2e5_custody_review_within_12_months_of_sentence_met_on_time():
    # 7 Jan 2008 + 12 months = Wed 7 Jan 2009; reviewed Tue 2 Dec 2008.
    r = result(long_custody(), "2e.5/custody_twelve_monthly", "s1")
    assert (r.due, r.status, r.satisfied_by.id) == (D(2009, 1, 7), "met_on_time", "v1")


def test_2e5_custody_review_overdue_twelve_months_after_the_last_review():
    # From the review of Tue 2 Dec 2008: due Wed 2 Dec 2009.  As of Mon 4 Jan 2010, working days
    # after 2 Dec: Thu 3, Fri 4 (2); 7-11 (7); 14-18 (12); Mon 21 - Thu 24 (16); Fri 25 Christmas,
    # Mon 28 substitute Boxing Day; Tue 29 - Thu 31 (19); Fri 1 Jan New Year's Day; Mon 4 Jan (20).
    r = result(long_custody(), "2e.5/custody_twelve_monthly", "v1")
    assert (r.due, r.status, r.working_days_late) == (D(2009, 12, 2), "overdue", 20)


def test_2e5_custody_review_clock_ends_on_release():
    # Released Mon 1 Sep 2008, within 12 months of sentence: the custody clock gives way.
    ev = run("2007", _custody([], release="2008-09-01"), D(2009, 3, 2))
    r = result(ev, "2e.5/custody_twelve_monthly", "s1")
    assert (r.status, r.exception) == ("not_applicable", "2e.5")


def test_2e5_custody_review_not_applicable_to_a_community_order():
    case = {"id": "CO", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07"}]}
    ev = run("2007", case, D(2009, 3, 2))
    assert results(ev, "2e.5/custody_twelve_monthly") == []
    assert any(info.id == "2e.5/custody_twelve_monthly" for info in ev.missing)


def test_2e5_a_review_in_custody_does_not_start_the_community_clock():
    assert results(long_custody(), "2e.5/four_monthly") == []


def test_a_derived_trigger_is_reported_with_its_own_name_and_date():
    # The pre-release window opens 8 weeks before the release date recorded at sentence:
    # Fri 7 Jan 2011 - 56 days = Fri 12 Nov 2010, the date reported for the trigger (checked on 15 Nov 2010).
    ev = run("2007", _custody([]), D(2010, 11, 15))
    r = result(ev, "2e.5/pre_release", "s1")
    assert (r.trigger.kind, r.trigger.date, r.trigger.source) == ("pre_release_window", D(2010, 11, 12), "sentences[0]")
