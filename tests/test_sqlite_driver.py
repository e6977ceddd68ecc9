"""SQLite statements cost one call on the connection's thread (app.db.sqlite_driver).

SQLite only: the driver is how claimtrack's engine talks to SQLite.
"""

import threading
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db import sqlite_driver
from app.db.engine import create_engine
from app.settings import Settings


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    made = create_engine(Settings(database_url=f"sqlite:///{tmp_path}/driver.db"))
    async with made.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
    yield made
    await made.dispose()


async def test_a_statement_is_one_call_and_its_rows_come_back_whole(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    original = sqlite_driver.OneCallConnection.call

    async def counted(self: sqlite_driver.OneCallConnection, function: object) -> object:
        calls.append(function)
        return await original(self, function)

    async with engine.begin() as connection:
        monkeypatch.setattr(sqlite_driver.OneCallConnection, "call", counted)
        inserted = await connection.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": f"n{i}"} for i in range(5)]
        )
        assert inserted.rowcount == 5
        one = await connection.execute(text("INSERT INTO t (name) VALUES ('last')"))
        assert one.lastrowid == 6
        rows = (await connection.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
        assert [tuple(row) for row in rows] == [(i, f"n{i - 1}") for i in range(1, 6)] + [
            (6, "last")
        ]
        changed = await connection.execute(text("UPDATE t SET name = upper(name) WHERE id > 3"))
        assert changed.rowcount == 3
        first = (await connection.execute(text("SELECT name FROM t ORDER BY id"))).first()
        assert first is not None and first[0] == "n0"
        assert len(calls) == 5  # aiosqlite's own cursors take three or four calls a statement


async def test_statements_run_on_the_connections_thread_not_the_event_loops(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert isinstance(driver, sqlite_driver.OneCallConnection)
        create = partial(driver.raw.create_function, "thread_id", 0, threading.get_ident)
        await driver.call(create)
        ran_on = (await connection.execute(text("SELECT thread_id()"))).scalar_one()
    assert ran_on != threading.get_ident()


async def test_an_error_reaches_the_caller_and_the_connection_goes_on(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        with pytest.raises(Exception, match="no such table"):
            await connection.execute(text("SELECT * FROM missing"))
        await connection.rollback()
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
