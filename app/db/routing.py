"""Which database serves a request's reads, and the token that lets a client read its own writes.

With standbys (CLAIMTRACK_DATABASE_REPLICA_URLS), GET, HEAD and OPTIONS requests read from one
of them,
taken in turn; every other request, and every read inside it, goes to the primary. The answer
to a successful write carries the primary's WAL position after it (pg_current_wal_insert_lsn())
in the Claimtrack-Read-After header and in a cookie, claimtrack_read_after. A read that brings
a position back (the header, the cookie, or both: the later one counts) is served by a standby
only once that standby has replayed that far (pg_last_wal_replay_lsn()), otherwise by the
primary. A client that keeps cookies, a browser for one, needs to do nothing; one that does not
echoes the header. This module is the one place that decides where a read goes.
"""

import contextlib
import itertools
import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import BadRequest
from app.core.middleware import BODILESS
from app.db.fast import FastReads
from app.db.lsn import parse_lsn
from app.db.replicas import ReadTarget, Standby

log = logging.getLogger("claimtrack.replicas")
READ_AFTER = "Claimtrack-Read-After"
COOKIE = "claimtrack_read_after"
# Long past the point where any standby still read from has replayed the write (one further
# behind than CLAIMTRACK_REPLICA_MAX_LAG_SECONDS, at most an hour, is passed over), and
# harmless after it: a standby that has replayed a position serves it.
COOKIE_SECONDS = 3600
WAL_POSITION = "SELECT pg_current_wal_insert_lsn()::text"
BAD_HEADER = f"{READ_AFTER} must be a WAL position like 0/16B3748, as a write's answer gave it"
REQUEST_DOC = {
    "name": READ_AFTER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "examples": ["0/16B3748"]},
    "description": (
        "On a server with read replicas: the position a write's answer gave in this header (or "
        f"in the `{COOKIE}` cookie, which a client that keeps cookies sends by itself). The "
        "read is served by a replica that has replayed that write, or else by the primary, so "
        "a client sees its own writes. A malformed value is a 400. Ignored without replicas."
    ),
}
ANSWER_DOC = {
    READ_AFTER: {
        "required": False,
        "schema": {"type": "string", "examples": ["0/16B3748"]},
        "description": (
            "On a server with read replicas: the primary's WAL position after this write. Send "
            f"it back in `{READ_AFTER}` on reads to see the write; the `{COOKIE}` cookie (Set-"
            f"Cookie, an hour) carries the same for clients that keep cookies."
        ),
    }
}


def read_after(headers: Headers, cookies: Mapping[str, str]) -> int:
    """The WAL position a read must see (0: any); a malformed header is a 400."""
    after = 0
    header = headers.get(READ_AFTER)
    if header is not None:
        try:
            after = parse_lsn(header.strip())
        except ValueError:
            raise BadRequest(BAD_HEADER) from None
    cookie = cookies.get(COOKIE)
    if cookie is not None:
        # Not one this server set: ignored, so that junk cannot send reads to the primary.
        with contextlib.suppress(ValueError):
            after = max(after, parse_lsn(cookie))
    return after


class Routing:
    """The primary, the standbys, and the choice between them."""

    def __init__(self, primary: ReadTarget, standbys: Sequence[Standby]) -> None:
        self.primary, self.standbys = primary, tuple(standbys)
        self._turns = itertools.count()

    def target(self, method: str, headers: Headers, cookies: Mapping[str, str]) -> ReadTarget:
        """Where a request's reads go: the next standby in turn that has replayed what the
        request must see and is well, else the primary."""
        if not self.standbys or method not in BODILESS:
            return self.primary
        after, now = read_after(headers, cookies), time.monotonic()
        first = next(self._turns)
        for offset in range(len(self.standbys)):
            standby = self.standbys[(first + offset) % len(self.standbys)]
            if standby.serves(after, now):
                return standby.target
        return self.primary


def document_read_after(schema: dict[str, Any]) -> None:
    """The OpenAPI document: the header on every read of /v1, and on the answers to writes."""
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            if not path.startswith("/v1/"):
                continue
            if method.upper() in BODILESS:
                operation.setdefault("parameters", []).append({**REQUEST_DOC})
                continue
            for status, answer in operation.get("responses", {}).items():
                if status[:1] in {"2", "3"}:
                    answer.setdefault("headers", {}).update(ANSWER_DOC)


def _cookie(position: str, scope: Scope) -> bytes:
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    return (
        f"{COOKIE}={position}; Max-Age={COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ).encode()


class ReadAfterWrite:
    """Stamp the answer to a successful write with the primary's WAL position after it."""

    def __init__(self, app: ASGIApp, *, primary: FastReads) -> None:
        self.app, self.primary = app, primary

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the header and the cookie to a 1xx-3xx answer's head."""

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                try:
                    position = (await self.primary.fetch(WAL_POSITION, {}))[0][0]
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                    # The write is committed: its answer goes out unstamped rather than as a
                    # 500 a client would retry (the next reads may miss it on a standby).
                    log.warning("no WAL position for a write's answer: %s", error)
                else:
                    headers = message.setdefault("headers", [])
                    headers.append((READ_AFTER.lower().encode(), position.encode()))
                    headers.append((b"set-cookie", _cookie(position, scope)))
            await send(message)

        await self.app(scope, receive, stamped)
