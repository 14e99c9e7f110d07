"""What `nsr check` and `nsr why` show for a rule file of its own kind: its declared results.

The table has one row per result value, titled as the file declares it; JSON has the same with
each variable named.  `why` reads the derivation of a result back in the file's own `explain`
templates: every step of it that has a template is one line of plain English, indented under
the step it supports, so the breakdown is the rule file's, not this module's.
"""
from __future__ import annotations

import re

from ..calculate import Calculation, row_text, value_text
from ..compiler import ir
from .terminal import Screen, render, table

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def filled(template: ir.Template, values: tuple) -> str | None:
    """The template's text for pred(values), or None when its constants do not match the values."""
    binding = ir.bind(template.args, values)
    if binding is None:
        return None
    return _PLACEHOLDER.sub(lambda m: value_text(binding.get(m.group(1), m.group(0))), template.text)


def sentence(program: ir.Program, pred: str, values: tuple) -> str | None:
    """How pred(values) reads in the file's own words (its first matching `explain`)."""
    for template in program.templates:
        if template.pred == pred and len(template.args) == len(values):
            text = filled(template, values)
            if text is not None:
                return text
    return None


def results_table(calculation: Calculation, screen: Screen = Screen()) -> str:
    program = calculation.program
    edition = program.edition
    span = f"in force from {edition.in_force_from}" if edition.in_force_from else "no date in force"
    if edition.in_force_to:
        span += f" to {edition.in_force_to}"
    rows = []
    for result in program.results:
        for row in calculation.values[result.pred]:   # a result with no value has no row
            rows.append((result.title, row_text(row), sentence(program, result.pred, row) or ""))
    head = f"Case {calculation.case.id} under {edition.name} ({span}), as of {calculation.as_of:%a %d %b %Y}"
    if not rows:
        return render(screen, head, "", "No result has a value for this case.")
    grid = table(["Result", "Value", "Reading"], rows, screen)
    return render(screen, head, "", grid)


def results_json(calculation: Calculation) -> dict:
    program = calculation.program
    return {
        "case": calculation.case.id,
        "edition": program.edition.name,
        "kind": program.kind,
        "as_of": calculation.as_of.isoformat(),
        "results": [
            {"result": result.pred, "title": result.title,
             "values": [dict(zip(result.args, (_json(v) for v in row))) for row in calculation.values[result.pred]]}
            for result in program.results],
    }


def _json(value: object) -> object:
    """Numbers as JSON numbers only when whole (an exact decimal is text: "6.99", never 6.9899...)."""
    if isinstance(value, (bool, int)):
        return value
    return value_text(value)


# ------------------------------------------------------------------ why
MAX_DEPTH = 12


def _ground(literal: ir.Literal, binding: dict) -> ir.Literal:
    return ir.substitute_literal(literal, {name: ir.K(value) for name, value in binding.items()})


def _literal_words(pred: str, values: tuple) -> str:
    """pred(values) with no template: 'arp (any, static)'."""
    return f"{pred} ({', '.join('any' if v is None else value_text(v) for v in values)})"


