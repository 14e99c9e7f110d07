"""The OpenAPI 3.1 document served at /openapi.json: every route, its parameters and answers.

Written as data here (the handlers are plain Starlette functions); a test holds every route of
the app to an entry, and the document to the OpenAPI 3.1 schema.
"""
from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .api import MAX_BODY


def _query(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


EDITION = _query("edition", "an installed edition (2007, 2011, 2015) or 'auto': each obligation under the edition "
                 "in force on its trigger date (default 2007, as `nsr check`)")
AS_OF = _query("as_of", "the date to judge on, YYYY-MM-DD (default today)", {"type": "string", "format": "date"})
ALL = _query("all", "also list what does not apply, and why (`--all`)", {"type": "boolean"})
CASE_BODY = {"required": True, "description": f"one case as JSON, in the case-file format (docs/case-files.md); "
             f"at most {MAX_BODY // 1_000_000} MB",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}


def _problems(*codes: int) -> dict:
    words = {400: "malformed JSON or a bad query value", 401: "no token, or a wrong one (when the server has one)",
             404: "an unknown case, edition, obligation or topic; the detail says what was meant",
             413: f"a body over {MAX_BODY // 1_000_000} MB", 422: "the case fails validation: each problem with its "
             "field path, in the words of `nsr validate`"}
    return {str(code): {"description": words[code], "content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Problem"}}}} for code in codes}


def _json(description: str, schema: str) -> dict:
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


def _page(description: str) -> dict:
    return {"200": {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}}


def _document(format_field: bool = True, required: tuple[str, ...] = (), properties: dict | None = None) -> dict:
    props = {"format": {"type": "integer", "const": 1}} if format_field else {}
    props.update(properties or {})
    return {"type": "object", "required": list(required), "properties": props, "additionalProperties": True}


def _operation(summary: str, parameters: list, responses: dict, body: dict | None = None,
               tags: tuple[str, ...] = ("api",), secured: bool = True) -> dict:
    operation = {"summary": summary, "tags": list(tags), "parameters": parameters, "responses": responses}
    if body:
        operation["requestBody"] = body
    if not secured:
        operation["security"] = []
    return operation


