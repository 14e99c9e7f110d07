"""`nsr compare` output: one row per topic, one column per edition (terminal, Markdown, JSON)."""
from __future__ import annotations

import datetime as dt

from ..backends.results import ObligationResult
from ..output import terminal
from ..output.report import STATUS_WORDS, result_json
from ..output.terminal import Screen
from .side_by_side import VERDICT_ORDER, Cell, CaseComparison, DirectoryComparison

FORMAT_VERSION = 1


def _day(value: dt.date | None) -> str:
    return "" if value is None or value == dt.date.max else f"{value:%a %d %b %Y}"


def cell_lines(cell: Cell, layers: dict[str, str] | None = None) -> list[str]:
    """A cell in a few lines: each one-off obligation with its due date and status; schedules
    folded to counts of windows; judgements awaited counted.  In a layered policy's column,
    `layers` names the layer of each obligation a layer added or overrode: it is marked with it."""
    layers = layers or {}
    if not cell.has_topic:
        return ["— (no such topic)"]
    if not cell.results:
        return ["not owed"]
    lines: list[str] = []
    windows: dict[str, list[ObligationResult]] = {}
    awaiting: list[str] = []
    for r in cell.results:
        if r.window:
            windows.setdefault(r.obligation, []).append(r)
        elif r.status == "needs_judgement":
            if r.obligation not in awaiting:
                awaiting.append(r.obligation)
        else:
            status = STATUS_WORDS.get(r.status, r.status)
            if r.exception:
                status += f" (per {r.exception})"
            days = (f", {r.working_days_late} late" if r.working_days_late is not None else
                    f", {r.working_days_remaining} left" if r.working_days_remaining is not None else "")
            due = f" due {_day(r.due)}" if r.due else ""
            record = f" (record {', '.join(m.field for m in r.missing)})" if r.missing else ""
            layer = f" [{layers[r.obligation]}]" if r.obligation in layers else ""
            lines.append(f"{r.obligation}{layer}{due}: {status}{days}{record}")
    for obligation, found in windows.items():
        counts = {s: sum(1 for r in found if r.status == s) for s in ("met", "missed", "pending")}
        text = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        nxt = next((r for r in found if r.status == "pending" and r.due and r.due != dt.date.max), None)
        layer = f" [{layers[obligation]}]" if obligation in layers else ""
        lines.append(f"{obligation}{layer}: windows {text}" + (f"; next ends {_day(nxt.due)}" if nxt else ""))
    if awaiting:
        lines.append(f"{len(awaiting)} awaiting judgement ({', '.join(awaiting)})")
    return lines


def _local(comparison: CaseComparison, edition: str) -> dict[str, str]:
    """The obligations a layer put in a layered column, with the layer's name."""
    layers = comparison.layers.get(edition, {})
    return {o: layers[o] for o in comparison.local.get(edition, ()) if o in layers}


def comparison_table(comparison: CaseComparison, include_all: bool = False, screen: Screen = Screen()) -> str:
    """Topics where some edition sets a clock (all topics with --all); ≠ marks a row whose due
    dates or statuses differ between editions."""
    editions = comparison.editions
    rows = [r for r in comparison.rows if include_all or r.timed]
    head = (f"Case {comparison.case.id} under the {', '.join(editions)} editions, as of "
            f"{comparison.as_of:%a %d %b %Y}")
    count = f"{sum(r.differs for r in rows)} of {len(rows)} topics shown differ (≠)"
    columns = [terminal.Column("", no_wrap=True), terminal.Column("Topic", overflow="fold", max_width=30),
               *(terminal.Column(e, ratio=1, overflow="fold") for e in editions)]
    cells = [[terminal.styled("≠", "bold yellow", screen) if row.differs else "", row.topic,
              *(terminal.entries(cell_lines(row.cells[e], _local(comparison, e))) for e in editions)]
             for row in rows]
    parts: list = [head, count]
    if cells:
        parts += ["", terminal.table(columns, cells, screen, expand=True, lines_between=True)]
    hidden = [r.topic for r in comparison.rows if not include_all and not r.timed
              and any(c.results for c in r.cells.values())]
    if hidden:
        parts += ["", f"Judgement only (--all shows them): {', '.join(hidden)}"]
    return terminal.render(screen, *parts)


