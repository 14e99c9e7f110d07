"""Working-day and schedule arithmetic for the 2007 National Standards.

Interpretation Note 9: "Working days are calculated designating the day upon
which the relevant occurrence (i.e. sentence, release, previous review) as
day 0.  Days are calculated against a standard Monday-to-Friday 5 working-day
week, excluding statutory bank holidays."

Bank holidays are the England & Wales ones, taken only from the ``holidays``
package (``country_holidays('GB', subdiv='ENG')``), so one-off days (royal
weddings, jubilees, state funerals, coronations) and substitute ("observed")
days come from upstream data rather than a hand-kept list.  They are asked of the
package in every process and never cached on disk: importing it and building the
calendar is about a tenth of a second of an ``nsr check`` (the years themselves
take a third of a millisecond each), so checking a cached table against the
package would cost as much as building it, and an unchecked table could be edited
to move due dates.

Every function here is a pure, total function of ``datetime.date`` values:
they are called inside Datalog rule bodies, where an exception would abort
the whole evaluation.  Arithmetic that would leave the ``date`` range
therefore saturates at ``date.min`` / ``date.max`` instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "is_working_day",
    "bank_holiday",
    "add_working_days",
    "working_days_between",
    "same_or_next_working_day",
    "add_days",
    "add_weeks",
    "add_months",
    "whole_months_between",
    "non_working_days_between",
    "bank_holidays_between",
    "shift_active_days",
    "active_days_between",
]

_ONE_DAY = timedelta(days=1)
_WEEKEND_NAMES = {5: "Saturday", 6: "Sunday"}


@lru_cache(maxsize=1)
def _package_calendar():
    """The package's England & Wales calendar (importing the package is most of the cost)."""
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG", years=())


@lru_cache(maxsize=None)
def _bank_holidays_in_year(year: int) -> dict[date, str]:
    """England & Wales bank holidays of one year, from the package; none for a year it does not cover."""
    import holidays

    known = _package_calendar()
    if not known.start_year <= year <= known.end_year:
        return {}
    table = holidays.country_holidays("GB", subdiv="ENG", years=year, expand=False)
    return {d: name for d, name in table.items() if d.year == year}


def _saturating_add(d: date, days: int) -> date:
    """``d + days`` clamped to the representable date range."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def bank_holiday(d: date) -> str | None:
    """Name of the England & Wales bank holiday on ``d``, or None.

    Weekend dates can be bank holidays too (e.g. Christmas Day on a Sunday);
    the working-day substitute appears as "... (observed)".
    """
    return _bank_holidays_in_year(d.year).get(d)


def is_working_day(d: date) -> bool:
    """True for Monday-Friday dates that are not bank holidays (IN 9)."""
    return d.weekday() < 5 and d not in _bank_holidays_in_year(d.year)


def add_working_days(d: date, n: int) -> date:
    """Date of working day ``n`` counting ``d`` itself as day 0 (IN 9).

    Day 0 is ``d`` even when ``d`` is a weekend or bank holiday, so
    ``add_working_days(d, 0) == d``.  A negative ``n`` counts backwards
    (the |n|-th working day before ``d``) so the function stays total.
    """
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining > 0:
        if d == (date.max if n > 0 else date.min):
            return d
        d += step
        if is_working_day(d):
            remaining -= 1
    return d


def _weekdays_through(d: date) -> int:
    """Number of Mon-Fri days in [date.min, d] (date.min is a Monday)."""
    o = d.toordinal()
    return (o // 7) * 5 + min(o % 7, 5)


def _count_working_days(after: date, upto: date) -> int:
    """Working days in the half-open interval (after, upto], after <= upto."""
    weekdays = _weekdays_through(upto) - _weekdays_through(after)
    holidays_on_weekdays = sum(
        1
        for year in range(after.year, upto.year + 1)
        for h in _bank_holidays_in_year(year)
        if after < h <= upto and h.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``.

    Mirrors ``add_working_days``: if ``end`` is a working day then
    ``add_working_days(start, k) == end`` for the returned ``k``.  Negative
    (the same count taken from ``end`` to ``start``) when ``end < start``,
    so "3 working days late" is simply a positive result.
    """
    if end >= start:
        return _count_working_days(start, end)
    return -_count_working_days(end, start)


def same_or_next_working_day(d: date) -> date:
    """``d`` if it is a working day, else the first following working day
    (``due same or next working day``).  Not 2007's 2c.13: "on the day of
    release (or the first following working day when this is impractical)"
    is due that day, and the next working day only with a recorded reason.
    """
    while not is_working_day(d) and d != date.max:
        d += _ONE_DAY
    return d


