"""Render every error, validation errors included, as RFC 9457 problem+json."""

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from app.core.errors import AppError, FieldError

log = logging.getLogger("claimtrack.errors")

PROBLEM_TYPE_BASE = "https://claimtrack.dev/problems/"
MEDIA_TYPE = "application/problem+json"
STATUS_TITLES = {
    400: ("Bad request", "bad-request"),
    401: ("Unauthorized", "unauthorized"),
    403: ("Forbidden", "forbidden"),
    404: ("Not found", "not-found"),
    405: ("Method not allowed", "method-not-allowed"),
    406: ("Not acceptable", "not-acceptable"),
    409: ("Conflict", "conflict"),
    413: ("Payload too large", "payload-too-large"),
    415: ("Unsupported media type", "unsupported-media-type"),
    422: ("Validation failed", "validation-error"),
    500: ("Internal server error", "internal-error"),
}


def problem_response(
    *,
    status: int,
    detail: str,
    title: str | None = None,
    slug: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """A problem+json response."""
    default_title, default_slug = STATUS_TITLES.get(status, ("Error", "error"))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or default_slug),
        "title": title or default_title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = list(errors)
    body.update(extra or {})
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type=MEDIA_TYPE)


def _location(loc: Sequence[Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def validation_errors(raw: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors without the echoed input (which may be huge or hostile)."""
    cleaned = []
    for error in raw:
        raw_loc = list(error.get("loc", ()))
        # An unknown field's name is the place to fix, whatever it looks like.
        kept = raw_loc[-1:] if error.get("type") == "extra_forbidden" else []
        loc = [part for part in raw_loc[: len(raw_loc) - len(kept)] if not _is_union_tag(part)]
        loc += kept
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            loc.append(cause.field)
        cleaned.append(
            {
                "loc": loc,
                "msg": _clean_message(str(error.get("msg", ""))),
                "type": error.get("type"),
            }
        )
    return _without_unions_int_branch(cleaned)


def _without_unions_int_branch(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An id-or-name field (`speaker=`, `measure=`...) that fails both ways reports why it is
    no name, not that it is no integer too (which the person did not mean to write): an
    int_parsing error is left out where another error names the same field. Likewise a
    name-or-object field sent as an object (`"speaker": {...}`) reports what is wrong inside
    the object, not that it is no string."""
    places = Counter(tuple(error["loc"]) for error in errors)
    inside = {tuple(error["loc"][:depth]) for error in errors for depth in range(len(error["loc"]))}
    return [
        error
        for error in errors
        if not (error["type"] == "int_parsing" and places[tuple(error["loc"])] > 1)
        and not (error["type"] == "string_type" and tuple(error["loc"]) in inside)
    ]


def _is_union_tag(part: Any) -> bool:
    """A union member's name in a location: a validator's, a type's, or one of the app's model
    classes (an unknown field a client sent, "Nickname", stays: it is the place to fix)."""
    return isinstance(part, str) and (
        part.startswith(("function-after[", "constrained-", "json-or-python"))
        or part in {"int", "str", "float", "bool", "list", "dict"}
        or part in _model_names()
    )


@cache
def _model_names() -> frozenset[str]:
    """The names of the app's pydantic models (all defined once an error is being told)."""
    found, stack = set(), [BaseModel]
    while stack:
        for model in stack.pop().__subclasses__():
            stack.append(model)
            if model.__module__.startswith("app."):
                found.add(model.__name__)
    return frozenset(found)


def _summary(errors: Sequence[Mapping[str, Any]]) -> str:
    first = errors[0]
    text = f"{_location(first['loc'])}: {first['msg']}"
    if len(errors) > 1:
        text += f" (and {len(errors) - 1} more)"
    return text


def error_response(error: AppError) -> Response:
    """The problem+json answer to an AppError, wherever it is caught."""
    return problem_response(
        status=error.status,
        title=error.title,
        slug=error.slug,
        detail=error.detail,
        errors=error.errors,
        headers=error.headers,
        extra=error.extra,
    )


async def _app_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    return error_response(exc)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc.errors())
    return problem_response(status=422, detail=_summary(errors), errors=errors)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route takes on this path (each route has its own, so ask for each)."""
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "request failed"
    headers = dict(exc.headers or {})
    if exc.status_code == 404 and detail == "Not Found":
        detail = "no such path"
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        detail = f"{request.method} is not allowed here; use {', '.join(allowed)}"
        headers["Allow"] = ", ".join(allowed)
    return problem_response(status=exc.status_code, detail=detail, headers=headers)


# SQLSTATEs that say the database cannot take the request now, not that it is wrong: class 53
# (insufficient resources: too many connections, out of memory or disk) and 57P03 (starting up
# or shutting down).
def _database_full(exc: BaseException) -> bool:
    for error in (exc, getattr(exc, "orig", None), exc.__cause__):
        state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if isinstance(state, str) and (state.startswith("53") or state == "57P03"):
            return True
    return False


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    """A complete 500 (a 503 to retry when the database has no room for the request now);
    Starlette re-raises after sending it, and uvicorn then drops the connection, so the client
    is told not to reuse it."""
    if _database_full(exc):
        log.warning("database cannot take %s %s now: %s", request.method, request.url.path, exc)
        return problem_response(
            status=503,
            detail="the database has no room for this request now (too many connections, or "
            "starting up); retry shortly",
            title="Service unavailable",
            slug="database-busy",
            headers={"Retry-After": "1", "Connection": "close"},
        )
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        status=500,
        detail="the server failed to handle this request",
        headers={"Connection": "close"},
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error through problem_response."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
