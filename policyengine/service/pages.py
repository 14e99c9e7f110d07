"""The web pages: worklist, case, why-answer, standards and the changes between editions.

Server-rendered with Jinja2 (autoescape on): no page needs JavaScript, every value is escaped,
and the one stylesheet is served at /static/style.css (the stylesheet of every page nsr writes,
plus the service's navigation and forms). The service's templates come first, so the shared
page templates (diff.html, macros.html) render inside the service's layout.
"""
from __future__ import annotations

import functools
import hmac
from collections import Counter
from urllib.parse import parse_qs, quote, urlencode

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import documents
from ..output.dates import day, month
from ..output.html import STATUS_TONES, picture
from ..output.report import STATUS_WORDS, standard_order
from . import api
from .api import served_program
from .auth import COOKIE
from .caseload_source import Preparation, ServedCaseload
from .problems import Problem

SHOWN_ROWS = 500    # work items on one worklist page; the filters narrow the rest
STATUS_LABELS = {"overdue": "Overdue", "pending": "Due soon", "missing_data": "Cannot be timed"}


@functools.cache
def environment() -> jinja2.Environment:
    shared = jinja2.PackageLoader("policyengine.output", "templates")
    loader = jinja2.ChoiceLoader([jinja2.PackageLoader("policyengine.service", "templates"), shared,
                                  jinja2.PrefixLoader({"shared": shared})])   # the service's base.html extends shared/base.html
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(day=day, month=month, tone=lambda status: STATUS_TONES.get(status, "muted"),
                       words=lambda status: STATUS_WORDS.get(status, status.replace("_", " ")))
    env.globals.update(link=link, case_link=case_link)
    return env


def link(path: str, **query: object) -> str:
    """A URL to one of the pages, with the query values that are set (escaped by the template)."""
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def case_link(case_id: str, **query: object) -> str:
    """The case page's URL: the id percent-encoded whole, whatever characters it holds."""
    return link("/cases/" + quote(case_id, safe=""), **query)


def page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    return HTMLResponse(environment().get_template(template).render(**context), status_code=status)


@functools.cache
def stylesheet() -> str:
    from importlib import resources
    shared = resources.files("policyengine.output").joinpath("templates/page.css").read_text(encoding="utf-8")
    own = resources.files("policyengine.service").joinpath("templates/service.css").read_text(encoding="utf-8")
    return shared + "\n" + own


async def style(request: Request) -> Response:
    return Response(stylesheet(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})


# ------------------------------------------------------------------ worklist
async def worklist(request: Request) -> Response:
    view = api.worklist_view(request)
    caseload = request.app.state.caseload
    everything = await run_in_threadpool(caseload.prepared, view["as_of"], view["edition"],
                                         request.app.state.worklist_wait)
    entries = caseload.entries()
    if isinstance(everything, Preparation):
        return preparing(caseload, everything)
    items = api.filtered(everything, view)
    names = {e.id: e.name for e in entries}
    counts = Counter(i.status for i in items)
    return page("worklist.html", title="Worklist", heading="Worklist",
                meta=f"{caseload.name} · {len(entries)} cases · as of {day(view['as_of'])}",
                view=view, as_of=view["as_of"].isoformat(), items=items[:SHOWN_ROWS], total=len(items),
                names=names, counts=[(status, STATUS_LABELS[status], counts[status]) for status in STATUS_LABELS],
                cases=len({i.case for i in items}),
                teams=sorted({e.team for e in entries if e.team}), managers=sorted({e.manager for e in entries if e.manager}),
                standards=sorted({i.obligation.split("/")[0] for i in everything}, key=standard_order),
                editions=documents.installed(), statuses=STATUS_LABELS, problems=caseload.problems)


REFRESH_SECONDS = 5


def preparing(caseload: ServedCaseload, preparation: Preparation) -> Response:
    """While the worklist is derived: a page that says so and reloads itself (a meta refresh, no
    script), answered at once rather than after a minute of blank wait."""
    response = page("preparing.html", status=202, title="Worklist being prepared",
                    heading="The worklist is being prepared",
                    meta=f"{caseload.name} · {len(caseload.entries()):,} cases · as of {day(preparation.as_of)}",
                    preparation=preparation, refresh=REFRESH_SECONDS)
    response.headers["Retry-After"] = str(REFRESH_SECONDS)
    return response


# ------------------------------------------------------------------ one case
def _case_view(request: Request):
    caseload = request.app.state.caseload
    case_id = request.path_params.get("case_id") or request.query_params.get("case") or ""
    return caseload, case_id, api.query_edition(request, default="auto"), api.query_date(request)


