"""Results: the rows an engine derives for one case, shaped into what `check` reports.

Every backend (pyDatalog, the plain evaluator, the bulk SQL) ends here, so they report the same
`ObligationResult`s: one per trigger of a once-off obligation, one per window of a schedule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..cases.places import fill_place
from ..compiler import ir
from ..runtime import calendar

if TYPE_CHECKING:
    from .plain import PlainKnowledgeBase
    from .pydatalog import KnowledgeBase


@dataclass(frozen=True)
class EventRef:
    """An event (or a sentence) as the case file gave it, with where it came from."""
    id: str
    kind: str
    date: dt.date
    source: str


@dataclass(frozen=True)
class MissingField:
    """A fact an obligation cannot be timed without, absent from the case file: the field to
    record (`sentences[0].release_date`) and what it is, in words."""
    field: str
    what: str


@dataclass
class ObligationResult:
    """One obligation owed by the case for one trigger (or one window of a schedule)."""
    obligation: str                 # "2c.6/first_meeting"
    standard: str
    title: str
    status: str
    trigger: EventRef | None
    due: dt.date | None = None
    deadline: str = ""              # the deadline rule that applied ("2 working days"); for a
                                    # schedule's window, its phase ("at least 1 a month")
    satisfied_by: EventRef | None = None
    working_days_late: int | None = None       # met late / overdue
    working_days_remaining: int | None = None  # pending
    window: dict | None = None      # recurring: {"index", "start", "end", "need", "count"} (+ "minutes" in hours)
    exception: str | None = None
    reason: str | None = None
    edition: str = ""               # the edition whose rules gave this result
    missing: tuple[MissingField, ...] = ()   # missing_data: the facts to record
    due_time: str | None = None     # a deadline in hours from a trigger whose time is recorded: "14:30" on `due`
    met_time: str | None = None     # ... and the time recorded for the event that met it, judged by the clock


@dataclass
class NotApplicable:
    """An obligation of the edition that this case does not owe, and why (explain.narrative.not_applicable)."""
    obligation: str
    standard: str
    title: str
    reason: str          # in English, from the rule files' `explain` templates
    condition: str       # the condition that failed, in rule form ("high_rosh_at(Thu 2015-12-24)")


@dataclass(frozen=True)
class ConditionalStandard:
    """A conditional standard (no clock) that the case's circumstances bring into play."""
    standard: str
    title: str
    circumstance: str               # the flag or event that brought it into play


class ReportedRows:
    """Every row `nsr check` needs, from one query of the prelude's `report` predicate (so the
    engine shares its work), split by the predicate it came from and by obligation id."""

    def __init__(self, kb: KnowledgeBase | PlainKnowledgeBase):
        self._rows: dict[tuple[str, str], list[tuple]] = {}
        for tag, *values in kb.query("report", *([None] * 7)):
            row = tuple(values[: kb.program.arities[tag]])  # drop the `none` padding
            self._rows.setdefault((tag, row[0]), []).append(row)

    def __call__(self, pred: str, obligation: str) -> list[tuple]:
        return self._rows.get((pred, obligation), [])


def trigger_ref(events: dict[str, EventRef], trigger: str, trigger_date: dt.date, info: ir.ObligationInfo) -> EventRef:
    """The trigger as reported: the event itself, or for a derived trigger dated differently
    (release - 8 weeks, say) the derived trigger's name and date, sourced to the event."""
    ref = events.get(trigger)
    if ref is None:
        return EventRef(trigger, info.trigger.split(" ")[0], trigger_date, "")
    if ref.date != trigger_date:
        return EventRef(ref.id, info.trigger.split(" ")[0], trigger_date, ref.source)
    return ref


def missing_fields(rows: ReportedRows, info: ir.ObligationInfo, events: dict[str, EventRef]
                   ) -> dict[str, tuple[MissingField, ...]]:
    """trigger -> the facts its obligation needs and the case file lacks, each at its place (the
    trigger's sentence and event filled in), in the order the rule file lists them."""
    if not info.needs:
        return {}
    sentence_of = {t: s for _, t, _, s in rows("schedule_applies" if info.kind == "recurring"
                                               else "obligation_applies", info.id)}
    needs = {n.index: n for n in info.needs}
    found: dict[str, list[int]] = {}
    for _, trigger, index in rows("obligation_need_missing", info.id):
        found.setdefault(trigger, []).append(index)
    out = {}
    for trigger, indexes in found.items():
        sentence, event = events.get(sentence_of.get(trigger)), events.get(trigger)
        out[trigger] = tuple(MissingField(fill_place(needs[i].place, sentence.source if sentence else None,
                                                     event.source if event else None), needs[i].what)
                             for i in sorted(set(indexes)))
    return out


