"""`nsr diff` output: a terminal table, Markdown, a self-contained HTML page, or JSON (docs/output.md)."""
from __future__ import annotations

from rich.text import Text

from .diff import EditionDiff, LocalChange, Pair, TopicDiff
from .duty import FACETS, Duty
from ..output import terminal
from ..output.terminal import Screen

FORMAT_VERSION = 1
STATUS_ORDER = {"changed": 0, "removed": 1, "added": 2, "unchanged": 3}


def _summary(diff: EditionDiff) -> str:
    counts = diff.counts()
    parts = [f"{counts[s]} {s}" for s in STATUS_ORDER if counts.get(s)]
    if diff.layered:   # a layer on `before`: its own changes first, then the topics they touch
        return (f"{diff.before} → {diff.after}: a layer on {diff.before} with {_local_counts(diff)}; "
                f"topics: {', '.join(parts) or 'none changed'} ({len(diff.topics)} topics)")
    return f"{diff.before} → {diff.after}: {', '.join(parts)} ({len(diff.topics)} topics)"


LOCAL_ORDER = ("overridden", "withdrawn", "added")


def _local_counts(diff: EditionDiff) -> str:
    counts = {action: sum(1 for c in diff.local if c.action == action) for action in LOCAL_ORDER}
    shown = ", ".join(f"{n} {action}" for action, n in counts.items() if n)
    return f"{len(diff.local)} local change{'s' if len(diff.local) != 1 else ''}" + (f" ({shown})" if shown else "")


def _local(diff: EditionDiff) -> list[LocalChange]:
    return sorted(diff.local, key=lambda c: LOCAL_ORDER.index(c.action))


def _local_lines(change: LocalChange, after: str, width: int = 0) -> list[str]:
    """A local change: what and which standard, then the document cited and the reason."""
    layer = f" (layer {change.layer})" if change.layer and change.layer != after else ""
    lines = [f"{change.action:10}  {change.standard:{width}}  {change.title}{layer}"]
    lines += [f"{label}: {text}" for label, text in (("per", change.per), ("because", change.because)) if text]
    return lines


def _shown(diff: EditionDiff, include_unchanged: bool) -> list[TopicDiff]:
    return [t for t in diff.topics if include_unchanged or t.status != "unchanged"]


def _duty_line(duty: Duty) -> str:
    what = {"timed": ", ".join(duty.deadlines), "schedule": "; ".join(duty.schedule[:1]),
            "judgement": "judgement", "conditional": "conditional (no clock)"}[duty.timing]
    after = f" after {duty.trigger}" if duty.trigger else ""
    return f"{duty.ref}  {duty.title} [{what}{after}]"


def _quote(duty: Duty) -> str:
    return " ".join(f"“{q}”" for q in duty.quotes)


def _refs(topic: TopicDiff) -> str:
    return ", ".join([f"{p.before.ref} → {p.after.ref}" for p in topic.pairs]
                     + [f"− {d.ref}" for d in topic.only_before] + [f"+ {d.ref}" for d in topic.only_after])


def _rows(pair: Pair) -> list[tuple[str, str, str, str]]:
    """(facet, before, after, change note) for every facet either side has; '' note when the same."""
    changed = {c.facet: c for c in pair.changes}
    rows = []
    for facet in FACETS:
        before, after = pair.before.facet(facet), pair.after.facet(facet)
        if not before and not after:
            continue
        change = changed.get(facet)
        rows.append((facet, "; ".join(before) or "—", "; ".join(after) or "—",
                     (change.note or "changed") if change else ""))
    return rows


# ------------------------------------------------------------------ terminal
TOPIC_STYLE = {"changed": "yellow", "removed": "red", "added": "green", "unchanged": "dim"}


def _pair_table(diff: EditionDiff, pair: Pair, screen: Screen):
    """One duty beside its successor: title, each facet (≠ where it changed, with the change under
    it), and both texts."""
    rows: list[list] = [["", pair.before.title, pair.after.title]]
    for facet, before, after, note in _rows(pair):
        mark = terminal.styled(f"≠ {facet}", "yellow", screen) if note else f"= {facet}"
        rows.append([mark, before, after])
        if note:
            rows.append(["", terminal.styled(f"→ {note}", "yellow", screen), ""])
    rows.append(["  text", _quote(pair.before), _quote(pair.after)])
    return terminal.table([terminal.Column("", no_wrap=True),
                           terminal.Column(f"{diff.before}: {pair.before.ref}", ratio=1),
                           terminal.Column(f"{diff.after}: {pair.after.ref}", ratio=1)], rows, screen, expand=True)