class _Reader:
    """Walks a result's derivation and keeps the steps the file has words for."""

    def __init__(self, calculation: Calculation, why_not: bool = True):
        self.calculation = calculation
        self.why_not = why_not   # read the result's own `not` conditions out (off: its positive steps only)
        self.program = calculation.program
        self.rules: dict[str, list[ir.AnyRule]] = {}
        for rule in self.program.rules:
            self.rules.setdefault(rule.head.pred, []).append(rule)
        self.seen: set[tuple[str, tuple]] = set()

    def lines(self, pred: str, values: tuple, depth: int = 0) -> list[tuple[int, str]]:
        if (pred, values) in self.seen or depth > MAX_DEPTH:
            return []
        self.seen.add((pred, values))
        words = sentence(self.program, pred, values)
        here = [(depth, words)] if words else []
        inner = depth + 1 if words else depth
        supports, blockers = self._supports(pred, values)
        for child_pred, child_values in supports:
            here += self.lines(child_pred, child_values, inner)
        for child_pred, child_values in blockers if depth == 0 and self.why_not else ():   # the result's own `not P(...)`
            here += self.not_lines(child_pred, child_values, inner)
        return here

    def fresh_lines(self, pred: str, values: tuple, depth: int) -> list[tuple[int, str]]:
        """lines(), repeating what was already said elsewhere in the answer: a fact that blocks a
        reason is shown where it blocks it, even if it also supports the result."""
        seen, self.seen = self.seen, set()
        try:
            found = self.lines(pred, values, depth)
        finally:
            self.seen = seen | self.seen
        return found or [(depth, _literal_words(pred, values))]

    def not_lines(self, pred: str, values: tuple, depth: int) -> list[tuple[int, str]]:
        """Why pred(values) does not hold (None: any value), in the file's words: for each rule that
        could give it, what held and the first condition that failed.  `nsr why CASE provisional`
        when the tier is confirmed: each reason it could have been provisional, and why not."""
        from ..explain.derivation import first_failure, show_literal
        if ("not", pred, values) in self.seen or depth > MAX_DEPTH:
            return []
        self.seen.add(("not", pred, values))
        rules = [r for r in self.rules.get(pred, []) if not isinstance(r, ir.CountRule)]
        if not rules:   # an input with no such row
            words = sentence(self.program, pred, values) if None not in values else None
            return [(depth, f"not so: {words}" if words else f"no {_literal_words(pred, values)} input")]
        out: list[tuple[int, str]] = []
        for rule in rules:
            binding = ir.bind(rule.head.args, values, none_matches=True)
            if binding is None:
                continue
            body = [_ground(l, binding) for l in rule.body]
            found = first_failure(self.calculation.kb, body)
            if found is None:
                continue
            index, context = found
            head = tuple(binding.get(a.name) if isinstance(a, ir.V) else a.value for a in rule.head.args)
            words = sentence(self.program, pred, head) if None not in head else None
            inner = depth + 1 if words else depth
            if words:
                out.append((depth, f"not so: {words}"))
            for fact in self._positives(body[:index], context):
                out += self.lines(*fact, inner)
            failing = _ground(body[index], context)
            if isinstance(failing, ir.Lit):
                open_values = tuple(a.value if isinstance(a, ir.K) else None for a in failing.args)
                if not failing.negated:
                    out += self.not_lines(failing.pred, open_values, inner)
                elif None not in open_values:
                    out.append((inner, "because this holds:"))
                    out += self.fresh_lines(failing.pred, open_values, inner + 1)
            else:   # a comparison: with the values compared, and where they came from
                names = sorted(ir.literal_vars(body[index]))
                values_note = ", ".join(f"{n} is {value_text(context[n])}" for n in names if n in context)
                out.append((inner, f"{show_literal(body[index], {})} does not hold"
                                   + (f" ({values_note})" if values_note else "")))
                for fact_pred, fact_values in self._positives(body[:index], context):
                    if any(isinstance(a, ir.V) and a.name in names for l in body[:index] if isinstance(l, ir.Lit)
                           and l.pred == fact_pred for a in l.args):
                        out += self.fresh_lines(fact_pred, fact_values, inner + 1)
        return out

    def _supports(self, pred: str, values: tuple) -> tuple[list[tuple[str, tuple]], list[tuple[str, tuple]]]:
        """The facts one derivation of pred(values) rests on (for an aggregate: every counted row),
        and the facts whose absence it rests on (its `not` conditions)."""
        kb = self.calculation.kb
        for rule in self.rules.get(pred, []):
            if isinstance(rule, ir.CountRule):
                binding = ir.bind(rule.group, values[:-1])
                if binding is None:
                    continue
                solutions = kb.solve([_ground(l, binding) for l in rule.body])
                return [fact for solution in solutions
                        for fact in self._positives(rule.body, {**binding, **solution})], []
            binding = ir.bind(rule.head.args, values)
            if binding is None:
                continue
            body = [_ground(l, binding) for l in rule.body]
            solutions = kb.solve(body) if body else [{}]
            if solutions:
                return (self._positives(rule.body, {**binding, **solutions[0]}),
                        self._negatives(rule.body, {**binding, **solutions[0]}))
        return [], []

    @staticmethod
    def _negatives(body, binding: dict) -> list[tuple[str, tuple]]:
        found = []
        for literal in body:
            if isinstance(literal, ir.Lit) and literal.negated:
                ground = _ground(literal, binding)
                found.append((ground.pred, tuple(a.value if isinstance(a, ir.K) else None for a in ground.args)))
        return found

    @staticmethod
    def _positives(body, binding: dict) -> list[tuple[str, tuple]]:
        found = []
        for literal in body:
            if isinstance(literal, ir.Lit) and not literal.negated:
                ground = _ground(literal, binding)
                if all(isinstance(a, ir.K) for a in ground.args):
                    found.append((ground.pred, tuple(a.value for a in ground.args)))
        return found


