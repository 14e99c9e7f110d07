"""Calculate the declared results of a stand-alone rule file (a kind other than the National
Standards) for one case: `nsr check`, `nsr test` and `nsr why` all start here.

The same two engines as `evaluate` run it: the plain evaluator by default, pyDatalog as the
reference (`engine="pydatalog"`); the bulk backend (`backends.bulk_results`) computes the same
results for many cases at once.  Tests hold the three equal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .backends.plain import PlainKnowledgeBase
from .backends.pydatalog import KnowledgeBase
from .cases.inputs import InputCase
from .evaluate import knowledge_base
from .compiler import ir


@dataclass
class Calculation:
    """One case's declared results under one rule file on one date; keeps the knowledge base for `why`."""
    case: InputCase
    program: ir.Program
    as_of: dt.date
    values: dict[str, list[tuple]]            # result predicate -> rows, sorted
    kb: KnowledgeBase | PlainKnowledgeBase = field(repr=False)
    facts: list[tuple[str, tuple]] = field(repr=False)

    def result(self, name: str) -> ir.ResultInfo | None:
        return next((r for r in self.program.results if r.pred == name), None)


def calculate(program: ir.Program, case: InputCase, as_of: dt.date, engine: str = "plain",
              facts: list[tuple[str, tuple]] | None = None) -> Calculation:
    """`facts` replaces the case's own (what-if questions change an input and calculate again).
    The as-of date is the only fact a file of its own kind sees besides its inputs."""
    rows = [*(facts if facts is not None else case.facts), ("as_of", (as_of,))]
    kb = knowledge_base(program, rows, engine)
    values = {r.pred: sorted(set(kb.query(r.pred, *([None] * len(r.args)))), key=_order) for r in program.results}
    return Calculation(case, program, as_of, values, kb, rows)


def _order(row: tuple) -> tuple:
    return tuple((type(v).__name__, str(v)) for v in row)


def value_text(value: object) -> str:
    """A value as a policy writer writes it: 6.99 (not 6.990000), true, 2026-08-17, b."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):   # as written, less the zeros a database pads with: 3.000000 is 3.0
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0")
            text += "0" if text.endswith(".") else ""
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    return "(none)" if value is None else str(value)


def row_text(row: tuple) -> str:
    return ", ".join(value_text(v) for v in row)