def diff_text(diffs: list[EditionDiff], include_unchanged: bool = False, screen: Screen = Screen()) -> str:
    parts: list = []
    for diff in diffs:
        if parts:
            parts.append("")
        rule = "=" * min(screen.width, len(terminal.showable(_summary(diff), screen.encoding)))
        parts += [terminal.styled(_summary(diff), "bold", screen), rule]
        if diff.layered:
            parts += ["", terminal.styled(f"LOCAL CHANGES in {diff.after}", "bold", screen)]
            width = max((len(c.standard) for c in diff.local), default=0)
            for change in _local(diff):
                first, *rest = _local_lines(change, diff.after, width)
                parts += ["", terminal.indented(first, 2, 14)] + [terminal.indented(line, 14) for line in rest]
        for topic in sorted(_shown(diff, include_unchanged), key=lambda t: STATUS_ORDER[t.status]):
            heading = terminal.styled(f"{topic.status.upper():9}", TOPIC_STYLE.get(topic.status, ""), screen)
            parts += ["", Text.assemble(heading, f"  {topic.name}: {topic.title}")]
            for label, text in (("why", topic.reason), ("note", topic.reading)):
                if text:
                    parts.append(terminal.indented(f"{label}: {text}", 11))
            for pair in topic.pairs:
                if pair.changes or not diff.layered:   # a layer's diff: only what it changes
                    parts += ["", _pair_table(diff, pair, screen)]
            if topic.only_before or topic.only_after:
                parts.append("")
            for label, duties in ((f"only in {diff.before}", topic.only_before), (f"only in {diff.after}", topic.only_after)):
                parts += [terminal.indented(f"{label}: {_duty_line(duty)}", 2, 4) for duty in duties]
        unchanged = [t.name for t in diff.topics if t.status == "unchanged"]
        if unchanged and not include_unchanged:
            parts += ["", f"Unchanged ({len(unchanged)}, --all shows them): {', '.join(unchanged)}"]
    return terminal.render(screen, *parts)


# ------------------------------------------------------------------ Markdown
def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff_markdown(diffs: list[EditionDiff], include_unchanged: bool = False) -> str:
    out: list[str] = []
    for diff in diffs:
        out += [f"# {diff.before} → {diff.after}", "", _summary(diff), ""]
        if diff.layered:
            out += [f"## Local changes in {_md(diff.after)}", "", "| change | standard | title | per | because |",
                    "|---|---|---|---|---|"]
            out += [f"| {c.action} | `{c.standard}` | {_md(c.title)} | {_md(c.per)} | {_md(c.because)} |"
                    for c in _local(diff)]
            out.append("")
        out += ["| topic | status | duties |", "|---|---|---|"]
        for topic in diff.topics:
            out.append(f"| [{topic.name}](#{diff.before}-{diff.after}-{topic.name}) | {topic.status} | {_md(_refs(topic))} |")
        for topic in _shown(diff, include_unchanged):
            out += ["", f"## <a id=\"{diff.before}-{diff.after}-{topic.name}\"></a>{_md(topic.title)} "
                        f"(`{topic.name}`, {topic.status})", ""]
            if topic.reason:
                out += [f"*Why:* {_md(topic.reason)}", ""]
            if topic.reading:
                out += [f"*Note:* {_md(topic.reading)}", ""]
            for pair in topic.pairs:
                out += [f"| | {diff.before} `{pair.before.ref}` | {diff.after} `{pair.after.ref}` | change |",
                        "|---|---|---|---|",
                        f"| title | {_md(pair.before.title)} | {_md(pair.after.title)} | |"]
                for facet, before, after, note in _rows(pair):
                    out.append(f"| {facet} | {_md(before)} | {_md(after)} | {'**' + _md(note) + '**' if note else 'same'} |")
                out += [f"| text | {_md(_quote(pair.before))} | {_md(_quote(pair.after))} | |", ""]
            for label, duties in ((f"Only in {diff.before}", topic.only_before), (f"Only in {diff.after}", topic.only_after)):
                for duty in duties:
                    out += [f"- **{label}:** `{duty.ref}` {_md(duty.title)} "
                            f"({_md(_duty_line(duty).split('[', 1)[1].rstrip(']'))}). {_md(_quote(duty))}"]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# ------------------------------------------------------------------ HTML
