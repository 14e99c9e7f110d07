"""The pages around the pictures: `nsr why --format html` and `nsr timeline --format html`.

Here the results are shaped into plain values for the templates (`output/templates/why.html`,
`timeline.html`); the templates escape every one of them, and the drawing goes in as the SVG
that `svg.py` wrote with its own escaping.
"""
from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from typing import TYPE_CHECKING

from ..dates import day
from ..html import STATUS_TONES, picture, render

if TYPE_CHECKING:
    import networkx as nx

    from ...backends.results import ObligationResult
    from ...evaluate import Evaluation


def status_words(status: str) -> str:
    from ..report import STATUS_WORDS
    return STATUS_WORDS.get(status, status.replace("_", " "))


@dataclass(frozen=True)
class ResultRow:
    """One obligation as a row of the results table, in words."""
    standard: str
    obligation: str
    name: str              # the obligation's name within its standard ("first_meeting")
    title: str
    trigger: str
    trigger_date: dt.date | None
    due: dt.date | None
    status: str
    tone: str
    met: str
    met_dates: str
    days: str


def result_row(r: ObligationResult) -> ResultRow:
    met, met_dates = "", ""
    if r.window:
        w = r.window
        done = f"{w['minutes'] / 60:g}h done" if "minutes" in w else f"{w['count']} done"
        # of the schedule's phase in words ("at least 1 a month"), or else of the window's need
        done += f"; {r.deadline}" if r.deadline else (f", {w['need']}h needed" if "minutes" in w
                                                       else f", {w['need']} needed")
        met, met_dates = done, f"{day(w['start'])} to {day(w['end']) or 'open end'}"
    elif r.satisfied_by:
        met, met_dates = f"{r.satisfied_by.kind.replace('_', ' ')} {r.satisfied_by.id}", day(r.satisfied_by.date)
    elif r.missing:
        met = "record " + ", ".join(m.field for m in r.missing)
    days = (f"{r.working_days_late} late" if r.working_days_late is not None else
            f"{r.working_days_remaining} left" if r.working_days_remaining is not None else "")
    status = status_words(r.status) + (f" (per {r.exception})" if r.exception else "")
    trigger = f"{r.trigger.kind.replace('_', ' ')} {r.trigger.id}" if r.trigger else ""
    return ResultRow(r.standard, r.obligation, r.obligation.split("/", 1)[-1], r.title, trigger,
                     r.trigger.date if r.trigger else None, r.due, status, STATUS_TONES.get(r.status, "muted"),
                     met, met_dates, days)


def meta(evaluation: Evaluation) -> str:
    """The line under a page's heading: case, edition, as-of date."""
    edition = "auto (the edition in force on each trigger date)" if evaluation.parts else evaluation.program.edition.name
    return f"Case {evaluation.case.id} \u00b7 {edition} edition \u00b7 as of {day(evaluation.as_of)}"


def why_page(evaluation: Evaluation, query: str, trigger: str | None, graph: nx.DiGraph, roots: list[int],
             summary: str | None = None) -> str:
    """`nsr why --format html`: heading with the obligation and its status; the short answer in
    words (`summary`, when given); the results; the picture; a text version."""
    from ..report import trees_text
    from .why import why_svg
    results = [r for r in evaluation.find(query) if trigger is None or (r.trigger and r.trigger.id == trigger)]
    infos = [i for i in evaluation.program.obligations.values() if query in (i.id, i.standard, i.name)]
    subject = (results[0].standard + " " + results[0].title) if results else (
        f"{infos[0].standard} {infos[0].title}" if infos else query)
    statuses = sorted({(status_words(r.status), STATUS_TONES.get(r.status, "muted")) for r in results}) or [
        ("not applicable", "muted")]
    label = f"Why {subject}: {', '.join(words for words, _ in statuses)}"
    return render("why.html", title=f"{evaluation.case.id}: {subject}", subject=subject, statuses=statuses,
                  meta=meta(evaluation), summary=summary, rows=[result_row(r) for r in results],
                  svg=picture(why_svg(graph, roots, standalone=False, label=label)),
                  text_version=trees_text(graph, roots))


def subject_page(evaluation: Evaluation, graph: nx.DiGraph, roots: list[int]) -> str:
    """`nsr why CASE tier|mappa --format html`: headed by the tier or MAPPA line of the as-of date,
    the grid rows or criteria drawn, and a text version."""
    from ..report import trees_text
    from .why import why_svg
    heading = graph.nodes[roots[0]]["label"]
    return render("subject.html", title=f"{evaluation.case.id}: {heading}", heading=heading, meta=meta(evaluation),
                  svg=picture(why_svg(graph, roots, standalone=False, label=heading)),
                  text_version=trees_text(graph, roots))


def timeline_page(evaluation: Evaluation, svg: str, results: list[ObligationResult], include_all: bool = False) -> str:
    """`nsr timeline --format html`: the timeline and, under it, the obligations it shows."""
    heading = f"Timeline of case {evaluation.case.id}"
    empty = (f"The case owes nothing on {day(evaluation.as_of)}." if include_all else
             f"No obligation with a clock on {day(evaluation.as_of)} (--all adds those without one).")
    return render("timeline.html", title=heading, heading=heading, meta=meta(evaluation), svg=picture(svg),
                  rows=[result_row(r) for r in results], empty=empty)
