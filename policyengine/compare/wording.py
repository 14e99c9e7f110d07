"""Words for the diff: obligation clauses written back as rule text, and deadline changes in plain terms."""
from __future__ import annotations

from ..language import ast
from ..language.render import UNIT_WORDS, duration_words, render_expr, render_literal
from .duty import Duty

# How the trigger reads to a policy writer (event kinds and the derived triggers the editions use).
TRIGGER_WORDS = {
    "sentence": "sentence", "offender_manager_assigned": "allocation", "release": "release",
    "failure_to_comply": "failure to comply", "recall": "recall", "transfer_in": "transfer in",
    "sentence_plan": "sentence plan", "prison_reception": "prison reception", "prison_transfer": "prison transfer",
    "recall_decision": "recall decision", "community_start": "start of a community order",
    "supervision_start": "start of supervision (sentence or release)",
    "allocation_clock": "allocation", "community_breach": "failure to comply calling for breach",
    "annual_review_clock": "sentence plan (the sentence, with none recorded)",
}

# Approximate calendar length of one unit, only to say whether a change of unit tightened a deadline.
_APPROX_DAYS = {"working_days": 7 / 5, "days": 1, "weeks": 7, "months": 30.4375, "hours": 1 / 24}


def describe_trigger(kind: str) -> str:
    return TRIGGER_WORDS.get(kind, kind.replace("_", " "))


def render_filter(flt: ast.Filter) -> str:
    if flt.op == "in":
        return f"{flt.field} in [{', '.join(render_expr(v) for v in flt.values)}]"
    return f"{flt.field} {flt.op} {render_expr(flt.values[0])}"


def render_pattern(pattern: ast.EventPattern) -> str:
    text = pattern.kind
    if pattern.filters:
        text += " where " + " and ".join(render_filter(f) for f in pattern.filters)
    if pattern.earlier:
        text += " including earlier"
    return text


def duration_text(duration: ast.Duration | str | None) -> str:
    if isinstance(duration, ast.Duration):
        return duration_words(duration)
    return {"same_day": "same day", "same_or_next_working_day": "same or next working day"}.get(duration or "", "")


def render_deadline(deadline: ast.Deadline) -> str:
    text = duration_text(deadline.duration if deadline.duration is not None else deadline.rule)
    if deadline.otherwise:
        return f"{text} otherwise"
    if deadline.condition:
        return f"{text} if {' and '.join(render_literal(l) for l in deadline.condition)}"
    return text


def _days(duration) -> float | None:
    if isinstance(duration, ast.Duration) and isinstance(duration.amount, int):
        return duration.amount * _APPROX_DAYS.get(duration.unit, 1)
    if duration in ("same_day", "same_or_next_working_day"):
        return 0.0
    return None


def _default(durations: tuple, deadlines: tuple[str, ...]):
    """The deadline that applies when no condition does: the `otherwise` one or the unconditional one."""
    for duration, text in zip(durations, deadlines):
        if " if " not in text:
            return duration
    return durations[-1] if durations else None


def compare_durations(before, after) -> str:
    """'tighter by 4 working days', 'looser', 'about the same length', or 'same'."""
    if isinstance(before, ast.Duration) and isinstance(after, ast.Duration) and before.unit == after.unit:
        if before.amount == after.amount:
            return "same"
        if isinstance(before.amount, int) and isinstance(after.amount, int):
            gap = abs(before.amount - after.amount)
            one, many = UNIT_WORDS.get(before.unit, (before.unit, before.unit))
            return f"{'tighter' if after.amount < before.amount else 'looser'} by {gap} {one if gap == 1 else many}"
    left, right = _days(before), _days(after)
    if left is None or right is None:
        return ""
    if left == right == 0:
        return "same"
    if max(left, right) and abs(left - right) / max(left, right) <= 0.05:
        return "about the same length"
    return f"{'tighter' if right < left else 'looser'}: about {round(left)} → {round(right)} calendar days"


def deadline_change(a: Duty, b: Duty) -> str:
    """The deadline that usually applies, before → after, and whether it got tighter; conditional
    deadlines that appeared or went are named."""
    if not a.deadlines or not b.deadlines:
        return ("no deadline → " + ", ".join(b.deadlines)) if b.deadlines else (", ".join(a.deadlines) + " → no deadline")
    before, after = _default(a.durations, a.deadlines), _default(b.durations, b.deadlines)
    how = compare_durations(before, after)
    text = f"{duration_text(before)} → {duration_text(after)}"
    if a.trigger_kind != b.trigger_kind:
        text = (f"{duration_text(before)} after {describe_trigger(a.trigger_kind)} → "
                f"{duration_text(after)} after {describe_trigger(b.trigger_kind)}")
    if how == "same" and a.trigger_kind != b.trigger_kind:
        how = f"same length, counted from {describe_trigger(b.trigger_kind)}"
    notes = [text + (f" ({how})" if how else "")]
    conditional_before = [d for d in a.deadlines if " if " in d]
    conditional_after = [d for d in b.deadlines if " if " in d]
    notes += [f"− {d}" for d in conditional_before if d not in conditional_after]
    notes += [f"+ {d}" for d in conditional_after if d not in conditional_before]
    return "; ".join(notes)
