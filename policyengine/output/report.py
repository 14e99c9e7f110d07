"""Shape evaluations and explanations for people (tables, text trees) and programs (JSON, DOT).

The JSON shapes here are the documented, stable interface (docs/output.md): change them only
by adding fields.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import datetime as dt
import json
from collections import Counter
from typing import TYPE_CHECKING

import orjson
from rich.console import Group
from rich.text import Text

from ..explain import derived, narrative
from ..explain.narrative import plural
from ..evaluate import Evaluation
from ..backends.results import EventRef, ObligationResult
from . import terminal
from .terminal import Screen

if TYPE_CHECKING:
    import networkx as nx

FORMAT_VERSION = 1
STATUS_WORDS = {
    "met_on_time": "met on time", "met_late": "met late", "overdue": "OVERDUE", "pending": "pending",
    "needs_judgement": "needs judgement", "judged_met": "met (judgement)", "judged_not_met": "NOT MET (judgement)",
    "not_applicable": "not applicable", "met": "met", "missed": "MISSED", "missing_data": "cannot be timed",
}
# The order statuses are counted in, worst first; a status not listed comes last.
STATUS_ORDER = {status: rank for rank, status in enumerate([
    "overdue", "missed", "judged_not_met", "missing_data", "met_late", "pending", "needs_judgement", "met_on_time", "met",
    "judged_met", "not_applicable"])}


def _date(value: dt.date | None) -> str | None:
    if value is None:
        return None
    return None if value == dt.date.max else value.isoformat()


def _event(ref: EventRef | None) -> dict | None:
    if ref is None:
        return None
    return {"id": ref.id, "kind": ref.kind, "date": _date(ref.date), "source": ref.source}


def result_json(result: ObligationResult) -> dict:
    window = None
    if result.window:
        # "number" counts from 1, as every page and table shows it; "index" (from 0) is the rules' k.
        window = {**result.window, "number": result.window["index"] + 1, "start": _date(result.window["start"]),
                  "end": _date(result.window["end"])}
    return {
        "obligation": result.obligation, "standard": result.standard, "title": result.title,
        "status": result.status, "trigger": _event(result.trigger), "due": _date(result.due),
        "deadline": result.deadline or None, "satisfied_by": _event(result.satisfied_by),
        "working_days_late": result.working_days_late, "working_days_remaining": result.working_days_remaining,
        "window": window, "exception": result.exception, "reason": result.reason, "edition": result.edition,
        "missing": [{"field": m.field, "what": m.what} for m in result.missing],
        # A deadline in hours judged against times of day (both only when the trigger's time is recorded).
        **({"due_time": result.due_time, "met_time": result.met_time} if result.due_time else {}),
    }


def evaluation_json(evaluation: Evaluation, include_not_applicable: bool) -> dict:
    data = {
        "format": FORMAT_VERSION,
        "case": evaluation.case.id,
        "edition": "auto" if evaluation.parts else evaluation.program.edition.name,
        "as_of": evaluation.as_of.isoformat(),
        "summary": dict(sorted(Counter(r.status for r in evaluation.results).items())),
        "warnings": evaluation.warnings,
        "obligations": [result_json(r) for r in evaluation.results],
        "conditional": [dataclasses.asdict(c) for c in evaluation.conditional],
    }
    data.update(derived.summary_json(evaluation))  # "tier" and "mappa" on the as-of date
    for entry, result in zip(data["obligations"], evaluation.results):
        entry["tier"] = derived.tier_used(evaluation, result)
    if evaluation.program.layered and not evaluation.parts:   # a layer: which one each obligation comes from
        data["base"] = evaluation.program.base
        for entry, result in zip(data["obligations"], evaluation.results):
            info = evaluation.program.obligations.get(result.obligation)
            entry["layer"] = info.layer if info else None
    if include_not_applicable:
        data["not_applicable"] = [dataclasses.asdict(n) for n in narrative.not_applicable(evaluation)]
    return data


def _days(result: ObligationResult) -> str:
    if result.working_days_late is not None:
        return f"{result.working_days_late} late"
    if result.working_days_remaining is not None:
        return f"{result.working_days_remaining} left"
    return ""


def _trigger(result: ObligationResult) -> str:
    """'sentence s1 2007-12-21'; a kind in words ('ten working days before release s1 ...') so it can wrap."""
    if not result.trigger:
        return ""
    return f"{result.trigger.kind.replace('_', ' ')} {result.trigger.id} {_date(result.trigger.date)}"


def _window(result: ObligationResult) -> str:
    """What a schedule window counted against what it needs, and its dates: '0/1 in 2008-01-11 to 2008-01-17'."""
    window = result.window
    done = (f"{window['minutes'] / 60:g}h/{window['need']}h" if "minutes" in window
            else f"{window['count']}/{window['need']}")
    return f"{done} in {_date(window['start'])} to {_date(window['end']) or 'open'}"


def _name(obligation: str, standard: str) -> str:
    """The obligation's own name: its id is "STANDARD/NAME"."""
    return obligation[len(standard) + 1:] if obligation.startswith(standard + "/") else obligation


