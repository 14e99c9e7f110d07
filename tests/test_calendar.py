"""Tests for policyengine.calendar.

Every expected value below was worked out by hand from the published
England & Wales bank holiday dates (gov.uk) and a paper calendar; the
comments name the bank holidays in range.  Nothing is derived from the
module under test.
"""

from datetime import date, timedelta

import pytest

from policyengine.runtime.calendar import (
    active_days_between,
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    bank_holiday,
    bank_holidays_between,
    is_working_day,
    non_working_days_between,
    same_or_next_working_day,
    shift_active_days,
    working_days_between,
)

D = date


# ---------------------------------------------------------------- bank holidays


@pytest.mark.parametrize(
    "d, keyword",
    [
        (D(2011, 4, 29), "Wedding"),  # Fri: wedding of Prince William
        (D(2012, 6, 5), "Jubilee"),  # Tue: Diamond Jubilee
        (D(2022, 9, 19), "Funeral"),  # Mon: state funeral of Elizabeth II
        (D(2023, 5, 8), "Coronation"),  # Mon: coronation of Charles III
    ],
)
def test_one_off_bank_holidays(d, keyword):
    assert keyword in bank_holiday(d)
    assert not is_working_day(d)


def test_substitute_days():
    # 2016: Christmas Day fell on a Sunday; Tue 27 Dec was the substitute.
    assert bank_holiday(D(2016, 12, 27)) == "Christmas Day (observed)"
    assert not is_working_day(D(2016, 12, 27))
    # 2011: New Year's Day fell on a Saturday; Mon 3 Jan was the substitute.
    assert bank_holiday(D(2011, 1, 3)) == "New Year's Day (observed)"


def test_weekend_bank_holiday_is_named():
    # Sun 25 Dec 2016 is still Christmas Day, but a Sunday anyway.
    assert bank_holiday(D(2016, 12, 25)) == "Christmas Day"
    assert not is_working_day(D(2016, 12, 25))


def test_easter_2008():
    # Good Friday Fri 21 Mar 2008, Easter Monday Mon 24 Mar 2008.
    assert bank_holiday(D(2008, 3, 21)) == "Good Friday"
    assert bank_holiday(D(2008, 3, 24)) == "Easter Monday"
    assert is_working_day(D(2008, 3, 20))  # Maundy Thursday is a working day
    assert is_working_day(D(2008, 3, 25))


def test_ordinary_days():
    assert is_working_day(D(2008, 1, 7))  # Mon
    assert bank_holiday(D(2008, 1, 7)) is None
    assert not is_working_day(D(2008, 1, 5))  # Sat
    assert not is_working_day(D(2008, 1, 6))  # Sun
    assert bank_holiday(D(2008, 1, 5)) is None  # a weekend is not a bank holiday


# ------------------------------------------------------------- add_working_days


