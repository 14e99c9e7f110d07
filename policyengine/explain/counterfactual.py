"""What would have met it, and what the outcome turns on: answers checked by re-evaluation.

A counterfactual here is never reasoned about in the abstract: the engine is asked again with
the case changed (one changeable action added on a date, or one changeable event taken away),
and only what that re-evaluation shows is reported.  Only actions the rule files declare
`changeable` are ever proposed, so an answer never invents a fact a practitioner could not
have produced.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..cases.facts import Fact
from ..compiler import ir
from ..evaluate import Evaluation, evaluate
from ..backends.results import ObligationResult

WHAT_IF_ID = "what_if"


@dataclass(frozen=True)
class WhatWouldMeet:
    """Recording `action` on or before `latest` meets the obligation; on `next_day` it would not."""
    obligation: str
    trigger: str
    action: ir.Action
    latest: dt.date
    next_day: dt.date
    next_day_status: str


@dataclass(frozen=True)
class TurningPoint:
    """Without the event `event` (kind, date) the result would have been `instead`."""
    obligation: str
    trigger: str
    event: str
    kind: str
    date: dt.date
    instead: str                     # a status, or "not_applicable"


def meeting_kinds(program: ir.Program, obligation: str) -> set[str]:
    """Event kinds that can meet an obligation: named in its `met by`, or behind a derived predicate."""
    kinds: set[str] = set()
    derived: list[str] = []
    for rule in program.rules_for("obligation_candidate"):
        if rule.origin.obligation != obligation:
            continue
        for literal in rule.body:
            if isinstance(literal, ir.Lit) and literal.pred == "event" and isinstance(literal.args[1], ir.K):
                kinds.add(literal.args[1].value)
            elif isinstance(literal, ir.Lit) and literal.pred not in ("obligation_applies", "as_of"):
                derived.append(literal.pred)
    seen: set[str] = set()
    while derived:
        pred = derived.pop()
        if pred in seen:
            continue
        seen.add(pred)
        for rule in program.rules_for(pred):
            for literal in rule.body:
                if not isinstance(literal, ir.Lit) or literal.negated:
                    continue
                if literal.pred == "event" and isinstance(literal.args[1], ir.K):
                    kinds.add(literal.args[1].value)
                elif literal.pred == "event" and isinstance(literal.args[1], ir.V):
                    kinds.update(v for other in rule.body if isinstance(other, ir.In) and other.term == literal.args[1]
                                 for v in other.values)
                elif literal.pred in program.arities:
                    derived.append(literal.pred)
    return kinds


def _sentence_of(evaluation: Evaluation, event: str) -> str | None:
    for fact in evaluation.facts:
        if fact.predicate == "event_sentence" and fact.args[0] == event:
            return fact.args[1]
    return None


def _with_action(action: ir.Action, day: dt.date, trigger: str, sentence: str | None):
    """A fact rewriter that adds the action as an event on `day`, filled from its filters."""
    added = [Fact("event", (WHAT_IF_ID, action.kind, day), "what if")]
    for name, value in action.fields:
        added.append(Fact("event_field", (WHAT_IF_ID, name, trigger if value == "trigger" else value), "what if"))
    if sentence is not None:
        added.append(Fact("event_sentence", (WHAT_IF_ID, sentence), "what if"))
    return lambda facts: [*facts, *added]


def _same(results: list[ObligationResult], obligation: str, trigger: str) -> ObligationResult | None:
    return next((r for r in results if r.obligation == obligation and r.trigger and r.trigger.id == trigger), None)


def what_would_meet(evaluation: Evaluation, result: ObligationResult) -> WhatWouldMeet | None:
    """For an overdue, pending or late one-off obligation: the changeable action, and the last day
    on which recording it still meets the standard (checked: it does on that day, not the next)."""
    if result.window or result.due is None or result.trigger is None or \
            result.status not in ("overdue", "pending", "met_late"):
        return None
    program = evaluation.program
    kinds = meeting_kinds(program, result.obligation)
    sentence = _sentence_of(evaluation, result.trigger.id)
    for action in program.actions:
        if action.kind not in kinds:
            continue
        outcome = {}
        for day in (result.due, result.due + dt.timedelta(days=1)):
            again = evaluate(program, evaluation.case, max(evaluation.as_of, day),
                             _with_action(action, day, result.trigger.id, sentence))
            found = _same(again.results, result.obligation, result.trigger.id)
            outcome[day] = found.status if found else "not_applicable"
        if outcome[result.due] == "met_on_time" and outcome[result.due + dt.timedelta(days=1)] != "met_on_time":
            next_day = result.due + dt.timedelta(days=1)
            return WhatWouldMeet(result.obligation, result.trigger.id, action, result.due, next_day, outcome[next_day])
    return None


def turning_points(evaluation: Evaluation, result: ObligationResult, limit: int = 6) -> list[TurningPoint]:
    """The changeable events behind a result (in its derivation) without which it would differ;
    at most `limit` events are tried, nearest the trigger first (each costs one re-evaluation)."""
    if result.trigger is None:
        return []
    from .derivation import explain
    graph, _ = explain(evaluation, result.obligation, result.trigger.id)
    sources = {part for _, data in graph.nodes(data=True) if data.get("kind") == "case_fact"
               for part in str(data.get("source") or "").split(", ") if part}
    labels = " ".join(str(data.get("label", "")) for _, data in graph.nodes(data=True))
    named = set(re.findall(r"[A-Za-z0-9_\-]+", labels))   # ids a count lists, e.g. "(w1, w2)"
    mentioned = {fact.args[0] for fact in evaluation.facts if fact.predicate == "event" and (fact.args[0] in named or any(
        source == fact.source or source.startswith(fact.source + ".") for source in sources))}
    changeable = {action.kind for action in evaluation.program.actions}
    candidates = sorted((fact for fact in evaluation.facts if fact.predicate == "event"
                         and fact.args[0] in mentioned and fact.args[1] in changeable
                         and fact.args[0] != result.trigger.id
                         and not (result.satisfied_by and fact.args[0] == result.satisfied_by.id)),
                        key=lambda fact: abs((fact.args[2] - result.trigger.date).days))[:limit]
    points = []
    for fact in candidates:
        event = fact.args[0]
        without = evaluate(evaluation.program, evaluation.case, evaluation.as_of,
                           lambda facts, e=event: [f for f in facts if not (
                               f.predicate in ("event", "event_field", "event_sentence") and f.args[0] == e)])
        found = _same(without.results, result.obligation, result.trigger.id)
        instead = found.status if found else "not_applicable"
        if instead != result.status:
            points.append(TurningPoint(result.obligation, result.trigger.id, event, fact.args[1], fact.args[2], instead))
    return points
