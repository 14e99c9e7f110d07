"""The JSON API under /v1: each answer is the document the matching `nsr ... --format json` prints.

The handlers only read the request (query, body) and call the same functions as the command
line (documents.py); the engine's work runs in a worker thread so one slow case never stalls
the server's event loop.
"""
from __future__ import annotations

import datetime as dt
import functools
import gc
from dataclasses import asdict

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import documents
from ..cases.load import MAX_CASE_BYTES, CaseError, date_range, load_case_text
from ..cases.model import Case
from ..output.exits import NotFound
from ..output.report import dumps
from .problems import FieldError, Problem, from_case_error


@functools.lru_cache(maxsize=None)
def served_program(name: str):
    """An installed edition's compiled program, kept for the server's life: the installed editions
    do not change while it runs, and finding a program again (hashing the policy and compiler
    texts to look it up) cost about 1.5 ms of each check. Only installed names reach here.

    The program is planned for the plain evaluator at once, and then it and everything else alive
    is moved out of the garbage collector's sight (`gc.freeze`): these objects live as long as the
    server, and scanning them again in each full collection cost about a tenth of every check."""
    from ..backends.plain import planned
    program = documents.program(name)
    planned(program)
    gc.collect()
    gc.freeze()
    return program


MAX_BODY = MAX_CASE_BYTES   # the most a case file may hold (5 MB); a larger body is answered 413
BODY_NAME = "body"          # how the request body is named in validation messages


# ------------------------------------------------------------------ reading a request
def json_text(data) -> Response:
    """The document exactly as the command line prints it (same indentation, a final newline)."""
    return Response(dumps(data) + "\n", media_type="application/json")


