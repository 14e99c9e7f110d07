"""Typed syntax tree of a policy file.

Every node carries a `Span` so that the checker and the explainer can point a policy writer
at the exact place in the `.nsr` source.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(frozen=True)
class Span:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Span("<builtin>", 0, 0)


# ------------------------------------------------------------------ terms and expressions
@dataclass(frozen=True)
class Var:
    name: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Const:
    """A constant: a lower_case name (kept as str), int, bool, date or quoted string."""
    value: object
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Duration:
    amount: Union[int, Var]
    unit: str            # normalised: working_days, days, weeks, months (checked later)
    text: str            # as written, for messages
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Arith:
    op: str              # + - * /
    left: "Expr"
    right: "Expr"
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Shift:
    """A date moved by a duration: `D + 10 working days`, `D - 12 months`."""
    base: "Expr"
    sign: int
    duration: Duration
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Count:
    """`count(W where body)`: how many distinct W satisfy body (0 when none); with `summed`,
    `sum(M for each W where body)`: M added up once per distinct W (0 when none)."""
    var: Var
    body: tuple["Literal", ...]
    span: Span = field(default=NOWHERE, compare=False)
    summed: Var | None = None
    aggregate: str = "count"     # count, sum, min or max (min/max: no value when nothing matches)


Expr = Union[Var, Const, Arith, Shift, Count]


# ------------------------------------------------------------------ literals and rules
@dataclass(frozen=True)
class Atom:
    predicate: str
    args: tuple[Expr, ...]
    span: Span = field(default=NOWHERE, compare=False)

    @property
    def arity(self) -> int:
        return len(self.args)


@dataclass(frozen=True)
class Positive:
    atom: Atom
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Negative:
    atom: Atom
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Compare:
    op: str              # = != < <= > >=
    left: Expr
    right: Expr
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Member:
    expr: Expr
    values: tuple[Const, ...]
    span: Span = field(default=NOWHERE, compare=False)


Literal = Union[Positive, Negative, Compare, Member]


@dataclass(frozen=True)
class Rule:
    """head if body.  `given` names head variables the caller must bind (input parameters),
    as in `rule tier_at(D, Tier) given D if ...`: the rule is only asked about known dates."""
    head: Atom
    body: tuple[Literal, ...]
    span: Span = field(default=NOWHERE, compare=False)
    standard: str | None = None
    given: tuple[str, ...] = ()


# ------------------------------------------------------------------ obligations
@dataclass(frozen=True)
class Filter:
    """A condition on one field of an event: `with = offender_manager`."""
    field: str
    op: str              # = != < <= > >= in
    values: tuple[Union[Const, Var], ...]
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class EventPattern:
    """An event kind with field filters; `earlier` lets events before the trigger count too."""
    kind: str
    filters: tuple[Filter, ...]
    span: Span = field(default=NOWHERE, compare=False)
    earlier: bool = False


@dataclass(frozen=True)
class Deadline:
    """`due within 5 working days [if body | otherwise]`.

    `rule` is one of within / same_day / same_or_next_working_day; `condition` is None for
    an unconditional deadline and () for `otherwise`."""
    rule: str
    duration: Duration | None
    condition: tuple[Literal, ...] | None
    otherwise: bool
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Exception_:
    body: tuple[Literal, ...]
    paragraph: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Need:
    """`needs ATOM "what" at "place"`: a fact the obligation cannot be timed without.  Without it
    the obligation is reported as missing data, naming `place`, the case-file field to record."""
    atom: Atom
    what: str
    place: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Obligation:
    name: str
    title: str | None
    trigger: EventPattern | None
    when: tuple[Literal, ...]
    deadlines: tuple[Deadline, ...]
    met_by: tuple[EventPattern, ...]
    judgement: bool
    exceptions: tuple[Exception_, ...]
    readings: tuple[str, ...]
    span: Span = field(default=NOWHERE, compare=False)
    needs: tuple[Need, ...] = ()


@dataclass(frozen=True)
class Phase:
    """At least `count` events in every window of `every`, for `length` (None: to the end).

    `every` None means one window over the whole schedule (`throughout`)."""
    count: int
    every: Duration | None
    length: Duration | None
    span: Span = field(default=NOWHERE, compare=False)
    measure: str = "events"          # or "hours": the counted events' duration_minutes, added up


@dataclass(frozen=True)
class Recurring:
    name: str
    title: str | None
    trigger: EventPattern | None
    when: tuple[Literal, ...]
    window_when: tuple[Literal, ...]
    phases: tuple[Phase, ...]
    counted_by: EventPattern | None
    paused_during: tuple[str, ...]
    ends_by: str | None
    readings: tuple[str, ...]
    span: Span = field(default=NOWHERE, compare=False)
    needs: tuple[Need, ...] = ()


# ------------------------------------------------------------------ file structure
@dataclass(frozen=True)
class Edition:
    name: str
    title: str | None
    publisher: str | None
    in_force_from: dt.date | None
    in_force_to: dt.date | None
    source: str | None
    span: Span = field(default=NOWHERE, compare=False)
    kind: str = "national_standards"   # any other kind stands alone: no prelude, no library
    extends: str | None = None         # a layer's base: an installed edition's name or a file path
    extends_span: Span = field(default=NOWHERE, compare=False)


NATIONAL_STANDARDS = "national_standards"


@dataclass(frozen=True)
class Standard:
    id: str
    title: str | None
    section: str | None
    quotes: tuple[str, ...]
    readings: tuple[str, ...]
    obligations: tuple[Obligation, ...]
    recurrings: tuple[Recurring, ...]
    rules: tuple[Rule, ...]
    span: Span = field(default=NOWHERE, compare=False)
    quote_spans: tuple[Span, ...] = field(default=(), compare=False)   # where each quote's string starts
    overrides: bool = False          # `override standard "ID"`: a layer's replacement of its base's ID
    per: str | None = None           # a layer's change: the local document and paragraph it follows
    because: str | None = None       # ... and why the base's standard is changed
    layer: str | None = None         # in a layered policy: the edition or layer it comes from

    @property
    def kind(self) -> str:
        """timed (has a clock), judgement, or conditional (rules only)."""
        if self.recurrings or any(o.deadlines for o in self.obligations):
            return "timed"
        if any(o.judgement for o in self.obligations):
            return "judgement"
        return "conditional"


@dataclass(frozen=True)
class TopicMember:
    """A standard id ("2c.6") or one obligation of it ("2c.13/first_contact") listed under a topic."""
    ref: str
    span: Span = field(default=NOWHERE, compare=False)

    @property
    def standard(self) -> str:
        return self.ref.split("/", 1)[0]

    @property
    def obligation(self) -> str | None:
        return self.ref.split("/", 1)[1] if "/" in self.ref else None


@dataclass(frozen=True)
class Withdrawal:
    """`withdraw standard "ID" { per "..." because "..." }`: a layer removes its base's standard ID."""
    id: str
    per: str | None
    because: str | None
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class LayerChange:
    """A change a layer makes to its base (compiler.layers): a standard added, overridden or
    withdrawn, with the local document cited and the reason (empty for an added standard)."""
    action: str                      # added | overridden | withdrawn
    standard: str
    layer: str                       # the name of the layer that makes it
    per: str = ""
    because: str = ""
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Topic:
    """What a group of standards is about; editions that share a topic name correspond there.

    `added` is the reason the topic has no counterpart in the previous edition (None: it has one)."""
    name: str
    title: str | None
    members: tuple[TopicMember, ...]
    added: str | None
    readings: tuple[str, ...]
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class DroppedTopic:
    """`dropped topic NAME "why"`: a topic of the previous edition with no counterpart here, on purpose."""
    name: str
    reason: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Template:
    """`explain ATOM "text"`: the plain-English reading of a condition, {Var} filled from the atom."""
    atom: "Atom"
    text: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Changeable:
    """`changeable KIND [where ...] "phrase"`: an action a practitioner can take, for what-would-meet-it."""
    pattern: EventPattern
    phrase: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Result:
    """`result ATOM "title"`: a value the file computes and reports (a tier, a points total)."""
    atom: Atom
    title: str
    span: Span = field(default=NOWHERE, compare=False)


