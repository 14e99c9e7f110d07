"""The intermediate form: plain Datalog, independent of any engine.

A `Program` is a list of rules over named predicates, with a fixed library of pure date
functions (`BUILTINS`).  The pyDatalog backend loads it per case; a bulk backend (SQL or
dataframes) can load the same rules for a whole caseload by adding a case key to every
predicate, since no rule ever relates two cases.
"""
from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Union

from ..language.ast import NOWHERE, Edition, LayerChange, Span
from ..runtime.builtins import BUILTINS, Schedule

# The strings the backends write into SQL or hand to pyDatalog as names and operators.  Their
# types say what they may hold, and the compiled-policy cache (`ir_codec`) enforces it.
Name = Annotated[str, re.compile(r"[A-Za-z_][A-Za-z0-9_]*")]      # a predicate or a variable
FunctionName = Annotated[str, frozenset(BUILTINS)]
ArithmeticOp = typing.Literal["+", "-", "*", "//"]
Aggregate = typing.Literal["count", "sum", "min", "max"]
ComparisonOp = typing.Literal["==", "!=", "<", "<=", ">", ">="]
Constant = Union[str, int, bool, dt.date, Decimal, Schedule]


# ------------------------------------------------------------------ terms
@dataclass(frozen=True)
class V:
    """A variable."""
    name: Name

    def __str__(self) -> str:
        return self.name


WILDCARD = "Any__"   # a variable named WILDCARD + n, only in a negated literal: any value there


def is_wildcard(term: "Term") -> bool:
    return isinstance(term, V) and term.name.startswith(WILDCARD)


@dataclass(frozen=True)
class K:
    """A constant (str, int, bool, date, exact Decimal, or an opaque schedule object)."""
    value: Constant

    def __str__(self) -> str:
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        if isinstance(self.value, str):
            return self.value if self.value.isidentifier() and self.value.islower() else repr(self.value)
        return str(self.value).lower() if isinstance(self.value, bool) else str(self.value)


@dataclass(frozen=True)
class Fn:
    """A call of one of the BUILTINS (never arbitrary Python)."""
    name: FunctionName
    args: tuple["Term", ...]

    def __str__(self) -> str:
        return f"{self.name}({', '.join(map(str, self.args))})"


@dataclass(frozen=True)
class Op:
    """Integer arithmetic: + - * //."""
    op: ArithmeticOp
    left: "Term"
    right: "Term"

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


Term = Union[V, K, Fn, Op]


def term_vars(term: Term) -> list[str]:
    if isinstance(term, V):
        return [term.name]
    if isinstance(term, Fn):
        return [v for a in term.args for v in term_vars(a)]
    if isinstance(term, Op):
        return term_vars(term.left) + term_vars(term.right)
    return []


def substitute(term: Term, values: dict[str, Term]) -> Term:
    if isinstance(term, V):
        return values.get(term.name, term)
    if isinstance(term, Fn):
        return Fn(term.name, tuple(substitute(a, values) for a in term.args))
    if isinstance(term, Op):
        return Op(term.op, substitute(term.left, values), substitute(term.right, values))
    return term


# ------------------------------------------------------------------ literals
@dataclass(frozen=True)
class Lit:
    """pred(args), possibly negated."""
    pred: Name
    args: tuple[Term, ...]
    negated: bool = False

    def __str__(self) -> str:
        text = f"{self.pred}({', '.join(map(str, self.args))})"
        return f"not {text}" if self.negated else text


@dataclass(frozen=True)
class Cmp:
    """Comparison; `==` with an unbound variable on the left binds it."""
    op: ComparisonOp
    left: Term
    right: Term

    def __str__(self) -> str:
        return f"{self.left} {'=' if self.op == '==' else self.op} {self.right}"


@dataclass(frozen=True)
class In:
    term: Term
    values: tuple[Constant, ...]

    def __str__(self) -> str:
        return f"{self.term} in [{', '.join(str(K(v)) for v in self.values)}]"


Literal = Union[Lit, Cmp, In]


def literal_vars(literal: Literal) -> list[str]:
    if isinstance(literal, Lit):
        return [v for a in literal.args for v in term_vars(a)]
    if isinstance(literal, Cmp):
        return term_vars(literal.left) + term_vars(literal.right)
    return term_vars(literal.term)


def bind(args: tuple[Term, ...], values: tuple, none_matches: bool = False) -> dict | None:
    """The variables' values when pred(args) matches pred(values), else None (a constant differs,
    or one variable meets two values).  With `none_matches`, a None value matches any term: the
    explainer's way of leaving a position open."""
    binding: dict = {}
    for term, value in zip(args, values):
        if value is None and none_matches:
            continue
        if isinstance(term, K):
            if term.value != value:
                return None
        elif isinstance(term, V):
            if term.name in binding and binding[term.name] != value:
                return None
            binding[term.name] = value
    return binding


def substitute_literal(literal: "Literal", values: dict[str, Term]) -> "Literal":
    if isinstance(literal, Lit):
        return Lit(literal.pred, tuple(substitute(a, values) for a in literal.args), literal.negated)
    if isinstance(literal, Cmp):
        return Cmp(literal.op, substitute(literal.left, values), substitute(literal.right, values))
    return In(substitute(literal.term, values), literal.values)


# ------------------------------------------------------------------ rules
@dataclass(frozen=True)
class Origin:
    """Where a rule came from, for explanations: the standard, the clause, the source."""
    standard: str | None
    clause: str                      # e.g. "rule", "trigger", "deadline 1", "exception per 2d.9.2"
    span: Span = NOWHERE
    obligation: str | None = None


