"""What the tiering grid and the MAPPA criteria indicate on a day, beside what the case records.

The rules are in policies/library/ (tiering.nsr, mappa.nsr); this module only asks the
knowledge base for their answers, shapes them for `nsr check` (table header lines and JSON) and
builds `nsr why CASE tier` / `nsr why CASE mappa` trees with the explain machinery: every grid
row or criterion is shown, the ones that fired with their derivation and the others with the
first condition that failed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..compiler import ir

if TYPE_CHECKING:
    import networkx as nx
    from ..evaluate import Evaluation
    from ..backends.results import ObligationResult

# The prelude's two readings of a standard's tier (policies/prelude.nsr), by the predicate that
# asks for it: the case's tier (recorded, else the grid's indicative tier) and the assigned tier
# (recorded only, for texts that say a tier was assigned).  The value is what a result reports
# it `reads`.
_TIER_READINGS = {"tier_at": "allocated_or_indicative", "recorded_tier_at": "allocated"}

# The library each subject's summary and `nsr why CASE SUBJECT` need, and a predicate it defines:
# a policy that does not import it shows no such summary (it would report "no grid row applies"
# for a grid it never loaded).
SUBJECT_LIBRARY = {"tier": ("tiering", "indicative_tier_at"), "mappa": ("mappa", "mappa_criterion_on")}


def loads(program: ir.Program, subject: str) -> bool:
    """Whether the policy imports the library behind `subject` ('tier' or 'mappa')."""
    return SUBJECT_LIBRARY[subject][1] in program.arities


def subject_unloaded(program: ir.Program, subject: str) -> str | None:
    """The one-line answer to `nsr why CASE tier` (or mappa) under a policy that does not import
    the library, or None when it does."""
    if loads(program, subject):
        return None
    library = SUBJECT_LIBRARY[subject][0]
    return (f"the {program.edition.name} policy does not import the {library} library, so it has no {subject} "
            f'to explain (add `import "{library}"` after its edition header)')


@dataclass
class TierSummary:
    """The tier on one day: allocated (recorded), indicative (grid) and any departure."""
    on: dt.date
    allocated: int | None
    allocated_since: dt.date | None
    indicative: int | None
    ticked: list[tuple[str, int]]            # (row, tier) for every row whose question is "yes"
    departure_reason: str | None = None

    @property
    def departs(self) -> bool:
        return self.allocated is not None and self.indicative is not None and self.allocated != self.indicative

    @property
    def source(self) -> str | None:
        """Which tier the standards use on this day."""
        return "allocated" if self.allocated is not None else "indicative" if self.indicative is not None else None

    def json(self) -> dict:
        return {"date": self.on.isoformat(), "allocated": self.allocated,
                "allocated_since": self.allocated_since.isoformat() if self.allocated_since else None,
                "indicative": self.indicative, "used": self.source,
                "rows_ticked": [{"row": row, "tier": tier} for row, tier in self.ticked],
                "departs": self.departs, "departure_reason_recorded": self.departure_reason is not None,
                "departure_reason": self.departure_reason}

    def line(self) -> str:
        if self.allocated is None and self.indicative is None:
            return f"Tier on {self.on:%d %b %Y}: none recorded, and no row of the tiering grid applies"
        allocated = (f"allocated {self.allocated} (recorded {self.allocated_since:%d %b %Y})"
                     if self.allocated is not None else "no tier allocated")
        ticks = ", ".join(f"{row} T{tier}" for row, tier in self.ticked)
        indicative = (f"indicative {self.indicative} ({ticks})" if self.indicative is not None
                      else "no indicative tier (no grid row applies)")
        text = f"Tier on {self.on:%d %b %Y}: {allocated}; {indicative}"
        if self.departs:
            text += ("; departure reason recorded: " + repr(self.departure_reason) if self.departure_reason
                     else "; NO reason recorded for the departure from the indicative tier")
        elif self.allocated is None:
            text += "; the indicative tier is used where a standard does not need an assigned tier"
        return text


@dataclass
class MappaSummary:
    """MAPPA on one day: category and level as recorded and as the criteria indicate."""
    on: dt.date
    category_recorded: int | None
    category_indicated: int | None
    category_criteria: list[tuple[int, str]] = field(default_factory=list)
    level_recorded: int | None = None
    level_indicated: int | None = None
    level_criteria: list[tuple[int, str]] = field(default_factory=list)

    @property
    def under_mappa(self) -> bool:
        return self.category_recorded is not None or self.category_indicated is not None

    @property
    def level_below_indicated(self) -> bool:
        return (self.level_recorded is not None and self.level_indicated is not None
                and self.level_recorded < self.level_indicated)

    def json(self) -> dict:
        return {"date": self.on.isoformat(), "under_mappa": self.under_mappa,
                "category_recorded": self.category_recorded, "category_indicated": self.category_indicated,
                "category_criteria": [{"category": c, "criterion": n} for c, n in self.category_criteria],
                "level_recorded": self.level_recorded, "level_indicated_minimum": self.level_indicated,
                "level_criteria": [{"level": lv, "criterion": n} for lv, n in self.level_criteria],
                "level_below_indicated": self.level_below_indicated}

    def line(self) -> str:
        def category(value: int | None) -> str:
            return "none" if value is None else str(value)
        criteria = ", ".join(name for _, name in self.category_criteria)
        text = (f"MAPPA on {self.on:%d %b %Y}: category recorded {category(self.category_recorded)}, "
                f"indicated {category(self.category_indicated)}" + (f" ({criteria})" if criteria else ""))
        levels = ", ".join(name for lv, name in self.level_criteria if lv == 2
                           and name in ("high_or_very_high_rosh", "previously_level_3"))
        text += (f"; level recorded {category(self.level_recorded)}, indicative minimum "
                 f"{category(self.level_indicated)}" + (f" ({levels})" if levels else ""))
        if self.level_below_indicated:
            text += "; the recorded level is BELOW the indicative minimum"
        return text


def _first(rows: list[tuple]) -> tuple | None:
    return min(rows) if rows else None


def tier_summary(kb, day: dt.date) -> TierSummary:
    return _summaries(kb, [day], None)[0][0]


def mappa_summary(kb, day: dt.date) -> MappaSummary:
    return _summaries(kb, [], day)[1]


def _summaries(kb, tier_days: list[dt.date], mappa_day: dt.date | None
               ) -> tuple[list[TierSummary], MappaSummary | None]:
    """The tier summary on each of `tier_days` and the MAPPA summary on `mappa_day` (None: none),
    asked of the engine in one go: the plain evaluator then derives the predicates that answer
    for given days once, for all the days together, rather than once a summary."""
    asks: list[tuple[str, tuple]] = []
    for day in tier_days:
        asks += [("indicative_tier_at", (day, None)), ("tier_ticked", (day, None, None)),
                 ("tier_departure_reason_at", (day, None))]
    if mappa_day is not None:
        asks += [("mappa_category_at", (mappa_day, None)), ("mappa_category_indicated_at", (mappa_day, None)),
                 ("mappa_criterion_on", (mappa_day, None, None)), ("mappa_level_at", (mappa_day, None)),
                 ("mappa_level_indicated_at", (mappa_day, None)), ("mappa_level_criterion_on", (mappa_day, None, None))]
    answers = kb.query_each(asks) if asks else []
    tiers = []
    allocated = kb.query("tier_during", None, None, None) if tier_days else []
    for index, day in enumerate(tier_days):
        indicative, ticked_rows, reason = answers[3 * index: 3 * index + 3]
        current = [(value, start) for value, start, until in allocated if start <= day < until]
        indicative, reason = _first(indicative), _first(reason)
        ticked = sorted({(row, tier) for _, row, tier in ticked_rows}, key=lambda rt: (-rt[1], rt[0]))
        tiers.append(TierSummary(day, current[0][0] if current else None, current[0][1] if current else None,
                                 indicative[1] if indicative else None, ticked, reason[1] if reason else None))
    if mappa_day is None:
        return tiers, None
    recorded, indicated, criteria_rows, level, minimum, level_rows = answers[3 * len(tier_days):]
    recorded, indicated, level, minimum = map(_first, (recorded, indicated, level, minimum))
    criteria = sorted({(c, n) for _, c, n in criteria_rows})
    level_criteria = sorted({(lv, n) for _, lv, n in level_rows})
    return tiers, MappaSummary(mappa_day, recorded[1] if recorded else None, indicated[1] if indicated else None,
                               criteria, level[1] if level else None, minimum[1] if minimum else None, level_criteria)


# ------------------------------------------------------------------ which tier each result used
_DEPENDENT: dict[int, tuple[ir.Program, dict[str, str]]] = {}


def _tier_dependent(program: ir.Program) -> dict[str, str]:
    """Obligations whose trigger conditions, deadlines or exceptions read the tier (directly or
    through helper rules such as tier4_or_ppo_at), each with the tier predicate it reads:
    `tier_at`, or `recorded_tier_at` when that is all it reads.  Worked out once per program."""
    cached = _DEPENDENT.get(id(program))
    if cached is None or cached[0] is not program:
        cached = _DEPENDENT[id(program)] = (program, _tier_readers(program))
    return cached[1]


def _tier_readers(program: ir.Program) -> dict[str, str]:
    uses: dict[str, set[str]] = {}
    for rule in program.rules:
        uses.setdefault(rule.head.pred, set()).update(
            lit.pred for lit in rule.body if isinstance(lit, ir.Lit))
    reads: dict[str, set[str]] = {}
    for base in _TIER_READINGS:
        readers = _readers_of(uses, base)
        for rule in program.rules:
            if rule.origin.obligation and any(isinstance(lit, ir.Lit) and lit.pred in readers for lit in rule.body):
                reads.setdefault(rule.origin.obligation, set()).add(base)
    return {obligation: "tier_at" if "tier_at" in bases else "recorded_tier_at" for obligation, bases in reads.items()}


def _readers_of(uses: dict[str, set[str]], base: str) -> set[str]:
    """`base` and every helper predicate that reads it, short of the engine's own predicates."""
    readers = {base}
    changed = True
    while changed:
        changed = False
        for head, body in uses.items():
            if head not in readers and body & readers and not head.startswith(("obligation_", "schedule_",
                                                                               "deadline_", "report")):
                readers.add(head)
                changed = True
    return readers