@pytest.mark.parametrize(
    "start, n, expected",
    [
        # Christmas 2007: Tue 25 Dec Christmas Day, Wed 26 Dec Boxing Day.
        # Fri 21 (day 0), Mon 24 (1), Thu 27 (2).
        (D(2007, 12, 21), 2, D(2007, 12, 27)),
        # Christmas 2016: Sun 25 Christmas Day, Mon 26 Boxing Day,
        # Tue 27 Christmas Day (observed).  Fri 23 (0), Wed 28 (1).
        (D(2016, 12, 23), 1, D(2016, 12, 28)),
        # Royal wedding Fri 29 Apr 2011 and early May bank holiday Mon 2 May.
        # Thu 28 (0), Tue 3 May (1).
        (D(2011, 4, 28), 1, D(2011, 5, 3)),
        # Spring bank holiday Mon 4 Jun 2012 and Diamond Jubilee Tue 5 Jun.
        # Fri 1 Jun (0), Wed 6 Jun (1).
        (D(2012, 6, 1), 1, D(2012, 6, 6)),
        # State funeral Mon 19 Sep 2022.  Fri 16 (0), Tue 20 (1).
        (D(2022, 9, 16), 1, D(2022, 9, 20)),
        # Early May Mon 1 May 2023 and Coronation Mon 8 May 2023.
        # Fri 28 Apr (0), Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Tue 9 (5).
        (D(2023, 4, 28), 5, D(2023, 5, 9)),
        # New Year's Day Tue 1 Jan 2008.  Mon 31 Dec 2007 (0), Wed 2 Jan (1).
        (D(2007, 12, 31), 1, D(2008, 1, 2)),
        # Easter 2008 (Good Friday 21 Mar, Easter Monday 24 Mar):
        # Thu 20 Mar (0), Tue 25 Mar (1).
        (D(2008, 3, 20), 1, D(2008, 3, 25)),
        # 10 working days across Easter 2008: Tue 18 Mar (0), Wed 19 (1),
        # Thu 20 (2), [Fri 21 GF, Sat, Sun, Mon 24 EM], Tue 25 (3), Wed 26 (4),
        # Thu 27 (5), Fri 28 (6), Mon 31 (7), Tue 1 Apr (8), Wed 2 (9), Thu 3 (10).
        (D(2008, 3, 18), 10, D(2008, 4, 3)),
        # Weekend as day 0: Sat 5 Jan 2008 (0), Mon 7 Jan (1).
        (D(2008, 1, 5), 1, D(2008, 1, 7)),
        # Bank holiday as day 0: Tue 25 Dec 2007 (0), [Wed 26 Boxing Day], Thu 27 (1).
        (D(2007, 12, 25), 1, D(2007, 12, 27)),
        # No bank holidays: Mon 7 Jan 2008 + 5 = Mon 14 Jan 2008.
        (D(2008, 1, 7), 5, D(2008, 1, 14)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_zero_working_days_is_identity_even_on_non_working_days():
    assert add_working_days(D(2008, 1, 6), 0) == D(2008, 1, 6)  # Sun
    assert add_working_days(D(2007, 12, 25), 0) == D(2007, 12, 25)  # Christmas
    assert add_working_days(D(2008, 1, 7), 0) == D(2008, 1, 7)  # Mon


def test_add_negative_working_days_counts_back():
    # Thu 27 Dec 2007 back 2: Mon 24 (1), [Wed 26, Tue 25 bank hols, Sun, Sat],
    # Fri 21 (2).
    assert add_working_days(D(2007, 12, 27), -2) == D(2007, 12, 21)


# --------------------------------------------------------- working_days_between


@pytest.mark.parametrize(
    "start, end, expected",
    [
        # Fri 21 Dec 2007 -> Thu 27 Dec: Mon 24, Thu 27 (Christmas, Boxing skipped).
        (D(2007, 12, 21), D(2007, 12, 27), 2),
        # Reversed: the same two working days, negative.
        (D(2007, 12, 27), D(2007, 12, 21), -2),
        # Equal dates.
        (D(2008, 1, 7), D(2008, 1, 7), 0),
        (D(2008, 1, 5), D(2008, 1, 5), 0),
        # End on a bank holiday: only Mon 24 Dec 2007 counts.
        (D(2007, 12, 21), D(2007, 12, 26), 1),
        # Weekend only: Sat 5 Jan 2008 -> Sun 6 Jan 2008.
        (D(2008, 1, 5), D(2008, 1, 6), 0),
        # 10 working days across Easter 2008 (see add_working_days above).
        (D(2008, 3, 18), D(2008, 4, 3), 10),
        # "3 working days late": deadline Thu 3 Apr 2008, done Tue 8 Apr:
        # Fri 4 (1), Mon 7 (2), Tue 8 (3).
        (D(2008, 4, 3), D(2008, 4, 8), 3),
        # Whole of 2008: 366 days from Tue 1 Jan = 52 weeks + Tue 30, Wed 31 Dec
        # = 262 weekdays, less 8 weekday bank holidays (1 Jan, 21 Mar, 24 Mar,
        # 5 May, 26 May, 25 Aug, 25 Dec, 26 Dec) = 254.
        (D(2007, 12, 31), D(2008, 12, 31), 254),
        (D(2008, 12, 31), D(2007, 12, 31), -254),
        # Christmas 2016: Fri 23 -> Wed 28 Dec: only Wed 28 counts.
        (D(2016, 12, 23), D(2016, 12, 28), 1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


# ------------------------------------------------------ same_or_next_working_day


@pytest.mark.parametrize(
    "d, expected",
    [
        (D(2008, 1, 7), D(2008, 1, 7)),  # Mon: already a working day
        (D(2008, 1, 5), D(2008, 1, 7)),  # Sat -> Mon
        (D(2007, 12, 25), D(2007, 12, 27)),  # Christmas, Boxing Day -> Thu 27
        (D(2016, 12, 24), D(2016, 12, 28)),  # Sat, Sun 25, Mon 26, Tue 27 -> Wed 28
        (D(2011, 4, 29), D(2011, 5, 3)),  # wedding, weekend, May Day -> Tue 3 May
        (D(2008, 3, 21), D(2008, 3, 25)),  # Good Friday .. Easter Monday -> Tue
    ],
)
def test_same_or_next_working_day(d, expected):
    assert same_or_next_working_day(d) == expected


# ------------------------------------------------------- calendar arithmetic


def test_add_days_and_weeks():
    assert add_days(D(2008, 1, 7), 28) == D(2008, 2, 4)
    assert add_days(D(2008, 3, 1), -1) == D(2008, 2, 29)  # leap year
    assert add_weeks(D(2008, 1, 7), 2) == D(2008, 1, 21)
    assert add_weeks(D(2008, 1, 7), -2) == D(2007, 12, 24)


@pytest.mark.parametrize(
    "d, n, expected",
    [
        (D(2008, 1, 31), 1, D(2008, 2, 29)),  # clamp to leap-year February
        (D(2007, 8, 31), 6, D(2008, 2, 29)),
        (D(2007, 11, 30), -12, D(2006, 11, 30)),
        (D(2007, 1, 31), 1, D(2007, 2, 28)),  # non-leap February
        (D(2008, 3, 31), -1, D(2008, 2, 29)),  # negative with clamping
        (D(2008, 2, 29), 12, D(2009, 2, 28)),
        (D(2007, 11, 15), 2, D(2008, 1, 15)),  # year roll-over
        (D(2008, 1, 15), -2, D(2007, 11, 15)),
        (D(2007, 8, 31), 1, D(2007, 9, 30)),  # 30-day month
        (D(2007, 12, 31), 0, D(2007, 12, 31)),
    ],
)
def test_add_months(d, n, expected):
    assert add_months(d, n) == expected


# ------------------------------------------------------- naming skipped days


def test_non_working_days_between_christmas_2007():
    # Fri 21 Dec 2007 (excluded) to Wed 2 Jan 2008 (included).
    assert non_working_days_between(D(2007, 12, 21), D(2008, 1, 2)) == [
        (D(2007, 12, 22), "Saturday"),
        (D(2007, 12, 23), "Sunday"),
        (D(2007, 12, 25), "Christmas Day"),
        (D(2007, 12, 26), "Boxing Day"),
        (D(2007, 12, 29), "Saturday"),
        (D(2007, 12, 30), "Sunday"),
        (D(2008, 1, 1), "New Year's Day"),
    ]


def test_non_working_days_between_christmas_2016_prefers_holiday_name():
    # Sun 25 Dec 2016 is reported as Christmas Day rather than "Sunday".
    assert non_working_days_between(D(2016, 12, 23), D(2016, 12, 28)) == [
        (D(2016, 12, 24), "Saturday"),
        (D(2016, 12, 25), "Christmas Day"),
        (D(2016, 12, 26), "Boxing Day"),
        (D(2016, 12, 27), "Christmas Day (observed)"),
    ]


def test_non_working_days_between_one_offs_and_bounds():
    # Thu 28 Apr 2011 -> Tue 3 May 2011: wedding, weekend, early May bank holiday.
    got = non_working_days_between(D(2011, 4, 28), D(2011, 5, 3))
    assert [d for d, _ in got] == [D(2011, 4, 29), D(2011, 4, 30), D(2011, 5, 1), D(2011, 5, 2)]
    assert "Wedding" in got[0][1]
    assert got[1][1] == "Saturday" and got[2][1] == "Sunday"
    # start is excluded, end is included.
    assert non_working_days_between(D(2008, 1, 5), D(2008, 1, 7)) == [(D(2008, 1, 6), "Sunday")]
    assert non_working_days_between(D(2008, 1, 4), D(2008, 1, 5)) == [(D(2008, 1, 5), "Saturday")]
    # Empty or reversed ranges.
    assert non_working_days_between(D(2008, 1, 7), D(2008, 1, 7)) == []
    assert non_working_days_between(D(2008, 1, 7), D(2008, 1, 1)) == []


def test_bank_holidays_between():
    assert bank_holidays_between(D(2016, 12, 23), D(2016, 12, 28)) == [
        (D(2016, 12, 25), "Christmas Day"),
        (D(2016, 12, 26), "Boxing Day"),
        (D(2016, 12, 27), "Christmas Day (observed)"),
    ]
    # Easter 2008, end inclusive / start exclusive.
    assert bank_holidays_between(D(2008, 3, 20), D(2008, 3, 24)) == [
        (D(2008, 3, 21), "Good Friday"),
        (D(2008, 3, 24), "Easter Monday"),
    ]
    assert bank_holidays_between(D(2008, 3, 21), D(2008, 3, 23)) == []
    # All of 2022 (gov.uk): Sat 1 Jan New Year's Day, Mon 3 Jan substitute,
    # Good Friday 15 Apr, Easter Monday 18 Apr, early May 2 May, spring
    # Thu 2 Jun, Platinum Jubilee Fri 3 Jun, summer 29 Aug, state funeral
    # 19 Sep, Sun 25 Dec Christmas Day, Boxing Day 26 Dec, substitute 27 Dec.
    got = bank_holidays_between(D(2021, 12, 31), D(2022, 12, 31))
    assert [d for d, _ in got] == [
        D(2022, 1, 1), D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18),
        D(2022, 5, 2), D(2022, 6, 2), D(2022, 6, 3), D(2022, 8, 29),
        D(2022, 9, 19), D(2022, 12, 25), D(2022, 12, 26), D(2022, 12, 27),
    ]
    names = dict(got)
    assert "Jubilee" in names[D(2022, 6, 3)]
    assert "Funeral" in names[D(2022, 9, 19)]


# ----------------------------------------------------------- paused schedules

JAN = lambda day: D(2008, 1, day)  # noqa: E731  (Mon 7 Jan 2008 is a Monday)


@pytest.mark.parametrize(
    "start, n, pauses, expected",
    [
        # No pauses: plain calendar days.  Mon 7 Jan + 7 = Mon 14 Jan.
        (JAN(7), 7, (), JAN(14)),
        # Pause 9..11 (until 12 exclusive): active 7, 8 (2); 12..16 (5) -> Thu 17.
        (JAN(7), 7, ((JAN(9), JAN(12)),), JAN(17)),
        # Pause began before start and ends 9 Jan: active 9..15 (7) -> 16.
        (JAN(7), 7, ((JAN(1), JAN(9)),), JAN(16)),
        # Overlapping, unsorted: (10, 14) and (9, 11) merge to 9..13.
        # Active 7, 8 (2); 14..18 (5) -> 19.
        (JAN(7), 7, ((JAN(10), JAN(14)), (JAN(9), JAN(11))), JAN(19)),
        # Touching: (9, 11) and (11, 13) = 9..12 paused. 7, 8 (2); 13..17 (5) -> 18.
        (JAN(7), 7, ((JAN(11), JAN(13)), (JAN(9), JAN(11))), JAN(18)),
        # Two separate pauses 9..10 and 13..14: active 7, 8, 11, 12, 15, 16, 17 -> 18.
        (JAN(7), 7, ((JAN(13), JAN(15)), (JAN(9), JAN(11))), JAN(18)),
        # Nested pause (10, 11) inside (9, 12): same as (9, 12) alone -> 17.
        (JAN(7), 7, ((JAN(9), JAN(12)), (JAN(10), JAN(11))), JAN(17)),
        # Weekly contact, custody Thu 10 Jan to release Mon 21 Jan (until 21):
        # 3 days elapsed (7, 8, 9), 4 remain from 21 (21..24) -> Fri 25 Jan.
        (JAN(7), 7, ((JAN(10), JAN(21)),), JAN(25)),
        # Count lands exactly on a pause start: 7, 8 (2) -> 9 is paused -> 12.
        (JAN(7), 2, ((JAN(9), JAN(12)),), JAN(12)),
        # n = 0: start itself, or the end of the pause containing it.
        (JAN(7), 0, (), JAN(7)),
        (JAN(7), 0, ((JAN(5), JAN(10)),), JAN(10)),
        # Pauses wholly before start or after the result are irrelevant.
        (JAN(7), 7, ((JAN(1), JAN(5)), (D(2008, 2, 1), D(2008, 2, 10))), JAN(14)),
        # Pause starting the day after the result is irrelevant: 7..13 -> 14.
        (JAN(7), 7, ((JAN(15), JAN(20)),), JAN(14)),
        # Empty/inverted pause is ignored.
        (JAN(7), 7, ((JAN(9), JAN(9)), (JAN(12), JAN(10))), JAN(14)),
        # Ongoing pause from 9 Jan: the clock never restarts.
        (JAN(7), 7, ((JAN(9), date.max),), date.max),
        (JAN(7), 2, ((JAN(9), date.max),), date.max),
        # ... but a count that finishes before it is unaffected: 7 (1) -> 8.
        (JAN(7), 1, ((JAN(9), date.max),), JAN(8)),
        # Ongoing pause overlapping a finished one: (9, 12) and (11, max).
        (JAN(7), 7, ((JAN(11), date.max), (JAN(9), JAN(12))), date.max),
        # Start inside an ongoing pause.
        (JAN(7), 0, ((JAN(1), date.max),), date.max),
    ],
)
def test_shift_active_days(start, n, pauses, expected):
    assert shift_active_days(start, n, pauses) == expected


@pytest.mark.parametrize(
    "start, end, pauses, expected",
    [
        (JAN(7), JAN(14), (), 7),
        (JAN(7), JAN(17), ((JAN(9), JAN(12)),), 7),  # 10 days - 3 paused
        (JAN(7), JAN(16), ((JAN(1), JAN(9)),), 7),  # 9 days - 7, 8 paused
        (JAN(7), JAN(19), ((JAN(10), JAN(14)), (JAN(9), JAN(11))), 7),  # 12 - 5
        (JAN(7), JAN(31), ((JAN(9), date.max),), 2),  # only 7, 8 are active
        (JAN(7), JAN(7), ((JAN(1), JAN(9)),), 0),
        (JAN(17), JAN(7), ((JAN(9), JAN(12)),), -7),  # reversed
    ],
)
def test_active_days_between(start, end, pauses, expected):
    assert active_days_between(start, end, pauses) == expected


# ----------------------------------------------------------------- totality


EXTREMES = [date.min, date.min + timedelta(days=3), date.max - timedelta(days=3), date.max]


@pytest.mark.parametrize("d", EXTREMES)
def test_functions_never_raise_at_the_edges_of_the_date_range(d):
    is_working_day(d)
    bank_holiday(d)
    assert add_working_days(d, 10) <= date.max
    assert add_working_days(d, -10) >= date.min
    same_or_next_working_day(d)
    add_days(d, 10**6)
    add_days(d, -(10**6))
    add_weeks(d, 10**5)
    add_weeks(d, -(10**5))
    add_months(d, 10**5)
    add_months(d, -(10**5))
    add_months(d, 1)
    add_months(d, -1)
    working_days_between(d, D(2008, 1, 7))
    working_days_between(D(2008, 1, 7), d)
    non_working_days_between(d, d)
    bank_holidays_between(d, d)
    shift_active_days(d, 10**6, ((D(2008, 1, 1), D(2008, 2, 1)),))
    active_days_between(d, D(2008, 1, 7), ((D(2008, 1, 1), date.max),))


def test_saturation():
    assert add_days(date.max, 1) == date.max
    assert add_days(date.min, -1) == date.min
    assert add_months(date.max, 1) == date.max
    assert add_months(date.min, -1) == date.min
    assert add_working_days(date.max, 3) == date.max
    assert shift_active_days(date.max - timedelta(days=1), 5) == date.max


def test_working_days_between_inverts_add_working_days_over_christmas_2016():
    # Consistency (not an expected-value derivation): from Fri 16 Dec 2016,
    # counting k working days lands back on each working day up to 13 Jan 2017.
    start = D(2016, 12, 16)
    for offset in range(1, 29):
        end = start + timedelta(days=offset)
        if is_working_day(end):
            assert add_working_days(start, working_days_between(start, end)) == end
