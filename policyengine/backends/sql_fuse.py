"""Fewer statements: a derived table that one later statement reads, once, becomes a view, and
what no statement reads is not made (`skip_unread`).

Each statement costs DuckDB a few milliseconds whatever it holds (the 2007 edition compiles to
about 2,100 over a caseload), and a table written only to be read once is copied for nothing.
A view is inlined into the one query that reads it, as a common table expression would be.

Left as tables: a division (the rule's condition keeps its divisor from 0, and DuckDB may apply a
reader's filter on the quotient before that condition once the two are one query), what is read
more than once (a view would be computed again at each read), what
a fixpoint step derives or reads (re-run round after round), what an existing view reads (a view
may itself be read many times), and the kept tables (`kept`: the reported output, read after
evaluation).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Protocol, Sequence

from .lifetimes import CREATED, DERIVED

_TABLE = re.compile(r'^CREATE OR REPLACE TEMP TABLE ("d_[^"]+") AS ')


def _reads(text: str) -> list[str]:
    """The derived tables and views a statement reads (not the one it creates), once per mention."""
    created = CREATED.match(text)
    return [name for name in DERIVED.findall(text) if not (created and name == created.group(2))]


class Step(Protocol):
    """What fusing reads and rewrites of a compiled SQL step (sql.Step)."""
    statements: list[str]
    repeat: list[tuple[str, str]]


def fuse_read_once(steps: Sequence[Step], kept: set[str]) -> dict[str, str]:
    """Turn each table read once, by a statement that materialises, into a view; rewrite the
    statements in place.  Returns {table: view} for the tables turned into views."""
    reads: Counter[str] = Counter()
    reader: dict[str, tuple[int, int]] = {}   # table -> (step, statement) of a read
    repeated: set[str] = set()
    for s, step in enumerate(steps):
        for i, text in enumerate(step.statements):
            for name in _reads(text):
                reads[name] += 1
                reader[name] = (s, i)
        for table, query in step.repeat:
            repeated.add(table)
            repeated.update(DERIVED.findall(query))
        if step.repeat:
            repeated.update(n for text in step.statements for n in DERIVED.findall(text))
    fused: dict[str, str] = {}
    for s, step in enumerate(steps):
        if step.repeat or len(step.statements) != 1:
            continue
        created = _TABLE.match(step.statements[0])
        if created is None:
            continue
        table = created.group(1)
        if table in kept or table in repeated or reads[table] != 1 or "/" in step.statements[0]:
            continue
        rs, ri = reader[table]
        if rs <= s or not steps[rs].statements[ri].startswith("CREATE OR REPLACE TEMP TABLE "):
            continue
        fused[table] = '"v_' + table[3:]
    for step in steps:   # rename the fused tables wherever they are created or read
        step.statements = [_rename(text, fused) for text in step.statements]
    return fused


def _rename(text: str, fused: dict[str, str]) -> str:
    created = _TABLE.match(text)
    if created and created.group(1) in fused:
        text = f"CREATE OR REPLACE TEMP VIEW {fused[created.group(1)]} AS " + text[created.end():]
    return DERIVED.sub(lambda m: fused.get(m.group(0), m.group(0)), text)


def skip_unread(steps: list, kept: set[str]) -> list:
    """The steps without the statements that make a derived table or view nothing reads: a
    predicate's union of partitions once every reader reads the partitions themselves
    (SqlCompiler._by_part), and then the partitions only that union read.  Repeated until none is
    left, since leaving out a view can leave its sources unread.  Fixpoint steps are kept whole."""
    while True:
        reads: Counter[str] = Counter()
        for step in steps:
            for text in (*step.statements, *(query for _, query in step.repeat)):
                reads.update(_reads(text))
        unread = {created.group(2) for step in steps if not step.repeat for text in step.statements
                  if (created := CREATED.match(text)) and created.group(2) not in kept
                  and not reads[created.group(2)]}
        if not unread:
            return [step for step in steps if step.statements or step.repeat]
        for step in steps:
            if not step.repeat:
                step.statements = [text for text in step.statements
                                   if not ((created := CREATED.match(text)) and created.group(2) in unread)]
