"""Make `given` rules evaluable bottom-up (for set-based backends), by demand ("magic sets").

`rule tier_at(D, Tier) given D if tier_during(Tier, From, Until) and From <= D and D < Until`
is only meaningful for dates a caller asks about: pyDatalog resolves it top-down with D bound,
but SQL must derive whole tables.  So every call `tier_at(X, T)` in a body adds a rule
`demand_tier_at(X) :- <the literals before the call>`, and each `tier_at` rule starts with
`demand_tier_at(D)`: the table then holds the answers callers can use (a demand may ask for a
few values more than are used, never fewer; see `_binding_prefix`).

The IR does not mark `given` variables; they are found as head variables the body never binds
(positive literals and `=` bind, in body order, as in the checker).
"""
from __future__ import annotations

from dataclasses import replace

import networkx as nx

from ..compiler import ir


def _binds(literal: ir.Literal, bound: set[str], given: dict[str, tuple[int, ...]]) -> set[str]:
    if isinstance(literal, ir.Lit) and not literal.negated:
        asked = given.get(literal.pred, ())  # a given position is an input, not an answer
        return {v for i, a in enumerate(literal.args) if i not in asked for v in ir.term_vars(a)}
    if isinstance(literal, ir.Cmp) and literal.op == "==" and isinstance(literal.left, ir.V) \
            and all(v in bound for v in ir.term_vars(literal.right)):
        return {literal.left.name}
    return set()


def given_positions(rules: list[ir.AnyRule]) -> dict[str, tuple[int, ...]]:
    """predicate -> head positions its rules leave for the caller to bind (to a fixpoint: a rule
    that passes its own input on to a given predicate does not bind it either)."""
    given: dict[str, tuple[int, ...]] = {}
    while True:
        found: dict[str, set[int]] = {}
        for rule in rules:
            if isinstance(rule, ir.CountRule):
                continue
            bound: set[str] = set()
            for lit in rule.body:
                bound |= _binds(lit, bound, given)
            positions = {i for i, a in enumerate(rule.head.args) if isinstance(a, ir.V) and a.name not in bound}
            if positions:
                found.setdefault(rule.head.pred, set()).update(positions)
        result = {pred: tuple(sorted(p)) for pred, p in found.items()}
        if result == given:
            return given
        given = result


def _binding_prefix(prefix: list[ir.Literal], args: tuple[ir.Term, ...],
                    given: dict[str, tuple[int, ...]]) -> tuple[ir.Literal, ...]:
    """Only the literals that bind the demanded values, and what those need in turn.

    Dropping the others (negations, later joins) asks for more values, never fewer, so the
    answers callers use are unchanged; and a demand then seldom depends on another given
    predicate's answers, which would close a cycle through `not`.  Comparisons on the kept
    values stay: they depend on nothing, and `grid_change(P) and P <= D` then asks about the
    changes before D, not every change of the case."""
    binder: dict[str, int] = {}
    bound: set[str] = set()
    for index, lit in enumerate(prefix):
        for name in _binds(lit, bound, given):
            binder.setdefault(name, index)
        bound |= _binds(lit, bound, given)
    keep: set[int] = set()
    todo = [v for a in args for v in ir.term_vars(a)]
    while todo:
        name = todo.pop()
        index = binder.get(name)
        if index is None or index in keep:
            continue
        keep.add(index)
        lit = prefix[index]
        if isinstance(lit, ir.Lit):
            asked = given.get(lit.pred, ())
            todo.extend(v for i, a in enumerate(lit.args) if i in asked for v in ir.term_vars(a))
        elif isinstance(lit, ir.Cmp):
            todo.extend(ir.term_vars(lit.right))
    known: set[str] = set()
    for index in sorted(keep):
        known |= _binds(prefix[index], known, given)
    for index, lit in enumerate(prefix):  # filters on what is kept narrow the demand for free
        if isinstance(lit, (ir.Cmp, ir.In)) and set(ir.literal_vars(lit)) <= known:
            keep.add(index)
    return tuple(lit for index, lit in enumerate(prefix) if index in keep)


def _negations_on(prefix: list[ir.Literal], kept: tuple[ir.Literal, ...],
                  given: dict[str, tuple[int, ...]]) -> list[ir.Lit]:
    """The negations of the prefix that test only values the kept literals bind: `not
    has_allocated_tier_at(D)` before `grid_tier_at(D, T)` means the grid is asked only about the
    days without an allocated tier (see demand_rules for when they may be added)."""
    known: set[str] = set()
    for lit in kept:
        known |= _binds(lit, known, given)
    return [lit for lit in prefix if isinstance(lit, ir.Lit) and lit.negated and lit not in kept
            and set(ir.literal_vars(lit)) <= known]


