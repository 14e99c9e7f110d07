"""A draft's impact on a caseload: `nsr compare STORE --editions 2015,draft.nsr --as-of D`.

Both editions judge every case of a caseload store (`nsr caseload import`) with the bulk (DuckDB)
backend, and each obligation whose verdict differs for a case is a flip, counted per obligation
and per change of verdict (`met -> breached`), with example case ids.

Only the obligations whose compiled rules differ can flip.  A draft is mostly its edition's text,
so the two programs are compared first: an obligation is *changed* when its own rules differ, or
when a rule it reads (directly or through other rules, the prelude and library included) differs;
every other obligation gives the same results under both by construction and is not evaluated.
That keeps a one-paragraph change to seconds for 100,000 cases.  Rules are compared by what they
say (head and body), never by where they are written, so a copy whose lines moved is still alike.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..compiler import ir
from ..language.ast import NOWHERE
from .side_by_side import Cell

EXAMPLES = 5


def _owner(rule: ir.AnyRule) -> str | None:
    return rule.origin.obligation if rule.origin is not None else None


def _reads(rule: ir.AnyRule) -> set[str]:
    return {l.pred for l in rule.body if isinstance(l, ir.Lit)}


def _shared(program: ir.Program) -> dict[str, frozenset]:
    """Predicate -> its rules that belong to no obligation (prelude, library, top-level rules)."""
    found: dict[str, set] = {}
    for rule in program.rules:
        if _owner(rule) is None:
            found.setdefault(rule.head.pred, set()).add(rule)
    return {pred: frozenset(rules) for pred, rules in found.items()}


def _own(program: ir.Program) -> dict[str, frozenset]:
    found: dict[str, set] = {}
    for rule in program.rules:
        if _owner(rule) is not None:
            found.setdefault(_owner(rule), set()).add(rule)
    return {oid: frozenset(rules) for oid, rules in found.items()}


def _alike(info: ir.ObligationInfo) -> ir.ObligationInfo:
    """What an obligation says, without where it is written."""
    return dataclasses.replace(info, span=NOWHERE)


def changed_obligations(before: ir.Program, after: ir.Program) -> list[str]:
    """The obligations (of either program) whose results can differ between the two."""
    shared = (_shared(before), _shared(after))
    changed = {p for p in set(shared[0]) | set(shared[1]) if shared[0].get(p) != shared[1].get(p)}
    readers = [(rule.head.pred, _reads(rule)) for program in (before, after) for rule in program.rules
               if _owner(rule) is None]
    grew = True
    while grew:   # a shared predicate that reads a changed one is changed too
        grew = False
        for head, reads in readers:
            if head not in changed and reads & changed:
                changed.add(head)
                grew = True
    own = (_own(before), _own(after))
    found = []
    for oid in dict.fromkeys([*before.obligations, *after.obligations]):
        rules = (own[0].get(oid, frozenset()), own[1].get(oid, frozenset()))
        if (oid not in before.obligations or oid not in after.obligations or rules[0] != rules[1]
                or _alike(before.obligations[oid]) != _alike(after.obligations[oid])
                or any(_reads(rule) & changed for rule in rules[0] | rules[1])):
            found.append(oid)
    return found


def only(program: ir.Program, obligations: list[str]) -> ir.Program:
    """`program` with only these obligations (and the rules every obligation shares)."""
    keep = set(obligations)
    return ir.Program(program.edition, [r for r in program.rules if _owner(r) is None or _owner(r) in keep],
                      program.standards, {k: v for k, v in program.obligations.items() if k in keep},
                      program.arities, program.templates, program.actions)


@dataclass
class ObligationImpact:
    """How one obligation's verdicts move from the first edition to the second."""
    obligation: str
    title: str
    moves: Counter = field(default_factory=Counter)                    # (before, after) -> cases
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @property
    def cases(self) -> int:
        return sum(self.moves.values())


@dataclass
class Impact:
    before: str
    after: str
    as_of: dt.date
    cases: int
    changed: list[str]                 # obligations whose rules differ (evaluated)
    unchanged: int                     # obligations alike in both (not evaluated: they cannot flip)
    obligations: list[ObligationImpact]


def _verdicts(results: list, edition: str) -> dict[str, str]:
    by_obligation: dict[str, list] = {}
    for result in results:
        by_obligation.setdefault(result.obligation, []).append(result)
    return {oid: Cell(edition, found).verdict for oid, found in by_obligation.items()}


def impact(store, before: ir.Program, after: ir.Program, as_of: dt.date) -> Impact:
    """Every case of `store` under both programs; the flips of each changed obligation."""
    changed = changed_obligations(before, after)
    titles = {**{k: v.title for k, v in before.obligations.items()}, **{k: v.title for k, v in after.obligations.items()}}
    names = (before.edition.name, after.edition.name)
    first = store.results(only(before, changed), as_of) if changed else {}
    second = store.results(only(after, changed), as_of) if changed else {}
    cases = store.con.execute("SELECT count(*) FROM bulk_cases").fetchone()[0]
    table: dict[str, ObligationImpact] = {}
    for case in sorted(set(first) | set(second)):
        old, new = _verdicts(first.get(case, []), names[0]), _verdicts(second.get(case, []), names[1])
        for oid in changed:
            move = (old.get(oid, "not owed"), new.get(oid, "not owed"))
            if move[0] == move[1]:
                continue
            entry = table.setdefault(oid, ObligationImpact(oid, titles.get(oid, oid)))
            entry.moves[move] += 1
            examples = entry.examples.setdefault(move, [])
            if len(examples) < EXAMPLES:
                examples.append(case)
    unchanged = len(set(before.obligations) | set(after.obligations)) - len(changed)
    order = {oid: index for index, oid in enumerate(changed)}
    return Impact(names[0], names[1], as_of, cases, changed, unchanged,
                  sorted(table.values(), key=lambda o: order[o.obligation]))


def impact_text(found: Impact) -> str:
    """The table a policy writer reads before publishing."""
    flips = sum(o.cases for o in found.obligations)
    lines = [f"{found.before} → {found.after} over {found.cases:,} case(s), as of {found.as_of:%a %d %b %Y}",
             f"{len(found.changed)} obligation(s) with rules that differ (evaluated); {found.unchanged} alike in "
             f"both (they cannot flip, not evaluated)", ""]
    if not found.obligations:
        lines.append("No verdict flips: every case comes out the same under both editions.")
        return "\n".join(lines)
    lines.append(f"{flips:,} verdict flip(s):")
    for entry in found.obligations:
        lines.append(f"  {entry.obligation} ({entry.title}): {entry.cases:,} case(s)")
        for (old, new), count in entry.moves.most_common():
            lines.append(f"    {old} → {new}: {count:,} (e.g. {', '.join(entry.examples[(old, new)])})")
    return "\n".join(lines)


def impact_json(found: Impact) -> dict:
    return {"format": 1, "kind": "impact", "before": found.before, "after": found.after,
            "as_of": found.as_of.isoformat(), "cases": found.cases, "changed_obligations": found.changed,
            "unchanged_obligations": found.unchanged,
            "obligations": [{"obligation": o.obligation, "title": o.title, "cases": o.cases,
                             "moves": [{"before": old, "after": new, "cases": count,
                                        "examples": o.examples[(old, new)]}
                                       for (old, new), count in o.moves.most_common()]}
                            for o in found.obligations]}