def add_days(d: date, n: int) -> date:
    """Calendar-day arithmetic (``n`` may be negative), saturating."""
    return _saturating_add(d, n)


def add_weeks(d: date, n: int) -> date:
    """Calendar-week arithmetic (``n`` may be negative), saturating."""
    return _saturating_add(d, 7 * n)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def add_months(d: date, n: int) -> date:
    """Add ``n`` calendar months (``n`` may be negative).

    Month-end rule: the day of month is kept, but when the target month is
    shorter it is clamped to that month's last day (31 Jan 2008 + 1 month =
    29 Feb 2008; 31 Aug 2007 + 6 months = 29 Feb 2008).  Results outside the
    date range saturate at ``date.min`` / ``date.max``.
    """
    months = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(months, 12)
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    month = month0 + 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def whole_months_between(start: date, end: date) -> int:
    """The most calendar months that can be added to ``start`` without passing ``end``: the
    largest ``m`` with ``add_months(start, m) <= end`` (negative when ``end`` is before ``start``).

    Whole months from Mon 31 Jan 2011 to Sun 27 Feb 2011: 0 (31 Jan + 1 month is Mon 28 Feb).
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def bank_holidays_between(start: date, end: date) -> list[tuple[date, str]]:
    """Bank holidays (weekday or weekend) in (start, end], in date order."""
    if end <= start:
        return []
    return sorted(
        (h, name)
        for year in range(start.year, end.year + 1)
        for h, name in _bank_holidays_in_year(year).items()
        if start < h <= end
    )


def non_working_days_between(start: date, end: date) -> list[tuple[date, str]]:
    """Every non-working day in (start, end] with the reason it is skipped.

    The reason is the bank holiday's name when there is one (even on a
    weekend, e.g. a Sunday Christmas Day), else "Saturday" / "Sunday".  The
    explainer uses this to name the days a deadline stepped over.
    """
    if end <= start:
        return []
    named = dict(bank_holidays_between(start, end))
    out: list[tuple[date, str]] = []
    d = start
    while d < end:
        d += _ONE_DAY
        reason = named.get(d) or _WEEKEND_NAMES.get(d.weekday())
        if reason is not None:
            out.append((d, reason))
    return out


def _merge_pauses(pauses: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Sort pauses and merge overlapping or touching ones; drop empty ones."""
    merged: list[tuple[date, date]] = []
    for frm, until in sorted(p for p in pauses if p[0] < p[1]):
        if merged and frm <= merged[-1][1]:
            if until > merged[-1][1]:
                merged[-1] = (merged[-1][0], until)
        else:
            merged.append((frm, until))
    return merged


def shift_active_days(
    start: date, n: int, pauses: Iterable[tuple[date, date]] = ()
) -> date:
    """Date reached after ``n`` *active* calendar days from ``start``.

    Implements 2c.16: the contact schedule is suspended during custody,
    hospitalisation or certified sickness and "reinstated ... at the point
    at which it was suspended".  ``pauses`` are (from, until) pairs with
    ``until`` exclusive (the first day the clock runs again); they may be
    unsorted or overlapping.  Returns the smallest ``x >= start`` with
    ``n`` active days in [start, x) that is not itself paused; ``date.max``
    if the clock never restarts (an ongoing pause with ``until == date.max``).
    Negative ``n`` is treated as 0.
    """
    remaining = max(n, 0)
    x = start
    for frm, until in _merge_pauses(pauses):
        if until <= x:
            continue
        if frm > x:
            gap = (frm - x).days
            if remaining < gap:
                return x + timedelta(days=remaining)
            remaining -= gap
        if until == date.max:
            return date.max
        x = until
    return _saturating_add(x, remaining)


def active_days_between(
    start: date, end: date, pauses: Iterable[tuple[date, date]] = ()
) -> int:
    """Active (un-paused) calendar days in [start, end).

    Inverse of ``shift_active_days``: for an unpaused ``x >= start``,
    ``shift_active_days(start, active_days_between(start, x, p), p) == x``.
    Negative (the count over [end, start)) when ``end < start``.
    """
    if end < start:
        return -active_days_between(end, start, pauses)
    total = (end - start).days
    for frm, until in _merge_pauses(pauses):
        lo, hi = max(frm, start), min(until, end)
        if lo < hi:
            total -= (hi - lo).days
    return total