def _add_negations(rules: list[ir.AnyRule], candidates: dict[int, list[ir.Lit]]) -> list[ir.AnyRule]:
    """Narrow demand rules by their callers' negations where that closes no cycle: a negation of
    something that depends on the demand itself would leave the program without a stratified
    meaning, so each is added only if its predicate does not reach the demand's (checked one at a
    time, against the rules as they grow)."""
    if not candidates:
        return rules
    graph = nx.DiGraph()
    for rule in rules:
        graph.add_node(rule.head.pred)
        graph.add_edges_from((rule.head.pred, l.pred) for l in rule.body if isinstance(l, ir.Lit))
    out = list(rules)
    for index, negations in candidates.items():
        rule = out[index]
        added = []
        for lit in negations:
            if lit.pred in graph and nx.has_path(graph, lit.pred, rule.head.pred):
                continue
            graph.add_edge(rule.head.pred, lit.pred)
            added.append(lit)
        if added:
            out[index] = ir.Rule(rule.head, (*rule.body, *added), rule.origin)
    return out


def demand_rules(rules: list[ir.AnyRule], extra: dict[str, tuple[int, ...]] | None = None,
                 given: dict[str, tuple[int, ...]] | None = None) -> list[ir.AnyRule]:
    """The same program with every `given` predicate restricted to the values its callers ask for
    (and each predicate in `extra` to the values its callers bind at those positions).  `given`:
    given_positions(rules), when the caller has it already."""
    given = {**(given_positions(rules) if given is None else given), **(extra or {})}
    if not given:
        return list(rules)
    out: list[ir.AnyRule] = []
    negations: dict[int, list[ir.Lit]] = {}
    for rule in rules:
        body = list(rule.body)
        head_pred = rule.head.pred
        if head_pred in given and not isinstance(rule, ir.CountRule):
            args = tuple(rule.head.args[i] for i in given[head_pred])
            body = [ir.Lit(f"demand_{head_pred}", args), *body]
        for index, lit in enumerate(body):
            if isinstance(lit, ir.Lit) and lit.pred in given and not lit.pred.startswith("demand_"):
                args = tuple(lit.args[i] for i in given[lit.pred])
                prefix = _binding_prefix(body[:index], args, given)
                if narrow := _negations_on(body[:index], prefix, given):
                    negations[len(out)] = narrow
                out.append(ir.Rule(ir.Lit(f"demand_{lit.pred}", args), prefix, rule.origin))
        if isinstance(rule, ir.CountRule):
            out.append(replace(rule, body=tuple(body)))
        else:
            out.append(ir.Rule(rule.head, tuple(body), rule.origin))
    return _add_negations(out, negations)


def drop_implied_demand(rules: list[ir.AnyRule]) -> list[ir.AnyRule]:
    """Leave out a rule's own demand literal where its next literal, itself restricted by demand,
    binds the same values (`has_allocated_tier_at(D) :- demand_has_allocated_tier_at(D),
    allocated_tier_at(D, T)`: allocated_tier_at holds rows only for dates someone asked about).
    The rule then derives true rows for a few more values than its callers ask about, which no
    caller minds; a set-based backend saves a join over every demanded value.  Not where the
    rule negates a demanded predicate: that one's answers are complete only for the values
    demand asked about.  (Bound by a whole table instead, such as every event, the rule would
    derive far more rows than were asked for.)"""
    demanded = {r.head.pred[len("demand_"):] for r in rules if r.head.pred.startswith("demand_")}
    out: list[ir.AnyRule] = []
    for rule in rules:
        body = rule.body
        if isinstance(rule, ir.Rule) and len(body) >= 2 and isinstance(body[0], ir.Lit) \
                and body[0].pred == f"demand_{rule.head.pred}" and isinstance(body[1], ir.Lit) \
                and not body[1].negated and body[1].pred in demanded \
                and set(ir.literal_vars(body[0])) <= set(ir.literal_vars(body[1])) \
                and not any(isinstance(l, ir.Lit) and l.negated and l.pred in demanded for l in body):
            rule = ir.Rule(rule.head, body[1:], rule.origin)
        out.append(rule)
    return out


