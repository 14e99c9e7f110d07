"""Schedule windows in calendar months (`at least N every M months [for L months]`), worked out by
the engine's window functions (runtime/builtins.py), against dates counted by hand.

A month's window runs from its first day to the day before the same date in the next month; a
date the next month lacks is that month's last day, and the windows stay anchored on the day of
the month their run of monthly phases began on (31 Jan -> 28 Feb -> 31 Mar, never drifting to the
28th).  A pause (custody, hospital, certified sickness) stops the clock: the window resumes where
it stopped, keeping its unpaused number of days, so every later window starts the paused days later.
Calendar facts used: 2011 and 2013 are not leap years (February has 28 days), 2012 is (29).
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.runtime import calendar
from policyengine.runtime.builtins import (PhaseSpec, Pauses, Schedule, unpaused_window, window_end, window_limit,
                                           window_need, window_start)

D = dt.date
NEVER = dt.date.max
MONTHLY = Schedule("monthly", (PhaseSpec(1, 1, None, "months"),), frozenset({"custody", "hospital"}))
NO_PAUSES = Pauses(())


def windows(start: dt.date, schedule: Schedule, pauses: Pauses = NO_PAUSES, count: int = 6) -> list[tuple]:
    """(first day, last day) of the first `count` windows."""
    return [(window_start(start, k, schedule, pauses),
             window_end(start, k, schedule, pauses, NEVER) - dt.timedelta(days=1)) for k in range(count)]


def test_whole_months_between():
    assert calendar.whole_months_between(D(2011, 1, 31), D(2011, 2, 27)) == 0   # 31 Jan + 1 month = 28 Feb
    assert calendar.whole_months_between(D(2011, 1, 31), D(2011, 2, 28)) == 1
    assert calendar.whole_months_between(D(2012, 1, 31), D(2012, 2, 28)) == 0   # leap year: + 1 month = 29 Feb
    assert calendar.whole_months_between(D(2012, 1, 31), D(2012, 2, 29)) == 1
    assert calendar.whole_months_between(D(2012, 2, 29), D(2013, 2, 28)) == 12
    assert calendar.whole_months_between(D(2011, 5, 15), D(2011, 5, 15)) == 0
    assert calendar.whole_months_between(D(2011, 5, 15), D(2011, 5, 14)) == -1


def test_monthly_windows_from_31_january_2011():
    # 31 Jan 2011 + 1 month = Mon 28 Feb (February 2011 has 28 days), so the first window ends
    # Sun 27 Feb; + 2 months = Thu 31 Mar, + 3 = Sat 30 Apr (April has 30), + 4 = Tue 31 May,
    # + 5 = Thu 30 Jun, + 6 = Sun 31 Jul.
    assert windows(D(2011, 1, 31), MONTHLY) == [
        (D(2011, 1, 31), D(2011, 2, 27)), (D(2011, 2, 28), D(2011, 3, 30)), (D(2011, 3, 31), D(2011, 4, 29)),
        (D(2011, 4, 30), D(2011, 5, 30)), (D(2011, 5, 31), D(2011, 6, 29)), (D(2011, 6, 30), D(2011, 7, 30))]


def test_monthly_windows_over_the_leap_day_2012():
    # 31 Jan 2012 + 1 month = Wed 29 Feb 2012 (a leap year): the first window ends Tue 28 Feb and
    # the second starts on the leap day; + 2 months = Sat 31 Mar.
    assert windows(D(2012, 1, 31), MONTHLY, count=3) == [
        (D(2012, 1, 31), D(2012, 2, 28)), (D(2012, 2, 29), D(2012, 3, 30)), (D(2012, 3, 31), D(2012, 4, 29))]
    # From the leap day itself: 29 Feb + 1 month = 29 Mar, ..., + 12 months = Thu 28 Feb 2013
    # (February 2013 has no 29th), + 13 months = Fri 29 Mar 2013.
    leap = windows(D(2012, 2, 29), MONTHLY, count=13)
    assert leap[0] == (D(2012, 2, 29), D(2012, 3, 28))
    assert leap[11] == (D(2013, 1, 29), D(2013, 2, 27))
    assert leap[12] == (D(2013, 2, 28), D(2013, 3, 28))


def test_monthly_windows_from_the_15th_keep_the_15th():
    assert windows(D(2011, 12, 15), MONTHLY, count=3) == [
        (D(2011, 12, 15), D(2012, 1, 14)), (D(2012, 1, 15), D(2012, 2, 14)), (D(2012, 2, 15), D(2012, 3, 14))]


def test_custody_moves_the_month_and_every_later_one():
    # From Tue 15 May 2012, custody Fri 1 - Sun 10 Jun (10 days; the clock runs again Mon 11 Jun).
    # Month 1 unpaused is 15 May - 14 Jun, 31 days: 17 run 15-31 May, the other 14 from Mon 11 Jun
    # to Sun 24 Jun.  Month 2 unpaused is 15 Jun - 14 Jul (30 days): Mon 25 Jun - Tue 24 Jul.
    # Month 3 unpaused 15 Jul - 14 Aug (31 days): Wed 25 Jul - Fri 24 Aug.
    custody = Pauses((("custody", D(2012, 6, 1), D(2012, 6, 11)),))
    assert windows(D(2012, 5, 15), MONTHLY, custody, count=3) == [
        (D(2012, 5, 15), D(2012, 6, 24)), (D(2012, 6, 25), D(2012, 7, 24)), (D(2012, 7, 25), D(2012, 8, 24))]


def test_a_month_ending_just_before_a_pause_is_not_stretched_over_it():
    # From Sun 15 Jan 2012: month 1 is 15 Jan - 14 Feb; hospital from Wed 15 Feb to Sun 19 Feb
    # (until Mon 20 Feb).  Month 1 ends on 14 Feb; month 2 (unpaused 15 Feb - 14 Mar: 15 days of
    # February in a leap year and 14 of March, 29) starts when the clock runs again, Mon 20 Feb,
    # and ends 29 days later: 10 days 20-29 Feb and 19 in March, to Mon 19 Mar.
    hospital = Pauses((("hospital", D(2012, 2, 15), D(2012, 2, 20)),))
    assert windows(D(2012, 1, 15), MONTHLY, hospital, count=2) == [
        (D(2012, 1, 15), D(2012, 2, 14)), (D(2012, 2, 20), D(2012, 3, 19))]


def test_a_pause_of_a_kind_the_schedule_ignores_moves_nothing():
    sickness = Pauses((("certified_sickness", D(2012, 6, 1), D(2012, 6, 11)),))
    assert windows(D(2012, 5, 15), MONTHLY, sickness, count=2) == [
        (D(2012, 5, 15), D(2012, 6, 14)), (D(2012, 6, 15), D(2012, 7, 14))]


def test_an_ongoing_pause_stops_the_months():
    custody = Pauses((("custody", D(2012, 6, 1), NEVER),))
    assert window_end(D(2012, 5, 15), 0, MONTHLY, custody, NEVER) == NEVER
    assert window_start(D(2012, 5, 15), 1, MONTHLY, custody) == NEVER


def test_weeks_then_months_then_fortnights():
    # Weekly for 4 weeks from Tue 3 Jan 2012 (3-9, 10-16, 17-23, 24-30 Jan); the months then run
    # from Tue 31 Jan: 31 Jan - 28 Feb, 29 Feb - 30 Mar (the leap day); fortnights from Sat 31 Mar.
    mixed = Schedule("mixed", (PhaseSpec(1, 7, 28), PhaseSpec(1, 1, 2, "months"), PhaseSpec(2, 14, None)),
                     frozenset())
    assert windows(D(2012, 1, 3), mixed, count=8) == [
        (D(2012, 1, 3), D(2012, 1, 9)), (D(2012, 1, 10), D(2012, 1, 16)), (D(2012, 1, 17), D(2012, 1, 23)),
        (D(2012, 1, 24), D(2012, 1, 30)), (D(2012, 1, 31), D(2012, 2, 28)), (D(2012, 2, 29), D(2012, 3, 30)),
        (D(2012, 3, 31), D(2012, 4, 13)), (D(2012, 4, 14), D(2012, 4, 27))]
    assert [window_need(k, mixed) for k in range(8)] == [1, 1, 1, 1, 1, 1, 2, 2]


def test_months_of_one_run_keep_the_first_day_of_the_run():
    # Twice a month for 3 months, then every 2 months, from Wed 31 Aug 2011: the 2-month windows
    # continue the same run of months, so they start on 30 Nov (31 Aug + 3 months), then
    # 31 Jan 2012 (+ 5) and 31 Mar 2012 (+ 7): not on the 28th or the 30th.
    run = Schedule("run", (PhaseSpec(2, 1, 3, "months"), PhaseSpec(1, 2, None, "months")), frozenset())
    assert windows(D(2011, 8, 31), run, count=5) == [
        (D(2011, 8, 31), D(2011, 9, 29)), (D(2011, 9, 30), D(2011, 10, 30)), (D(2011, 10, 31), D(2011, 11, 29)),
        (D(2011, 11, 30), D(2012, 1, 30)), (D(2012, 1, 31), D(2012, 3, 30))]


def test_throughout_after_months_runs_to_the_end():
    # "Every 2 months for 5 months" from Sat 15 Oct 2011 makes two windows (15 Oct - 14 Dec,
    # 15 Dec - 14 Feb); the odd month makes none of its own, and the next phase starts where the
    # last window ended (as with weeks: `every 2 weeks for 5 weeks` is two fortnights), so the one
    # window "throughout" runs from Wed 15 Feb 2012 to the end.
    schedule = Schedule("t", (PhaseSpec(1, 2, 5, "months"), PhaseSpec(3, None, None)), frozenset())
    end = D(2012, 10, 15)
    assert unpaused_window(D(2011, 10, 15), 1, schedule) == (D(2011, 12, 15), D(2012, 2, 15), 1)
    assert unpaused_window(D(2011, 10, 15), 2, schedule) == (D(2012, 2, 15), None, 3)
    assert window_start(D(2011, 10, 15), 2, schedule, NO_PAUSES) == D(2012, 2, 15)
    assert window_end(D(2011, 10, 15), 2, schedule, NO_PAUSES, end) == end
    assert window_start(D(2011, 10, 15), 3, schedule, NO_PAUSES) == NEVER


@pytest.mark.parametrize("as_of, last", [
    (D(2011, 1, 31), 0), (D(2011, 2, 27), 0), (D(2011, 2, 28), 1), (D(2011, 3, 30), 1), (D(2011, 3, 31), 2),
    (D(2011, 12, 31), 11), (D(2010, 12, 1), 0)])
def test_window_limit_counts_the_months_started(as_of, last):
    """The last window to have started by the as-of date, from 31 Jan 2011 (months begin 28 Feb,
    31 Mar, ... 31 Dec = window 11); an as-of date before the start gives window 0."""
    assert window_limit(D(2011, 1, 31), as_of, MONTHLY) == last
