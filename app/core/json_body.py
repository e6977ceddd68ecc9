"""Strict JSON bodies: no NaN or Infinity, finite numbers (a 422 at the field that has one),
no key twice in an object, bounded nesting, JSON media type."""

import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from app.core.errors import BadRequest, Unprocessable, UnsupportedMediaType
from app.core.problems import problem_response

MAX_DEPTH = 32
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class NotFinite:
    """Where the body says NaN, Infinity or a number too large for a float: a value no field
    takes, found after parsing so that the 422 can name the field it was sent for."""

    def __init__(self, literal: str) -> None:
        self.literal = literal[:40]


LISTED = 100  # not-finite numbers named in one answer (the detail counts them all)


def _not_finite(document: Any) -> list[dict[str, Any]]:
    """A 422 error for each NaN, Infinity or out-of-range number in the document, at its
    place (without recursion). Walked only when parsing met one."""
    errors: list[dict[str, Any]] = []
    stack: list[tuple[Any, list[str | int]]] = [(document, ["body"])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, NotFinite):
            named = node.literal.lstrip("+-") in ("NaN", "Infinity")
            reason = "is not a number" if named else "is out of range"
            message = f"{node.literal} {reason}: numbers must be finite"
            errors.append({"loc": path, "msg": message, "type": "finite_number"})
        elif isinstance(node, dict):
            stack.extend((child, [*path, key]) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, [*path, index]) for index, child in enumerate(node))
    return sorted(errors, key=lambda error: [_place(part) for part in error["loc"]])


def _place(part: str | int) -> tuple[int, int, str]:
    """A path part as it sorts in the document: indexes by number, keys by name."""
    return (0, part, "") if isinstance(part, int) else (1, 0, part)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, refusing a key that comes twice (JSON leaves it open; the last would win)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ValueError(f"key {key[:40]!r} appears twice in one object")
            seen.add(key)
    return found


def _depth(document: Any) -> int:
    """The nesting depth of a parsed document, without recursion."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def parse_json(body: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a request body strictly, raising BadRequest with the reason."""
    met: list[NotFinite] = []

    def constant(name: str) -> NotFinite:
        met.append(NotFinite(name))
        return met[-1]

    def number(literal: str) -> float | NotFinite:
        value = float(literal)
        return value if math.isfinite(value) else constant(literal)

    def integer(literal: str) -> int | NotFinite:
        # Python reads no integer of more digits than its limit (4,300): no field takes one.
        return int(literal) if len(literal) <= sys.get_int_max_str_digits() else constant(literal)

    def load(text: str, **hooks: Any) -> Any:
        return json.loads(
            text,
            parse_constant=constant,
            parse_float=number,
            object_pairs_hook=_unique_keys,
            **hooks,
        )

    try:
        text = body.decode("utf-8")
        try:
            document = load(text)
        except ValueError as exc:
            if "integer string conversion" not in str(exc):
                raise
            document = load(text, parse_int=integer)  # only then: a hook per integer is slow
    except RecursionError:
        raise BadRequest(f"JSON nested deeper than {max_depth} levels") from None
    except UnicodeDecodeError:
        raise BadRequest("body is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(
            f"body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise BadRequest(f"body is not valid JSON: {exc}") from None
    # Each level opens a bracket: with no more brackets than levels allowed, none is too deep.
    if body.count(b"[") + body.count(b"{") > max_depth and _depth(document) > max_depth:
        raise BadRequest(f"JSON nested deeper than {max_depth} levels")
    if met:
        errors = _not_finite(document)
        first = errors[0]
        where = ".".join(map(str, first["loc"]))
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise Unprocessable(f"{where}: {first['msg']}{more}", errors=errors[:LISTED])
    return document


def is_json_media_type(content_type: str | None) -> bool:
    """application/json or any application/*+json."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _documented_query(request: Request, path: str) -> frozenset[str]:
    """The query parameters the OpenAPI document gives this operation."""
    return _query_of(request.app, path, request.method)


def _query_of(app: Any, path: str, method: str) -> frozenset[str]:
    """The query parameters the OpenAPI document gives the operation at path and method."""
    operation = app.openapi()["paths"].get(path, {}).get(method.lower(), {})
    return frozenset(
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query"
    )


def refuse_unknown_query(request: Request, path: str) -> None:
    """400 naming query parameters a write does not take: a parameter meant for another
    operation (`?dry_run=true` on POST /v1/claims) must not be ignored while the write goes on."""
    unknown = sorted(set(request.query_params) - _documented_query(request, path))
    if unknown:
        names = ", ".join(repr(name[:40]) for name in unknown[:5])
        raise BadRequest(
            f"unknown query parameter {names} for {request.method} {path}; nothing was changed"
        )


def _route_query(scope: Scope) -> frozenset[str]:
    """The query parameters the OpenAPI document gives the operation this request is for
    (none when no route takes it: its 404 or 405 comes later)."""
    app = scope["app"]
    for route in app.router.routes:
        if isinstance(route, APIRoute) and route.matches(scope)[0] == Match.FULL:
            return _query_of(app, route.path_format, scope["method"])
    return frozenset()


def repeated_query(scope: Scope) -> Response | None:
    """A 422 for a query parameter of the request's operation given more than once
    (`?speaker=a&speaker=b`): which one was meant is not guessed (a list parameter takes its
    values comma-separated, in one). Names the operation does not take are ignored, as they
    are when given once."""
    query: bytes = scope.get("query_string", b"")
    if b"&" not in query:
        return None
    counts = Counter(name for name, _value in parse_qsl(query.decode("latin-1"), True))
    if all(count == 1 for count in counts.values()):
        return None
    taken = _route_query(scope)
    repeated = sorted(name for name, count in counts.items() if count > 1 and name in taken)
    if not repeated:
        return None
    errors = [
        {
            "loc": ["query", name],
            "msg": f"given {counts[name]} times: send it once (several values go in one, "
            "comma-separated, where the parameter takes a list)",
            "type": "repeated_parameter",
        }
        for name in repeated
    ]
    detail = f"query.{repeated[0]}: {errors[0]['msg']}"
    return problem_response(status=422, detail=detail, errors=errors)


class JsonRoute(APIRoute):
    """A route whose JSON body is checked strictly before FastAPI validates it, and whose
    writes refuse query parameters they do not document."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler with the strict body and query checks."""
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            if request.method in WRITE_METHODS and request.query_params:
                refuse_unknown_query(request, self.path_format)
            if self.body_field is not None and request.method in BODY_METHODS:
                body = await request.body()
                if body:
                    if not is_json_media_type(request.headers.get("content-type")):
                        raise UnsupportedMediaType(
                            "send the body as JSON with Content-Type: application/json"
                        )
                    request._json = parse_json(body)
            return await handler(request)

        return strict_handler
