"""The application factory: routes, error handling as problem documents, the token check."""
from __future__ import annotations

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


async def _problem(request: Request, error: Problem) -> Response:
    return error.response(request.url.path)


async def _bad_input(request: Request, error: BadInput) -> Response:
    status = 404 if isinstance(error, NotFound) else 400
    return Problem(status, str(error).splitlines()[0] if str(error) else "bad input").response(request.url.path)


async def _http(request: Request, error: HTTPException) -> Response:
    detail = {404: f"no page or endpoint {request.url.path!r} (GET /openapi.json lists the API)",
              405: f"{request.method} is not allowed on {request.url.path}"}.get(error.status_code, str(error.detail))
    return Problem(error.status_code, detail).response(request.url.path)


async def _bug(request: Request, error: Exception) -> Response:
    log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(error).__name__, error)
    return Problem(500, f"internal error ({type(error).__name__}); this is a bug in nsr, please report it "
                        "with the request that caused it").response(request.url.path)


def create_app(settings: Settings) -> TokenAndHeaders:
    """The ASGI application for a caseload; requests without the token (when one is set) are refused."""
    app = Starlette(routes=[*api.ROUTES],
                    exception_handlers={Problem: _problem, BadInput: _bad_input, HTTPException: _http,
                                        Exception: _bug})
    app.state.caseload = settings.caseload
    app.state.token_set = settings.token is not None
    return TokenAndHeaders(app, settings.token)
