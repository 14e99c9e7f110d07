"""Problem documents (RFC 9457, application/problem+json): every error the service answers with.

A handler raises `Problem`; the app turns it (and BadInput, CaseError and anything unexpected)
into a JSON body with the status, a one-line detail and, where it helps, each field's path.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from starlette.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"
TITLES = {400: "Bad request", 401: "Unauthorized", 404: "Not found", 405: "Method not allowed",
          413: "Request body too large", 422: "The case is not valid", 500: "Internal error"}


@dataclass
class FieldError:
    """Where (a case field path such as events[3].date, or a query parameter) and what is wrong."""
    path: str
    message: str


@dataclass
class Problem(Exception):
    status: int
    detail: str
    errors: list[FieldError] = field(default_factory=list)

    def response(self, instance: str = "") -> JSONResponse:
        body = {"type": "about:blank", "title": TITLES.get(self.status, "Error"), "status": self.status,
                "detail": self.detail}
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [{"path": e.path, "message": e.message} for e in self.errors]
        headers = {"WWW-Authenticate": 'Bearer realm="nsr"'} if self.status == 401 else None
        return JSONResponse(body, status_code=self.status, media_type=MEDIA_TYPE, headers=headers)


def from_case_error(error) -> Problem:
    """A CaseError (cases.load): unreadable JSON is 400; a case that fails validation is 422, with
    the same messages `nsr validate` prints, each with its field path."""
    problems = error.problems
    unreadable = len(problems) == 1 and not problems[0].path and problems[0].message.startswith(
        ("JSON syntax error", "JSON error", "the input is not UTF-8", "expected a mapping", "the file is empty",
         "the data is too large"))
    if unreadable:
        return Problem(400, f"{error.source}: {problems[0].message}", [FieldError("", problems[0].message)])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return Problem(422, f"{error.source}: {problems[0]}{more}", [FieldError(p.path, p.message) for p in problems])
