"""`nsr compare` output: one row per topic, one column per edition (terminal, Markdown, JSON)."""
from __future__ import annotations

import datetime as dt
import textwrap

from ..backends.results import ObligationResult
from ..output.report import STATUS_WORDS, result_json
from .side_by_side import VERDICT_ORDER, Cell, CaseComparison, DirectoryComparison

FORMAT_VERSION = 1


def _day(value: dt.date | None) -> str:
    return "" if value is None or value == dt.date.max else f"{value:%a %d %b %Y}"


def cell_lines(cell: Cell) -> list[str]:
    """A cell in a few lines: each one-off obligation with its due date and status; schedules
    folded to counts of windows; judgements awaited counted."""
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
            lines.append(f"{r.obligation}{due}: {status}{days}{record}")
    for obligation, found in windows.items():
        counts = {s: sum(1 for r in found if r.status == s) for s in ("met", "missed", "pending")}
        text = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        nxt = next((r for r in found if r.status == "pending" and r.due and r.due != dt.date.max), None)
        lines.append(f"{obligation}: windows {text}" + (f"; next ends {_day(nxt.due)}" if nxt else ""))
    if awaiting:
        lines.append(f"{len(awaiting)} awaiting judgement ({', '.join(awaiting)})")
    return lines


def _columns(cells: list[list[str]], widths: list[int]) -> list[str]:
    wrapped = []
    for lines, width in zip(cells, widths):
        block: list[str] = []
        for line in lines:
            block += textwrap.wrap(line, width, subsequent_indent="  ") or [""]
        wrapped.append(block or [""])
    height = max(len(b) for b in wrapped)
    return ["  ".join((b[i] if i < len(b) else "").ljust(w) for b, w in zip(wrapped, widths)).rstrip()
            for i in range(height)]


def comparison_table(comparison: CaseComparison, include_all: bool = False, width: int = 160) -> str:
    """Topics where some edition sets a clock (all topics with --all); ≠ marks a row whose due
    dates or statuses differ between editions."""
    editions = comparison.editions
    rows = [r for r in comparison.rows if include_all or r.timed]
    head = (f"Case {comparison.case.id} under the {', '.join(editions)} editions, as of "
            f"{comparison.as_of:%a %d %b %Y}\n"
            f"{sum(r.differs for r in rows)} of {len(rows)} topics shown differ (≠)")
    topic_width = 30
    side = max(28, (width - topic_width - 4 - 2 * len(editions)) // len(editions))
    widths = [1, topic_width, *[side] * len(editions)]
    lines = [head, "", *_columns([[" "], ["Topic"], *[[f"{e}"] for e in editions]], widths),
             "  ".join("-" * w for w in widths)]
    for row in rows:
        lines += _columns([["≠" if row.differs else " "], [row.topic],
                           *[cell_lines(row.cells[e]) for e in editions]], widths)
        lines.append("")
    hidden = [r.topic for r in comparison.rows if not include_all and not r.timed
              and any(c.results for c in r.cells.values())]
    if hidden:
        lines.append(f"Judgement only (--all shows them): {', '.join(hidden)}")
    return "\n".join(lines).rstrip() + "\n"


def comparison_markdown(comparison: CaseComparison, include_all: bool = False) -> str:
    editions = comparison.editions
    rows = [r for r in comparison.rows if include_all or r.timed]
    out = [f"# Case {comparison.case.id}: {', '.join(editions)} as of {comparison.as_of.isoformat()}", "",
           "| | topic | " + " | ".join(editions) + " |", "|---|---|" + "---|" * len(editions)]
    for row in rows:
        first = row.cells[editions[0]].key()
        cells = []
        for e in editions:  # bold: not the same as under the first edition
            text = "<br>".join(l.replace("|", "\\|") for l in cell_lines(row.cells[e]))
            cells.append(f"**{text}**" if row.cells[e].key() != first else text)
        mark = "**≠**" if row.differs else ""
        out.append(f"| {mark} | {row.topic} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def comparison_json(comparison: CaseComparison) -> dict:
    return {
        "format": FORMAT_VERSION, "case": comparison.case.id, "as_of": comparison.as_of.isoformat(),
        "editions": comparison.editions,
        "topics": [{
            "topic": row.topic, "title": row.title, "differs": row.differs,
            "cells": {e: {"verdict": row.cells[e].verdict, "has_topic": row.cells[e].has_topic,
                          "obligations": [result_json(r) for r in row.cells[e].results]} for e in comparison.editions},
        } for row in comparison.rows],
        "unplaced": {e: [r.obligation for r in found] for e, found in comparison.unplaced.items()},
    }


# ------------------------------------------------------------------ directories
def directory_table(result: DirectoryComparison, width: int = 160) -> str:
    lines = [f"{len(result.cases)} case(s) under the {', '.join(result.editions)} editions, as of "
             f"{result.as_of:%a %d %b %Y}; {len(result.errors)} could not be compared"]
    if result.errors:
        lines += ["", "Not compared:"] + [f"  {line}" for e in result.errors for line in e.splitlines()]
    if not result.topics:
        lines += ["", "No verdict differs between the editions."]
        return "\n".join(lines) + "\n"
    lines += ["", "Verdicts that flip between editions, per topic (" + ", ".join(VERDICT_ORDER) + "):"]
    for entry in result.topics:
        kinds: dict[tuple[str, str], list[str]] = {}
        for flip in entry.flips:
            kinds.setdefault((flip.before, flip.after), []).append(flip.case)
        lines += ["", f"{entry.topic} ({entry.pair[0]} → {entry.pair[1]}): {len(entry.flips)} case(s)"]
        for (before, after), cases in sorted(kinds.items(), key=lambda k: -len(k[1])):
            lines.append(f"  {before} → {after}: {len(cases)} ({', '.join(cases)})")
        rules = sorted({r for flip in entry.flips for r in flip.responsible})
        if rules:
            lines += textwrap.wrap("rule responsible: " + "; ".join(rules), width, initial_indent="  ",
                                   subsequent_indent="    ")
        if entry.change:
            lines += textwrap.wrap("what changed: " + entry.change, width, initial_indent="  ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"


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

