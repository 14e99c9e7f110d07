"""Reject negation (and counting) through recursion: such a program has no stratified meaning."""
from __future__ import annotations

import re

import networkx as nx

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
