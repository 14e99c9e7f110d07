"""When each derived table can be dropped: right after the last step that reads it.

A whole caseload's intermediate tables together are several times the memory of the live ones
(250,000 cases: 7 GB kept against the cap, `bulk.MEMORY_LIMIT`, so DuckDB evicted to disk).  Reads are taken
from the statements themselves, so a table is never dropped before a statement that names it;
a view counts as reading what its own query reads.  The tables behind the reported predicates
are kept: they are read after evaluation.
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence


class Step(Protocol):
    """What lifetimes reads of a compiled SQL step (sql.Step)."""
    statements: list[str]
    repeat: list[tuple[str, str]]
    drops: list[str]

# A compiled statement that makes a relation: (TABLE or VIEW, its quoted name).  Shared by the
# passes over compiled statements (sql_fuse, sql_guards).
CREATED = re.compile(r'^CREATE OR REPLACE TEMP (TABLE|VIEW) ("[^"]+")')
DERIVED = re.compile(r'"[dsv]_[^"]*"')   # every table or view a rule derives (sql.table_name, ...)


def plan_drops(steps: Sequence[Step], reported: set[str]) -> None:
    """Fill each step's `drops`: derived tables no later step reads, nor the `reported` output."""
    views: dict[str, set[str]] = {}
    tables: set[str] = set()
    reads_by_step: list[set[str]] = []
    for step in steps:
        reads: set[str] = set()
        for text in (*step.statements, *(query for _, query in step.repeat)):
            created = CREATED.match(text)
            named = set(DERIVED.findall(text))
            if created:
                kind, name = created.groups()
                named.discard(name)
                if kind == "VIEW":
                    views[name] = _through_views(named, views)
                else:
                    tables.add(name)
            reads |= named
        reads_by_step.append(_through_views(reads, views))
    kept = _through_views(reported, views)
    last_read: dict[str, int] = {}
    for index, reads in enumerate(reads_by_step):
        for name in reads:
            last_read[name] = index
    for step in steps:
        step.drops = []
    for name in sorted(tables - kept):
        if name in last_read:   # a table nothing reads is left for the next evaluation to replace
            steps[last_read[name]].drops.append(name)


def _through_views(names: set[str], views: dict[str, set[str]]) -> set[str]:
    """The names, and for each view among them the tables (and views) it reads, transitively."""
    out, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in out:
            out.add(name)
            todo.extend(views.get(name, ()))
    return out