def comparison_markdown(comparison: CaseComparison, include_all: bool = False) -> str:
    editions = comparison.editions
    rows = [r for r in comparison.rows if include_all or r.timed]
    out = [f"# Case {comparison.case.id}: {', '.join(editions)} as of {comparison.as_of.isoformat()}", "",
           "| | topic | " + " | ".join(editions) + " |", "|---|---|" + "---|" * len(editions)]
    for row in rows:
        first = row.cells[editions[0]].key()
        cells = []
        for e in editions:  # bold: not the same as under the first edition
            text = "<br>".join(l.replace("|", "\\|") for l in cell_lines(row.cells[e], _local(comparison, e)))
            cells.append(f"**{text}**" if row.cells[e].key() != first else text)
        mark = "**≠**" if row.differs else ""
        out.append(f"| {mark} | {row.topic} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _with_layer(data: dict, layer: str | None) -> dict:
    """A result in a layered policy's column names its layer (an edition's results are as before)."""
    return {**data, "layer": layer} if layer else data


def comparison_json(comparison: CaseComparison) -> dict:
    return {
        "format": FORMAT_VERSION, "case": comparison.case.id, "as_of": comparison.as_of.isoformat(),
        "editions": comparison.editions,
        "topics": [{
            "topic": row.topic, "title": row.title, "differs": row.differs,
            "cells": {e: {"verdict": row.cells[e].verdict, "has_topic": row.cells[e].has_topic,
                          "obligations": [_with_layer(result_json(r), comparison.layers.get(e, {}).get(r.obligation))
                                          for r in row.cells[e].results]} for e in comparison.editions},
        } for row in comparison.rows],
        "unplaced": {e: [r.obligation for r in found] for e, found in comparison.unplaced.items()},
    }


# ------------------------------------------------------------------ directories
def directory_table(result: DirectoryComparison, screen: Screen = Screen()) -> str:
    parts: list = [f"{len(result.cases)} case(s) under the {', '.join(result.editions)} editions, as of "
                   f"{result.as_of:%a %d %b %Y}; {len(result.errors)} could not be compared"]
    if result.errors:
        parts += ["", "Not compared:"]
        parts += [terminal.indented(line, 2, 4) for e in result.errors for line in e.splitlines()]
    if not result.topics:
        parts += ["", "No verdict differs between the editions."]
        return terminal.render(screen, *parts)
    parts += ["", "Verdicts that flip between editions, per topic (" + ", ".join(VERDICT_ORDER) + "):"]
    for entry in result.topics:
        kinds: dict[tuple[str, str], list[str]] = {}
        for flip in entry.flips:
            kinds.setdefault((flip.before, flip.after), []).append(flip.case)
        parts += ["", f"{entry.topic} ({entry.pair[0]} → {entry.pair[1]}): {len(entry.flips)} case(s)"]
        for (before, after), cases in sorted(kinds.items(), key=lambda k: -len(k[1])):
            parts.append(terminal.indented(f"{before} → {after}: {len(cases)} ({', '.join(cases)})", 2, 4))
        rules = sorted({r for flip in entry.flips for r in flip.responsible})
        if rules:
            parts.append(terminal.indented("rule responsible: " + "; ".join(rules), 2, 4))
        if entry.change:
            parts.append(terminal.indented("what changed: " + entry.change, 2, 4))
    return terminal.render(screen, *parts)


def directory_json(result: DirectoryComparison) -> dict:
    return {
        "format": FORMAT_VERSION, "editions": result.editions, "as_of": result.as_of.isoformat(),
        "cases": result.cases, "errors": result.errors,
        "topics": [{
            "topic": t.topic, "title": t.title, "before": t.pair[0], "after": t.pair[1], "flips": len(t.flips),
            "change": t.change,
            "cases": [{"case": f.case, "before": f.before, "after": f.after, "responsible": f.responsible}
                      for f in t.flips],
        } for t in result.topics],
    }

