"""Which standards correspond across editions, from the `topic` declarations of each policy file.

Two editions correspond on a topic when both declare a topic of that name.  An edition's
neighbours are the installed editions that came into force just before and just after it.
`nsr lint` uses `correspondence_warnings` to point at any standard or topic that lines up with
nothing in a neighbouring edition and is not marked `added` / `dropped topic` on purpose.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from ..language import ast
from ..language.errors import Diagnostic, PolicyError


@lru_cache(maxsize=8)
def _parse(text: str, file: str) -> ast.Policy:
    from ..language.parse import parse_policy
    return parse_policy(text, file)


def installed_policy(edition: str) -> ast.Policy:
    """The syntax tree of an installed edition ('2007') or of a .nsr file given by path."""
    from pathlib import Path
    from ..compiler.compile import editions
    from ..resources import read_text
    if edition in editions():
        return _parse(read_text("policies", f"{edition}.nsr") or "", f"policies/{edition}.nsr")
    path = Path(edition)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        known = ", ".join(editions())
        raise PolicyError([Diagnostic(ast.Span(edition, 0, 0), f"unknown edition {edition!r} ({error.strerror})",
                                      expected=f"one of {known}, or a path to a .nsr file")]) from None
    from ..compiler.identity import relabel
    from ..compiler.layers import resolve
    return relabel(resolve(_parse(text, str(path))), text, str(path))   # a layer: with its base merged in


def ordered(policies: list[ast.Policy]) -> list[ast.Policy]:
    """Oldest first, by the date each came into force (undated last, in the order given)."""
    return sorted(policies, key=lambda p: (p.edition is None or p.edition.in_force_from is None,
                                           (p.edition.in_force_from if p.edition else None) or dt.date.max))


@dataclass(frozen=True)
class Neighbours:
    previous: ast.Policy | None
    next: ast.Policy | None


def neighbours(policy: ast.Policy) -> Neighbours:
    """The installed editions in force just before and just after `policy` (another edition of the
    same name, such as the installed copy of the file being linted, is left out)."""
    from ..compiler.compile import editions
    if policy.edition is None or policy.edition.in_force_from is None:
        return Neighbours(None, None)
    start = policy.edition.in_force_from
    others = []
    for name in editions():
        if name == policy.edition.name:
            continue
        try:
            other = installed_policy(name)
        except PolicyError:
            continue  # a neighbour that does not parse is reported when it is linted itself
        if other.edition and other.edition.in_force_from:
            others.append(other)
    before = [p for p in others if p.edition.in_force_from < start]
    after = [p for p in others if p.edition.in_force_from > start]
    return Neighbours(max(before, key=lambda p: p.edition.in_force_from, default=None),
                      min(after, key=lambda p: p.edition.in_force_from, default=None))


def topics(policy: ast.Policy) -> dict[str, ast.Topic]:
    return {t.name: t for t in policy.topics}


def dropped(policy: ast.Policy) -> dict[str, ast.DroppedTopic]:
    return {d.name: d for d in policy.dropped}


def topics_of_standard(policy: ast.Policy) -> dict[str, list[str]]:
    """Standard id -> the topics that list it (or one of its obligations)."""
    found: dict[str, list[str]] = {}
    for topic in policy.topics:
        for member in topic.members:
            names = found.setdefault(member.standard, [])
            if topic.name not in names:
                names.append(topic.name)
    return found


def takes_part(policy: ast.Policy) -> bool:
    """Whether a policy is compared with other editions: it declares topics, or is an installed edition."""
    from ..compiler.compile import editions
    return bool(policy.topics or policy.dropped) or (policy.edition is not None and policy.edition.name in editions())


def _name(policy: ast.Policy) -> str:
    return policy.edition.name if policy.edition else policy.file


def _refs(topic: ast.Topic) -> str:
    return ", ".join(m.ref for m in topic.members)


def correspondence_warnings(policy: ast.Policy) -> list[Diagnostic]:
    """Every standard or topic of `policy` that corresponds to nothing in a neighbouring edition
    without saying so (`added`, `dropped topic`), and every such marker that is not needed."""
    if not takes_part(policy):
        return []
    problems: list[Diagnostic] = []

    def warn(span: ast.Span, message: str, expected: str | None = None) -> None:
        problems.append(Diagnostic(span, f"warning: {message}", None, expected))

    covered = topics_of_standard(policy)
    for standard in policy.standards:
        if standard.id not in covered:
            warn(standard.span, f"standard {standard.id!r} is in no topic, so it corresponds to nothing in the "
                 "other editions", f'list it under a topic: topic NAME {{ standards "{standard.id}" }}')
    mine, gone = topics(policy), dropped(policy)
    near = neighbours(policy)
    header = policy.edition.span if policy.edition else ast.Span(policy.file, 1, 1)
    if near.previous is not None:
        previous, name = topics(near.previous), _name(near.previous)
        for topic in policy.topics:
            if topic.name not in previous and topic.added is None:
                warn(topic.span, f"topic {topic.name!r} ({_refs(topic)}) corresponds to nothing in the {name} "
                     "edition", f'a topic of the {name} edition, or added "why it is new"')
            elif topic.name in previous and topic.added is not None:
                warn(topic.span, f"topic {topic.name!r} is marked added, but the {name} edition has it "
                     f"({_refs(previous[topic.name])})", "no 'added' line")
        for old in near.previous.topics:
            if old.name not in mine and old.name not in gone:
                warn(header, f"topic {old.name!r} of the {name} edition ({_refs(old)}, {old.span}) corresponds to "
                     "nothing here", f'a topic {old.name} listing this edition\'s standards, or dropped topic '
                     f'{old.name} "why"')
        for mark in policy.dropped:
            if mark.name not in previous:
                warn(mark.span, f"dropped topic {mark.name!r} is not a topic of the {name} edition",
                     ", ".join(sorted(set(previous) - set(mine))) or "no dropped topic")
    elif policy.dropped:
        for mark in policy.dropped:
            warn(mark.span, f"dropped topic {mark.name!r}: there is no earlier edition to drop it from")
    if near.next is not None:
        following, name = topics(near.next), _name(near.next)
        marked = dropped(near.next)
        for topic in policy.topics:
            if topic.name not in following and topic.name not in marked:
                warn(topic.span, f"topic {topic.name!r} ({_refs(topic)}) corresponds to nothing in the {name} "
                     f"edition, and {near.next.file} does not mark it dropped",
                     f'a topic {topic.name} in {near.next.file}, or dropped topic {topic.name} "why" there')
    return problems