@dataclass
class _Line:
    """One row of the obligation table, before it is laid out for a screen."""
    edition: str
    standard: str
    name: str
    title: str
    trigger: str
    due: str
    status: Text
    met: str
    days: str
    order: tuple


def _order(result: ObligationResult) -> tuple:
    """Rows by edition, standard, obligation, then trigger date and due date."""
    trigger = (result.trigger.date, result.trigger.id) if result.trigger else (dt.date.min, "")
    return (result.edition, standard_order(result.standard), result.obligation, trigger, result.due or dt.date.max)


def _line(result: ObligationResult, screen: Screen) -> _Line:
    met = ""
    if result.window:
        met = _window(result)
    elif result.satisfied_by:
        met = f"{result.satisfied_by.id} {_date(result.satisfied_by.date)}" + (
            f" {result.met_time}" if result.met_time else "")
    elif result.missing:
        met = "record " + ", ".join(m.field for m in result.missing)
    words = STATUS_WORDS.get(result.status, result.status)
    if result.exception:
        words += f" (per {result.exception})"
    return _Line(result.edition, result.standard, _name(result.obligation, result.standard), result.title,
                 _trigger(result), " ".join(filter(None, (_date(result.due), result.due_time))),
                 terminal.status_text(result.status, words, screen), met,
                 _days(result), _order(result))


def _schedule_line(windows: list[ObligationResult], screen: Screen) -> _Line:
    """A schedule's windows for one trigger in one row: how many were met of how many, how many
    missed and pending; the open window and the last one missed."""
    first = windows[0]
    counts = Counter(r.status for r in windows)
    met = counts.pop("met", 0)
    status = terminal.styled(f"met {met} of {plural(len(windows), 'window')}", "" if counts else "green", screen)
    for state in sorted(counts, key=lambda s: (STATUS_ORDER.get(s, len(STATUS_ORDER)), s)):
        status.append(", ")
        status.append_text(terminal.status_text(state, f"{counts[state]} {STATUS_WORDS.get(state, state).lower()}",
                                                screen))
    open_ = [r for r in windows if r.status == "pending"]
    missed = [r for r in windows if r.status == "missed"]
    details = [f"open: {_window(r)}" for r in open_]
    if missed:
        more = f" (+{len(missed) - 1} more)" if len(missed) > 1 else ""
        details.append(f"{'last ' if len(missed) > 1 else ''}missed: {_window(missed[-1])}{more}")
    if not details:
        details.append(f"{_date(first.window['start'])} to {_date(windows[-1].window['end']) or 'open'}")
    now = open_[0] if open_ else None
    phase = (now or windows[-1]).deadline   # the schedule's level now, in words: "at least 1 a month"
    if phase:
        details.insert(0, phase)
    return _Line(first.edition, first.standard, _name(first.obligation, first.standard), first.title,
                 _trigger(first), (_date(now.due) or "") if now else "", status, "\n".join(details),
                 _days(now) if now else "", _order(first))


# How wide the trigger, status and "met by" columns may be before they wrap (never inside a word),
# from no limit to the narrowest the obligation table uses; the title gets the room they leave.
_CAPS = ({}, {"Status": 26, "Met by / count": 32}, {"Trigger": 22, "Status": 24, "Met by / count": 30},
         {"Trigger": 18, "Status": 18, "Met by / count": 22, "Due / working days": 10},
         {"Trigger": 14, "Status": 12, "Met by / count": 16, "Due / working days": 10})


