"""What a `met by` (or a schedule's `counting`) asks for, condition by condition, and the events of
that kind that were looked at and did not count, each with the condition it failed.

`met by contact where mode in [telephone, face_to_face] and with = offender_manager` reads as
"a contact (mode telephone or face to face, with offender manager)", every filter named, and a
letter to the offender manager reads as "a contact c3 on Tuesday 6 March 2012 does not count:
the mode must be telephone or face to face (it is letter)".  The conditions are read back from the
compiled rules (`obligation_candidate`, `schedule_hit`), so they are exactly what the engines ran.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..compiler import ir
from ..cases.model import Event

EVENT, TRIGGER = ir.V("Event__"), ir.V("Trigger__")
SHOWN = 5   # events that did not count, named one by one; the rest are counted
_OPS = {"!=": "not", "<": "before or under", "<=": "at most", ">": "over", ">=": "at least"}


def _words(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%A} {value.day} {value:%B %Y}"
    return str(value).replace("_", " ")


@dataclass(frozen=True)
class Condition:
    """One filter of a pattern: FIELD op VALUES ('in' for a list, '=' with `trigger` for 'this one')."""
    field: str
    op: str
    values: tuple

    def words(self) -> str:
        """'mode telephone or face to face', 'for this failure', 'type not review'."""
        name = _words(self.field)
        if self.values == ("trigger",) and self.op == "=":
            return f"for this {name}"
        shown = " or ".join(_words(v) for v in self.values)
        return f"{name} {shown}" if self.op in ("=", "in") else f"{name} {_OPS.get(self.op, self.op)} {shown}"

    def holds(self, event: Event, trigger: str | None) -> bool | None:
        """Whether the event meets it (None: it cannot be told from the event alone)."""
        if self.field not in event.fields:
            return False
        value = event.fields[self.field]
        wanted = tuple(trigger if v == "trigger" else v for v in self.values)
        if self.op in ("=", "in"):
            return value in wanted
        try:
            return {"!=": value != wanted[0], "<": value < wanted[0], "<=": value <= wanted[0],
                    ">": value > wanted[0], ">=": value >= wanted[0]}[self.op]
        except (TypeError, KeyError):
            return None

    def failure(self, event: Event, trigger: str | None) -> str:
        """'the mode must be face to face (it is telephone)'."""
        name = _words(self.field)
        if self.field not in event.fields:
            return f"it records no {name}"
        actual = _words(event.fields[self.field])
        if self.values == ("trigger",):
            return f"it is for {actual}, not this {name} {trigger}"
        shown = " or ".join(_words(v) for v in self.values)
        must = shown if self.op in ("=", "in") else f"{_OPS.get(self.op, self.op)} {shown}"
        if self.field in ("with", "to", "from", "on", "for"):   # a preposition: 'it must be with ...'
            return f"it must be {name} {must} (it is {name} {actual})"
        return f"the {name} must be {must} (it is {actual})"


@dataclass(frozen=True)
class Pattern:
    """An event kind and its conditions, as one `met by` or `counting` rule compiled them."""
    kind: str
    conditions: tuple[Condition, ...]
    from_trigger: bool   # only events on or after the trigger's day count (no `including earlier`)

    def words(self, noun: str) -> str:
        return noun + (f" ({', '.join(c.words() for c in self.conditions)})" if self.conditions else "")


def pattern_of(rule: ir.Rule) -> Pattern | None:
    """The event pattern of a compiled `met by` / `counting` rule; None for a derived predicate."""
    kind, fields, conditions, from_trigger = None, {}, [], False
    for literal in rule.body:
        if isinstance(literal, ir.Lit) and literal.pred == "event" and literal.args[0] == EVENT \
                and isinstance(literal.args[1], ir.K):
            kind = literal.args[1].value
        elif isinstance(literal, ir.Lit) and literal.pred == "event_field" and literal.args[0] == EVENT \
                and isinstance(literal.args[1], ir.K):
            field, value = literal.args[1].value, literal.args[2]
            if value == TRIGGER:
                conditions.append(Condition(field, "=", ("trigger",)))
            elif isinstance(value, ir.K):
                conditions.append(Condition(field, "=", (value.value,)))
            elif isinstance(value, ir.V):
                fields[value.name] = field
        elif isinstance(literal, ir.In) and isinstance(literal.term, ir.V) and literal.term.name in fields:
            conditions.append(Condition(fields[literal.term.name], "in", literal.values))
        elif isinstance(literal, ir.Cmp) and isinstance(literal.left, ir.V) and literal.left.name in fields \
                and isinstance(literal.right, ir.K):
            conditions.append(Condition(fields[literal.left.name], literal.op, (literal.right.value,)))
        elif isinstance(literal, ir.Cmp) and literal.op == ">=" and literal.left == ir.V("EventDate__") \
                and literal.right == ir.V("TriggerDate__"):
            from_trigger = True
    return Pattern(kind, tuple(conditions), from_trigger) if kind else None


def patterns(program: ir.Program, obligation: str) -> list[Pattern]:
    """The event patterns that meet (or are counted for) an obligation, in the order written."""
    found = []
    for head in ("obligation_candidate", "schedule_hit"):
        for rule in program.rules_for(head):
            if rule.origin.obligation == obligation:
                pattern = pattern_of(rule)
                if pattern is not None and pattern not in found:
                    found.append(pattern)
    return found


def not_counted(events: list[Event], found: list[Pattern], trigger: str | None, first: dt.date,
                last: dt.date, counted: set[str]) -> list[tuple[Event, str]]:
    """Events of a kind some pattern asks for, dated from `first` to `last`, that no pattern
    counted, each with the first condition it fails (events that fail nothing are left out: what
    kept them out is not a filter of theirs)."""
    out = []
    for event in sorted(events, key=lambda e: (e.date, e.id)):
        if event.id in counted or not first <= event.date <= last:
            continue
        mine = [p for p in found if p.kind == event.kind]
        if not mine:
            continue
        reasons = []
        for pattern in mine:
            failed = next((c for c in pattern.conditions if c.holds(event, trigger) is False), None)
            if failed is None:
                break
            reasons.append(failed.failure(event, trigger))
        else:
            out.append((event, reasons[0]))
    return out


def sentence_of(events: list[tuple[Event, str]], noun) -> str:
    """' A telephone contact c3 on Tue 6 Mar 2012 does not count: the mode must be ...' (and how
    many more), or '' when every event of the kinds asked for counted."""
    if not events:
        return ""
    parts = [f"{noun(e.kind)} {e.id} on {_words(e.date)} does not count: {why}" for e, why in events[:SHOWN]]
    more = len(events) - SHOWN
    text = "; ".join(parts) + (f"; and {more} more that do not count" if more > 0 else "")
    return " " + text[0].upper() + text[1:] + "."