TOPIC_TONES = {"changed": "warn", "removed": "bad", "added": "ok", "unchanged": "muted"}
LOCAL_TONES = {"overridden": "warn", "withdrawn": "bad", "added": "ok"}


def _diff_view(diff: EditionDiff, include_unchanged: bool) -> dict:
    """One comparison as plain values for `output/templates/diff.html`."""
    def anchor(topic: TopicDiff) -> str:
        return f"{diff.before}-{diff.after}-{topic.name}"
    shown = _shown(diff, include_unchanged)
    return {
        "before": diff.before, "after": diff.after, "summary": _summary(diff),
        "local": [{"action": c.action, "tone": LOCAL_TONES[c.action], "standard": c.standard, "title": c.title,
                   "layer": c.layer if c.layer != diff.after else "", "per": c.per, "because": c.because}
                  for c in _local(diff)],
        "index": [{"name": t.name, "status": t.status, "tone": TOPIC_TONES[t.status], "refs": _refs(t),
                   "anchor": anchor(t), "shown": t in shown} for t in diff.topics],
        "topics": [{"name": t.name, "title": t.title, "status": t.status, "tone": TOPIC_TONES[t.status],
                    "anchor": anchor(t), "reason": t.reason, "reading": t.reading,
                    "pairs": [{"before": p.before, "after": p.after, "rows": _rows(p),
                               "before_quote": _quote(p.before), "after_quote": _quote(p.after)} for p in t.pairs],
                    "lone": [(label, d, _duty_line(d).split("  ", 1)[1], _quote(d))
                             for label, duties in ((f"only in {diff.before}", t.only_before),
                                                   (f"only in {diff.after}", t.only_after)) for d in duties]}
                   for t in shown],
        "unchanged": [] if include_unchanged else [t.name for t in diff.topics if t.status == "unchanged"],
    }


diff_view = _diff_view   # the service's changes page renders diff.html in its own layout


def diff_html(diffs: list[EditionDiff], include_unchanged: bool = False) -> str:
    """A self-contained page (template `output/templates/diff.html`): an index of topics, then
    each changed, removed and added topic with both editions side by side."""
    from ..output.html import render
    title = "; ".join(f"{d.before} → {d.after}" for d in diffs)
    return render("diff.html", title=f"National Standards: {title}", heading=f"National Standards compared: {title}",
                  meta="", diffs=[_diff_view(d, include_unchanged) for d in diffs])


# ------------------------------------------------------------------ JSON
def duty_json(duty: Duty) -> dict:
    return {"ref": duty.ref, "standard": duty.standard, "title": duty.title, "timing": duty.timing,
            "trigger": duty.trigger or None, "applies_to": list(duty.applies_to), "deadlines": list(duty.deadlines),
            "met_by": list(duty.met_by), "exceptions": list(duty.exceptions), "schedule": list(duty.schedule),
            "quotes": list(duty.quotes), "at": duty.where}


def _local_json(diff: EditionDiff) -> dict:
    """A layer's changes, only in a diff of a layer against its base (editions' diffs are unchanged)."""
    if not diff.layered:
        return {}
    return {"local_changes": [{"change": c.action, "standard": c.standard, "title": c.title, "layer": c.layer,
                               "per": c.per or None, "because": c.because or None, "at": c.where}
                              for c in _local(diff)]}


def diff_json(diffs: list[EditionDiff]) -> dict:
    return {"format": FORMAT_VERSION, "diffs": [{
        "before": diff.before, "after": diff.after, "summary": diff.counts(), **_local_json(diff),
        "topics": [{
            "topic": topic.name, "title": topic.title, "status": topic.status, "reason": topic.reason or None,
            "note": topic.reading or None,
            "pairs": [{"before": duty_json(p.before), "after": duty_json(p.after),
                       "changes": [{"facet": c.facet, "before": list(c.before), "after": list(c.after),
                                    "note": c.note} for c in p.changes]} for p in topic.pairs],
            "only_before": [duty_json(d) for d in topic.only_before],
            "only_after": [duty_json(d) for d in topic.only_after],
        } for topic in diff.topics]} for diff in diffs]}