async def case_page(request: Request) -> Response:
    from ..compare.compare_report import cell_lines
    from ..compare.side_by_side import compare_case
    from ..explain.derived import summary_lines
    from ..output.pictures.page import result_row
    from ..output.pictures.timeline import timeline_svg
    caseload, case_id, edition, as_of = _case_view(request)
    entry = caseload.entry(case_id)
    case = await run_in_threadpool(caseload.case, case_id)

    def work():
        evaluation = documents.evaluation_for(case, edition, as_of, load=served_program)
        policies, programs = documents.compared_editions(documents.installed(), served_program)
        comparison = compare_case(case, policies, programs, as_of)
        rows = [result_row(r) for r in evaluation.results]
        whys = [link("/why", case=case.id, obligation=r.obligation, trigger=r.trigger.id if r.trigger else "",
                     as_of=as_of.isoformat(), edition=edition) for r in evaluation.results]
        compared = [{"title": row.title, "differs": row.differs,
                     "cells": [(e, row.cells[e].verdict, cell_lines(row.cells[e])) for e in comparison.editions]}
                    for row in comparison.rows if row.timed]
        return evaluation, rows, whys, compared, comparison.editions, timeline_svg(evaluation, standalone=False)
    evaluation, rows, whys, compared, compared_editions, svg = await run_in_threadpool(work)
    counts = Counter(r.status for r in evaluation.results)
    who = " · ".join(part for part in (case.offender.name if case.offender else None,
                                       entry.manager and f"Offender Manager {entry.manager}",
                                       entry.team and f"team {entry.team}") if part)
    edition_words = "each obligation under the edition in force on its trigger date" if edition == "auto" else \
        f"the {edition} edition"
    return page("case.html", title=f"Case {case.id}", heading=f"Case {case.id}",
                meta=f"{who + ' · ' if who else ''}{edition_words} · as of {day(as_of)}",
                case=case, edition=edition, as_of=as_of.isoformat(), summary=summary_lines(evaluation),
                counts=sorted(counts.items(), key=lambda kv: list(STATUS_TONES).index(kv[0])
                              if kv[0] in STATUS_TONES else 99),
                rows=rows, whys=whys, warnings=evaluation.warnings, compared=compared, compared_editions=compared_editions,
                svg=picture(svg), editions=documents.installed())


async def why_page(request: Request) -> Response:
    from ..explain.narrative import explanations
    from ..output.pictures.why import why_svg
    from ..output.report import trees_text
    caseload, case_id, edition, as_of = _case_view(request)
    obligation = api.query_required(request, "obligation")
    trigger = request.query_params.get("trigger") or None
    caseload.entry(case_id)
    case = await run_in_threadpool(caseload.case, case_id)

    def work():
        evaluation = documents.judging_part(documents.evaluation_for(case, edition, as_of, load=served_program), obligation)
        graph, roots = documents.why_graph(evaluation, obligation, trigger)
        answers = [e.data for e in explanations(evaluation, obligation, trigger)]
        results = [r for r in evaluation.find(obligation) if trigger is None or (r.trigger and r.trigger.id == trigger)]
        return evaluation, answers, results, why_svg(graph, roots, standalone=False, label=f"why {obligation}"), \
            trees_text(graph, roots)
    evaluation, answers, results, svg, text = await run_in_threadpool(work)
    info = next((i for i in evaluation.program.obligations.values() if obligation in (i.id, i.standard)), None)
    title = results[0].title if results else (info.title if info else obligation)
    return page("why.html", title=f"{title}: case {case.id}", heading=title,
                meta=f"Case {case.id} · {evaluation.program.edition.name} edition · as of {day(as_of)}",
                case=case, answers=answers, results=results, svg=picture(svg), text_version=text,
                several=len({a["obligation"] for a in answers}) > 1,
                titles={i.id: i.title for i in evaluation.program.obligations.values()},
                back=case_link(case.id, edition=edition, as_of=as_of.isoformat()))


# ------------------------------------------------------------------ standards and changes
async def standards_index(request: Request) -> Response:
    listed = [served_program(name).edition for name in documents.installed()]
    return page("standards_index.html", title="Standards", heading="The National Standards editions", meta="",
                editions=listed)


