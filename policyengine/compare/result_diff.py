"""`nsr diff OLD NEW` for two versions of a rule file of its own kind (two dated v3 tier files):
which standards' rules changed, and with `--cases`, which cases' results change and why.

A case's results are calculated under each version (the same engine, the same as-of date); a
result that differs is shown with the steps of each version's explanation that the other does
not have (`output.results.why_lines`), and, for each step one version's value rests on that the
other version does not derive, that version's reason why not (`not so: sexual reoffending gives
C` / `no dc_srp (any, medium) input`).  So the reason is read off the two derivations, not
guessed; a value that rests on nothing holding (G when no step gives a tier) is explained by
the other version's steps that no longer hold, not by every step that does not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..calculate import Calculation, calculate, row_text
from ..cases.inputs import InputCase, input_case_from_data, read_input_case
from ..cases.load import CaseError
from ..compiler import ir
from ..output.results import first_reasons, holds, why_lines, why_not_lines


@dataclass
class CaseChange:
    case: str
    result: str
    before: str
    after: str
    only_before: list[str] = field(default_factory=list)   # explanation lines only the old version gives
    only_after: list[str] = field(default_factory=list)


def rule_changes(old: ir.Program, new: ir.Program) -> list[tuple[str, str]]:
    """(standard id, added / dropped / changed) for each standard whose rules differ."""
    def rules(program: ir.Program) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for rule in program.rules:
            found.setdefault(rule.origin.standard or "(top level)", set()).add(str(rule))
        return found
    before, after = rules(old), rules(new)
    out = []
    for standard in sorted(before.keys() | after.keys()):
        if standard not in before:
            out.append((standard, "added"))
        elif standard not in after:
            out.append((standard, "dropped"))
        elif before[standard] != after[standard]:
            out.append((standard, "changed"))
    return out


def gather_cases(paths: list[str], program: ir.Program,
                 old: ir.Program | None = None) -> tuple[list[tuple[InputCase, dt.date | None]], list[str]]:
    """Cases of the program's kind: case files, or the inline cases of policy test files; with
    each, the as-of date its test gives.  Only the inputs both versions declare may be given (a
    test of a newer step's unit is left out).  Problems (a case that does not load) are
    returned, the other cases still run."""
    declared = {i.name for i in program.inputs} & ({i.name for i in old.inputs} if old else {i.name for i in program.inputs})
    from ..tooling.testfile import discover, load_test_file
    found: list[tuple[InputCase, dt.date | None]] = []
    problems: list[str] = []
    for path in discover(paths) + [Path(p) for p in paths if Path(p).suffix == ".json"]:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text.lstrip().startswith("tests:") or "\ntests:" in text:
            for test in load_test_file(path):
                if not isinstance(test.case, dict) or test.case.get("kind") != program.kind:
                    continue
                if not set(test.case.get("inputs") or {}) <= declared:
                    continue   # a case for another file of the kind (v2's inputs under v3)
                try:
                    found.append((input_case_from_data(test.case, f"{path}:{test.where}.case", program), test.as_of))
                except CaseError as error:
                    problems.append(str(error))
            continue
        try:
            case = read_input_case(path, program)
            if old is not None:
                read_input_case(path, old)
            found.append((case, None))
        except CaseError as error:
            problems.append(str(error))
    unique: dict[str, tuple[InputCase, dt.date | None]] = {}
    for case, as_of in found:
        unique.setdefault(f"{case.id}@{case.source}", (case, as_of))
    return list(unique.values()), problems


def case_changes(old: ir.Program, new: ir.Program, cases: list[tuple[InputCase, dt.date | None]],
                 as_of: dt.date | None) -> list[CaseChange]:
    out: list[CaseChange] = []
    names = [r.pred for r in new.results if any(o.pred == r.pred for o in old.results)]
    for case, case_as_of in cases:
        day = as_of or case_as_of or case.as_of or dt.date.today()
        before = calculate(old, case, day)
        after = calculate(new, case, day)
        for name in names:
            if before.values[name] == after.values[name]:
                continue
            old_lines = [l.strip(" -") for l in why_lines(before, name, why_not=False)[1:]]
            new_lines = [l.strip(" -") for l in why_lines(after, name, why_not=False)[1:]]
            out.append(CaseChange(case.id, name, " | ".join(map(row_text, before.values[name])) or "(none)",
                                  " | ".join(map(row_text, after.values[name])) or "(none)",
                                  [l for l in old_lines if l not in new_lines] + _lost(after, before, name),
                                  [l for l in new_lines if l not in old_lines] + _lost(before, after, name)))
    return out


def _lost(one: Calculation, other: Calculation, name: str) -> list[str]:
    """Why `other` does not derive the steps `one`'s value of the result rests on."""
    blocks: list[list[str]] = []   # one per rule that could give the step: its `not so` and what failed
    for row in one.values[name]:
        for fact in first_reasons(one, name, row):
            if holds(other, *fact):
                continue
            for line in why_not_lines(other, *fact):
                if not line.startswith(" ") or not blocks:
                    blocks.append([])
                blocks[-1].append(line)
    out: list[str] = []
    for block in blocks:
        if not any(block == out[i:i + len(block)] for i in range(len(out))):   # two rules, one reason: once
            out += block
    return out


def diff_text(old: ir.Program, new: ir.Program, changes: list[CaseChange] | None, count: int,
              problems: list[str]) -> str:
    lines = [f"{old.edition.name} -> {new.edition.name}"]
    ruled = rule_changes(old, new)
    lines.append("Rules: " + ("; ".join(f"{standard} {what}" for standard, what in ruled) if ruled else "no rule differs"))
    if changes is None:
        lines.append("(--cases PATH calculates cases under both and lists those whose results change)")
        return "\n".join(lines)
    moved = sorted({c.case for c in changes})
    lines.append(f"Cases: {len(moved)} of {count} change")
    for change in changes:
        lines.append("")
        lines.append(f"{change.case}: {change.result} {change.before} -> {change.after}")
        lines += [f"  before: {line}" for line in change.only_before]
        lines += [f"  after:  {line}" for line in change.only_after]
    lines += [f"warning: {p}" for p in problems]
    return "\n".join(lines)


def diff_json(old: ir.Program, new: ir.Program, changes: list[CaseChange] | None, count: int) -> dict:
    return {
        "old": old.edition.name, "new": new.edition.name,
        "rules": [{"standard": s, "change": what} for s, what in rule_changes(old, new)],
        "cases": count,
        "changes": None if changes is None else [change.__dict__ for change in changes],
    }