def once_results(rows: ReportedRows, info: ir.ObligationInfo, events: dict[str, EventRef], as_of: dt.date) -> list[ObligationResult]:
    out = []
    applies = rows("obligation_applies", info.id)
    missing = missing_fields(rows, info, events)
    excepted = {(t, p) for _, t, p in rows("obligation_excepted", info.id)}
    due_rows = {t: (i, d) for _, t, i, d in rows("obligation_due", info.id)}
    candidates: dict[str, list[tuple[dt.date, str]]] = {}
    for _, t, e, d in rows("obligation_candidate", info.id):
        candidates.setdefault(t, []).append((d, e))
    status_of = {t: status for _, t, status in rows("obligation_status", info.id)}
    deadlines = {d.index: d.text for d in info.deadlines}
    clock = {t: minute for _, t, _, minute in rows("obligation_due_clock", info.id)}
    times = {(t, e): minute for _, t, e, minute in rows("clock_candidate", info.id)}
    for _, trigger, trigger_date, _ in sorted(applies, key=lambda row: (row[2], row[1])):
        ref = trigger_ref(events, trigger, trigger_date, info)
        exceptions = sorted(p for t, p in excepted if t == trigger)
        index, due = due_rows.get(trigger, (None, None))
        result = ObligationResult(info.id, info.standard, info.title, status_of.get(trigger, "not_applicable"),
                                  ref, due, deadlines.get(index, ""))
        if exceptions:
            result.status = "not_applicable"
            result.exception = ", ".join(exceptions)
            result.reason = f"exception per {result.exception} applies"
        elif result.status == "missing_data":
            result.missing = missing.get(trigger, ())
            result.reason = "cannot be timed: the case file does not record " + _listed(m.what for m in result.missing)
        elif index is None and info.kind == "once":
            result.reason = "none of its deadlines' conditions hold"
        if trigger in clock:
            result.due_time = clock_time(clock[trigger])
        found = sorted(candidates.get(trigger, []), key=lambda c: (c[0], times.get((trigger, c[1]), -1), c[1]))
        if due is not None and found and not exceptions:
            on_time = [c for c in found if c[0] < due or c[0] == due and times.get((trigger, c[1]), -1)
                       <= clock.get(trigger, 24 * 60)]
            date, event = on_time[0] if on_time else found[0]
            result.satisfied_by = events.get(event, EventRef(event, "", date, ""))
            if (trigger, event) in times:
                result.met_time = clock_time(times[(trigger, event)])
        if result.status == "met_late":
            result.working_days_late = calendar.working_days_between(due, result.satisfied_by.date)
        elif result.status == "overdue":
            result.working_days_late = calendar.working_days_between(due, as_of)
        elif result.status == "pending":
            result.working_days_remaining = calendar.working_days_between(as_of, due)
        out.append(result)
    return out


def clock_time(minutes: int) -> str:
    """Minutes after midnight as the case file writes a time: 870 -> "14:30"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def phase_of_window(info: ir.ObligationInfo, k: int) -> str:
    """The words of the phase window k belongs to ("at least 1 a month"), from the schedule's phases."""
    first = 0
    for phase in info.deadlines:
        if phase.windows is None or k < first + phase.windows:
            return phase.text
        first += phase.windows
    return ""


def recurring_results(rows: ReportedRows, info: ir.ObligationInfo, events: dict[str, EventRef], as_of: dt.date,
               minutes: dict[str, int]) -> list[ObligationResult]:
    out = []
    windows = rows("schedule_window_applies", info.id)
    status_of = {(t, k): status for _, t, k, status in rows("window_status", info.id)}
    hits: dict[tuple[str, int], list[str]] = {}
    for _, t, k, e in rows("schedule_hit", info.id):
        hits.setdefault((t, k), []).append(e)
    triggers = {t: d for _, t, d, _ in rows("schedule_applies", info.id)}
    status_of_trigger = {t: status for _, t, status in rows("obligation_status", info.id)}
    for trigger, fields in sorted(missing_fields(rows, info, events).items()):
        if status_of_trigger.get(trigger) != "missing_data":
            continue
        ref = trigger_ref(events, trigger, triggers[trigger], info)
        out.append(ObligationResult(info.id, info.standard, info.title, "missing_data", ref, missing=fields,
                                    reason="cannot be timed: the case file does not record "
                                           + _listed(m.what for m in fields)))
    for _, trigger, k, start, end, need in sorted(windows, key=lambda w: (w[1], w[3])):
        ref = trigger_ref(events, trigger, triggers.get(trigger, start), info)
        counted = sorted(hits.get((trigger, k), []), key=lambda e: (events[e].date if e in events else dt.date.min, e))
        last_day = dt.date.max if end == dt.date.max else end - dt.timedelta(days=1)  # max: no end recorded
        status = status_of.get((trigger, k), "pending")
        result = ObligationResult(info.id, info.standard, info.title, status, ref, last_day, phase_of_window(info, k),
                                  window={"index": k, "start": start, "end": last_day, "need": need,
                                          "count": len(counted), "events": counted})
        if info.measure == "hours":  # need is in hours; what the counted events add up to, in minutes
            result.window["minutes"] = sum(minutes.get(e, 0) for e in counted)
        if counted:
            result.satisfied_by = events.get(counted[0])
        if status == "pending" and last_day != dt.date.max:
            result.working_days_remaining = calendar.working_days_between(as_of, last_day)
        out.append(result)
    return out


def _listed(items) -> str:
    """a, b and c"""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
