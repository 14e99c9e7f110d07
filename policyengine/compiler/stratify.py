"""Reject negation (and counting) through recursion: such a program has no stratified meaning."""
from __future__ import annotations

import re

import networkx as nx

from ..language.ast import Span
from ..language.errors import Diagnostic
from . import ir


def _as_written(pred: str) -> str:
    """The compiler's helper predicates for count(...) are shown as the count the writer wrote."""
    return "a count(...)" if re.fullmatch(r"count_\d+(_any|_total)?", pred) else pred


def dependency_graph(rules: list[ir.AnyRule]) -> nx.MultiDiGraph:
    """head -> body predicate, with `negative` set for `not` and for counted bodies."""
    graph = nx.MultiDiGraph()
    for rule in rules:
        graph.add_node(rule.head.pred)
        for literal in rule.body:
            if isinstance(literal, ir.Lit):
                negative = literal.negated or isinstance(rule, ir.CountRule)
                graph.add_edge(rule.head.pred, literal.pred, negative=negative, rule=rule)
    return graph


def stratification_problems(rules: list[ir.AnyRule]) -> list[Diagnostic]:
    graph = dependency_graph(rules)
    problems = []
    for component in nx.strongly_connected_components(graph):
        for head, body, data in graph.subgraph(component).edges(data=True):
            if data["negative"]:
                written = sorted({_as_written(p) for p in component})
                origin = data["rule"].origin
                message = (f"negation that cannot be stratified: {_as_written(head)} depends negatively on "
                           f"{_as_written(body)}, which depends on {_as_written(head)} again "
                           f"(cycle: {' -> '.join(written)})")
                if any(p.span == origin.span for p in problems):
                    continue  # one report per rule: a count(...) adds several helper edges
                problems.append(Diagnostic(origin.span, message,
                                           expected="no 'not' or count(...) inside a recursive definition"))
    return problems


def _computed(term: ir.Term) -> bool:
    return isinstance(term, (ir.Op, ir.Fn))


def _computed_variables(rule: ir.AnyRule) -> set[str]:
    """Variables whose value a rule computes (by arithmetic or a date function) instead of finding
    it in a fact: `Y = X + 1`, any variable set equal to one of those, and (to be safe) whatever a
    literal returns when it is asked about a computed value."""
    computed: set[str] = set()

    def is_computed(term: ir.Term) -> bool:
        return _computed(term) or isinstance(term, ir.V) and term.name in computed

    changed = True
    while changed:
        before = len(computed)
        for literal in rule.body:
            if isinstance(literal, ir.Cmp) and literal.op == "==":
                for target, source in ((literal.left, literal.right), (literal.right, literal.left)):
                    if isinstance(target, ir.V) and is_computed(source):
                        computed.add(target.name)
            elif isinstance(literal, ir.Lit) and not literal.negated and any(map(is_computed, literal.args)):
                computed.update(a.name for a in literal.args if isinstance(a, ir.V))
        changed = len(computed) > before
    return computed


def unbounded_recursion_problems(rules: list[ir.AnyRule]) -> list[Diagnostic]:
    """Reject recursion that computes new values: `counter(Y) if counter(X) and Y = X + 1` derives
    a new fact every round, so no engine reaches a fixpoint (pyDatalog grew to 8.8 GB before
    giving up).  A rule is refused when it is part of a cycle of the dependency graph and a value
    it computes goes into its head, or into a literal of that cycle (a top-down or demand-driven
    engine would ask about ever new values)."""
    graph = dependency_graph(rules)
    cycle_of: dict[str, frozenset[str]] = {}
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1 or any(graph.has_edge(p, p) for p in component):
            cycle_of.update(dict.fromkeys(component, frozenset(component)))
    problems: dict[Span, Diagnostic] = {}
    for rule in rules:
        cycle = cycle_of.get(rule.head.pred)
        if cycle is None or not any(isinstance(l, ir.Lit) and l.pred in cycle for l in rule.body):
            continue
        computed = _computed_variables(rule)
        into = [rule.head, *(l for l in rule.body if isinstance(l, ir.Lit) and l.pred in cycle)]
        if rule.origin.span not in problems and any(
                _computed(a) or isinstance(a, ir.V) and a.name in computed for l in into for a in l.args):
            problems[rule.origin.span] = Diagnostic(
                rule.origin.span, f"recursion that cannot end: this rule for {_as_written(rule.head.pred)} passes a "
                "value computed by arithmetic or a date function round the cycle through "
                f"{', '.join(sorted({_as_written(p) for p in cycle}))}, so each round derives new facts",
                expected="recursion over values already in the facts")
    return list(problems.values())
