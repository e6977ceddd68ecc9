"""Raw driver connections for the hot read paths: one hand-written statement, rows as tuples.

SQLAlchemy's session costs about a millisecond a query here, thirty times the query itself, so
list, search, facet and get-by-id reads go straight to sqlite3 or asyncpg. On SQLite, quick
reads run on the event loop (a bounded indexed read takes tens of microseconds, less than a hop
to a thread); `heavy` ones (relevance ranking, facets) run in a worker thread, where sqlite3
releases the GIL. Listeners see every statement (tests and benchmarks count them).
"""

import logging
import re
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from functools import lru_cache
from typing import Any

import anyio
import asyncpg
from sqlalchemy.engine import URL

from app.db import sqlite_functions
from app.db.version import READ as READ_VERSION

log = logging.getLogger("claimtrack.reads")
Listener = Callable[[str], None]
MEMO_SIZE = 128


NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@lru_cache(maxsize=512)
def dollar_style(sql: str) -> tuple[str, tuple[str, ...]]:
    """`:name` parameters rewritten as asyncpg's $1, $2, … (`::` casts untouched)."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return NAMED.sub(number, sql), tuple(names)


# Reads are short pages and bounded counts served by one worker on a few cores: a parallel
# plan's worker start-up (tens of ms for a Gather Merge that reads 50 rows) and JIT
# compilation cost more than they save, and take cores from the requests alongside. A cached
# generic plan ignores the filter's value, and a source in 2 claims wants another plan than
# one in 20,000: every statement is planned for its values.
PAGE_SETTINGS = {
    "timezone": "UTC",
    "max_parallel_workers_per_gather": "0",
    "jit": "off",
    "plan_cache_mode": "force_custom_plan",
}


class FastReads:
    """Read-only statements on the raw driver of the configured database."""

    def __init__(
        self, url: URL, *, pool_size: int, sqlite_cache_mb: int = 0, connect_seconds: float = 60
    ) -> None:
        self.url, self.pool_size, self.sqlite_cache_mb = url, pool_size, sqlite_cache_mb
        self.connect_seconds = connect_seconds
        self.dialect = "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"
        self.listeners: list[Listener] = []
        self.memo: OrderedDict[Any, tuple[Any, Any]] = OrderedDict()
        self._loop_connection: sqlite3.Connection | None = None
        self._loop_nonce = ""  # new with each loop connection: its data_version is its own
        self._threads = threading.local()
        self._pool: asyncpg.Pool | None = None

    def _sqlite(self, cache_mb: int = 0) -> sqlite3.Connection:
        connection = sqlite3.connect(self.url.database or "", check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 30000")
        connection.execute("PRAGMA query_only = ON")
        sqlite_functions.install(connection)
        if cache_mb:  # hot pages stay in the process instead of behind a read() each time
            connection.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")
        return connection

    def _run_sqlite(
        self, sql: str, params: dict[str, Any], connection: sqlite3.Connection
    ) -> list[Any]:
        return connection.execute(sql, params).fetchall()

    def _in_thread(self, sql: str, params: dict[str, Any]) -> list[Any]:
        connection = getattr(self._threads, "connection", None)
        if connection is None:
            connection = self._threads.connection = self._sqlite()
        return self._run_sqlite(sql, params, connection)

    async def _postgres(self, sql: str, params: dict[str, Any]) -> Sequence[Any]:
        if self._pool is None:
            self._pool = await asyncpg.create_pool(
                user=self.url.username,
                password=self.url.password,
                host=self.url.host,
                port=self.url.port or 5432,
                database=self.url.database,
                min_size=1,
                max_size=self.pool_size,
                timeout=self.connect_seconds,
                server_settings=PAGE_SETTINGS,
            )
        text, names = dollar_style(sql)
        async with self._pool.acquire() as connection:
            rows: Sequence[Any] = await connection.fetch(text, *(params[name] for name in names))
        return rows

    async def fetch(
        self, sql: str, params: dict[str, Any], *, heavy: bool = False
    ) -> Sequence[Any]:
        """Every row of one read-only statement with named parameters."""
        for listener in self.listeners:
            listener(sql)
        if self.dialect == "postgresql":
            return await self._postgres(sql, params)
        if heavy:
            return await anyio.to_thread.run_sync(self._in_thread, sql, params)
        if self._loop_connection is None:
            self._loop_connection = self._sqlite(self.sqlite_cache_mb)
            self._loop_nonce = secrets.token_hex(8)
        return self._run_sqlite(sql, params, self._loop_connection)

    async def data_stamp(self) -> Any:
        """A value that moves whenever any instance has committed a write (app.db.version):
        SQLite's PRAGMA data_version, PostgreSQL's data_version row (None while that row is
        missing: nothing is remembered until a write puts it back)."""
        if self.dialect == "sqlite":
            return (await self.fetch("PRAGMA data_version", {}))[0][0]
        rows = await self.fetch(READ_VERSION, {})
        return rows[0][0] if rows else None

    async def data_tag(self) -> str | None:
        """The data stamp as text that names one state of the data wherever it is read: on
        SQLite with the loop connection it was read on (PRAGMA data_version counts per
        connection), on PostgreSQL as it is (one row every instance reads); None while the
        PostgreSQL row is missing."""
        stamp = await self.data_stamp()
        if stamp is None:
            return None
        return f"sqlite:{self._loop_nonce}:{stamp}" if self.dialect == "sqlite" else f"pg:{stamp}"

    async def remembered(
        self,
        key: Any,
        compute: Callable[[], Awaitable[Any]],
        *,
        on_miss: Callable[[], Awaitable[None]] | None = None,
    ) -> Any:
        """A cached result for the key while the data version holds; computed otherwise (after
        `on_miss`, which may refuse the request, when the request would wait for it).

        The version is read before the result is computed: a write committed in between
        leaves the result remembered under the older version, recomputed at the next request.
        """
        stamp = await self.data_stamp()
        if stamp is None:
            return await compute()
        found = self.memo.get(key)
        if found is not None and found[0] == stamp:
            self.memo.move_to_end(key)
            return found[1]
        if on_miss is not None:
            await on_miss()
        value = await compute()
        self.memo[key] = (stamp, value)
        self.memo.move_to_end(key)
        while len(self.memo) > MEMO_SIZE:
            self.memo.popitem(last=False)
        return value

    async def close(self) -> None:
        """Close the loop's connection and the PostgreSQL pool (threads' die with them)."""
        if self._loop_connection is not None:
            self._loop_connection.close()
            self._loop_connection = None
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
