"""Predicates derived together: a family of per-key predicates that read each other over the
same key, from the same rows, in one statement.

The prelude's statuses are such a family:

    met_on_time(O, T) if obligation_due(O, T, I, Due) and obligation_candidate(O, T, E, D) and D <= Due ...
    met_late(O, T)    if obligation_due(O, T, I, Due) and ... and not met_on_time(O, T) ...
    unmet(O, T)       if obligation_due(O, T, I, Due) and not met_on_time(O, T) and not met_late(O, T) ...
    overdue(O, T)     if unmet(O, T) and obligation_due(O, T, I, Due) and as_of(A) and A > Due.

Each rule reads one row of the same predicate (its *driver*, `obligation_due`) that fixes the
head (O, T), and the others only through literals over exactly the head's variables.  Compiled one
by one, each is a table joined back to the driver with a `NOT EXISTS` per earlier status.  Together,
the driver is read once: for each key, whether each rule's own conditions hold on some driver row
(`bool_or`), then each predicate as a boolean expression of those and of the others, in dependency
order (SqlCompiler._together).  The family is found in the rules' shape, not by name; this module
finds it, SqlCompiler compiles it, and falls back to one statement per predicate when a rule has
a literal the single pass cannot hold (a second row source, such as a candidate not read as a
least or greatest value).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from ..compiler import ir


@dataclass(frozen=True)
class Together:
    """Predicates derived in one step from rows of `driver`, whose arguments at `positions` are
    the key (each member's head, in order)."""
    driver: str
    positions: tuple[int, ...]
    members: tuple[str, ...]   # in dependency order

    @property
    def node(self) -> str:
        """Its node in the dependency graph, in place of the members'."""
        return f"together__{self.members[0]}"


def head_key(rule: ir.AnyRule) -> tuple[str, ...] | None:
    """The head's variables when they are distinct variables (a key), else None."""
    if not isinstance(rule, ir.Rule) or not rule.head.args:
        return None
    names = tuple(a.name for a in rule.head.args if isinstance(a, ir.V))
    if len(names) != len(rule.head.args) or len(set(names)) != len(names):
        return None
    return names


def driver_of(rule: ir.Rule, key: tuple[str, ...]) -> tuple[int, tuple[int, ...]] | None:
    """The rule's driver: its first positive literal, other than one over exactly the head, whose
    arguments are variables or constants and name every head variable: (body index, the position
    of each head variable in it)."""
    for index, lit in enumerate(rule.body):
        if not (isinstance(lit, ir.Lit) and not lit.negated) or lit.args == rule.head.args:
            continue
        names = [a.name if isinstance(a, ir.V) else None for a in lit.args]
        if not all(isinstance(a, (ir.V, ir.K)) for a in lit.args) or not set(key) <= set(names):
            continue
        return index, tuple(names.index(v) for v in key)
    return None


def _shape(rules: list[ir.AnyRule]) -> tuple[str, tuple[int, ...]] | None:
    """(driver, key positions) of most of a predicate's rules, or None.  A rule of another shape
    (`met_late(O, T) if late_by_clock(O, T, E) and ...`) is left to the compiler: where it can
    match nothing (no deadline in hours) the family holds without it, else the family is derived
    one predicate after another."""
    if not rules or any(head_key(rule) is None for rule in rules):
        return None
    found = Counter((rule.body[d[0]].pred, d[1]) for rule in rules if (d := driver_of(rule, head_key(rule))))
    return found.most_common(1)[0][0] if found else None


def _refs(rules: list[ir.AnyRule]) -> set[str]:
    """The predicates the rules read over exactly their head (`not met_on_time(O, T)`)."""
    return {lit.pred for rule in rules for lit in rule.body
            if isinstance(lit, ir.Lit) and isinstance(rule, ir.Rule) and lit.args == rule.head.args}


# Reads between members for a family to pay: one pass groups every driver row by the key, which
# costs about what one `NOT EXISTS` saves (250,000 cases: window_met and window_missed, one read,
# 1.58 CPU s together against 1.12 apart; the five statuses, five reads, 3.75 -> 2.31).
MIN_READS = 2


def find_together(rules_by_head: dict[str, list[ir.AnyRule]], graph: nx.DiGraph,
                  targets: set[str]) -> list[Together]:
    """The families in `graph` (edges from what a predicate reads to it): predicates of one shape
    (same driver and key positions) connected by reads over their head, MIN_READS or more, none of
    them reported (a reported table is read after evaluation) nor in a cycle, and whose step,
    the members' in one, has no cycle through a predicate outside it (every outside input is
    derived before, every outside reader after)."""
    shapes = {pred: shape for pred in graph.nodes if pred not in targets and pred in rules_by_head
              and (shape := _shape(rules_by_head[pred])) is not None}
    links = nx.Graph()
    links.add_nodes_from(shapes)
    for pred, shape in shapes.items():
        for other in _refs(rules_by_head[pred]):
            if other != pred and shapes.get(other) == shape:
                links.add_edge(pred, other)
    found = []
    for members in nx.connected_components(links):
        reads = sum(len(_refs(rules_by_head[m]) & (members - {m})) for m in members)
        if reads < MIN_READS or any(graph.has_edge(m, m) for m in members):
            continue
        inner = graph.subgraph(members)
        if not nx.is_directed_acyclic_graph(inner):
            continue
        # a path leaving the family and coming back would need a member both before and after it
        leaving = {b for m in members for b in graph.successors(m) if b not in members}
        reached = set().union(*(nx.descendants(graph, b) | {b} for b in leaving)) if leaving else set()
        if reached & members:
            continue
        driver, positions = shapes[next(iter(members))]
        order = tuple(nx.lexicographical_topological_sort(inner))
        found.append(Together(driver, positions, order))
    return found


def contract(graph: nx.DiGraph, families: list[Together]) -> nx.DiGraph:
    """The graph with each family's members as one node (Together.node)."""
    node = {m: family.node for family in families for m in family.members}
    out = nx.DiGraph()
    out.add_nodes_from(node.get(n, n) for n in graph.nodes)
    out.add_edges_from((node.get(a, a), node.get(b, b)) for a, b in graph.edges
                       if node.get(a, a) != node.get(b, b))
    return out
