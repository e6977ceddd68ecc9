"""Per-request plumbing as plain ASGI: request id, access log, metrics, body size limit."""

import itertools
import logging
import re
import secrets
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import PayloadTooLarge
from app.core.json_body import repeated_query
from app.core.problems import problem_response
from app.ops.metrics import observe

access_log = logging.getLogger("claimtrack.access")
BODILESS = frozenset({"GET", "HEAD", "OPTIONS"})
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class BodyLimit:
    """Refuse bodies over the limit with 413, without reading them into memory."""

    def __init__(self, app: ASGIApp, *, limit: int, large_limit: int, large_paths: tuple[str, ...]):
        self.app, self.limit, self.large_limit, self.large_paths = (
            app,
            limit,
            large_limit,
            large_paths,
        )

    def _limit_for(self, scope: Scope) -> int:
        path: str = scope["path"]
        return self.large_limit if path.startswith(self.large_paths) else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check Content-Length up front and count streamed bytes as they arrive."""
        if scope["type"] != "http" or scope["method"] in BODILESS:
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        declared = _header(scope, b"content-length")
        too_large = problem_response(
            status=413, detail=f"request body is larger than {limit} bytes"
        )
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await too_large(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _counting(receive, limit), watch)
        except PayloadTooLarge:
            if started:
                raise
            await too_large(scope, receive, send)


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge(f"request body is larger than {limit} bytes")
        return message

    return counted


_PROCESS = secrets.token_hex(8)
_serial = itertools.count(1)


def _new_request_id() -> str:
    """Unique across processes (a random prefix per process) and cheaper than a UUID."""
    return f"{_PROCESS}{next(_serial):016x}"


def _loggable(text: str) -> str:
    """Text for one log line: line breaks, terminal escapes and other controls (and non-ASCII)
    written as backslash escapes, so that a path cannot forge a line or drive a terminal."""
    return text.encode("unicode_escape").decode("ascii")


class RequestContext:
    """Give each request an id (echoed in X-Request-ID), one access-log line and metrics.

    Requests that may carry a body go through `wrap_writes(app)` (body limit, idempotency,
    retries), reads through `wrap_reads(app)` (conditional GETs), each skipping the layers that
    have nothing to do for it.
    """

    def __init__(
        self,
        app: ASGIApp,
        wrap_writes: Callable[[ASGIApp], ASGIApp] | None = None,
        wrap_reads: Callable[[ASGIApp], ASGIApp] | None = None,
    ) -> None:
        self.app = app
        self.writes = wrap_writes(app) if wrap_writes is not None else app
        self.reads = wrap_reads(app) if wrap_reads is not None else app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap the request with timing and the request id."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and REQUEST_ID.match(incoming) else _new_request_id()
        state: MutableMapping[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            if (refused := repeated_query(scope)) is not None:
                await refused(scope, receive, send_with_id)
                return
            target = self.reads if scope["method"] in BODILESS else self.writes
            await target(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            observe(method=scope["method"], route=route, status=status, seconds=elapsed)
            access_log.info(
                "%s %s %s %d %.1fms",
                request_id,
                scope["method"],
                _loggable(scope["path"]),
                status,
                elapsed * 1000,
            )


class HeadAsGet:
    """HEAD is answered as GET is, without the body (RFC 9110, 9.3.2: every resource that
    answers GET answers HEAD, with the headers GET would send: ETag, Cache-Control, Link,
    Content-Length, and a 304 for a current If-None-Match). Outermost, so every layer below
    sees a GET: routes declare GET only, and their OpenAPI operations stay one per path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body: nothing of it is sent
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