# ------------------------------------------------------------------ demand no rule asked for
def demanded_positions(rules: list[ir.AnyRule], targets: set[str],
                       given: dict[str, tuple[int, ...]] | None = None) -> dict[str, tuple[int, ...]]:
    """Positions of derived predicates that every call already binds: `om_contact_since(T, E,
    D)` is only ever asked about a trigger T that the caller has, so it need only be derived for
    those triggers, not for every event of the case.  Only for predicates that no one asks for
    directly (not in `targets`), that are never negated, not counted and not recursive; the
    positions are then treated like `given` ones (`demand_rules(rules, extra=...)`)."""
    given = given_positions(rules) if given is None else given
    by_head: dict[str, list[ir.AnyRule]] = {}
    for rule in rules:
        by_head.setdefault(rule.head.pred, []).append(rule)
    blocked = set(targets) | set(given)
    for rule in rules:
        for lit in rule.body:
            if isinstance(lit, ir.Lit) and lit.negated:
                blocked.add(lit.pred)
        if isinstance(rule, ir.CountRule):
            blocked.add(rule.pred)
            blocked.update(l.pred for l in rule.body if isinstance(l, ir.Lit))  # counted bodies stay whole
    sites: dict[str, set[int] | None] = {}
    for rule in rules:
        bound: set[str] = set()
        for lit in rule.body:
            if isinstance(lit, ir.Lit) and not lit.negated and lit.pred in by_head and lit.pred not in blocked \
                    and lit.pred != rule.head.pred:
                here = {i for i, a in enumerate(lit.args)
                        if isinstance(a, ir.K) or (isinstance(a, ir.V) and a.name in bound)}
                sites[lit.pred] = here if sites.get(lit.pred) is None else sites[lit.pred] & here
            bound |= _binds(lit, bound, given)
    return {pred: tuple(sorted(found)) for pred, found in sites.items()
            if found and any(_pairs_unrelated(rule, found) for rule in by_head[pred])}


def _pairs_unrelated(rule: ir.AnyRule, positions: set[int]) -> bool:
    """Whether, bottom-up, the rule pairs the rows binding a demanded argument with rows of
    another literal that shares no variable with them (only a comparison links them, as in
    `event(T, K, TD) and om_contact(E, D) and D >= TD`): the case where deriving it for every
    value costs a product, and demand pays.  Elsewhere demand only adds work."""
    literals = [l for l in rule.body if isinstance(l, ir.Lit) and not l.negated]
    groups: list[set[str]] = []
    for lit in literals:
        names = set(ir.literal_vars(lit))
        joined = [g for g in groups if g & names]
        for g in joined:
            groups.remove(g)
            names |= g
        groups.append(names)
    demanded = {a.name for i, a in enumerate(rule.head.args) if i in positions and isinstance(a, ir.V)}
    return len(groups) > 1 and any(g & demanded for g in groups)


# ------------------------------------------------------------------ fewer cycles
def partition_by_constant(rules: list[ir.AnyRule]) -> list[ir.AnyRule]:
    """Split a predicate whose every rule names a constant first argument (`obligation_applies(
    '2c.6/first_meeting', ...)`) into one predicate per constant, plus a union under the old name.

    The answers are the same; but demand for `tier_at` raised by one obligation's deadline no
    longer joins the cycle of every obligation's `obligation_applies`, so fewer predicates must
    be derived together (see sql.SqlCompiler._fixpoint)."""
    by_head: dict[str, list[ir.AnyRule]] = {}
    for rule in rules:
        by_head.setdefault(rule.head.pred, []).append(rule)
    parts: dict[str, dict[object, str]] = {}
    for pred, defining in by_head.items():
        if all(isinstance(r, ir.Rule) and r.head.args and isinstance(r.head.args[0], ir.K) for r in defining):
            constants = list(dict.fromkeys(r.head.args[0].value for r in defining))
            if len(constants) > 1:
                parts[pred] = {c: f"{pred}__{i}" for i, c in enumerate(constants)}
    if not parts:
        return list(rules)

    def renamed(lit: ir.Literal) -> ir.Literal:
        if isinstance(lit, ir.Lit) and lit.pred in parts and lit.args and isinstance(lit.args[0], ir.K) \
                and lit.args[0].value in parts[lit.pred]:
            return replace(lit, pred=parts[lit.pred][lit.args[0].value])
        return lit

    out: list[ir.AnyRule] = []
    for rule in rules:
        body = tuple(renamed(l) for l in rule.body)
        if isinstance(rule, ir.Rule):
            out.append(ir.Rule(renamed(rule.head), body, rule.origin))
        else:
            out.append(replace(rule, body=body))
    for pred, named in parts.items():
        arity = len(by_head[pred][0].head.args)
        args = tuple(ir.V(f"A{i}__") for i in range(arity))
        for part in named.values():
            out.append(ir.Rule(ir.Lit(pred, args), (ir.Lit(part, args),), by_head[pred][0].origin))
    return out