def tier_used(evaluation: Evaluation, result: ObligationResult) -> dict | None:
    """For a tier-dependent result: the tier on its trigger date (a schedule window: the window's
    first day), whether it was the allocated or the indicative tier, and which the standard
    `reads` ("allocated": only a recorded tier counts, so with none recorded the tier is null and
    the standard's other branch applied; "allocated_or_indicative": the case's tier)."""
    part = evaluation.parts.get(result.edition, evaluation) if evaluation.parts else evaluation
    predicate = _tier_dependent(part.program).get(result.obligation)
    if predicate is None or result.trigger is None:
        return None
    day = _tier_day(result)
    tier, source = _tiers_on_result_days(part).get((predicate, day), (None, None))
    return {"date": day.isoformat(), "tier": tier, "source": source, "reads": _TIER_READINGS[predicate]}


def _tier_day(result: ObligationResult) -> dt.date:
    return result.window["start"] if result.window else result.trigger.date


def _tiers_on_result_days(part: Evaluation) -> dict[tuple[str, dt.date], tuple[int | None, str | None]]:
    """(tier predicate, day) -> (tier, source) for the day of every tier-dependent result of an
    evaluation, asked in one query per predicate and day and kept with the evaluation (a case has
    one a window)."""
    cached = part.__dict__.get("_tiers_on_result_days")
    if cached is None:
        dependent = _tier_dependent(part.program)
        wanted = sorted({(dependent[r.obligation], _tier_day(r)) for r in part.results
                         if r.obligation in dependent and r.trigger})
        asks = [(pred, (day, None)) for predicate, day in wanted
                for pred in ((predicate, "tier_source_at") if predicate == "tier_at" else (predicate,))]
        tiers: dict[tuple[str, dt.date], list] = {}
        for (pred, _), rows in zip(asks, part.kb.query_each(asks) if asks else ()):
            for day, value in rows:
                if pred == "tier_source_at":
                    tiers.setdefault(("tier_at", day), [[], []])[1].append(value)
                else:
                    entry = tiers.setdefault((pred, day), [[], []])
                    entry[0].append(value)
                    if pred == "recorded_tier_at":
                        entry[1].append("allocated")
        cached = part.__dict__["_tiers_on_result_days"] = {
            key: (min(t) if t else None, min(s) if s else None) for key, (t, s) in tiers.items()}
    return cached