class UnknownResult(LookupError):
    pass


def why_lines(calculation: Calculation, name: str, why_not: bool = True) -> list[str]:
    """The result's value(s), each with the steps that gave it, indented, in the file's words.
    `why_not=False` leaves out why the result's own `not` conditions hold (`nsr diff` says instead
    why the other version's reasons do not)."""
    result = calculation.result(name)
    if result is None:
        raise UnknownResult(name)
    rows = calculation.values[name]
    out: list[str] = []
    if not rows:
        out.append(f"{result.title}: no value for this case.")
    for row in rows:
        reader = _Reader(calculation, why_not)
        steps = reader.lines(name, row)
        head = steps[0][1] if steps and steps[0][0] == 0 else f"{result.title} {row_text(row)}"
        out.append(f"{head[0].upper()}{head[1:]}")
        for depth, text in steps[1:] if steps and steps[0][0] == 0 else steps:
            out.append("  " * max(depth, 1) + "- " + text)
    return out


def first_reasons(calculation: Calculation, name: str, row: tuple) -> list[tuple[str, tuple]]:
    """The facts the file has words for that are nearest to name(row) in one derivation: the
    steps `nsr why` shows first (a tier's step results, a provisional flag's reason)."""
    reader = _Reader(calculation)
    found: list[tuple[str, tuple]] = []
    todo, seen = _deciding(reader, name, row), set()
    while todo:
        fact = todo.pop(0)
        if fact in seen:
            continue
        seen.add(fact)
        if sentence(reader.program, *fact):
            found.append(fact)
        else:
            todo += _deciding(reader, *fact)
    return found


def _deciding(reader: _Reader, pred: str, values: tuple) -> list[tuple[str, tuple]]:
    """The facts pred(values) rests on; of a min or max, only the rows that are the least or
    greatest (the step that set the tier, not every step counted)."""
    for rule in reader.rules.get(pred, []):
        if isinstance(rule, ir.CountRule) and rule.aggregate in ("min", "max") and rule.summed is not None:
            binding = ir.bind(rule.group, values[:-1])
            if binding is None:
                continue
            solutions = reader.calculation.kb.solve([_ground(l, binding) for l in rule.body])
            return [fact for solution in solutions if solution.get(rule.summed.name) == values[-1]
                    for fact in reader._positives(rule.body, {**binding, **solution})]
    return reader._supports(pred, values)[0]


def holds(calculation: Calculation, pred: str, values: tuple) -> bool:
    return values in set(calculation.kb.query(pred, *values))


def why_not_lines(calculation: Calculation, pred: str, values: tuple) -> list[str]:
    """Why pred(values) does not hold in this calculation, in the file's words, indented: for each
    rule that could give it, the first condition that fails."""
    if not any(r.head.pred == pred for r in calculation.program.rules):
        return []
    return ["  " * depth + text for depth, text in _Reader(calculation).not_lines(pred, values, 0)]


def why_text(calculation: Calculation, name: str) -> str:
    edition = calculation.program.edition
    lines = why_lines(calculation, name)
    lines.append("")
    lines.append(f"(case {calculation.case.id} under {edition.name}, as of {calculation.as_of:%a %d %b %Y})")
    from ..explain.changes import changes_lines
    lines += changes_lines(calculation, name)
    return "\n".join(lines)
