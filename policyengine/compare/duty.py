"""A duty: one obligation or schedule of one edition, described facet by facet for the diff."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..language import ast

FACETS = ("timing", "trigger", "applies to", "deadline", "met by", "exceptions", "schedule")


@dataclass(frozen=True)
class Duty:
    """One obligation or schedule of one edition (or a standard with neither), described facet by facet."""
    edition: str
    ref: str                       # "2c.6/first_meeting", or "5.1" for a standard without obligations
    standard: str
    title: str
    timing: str                    # timed | schedule | judgement | conditional
    trigger: str                   # as written: "sentence", "release where on = licence"
    trigger_kind: str
    applies_to: tuple[str, ...]    # the `when` conditions, as written
    deadlines: tuple[str, ...]     # "2 working days if tier_at(trigger_date, 4)"
    durations: tuple[ast.Duration | str | None, ...]   # per deadline: a Duration, "same day", ...
    met_by: tuple[str, ...]
    met_kinds: tuple[str, ...]
    exceptions: tuple[str, ...]
    schedule: tuple[str, ...]
    quotes: tuple[str, ...]
    where: str                     # file:line:column
    canon: dict = field(default_factory=dict, compare=False, repr=False)  # facet -> comparable form

    def facet(self, name: str) -> tuple[str, ...]:
        """A facet as written (for people)."""
        return {"timing": (self.timing,), "trigger": (self.trigger,) if self.trigger else (),
                "applies to": self.applies_to, "deadline": self.deadlines, "met by": self.met_by,
                "exceptions": self.exceptions, "schedule": self.schedule}[name]
