"""SQLite writers take turns on a lock file (app.db.sqlite_turns).

SQLite only: PostgreSQL writers wait on row and advisory locks, which wake them themselves.
Two engines on one file stand for two worker processes.
"""

import asyncio
import fcntl
import os
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.db import sqlite_turns
from app.db.engine import create_engine, session_factories
from app.settings import Settings


@pytest.fixture
async def engines(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/turns.db")
    first, second = create_engine(settings), create_engine(settings)
    async with first.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, at REAL)"))
    yield first, second
    await first.dispose()
    await second.dispose()


def _writer(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factories(engine, tolerance=0.1)[1]


def _free(path: Path) -> bool:
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


async def test_a_second_writer_waits_for_the_first_commit_without_stopping_the_loop(
    engines: tuple[AsyncEngine, AsyncEngine], tmp_path: Path
) -> None:
    first, second = engines
    lock = tmp_path / "turns.db-writer.lock"
    order: list[str] = []
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    async def later_writer() -> None:
        async with _writer(second)() as session, session.begin():
            await session.execute(text("INSERT INTO t (at) VALUES (1)"))
            order.append("second wrote")

    clock = asyncio.create_task(ticker())
    async with _writer(first)() as session, session.begin():
        await session.execute(text("INSERT INTO t (at) VALUES (0)"))
        assert not _free(lock)
        waiting = asyncio.create_task(later_writer())
        before = ticks
        await asyncio.sleep(0.3)
        assert order == []  # still waiting for its turn
        assert ticks - before >= 10  # and the event loop ran meanwhile
        order.append("first commits")
    await asyncio.wait_for(waiting, 5)
    clock.cancel()
    assert order == ["first commits", "second wrote"]
    assert _free(lock)


async def test_a_commit_a_rollback_and_a_read_only_session_leave_the_lock_free(
    engines: tuple[AsyncEngine, AsyncEngine], tmp_path: Path
) -> None:
    first, _second = engines
    lock = tmp_path / "turns.db-writer.lock"
    session = _writer(first)()
    await session.execute(text("INSERT INTO t (at) VALUES (1)"))
    await session.commit()
    assert _free(lock)  # at the commit, not only once the session closes
    await session.execute(text("DELETE FROM t"))
    await session.commit()
    await session.execute(text("INSERT INTO t (at) VALUES (2)"))
    assert not _free(lock)
    await session.rollback()
    assert _free(lock)
    await session.close()
    readers = session_factories(first, tolerance=0.1)[0]
    async with readers() as reader:
        assert (await reader.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
        assert _free(lock)  # reads never take a turn


async def test_a_writer_that_gives_up_waiting_does_not_keep_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    holder = os.open(path, os.O_RDWR | os.O_CREAT)
    waiter = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        started = time.monotonic()
        assert await sqlite_turns.take(waiter, wait=0.2) is False
        assert 0.2 <= time.monotonic() - started < 2
        fcntl.flock(holder, fcntl.LOCK_UN)
        deadline = time.monotonic() + 5
        while not _free(path):  # the abandoned wait takes the lock and lets it go at once
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
        assert await sqlite_turns.take(waiter, wait=0.2) is True
    finally:
        os.close(holder)
        os.close(waiter)


async def test_a_writer_cancelled_while_waiting_does_not_keep_the_lock(tmp_path: Path) -> None:
    """A request cancelled while its write waits for the lock (its client gone, the server
    shutting down): the thread still waiting lets the lock go as soon as it gets it, and it
    does not sit held until the connection's next transaction (every other writer waiting
    WAIT_SECONDS meanwhile)."""
    path = tmp_path / "lock"
    holder = os.open(path, os.O_RDWR | os.O_CREAT)
    waiter = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        waiting = asyncio.ensure_future(sqlite_turns.take(waiter))
        await asyncio.sleep(0.05)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        fcntl.flock(holder, fcntl.LOCK_UN)
        await asyncio.sleep(0.2)  # the waiting thread takes the lock the moment it is free
        deadline = time.monotonic() + 5
        while not _free(path):
            assert time.monotonic() < deadline, "the cancelled wait kept the lock"
            await asyncio.sleep(0.01)
    finally:
        os.close(holder)
        os.close(waiter)


def test_a_wait_abandoned_after_the_lock_came_lets_it_go(tmp_path: Path) -> None:
    """The thread took the lock just as its writer stopped waiting (the answer on its way to
    the event loop): the lock is given back when the answer arrives, not kept."""
    path = tmp_path / "lock"
    waiter = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        loop = asyncio.new_event_loop()
        try:
            taken: asyncio.Future[bool] = loop.create_future()
            sqlite_turns.abandon(waiter, threading.Event(), taken)
            fcntl.flock(waiter, fcntl.LOCK_EX)  # what the thread did
            taken.set_result(True)
            loop.run_until_complete(asyncio.sleep(0))
        finally:
            loop.close()
        assert _free(path)
    finally:
        os.close(waiter)


def test_only_a_database_file_has_a_lock_file() -> None:
    assert sqlite_turns.lock_path("/var/claimtrack.db") == "/var/claimtrack.db-writer.lock"
    assert sqlite_turns.lock_path(":memory:") is None
    assert sqlite_turns.lock_path("file:x?mode=memory") is None
    assert sqlite_turns.lock_path("") is None
