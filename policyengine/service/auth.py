"""The token check (`nsr serve --token-file`) and the headers every response carries.

Plain ASGI middleware, so a request that is refused never reaches a handler. The token is
compared in constant time; /healthz is open so a load balancer can probe without it. A browser
sends the token as a cookie, set by the sign-in form (pages.py) when the token is typed in.
"""
from __future__ import annotations

import hmac

from starlette.requests import HTTPConnection

from .problems import Problem

OPEN_PATHS = ("/healthz", "/signin", "/static/")
COOKIE = "nsr_token"
SECURITY_HEADERS = [
    # No script may run at all; styles only from this server, plus the styles inside the SVG drawings.
    (b"content-security-policy", b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                 b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def presented_token(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return connection.cookies.get(COOKIE)


class TokenAndHeaders:
    """401 (a problem document, or the sign-in page for a browser) without the token, when one is set."""

    def __init__(self, app, token: str | None):
        self.app = app
        self.token = token.encode() if token else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        if self.token and not scope["path"].startswith(OPEN_PATHS):
            given = presented_token(HTTPConnection(scope))
            if given is None or not hmac.compare_digest(given.encode(), self.token):
                problem = Problem(401, "this server needs its token: send 'Authorization: Bearer TOKEN'"
                                       + (" (or sign in at /signin)" if not scope["path"].startswith("/v1") else ""))
                return await problem.response(scope["path"])(scope, receive, with_headers)
        return await self.app(scope, receive, with_headers)
