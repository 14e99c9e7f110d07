"""Evaluate one case under one edition: every obligation, its due date and its status.

The statuses themselves are derived in Datalog (prelude rules); this module only asks for
them and shapes the answers for people (working days late, the satisfying event, reasons).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .backends.plain import PlainKnowledgeBase
from .backends.pydatalog import KnowledgeBase
from .runtime.builtins import Pauses
from .cases.facts import Fact, case_facts
from .cases.model import Case
from .backends.results import (ConditionalStandard, EventRef, ObligationResult, ReportedRows,
                               once_results, recurring_results)
from .compiler import ir


@dataclass
class Evaluation:
    """One case judged under one edition on one date; keeps the knowledge base for `why`."""
    case: Case
    program: ir.Program
    as_of: dt.date
    results: list[ObligationResult]
    missing: list[ir.ObligationInfo]          # obligations with no applying trigger
    kb: KnowledgeBase | PlainKnowledgeBase = field(repr=False)
    facts: list[Fact] = field(repr=False)
    warnings: list[str] = field(default_factory=list)
    parts: dict[str, "Evaluation"] = field(default_factory=dict, repr=False)  # --edition auto: each edition's own
    conditional: list[ConditionalStandard] = field(default_factory=list)

    def find(self, obligation: str) -> list[ObligationResult]:
        """Results for an obligation id, its name, or its standard id."""
        return [r for r in self.results if obligation in (r.obligation, r.standard, r.obligation.split("/")[-1])]


def known_on(facts: list[Fact], as_of: dt.date) -> list[Fact]:
    """The case as it stood on `as_of`: later events, assessments, periods and judgements are not yet known."""
    future = {f.args[0] for f in facts if f.predicate == "event" and f.args[2] > as_of}
    def known(f: Fact) -> bool:
        if f.predicate in ("event", "event_field", "event_sentence", "event_time"):   # known with the event
            return f.args[0] not in future
        if f.predicate.endswith("_during"):
            return f.args[1] <= as_of
        if f.predicate == "period":
            return f.args[2] <= as_of
        if f.predicate == "judgement":
            return f.args[2] <= as_of
        if f.predicate == "judgement_on":
            return f.args[3] <= as_of
        if f.predicate in ("order", "intervention"):
            return f.args[2] <= as_of
        if f.predicate == "tier_departure_reason":
            return f.args[1] <= as_of
        return True
    return [f for f in facts if known(f)]


def engine_facts(case_fact_list: list[Fact], as_of: dt.date) -> list[tuple[str, tuple]]:
    """Case facts plus the facts every evaluation needs: today, pauses, window indexes."""
    rows = [(f.predicate, f.args) for f in case_fact_list]
    periods = tuple((f.args[1], f.args[2], f.args[3]) for f in case_fact_list if f.predicate == "period")
    dates = [a for f in case_fact_list for a in f.args if isinstance(a, dt.date) and a != dt.date.max]
    earliest = min(dates, default=as_of)
    windows = max(0, (as_of - earliest).days) // 7 + 2   # the shortest window is one week
    rows += [("as_of", (as_of,)), ("pauses", (Pauses(periods),))]
    rows += [("window_index", (k,)) for k in range(windows)]
    return rows


ENGINES = ("plain", "pydatalog")


def knowledge_base(program: ir.Program, rows: list, engine: str):
    """The engine that answers queries over `rows`: the plain evaluator (which falls back to
    pyDatalog to re-run a rule) or the pyDatalog reference throughout."""
    if engine == "pydatalog":
        return KnowledgeBase(program, rows)
    if engine == "plain":
        return PlainKnowledgeBase(program, rows, lambda: KnowledgeBase(program, rows))
    raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")


def evaluate(program: ir.Program, case: Case, as_of: dt.date,
             adjust: Callable[[list[Fact]], list[Fact]] | None = None, engine: str = "plain") -> Evaluation:
    """`adjust` rewrites the case's facts first: what-if questions add or take away events.

    `engine`: "plain" derives the answers with the plain-Python evaluator (tens of
    milliseconds a case) and builds the pyDatalog knowledge base only if an explanation asks
    it to re-run a rule; "pydatalog" uses the reference engine throughout.  Tests hold the two
    to the same answers."""
    facts = case_facts(case)
    facts = known_on(adjust(facts) if adjust else facts, as_of)
    rows_in = engine_facts(facts, as_of)
    kb = knowledge_base(program, rows_in, engine)
    events = {f.args[0]: EventRef(f.args[0], f.args[1], f.args[2], f.source) for f in facts if f.predicate == "event"}
    minutes = {f.args[0]: f.args[2] for f in facts if f.predicate == "event_field" and f.args[1] == "duration_minutes"}
    results: list[ObligationResult] = []
    missing: list[ir.ObligationInfo] = []
    rows = ReportedRows(kb)
    for info in program.obligations.values():
        found = (recurring_results(rows, info, events, as_of, minutes) if info.kind == "recurring"
                 else once_results(rows, info, events, as_of))
        results.extend(found)
        if not found:
            missing.append(info)
    for result in results:
        result.edition = program.edition.name
    results.sort(key=lambda r: (r.trigger.date if r.trigger else dt.date.min, r.due or dt.date.max, r.obligation))
    return Evaluation(case, program, as_of, results, missing, kb, facts, _edition_warnings(program, results),
                      conditional=_conditional(kb, program))


def _conditional(kb: KnowledgeBase, program: ir.Program) -> list[ConditionalStandard]:
    """Conditional standards in play: an edition that has any says when with conditional_applies/2."""
    if "conditional_applies" not in program.arities:
        return []
    rows = sorted(set(kb.query("conditional_applies", None, None)), key=lambda row: (row[0], str(row[1])))
    return [ConditionalStandard(standard, program.standards[standard].title if standard in program.standards else "",
                                str(circumstance)) for standard, circumstance in rows]


def edition_in_force(programs: list[ir.Program], day: dt.date) -> ir.Program:
    """The edition in force on a day: the latest to come into force on or before it (the earliest
    edition for days before any came into force)."""
    ordered = sorted(programs, key=lambda p: p.edition.in_force_from or dt.date.min)
    chosen = ordered[0]
    for program in ordered:
        if program.edition.in_force_from and program.edition.in_force_from <= day:
            chosen = program
    return chosen


def evaluate_auto(programs: list[ir.Program], case: Case, as_of: dt.date, engine: str = "plain") -> Evaluation:
    """Judge each obligation under the edition in force on its trigger date.

    The edition that governs an obligation is the one in force when it arose: a sentence passed
    in 2010 owes what the 2007 edition asked, even when checked in 2016.  What does not apply
    is reported for the edition in force on the as-of date."""
    parts = {p.edition.name: evaluate(p, case, as_of, engine=engine) for p in programs}
    results = [r for name, part in parts.items() for r in part.results
               if r.trigger and edition_in_force(programs, r.trigger.date).edition.name == name]
    results.sort(key=lambda r: (r.trigger.date if r.trigger else dt.date.min, r.due or dt.date.max, r.obligation))
    current = parts[edition_in_force(programs, as_of).edition.name]
    return Evaluation(case, current.program, as_of, results, current.missing, current.kb, current.facts,
                      [], parts, current.conditional)


def _edition_warnings(program: ir.Program, results: list[ObligationResult]) -> list[str]:
    """Say so when the edition was not in force on a trigger's date: the answer may be moot."""
    edition = program.edition
    outside = sorted({(r.trigger.date, r.trigger.kind, r.trigger.id) for r in results if r.trigger and (
        (edition.in_force_from and r.trigger.date < edition.in_force_from)
        or (edition.in_force_to and r.trigger.date > edition.in_force_to))})
    if not outside:
        return []
    span = f"{edition.in_force_from or '...'} to {edition.in_force_to or '...'}"
    first, last = outside[0], outside[-1]
    which = f"{first[1]} {first[2]} on {first[0].isoformat()}" + (
        f" ... {last[1]} {last[2]} on {last[0].isoformat()}" if len(outside) > 1 else "")
    return [f"{len(outside)} trigger(s) fall outside the period the {edition.name} edition was in force "
            f"({span}): {which}"]