def _obligation_table(lines: list[_Line], key: str | None, screen: Screen):
    """The obligations one row each with the title on one line, shortened with '…' to the room the
    other columns leave, those wrapping as little as they can. On a screen too narrow for that,
    each title goes under the obligation's name and the working days under the due date.  `key`
    heads a first column of each line's edition (--edition auto) or layer (a layered policy)."""
    with_edition = key is not None
    def title(text: str):
        return terminal.shortened(text, screen)
    keys = [terminal.Column(h, no_wrap=True) for h in ([key, "Std"] if with_edition else ["Std"])]
    first = [[l.edition, l.standard] if with_edition else [l.standard] for l in lines]
    wide = {"Trigger": [l.trigger for l in lines], "Due": [l.due for l in lines], "Status": [l.status for l in lines],
            "Met by / count": [l.met for l in lines], "Working days": [l.days for l in lines]}
    narrow = {**{h: wide[h] for h in ("Trigger", "Status", "Met by / count")},
              "Due / working days": ["\n".join(filter(None, (l.due, l.days))) for l in lines]}
    narrow = {h: narrow[h] for h in ("Trigger", "Due / working days", "Status", "Met by / count")}
    longest = max(len(l.title) for l in lines)
    names = max(len(l.name) for l in lines)

    def others(cells: dict[str, list], caps: dict, used: int) -> tuple[list, int]:
        """The columns after the obligation, wrapped at `caps` but never inside a word, and the room
        left beside them and the `used` columns before them (two spaces between columns)."""
        columns, width = [], used
        for header, column in cells.items():
            texts = [header, *(cell.plain if isinstance(cell, Text) else str(cell) for cell in column)]
            natural = max(len(line) for text in texts for line in text.split("\n"))
            word = max(len(w) for text in texts for w in text.split() or [""])
            cap = max(caps[header], word) if header in caps else None
            columns.append(terminal.Column(header, no_wrap=cap is None, max_width=cap))
            width += 2 + (natural if cap is None else min(natural, cap))
        return columns, screen.width - width

    key_width = sum(max(len(h), *(len(a[i]) for a in first)) + 2 for i, h in enumerate(
        [key, "Std"] if with_edition else ["Std"]))
    for caps in _CAPS[:3]:
        columns, left = others(wide, caps, key_width + max(names, len("Obligation")) + 2)
        if left >= min(longest, 30):
            columns = [*keys, terminal.Column("Obligation", no_wrap=True),
                       terminal.Column("Title", no_wrap=True, max_width=left), *columns]
            rows = [[*a, l.name, title(l.title), *row] for a, l, row in zip(first, lines, zip(*wide.values()))]
            return terminal.table(columns, rows, screen)
    for caps in _CAPS[3:]:
        columns, left = others(narrow, caps, key_width)
        if left >= min(max(longest, names), 40):
            break
    columns = [*keys, terminal.Column("Obligation", overflow="fold", width=max(names, min(left, longest))), *columns]
    rows = [[*a, Group(Text(l.name, overflow="fold"), title(l.title)), *row]
            for a, l, row in zip(first, lines, zip(*narrow.values()))]
    return terminal.table(columns, rows, screen)


def counts_text(results: list[ObligationResult], screen: Screen) -> Text:
    """'1 OVERDUE, 2 windows MISSED, 3 pending, ...': how many results have each status, worst first."""
    counts = Counter(r.status for r in results)
    text = Text()
    for state in sorted(counts, key=lambda s: (STATUS_ORDER.get(s, len(STATUS_ORDER)), s)):
        if text:
            text.append(", ")
        what = plural(counts[state], "window") + " " if state in _WINDOW_ONLY else f"{counts[state]} "
        text.append_text(terminal.status_text(state, what + STATUS_WORDS.get(state, state), screen))
    return text or Text("nothing is owed yet")


_WINDOW_ONLY = ("met", "missed")   # statuses only a schedule's windows have


