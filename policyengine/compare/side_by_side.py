"""`nsr compare`: what one case owes under each edition, topic by topic; over a directory of cases,
which topics' verdicts flip between editions and the rule behind each flip.

Every edition judges the same case as of the same date; the topics declared in the rule files
line the obligations up.  A cell holds every result of that edition's obligations in the topic.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..cases.model import Case
from ..evaluate import evaluate
from ..backends.results import ObligationResult
from ..language import ast
from .correspondence import installed_policy, ordered

BREACHED = {"overdue", "met_late", "missed", "judged_not_met"}
OPEN = {"pending"}
MET = {"met_on_time", "met", "judged_met"}
UNTIMED = {"missing_data"}
NOT_OWED = {"not owed", "no such topic"}
VERDICT_ORDER = ("breached", "pending", "cannot be timed", "met", "judgement", "excepted", "not owed", "no such topic")


@dataclass
class Cell:
    """One topic under one edition."""
    edition: str
    results: list[ObligationResult] = field(default_factory=list)
    has_topic: bool = True

    @property
    def verdict(self) -> str:
        """breached (anything late, overdue, missed or judged not met), pending, cannot be timed
        (the case file lacks a fact the timing needs), met, judgement (only judgements outstanding),
        excepted, not owed, or no such topic in this edition."""
        if not self.has_topic:
            return "no such topic"
        statuses = {r.status for r in self.results}
        if not statuses:
            return "not owed"
        if statuses & BREACHED:
            return "breached"
        if statuses & OPEN:
            return "pending"
        if statuses & UNTIMED:
            return "cannot be timed"
        if statuses & MET:
            return "met"
        if "needs_judgement" in statuses:
            return "judgement"
        return "excepted"

    def decisive(self) -> list[ObligationResult]:
        """The results that give the verdict (the late ones for breached, and so on)."""
        wanted = {"breached": BREACHED, "pending": OPEN, "cannot be timed": UNTIMED, "met": MET,
                  "judgement": {"needs_judgement"}, "excepted": {"not_applicable"}}.get(self.verdict, set())
        return [r for r in self.results if r.status in wanted]

    def timed(self) -> bool:
        """A clock is set, or would be if the case file recorded what it lacks."""
        return any((r.due is not None and r.status != "needs_judgement") or r.status in UNTIMED for r in self.results)

    def key(self) -> tuple:
        """What must match for two editions' cells to be the same: due dates and statuses (judgements
        still awaited have neither, so they do not count)."""
        if not self.has_topic:
            return ("-",)
        return tuple(sorted((r.due or dt.date.min, r.status) for r in self.results if r.status != "needs_judgement"))


@dataclass
class TopicRow:
    topic: str
    title: str
    cells: dict[str, Cell]

    @property
    def differs(self) -> bool:
        return len({c.key() for c in self.cells.values()}) > 1

    @property
    def timed(self) -> bool:
        return any(c.timed() for c in self.cells.values())


@dataclass
class CaseComparison:
    case: Case
    as_of: dt.date
    editions: list[str]
    rows: list[TopicRow]
    unplaced: dict[str, list[ObligationResult]]   # edition -> results of obligations in no topic
    layers: dict[str, dict[str, str]] = field(default_factory=dict)   # a layered column: obligation -> layer
    local: dict[str, set[str]] = field(default_factory=dict)   # ... and the obligations its layers put there


def topic_index(policy: ast.Policy) -> dict[str, list[str]]:
    """Obligation id or standard id -> the topics that list it."""
    index: dict[str, list[str]] = {}
    for topic in policy.topics:
        for member in topic.members:
            index.setdefault(member.ref, []).append(topic.name)
    return index


def _topics_for(result: ObligationResult, index: dict[str, list[str]]) -> list[str]:
    found = index.get(result.obligation, []) + index.get(result.standard, [])
    return list(dict.fromkeys(found))


def resolve_editions(names: list[str]) -> list[ast.Policy]:
    return ordered([installed_policy(n) for n in names])


def compare_case(case: Case, policies: list[ast.Policy], programs: dict, as_of: dt.date) -> CaseComparison:
    """Judge `case` under each edition (`programs`: edition name -> compiled Program)."""
    names = [p.edition.name for p in policies]
    order: list[tuple[str, str]] = []
    for policy in policies:
        for topic in policy.topics:
            if topic.name not in [n for n, _ in order]:
                order.append((topic.name, topic.title or topic.name))
    rows = {name: TopicRow(name, title, {}) for name, title in order}
    unplaced: dict[str, list[ObligationResult]] = {}
    for policy in policies:
        edition = policy.edition.name
        declared = {t.name for t in policy.topics}
        for row in rows.values():
            row.cells[edition] = Cell(edition, [], row.topic in declared)
        index = topic_index(policy)
        for result in evaluate(programs[edition], case, as_of).results:
            placed = _topics_for(result, index)
            if not placed:
                unplaced.setdefault(edition, []).append(result)
            for topic in placed:
                rows[topic].cells[edition].results.append(result)
    layered = [edition for edition in names if programs[edition].layered]
    layers = {e: {o: info.layer for o, info in programs[e].obligations.items()} for e in layered}
    local = {e: {o for o, info in programs[e].obligations.items()
                 if info.standard in {c.standard for c in programs[e].changes}} for e in layered}
    return CaseComparison(case, as_of, names, list(rows.values()), unplaced, layers, local)


# ------------------------------------------------------------------ a directory of cases
@dataclass
class Flip:
    """One case whose verdict on a topic differs between two editions."""
    case: str
    before: str                       # verdict under the earlier edition
    after: str
    responsible: list[str]            # obligations (with status) behind the later verdict, or the earlier


@dataclass
class TopicFlips:
    topic: str
    title: str
    pair: tuple[str, str]
    flips: list[Flip] = field(default_factory=list)
    change: str = ""                  # what the structural diff says changed in the topic's rules
    refs: set[str] = field(default_factory=set)   # the obligations behind the flips, both editions


@dataclass
class DirectoryComparison:
    editions: list[str]
    as_of: dt.date
    cases: list[str]
    errors: list[str]
    topics: list[TopicFlips]


def _describe(results: list[ObligationResult]) -> list[str]:
    from ..output.report import STATUS_WORDS
    seen: list[str] = []
    for r in results:
        text = f"{r.obligation} {STATUS_WORDS.get(r.status, r.status)}"
        if text not in seen:
            seen.append(text)
    return seen


def compare_directory(paths: list[Path], policies: list[ast.Policy], programs: dict,
                      as_of: dt.date) -> DirectoryComparison:
    """Every case file in `paths` under every edition; a file that cannot be loaded is reported
    in `errors` and the rest are still compared."""
    from ..cases.load import CaseError, load_case
    from .diff import diff_policies
    names = [p.edition.name for p in policies]
    pairs = list(zip(names, names[1:]))
    diffs = {(a.edition.name, b.edition.name): diff_policies(a, b) for a, b in zip(policies, policies[1:])}
    table: dict[tuple[str, tuple[str, str]], TopicFlips] = {}
    cases: list[str] = []
    errors: list[str] = []
    for path in paths:
        try:
            case = load_case(path)
        except CaseError as error:
            errors.append(str(error))
            continue
        except Exception as error:  # an unreadable file must not stop the others
            errors.append(f"{path}: {error}")
            continue
        try:
            comparison = compare_case(case, policies, programs, as_of)
        except Exception as error:
            errors.append(f"{path}: could not be evaluated: {error}")
            continue
        cases.append(str(path))
        for row in comparison.rows:
            for before, after in pairs:
                left, right = row.cells[before], row.cells[after]
                if left.verdict == right.verdict or {left.verdict, right.verdict} <= NOT_OWED:
                    continue  # owed under neither edition is no flip
                entry = table.setdefault((row.topic, (before, after)), TopicFlips(row.topic, row.title, (before, after)))
                responsible = ([f"{before}: {d}" for d in _describe(left.decisive())]
                               + [f"{after}: {d}" for d in _describe(right.decisive())])
                entry.flips.append(Flip(case.id, left.verdict, right.verdict, responsible))
                entry.refs.update(r.obligation for r in (*left.decisive(), *right.decisive()))
    for (topic, pair), entry in table.items():
        diff = diffs.get(pair)
        found = next((t for t in diff.topics if t.name == topic), None) if diff else None
        if found is not None:
            entry.change = _change_summary(found, entry.refs)
    ordered_topics = sorted(table.values(), key=lambda t: (-len(t.flips), t.topic, t.pair))
    return DirectoryComparison(names, as_of, cases, errors, ordered_topics)


def _change_summary(topic, refs: set[str]) -> str:
    """The structural diff of a topic in one line: the changed facets of the pairs behind the flips
    (of every pair when none is), and what is only on one side."""
    if topic.status in ("added", "removed"):
        return f"topic {topic.status}" + (f": {topic.reason}" if topic.reason else "")
    parts = []
    involved = [p for p in topic.pairs if p.before.ref in refs or p.after.ref in refs] or topic.pairs
    for pair in involved:
        notes = [f"{c.facet} {c.note}" if c.note else c.facet for c in pair.changes
                 if c.facet in ("deadline", "trigger", "timing", "applies to", "met by")]
        if notes:
            parts.append(f"{pair.before.ref} → {pair.after.ref}: " + "; ".join(notes))
    if topic.only_before:
        parts.append("only before: " + ", ".join(d.ref for d in topic.only_before))
    if topic.only_after:
        parts.append("only after: " + ", ".join(d.ref for d in topic.only_after))
    return " | ".join(parts) or "same rules"


def case_files(directory: Path) -> list[Path]:
    """The case files in a directory (YAML or JSON), sorted."""
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".json"))

