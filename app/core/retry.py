"""Retry a request whose transaction lost a race (serialization failure, deadlock, busy SQLite).

The request body is kept so the whole request can run again; nothing has been sent when the
error surfaces, because every write commits before its response starts.
"""

import asyncio
import random

from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.problems import problem_response

RETRYABLE_STATES = frozenset({"40001", "40P01"})
ATTEMPTS = 5


STREAMED_PATHS = ("/v1/import",)


def buffered_write(scope: Scope) -> bool:
    """A write whose body is small enough to keep (imports stream and are not replayed)."""
    return (
        scope["type"] == "http"
        and scope["method"] not in ("GET", "HEAD", "OPTIONS")
        and not str(scope["path"]).startswith(STREAMED_PATHS)
    )


def is_retryable(error: BaseException) -> bool:
    """A transaction conflict the database asks us to retry."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return state in RETRYABLE_STATES or "database is locked" in str(original)


async def read_body(receive: Receive) -> bytes:
    """The whole request body."""
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def replay(body: bytes) -> Receive:
    """A receive callable that hands out the same body again."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class RetryConflicts:
    """Run a write again, a few times, when the database reports a conflict."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Retry writes on conflicts; reads pass straight through."""
        if not buffered_write(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        for attempt in range(ATTEMPTS):
            try:
                await self.app(scope, replay(body), send)
                return
            except Exception as error:
                if not is_retryable(error):
                    raise
                await asyncio.sleep(random.uniform(0.01, 0.05) * 2**attempt)
        busy = problem_response(
            status=503,
            detail="the database stayed busy with conflicting changes; retry shortly",
            title="Service unavailable",
            slug="busy",
            headers={"Retry-After": "1"},
        )
        await busy(scope, replay(b""), send)
