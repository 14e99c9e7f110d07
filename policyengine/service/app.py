"""The application factory: routes, error handling as problem documents, the token check."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..output.exits import BadInput, NotFound
from . import api
from .auth import TokenAndHeaders
from .caseload_source import ServedCaseload
from .problems import Problem

log = logging.getLogger("policyengine.service")


@dataclass
class Settings:
    """What `nsr serve` was started with."""
    caseload: ServedCaseload
    token: str | None = None
    # How long the worklist page waits for a worklist still to be derived before it shows a page
    # saying it is being prepared (None: it waits however long it takes; `nsr serve` gives 0.5 s).
    worklist_wait: float | None = None
    # Start deriving today's worklist (every edition in force) as the server starts, so the first
    # practitioner to open the worklist finds it ready rather than being prepared.
    prepare_on_start: bool = False


def _answer(request: Request, problem: Problem) -> Response:
    """A problem document for the API; for a page, the same words as a page (a person reads it)."""
    if request.url.path.startswith("/v1") or "text/html" not in request.headers.get("accept", ""):
        return problem.response(request.url.path)
    from .pages import page
    from .problems import TITLES
    return page("error.html", status=problem.status, title=TITLES.get(problem.status, "Error"),
                heading=TITLES.get(problem.status, "Error"), meta="", detail=problem.detail)


async def _problem(request: Request, error: Problem) -> Response:
    return _answer(request, error)


async def _bad_input(request: Request, error: BadInput) -> Response:
    status = 404 if isinstance(error, NotFound) else 400
    return _answer(request, Problem(status, str(error).splitlines()[0] if str(error) else "bad input"))


async def _http(request: Request, error: HTTPException) -> Response:
    detail = {404: f"no page or endpoint {request.url.path!r} (GET /openapi.json lists the API)",
              405: f"{request.method} is not allowed on {request.url.path}"}.get(error.status_code, str(error.detail))
    return _answer(request, Problem(error.status_code, detail))


async def _bug(request: Request, error: Exception) -> Response:
    log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(error).__name__, error)
    return _answer(request, Problem(500, f"internal error ({type(error).__name__}); this is a bug in nsr, please "
                                         "report it with the request that caused it"))


def create_app(settings: Settings) -> TokenAndHeaders:
    """The ASGI application for a caseload; requests without the token (when one is set) are refused."""
    from . import openapi, pages
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        if settings.prepare_on_start:
            settings.caseload.prepared(dt.date.today(), "auto", 0)   # in a background thread
        yield
        settings.caseload.stop()

    app = Starlette(routes=[*api.ROUTES, *openapi.ROUTES, *pages.ROUTES],
                    exception_handlers={Problem: _problem, BadInput: _bad_input, HTTPException: _http,
                                        Exception: _bug}, lifespan=lifespan)
    app.state.caseload = settings.caseload
    app.state.token = settings.token
    app.state.worklist_wait = settings.worklist_wait
    return TokenAndHeaders(app, settings.token)