INPUT_TYPES = ("decimal", "integer", "date", "boolean", "name", "string")


@dataclass(frozen=True)
class InputField:
    """One argument of an input fact: its name and type, or the values it allows (`choices`)."""
    name: str
    type: str                       # one of INPUT_TYPES; "name" for a list of allowed values
    choices: tuple[object, ...] = ()
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Input:
    """`input NAME(field: type, ...) "what"`: a fact case files of this kind give, by that name."""
    name: str
    fields: tuple[InputField, ...]
    what: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Import:
    """`import "NAME"`: the shared rule file policies/library/NAME.nsr loads into this file."""
    library: str
    span: Span = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Policy:
    file: str
    edition: Edition | None
    standards: tuple[Standard, ...]
    rules: tuple[Rule, ...]          # top-level rules (not inside a standard)
    topics: tuple[Topic, ...] = ()
    dropped: tuple[DroppedTopic, ...] = ()
    templates: tuple[Template, ...] = ()
    changeables: tuple[Changeable, ...] = ()
    results: tuple[Result, ...] = ()
    inputs: tuple[Input, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()
    imports: tuple[Import, ...] = ()
    layers: tuple[str, ...] = ()     # a layered policy, resolved: its bottom edition first, itself last
    changes: tuple[LayerChange, ...] = ()   # ... and every layer's changes, the lowest layer's first

    @property
    def base(self) -> str | None:
        """A layer's direct base (None: not a layer)."""
        return self.layers[-2] if len(self.layers) > 1 else None

    @property
    def kind(self) -> str:
        return self.edition.kind if self.edition else NATIONAL_STANDARDS

    def all_rules(self) -> list[Rule]:
        return list(self.rules) + [r for s in self.standards for r in s.rules]


def subexpressions(expr: "Expr") -> Iterator["Expr"]:
    """The expression and every expression inside it, a duration's variable amount included (not
    inside a count or sum: its body is a body of its own)."""
    yield expr
    if isinstance(expr, Arith):
        yield from subexpressions(expr.left)
        yield from subexpressions(expr.right)
    elif isinstance(expr, Shift):
        yield from subexpressions(expr.base)
        if isinstance(expr.duration.amount, Var):
            yield expr.duration.amount
