"""The only functions a rule may call: pure, total date arithmetic and schedule windows.

Rule files name these functions; nothing in a rule file is ever run as Python.  Each function
must be total (never raise): pyDatalog turns an exception inside a rule body into a value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterator

from . import calendar

FOREVER = dt.date.max


@dataclass(frozen=True)
class PhaseSpec:
    """At least `need` events in every `every_days` active days, for `length_days` (None: to the end).

    `every_days` None means a single window over the whole schedule ("throughout")."""
    need: int
    every_days: int | None
    length_days: int | None


@dataclass(frozen=True)
class Schedule:
    """The phases of a recurring obligation and the period kinds that stop its clock."""
    name: str
    phases: tuple[PhaseSpec, ...]
    paused_kinds: frozenset[str]

    def __str__(self) -> str:  # shown in explanations instead of a dataclass dump
        return f"schedule of {self.name}"

    def spans(self) -> Iterator[tuple[PhaseSpec, int, int, int | None]]:
        """Each reachable phase with the index of its first window, the active-day offset it
        starts at, and its number of windows (None: it runs to the schedule's end).  The one
        place the phase arithmetic lives: the engine's window functions and the SQL unrolling
        of them both walk these."""
        before = offset = 0
        for phase in self.phases:
            windows = None if phase.every_days is None or phase.length_days is None \
                else phase.length_days // phase.every_days
            yield phase, before, offset, windows
            if windows is None:
                return
            before += windows
            offset += windows * phase.every_days


@dataclass(frozen=True)
class Pauses:
    """Every period of custody, hospital or certified sickness in a case: (kind, from, until excl.)."""
    periods: tuple[tuple[str, dt.date, dt.date], ...]

    def of(self, kinds: frozenset[str]) -> tuple[tuple[dt.date, dt.date], ...]:
        return tuple((start, until) for kind, start, until in self.periods if kind in kinds)

    def __str__(self) -> str:
        return f"{len(self.periods)} period(s) of custody, hospital or sickness"


def _window(k: int, schedule: Schedule) -> tuple[int, int | None, int] | None:
    """Active-day offsets [start, end) and the need of window k; end None = to the schedule's end."""
    for phase, before, offset, windows in schedule.spans():
        if phase.every_days is None:
            return (offset, None, phase.need) if k == before else None
        if windows is None or k < before + windows:
            start = offset + (k - before) * phase.every_days
            return start, start + phase.every_days, phase.need
    return None


def window_start(start: dt.date, k: int, schedule: Schedule, pauses: Pauses) -> dt.date:
    bounds = _window(k, schedule)
    if bounds is None:
        return FOREVER
    return calendar.shift_active_days(start, bounds[0], pauses.of(schedule.paused_kinds))


def window_end(start: dt.date, k: int, schedule: Schedule, pauses: Pauses, end: dt.date) -> dt.date:
    bounds = _window(k, schedule)
    if bounds is None:
        return FOREVER
    if bounds[1] is None:
        return end
    # The day after the window's last active day: a window that ends just as custody begins
    # ends there, and is not stretched over the pause.
    last_active = calendar.shift_active_days(start, bounds[1] - 1, pauses.of(schedule.paused_kinds))
    return FOREVER if last_active == FOREVER else last_active + dt.timedelta(days=1)


def window_limit(start: dt.date, as_of: dt.date, schedule: Schedule) -> int:
    """The last window that can have started by `as_of`: the last whose first active day is at
    most (as_of - start) days in (pauses only push windows later), so the engine does not work
    out windows that lie in the future."""
    days = max(0, (as_of - start).days)
    end = 0   # windows before the next phase
    for phase, before, offset, windows in schedule.spans():
        if days < offset:
            break
        if phase.every_days is None:
            return before
        reached = before + (days - offset) // phase.every_days
        if windows is None or days < offset + windows * phase.every_days:
            return reached
        end = before + windows
    return max(end - 1, 0)


def window_need(k: int, schedule: Schedule) -> int:
    bounds = _window(k, schedule)
    return 0 if bounds is None else bounds[2]


def _safe(function: Callable) -> Callable:
    """Keep rule-body functions total: a bad argument gives date.max, never an exception."""
    def wrapper(*args):
        try:
            return function(*args)
        except (TypeError, ValueError, OverflowError):
            return FOREVER
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def _neg(function: Callable) -> Callable:
    def backwards(d, n):
        return function(d, -n)
    return backwards


# name -> (callable, arity); units map onto these in the compiler.
BUILTINS: dict[str, tuple[Callable, int]] = {
    "add_working_days": (_safe(calendar.add_working_days), 2),
    "sub_working_days": (_safe(_neg(calendar.add_working_days)), 2),
    "add_days": (_safe(calendar.add_days), 2),
    "sub_days": (_safe(_neg(calendar.add_days)), 2),
    "add_weeks": (_safe(calendar.add_weeks), 2),
    "sub_weeks": (_safe(_neg(calendar.add_weeks)), 2),
    "add_months": (_safe(calendar.add_months), 2),
    "sub_months": (_safe(_neg(calendar.add_months)), 2),
    "same_or_next_working_day": (_safe(calendar.same_or_next_working_day), 1),
    "working_days_between": (_safe(calendar.working_days_between), 2),
    "window_start": (_safe(window_start), 4),
    "window_end": (_safe(window_end), 5),
    "window_need": (_safe(window_need), 2),
    "window_limit": (_safe(window_limit), 3),
}

UNIT_FUNCTIONS = {
    "working_days": ("add_working_days", "sub_working_days"),
    "days": ("add_days", "sub_days"),
    "weeks": ("add_weeks", "sub_weeks"),
    "months": ("add_months", "sub_months"),
}
