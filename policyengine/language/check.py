"""Static checks on a parsed policy, each reported at file:line:column.

Checked here: citations, duplicate standard ids, unknown event kinds, fields and time units,
undefined predicates, arity mismatches and unsafe variables.  Negation that cannot be
stratified is checked on the compiled rules (`compiler.stratify`), where every rule the
obligations generate is visible.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import ast
from .errors import Diagnostic
from ..compiler.predicates import CASE_FACTS, CONTEXT_NAMES, ENGINE_FACTS, GENERATED, PERIOD_KINDS

KNOWN_UNITS = {"working_days", "days", "weeks", "months"}
UNIT_HELP = "working days, days, weeks or months"


@dataclass
class _Scope:
    """What the checker knows while walking one file."""
    arities: dict[str, int]
    vocabulary: dict[str, dict[str, str]]
    inputs: dict[str, set[int]] = field(default_factory=dict)   # pred -> argument positions callers bind
    shapes: dict[str, str] = field(default_factory=dict)        # pred -> "tier_at(D, Tier)" as first defined
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, span: ast.Span, message: str, found: str | None = None, expected: str | None = None) -> None:
        self.problems.append(Diagnostic(span, message, found, expected))


def builtin_arities() -> dict[str, int]:
    return {name: len(args) for table in (CASE_FACTS, ENGINE_FACTS, GENERATED) for name, args in table.items()}


def defined_arities(policies: list[ast.Policy]) -> dict[str, int]:
    arities = builtin_arities()
    for policy in policies:
        for rule in policy.all_rules():
            arities.setdefault(rule.head.predicate, rule.head.arity)
    return arities


def check_policy(policy: ast.Policy, vocabulary: dict[str, dict[str, str]],
                 library: list[ast.Policy] = ()) -> list[Diagnostic]:
    """All problems in `policy`, given the predicates that `library` (the prelude) defines."""
    scope = _Scope(defined_arities([*library, policy]), vocabulary)
    for source in (*library, policy):
        for rule in source.all_rules():
            if all(isinstance(a, ast.Var) for a in rule.head.args):
                scope.shapes.setdefault(rule.head.predicate, f"{rule.head.predicate}("
                                        f"{', '.join(a.name for a in rule.head.args)})")
            positions = {i for i, a in enumerate(rule.head.args) if isinstance(a, ast.Var) and a.name in rule.given}
            if positions:
                scope.inputs.setdefault(rule.head.predicate, set()).update(positions)
    _check_heads(policy, scope)
    if policy.edition is None and not policy.file.endswith("prelude.nsr"):
        scope.error(ast.Span(policy.file, 1, 1), "policy has no edition header",
                    expected='edition "NAME" { title "..." publisher "..." in force from DATE to DATE }')
    seen: dict[str, ast.Standard] = {}
    for standard in policy.standards:
        if standard.id in seen:
            first = seen[standard.id].span
            scope.error(standard.span, f"duplicate standard id {standard.id!r} (first defined at {first})")
        seen.setdefault(standard.id, standard)
        if not standard.quotes:
            scope.error(standard.span, f"standard {standard.id!r} has no citation",
                        expected='quote "the text of the paragraph it encodes"')
        if not standard.title:
            scope.error(standard.span, f"standard {standard.id!r} has no title", expected='title "..."')
        names: set[str] = set()
        for block in (*standard.obligations, *standard.recurrings):
            if block.name in names:
                scope.error(block.span, f"duplicate obligation name {block.name!r} in standard {standard.id!r}")
            names.add(block.name)
        for obligation in standard.obligations:
            _check_obligation(obligation, scope)
        for recurring in standard.recurrings:
            _check_recurring(recurring, scope)
    for rule in policy.all_rules():
        _check_rule(rule, scope)
    unique = {(d.span, d.message, d.found, d.expected): d for d in scope.problems}
    return sorted(unique.values(), key=lambda d: (d.span.file, d.span.line, d.span.column))


def _check_heads(policy: ast.Policy, scope: _Scope) -> None:
    reserved = {**CASE_FACTS, **ENGINE_FACTS, **GENERATED}
    for rule in policy.all_rules():
        head = rule.head
        if head.predicate in reserved:
            scope.error(head.span, f"{head.predicate!r} is a case fact or generated predicate and cannot be redefined")
        elif scope.arities.get(head.predicate, head.arity) != head.arity:
            scope.error(head.span, f"arity mismatch: {head.predicate} is defined elsewhere with "
                        f"{scope.arities[head.predicate]} arguments, here with {head.arity}")


# ------------------------------------------------------------------ rules and bodies
def _check_rule(rule: ast.Rule, scope: _Scope) -> None:
    for arg in rule.head.args:
        if isinstance(arg, ast.Const):
            _check_context_name(arg, scope, context=False, window=False)
    head_vars = {a.name for a in rule.head.args if isinstance(a, ast.Var)}
    for name in rule.given:
        if name not in head_vars:
            scope.error(rule.head.span, f"'given {name}' names a variable that is not in the head of {rule.head.predicate}")
    bound = _check_body(rule.body, set(rule.given), scope, context=False)
    for arg in rule.head.args:
        for var in _vars(arg):
            if var.name not in bound:
                scope.error(var.span, f"unsafe variable {var.name}: it appears in the head of "
                            f"{rule.head.predicate} but is not bound by a positive condition in the body")
        if not isinstance(arg, (ast.Var, ast.Const)):
            scope.error(rule.head.span, "a rule head takes variables and constants only",
                        expected="compute the value in the body: X = ...")


def _check_body(body: tuple[ast.Literal, ...], bound: set[str], scope: _Scope, context: bool,
                window: bool = False) -> set[str]:
    """Walk a body left to right as the engine will, growing the set of bound variables."""
    bound = set(bound)
    for literal in body:
        if isinstance(literal, ast.Positive):
            _check_atom(literal.atom, scope, context, window)
            for position in sorted(scope.inputs.get(literal.atom.predicate, ())):
                if position < len(literal.atom.args):
                    _require_bound(literal.atom.args[position], bound, scope, context, window,
                                   f"{literal.atom.predicate} needs argument {position + 1} known: "
                                   "bind it in an earlier condition")
            for arg in literal.atom.args:
                if isinstance(arg, ast.Var):
                    bound.add(arg.name)
                else:
                    _require_bound(arg, bound, scope, context, window, "used in a computed argument")
        elif isinstance(literal, ast.Negative):
            _check_atom(literal.atom, scope, context, window)
            for arg in literal.atom.args:
                _require_bound(arg, bound, scope, context, window,
                               f"negated in 'not {literal.atom.predicate}(...)': bind it in an earlier positive condition")
        elif isinstance(literal, ast.Compare):
            left, right = literal.left, literal.right
            if literal.op == "=" and isinstance(left, ast.Var) and left.name not in bound:
                _require_bound(right, bound, scope, context, window, f"needed to compute {left.name}")
                bound.add(left.name)
            elif literal.op == "=" and isinstance(right, ast.Var) and right.name not in bound:
                _require_bound(left, bound, scope, context, window, f"needed to compute {right.name}")
                bound.add(right.name)
            else:
                for side in (left, right):
                    _require_bound(side, bound, scope, context, window,
                                   f"compared with '{literal.op}': bind it in an earlier positive condition")
        elif isinstance(literal, ast.Member):
            _require_bound(literal.expr, bound, scope, context, window, "tested with 'in': bind it first")
    return bound


def _require_bound(expr: ast.Expr, bound: set[str], scope: _Scope, context: bool, window: bool, why: str) -> None:
    if isinstance(expr, ast.Count):
        inner = _check_body(expr.body, bound, scope, context, window)
        if expr.var.name not in inner:
            scope.error(expr.var.span, f"unsafe variable {expr.var.name}: the counted variable must be bound by "
                        "a positive condition inside count(...)")
        return
    if isinstance(expr, ast.Const):
        _check_context_name(expr, scope, context, window)
    if isinstance(expr, ast.Shift):
        _check_duration(expr.duration, scope)
    for part in _subexprs(expr):
        if isinstance(part, ast.Count):
            _require_bound(part, bound, scope, context, window, why)
        elif isinstance(part, ast.Shift):
            _check_duration(part.duration, scope)
    for var in _vars(expr):
        if var.name not in bound:
            scope.error(var.span, f"unsafe variable {var.name}: {why}")


def _check_context_name(const: ast.Const, scope: _Scope, context: bool, window: bool) -> None:
    if isinstance(const.value, str) and const.value in CONTEXT_NAMES:
        if not context:
            scope.error(const.span, f"{const.value!r} only has a meaning inside an obligation or recurring block")
        elif const.value.startswith("window") and not window:
            scope.error(const.span, f"{const.value!r} only has a meaning in 'each window when ...'")


def _check_atom(atom: ast.Atom, scope: _Scope, context: bool, window: bool) -> None:
    expected = scope.arities.get(atom.predicate)
    if expected is None:
        scope.error(atom.span, f"undefined predicate {atom.predicate}/{atom.arity}",
                    expected="a case fact, a predicate defined by a rule, or a generated predicate")
    elif expected != atom.arity:
        from ..compiler.predicates import signature
        names = signature(atom.predicate)
        shape = (f"{atom.predicate}({', '.join(names)})" if names
                 else scope.shapes.get(atom.predicate, f"{expected} arguments"))
        scope.error(atom.span, f"arity mismatch: {atom.predicate} takes {expected} argument(s), given {atom.arity}",
                    expected=shape)
    for arg in atom.args:
        if isinstance(arg, ast.Const):
            _check_context_name(arg, scope, context, window)
    # event(E, kind, D) and event_field(E, field, V) with constant kinds/fields are checked too.
    if atom.predicate == "event" and atom.arity == 3 and isinstance(atom.args[1], ast.Const):
        _check_kind(str(atom.args[1].value), atom.args[1].span, scope)
    if atom.predicate == "event_field" and atom.arity == 3 and isinstance(atom.args[1], ast.Const):
        field_name = str(atom.args[1].value)
        kinds = sorted(kind for kind, fields in scope.vocabulary.items() if field_name in fields)
        types = {scope.vocabulary[kind][field_name] for kind in kinds}
        if not types:
            scope.error(atom.args[1].span, f"unknown event field {field_name!r}", expected="a field of some event kind")
        elif isinstance(atom.args[2], ast.Const) and len(types) == 1:
            _check_value(atom.args[2], types.pop(), f"{'/'.join(kinds)}.{field_name}", scope)
    if atom.predicate == "period" and atom.arity == 4 and isinstance(atom.args[1], ast.Const):
        if atom.args[1].value not in PERIOD_KINDS:
            scope.error(atom.args[1].span, f"unknown period kind {atom.args[1].value!r}", expected=", ".join(PERIOD_KINDS))


def _check_duration(duration: ast.Duration, scope: _Scope) -> None:
    if duration.unit not in KNOWN_UNITS:
        scope.error(duration.span, "unknown time unit", duration.text.split(" ", 1)[-1], UNIT_HELP)


def _check_kind(kind: str, span: ast.Span, scope: _Scope) -> bool:
    if kind not in scope.vocabulary:
        scope.error(span, f"unknown event kind {kind!r}", expected=", ".join(sorted(scope.vocabulary)))
        return False
    return True


def _subexprs(expr: ast.Expr):
    yield expr
    if isinstance(expr, ast.Arith):
        yield from _subexprs(expr.left)
        yield from _subexprs(expr.right)
    elif isinstance(expr, ast.Shift):
        yield from _subexprs(expr.base)
        if isinstance(expr.duration.amount, ast.Var):
            yield expr.duration.amount


def _vars(expr: ast.Expr) -> list[ast.Var]:
    if isinstance(expr, ast.Count):
        return []
    return [part for part in _subexprs(expr) if isinstance(part, ast.Var)]


# ------------------------------------------------------------------ obligation blocks
_CONTEXT = {"trigger", "trigger_date", "trigger_sentence"}


def _check_pattern(pattern: ast.EventPattern, scope: _Scope, role: str, derived: tuple[str, ...] = ()) -> None:
    """An event kind with filters, or (where `derived` names its arguments) a derived predicate."""
    if derived and pattern.kind not in scope.vocabulary and pattern.kind in scope.arities:
        if scope.arities[pattern.kind] != len(derived):
            scope.error(pattern.span, f"a derived predicate in {role} must take {len(derived)} arguments "
                        f"({', '.join(derived)}); {pattern.kind} takes {scope.arities[pattern.kind]}")
        if pattern.filters:
            scope.error(pattern.filters[0].span, "'where' filters apply to event kinds, not derived predicates")
        return
    if not _check_kind(pattern.kind, pattern.span, scope):
        return
    fields = scope.vocabulary[pattern.kind]
    for flt in pattern.filters:
        if flt.field not in fields:
            scope.error(flt.span, f"unknown field {flt.field!r} for event kind {pattern.kind!r} in {role}",
                        expected=", ".join(sorted(fields)) or "no fields")
            continue
        for value in flt.values:
            if isinstance(value, ast.Const):
                _check_value(value, fields[flt.field], f"{pattern.kind}.{flt.field}", scope)


def _check_value(value: ast.Const, type_name: str, where: str, scope: _Scope) -> None:
    """A constant compared with a field must be a value that field can hold."""
    if isinstance(value.value, str) and value.value in _CONTEXT:
        return
    if type_name.startswith("enum:"):
        options = type_name[5:].split("|")
        if value.value not in options:
            scope.error(value.span, f"{value.value!r} is not a value of {where}", expected=", ".join(options))
    elif type_name == "boolean" and not isinstance(value.value, bool):
        scope.error(value.span, f"{value.value!r} is not a value of {where}", expected="true or false")
    elif type_name == "integer" and (isinstance(value.value, bool) or not isinstance(value.value, int)):
        scope.error(value.span, f"{value.value!r} is not a value of {where}", expected="a whole number")
    elif type_name == "date" and not isinstance(value.value, dt.date):
        scope.error(value.span, f"{value.value!r} is not a value of {where}", expected="a date (YYYY-MM-DD)")


def _check_common(block, scope: _Scope) -> None:
    if block.trigger is None:
        scope.error(block.span, f"{block.name!r} has no trigger", expected="after EVENT_KIND [where ...]")
    else:
        _check_pattern(block.trigger, scope, "the trigger", derived=("trigger", "date"))
    context = set(CONTEXT_NAMES[n] for n in _CONTEXT)
    _check_body(block.when, context, scope, context=True)


def _check_obligation(obligation: ast.Obligation, scope: _Scope) -> None:
    _check_common(obligation, scope)
    if not obligation.deadlines and not obligation.judgement:
        scope.error(obligation.span, f"obligation {obligation.name!r} has neither a deadline nor 'judgement'",
                    expected="due within N working days / due same day / judgement")
    for index, deadline in enumerate(obligation.deadlines):
        if deadline.duration is not None:
            _check_duration(deadline.duration, scope)
            if isinstance(deadline.duration.amount, ast.Var):
                scope.error(deadline.duration.span, "a deadline needs a fixed number", found=deadline.duration.text)
        if deadline.otherwise and index != len(obligation.deadlines) - 1:
            scope.error(deadline.span, "'otherwise' must be the last deadline of the obligation")
        if deadline.condition:
            _check_body(deadline.condition, {CONTEXT_NAMES[n] for n in _CONTEXT}, scope, context=True)
    if obligation.deadlines and not obligation.met_by:
        scope.error(obligation.span, f"obligation {obligation.name!r} has a deadline but nothing that meets it",
                    expected="met by EVENT_KIND [where ...]")
    for pattern in obligation.met_by:
        _check_pattern(pattern, scope, "'met by'", derived=("trigger", "event", "date"))
    for exception in obligation.exceptions:
        _check_body(exception.body, {CONTEXT_NAMES[n] for n in _CONTEXT}, scope, context=True)


def _check_recurring(recurring: ast.Recurring, scope: _Scope) -> None:
    _check_common(recurring, scope)
    context = {CONTEXT_NAMES[n] for n in (*_CONTEXT, "window_start", "window_end")}
    _check_body(recurring.window_when, context, scope, context=True, window=True)
    if not recurring.phases:
        scope.error(recurring.span, f"recurring {recurring.name!r} has no phase",
                    expected="at least N every DURATION [for DURATION] / at least N throughout")
    for index, phase in enumerate(recurring.phases):
        for duration in (phase.every, phase.length):
            if duration is None:
                continue
            _check_duration(duration, scope)
            if duration.unit not in ("days", "weeks"):
                scope.error(duration.span, "schedule windows are counted in calendar days or weeks",
                            duration.text, "days or weeks")
        last = index == len(recurring.phases) - 1
        if (phase.length is None or phase.every is None) and not last:
            scope.error(phase.span, "only the last phase can run to the end of the schedule", expected="for DURATION")
    if recurring.counted_by is None:
        scope.error(recurring.span, f"recurring {recurring.name!r} counts nothing", expected="counting EVENT_KIND [where ...]")
    else:
        _check_pattern(recurring.counted_by, scope, "'counting'", derived=("event", "date"))
    for kind in recurring.paused_during:
        if kind not in PERIOD_KINDS:
            scope.error(recurring.span, f"unknown period kind {kind!r} in 'paused during'", expected=", ".join(PERIOD_KINDS))
    if recurring.ends_by is None:
        scope.error(recurring.span, f"recurring {recurring.name!r} has no end", expected="ends by PREDICATE")
    elif scope.arities.get(recurring.ends_by) != 2:
        scope.error(recurring.span, f"'ends by {recurring.ends_by}' needs a predicate of 2 arguments (trigger, end date)")
