"""`nsr test --coverage`: what the policy tests exercised, per edition, and what they left alone.

An obligation is exercised when some test's case owes it (any result, with the statuses seen);
it is asserted when a test's expectation names it.  A written Datalog rule (`rule ...`) is
exercised when its body has a solution in some test's case; rules that take inputs (`given`)
have no solution on their own and are listed apart rather than guessed at.  A standard is
exercised when one of its obligations or rules is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.padding import Padding

from ..compiler import ir
from ..compiler.compile import PRELUDE
from ..output import terminal
from ..output.terminal import Screen
from ..evaluate import Evaluation
from .testfile import PolicyTest


@dataclass
class EditionCoverage:
    program: ir.Program
    runs: int = 0
    statuses: dict[str, set[str]] = field(default_factory=dict)    # obligation id -> statuses seen
    asserted: set[str] = field(default_factory=set)                # obligation ids a test named
    fired: set[int] = field(default_factory=set)                   # indexes into program.rules
    unmeasured: set[int] = field(default_factory=set)              # rules that need inputs

    def written_rules(self) -> list[tuple[int, ir.AnyRule]]:
        """The policy's own rules and those of the libraries it imports: not the prelude's core,
        which every edition loads without asking and no policy test is about."""
        return [(i, r) for i, r in enumerate(self.program.rules)
                if r.origin.clause == "rule" and r.origin.span.line and r.origin.span.file != PRELUDE]

    def libraries(self) -> list[str]:
        """The libraries the policy imports, by name, as its rules' files show them."""
        return sorted({Path(r.origin.span.file).stem for r in self.program.rules
                       if r.origin.span.file.startswith("library/")})


class CoverageTracker:
    """Collects coverage from each evaluation as the tests run (the knowledge base is still live)."""

    def __init__(self) -> None:
        self.editions: dict[str, EditionCoverage] = {}

    def observe(self, test: PolicyTest, evaluation: Evaluation) -> None:
        program = evaluation.program
        cover = self.editions.setdefault(program.edition.name, EditionCoverage(program))
        cover.runs += 1
        for result in evaluation.results:
            cover.statuses.setdefault(result.obligation, set()).add(result.status)
        for check in test.editions:
            if check.edition != program.edition.name and not check.edition.endswith(".nsr"):
                continue
            for name in [e.obligation for e in check.expect] + list(check.does_not_apply):
                cover.asserted |= {i for i, info in program.obligations.items() if name in (i, info.standard)}
        for index, rule in cover.written_rules():
            if index in cover.fired or index in cover.unmeasured:
                continue
            if _takes_inputs(rule):
                cover.unmeasured.add(index)
                continue
            try:
                if evaluation.kb.solve(rule.body):
                    cover.fired.add(index)
            except Exception:  # a body that cannot be solved on its own: not measured, not guessed
                cover.unmeasured.add(index)

    def report(self, screen: Screen = Screen()) -> str:
        return "\n".join(_edition_report(name, cover, screen) for name, cover in sorted(self.editions.items()))


def _takes_inputs(rule: ir.AnyRule) -> bool:
    """A head variable no positive body atom binds: an input (`given`) its callers supply."""
    bound = {v for lit in rule.body if isinstance(lit, ir.Lit) and not lit.negated for v in ir.literal_vars(lit)}
    bound |= {v for lit in rule.body if isinstance(lit, ir.Cmp) and lit.op == "==" for v in ir.literal_vars(lit)}
    head = rule.group if isinstance(rule, ir.CountRule) else rule.head.args
    return any(v not in bound for arg in head for v in ir.term_vars(arg))


def _rule_label(rule: ir.AnyRule) -> str:
    span = rule.origin.span
    return f"{span.file}:{span.line} {rule.head}"


def _edition_report(name: str, cover: EditionCoverage, screen: Screen) -> str:
    program = cover.program
    from ..output.report import standard_order
    obligations = sorted(program.obligations.values(), key=lambda i: (standard_order(i.standard), i.id))
    rules = cover.written_rules()
    fired_standards = {program.rules[i].origin.standard for i in cover.fired}
    owed_standards = {program.obligations[o].standard for o in cover.statuses if o in program.obligations}
    standards = sorted(program.standards, key=standard_order)
    exercised = [s for s in standards if s in owed_standards or s in fired_standards]
    parts: list = [
        f"Coverage of the {name} edition ({cover.runs} test run{'s' if cover.runs != 1 else ''})",
        f"  standards exercised: {_share(len(exercised), len(standards))}",
        f"  obligations exercised: {_share(sum(1 for i in obligations if i.id in cover.statuses), len(obligations))}"
        f", asserted by a test: {_share(len(cover.asserted), len(obligations))}",
        f"  written rules whose body held: {_share(len(cover.fired), len(rules) - len(cover.unmeasured))}"
        + (f" ({len(cover.unmeasured)} rules with inputs not measured)" if cover.unmeasured else ""),
        "  (written rules: the policy's own"
        + (f" and those of the libraries it imports: {', '.join(cover.libraries())})" if cover.libraries()
           else "; it imports no library)"),
        "", "  Obligations exercised (* = asserted by a test), with the statuses seen:"]
    rows = [["*" if info.id in cover.asserted else "", info.id, ", ".join(sorted(cover.statuses[info.id]))]
            for info in obligations if info.id in cover.statuses]
    if rows:
        parts.append(Padding(terminal.table([terminal.Column("", no_wrap=True), terminal.Column("Obligation",
                                                                                                 no_wrap=True),
                                             "Statuses seen"], rows, screen), (0, 0, 0, 3)))
    missing = [i.id for i in obligations if i.id not in cover.statuses]
    parts += ["", f"  Obligations no test exercised ({len(missing)}):", terminal.indented(", ".join(missing), 4)]
    idle = [s for s in standards if s not in exercised]
    parts += ["", f"  Standards no test exercised ({len(idle)}):", terminal.indented(", ".join(idle), 4)]
    never = [_rule_label(r) for i, r in rules if i not in cover.fired and i not in cover.unmeasured]
    parts += ["", f"  Written rules whose body never held ({len(never)}):"]
    parts += [terminal.indented(t, 4, 6) for t in never]
    if cover.unmeasured:
        parts += ["", "  Rules with inputs (given), not measured:"]
        parts += [terminal.indented(_rule_label(program.rules[i]), 4, 6) for i in sorted(cover.unmeasured)]
    return terminal.render(screen, *parts)


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole}" + (f" ({100 * part // whole}%)" if whole else "")
