"""What kind of value (a date, a number, something else) an expression can hold, to refuse
arithmetic that would fail when the rule runs: `D + 5` for `D + 5 days`, `N + 5 days` for a count.

Each predicate argument gets the set of kinds it can hold: case facts and generated predicates
from their signatures (`predicates.py`), event fields from the case schema, and predicates the
policies define from their rules, by iterating to a fixpoint (a union over the rules, so a set
over-approximates what a position can hold).  Only an operand that is certainly a date, or
certainly a number, is reported.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from . import ast
from .predicates import CASE_FACTS, ENGINE_FACTS, GENERATED

Kinds = frozenset[str]
Positions = dict[tuple[str, int], Kinds]
DATE, NUMBER = frozenset({"date"}), frozenset({"number"})
ANY = frozenset({"date", "number", "other"})
_DATE_ARGUMENTS = {"date", "from", "until", "start", "completed", "due", "end"}   # argument names in predicates.py
_NUMBER_ARGUMENTS = {"months", "score", "tier", "level", "category", "k", "need", "index"}
_DATE_NAMES = {"trigger_date", "window_start", "window_end"}
_FIELD_KINDS = {"date": DATE, "integer": NUMBER}


def _signature_kinds() -> Positions:
    return {(pred, index): DATE if name in _DATE_ARGUMENTS else NUMBER if name in _NUMBER_ARGUMENTS else ANY
            for table in (CASE_FACTS, ENGINE_FACTS, GENERATED) for pred, names in table.items()
            for index, name in enumerate(names)}


def argument_kinds(policies: list[ast.Policy], vocabulary: dict[str, dict[str, str]]) -> Positions:
    """The kinds each argument of each predicate can hold."""
    builtin = _signature_kinds()
    rules = [rule for policy in policies for rule in policy.all_rules() if rule.head.predicate not in
             {pred for pred, _ in builtin}]
    derived: Positions = {}
    for _ in range(100):   # each round can only add kinds: a few rounds reach the fixpoint
        known = {**builtin, **derived}
        found: Positions = {}
        for rule in rules:
            variables = _variable_kinds(rule.body, known, vocabulary, dict.fromkeys(rule.given, ANY))
            for index, arg in enumerate(rule.head.args):
                kinds = variables.get(arg.name, frozenset()) if isinstance(arg, ast.Var) else _kind(arg, {})
                key = (rule.head.predicate, index)
                found[key] = found.get(key, frozenset()) | kinds
        if found == derived:
            break
        derived = found
    return {**builtin, **derived}


def kind_problems(body: tuple[ast.Literal, ...], positions: Positions,
                  vocabulary: dict[str, dict[str, str]]) -> Iterator[tuple[ast.Span, str, str]]:
    """(where, message, expected) for each operation that cannot be computed whatever the case."""
    problems: list[tuple[ast.Span, str, str]] = []
    _variable_kinds(body, positions, vocabulary, {}, problems)
    yield from problems


def _kind(expr: ast.Expr, variables: dict[str, Kinds]) -> Kinds:
    if isinstance(expr, ast.Const):
        if isinstance(expr.value, dt.date) or expr.value in _DATE_NAMES:
            return DATE
        return NUMBER if type(expr.value) in (int, Decimal) else frozenset({"other"})
    if isinstance(expr, ast.Var):
        return variables.get(expr.name, ANY)
    return DATE if isinstance(expr, ast.Shift) else NUMBER   # Arith, Count


def _variable_kinds(body: tuple[ast.Literal, ...], positions: Positions, vocabulary: dict[str, dict[str, str]],
                    variables: dict[str, Kinds], problems: list | None = None) -> dict[str, Kinds]:
    """The kinds each variable of a body can hold, walking it as the engine does; with `problems`,
    also every operation on a certain date or a certain number that cannot be computed."""
    variables = dict(variables)

    def check(expr: ast.Expr) -> None:
        if problems is None:
            return
        for part in ast.subexpressions(expr):
            if isinstance(part, ast.Arith) and DATE in (_kind(part.left, variables), _kind(part.right, variables)):
                problems.append((part.span, f"arithmetic on a date: '{part.op}' needs two numbers",
                                 "a duration to move a date (D + 5 days), or a comparison of two dates"))
            elif isinstance(part, ast.Shift) and _kind(part.base, variables) == NUMBER:
                problems.append((part.span, "a duration added to a number", "a date before '+ N days'"))

    for literal in body:
        if isinstance(literal, (ast.Positive, ast.Negative)):
            atom = literal.atom
            for arg in atom.args:
                check(arg)
            if isinstance(literal, ast.Negative):
                continue
            for index, arg in enumerate(atom.args):
                if isinstance(arg, ast.Var) and arg.name not in variables:
                    variables[arg.name] = positions.get((atom.predicate, index), ANY)
            if atom.predicate == "event_field" and len(atom.args) == 3 and isinstance(atom.args[1], ast.Const) \
                    and isinstance(atom.args[2], ast.Var):
                name = atom.args[1].value
                types = {fields[name] for fields in vocabulary.values() if name in fields}
                variables[atom.args[2].name] = frozenset().union(*(_FIELD_KINDS.get(t, frozenset({"other"}))
                                                                   for t in types)) or ANY
        elif isinstance(literal, ast.Compare):
            check(literal.left)
            check(literal.right)
            if literal.op == "=":
                for target, source in ((literal.left, literal.right), (literal.right, literal.left)):
                    if isinstance(target, ast.Var) and target.name not in variables:
                        variables[target.name] = _kind(source, variables)
        elif isinstance(literal, ast.Member):
            check(literal.expr)
    return variables