@dataclass(frozen=True)
class Rule:
    head: Lit
    body: tuple[Literal, ...]
    origin: Origin = field(default=Origin(None, "rule"), compare=False)

    def __str__(self) -> str:
        if not self.body:
            return f"{self.head}."
        return f"{self.head} if {' and '.join(map(str, self.body))}."


@dataclass(frozen=True)
class CountRule:
    """pred(G..., N): N distinct values of `counted` per group G, over body (groups with a match only).

    With `summed`, N is the sum of `summed` over the distinct values of `counted` instead."""
    pred: Name
    group: tuple[Term, ...]        # variables, or one constant key when the count has no group
    counted: V
    body: tuple[Literal, ...]
    origin: Origin = field(default=Origin(None, "count"), compare=False)
    summed: V | None = None
    aggregate: Aggregate = "count"    # sum/min/max take `summed`; min/max give no row for no match

    @property
    def head(self) -> Lit:
        return Lit(self.pred, (*self.group, V("N__")))

    def __str__(self) -> str:
        aggregate = (f"{self.aggregate} {self.summed} for each {self.counted}" if self.summed
                     else f"count {self.counted}")
        return f"{self.pred}({', '.join(map(str, self.group))}, {aggregate}) if {' and '.join(map(str, self.body))}."


AnyRule = Union[Rule, CountRule]


# ------------------------------------------------------------------ obligations as data
@dataclass(frozen=True)
class DeadlineInfo:
    index: int
    text: str                        # "2 working days", "same or next working day"
    condition: str                   # "if tier_at(trigger_date, 4)", "otherwise", ""
    windows: int | None = None       # a schedule's phase ("at least 1 a week for 16 weeks"): how many
                                     # windows it has (None: it runs to the schedule's end)


@dataclass(frozen=True)
class NeedInfo:
    """A fact an obligation cannot be timed without (`needs ... "what" at "place"`)."""
    index: int                       # the i of obligation_need_missing(O, T, i)
    what: str                        # "the release or tariff date"
    place: str                       # the case-file field to record: "sentences[].release_date"


@dataclass(frozen=True)
class ObligationInfo:
    id: str                          # "2c.6/first_meeting"
    standard: str
    name: str
    title: str
    kind: str                        # once | judgement | recurring
    trigger: str                     # human text of the trigger
    met_by: tuple[str, ...]
    deadlines: tuple[DeadlineInfo, ...]
    exceptions: tuple[str, ...]      # paragraphs cited
    readings: tuple[str, ...]
    span: Span = NOWHERE
    measure: str = "events"          # recurring: what a window's need counts (events, or hours)
    needs: tuple[NeedInfo, ...] = ()  # facts it cannot be timed without
    layer: str = ""                  # the edition or layer it comes from (see compiler.layers)


@dataclass(frozen=True)
class StandardInfo:
    id: str
    title: str
    section: str
    quotes: tuple[str, ...]
    readings: tuple[str, ...]
    kind: str
    obligations: tuple[str, ...]
    span: Span = NOWHERE
    layer: str = ""                  # the edition or layer it comes from



@dataclass(frozen=True)
class Template:
    """How pred(args) reads in plain English; {Var} is filled with the value bound to Var."""
    pred: Name
    args: tuple[Term, ...]
    text: str
    span: Span = NOWHERE


@dataclass(frozen=True)
class Action:
    """A changeable action: an event a practitioner can still record (kind, the field values its
    filters fix, and how it reads).  Counterfactuals propose nothing else."""
    kind: str
    fields: tuple[tuple[str, Constant], ...]
    phrase: str
    span: Span = NOWHERE


@dataclass(frozen=True)
class ResultInfo:
    """A declared result (`result tier(T) "Tier"`): the predicate, its variables, its title."""
    pred: Name
    args: tuple[str, ...]
    title: str
    span: Span = NOWHERE


@dataclass(frozen=True)
class InputField:
    name: str
    type: str                        # decimal, integer, date, boolean, name, string
    choices: tuple[Constant, ...] = ()


@dataclass(frozen=True)
class InputInfo:
    """A declared input: a fact a case file of the file's kind gives under this name."""
    name: Name
    fields: tuple[InputField, ...]
    what: str
    span: Span = NOWHERE


@dataclass
class Program:
    edition: Edition                 # the policy's header, as parsed
    rules: list[AnyRule]
    standards: dict[str, StandardInfo]
    obligations: dict[str, ObligationInfo]
    arities: dict[Name, int]
    templates: tuple[Template, ...] = ()
    actions: tuple[Action, ...] = ()
    results: tuple[ResultInfo, ...] = ()
    inputs: tuple[InputInfo, ...] = ()
    changes: tuple[LayerChange, ...] = ()   # a layer's changes to its base(s) (compiler.layers)
    base: str | None = None          # a layer's direct base edition (None: not a layer)

    @property
    def layered(self) -> bool:
        """A layer on an edition: outputs then say which layer each obligation comes from."""
        return self.base is not None

    @property
    def kind(self) -> str:
        return self.edition.kind

    @property
    def stands_alone(self) -> bool:
        """A file of another kind than the National Standards: results, not obligations."""
        return self.edition.kind != "national_standards"

    def rules_for(self, pred: str) -> list[AnyRule]:
        return [r for r in self.rules if r.head.pred == pred]
