"""A semantic diff of two editions: per topic, which duties were added, removed or changed, and how.

The diff works on the syntax trees, not the text.  Each topic's duties (obligations, schedules,
or a standard with neither) are paired across the two editions by what they are about (same
trigger, same kind of event meeting them, same timing), and each pair is compared facet by facet:
trigger, which cases it applies to, deadline, what meets it, exceptions, schedule, and whether it
is timed or a judgement.  Two helper predicates with different names but the same definition
(om_contact_since in 2007, f2f_om_since in 2015) count as the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language import ast
from ..language.render import phase_words, render_expr, render_literal
from .correspondence import installed_policy, ordered, topics
from .duty import FACETS, Duty
from .wording import deadline_change, describe_trigger, render_deadline, render_pattern

# ------------------------------------------------------------------ duties
class _Definitions:
    """The rules of one policy by head predicate, to compare helper predicates by meaning."""

    def __init__(self, policy: ast.Policy):
        self.rules: dict[str, list[ast.Rule]] = {}
        for rule in policy.all_rules():
            self.rules.setdefault(rule.head.predicate, []).append(rule)
        self._memo: dict[tuple[str, int], str] = {}

    def canonical(self, predicate: str, depth: int = 4) -> str:
        """The predicate's definition with its own name, variable names and the names of the
        policy's helper predicates (expanded in turn) taken out."""
        if predicate not in self.rules or depth == 0:
            return predicate
        alias = self._alias(predicate)
        if alias is not None:
            return self.canonical(alias, depth)
        key = (predicate, depth)
        if key not in self._memo:
            self._memo[key] = predicate  # a recursive definition refers to itself by name
            bodies = sorted(self._rule_text(rule, depth) for rule in self.rules[predicate])
            self._memo[key] = "{" + " | ".join(bodies) + "}"
        return self._memo[key]

    def _alias(self, predicate: str) -> str | None:
        """`rule has_requirement(S, K) if requirement(S, K).`: another name for one predicate."""
        rules = self.rules[predicate]
        if len(rules) != 1 or len(rules[0].body) != 1 or not isinstance(rules[0].body[0], ast.Positive):
            return None
        head, body = rules[0].head, rules[0].body[0].atom
        same = (head.args == body.args and all(isinstance(a, ast.Var) for a in head.args)
                and len({a.name for a in head.args}) == len(head.args))
        return body.predicate if same and body.predicate != predicate else None

    def _rule_text(self, rule: ast.Rule, depth: int) -> str:
        head = ", ".join(render_expr(a) for a in rule.head.args)
        return self.text(f"({head}) <- " + " and ".join(render_literal(l) for l in rule.body), depth)

    def text(self, text: str, depth: int = 4) -> str:
        """Condition text with variables numbered in order and helper predicates expanded."""
        names: dict[str, str] = {}
        text = re.sub(r'"(?:[^"\\]|\\.)*"|\b[A-Z][A-Za-z0-9_]*\b',
                      lambda m: m.group() if m.group().startswith('"')
                      else names.setdefault(m.group(), f"V{len(names)}"), text)
        return re.sub(r"\b([a-z][a-z0-9_]*)\(", lambda m: (self.canonical(m.group(1), depth - 1) + "(")
                      if m.group(1) in self.rules else m.group(), text)


def _duties_of(policy: ast.Policy, member: ast.TopicMember, defs: _Definitions) -> list[Duty]:
    edition = policy.edition.name if policy.edition else policy.file
    standard = next((s for s in policy.standards if s.id == member.standard), None)
    if standard is None:
        return []
    blocks = [b for b in (*standard.obligations, *standard.recurrings)
              if member.obligation is None or b.name == member.obligation]
    if not blocks:
        where = str(standard.span)
        return [Duty(edition, standard.id, standard.id, standard.title or "", "conditional", "", "", (), (), (), (),
                     (), (), (), standard.quotes, where, {f: () for f in FACETS} | {"timing": ("conditional",)})]
    return [_duty(edition, standard, block, defs) for block in blocks]


