"""Static checks on a parsed policy, each reported at file:line:column.

Checked here: citations, duplicate standard ids, unknown event kinds, fields and time units,
undefined predicates, arity mismatches and unsafe variables.  Negation that cannot be
stratified is checked on the compiled rules (`compiler.stratify`), where every rule the
obligations generate is visible.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import ast
from .errors import Diagnostic, did_you_mean
from .kinds import Positions, argument_kinds, kind_problems
from .predicates import CASE_FACTS, CONTEXT_NAMES, ENGINE_FACTS, GENERATED, PERIOD_KINDS
from ..cases.places import place_problem

KNOWN_UNITS = {"working_days", "days", "weeks", "months"}
MAX_DURATION = 10_000   # of any unit: 10,000 weeks is nearly two centuries
UNIT_HELP = "working days, days, weeks or months"
UNIT_SPELLINGS = ("working day", "working days", "day", "days", "calendar day", "calendar days", "week", "weeks",
                  "month", "months")


@dataclass
class _Scope:
    """What the checker knows while walking one file."""
    arities: dict[str, int]
    vocabulary: dict[str, dict[str, str]]
    inputs: dict[str, set[int]] = field(default_factory=dict)   # pred -> argument positions callers bind
    shapes: dict[str, str] = field(default_factory=dict)        # pred -> "tier_at(D, Tier)" as first defined
    kinds: Positions = field(default_factory=dict)               # (pred, position) -> kinds of value it holds
    elsewhere: dict[str, str] = field(default_factory=dict)      # pred -> the library not imported that defines it
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, span: ast.Span, message: str, found: str | None = None, expected: str | None = None,
              hint: str | None = None) -> None:
        self.problems.append(Diagnostic(span, message, found, expected, hint))


def builtin_arities() -> dict[str, int]:
    return {name: len(args) for table in (CASE_FACTS, ENGINE_FACTS, GENERATED) for name, args in table.items()}


def defined_arities(policies: list[ast.Policy]) -> dict[str, int]:
    arities = builtin_arities()
    for policy in policies:
        for rule in policy.all_rules():
            arities.setdefault(rule.head.predicate, rule.head.arity)
    return arities


def check_policy(policy: ast.Policy, vocabulary: dict[str, dict[str, str]],
                 library: list[ast.Policy] = (), shared: bool = False,
                 elsewhere: dict[str, str] | None = None) -> list[Diagnostic]:
    """All problems in `policy`, given the predicates that `library` (the prelude and the libraries
    it imports) defines.  A `shared` file (the prelude, policies/library/*) belongs to no edition:
    it needs no header.  `elsewhere` names the library of each predicate left out by not importing it."""
    alone = policy.kind != ast.NATIONAL_STANDARDS
    scope = _Scope(_standalone_arities(policy) if alone else defined_arities([*library, policy]), vocabulary,
                   elsewhere=dict(elsewhere or {}))
    scope.kinds = argument_kinds([*library, policy], vocabulary)
    for source in (*library, policy):
        for rule in source.all_rules():
            if all(isinstance(a, ast.Var) for a in rule.head.args):
                scope.shapes.setdefault(rule.head.predicate, f"{rule.head.predicate}("
                                        f"{', '.join(a.name for a in rule.head.args)})")
            positions = {i for i, a in enumerate(rule.head.args) if isinstance(a, ast.Var) and a.name in rule.given}
            if positions:
                scope.inputs.setdefault(rule.head.predicate, set()).update(positions)
    _check_heads(policy, scope)
    if alone:
        _check_standalone(policy, scope)
        for request in policy.imports:
            scope.error(request.span, f"a file of kind {policy.kind} imports no library (it stands alone)",
                        request.library, hint="remove the import, or declare what the file reads as inputs")
    if policy.edition is None and not shared and not policy.file.endswith("prelude.nsr"):
        scope.error(ast.Span(policy.file, 1, 1), "policy has no edition header",
                    expected='edition "NAME" { title "..." publisher "..." in force from DATE to DATE }')
    _check_layer_changes(policy, scope)
    seen: dict[str, ast.Standard] = {}
    for standard in policy.standards:
        if standard.id in seen:
            first = seen[standard.id].span
            scope.error(standard.span, f"duplicate standard id {standard.id!r} (first defined at {first})")
        seen.setdefault(standard.id, standard)
        if alone:   # the code a standard of another kind encodes: its section names file and commit
            if not _CITATION.search(standard.section or ""):
                scope.error(standard.span, f"standard {standard.id!r} does not cite the file and commit it encodes",
                            found=standard.section, expected='section "path/to/File.kt @ 1a2b3c4"')
        elif not standard.quotes:
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
    _check_topics(policy, scope)
    _check_plain_english(policy, scope)
    unique = {(d.span, d.message, d.found, d.expected): d for d in scope.problems}
    return sorted(unique.values(), key=lambda d: (d.span.file, d.span.line, d.span.column))


def _check_layer_changes(policy: ast.Policy, scope: _Scope) -> None:
    """A layer's overrides and withdrawals cite the local document and give a reason; only a layer
    (an edition that `extends` another) has them.  Whether the base has the standard is checked
    when the layer is resolved (compiler.layers)."""
    layered = policy.edition is not None and policy.edition.extends is not None
    changes = [(f"override standard {s.id!r}", s) for s in policy.standards if s.overrides]
    changes += [(f"withdraw standard {w.id!r}", w) for w in policy.withdrawals]
    for what, change in changes:
        if not layered:
            scope.error(change.span, f"{what} changes a base edition, but this file extends none",
                        expected='a header such as edition "north-west-2015" extends "2015" { ... }',
                        hint="or, for a standard of this file's own, write 'standard' without 'override'")
            continue
        if not change.per:
            scope.error(change.span, f"{what} does not cite the local document that makes the change",
                        expected='per "the document and paragraph", e.g. per "Practice Direction 3/2016, para 4"')
        if not change.because:
            scope.error(change.span, f"{what} gives no reason", expected='because "why the local rule differs"')


def _check_topics(policy: ast.Policy, scope: _Scope) -> None:
    """Topics name standards (or obligations) of this file, once each; a topic is declared or dropped, not both.
    Whether topics line up with the neighbouring editions is `nsr lint`'s job (compare.correspondence)."""
    standards = {s.id: s for s in policy.standards}
    declared: dict[str, ast.Topic] = {}
    for topic in policy.topics:
        if topic.name in declared:
            scope.error(topic.span, f"duplicate topic {topic.name!r} (first declared at {declared[topic.name].span})")
        declared.setdefault(topic.name, topic)
        if not topic.members:
            scope.error(topic.span, f"topic {topic.name!r} lists no standards", expected='standards "ID", "ID"')
        seen: set[str] = set()
        for member in topic.members:
            if member.ref in seen:
                scope.error(member.span, f"{member.ref!r} is listed twice in topic {topic.name!r}")
            seen.add(member.ref)
            standard = standards.get(member.standard)
            if standard is None:
                scope.error(member.span, f"topic {topic.name!r} names no standard of this file", member.ref,
                            "a standard id declared in this file")
            elif member.obligation is not None:
                names = [b.name for b in (*standard.obligations, *standard.recurrings)]
                if member.obligation not in names:
                    scope.error(member.span, f"standard {member.standard!r} has no obligation {member.obligation!r}",
                                member.ref, ", ".join(f"{member.standard}/{n}" for n in names) or "the standard id alone")
    dropped: dict[str, ast.DroppedTopic] = {}
    for mark in policy.dropped:
        if mark.name in dropped:
            scope.error(mark.span, f"topic {mark.name!r} is dropped twice (first at {dropped[mark.name].span})")
        dropped.setdefault(mark.name, mark)
        if mark.name in declared:
            scope.error(mark.span, f"topic {mark.name!r} is both declared (at {declared[mark.name].span}) and dropped")


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _check_plain_english(policy: ast.Policy, scope: _Scope) -> None:
    """Templates read a defined predicate and fill only its own variables; changeable actions are event kinds."""
    for template in policy.templates:
        _check_atom(template.atom, scope, context=False, window=False)
        names = {arg.name for arg in template.atom.args if isinstance(arg, ast.Var)}
        for placeholder in _PLACEHOLDER.findall(template.text):
            if placeholder not in names:
                scope.error(template.span, f"the explanation of {template.atom.predicate} uses {{{placeholder}}}, "
                            "which is not one of its variables", found=placeholder,
                            expected=", ".join(sorted(names)) or "no placeholders (the atom has no variables)")
    inputs = {i.name for i in policy.inputs}
    for action in policy.changeables:
        if policy.kind != ast.NATIONAL_STANDARDS:   # an input a practitioner can change, tried by `why`
            if action.pattern.kind not in inputs or action.pattern.filters:
                scope.error(action.pattern.span, f"changeable {action.pattern.kind!r} is not an input of this file",
                            found=action.pattern.kind, expected=", ".join(sorted(inputs)) or "an input",
                            hint=did_you_mean(action.pattern.kind, inputs))
            continue
        _check_pattern(action.pattern, scope, "a changeable action")


_CITATION = re.compile(r"\S+ @ [0-9a-f]{7,40}\b")


def _standalone_arities(policy: ast.Policy) -> dict[str, int]:
    """A file of its own kind sees its inputs, the as-of date and its own rules: no case facts of
    the National Standards, no prelude."""
    arities = {"as_of": 1, **{i.name: len(i.fields) for i in policy.inputs}}
    for rule in policy.all_rules():
        arities.setdefault(rule.head.predicate, rule.head.arity)
    return arities


def _check_standalone(policy: ast.Policy, scope: _Scope) -> None:
    """Inputs declared once with known types; results defined with their arity; no obligations
    (their statuses come from the National Standards prelude, which does not load here)."""
    seen: dict[str, ast.Input] = {}
    for declared in policy.inputs:
        if declared.name in seen:
            scope.error(declared.span, f"input {declared.name!r} is declared twice (first at {seen[declared.name].span})")
        seen.setdefault(declared.name, declared)
        names: set[str] = set()
        for item in declared.fields:
            if item.type not in ast.INPUT_TYPES:
                scope.error(item.span, f"unknown input type {item.type!r}", found=item.type,
                            expected=", ".join(ast.INPUT_TYPES) + ", or a list of the values allowed",
                            hint=did_you_mean(item.type, ast.INPUT_TYPES))
            if item.name in names:
                scope.error(item.span, f"input {declared.name!r} has two fields named {item.name!r}")
            names.add(item.name)
    if not policy.results:
        scope.error(ast.Span(policy.file, 1, 1), f"a rule file of kind {policy.kind!r} declares no result",
                    expected='result NAME(Var, ...) "title"')
    for result in policy.results:
        _check_atom(result.atom, scope, context=False, window=False)
        for arg in result.atom.args:
            if not isinstance(arg, ast.Var):
                scope.error(result.span, f"result {result.atom.predicate} takes variables only", expected="Var")
    for standard in policy.standards:
        for block in (*standard.obligations, *standard.recurrings):
            scope.error(block.span, f"an obligation in a rule file of kind {policy.kind!r}: obligations belong to "
                        "National Standards editions", expected="rules and results")


def _check_heads(policy: ast.Policy, scope: _Scope) -> None:
    reserved = ({"as_of": ("date",), **{i.name: () for i in policy.inputs}} if policy.kind != ast.NATIONAL_STANDARDS
                else {**CASE_FACTS, **ENGINE_FACTS, **GENERATED})
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
                            f"{rule.head.predicate} but is not bound by a positive condition in the body",
                            hint=did_you_mean(var.name, bound))
        if not isinstance(arg, (ast.Var, ast.Const)):
            scope.error(rule.head.span, "a rule head takes variables and constants only",
                        expected="compute the value in the body: X = ...")


def _check_body(body: tuple[ast.Literal, ...], bound: set[str], scope: _Scope, context: bool,
                window: bool = False) -> set[str]:
    """Walk a body left to right as the engine will, growing the set of bound variables."""
    for span, message, expected in kind_problems(body, scope.kinds, scope.vocabulary):
        scope.error(span, message, expected=expected)
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
        aggregate = expr.aggregate
        for var in (expr.var, expr.summed):
            if var is not None and var.name not in inner:
                scope.error(var.span, f"unsafe variable {var.name}: the {'counted' if var is expr.var else 'summed'} "
                            f"variable must be bound by a positive condition inside {aggregate}(...)")
        return
    if isinstance(expr, ast.Const):
        _check_context_name(expr, scope, context, window)
    if isinstance(expr, ast.Shift):
        _check_duration(expr.duration, scope)
    for part in ast.subexpressions(expr):
        if isinstance(part, ast.Count):
            _require_bound(part, bound, scope, context, window, why)
        elif isinstance(part, ast.Shift):
            _check_duration(part.duration, scope)
        elif isinstance(part, ast.Arith) and part.op == "/" and _constant(part.right) == 0:
            scope.error(part.span, "division by zero", expected="a divisor that is not 0")
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
    if expected is None and atom.predicate in scope.elsewhere:
        library = scope.elsewhere[atom.predicate]
        scope.error(atom.span, f"undefined predicate {atom.predicate}/{atom.arity}: the library {library!r} "
                    "defines it, and this file does not import it",
                    hint=f'add `import "{library}"` after the edition header')
    elif expected is None:
        same_arity = [name for name, arity in scope.arities.items() if arity == atom.arity]
        scope.error(atom.span, f"undefined predicate {atom.predicate}/{atom.arity}",
                    expected="a case fact, a predicate defined by a rule, or a generated predicate",
                    hint=did_you_mean(atom.predicate, same_arity) or did_you_mean(atom.predicate, scope.arities))
    elif expected != atom.arity:
        from .predicates import signature
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


def unit_hint(amount: int | ast.Var, written: str) -> str | None:
    """How to write a unit the language does not have, in one it has with the same meaning (never
    a near spelling that means something else: '2 weekdays' is not '2 weeks')."""
    word = written.lower().rstrip("s")
    if word in ("weekday", "business day", "work day", "workday", "working weekday", "week day"):
        return f"write '{amount} working days' (Monday to Friday, bank holidays skipped)"
    if word == "hour":
        whole = amount // 24 if isinstance(amount, int) and amount % 24 == 0 and amount else None
        days = "days" if whole is None else f"{whole} day" if whole == 1 else f"{whole} days"
        return (f"case files record dates, not times: write {days} (24 hours is 1 day); hours are for "
                f"deadlines only (due within {amount} hours)")
    if word == "fortnight":
        return f"write '{amount * 2} weeks'" if isinstance(amount, int) else "write weeks (a fortnight is 2 weeks)"
    if word == "year":
        return f"write '{amount * 12} months'" if isinstance(amount, int) else "write months (a year is 12 months)"
    if word in ("calendar month",):
        return f"write '{amount} months' (months are calendar months)"
    return None


def _check_duration(duration: ast.Duration, scope: _Scope, deadline: bool = False) -> None:
    if duration.unit == "hours" and deadline:
        pass   # `due within 24 hours`: read against dates (section 8), so only a deadline takes hours
    elif duration.unit not in KNOWN_UNITS:
        written = duration.text.split(" ", 1)[-1]
        scope.error(duration.span, "unknown time unit", written, UNIT_HELP,
                    unit_hint(duration.amount, written) or did_you_mean(written, UNIT_SPELLINGS))
    if isinstance(duration.amount, int) and duration.amount > MAX_DURATION:
        scope.error(duration.span, "duration too long", duration.text, f"at most {MAX_DURATION:,} of any unit")


def _check_kind(kind: str, span: ast.Span, scope: _Scope) -> bool:
    if kind not in scope.vocabulary:
        scope.error(span, f"unknown event kind {kind!r}", expected=", ".join(sorted(scope.vocabulary)),
                    hint=did_you_mean(kind, scope.vocabulary))
        return False
    return True


def _constant(expr: ast.Expr) -> int | None:
    """The value of a whole-number expression made of numbers only (`2 - 2`), else None."""
    if isinstance(expr, ast.Const):
        return expr.value if type(expr.value) is int else None
    if isinstance(expr, ast.Arith):
        left, right = _constant(expr.left), _constant(expr.right)
        if left is None or right is None:
            return None
        if expr.op == "/":
            return None if right == 0 else left // right
        return {"+": left + right, "-": left - right, "*": left * right}[expr.op]
    return None


def _vars(expr: ast.Expr) -> list[ast.Var]:
    if isinstance(expr, ast.Count):
        return []
    return [part for part in ast.subexpressions(expr) if isinstance(part, ast.Var)]


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
                        expected=", ".join(sorted(fields)) or "no fields", hint=did_you_mean(flt.field, fields))
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
    for need in block.needs:
        _check_body((ast.Positive(need.atom, need.atom.span),), context, scope, context=True)
        problem = place_problem(need.place)
        if problem:
            scope.error(need.span, f"'needs ... at' names no field of a case file: {problem}", found=need.place,
                        expected="a field path such as sentences[].release_date or assessments[].tier")


def _check_obligation(obligation: ast.Obligation, scope: _Scope) -> None:
    _check_common(obligation, scope)
    if not obligation.deadlines and not obligation.judgement:
        scope.error(obligation.span, f"obligation {obligation.name!r} has neither a deadline nor 'judgement'",
                    expected="due within N working days / due same day / judgement")
    for index, deadline in enumerate(obligation.deadlines):
        if deadline.duration is not None:
            _check_duration(deadline.duration, scope, deadline=True)
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
    measures = {phase.measure for phase in recurring.phases}
    for phase in recurring.phases:
        if phase.measure not in ("events", "hours"):
            scope.error(phase.span, f"unknown measure {phase.measure!r}: a phase counts events, or adds up hours",
                        found=phase.measure, expected="hours, or nothing (events)")
    if len(measures) > 1 and measures <= {"events", "hours"}:
        scope.error(recurring.span, f"recurring {recurring.name!r} mixes phases counting events with phases "
                    "counting hours: write them as two recurring blocks")
    for index, phase in enumerate(recurring.phases):
        for duration in (phase.every, phase.length):
            if duration is None:
                continue
            _check_duration(duration, scope)
            if duration.amount == 0:
                scope.error(duration.span, "a schedule window cannot last 0 days", duration.text, "1 or more")
            if duration.unit not in ("days", "weeks", "months"):
                scope.error(duration.span, "schedule windows are counted in calendar days, weeks or months",
                            duration.text, "days, weeks or months")
        if phase.every is not None and phase.length is not None and {phase.every.unit, phase.length.unit} \
                <= {"days", "weeks", "months"} and (phase.every.unit == "months") != (phase.length.unit == "months"):
            scope.error(phase.length.span, f"a phase of windows of {phase.every.text} cannot run for "
                        f"{phase.length.text}: its windows and its length are counted alike",
                        phase.length.text, "months with months; days or weeks with days or weeks")
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