async def standards_page(request: Request) -> Response:
    edition = api.installed_edition(request.path_params["edition"])
    data = await run_in_threadpool(lambda: documents.standards_json(served_program(edition)))
    grouped: dict[str, list] = {}
    for standard in data["standards"]:   # in number order (standards_json sorts them)
        grouped.setdefault(standard["section"] or "Other", []).append(standard)

    def place(section: str) -> tuple:
        """The edition's own sections in number order, then its appendices, then the shared library's."""
        first = grouped[section][0]
        own = (first["at"] or "").startswith(f"policies/{edition}.nsr")
        return (not own, section.startswith("Appendix"), standard_order(first["id"]))
    sections = {section: grouped[section] for section in sorted(grouped, key=place)}
    return page("standards.html", title=f"Standards of {edition}", heading=f"{data['edition']['title'] or edition}",
                meta=f"The {edition} edition · {len(data['standards'])} standards", sections=sections,
                editions=documents.installed(), edition=edition)


async def changes_page(request: Request) -> Response:
    from ..compare.diff_report import diff_view
    installed = documents.installed()
    before = api.installed_edition(request.query_params.get("from") or installed[0])
    after = api.installed_edition(request.query_params.get("to") or installed[-1])
    if before == after:
        raise Problem(400, "choose two different editions", [api.FieldError("query.to", "the same as from")])
    diffs = await run_in_threadpool(documents.edition_diffs, [before, after])
    return page("changes.html", title=f"Changes {before} to {after}", heading=f"What changed from {before} to {after}",
                meta="Topic by topic: the duties of each edition side by side, with the standards' own words",
                diffs=[diff_view(d, False) for d in diffs], editions=installed, before=before, after=after)


# ------------------------------------------------------------------ signing in (a server with a token)
async def signin(request: Request) -> Response:
    token = getattr(request.app.state, "token", None)
    if request.method == "GET":
        return page("signin.html", title="Sign in", heading="Sign in", meta="", failed=False, needed=bool(token))
    body = (await request.body())[:4096].decode("utf-8", "replace")
    given = (parse_qs(body).get("token") or [""])[0].strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        return page("signin.html", status=401, title="Sign in", heading="Sign in", meta="", failed=True,
                    needed=bool(token))
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


ROUTES = [
    Route("/", worklist, methods=["GET"], name="worklist_page"),
    Route("/cases/{case_id:path}", case_page, methods=["GET"], name="case_page"),
    Route("/why", why_page, methods=["GET"], name="why_page"),
    Route("/standards", standards_index, methods=["GET"], name="standards_index"),
    Route("/standards/{edition}", standards_page, methods=["GET"], name="standards_page"),
    Route("/changes", changes_page, methods=["GET"], name="changes_page"),
    Route("/signin", signin, methods=["GET", "POST"], name="signin"),
    Route("/static/style.css", style, methods=["GET"], name="style"),
]


def _html(summary: str, parameters: list) -> dict:
    return {"get": {"summary": summary, "tags": ["pages"], "parameters": parameters, "responses": {
        "200": {"description": "an HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}}}}


def page_paths() -> dict[str, dict]:
    """The pages, for /openapi.json."""
    from .openapi import AS_OF, EDITION, _path, _query
    case_id = _path("case_id", "the case's id")
    return {
        "/": _html("Worklist: overdue, due-soon and cannot-be-timed obligations, with filters and counts",
                   [_query(n, f"only this {n}") for n in ("team", "manager", "standard", "status")]
                   + [_query("within", "due within N working days"), EDITION, AS_OF]),
        "/cases/{case_id}": _html("A case: tier and MAPPA, obligations, timeline, each edition side by side",
                                  [case_id, EDITION, AS_OF]),
        "/why": _html("Why an obligation has its status, and what would meet it",
                      [_query("case", "the case's id", required=True),
                       _query("obligation", "obligation or standard id", required=True),
                       _query("trigger", "only the obligation started by this event"), EDITION, AS_OF]),
        "/standards": _html("The editions", []),
        "/standards/{edition}": _html("An edition's standards by section", [_path("edition", "an installed edition")]),
        "/changes": _html("What changed between two editions", [_query("from", "older edition"),
                                                                 _query("to", "newer edition")]),
        "/signin": {**_html("Sign in with the server's token (a cookie for the pages)", []),
                    "post": {"summary": "Check the token and set the cookie", "tags": ["pages"], "security": [],
                             "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                                 "type": "object", "properties": {"token": {"type": "string"}}}}}},
                             "responses": {"303": {"description": "signed in"},
                                           "401": {"description": "a wrong token: the form again"}}}},
        "/static/style.css": {"get": {"summary": "The one stylesheet", "tags": ["pages"], "security": [],
                                      "responses": {"200": {"description": "CSS", "content": {
                                          "text/css": {"schema": {"type": "string"}}}}}}},
    }
