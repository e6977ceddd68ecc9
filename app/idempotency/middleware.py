"""Idempotency-Key on POST: a retry gets the first answer, one resource however many arrive.

Records live in the database, so every worker and every replica sees them. A key is scoped to
the caller's credentials; it holds for 24 hours. Only successful (2xx) answers are kept: after
an error the key is free again, so a corrected request may reuse it.
"""

import asyncio
import hashlib
import re
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.service import active_key
from app.core.errors import AppError, BadRequest, Conflict, Unprocessable
from app.core.problems import error_response
from app.core.retry import buffered_write, read_body, replay
from app.db.base import utcnow
from app.db.session import Database
from app.idempotency.models import IdempotencyRecord

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
LIFETIME = timedelta(hours=24)
WAIT_SECONDS = 30.0
DROPPED_HEADERS = frozenset({"content-length", "date", "server", "x-request-id"})


def _owner(headers: Headers) -> str:
    return hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()


def _fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode(), ""):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    return digest.hexdigest()


async def _claim(
    database: Database, owner: str, key: str, fingerprint: str
) -> IdempotencyRecord | None:
    """Reserve the key (None), or give back the finished record of an earlier request."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            async with database.writer() as session, session.begin():
                found = await session.get(IdempotencyRecord, (owner, key), with_for_update=True)
                now = utcnow()
                if found is not None and found.expires_at <= now:
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
                    raise Unprocessable(
                        "this Idempotency-Key was used with another request body; use a new key",
                        loc=["header", "Idempotency-Key"],
                    )
                if found.status_code is not None:
                    return found
        except IntegrityError:
            pass
        if time.monotonic() > deadline:
            raise Conflict(
                "a request with this Idempotency-Key is still being handled; retry later"
            )
        await asyncio.sleep(0.05)


async def _settle(
    database: Database, owner: str, key: str, response: dict[str, Any] | None
) -> None:
    async with database.writer() as session, session.begin():
        record = await session.get(IdempotencyRecord, (owner, key), with_for_update=True)
        if record is None:
            return
        if response is None:
            await session.delete(record)
        else:
            record.status_code, record.headers, record.body = (
                response["status"],
                response["headers"],
                response["body"],
            )


async def _send_stored(record: IdempotencyRecord, send: Send) -> None:
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in record.headers or []
    ]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": record.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": record.body or b""})


async def _has_active_key(database: Database, headers: Headers) -> bool:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    async with database.reader() as session:
        return await active_key(session, token.strip()) is not None


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
            raise BadRequest("Idempotency-Key must be 1 to 255 visible ASCII characters")
        body = await read_body(receive)
        database: Database = scope["app"].state.db
        if not await _has_active_key(database, headers):
            # No key worth remembering an answer for: the app refuses it (401) as it would
            # without Idempotency-Key, and no write transaction is opened for it; a revoked
            # key gets no replay of what it was once answered.
            await self.app(scope, replay(body), send)
            return
        owner, fingerprint = _owner(headers), _fingerprint(scope, body)
        stored = await _claim(database, owner, key, fingerprint)
        if stored is not None:
            await _send_stored(stored, send)
            return
        captured: dict[str, Any] = {"headers": [], "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    [name.decode("latin-1"), value.decode("latin-1")]
                    for name, value in message.get("headers", [])
                    if name.decode("latin-1").lower() not in DROPPED_HEADERS
                ]
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, replay(body), capture)
        except BaseException:
            await _settle(database, owner, key, None)
            raise
        succeeded = 200 <= captured.get("status", 500) < 300
        await _settle(database, owner, key, captured if succeeded else None)