# HMI C.2.1.1: the tier is allocated "at the start of sentence or release on licence or transfer
# into the area"; these are the days the allocated tier is compared with the grid's.
_STARTS = ("sentence", "release", "transfer_in")


def _starts(evaluation: Evaluation) -> list[tuple[dt.date, str, str]]:
    """(date, event id, kind) of each sentence, release and transfer in, in date order."""
    return sorted((date, event, kind) for kind in _STARTS
                  for event, _, date in evaluation.kb.query("event", None, kind, None))


def _case_summaries(evaluation: Evaluation) -> tuple[TierSummary | None, list[tuple[str, str, TierSummary]],
                                                     MappaSummary | None]:
    """The tier on the as-of date and at each start, and MAPPA on the as-of date, each only where
    the policy imports its library: what `nsr check` shows under its summary, asked in one go."""
    tier, mappa = loads(evaluation.program, "tier"), loads(evaluation.program, "mappa")
    starts = _starts(evaluation) if tier else []
    days = [evaluation.as_of, *(date for date, _, _ in starts)] if tier else []
    tiers, mappa_found = _summaries(evaluation.kb, days, evaluation.as_of if mappa else None)
    at_starts = [(event, kind, summary) for (_, event, kind), summary in zip(starts, tiers[1:])]
    return (tiers[0] if tier else None), at_starts, mappa_found