def _duty(edition: str, standard: ast.Standard, block, defs: _Definitions) -> Duty:
    trigger = render_pattern(block.trigger) if block.trigger else ""
    kind = block.trigger.kind if block.trigger else ""
    when = tuple(render_literal(l) for l in block.when)
    if isinstance(block, ast.Recurring):
        timing = "schedule"
        deadlines, durations, met_by, exceptions = (), (), (), ()
        met_kinds = (block.counted_by.kind,) if block.counted_by else ()
        counted = (f"counting {render_pattern(block.counted_by)}",) if block.counted_by else ()
        schedule = (*(phase_words(p) for p in block.phases),
                    *((f"each window when {' and '.join(render_literal(l) for l in block.window_when)}",)
                      if block.window_when else ()),
                    *((f"paused during {', '.join(block.paused_during)}",) if block.paused_during else ()),
                    *((f"ends by {block.ends_by}",) if block.ends_by else ()))
        met_by = counted
    else:
        timing = "timed" if block.deadlines else ("judgement" if block.judgement else "conditional")
        deadlines = tuple(render_deadline(d) for d in block.deadlines)
        durations = tuple(d.duration if d.duration is not None else d.rule for d in block.deadlines)
        met_by = tuple(render_pattern(m) for m in block.met_by)
        met_kinds = tuple(m.kind for m in block.met_by)
        exceptions = tuple(f"unless {' and '.join(render_literal(l) for l in e.body)} per \"{e.paragraph}\""
                           for e in block.exceptions)
        schedule = ()
    duty = Duty(edition, f"{standard.id}/{block.name}", standard.id, block.title or standard.title or "",
                timing, trigger, kind, when, deadlines, durations, met_by, met_kinds, exceptions, schedule,
                standard.quotes, str(block.span))
    duty.canon.update({
        "timing": (timing,),
        "trigger": (defs.text(f"{defs.canonical(kind)}({trigger[len(kind):]})"),) if trigger else (),
        "applies to": tuple(defs.text(w) for w in when),
        "deadline": tuple(defs.text(d) for d in deadlines),
        "met by": tuple(defs.text(f"{defs.canonical(k)}({m[len(k):]})") for k, m in zip(met_kinds, met_by)),
        "exceptions": tuple(defs.text(re.sub(r' per ".*"$', "", e)) for e in exceptions),
        "schedule": tuple(defs.text(s) for s in schedule),
    })
    return duty


# ------------------------------------------------------------------ pairing and changes
@dataclass(frozen=True)
class Change:
    facet: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    note: str = ""                 # "tighter: 10 → 6 working days", "sentence → allocation"


@dataclass(frozen=True)
class Pair:
    before: Duty
    after: Duty
    changes: tuple[Change, ...]


_STOPWORDS = {"a", "an", "the", "of", "to", "and", "or", "is", "are", "in", "on", "for", "with", "by", "at", "after",
              "before", "within", "be", "its", "it", "as", "from", "under", "that", "this", "which", "when"}


def _words(duty: Duty) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", duty.title.lower()) if w not in _STOPWORDS}


