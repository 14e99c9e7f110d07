"""What would change a result of a rule file of its own kind: each changeable input tried
otherwise, and the case calculated again.

Only inputs the file declares `changeable` are tried (a RoSH level, a registration, a
predictor's static or dynamic type: what a practitioner can review), and only their listed or
true/false values: a fact is taken away, put in, or given another allowed value.  Nothing is
inferred from the rules: every answer here is a real re-evaluation.
"""
from __future__ import annotations

from ..calculate import Calculation, calculate, row_text, value_text
from ..compiler import ir

MAX_VARIANTS = 200


def _variants(calculation: Calculation, declared: ir.InputInfo) -> list[tuple[str, list[tuple[str, tuple]]]]:
    """(what changed, the facts with the change) for one input."""
    facts = list(calculation.case.facts)
    present = [args for name, args in facts if name == declared.name]
    others = [(name, args) for name, args in facts if name != declared.name]
    listed = isinstance((calculation.case.data or {}).get(declared.name), list)
    out: list[tuple[str, list[tuple[str, tuple]]]] = []
    fields = declared.fields
    for args in present:
        shown = row_text(args)
        rest = [(name, a) for name, a in facts if not (name == declared.name and a == args)]
        if len(fields) == 1:   # a fact of several fields (a score and its type) changes a field, never goes
            out.append((f"without {declared.name} {shown}", rest))
        for index, spec in enumerate(fields):
            choices = spec.choices or ((True, False) if spec.type == "boolean" else ())
            for value in choices:
                if value == args[index]:
                    continue
                changed = args[:index] + (value,) + args[index + 1:]
                if len(fields) == 1 and listed:
                    continue   # a list of facts: adding is tried below
                out.append((f"{declared.name} {row_text(changed)} instead of {shown}",
                            rest + [(declared.name, changed)]))
    if len(fields) == 1 and (listed or not present):
        spec = fields[0]
        for value in spec.choices or ((True, False) if spec.type == "boolean" else ()):
            if (value,) not in present:
                out.append((f"with {declared.name} {value_text(value)}", others + present_facts(declared.name, present)
                            + [(declared.name, (value,))]))
    return out


def present_facts(name: str, present: list[tuple]) -> list[tuple[str, tuple]]:
    return [(name, args) for args in present]


def changes(calculation: Calculation, name: str) -> list[tuple[str, list[tuple]]]:
    """(the change, the result's rows after it) for every tried change that moves the result."""
    program = calculation.program
    changeable = {action.kind for action in program.actions}
    before = calculation.values[name]
    found: list[tuple[str, list[tuple]]] = []
    tried = 0
    for declared in program.inputs:
        if declared.name not in changeable:
            continue
        for what, facts in _variants(calculation, declared):
            tried += 1
            if tried > MAX_VARIANTS:
                return found
            after = calculate(program, calculation.case, calculation.as_of, facts=facts).values[name]
            if after != before:
                found.append((what, after))
    return found


def changes_lines(calculation: Calculation, name: str) -> list[str]:
    program = calculation.program
    if not program.actions:
        return []
    result = calculation.result(name)
    found = changes(calculation, name)
    tried = ", ".join(a.kind for a in program.actions)
    if not found:
        return ["", f"What would change it: no single change of {tried} moves the {result.title.lower()} "
                    "(each tried, and the case calculated again)."]
    lines = ["", f"What would change it (each change tried alone, and the case calculated again):"]
    for what, after in found:
        shown = " | ".join(row_text(row) for row in after) or "no value"
        lines.append(f"  - {what}: {result.title} {shown}")
    return lines
