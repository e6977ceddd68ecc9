"""Idempotency-Key on POST: a retry gets the first answer, one resource however many arrive.

Records live in the database, so every worker and every replica sees them. A key is scoped to
the caller's credentials; it holds for 24 hours. Only successful (2xx) answers are kept: after
an error the key is free again, so a corrected request may reuse it.
"""

import asyncio
import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.deps import bearer_token
from app.auth.service import active_key
from app.core.errors import AppError, BadRequest, Conflict, Unprocessable
from app.core.problems import error_response
from app.core.retry import buffered_write, read_body, replay
from app.db.base import utcnow
from app.db.session import Database
from app.idempotency.models import IdempotencyRecord

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
LIFETIME = timedelta(hours=24)
# A request with a key holds it until it answers; one that never answers (its process died)
# gives it up after this long, or twice the extraction budget if that is longer. A buffered
# write takes seconds (an extraction at most its budget, 10 s by default; a write waits for
# SQLite's lock at most 30 s).
ABANDONED_AFTER = timedelta(minutes=5)
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05
SUCCESS = range(200, 300)
DROPPED_HEADERS = frozenset({"content-length", "date", "server", "x-request-id"})
REPLAYED = (b"idempotent-replayed", b"true")
# Header names and values travel as latin-1 (RFC 9110 field values are ISO-8859-1 at most).
CODEC = "latin-1"
# The fingerprint's parts end each with a NUL, and the request line with two: the body follows.
SEPARATOR, END_OF_LINE = b"\0", b"\0\0"
BAD_KEY = "Idempotency-Key must be 1 to 255 visible ASCII characters"
OTHER_BODY = "this Idempotency-Key was used with another request body; use a new key"
STILL_RUNNING = "a request with this Idempotency-Key is still being handled; retry later"


@dataclass
class Answer:
    """What the app answered, as kept for replays."""

    status: int = 500
    headers: list[list[str]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)


def _owner(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fingerprint(scope: Scope, body: bytes) -> str:
    line = (scope["method"].encode(), scope["path"].encode(), scope["query_string"])
    return hashlib.sha256(SEPARATOR.join(line) + END_OF_LINE + body).hexdigest()


async def _claim(
    database: Database, owner: str, key: str, fingerprint: str, abandoned_after: timedelta
) -> IdempotencyRecord | None:
    """Reserve the key (None), or give back the finished record of an earlier request."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            async with database.writer() as session, session.begin():
                found = await session.get(IdempotencyRecord, (owner, key), with_for_update=True)
                now = utcnow()
                if found is not None and (
                    found.expires_at <= now or _abandoned(found, now, abandoned_after)
                ):
                    await session.delete(found)
                    await session.flush()
                    found = None
                if found is None:
                    await session.execute(
                        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= now)
                    )
                    session.add(
                        IdempotencyRecord(
                            owner=owner, key=key, fingerprint=fingerprint, expires_at=now + LIFETIME
                        )
                    )
                    return None
                if found.fingerprint != fingerprint:
                    raise Unprocessable(OTHER_BODY, loc=["header", "Idempotency-Key"])
                if found.status_code is not None:
                    return found
        except IntegrityError:
            pass
        if time.monotonic() > deadline:
            raise Conflict(STILL_RUNNING)
        await asyncio.sleep(POLL_SECONDS)


def abandoned_after(extract_seconds: float) -> timedelta:
    """How long an unanswered reservation is held: ABANDONED_AFTER, or twice the extraction
    budget if that is longer, never past the key's LIFETIME (an unbounded budget, 1e15 s,
    would not fit a timedelta)."""
    return max(
        ABANDONED_AFTER, timedelta(seconds=min(2 * extract_seconds, LIFETIME.total_seconds()))
    )


def _abandoned(record: IdempotencyRecord, now: datetime, after: timedelta) -> bool:
    """A reservation whose request never finished (its server stopped, killed, restarted):
    unanswered for `after`, far past any buffered write's time, so the retry runs."""
    return record.status_code is None and record.created_at <= now - after


async def _settle(database: Database, owner: str, key: str, answer: Answer | None) -> None:
    async with database.writer() as session, session.begin():
        record = await session.get(IdempotencyRecord, (owner, key), with_for_update=True)
        if record is None:
            return
        if answer is None:
            await session.delete(record)
        else:
            record.status_code = answer.status
            record.headers = answer.headers
            record.body = b"".join(answer.chunks)


async def _send_stored(record: IdempotencyRecord, send: Send) -> None:
    headers = [(name.encode(CODEC), value.encode(CODEC)) for name, value in record.headers or []]
    headers.append(REPLAYED)
    await send({"type": "http.response.start", "status": record.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": record.body})


async def _active_token(database: Database, headers: Headers) -> str | None:
    """The caller's bearer token if it is an unrevoked key, else None."""
    token = bearer_token(headers)
    if token is None:
        return None
    async with database.reader() as session:
        return None if await active_key(session, token) is None else token


class Idempotency:
    """Honour Idempotency-Key on POST requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Reserve the key, run the request once, keep its answer; replay it to retries."""
        if scope["type"] != "http" or scope["method"] != "POST" or not buffered_write(scope):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get("idempotency-key")
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            await self._handle(scope, receive, send, headers, key)
        except AppError as error:
            await error_response(error)(scope, receive, send)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, headers: Headers, key: str
    ) -> None:
        if not KEY_PATTERN.match(key):
            raise BadRequest(BAD_KEY)
        body = await read_body(receive)
        database: Database = scope["app"].state.db
        token = await _active_token(database, headers)
        if token is None:
            # No key worth remembering an answer for: the app refuses it (401) as it would
            # without Idempotency-Key, and no write transaction is opened for it; a revoked
            # key gets no replay of what it was once answered.
            await self.app(scope, replay(body), send)
            return
        owner, fingerprint = _owner(token), _fingerprint(scope, body)
        after = abandoned_after(scope["app"].state.settings.extract_seconds)
        stored = await _claim(database, owner, key, fingerprint, after)
        if stored is not None:
            await _send_stored(stored, send)
            return
        answer = Answer()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.status = message["status"]
                answer.headers = [
                    [name.decode(CODEC), value.decode(CODEC)]
                    for name, value in message["headers"]
                    if name.decode(CODEC) not in DROPPED_HEADERS
                ]
            elif message["type"] == "http.response.body":
                answer.chunks.append(message["body"])
            await send(message)

        try:
            await self.app(scope, replay(body), capture)
        except BaseException:
            # Shielded: a cancelled request (the server shutting down, its task group
            # cancelled) must still free its key, or every retry would wait and get 409 for
            # the key's 24 hours.
            with anyio.move_on_after(WAIT_SECONDS, shield=True):
                await _settle(database, owner, key, None)
            raise
        await _settle(database, owner, key, answer if answer.status in SUCCESS else None)
