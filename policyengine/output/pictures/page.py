"""Self-contained HTML pages around the pictures: inline CSS and inline SVG, no scripts, no URLs.

A page can be mailed, attached to a case record or opened offline and look the same; every
piece of text from a case file or rule file is escaped (`esc`), never written as markup.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .svg import SANS, esc

if TYPE_CHECKING:
    import networkx as nx

    from ...evaluate import Evaluation

    from ...backends.results import ObligationResult

PAGE_STYLE = """
body { font-family: %s; color: #1f2328; margin: 24px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 22px 0 8px; }
p.meta { color: #57606a; margin: 0 0 12px; }
p.summary { font-size: 15px; max-width: 60em; white-space: pre-line; }
table.results { border-collapse: collapse; font-size: 13px; }
table.results th, table.results td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
table.results th { background: #f6f8fa; }
td.s-ok { background: #dafbe1; } td.s-bad { background: #ffebe9; font-weight: bold; }
td.s-warn { background: #fff8c5; } td.s-late { background: #fff1e5; } td.s-muted { color: #57606a; }
.picture { overflow: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px; background: #fff; }
pre { font-size: 12px; background: #f6f8fa; padding: 10px; overflow: auto; }
""" % SANS


def _date(value: dt.date | None) -> str:
    if value is None or value == dt.date.max:
        return ""
    return f"{value:%a} {value.isoformat()}"


def html_page(title: str, heading: str, meta: str, sections: list[str]) -> str:
    """One page: `sections` are HTML fragments already built from escaped text."""
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{esc(title)}</title>\n'
            f"<style>{PAGE_STYLE}</style>\n</head>\n<body>\n<h1>{esc(heading)}</h1>\n"
            f'<p class="meta">{esc(meta)}</p>\n{body}\n</body>\n</html>\n')


def status_words(status: str) -> str:
    from ..report import STATUS_WORDS
    return STATUS_WORDS.get(status, status.replace("_", " "))


def results_table(results: list[ObligationResult]) -> str:
    """The obligations shown in a picture, as a table a screen reader (or a printout) can use."""
    from .why import STATUS_TONES
    rows = []
    for r in results:
        trigger = f"{r.trigger.kind} {r.trigger.id} {_date(r.trigger.date)}" if r.trigger else ""
        if r.window:
            done = (f"{r.window['minutes'] / 60:g}h/{r.window['need']}h" if "minutes" in r.window
                    else f"{r.window['count']}/{r.window['need']}")
            met = f"{done} in {_date(r.window['start'])} to {_date(r.window['end'])}"
        else:
            met = (f"{r.satisfied_by.kind} {r.satisfied_by.id} {_date(r.satisfied_by.date)}" if r.satisfied_by else
                   "record " + ", ".join(m.field for m in r.missing) if r.missing else "")
        days = (f"{r.working_days_late} late" if r.working_days_late is not None else
                f"{r.working_days_remaining} left" if r.working_days_remaining is not None else "")
        status = status_words(r.status) + (f" (per {r.exception})" if r.exception else "")
        cells = [r.standard, r.obligation, r.title, trigger, _date(r.due)]
        rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells)
                    + f'<td class="s-{STATUS_TONES.get(r.status, "muted")}">{esc(status)}</td>'
                    + "".join(f"<td>{esc(c)}</td>" for c in (met, days)) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Std", "Obligation", "Title", "Trigger", "Due", "Status",
                                               "Met by / count", "Working days"))
    return f'<table class="results">\n<tr>{head}</tr>\n' + "\n".join(rows) + "\n</table>"


def _meta(evaluation: Evaluation) -> str:
    edition = "auto (the edition in force on each trigger date)" if evaluation.parts else evaluation.program.edition.name
    return f"Case {evaluation.case.id} \u00b7 {edition} edition \u00b7 as of {evaluation.as_of:%a %d %b %Y}"


def why_page(evaluation: Evaluation, query: str, trigger: str | None, graph: nx.DiGraph, roots: list[int],
             summary: str | None = None) -> str:
    """`nsr why --format html`: heading with case, obligation and status; the short answer in
    words (`summary`, when given); the picture; a text version."""
    from ..report import trees_text
    from .why import why_svg
    results = [r for r in evaluation.find(query) if trigger is None or (r.trigger and r.trigger.id == trigger)]
    infos = [i for i in evaluation.program.obligations.values() if query in (i.id, i.standard, i.name)]
    title = (results[0].standard + " " + results[0].title) if results else (
        f"{infos[0].standard} {infos[0].title}" if infos else query)
    statuses = sorted({status_words(r.status) for r in results}) or ["not applicable"]
    heading = f"Why {title}: {', '.join(statuses)}"
    sections = [f'<p class="summary">{esc(summary)}</p>'] if summary else []
    if results:
        sections += ["<h2>Status</h2>", results_table(results)]
    sections += ["<h2>How it was worked out</h2>",
                 f'<div class="picture">{why_svg(graph, roots, standalone=False, label=heading)}</div>',
                 "<details><summary>Text version</summary>", f"<pre>{esc(trees_text(graph, roots))}</pre>",
                 "</details>"]
    return html_page(f"{evaluation.case.id}: {title}", heading, _meta(evaluation), sections)


def timeline_page(evaluation: Evaluation, svg: str, results: list[ObligationResult]) -> str:
    """`nsr timeline --format html`: the timeline and, under it, the obligations it shows."""
    heading = f"Timeline of case {evaluation.case.id}"
    sections = [f'<div class="picture">{svg}</div>', "<h2>Obligations shown</h2>", results_table(results)]
    return html_page(heading, heading, _meta(evaluation), sections)
