"""The only functions a rule may call: pure, total date arithmetic and schedule windows.

Rule files name these functions; nothing in a rule file is ever run as Python.  Each function
must be total (never raise): pyDatalog turns an exception inside a rule body into a value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterator, Literal

from . import calendar

FOREVER = dt.date.max


Unit = Literal["days", "months"]


def shift(day: dt.date, unit: Unit, amount: int) -> dt.date:
    """`day` moved by `amount` calendar days or calendar months (the month-end rule), saturating."""
    return calendar.add_months(day, amount) if unit == "months" else calendar.add_days(day, amount)


@dataclass(frozen=True)
class PhaseSpec:
    """At least `need` events in every window of `every` units, for `length` units (None: to the
    end).  The unit is calendar days (a week is 7) or calendar months.

    `every` None means a single window over the rest of the schedule ("throughout")."""
    need: int
    every: int | None
    length: int | None
    unit: Unit = "days"

    def windows(self) -> int | None:
        """How many windows the phase has: one "throughout", None when it runs to the end."""
        if self.every is None:
            return 1
        return None if self.length is None else self.length // self.every


@dataclass(frozen=True)
class Span:
    """A reachable phase placed in its schedule, before any pause.

    Phases of one unit that follow each other are a run, counted from the run's first day (its
    anchor), so windows of a month keep the day of the month the run began on: from 31 Jan, the
    windows begin on 31 Jan, 28 Feb, 31 Mar, 30 Apr, ... (never drifting to the 28th).  `steps`
    moves the trigger date to the anchor ((unit, amount) of each earlier run); `offset` is the
    count of `unit`s from the anchor to this phase's first window.  A schedule of days and weeks
    alone is one run from the trigger date, its offsets the active days of the phase's start."""
    phase: PhaseSpec
    first: int                               # the index of the phase's first window
    windows: int | None                      # how many it has (None: it runs to the schedule's end)
    steps: tuple[tuple[Unit, int], ...]
    offset: int
    unit: Unit                               # a "throughout" phase takes the unit of the run it ends

    def anchor(self, start: dt.date) -> dt.date:
        for unit, amount in self.steps:
            start = shift(start, unit, amount)
        return start

    def boundary(self, start: dt.date, j: int) -> dt.date:
        """The first day of the phase's window j (j = its number of windows: the day after its last),
        before any pause, for a schedule that starts on `start`."""
        return shift(self.anchor(start), self.unit, self.offset + j * (self.phase.every or 0))


@dataclass(frozen=True)
class Schedule:
    """The phases of a recurring obligation and the period kinds that stop its clock."""
    name: str
    phases: tuple[PhaseSpec, ...]
    paused_kinds: frozenset[str]

    def __str__(self) -> str:  # shown in explanations instead of a dataclass dump
        return f"schedule of {self.name}"

    def spans(self) -> tuple[Span, ...]:
        """Each reachable phase, placed: the one place the phase arithmetic lives (the engine's
        window functions and the SQL unrolling of them both walk these).  Worked out once per
        schedule and kept on it (not a field: the compiled-policy cache stores fields only):
        the window functions ask for them for every window of every case."""
        found = self.__dict__.get("_spans")
        if found is None:
            found = tuple(self._placed())
            object.__setattr__(self, "_spans", found)   # frozen: set as dataclasses' own __init__ does
        return found

    def _placed(self) -> Iterator[Span]:
        first = offset = 0
        steps: list[tuple[Unit, int]] = []
        unit: Unit | None = None
        for phase in self.phases:
            this = phase.unit if phase.every is not None else (unit or "days")
            if unit is not None and this != unit:
                steps.append((unit, offset))   # a new run starts where the last one ended
                offset = 0
            unit = this
            windows = None if phase.every is None else phase.windows()
            yield Span(phase, first, windows, tuple(steps), offset, this)
            if windows is None:
                return
            first += windows
            offset += windows * phase.every


@dataclass(frozen=True)
class Pauses:
    """Every period of custody, hospital or certified sickness in a case: (kind, from, until excl.)."""
    periods: tuple[tuple[str, dt.date, dt.date], ...]

    def of(self, kinds: frozenset[str]) -> tuple[tuple[dt.date, dt.date], ...]:
        """The (from, until) of the periods of these kinds (kept per kinds: asked once a window)."""
        chosen = self.__dict__.setdefault("_of", {})
        found = chosen.get(kinds)
        if found is None:
            found = chosen[kinds] = tuple((start, until) for kind, start, until in self.periods if kind in kinds)
        return found

    def __str__(self) -> str:
        return f"{len(self.periods)} period(s) of custody, hospital or sickness"


def unpaused_window(start: dt.date, k: int, schedule: Schedule) -> tuple[dt.date, dt.date | None, int] | None:
    """Window k of a schedule that starts on `start` as if nothing paused it: its first day, the
    day after its last (None: it runs to the schedule's end) and its need."""
    for span in schedule.spans():
        if span.phase.every is None:
            return (span.boundary(start, 0), None, span.phase.need) if k == span.first else None
        if span.windows is None or k < span.first + span.windows:
            j = k - span.first
            return span.boundary(start, j), span.boundary(start, j + 1), span.phase.need
    return None


def window_start(start: dt.date, k: int, schedule: Schedule, pauses: Pauses) -> dt.date:
    """Window k's first day: its unpaused offset from the start, in active days (a pause moves it
    later by the paused days before it, whatever the window's unit)."""
    bounds = unpaused_window(start, k, schedule)
    if bounds is None:
        return FOREVER
    return calendar.shift_active_days(start, (bounds[0] - start).days, pauses.of(schedule.paused_kinds))


def window_end(start: dt.date, k: int, schedule: Schedule, pauses: Pauses, end: dt.date) -> dt.date:
    bounds = unpaused_window(start, k, schedule)
    if bounds is None:
        return FOREVER
    if bounds[1] is None:
        return end
    if bounds[1] == FOREVER:
        return FOREVER
    # The day after the window's last active day: a window that ends just as custody begins
    # ends there, and is not stretched over the pause.
    last = (bounds[1] - start).days - 1
    last_active = calendar.shift_active_days(start, last, pauses.of(schedule.paused_kinds))
    return FOREVER if last_active == FOREVER else last_active + dt.timedelta(days=1)


def _elapsed(anchor: dt.date, day: dt.date, unit: Unit) -> int:
    """Whole units from `anchor` to `day`."""
    return calendar.whole_months_between(anchor, day) if unit == "months" else (day - anchor).days


def window_limit(start: dt.date, as_of: dt.date, schedule: Schedule) -> int:
    """The last window that can have started by `as_of`: the last whose unpaused first day is on
    or before it (pauses only push windows later), so the engine does not work out windows that
    lie in the future."""
    day = max(start, as_of)
    end = 0   # windows before the next phase
    for span in schedule.spans():
        if day < span.boundary(start, 0):
            break
        if span.phase.every is None:
            return span.first
        reached = span.first + (_elapsed(span.anchor(start), day, span.unit) - span.offset) // span.phase.every
        if span.windows is None or reached < span.first + span.windows:
            return reached
        end = span.first + span.windows
    return max(end - 1, 0)


def window_need(k: int, schedule: Schedule) -> int:
    for span in schedule.spans():
        if span.phase.every is None:
            return span.phase.need if k == span.first else 0
        if span.windows is None or k < span.first + span.windows:
            return span.phase.need
    return 0


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
