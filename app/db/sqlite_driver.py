"""aiosqlite connections on which a statement costs one call on the connection's thread.

SQLAlchemy's aiosqlite adapter makes up to four calls on aiosqlite's thread per statement
(make a cursor, execute, fetch the rows, close it), each a queue put, a wake-up of the event
loop and a future. A claim written runs about 13 statements, so some 50 such calls; measured
in process, they were 35-40% of a write's CPU (6.2-7.4 ms a write through the adapter, 4.4 ms
with no thread call at all). Here a statement runs and fetches all its rows in one call, and
the fetches and the close that follow are answered from what that call returned. Every SQLite
call still happens on the connection's own thread, so the event loop never waits on SQLite.

Rows are fetched whole, so this suits what claimtrack does: pages, batches and look-ups, no
server-side cursor streaming a result too large to hold (nothing uses one on SQLite).
"""

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL


class OneCallCursor:
    """The part of aiosqlite's Cursor SQLAlchemy's adapter uses, one thread call a statement."""

    def __init__(self, connection: "OneCallConnection") -> None:
        self._connection = connection
        self._cursor: sqlite3.Cursor | None = None
        self._rows: deque[Any] = deque()
        self.arraysize = 1

    async def __aenter__(self) -> "OneCallCursor":
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    def _run(self, sql: str, parameters: Any, many: bool) -> tuple[sqlite3.Cursor, list[Any]]:
        """On the connection's thread: the statement, then all its rows."""
        cursor = self._cursor or self._connection.raw.cursor()
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        return cursor, cursor.fetchall() if cursor.description else []

    async def _call(self, sql: str, parameters: Any, many: bool) -> "OneCallCursor":
        self._cursor, rows = await self._connection.call(partial(self._run, sql, parameters, many))
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Any = None) -> "OneCallCursor":
        """Run a statement and keep its rows."""
        return await self._call(sql, () if parameters is None else parameters, False)

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> "OneCallCursor":
        """Run a statement once per set of parameters."""
        return await self._call(sql, parameters, True)

    async def fetchone(self) -> Any:
        """The next row kept, or None."""
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to `size` (arraysize) of the rows kept."""
        count = min(len(self._rows), self.arraysize if size is None else size)
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> list[Any]:
        """Every row kept."""
        rows, self._rows = list(self._rows), deque()
        return rows

    async def close(self) -> None:
        """Forget the rows; the sqlite3 cursor, its rows read, has nothing left to free."""
        self._rows = deque()

    @property
    def description(self) -> Any:
        """The last statement's columns (None for one that returns no rows)."""
        return None if self._cursor is None else self._cursor.description

    @property
    def rowcount(self) -> int:
        """Rows the last statement changed."""
        return -1 if self._cursor is None else self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The rowid of the last row inserted."""
        return None if self._cursor is None else self._cursor.lastrowid


class OneCallConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors run a statement in one call on its thread."""

    @property
    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection (to be used on the connection's thread only)."""
        return self._conn

    async def call(self, function: Any) -> Any:
        """Run a function on the connection's thread."""
        return await self._execute(function)  # type: ignore[no-untyped-call]

    def cursor(self) -> OneCallCursor:  # type: ignore[override]
        """A cursor (SQLAlchemy enters it with `async with`)."""
        return OneCallCursor(self)


def connector(url: URL) -> Any:
    """The `async_creator` of an engine on this SQLite URL: the arguments SQLAlchemy's
    aiosqlite dialect would pass to sqlite3.connect, on a OneCallConnection."""
    args, kwargs = SQLiteDialect_aiosqlite().create_connect_args(url)
    database: Sequence[Any] = args

    async def connect() -> OneCallConnection:
        connection = OneCallConnection(partial(sqlite3.connect, *database, **kwargs), 64)
        await connection  # starts its thread and connects there
        return connection

    return connect