def _not_applicable_table(found: list, screen: Screen):
    """What does not apply and why: the reason gets at least half the screen; when the title
    would leave it less, the title goes under the obligation's name."""
    def title(text: str):
        return terminal.shortened(text, screen)
    std = max(len(n.standard) for n in found)
    name = max(len(_name(n.obligation, n.standard)) for n in found)
    longest = max(len(n.title) for n in found)
    room = screen.width // 2 - std - name - 6
    if room >= min(longest, 24):
        return terminal.table(
            [terminal.Column("Std", no_wrap=True), terminal.Column("Obligation", no_wrap=True),
             terminal.Column("Title", no_wrap=True, max_width=room), terminal.Column("Why not")],
            [[n.standard, _name(n.obligation, n.standard), title(n.title), n.reason] for n in found], screen)
    return terminal.table(
        [terminal.Column("Std", no_wrap=True),
         terminal.Column("Obligation", overflow="fold", width=max(name, min(longest, screen.width // 3))),
         terminal.Column("Why not")],
        [[n.standard, Group(Text(_name(n.obligation, n.standard), overflow="fold"), title(n.title)), n.reason]
         for n in found], screen)


def evaluation_table(evaluation: Evaluation, include_not_applicable: bool, screen: Screen = Screen(),
                     windows: bool = False) -> str:
    """One row per obligation and trigger; a schedule's windows in one row per trigger (every
    window its own row with `windows`)."""
    lines: list[_Line] = []
    schedules: dict[tuple[str, str, str], list[ObligationResult]] = {}
    awaiting: list[ObligationResult] = []
    for result in evaluation.results:
        if result.status == "needs_judgement" and not include_not_applicable:
            awaiting.append(result)  # listed by id under the table; --all gives them rows
        elif result.window and not windows:
            schedules.setdefault((result.edition, result.obligation, result.trigger.id if result.trigger else ""),
                                 []).append(result)
        else:
            lines.append(_line(result, screen))
    lines += [_schedule_line(found, screen) for found in schedules.values()]
    lines.sort(key=lambda line: line.order)
    edition = evaluation.program.edition
    layered = evaluation.program.layered and not evaluation.parts
    if layered:   # the Layer column: the edition or layer each obligation comes from
        info = evaluation.program.obligations
        lines = [dataclasses.replace(l, edition=info[l.standard + "/" + l.name].layer
                                     if l.standard + "/" + l.name in info else l.edition) for l in lines]
    if evaluation.parts:  # --edition auto: say which edition each row is judged under
        used = Counter(r.edition for r in evaluation.results)
        under = ("the edition in force on each trigger date ("
                 + ", ".join(f"{name}: {used.get(name, 0)}" for name in evaluation.parts) + ")")
    else:
        under = f"the {edition.name} edition ({edition.title})"
        if layered:
            under += f", a layer on {evaluation.program.base}"
    parts: list = [f"Case {evaluation.case.id} under {under}, as of {evaluation.as_of:%a %d %b %Y}",
                   counts_text(evaluation.results, screen)]
    parts += [f"warning: {w}" for w in evaluation.warnings]
    parts += derived.summary_lines(evaluation)
    if lines:
        key = "Edition" if evaluation.parts else "Layer" if layered else None
        parts += ["", _obligation_table(lines, key, screen)]
    if schedules:
        parts += ["", "A schedule's windows are counted in one row per trigger; --windows lists every window."]
    if awaiting:
        ids = sorted({r.standard for r in awaiting}, key=standard_order)
        parts += ["", f"Needs a recorded judgement ({len(awaiting)}, --all lists them): " + ", ".join(ids)]
    if evaluation.conditional:
        parts += ["", "Conditional standards in play (no clock; `nsr standards` quotes them): "
                  + ", ".join(f"{c.standard} ({c.circumstance})" for c in
                              sorted(evaluation.conditional, key=lambda c: standard_order(c.standard)))]
    missing = narrative.not_applicable(evaluation) if include_not_applicable else []
    if missing:
        title = (f"Not applicable under {edition.name} (in force on the as-of date)" if evaluation.parts
                 else "Not applicable")
        found = sorted(missing, key=lambda n: (standard_order(n.standard), n.obligation))
        parts += ["", title, _not_applicable_table(found, screen)]
    return terminal.render(screen, *parts)


def standards_table(program, screen: Screen = Screen()) -> str:
    """`nsr standards EDITION`: every standard with its kind (timed, conditional, judgement) and title."""
    standards = sorted(program.standards.values(), key=lambda s: standard_order(s.id))
    kinds = Counter(s.kind for s in standards)
    edition = program.edition
    head = (f"The {edition.name} edition ({edition.title}): {len(standards)} standards, "
            + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
    if program.layered:   # which layer each standard comes from, and what the layers changed
        head += f"; a layer on {program.base}"
        rows = [[s.id, s.layer, s.kind, s.title] for s in standards]
        columns = [terminal.Column("Std", no_wrap=True), terminal.Column("Layer", no_wrap=True),
                   terminal.Column("Kind", no_wrap=True), "Title"]
        return terminal.render(screen, head, "", terminal.table(columns, rows, screen), "", *layer_changes_lines(program))
    rows = [[s.id, s.kind, s.title] for s in standards]
    return terminal.render(screen, head, "", terminal.table(
        [terminal.Column("Std", no_wrap=True), terminal.Column("Kind", no_wrap=True), "Title"], rows, screen))


def layer_changes_lines(program) -> list:
    """What a layered policy's layers change in their bases: 'overridden 2015.7.1 (nw-2015) per ...: because ...'."""
    lines: list = ["Changes to the base:"]
    for change in program.changes:
        cited = "; ".join(f"{label} {text}" for label, text in (("per", change.per), ("because", change.because))
                          if text)
        lines.append(terminal.indented(f"{change.action} {change.standard} (layer {change.layer})"
                                       + (f": {cited}" if cited else ""), 2, 4))
    return lines


def standard_order(standard_id: str) -> tuple:
    parts = []
    for piece in standard_id.replace(".", " ").split():
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append((int(digits) if digits else 0, piece))
    return tuple(parts)


# ------------------------------------------------------------------ explanation graphs
def trees_text(graph: nx.DiGraph, roots: list[int]) -> str:
    """Indented trees; a standard's quote is shown once, and a repeated step says 'shown above'."""
    lines: list[str] = []
    quoted: set[str] = set()
    shown: set[str] = set()

    def walk(node: int, prefix: str, last: bool, top: bool) -> None:
        data = graph.nodes[node]
        branch = "" if top else ("└─ " if last else "├─ ")
        label = data["label"]
        children = list(graph.successors(node))
        if children and label in shown:
            lines.append(prefix + branch + label + "   (shown above)")
            return
        shown.add(label)
        if data.get("standard"):
            label += f"   [{data['standard']} {data.get('clause', '')}, {data.get('at', '')}]"
        if data.get("source"):
            label += f"   (from {data['source']})"
        lines.append(prefix + branch + label)
        inner = prefix + ("" if top else ("   " if last else "│  "))
        extra = []
        if data.get("quote") and data.get("standard") not in quoted:
            quoted.add(data["standard"])
            extra.append(f'"{data["quote"]}"')
            if data.get("reading"):
                extra.append(f"reading: {data['reading']}")
        for key in ("note", "values"):
            if data.get(key):
                extra.append(data[key])
        for text in extra:
            lines.append(inner + ("│    " if children else "     ") + text)
        for index, child in enumerate(children):
            walk(child, inner, index == len(children) - 1, False)

    for index, root in enumerate(roots):
        if index:
            lines.append("")
        walk(root, "", True, True)
    return "\n".join(lines)


def graph_json(graph: nx.DiGraph, roots: list[int]) -> dict:
    import networkx as nx
    data = nx.node_link_data(graph, edges="edges")
    return {"format": FORMAT_VERSION, "roots": roots, "nodes": data["nodes"], "edges": data["edges"]}


def graph_dot(graph: nx.DiGraph) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = ["digraph why {", "  node [shape=box, fontname=Helvetica];"]
    for node, data in graph.nodes(data=True):
        label = data["label"] + (f"\\n[{data['standard']} {data.get('clause', '')}]" if data.get("standard") else "")
        if data.get("source"):
            label += f"\\n(from {data['source']})"
        lines.append(f"  n{node} [label={quote(label).replace(chr(92) * 2 + 'n', chr(92) + 'n')}, kind={quote(data['kind'])}];")
    lines += [f"  n{a} -> n{b};" for a, b in graph.edges]
    lines.append("}")
    return "\n".join(lines)


def dumps(data) -> str:
    """A document as every `--format json` and the service write it: `json.dumps(data, indent=2,
    ensure_ascii=False, default=str)`, byte for byte.  Python's encoder indents in Python (about
    1.5 ms of a check's document, an eighth of its CPU in `nsr serve`); orjson writes the same
    text in a fortieth of that.  Whether orjson spells every value as json does (it does not for
    some: 1e-05, NaN, a subclass of float, a key that is not a string, ...) is checked against
    json's compact encoder, written in C: where the two compact texts differ, json writes it."""
    try:
        compact = orjson.dumps(data, option=_ORJSON, default=str).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):   # an integer beyond 64 bits, a lone surrogate, ...
        compact = None
    if compact is None or compact != json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")):
        return json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return orjson.dumps(data, option=_ORJSON | orjson.OPT_INDENT_2, default=str).decode("utf-8")


# Dates, times and dataclasses go to default=str, as in json (orjson would write them itself).
_ORJSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def subject_text(evaluation: Evaluation, subject: str, form: str = "text") -> str:
    """`nsr why CASE tier|mappa` in the format asked for (text tree, JSON graph or DOT)."""
    graph, roots = derived.explain_subject(evaluation, subject)
    if form == "json":
        return dumps(graph_json(graph, roots))
    if form == "dot":
        return graph_dot(graph)
    return trees_text(graph, roots)