def query_date(request: Request, name: str = "as_of") -> dt.date:
    """An ISO date from the query (default today), inside the dates a case may hold."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return dt.date.today()
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise Problem(400, f"{name}: {text!r} is not a date (YYYY-MM-DD)",
                      [FieldError(f"query.{name}", "not a date (YYYY-MM-DD)")]) from None
    first, last = date_range()
    if not first <= value <= last:
        raise Problem(400, f"{name}: {text} is outside the dates a case may hold ({first} to {last})",
                      [FieldError(f"query.{name}", f"outside {first} to {last}")])
    return value


def installed_edition(name: str, allow_auto: bool = False, allow_family: bool = False) -> str:
    """An installed edition's name (never a file path: a client cannot make the server read files);
    with `allow_family`, also an installed rule file of another kind ('hmpps-tier/v3-2026-06-18')."""
    from ..compiler.compile import family_files
    name = name.strip()
    if name in documents.installed() or (allow_auto and name == "auto") or (allow_family and name in family_files()):
        return name
    message = documents.unknown_edition(name).replace("; or a path to a .nsr file", "")
    raise NotFound(message + ("; or 'auto'" if allow_auto else "")
                   + (f"; or a rule file of another kind: {', '.join(family_files())}" if allow_family else ""))


def query_edition(request: Request, default: str = "2007", allow_auto: bool = True, allow_family: bool = False) -> str:
    return installed_edition(request.query_params.get("edition") or default, allow_auto, allow_family)


def query_flag(request: Request, name: str) -> bool:
    text = (request.query_params.get(name) or "").lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    raise Problem(400, f"{name}: {text!r} is not true or false", [FieldError(f"query.{name}", "true or false")])


def query_required(request: Request, name: str) -> str:
    text = (request.query_params.get(name) or "").strip()
    if not text:
        raise Problem(400, f"the query needs {name}=...", [FieldError(f"query.{name}", "required")])
    return text


def query_count(request: Request, name: str, default: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit():
        raise Problem(400, f"{name}: {text!r} is not a whole number of 0 or more",
                      [FieldError(f"query.{name}", "a whole number, 0 or more")])
    return int(text)


async def body_case(request: Request) -> Case:
    """The case in the request body (JSON), validated as `nsr validate` validates a file."""
    text = await body_text(request)
    try:
        return await run_in_threadpool(load_case_text, text, BODY_NAME, True)
    except CaseError as error:
        raise from_case_error(error) from None


async def body_text(request: Request) -> str:
    """The request body as text: at most MAX_BODY bytes of UTF-8, not empty."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise Problem(413, f"the body is larger than {MAX_BODY // 1_000_000} MB, the most a case may hold")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Problem(413, f"the body is larger than {MAX_BODY // 1_000_000} MB, the most a case may hold")
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as error:
        raise Problem(400, f"{BODY_NAME}: the body is not UTF-8 text (byte {error.start + 1})",
                      [FieldError("", "not UTF-8 text")]) from None
    if not text.strip():
        raise Problem(400, f"{BODY_NAME}: the body is empty; send a case as JSON", [FieldError("", "empty")])
    return text


# ------------------------------------------------------------------ one case sent in the body
async def check(request: Request) -> Response:
    edition = query_edition(request, allow_family=True)
    if edition != "auto" and served_program(edition).stands_alone:   # a case of a rule file's own kind (kind: hmpps_tier)
        as_of = query_date(request) if request.query_params.get("as_of") else None
        text = await body_text(request)
        try:
            return json_text(await run_in_threadpool(documents.calculated_json, text, BODY_NAME, edition, as_of))
        except CaseError as error:
            raise from_case_error(error) from None
    as_of, include_all = query_date(request), query_flag(request, "all")
    text = await body_text(request)
    return Response(await run_in_threadpool(checked_text, text, edition, as_of, include_all),
                    media_type="application/json")


def checked_text(text: str, edition: str, as_of: dt.date, include_all: bool) -> str:
    """POST /v1/check's work after reading the body, in one worker thread (one hand-over, and
    the event loop never waits on encoding): the case read and validated, judged, written out."""
    try:
        case = load_case_text(text, BODY_NAME, True)
    except CaseError as error:
        raise from_case_error(error) from None
    evaluation = documents.evaluation_for(case, edition, as_of, load=served_program)
    return dumps(documents.check_json(evaluation, include_all)) + "\n"


async def why(request: Request) -> Response:
    obligation = query_required(request, "obligation")
    edition, as_of = query_edition(request), query_date(request)
    trigger = request.query_params.get("trigger") or None
    case = await body_case(request)
    return json_text(await run_in_threadpool(
        lambda: documents.why_json(documents.evaluation_for(case, edition, as_of, load=served_program), obligation, trigger)))


def _edition_list(request: Request) -> list[str]:
    text = request.query_params.get("editions") or ""
    names = [installed_edition(name) for name in text.replace(",", " ").split()] or documents.installed()
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice:
        raise Problem(400, f"editions: {twice!r} is named twice", [FieldError("query.editions", "named twice")])
    return names


async def compare(request: Request) -> Response:
    names, as_of = _edition_list(request), query_date(request)
    case = await body_case(request)
    return json_text(await run_in_threadpool(documents.compare_json, case, names, as_of, served_program))


# ------------------------------------------------------------------ the editions
async def editions(request: Request) -> Response:
    def listed() -> dict:
        found = []
        for name in documents.installed():
            edition = served_program(name).edition
            found.append({"name": edition.name, "title": edition.title,
                          "in_force_from": edition.in_force_from.isoformat() if edition.in_force_from else None,
                          "in_force_to": edition.in_force_to.isoformat() if edition.in_force_to else None,
                          "standards": f"/v1/standards/{edition.name}"})
        return {"format": 1, "editions": found}
    return json_text(await run_in_threadpool(listed))


async def standards(request: Request) -> Response:
    edition = installed_edition(request.path_params["edition"])
    return json_text(await run_in_threadpool(lambda: documents.standards_json(served_program(edition))))


async def diff(request: Request) -> Response:
    names = [installed_edition(query_required(request, "from")), installed_edition(query_required(request, "to"))]
    topics = request.query_params.getlist("topic") or None
    return json_text(await run_in_threadpool(documents.diff_json, names, topics))


# ------------------------------------------------------------------ the served caseload
async def case_check(request: Request) -> Response:
    caseload = request.app.state.caseload
    edition, as_of, include_all = query_edition(request), query_date(request), query_flag(request, "all")
    case = await run_in_threadpool(caseload.case, request.path_params["case_id"])
    return json_text(await run_in_threadpool(
        lambda: documents.check_json(documents.evaluation_for(case, edition, as_of, load=served_program), include_all)))


STATUSES = ("overdue", "pending", "missing_data")


def worklist_view(request: Request) -> dict:
    """The worklist's filters from the query: team, manager, edition, standard, status, within, as_of."""
    status = request.query_params.get("status") or ""
    if status and status not in STATUSES:
        raise Problem(400, f"status: {status!r} is not one of {', '.join(STATUSES)}",
                      [FieldError("query.status", f"one of {', '.join(STATUSES)}")])
    return {"as_of": query_date(request), "edition": query_edition(request, default="auto"),
            "within": query_count(request, "within", 5), "team": request.query_params.get("team") or "",
            "manager": request.query_params.get("manager") or "", "standard": request.query_params.get("standard") or "",
            "status": status}


def filtered(items, view: dict) -> list:
    """The work items a view asks for: due-soon ones only within `within` working days."""
    return [i for i in items
            if (i.status != "pending" or i.working_days <= view["within"])
            and (not view["team"] or i.team == view["team"])
            and (not view["manager"] or i.manager == view["manager"])
            and (not view["standard"] or i.obligation.split("/")[0] == view["standard"])
            and (not view["status"] or i.status == view["status"])]


async def worklist(request: Request) -> Response:
    view = worklist_view(request)
    caseload = request.app.state.caseload
    items = filtered(await run_in_threadpool(caseload.work_items, view["as_of"], view["edition"]), view)
    counts = {status: sum(1 for i in items if i.status == status) for status in STATUSES}
    rows = [{**asdict(i), "due": i.due.isoformat() if i.due else None, "standard": i.obligation.split("/")[0]}
            for i in items]
    return json_text({"format": 1, "as_of": view["as_of"].isoformat(), "edition": view["edition"],
                      "within": view["within"], "filters": {k: view[k] for k in ("team", "manager", "standard", "status")},
                      "counts": counts, "items": rows})


async def healthz(request: Request) -> Response:
    caseload = request.app.state.caseload
    return JSONResponse({"status": "ok", "cases": len(caseload.entries()), "editions": documents.installed()})


ROUTES = [
    Route("/healthz", healthz, methods=["GET"], name="healthz"),
    Route("/v1/check", check, methods=["POST"], name="check"),
    Route("/v1/why", why, methods=["POST"], name="why"),
    Route("/v1/compare", compare, methods=["POST"], name="compare"),
    Route("/v1/editions", editions, methods=["GET"], name="editions"),
    Route("/v1/standards/{edition}", standards, methods=["GET"], name="standards"),
    Route("/v1/diff", diff, methods=["GET"], name="diff"),
    Route("/v1/cases/{case_id:path}/check", case_check, methods=["GET"], name="case_check"),
    Route("/v1/worklist", worklist, methods=["GET"], name="worklist"),
]
