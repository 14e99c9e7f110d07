"""Skipping what a caseload does not need: a step whose every reader starts from an empty demand.

A predicate resolved on demand (demand.py) is asked only for the days its callers name:
`grid_tier_at(D, T)` is read by `tier_at` only for days with no recorded tier, through
`demand_grid_tier_at(D)`.  When a caseload records a tier on every day it is asked about, that
demand is empty, and so is everything that only feeds it: the tiering grid's chain, whose own
inputs (every sentence's change days, every requirement) are not empty and cost a scan each.

`needed_only_with` finds, for each predicate, the demands whose emptiness leaves every rule that
reads it without rows; `run_steps` checks those demands once made, and a step whose predicates are
all unneeded makes its tables and views empty instead (`emptied`), so the statements that read
them still find their columns.  Only demands are checked (one cheap query each): other
predicates could guard as well, but a demand is what the rules' shape makes empty for a whole
caseload.
"""
from __future__ import annotations

import re

from ..compiler import ir
from .lifetimes import CREATED

DEMAND = "demand_"
# A derived table's first select, its columns cast to their types (SqlCompiler's `cast`).
_TYPE = r"[A-Z]+(?:\(\d+(?:, ?\d+)?\))?"
_CAST = re.compile(rf"\w+::({_TYPE}) AS (\w+)")
_CASTS = re.compile(rf"(?:SELECT \* FROM \()?SELECT ((?:\w+::{_TYPE} AS \w+, )*\w+::{_TYPE} AS \w+) FROM ")


def _positive(rule: ir.AnyRule) -> list[str]:
    return [lit.pred for lit in rule.body if isinstance(lit, ir.Lit) and not lit.negated]


def _fixpoint(preds: set[str], start: frozenset[str], step) -> dict[str, frozenset[str]]:
    """The greatest sets with sets[p] == step(p, sets) for every p in `preds`, from `start`: a
    predicate that reads itself keeps what its other rules or readers give it."""
    sets = {p: start for p in preds}
    changed = True
    while changed:
        changed = False
        for pred in preds:
            found = step(pred, sets)
            if found != sets[pred]:
                sets[pred], changed = found, True
    return sets


def needed_only_with(rules_by_head: dict[str, list[ir.AnyRule]], targets: set[str]) -> dict[str, frozenset[str]]:
    """pred -> demands any of which, found empty, makes the predicate's table irrelevant to the
    targets: the predicate holds nothing (each of its rules reads positively something that is
    then empty), or no rule that reads it can use it (each such rule then holds nothing, or
    derives a predicate that is itself irrelevant).  The targets are never irrelevant for the
    second reason."""
    demands = frozenset(p for p in rules_by_head if p.startswith(DEMAND))
    readers: dict[str, list[ir.AnyRule]] = {}
    for rules in rules_by_head.values():
        for rule in rules:
            for lit in rule.body:
                if isinstance(lit, ir.Lit):
                    readers.setdefault(lit.pred, []).append(rule)

    def empty_with(pred: str, sets: dict[str, frozenset[str]]) -> frozenset[str]:
        found = demands
        for rule in rules_by_head[pred]:
            found = found & frozenset().union(*(sets.get(p, frozenset()) for p in _positive(rule)))
        return found | ({pred} & demands)

    empty = _fixpoint(set(rules_by_head), demands, empty_with)

    def holds_nothing(rule: ir.AnyRule) -> frozenset[str]:
        return frozenset().union(*(empty.get(p, frozenset()) for p in _positive(rule)))

    def unused_with(pred: str, sets: dict[str, frozenset[str]]) -> frozenset[str]:
        if pred in targets or pred not in readers:
            return frozenset()
        found = demands
        for rule in readers[pred]:
            found = found & (holds_nothing(rule) | sets.get(rule.head.pred, frozenset()))
        return found

    unused = _fixpoint(set(rules_by_head) | set(readers), demands, unused_with)
    return {p: g for p in unused if (g := empty.get(p, frozenset()) | unused[p])}


def emptied(statement: str, tables: set[str]) -> str:
    """The statement making one of `tables` (or views) with the same columns and no rows; any
    other statement (a scratch table later steps may share) as it is.  A derived relation's
    statement names its columns' types in its first casts.  Declaring them costs a fifth of
    planning the query under `WHERE false` (0.4 against 1.9 ms a table for the tiering grid's
    chain), and an empty view binds none of the views under it; a table of another shape gets
    `WHERE false`, a view of another shape stays as it is (it costs nothing until read)."""
    made = CREATED.match(statement)
    if made is None or made.group(2) not in tables or not statement.startswith(" AS ", made.end()):
        return statement
    kind, name = made.groups()
    query = made.end() + len(" AS ")
    casts = _CASTS.match(statement, query)
    if casts is not None:
        columns = _CAST.findall(casts.group(1))
        if kind == "TABLE":
            return f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(f'{c} {t}' for t, c in columns)})"
        nulls = ", ".join(f"NULL::{t} AS {c}" for t, c in columns)
        return f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {nulls} WHERE false"
    if kind == "TABLE":
        return f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM ({statement[query:]}) WHERE false"
    return statement
