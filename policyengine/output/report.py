"""Shape evaluations and explanations for people (tables, text trees) and programs (JSON, DOT).

The JSON shapes here are the documented, stable interface (docs/output.md): change them only
by adding fields.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from typing import TYPE_CHECKING

from ..explain import derived, narrative
from ..evaluate import Evaluation
from ..backends.results import EventRef, ObligationResult

if TYPE_CHECKING:
    import networkx as nx

FORMAT_VERSION = 1
STATUS_WORDS = {
    "met_on_time": "met on time", "met_late": "met late", "overdue": "OVERDUE", "pending": "pending",
    "needs_judgement": "needs judgement", "judged_met": "met (judgement)", "judged_not_met": "NOT MET (judgement)",
    "not_applicable": "not applicable", "met": "met", "missed": "MISSED", "missing_data": "cannot be timed",
}


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
        window = {**result.window, "start": _date(result.window["start"]), "end": _date(result.window["end"])}
    return {
        "obligation": result.obligation, "standard": result.standard, "title": result.title,
        "status": result.status, "trigger": _event(result.trigger), "due": _date(result.due),
        "deadline": result.deadline or None, "satisfied_by": _event(result.satisfied_by),
        "working_days_late": result.working_days_late, "working_days_remaining": result.working_days_remaining,
        "window": window, "exception": result.exception, "reason": result.reason, "edition": result.edition,
        "missing": [{"field": m.field, "what": m.what} for m in result.missing],
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
    if include_not_applicable:
        data["not_applicable"] = [dataclasses.asdict(n) for n in narrative.not_applicable(evaluation)]
    return data


def _days(result: ObligationResult) -> str:
    if result.working_days_late is not None:
        return f"{result.working_days_late} late"
    if result.working_days_remaining is not None:
        return f"{result.working_days_remaining} left"
    return ""


def _row(result: ObligationResult) -> list[str]:
    trigger = f"{result.trigger.kind} {result.trigger.id} {_date(result.trigger.date)}" if result.trigger else ""
    met = ""
    if result.window:
        done = (f"{result.window['minutes'] / 60:g}h/{result.window['need']}h" if "minutes" in result.window
                else f"{result.window['count']}/{result.window['need']}")
        met = f"{done} in {_date(result.window['start'])}..{_date(result.window['end'])}"
    elif result.satisfied_by:
        met = f"{result.satisfied_by.id} {_date(result.satisfied_by.date)}"
    elif result.missing:
        met = "record " + ", ".join(m.field for m in result.missing)
    status = STATUS_WORDS.get(result.status, result.status)
    if result.exception:
        status += f" (per {result.exception})"
    return [result.standard, _name(result.obligation, result.standard), _clip(result.title, 44), trigger,
            _date(result.due) or "", status, met, _days(result)]


def _name(obligation: str, standard: str) -> str:
    """The obligation's own name: its id is "STANDARD/NAME"."""
    return obligation[len(standard) + 1:] if obligation.startswith(standard + "/") else obligation


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def evaluation_table(evaluation: Evaluation, include_not_applicable: bool) -> str:
    """One row per obligation; schedule windows that were met are folded into one row each."""
    rows: list[list[str]] = []   # each row starts with the edition that judged it
    folded: dict[tuple[str, str], list[ObligationResult]] = {}
    awaiting: list[ObligationResult] = []
    for result in evaluation.results:
        if result.status == "needs_judgement" and not include_not_applicable:
            awaiting.append(result)  # listed by id under the table; --all gives them rows
            continue
        if result.window and result.status == "met":
            folded.setdefault((result.obligation, result.trigger.id if result.trigger else ""), []).append(result)
            continue
        rows.append([result.edition, *_row(result)])
    for (obligation, _), met in folded.items():
        first = met[0]
        trigger = f"{first.trigger.kind} {first.trigger.id} {_date(first.trigger.date)}" if first.trigger else ""
        rows.append([first.edition, first.standard, _name(obligation, first.standard), _clip(first.title, 44),
                     trigger, "", f"met ({len(met)} windows)",
                     f"{_date(first.window['start'])}..{_date(met[-1].window['end'])}", ""])
    rows.sort(key=lambda r: (r[0], standard_order(r[1]), r[2], r[4], r[5]))
    edition = evaluation.program.edition
    if evaluation.parts:  # --edition auto: say which edition each row is judged under
        used = Counter(r.edition for r in evaluation.results)
        under = ("the edition in force on each trigger date ("
                 + ", ".join(f"{name}: {used.get(name, 0)}" for name in evaluation.parts) + ")")
    else:
        under = f"the {edition.name} edition ({edition.title})"
        rows = [row[1:] for row in rows]
    counts = Counter(r.status for r in evaluation.results)
    head = (f"Case {evaluation.case.id} under {under}, as of "
            f"{evaluation.as_of:%a %d %b %Y}\n"
            + (", ".join(f"{n} {STATUS_WORDS.get(s, s)}" for s, n in sorted(counts.items()))
               or "nothing is owed yet") + "\n")
    if evaluation.warnings:
        head += "".join(f"warning: {w}\n" for w in evaluation.warnings)
    head += "".join(f"{line}\n" for line in derived.summary_lines(evaluation))
    header = ["Std", "Obligation", "Title", "Trigger", "Due", "Status", "Met by / count", "Working days"]
    text = head + "\n" + _table(rows, ["Edition", *header] if evaluation.parts else header)
    if awaiting:
        ids = sorted({r.standard for r in awaiting}, key=standard_order)
        text += (f"\n\nNeeds a recorded judgement ({len(awaiting)}, --all lists them): "
                 + ", ".join(ids))
    if evaluation.conditional:
        text += ("\n\nConditional standards in play (no clock; `nsr standards` quotes them): "
                 + ", ".join(f"{c.standard} ({c.circumstance})" for c in
                             sorted(evaluation.conditional, key=lambda c: standard_order(c.standard))))
    missing = narrative.not_applicable(evaluation) if include_not_applicable else []
    if missing:
        na = [[n.standard, _name(n.obligation, n.standard), _clip(n.title, 44), n.reason] for n in
              sorted(missing, key=lambda n: (standard_order(n.standard), n.obligation))]
        title = (f"Not applicable under {edition.name} (in force on the as-of date)" if evaluation.parts
                 else "Not applicable")
        text += f"\n\n{title}\n" + _table(na, ["Std", "Obligation", "Title", "Why not"])
    return text


def standard_order(standard_id: str) -> tuple:
    parts = []
    for piece in standard_id.replace(".", " ").split():
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append((int(digits) if digits else 0, piece))
    return tuple(parts)


# ------------------------------------------------------------------ explanation graphs
def _clip(text: str, limit: int = 220) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def subject_text(evaluation: Evaluation, subject: str, form: str = "text") -> str:
    """`nsr why CASE tier|mappa` in the format asked for (text tree, JSON graph or DOT)."""
    graph, roots = derived.explain_subject(evaluation, subject)
    if form == "json":
        return dumps(graph_json(graph, roots))
    if form == "dot":
        return graph_dot(graph)
    return trees_text(graph, roots)
