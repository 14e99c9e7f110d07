"""The one way a date is written for people on a page or in a picture: "Thu 27 Dec 2007".

Day and month names are spelt here, not taken from the C library, so the locale cannot change
them and a year before 1000 keeps four digits.  An open end (`date.max`) or no date is "".
"""
from __future__ import annotations

import datetime as dt

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: dt.date | None) -> str:
    """`Thu 27 Dec 2007`; '' for no date or an open end."""
    if value is None or value == dt.date.max:
        return ""
    return f"{_WEEKDAYS[value.weekday()]} {value.day:02d} {_MONTHS[value.month - 1]} {value.year:04d}"


def month(value: dt.date) -> str:
    """`Dec 2007`: a month on a date axis."""
    return f"{_MONTHS[value.month - 1]} {value.year:04d}"