PATHS: dict[str, dict] = {
    "/healthz": {"get": _operation("Health: the server is up, and how many cases it serves", [],
                                   _json("up", "Health"), secured=False)},
    "/v1/check": {"post": _operation(
        "Every obligation of a case with its status (`nsr check --format json`); under a rule file of another "
        "kind (edition=hmpps-tier/v3-2026-06-18), its declared results for a case of that kind",
        [_query("edition", "an installed edition (2007, 2011, 2015) or 'auto': each obligation under the edition in "
                "force on its trigger date (default 2007, as `nsr check`); or an installed rule file of another kind "
                "(hmpps-tier/v2, hmpps-tier/v3-2026-06-18, ...), whose case is then one of that kind (kind, inputs), "
                "validated against the file's inputs (422 with each field path)"), AS_OF, ALL],
        {"200": {"description": "the case's obligations, or a case of another kind's declared results",
                 "content": {"application/json": {"schema": {"oneOf": [
                     {"$ref": "#/components/schemas/CheckDocument"}, {"$ref": "#/components/schemas/ResultsDocument"}]}}}},
         **_problems(400, 401, 404, 413, 422)},
        {**CASE_BODY, "content": {"application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/Case"}, {"$ref": "#/components/schemas/InputCase"}]}}}})},
    "/v1/why": {"post": _operation("Why an obligation has its status, and what would meet it (`nsr why --format json`)",
                                   [_query("obligation", "a standard id (2c.6), an obligation id (2c.6/first_meeting), "
                                           "'tier' or 'mappa'", required=True), EDITION, AS_OF,
                                    _query("trigger", "only the obligation started by this event id")],
                                   {**_json("the derivation and the plain-English answers", "WhyDocument"),
                                    **_problems(400, 401, 404, 413, 422)}, CASE_BODY)},
    "/v1/compare": {"post": _operation("One case under several editions (`nsr compare --format json`)",
                                       [_query("editions", "editions, comma-separated (default: every one)"), AS_OF],
                                       {**_json("the case, topic by topic, under each edition", "CompareDocument"),
                                        **_problems(400, 401, 404, 413, 422)}, CASE_BODY)},
    "/v1/editions": {"get": _operation("The installed editions", [],
                                       {**_json("each edition with its dates in force", "Editions"),
                                        **_problems(401)})},
    "/v1/standards/{edition}": {"get": _operation(
        "An edition's standards: quotes, readings, obligations and the rule as written "
        "(`nsr standards E --format json`)", [_path("edition", "an installed edition")],
        {**_json("the standards", "StandardsDocument"), **_problems(401, 404)})},
    "/v1/diff": {"get": _operation("What changed between two editions (`nsr diff A B --format json`)",
                                   [_query("from", "the older edition", required=True),
                                    _query("to", "the newer edition", required=True),
                                    _query("topic", "only this topic (repeatable)")],
                                   {**_json("the changes, topic by topic", "DiffDocument"),
                                    **_problems(400, 401, 404)})},
    "/v1/cases/{case_id}/check": {"get": _operation(
        "A served case's obligations (`nsr check --format json` on its file)",
        [_path("case_id", "the case's id"), EDITION, AS_OF, ALL],
        {**_json("the case's obligations", "CheckDocument"), **_problems(400, 401, 404)})},
    "/v1/worklist": {"get": _operation(
        "The served caseload's overdue, due-soon and cannot-be-timed obligations, most urgent first",
        [_query("team", "only this team"), _query("manager", "only this offender manager"),
         _query("within", "due within this many working days (default 5)", {"type": "integer", "minimum": 0}),
         _query("status", "only this status", {"type": "string", "enum": ["overdue", "pending", "missing_data"]}),
         _query("standard", "only this standard (2c.6)"),
         {**EDITION, "description": "an installed edition, or 'auto' (the default): each obligation under the "
                                    "edition in force on its trigger date"}, AS_OF],
        {**_json("the work items and their counts", "Worklist"), **_problems(400, 401, 404)})},
    "/openapi.json": {"get": _operation("This document", [], {"200": {
        "description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}})},
}

SCHEMAS = {
    "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "required": ["path", "message"], "properties": {
            "path": {"type": "string", "description": "a case field (events[3].date), query.NAME, or empty"},
            "message": {"type": "string"}}}}}},
    "Case": {"type": "object", "description": "a case file's content (the JSON Schema: policyengine/cases/"
             "case.schema.json)", "required": ["id"], "additionalProperties": True},
    "Health": {"type": "object", "required": ["status"], "properties": {
        "status": {"type": "string", "const": "ok"}, "cases": {"type": "integer"},
        "editions": {"type": "array", "items": {"type": "string"}}}},
    "InputCase": {"type": "object", "description": "a case of a rule file's own kind (docs/rule-language.md, "
                  "section 13): id, kind, as_of, inputs", "required": ["id", "kind", "inputs"],
                  "additionalProperties": True},
    "ResultsDocument": _document(format_field=False, required=("case", "edition", "kind", "as_of", "results"),
                                 properties={"case": {"type": "string"}, "edition": {"type": "string"},
                                             "kind": {"type": "string"}, "as_of": {"type": "string", "format": "date"},
                                             "results": {"type": "array", "items": {"type": "object"}}}),
    "CheckDocument": _document(required=("format", "case", "edition", "as_of", "summary", "obligations"),
                               properties={"case": {"type": "string"}, "edition": {"type": "string"},
                                           "as_of": {"type": "string", "format": "date"},
                                           "summary": {"type": "object"},
                                           "obligations": {"type": "array", "items": {"type": "object"}}}),
    "WhyDocument": _document(required=("format", "roots", "nodes", "edges"),
                             properties={"roots": {"type": "array"}, "nodes": {"type": "array"},
                                         "edges": {"type": "array"}, "answers": {"type": "array"}}),
    "CompareDocument": _document(format_field=False),
    "DiffDocument": _document(format_field=False),
    "StandardsDocument": _document(required=("format", "edition", "standards"),
                                   properties={"edition": {"type": "object"},
                                               "standards": {"type": "array", "items": {"type": "object"}}}),
    "Editions": _document(required=("format", "editions"),
                          properties={"editions": {"type": "array", "items": {"type": "object"}}}),
    "Worklist": _document(required=("format", "as_of", "edition", "within", "counts", "items"),
                          properties={"counts": {"type": "object"},
                                      "items": {"type": "array", "items": {"type": "object"}}}),
}


@functools.cache
def document() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    from .pages import page_paths
    try:
        release = version("policyengine")
    except PackageNotFoundError:
        release = "0"
    return {
        "openapi": "3.1.0",
        "info": {"title": "policyengine: National Standards obligations over HTTP", "version": release,
                 "description": "Each /v1 answer is the document the matching `nsr ... --format json` prints "
                                "(docs/output.md). Errors are RFC 9457 problem documents."},
        "paths": {**PATHS, **page_paths()},
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                                     "description": "needed when the server was started with "
                                                                    "--token-file"}}},
        "security": [{"token": []}],
    }


async def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(document())


ROUTES = [Route("/openapi.json", openapi_json, methods=["GET"], name="openapi")]