def summary_lines(evaluation: Evaluation) -> list[str]:
    """The lines `nsr check` prints under its summary: the tier and, for a MAPPA case, MAPPA (each
    only where the policy imports its library)."""
    lines = []
    tier, at_starts, mappa = _case_summaries(evaluation)
    if tier is not None:
        lines.append(tier.line())
        for event, kind, summary in at_starts:
            if summary.departs:
                reason = (f"reason recorded: {summary.departure_reason!r}" if summary.departure_reason
                          else "NO reason recorded")
                lines.append(f"  at {kind} {event} ({summary.on:%d %b %Y}): allocated {summary.allocated}, "
                             f"indicative {summary.indicative}; {reason}")
    if mappa is not None and mappa.under_mappa:
        lines.append(mappa.line())
    used = [(r.obligation, tier_used(evaluation, r)) for r in evaluation.results]
    indicative = sorted({obligation for obligation, tier in used if tier and tier["source"] == "indicative"})
    if indicative:
        lines.append("Judged on the indicative tier (no tier recorded on the day): " + ", ".join(indicative))
    unassigned = sorted({obligation for obligation, tier in used
                         if tier and tier["reads"] == "allocated" and tier["tier"] is None})
    if unassigned:
        lines.append("No tier recorded on the day (these count only an assigned tier, never the indicative "
                     "one): " + ", ".join(unassigned))
    return lines


def summary_json(evaluation: Evaluation) -> dict:
    """"tier" and "mappa" on the as-of date, each only where the policy imports its library."""
    found: dict = {}
    tier, at_starts, mappa = _case_summaries(evaluation)
    if tier is not None:
        found["tier"] = tier.json()
        found["tier"]["at_starts"] = [{"event": event, "kind": kind, **summary.json()}
                                      for event, kind, summary in at_starts]
    if mappa is not None:
        found["mappa"] = mappa.json()
    return found


# ------------------------------------------------------------------ nsr why CASE tier / mappa
SUBJECTS = ("tier", "mappa")


def explain_subject(evaluation: Evaluation, subject: str, day: dt.date | None = None) -> tuple[nx.DiGraph, list[int]]:
    """Why-trees for the tier or MAPPA on a day (default the as-of date): every grid row or
    criterion, those that fired with their derivation and the others with what failed."""
    from .derivation import explainer_for
    day = day or evaluation.as_of
    explainer = explainer_for(evaluation)
    kb = evaluation.kb
    if subject == "tier":
        summary = tier_summary(kb, day)
        root = explainer._node("subject", summary.line(), None)
        fired = explainer._node("group", "grid rows ticked (the highest tier ticked is the indicative tier)", root)
        idle = explainer._node("group", "grid rows not ticked", root)
        ticked = {row for row, _ in summary.ticked}
        for row, tier, question in sorted(kb.query("tier_grid", None, None, None), key=lambda r: (r[1], r[0])):
            if row in ticked:
                explainer.why("tier_ticked", (day, row, tier), fired)
            else:
                node = explainer._node("row", f"{row} (T{tier}): {question}", idle)
                explainer.why_not("tier_row_applies", (day, row), node)
        if summary.allocated is not None:
            explainer.why("allocated_tier_at", (day, summary.allocated), root)
        return explainer.graph, [root]
    summary = mappa_summary(kb, day)
    root = explainer._node("subject", summary.line(), None)
    for title, pred, criteria in (
            ("category criteria (B.4.1.16)", "mappa_criterion_on", _criteria(evaluation.program, "mappa_criterion_on")),
            ("level criteria (B.4.1.18)", "mappa_level_criterion_on",
             _criteria(evaluation.program, "mappa_level_criterion_on"))):
        group = explainer._node("group", title, root)
        for number, name in criteria:
            if kb.query(pred, day, number, name):
                explainer.why(pred, (day, number, name), group)
            else:
                explainer.why_not(pred, (day, number, name), group)
    return explainer.graph, [root]


def _criteria(program: ir.Program, pred: str) -> list[tuple[int, str]]:
    """(number, criterion) of every rule for a criterion predicate, in rule order."""
    found: list[tuple[int, str]] = []
    for rule in program.rules:
        if rule.head.pred == pred and all(isinstance(a, ir.K) for a in rule.head.args[1:]):
            key = (rule.head.args[1].value, rule.head.args[2].value)
            if key not in found:
                found.append(key)
    return found