def title_overlap(a: Duty, b: Duty) -> float:
    left, right = _words(a), _words(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def _score(a: Duty, b: Duty) -> int:
    score = round(4 * title_overlap(a, b))
    if a.trigger_kind and a.trigger_kind == b.trigger_kind:
        score += 4
    if set(a.canon["met by"]) & set(b.canon["met by"]) or set(a.met_kinds) & set(b.met_kinds):
        score += 3
    if a.timing == b.timing:
        score += 2
    score += len(set(a.canon["applies to"]) & set(b.canon["applies to"]))
    score += len(set(a.canon["deadline"]) & set(b.canon["deadline"]))
    return score


STRONG = 9   # same trigger, met by the same kind of event, same timing: a split or a merge


def pair_duties(left: list[Duty], right: list[Duty]) -> tuple[list[tuple[Duty, Duty]], list[Duty], list[Duty]]:
    """Pairs (best first, ties broken by the order the topic lists them), then the unpaired on each side.
    A lone duty on each side always pairs; otherwise a pair needs the same trigger or the same kind
    of event meeting it, and two judgements need a word of their titles in common.  A duty left over that matches a paired one strongly pairs with it too
    (one duty split in two, or two merged)."""
    candidates = sorted(((-_score(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)))
    pairs: list[tuple[int, int]] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    alone = len(left) == 1 and len(right) == 1
    for negative, i, j in candidates:
        if i in used_left or j in used_right:
            continue
        a, b = left[i], right[j]
        if not alone and (-negative < 3 or (a.timing == b.timing == "judgement" and not title_overlap(a, b))):
            continue  # two judgements about different things are not one duty changed
        pairs.append((i, j))
        used_left.add(i)
        used_right.add(j)
    for negative, i, j in candidates:  # a leftover duty that strongly matches a paired one: split or merge
        if -negative >= STRONG and (i in used_left) != (j in used_right):
            pairs.append((i, j))
    paired_left = {i for i, _ in pairs}
    paired_right = {j for _, j in pairs}
    pairs.sort()
    return ([(left[i], right[j]) for i, j in pairs], [d for i, d in enumerate(left) if i not in paired_left],
            [d for j, d in enumerate(right) if j not in paired_right])


def compare_duties(a: Duty, b: Duty) -> tuple[Change, ...]:
    changes = []
    for facet in FACETS:
        if _same(facet, a, b):
            continue
        note = ""
        if facet == "deadline":
            note = deadline_change(a, b)
        elif facet == "trigger":
            note = (f"{describe_trigger(a.trigger_kind)} → {describe_trigger(b.trigger_kind)}"
                    if a.trigger_kind != b.trigger_kind else f"{a.trigger} → {b.trigger}")
        elif facet == "timing":
            note = f"{a.timing} → {b.timing}"
        elif facet in ("applies to", "met by", "exceptions", "schedule"):
            note = _set_note(a.facet(facet), b.facet(facet), a.canon[facet], b.canon[facet])
        changes.append(Change(facet, a.facet(facet), b.facet(facet), note))
    return tuple(changes)


def _same(facet: str, a: Duty, b: Duty) -> bool:
    left, right = a.canon.get(facet, a.facet(facet)), b.canon.get(facet, b.facet(facet))
    if facet in ("applies to", "met by", "exceptions"):
        return sorted(left) == sorted(right)
    return left == right


def _set_note(before: tuple[str, ...], after: tuple[str, ...], canon_before, canon_after) -> str:
    """'+ X; − Y' by meaning: a condition on both sides under different helper names is not listed."""
    removed = [t for t, c in zip(before, canon_before) if c not in canon_after]
    added = [t for t, c in zip(after, canon_after) if c not in canon_before]
    bare = lambda t: re.sub(r' per ".*"$', "", t)
    redefined = [t for t in added if bare(t) in {bare(r) for r in removed}]
    added = [t for t in added if t not in redefined]
    removed = [t for t in removed if bare(t) not in {bare(r) for r in redefined}]
    return "; ".join([*(f"+ {t}" for t in added), *(f"− {t}" for t in removed),
                      *(f"≠ {bare(t)} (same words, defined differently)" for t in redefined)])


# ------------------------------------------------------------------ topics and editions
@dataclass
class TopicDiff:
    name: str
    title: str
    status: str                          # changed | unchanged | added | removed
    pairs: list[Pair] = field(default_factory=list)
    only_before: list[Duty] = field(default_factory=list)
    only_after: list[Duty] = field(default_factory=list)
    reason: str = ""                     # why added / dropped, from the rule files
    reading: str = ""


@dataclass(frozen=True)
class LocalChange:
    """A standard a layer added, overrode or withdrew, with the local document cited and the reason."""
    action: str                          # added | overridden | withdrawn
    standard: str
    title: str
    layer: str
    per: str
    because: str
    where: str                           # file:line:column of the change in the layer file


@dataclass
class EditionDiff:
    before: str
    after: str
    topics: list[TopicDiff]
    local: list[LocalChange] = field(default_factory=list)   # `after` is a layer on `before`: its changes
    layered: bool = False                # `after` is a layer on `before` (the outputs then say so)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for topic in self.topics:
            found[topic.status] = found.get(topic.status, 0) + 1
        return found


def diff_policies(old: ast.Policy, new: ast.Policy, between: list[ast.Policy] = ()) -> EditionDiff:
    """Topic by topic, `old` → `new`.  `between` are the editions in force in between, whose
    `added` / `dropped topic` reasons explain a topic missing on one side."""
    old_defs, new_defs = _Definitions(old), _Definitions(new)
    old_topics, new_topics = topics(old), topics(new)
    names = list(old_topics) + [n for n in new_topics if n not in old_topics]
    found = []
    for name in names:
        o, n = old_topics.get(name), new_topics.get(name)
        title = (n or o).title or name
        if o is None:
            reason = n.added or next((t.added for p in between for t in p.topics if t.name == name and t.added), "")
            found.append(TopicDiff(name, title, "added", only_after=_duties(new, n, new_defs), reason=reason or ""))
            continue
        if n is None:
            reason = next((d.reason for p in [*between, new] for d in p.dropped if d.name == name), "")
            found.append(TopicDiff(name, title, "removed", only_before=_duties(old, o, old_defs), reason=reason))
            continue
        left, right = _duties(old, o, old_defs), _duties(new, n, new_defs)
        matched, only_left, only_right = pair_duties(left, right)
        pairs = [Pair(a, b, compare_duties(a, b)) for a, b in matched]
        changed = bool(only_left or only_right or any(p.changes for p in pairs))
        found.append(TopicDiff(name, title, "changed" if changed else "unchanged", pairs, only_left, only_right,
                               reading=" ".join((*o.readings, *n.readings))))
    return EditionDiff(_edition(old), _edition(new), found, local_changes(old, new), _edition(old) in new.layers[:-1])


def local_changes(old: ast.Policy, new: ast.Policy) -> list[LocalChange]:
    """What the layers between `old` and `new` change, when `new` is a layer on `old` (directly or on
    a layer on it): each standard added, overridden or withdrawn, in the order the layers make them."""
    if _edition(old) not in new.layers[:-1]:
        return []
    above = new.layers[new.layers.index(_edition(old)) + 1:]
    titles = {s.id: s.title or "" for s in old.standards} | {s.id: s.title or "" for s in new.standards}
    return [LocalChange(c.action, c.standard, titles.get(c.standard, ""), c.layer, c.per, c.because, str(c.span))
            for c in new.changes if c.layer in above]


def _duties(policy: ast.Policy, topic: ast.Topic, defs: _Definitions) -> list[Duty]:
    seen: set[str] = set()
    out = []
    for member in topic.members:
        for duty in _duties_of(policy, member, defs):
            if duty.ref not in seen:
                seen.add(duty.ref)
                out.append(duty)
    return out


def _edition(policy: ast.Policy) -> str:
    return policy.edition.name if policy.edition else policy.file


def diff_editions(names: list[str]) -> list[EditionDiff]:
    """`nsr diff A B [C ...]`: each edition against the next one given, oldest first."""
    policies = ordered([installed_policy(name) for name in names])
    chain = ordered([installed_policy(n) for n in _installed()])
    diffs = []
    for old, new in zip(policies, policies[1:]):
        between = [p for p in chain if p.edition and old.edition and new.edition and p.edition.in_force_from
                   and old.edition.in_force_from and new.edition.in_force_from
                   and old.edition.in_force_from < p.edition.in_force_from < new.edition.in_force_from]
        diffs.append(diff_policies(old, new, between))
    return diffs


def _installed() -> list[str]:
    from ..compiler.compile import editions
    return editions()
