"""SQLite writers wait their turn on a lock file, not in SQLite's busy handler.

Every write transaction begins IMMEDIATE, so two writers never interleave. The one that finds
the database locked used to wait in SQLite's busy handler, which sleeps 1, 2, 5, 10 ... up to
100 ms between tries whether or not the lock came free meanwhile: with 4 connections writing,
the write p99 was 0.8-1.4 s for a p50 of 21 ms (bench/README.md, "Single writes").

Now, before BEGIN IMMEDIATE, a writer of this process or of any other takes an exclusive
`flock` on `<database>-writer.lock`, waiting for it in a thread that the kernel wakes as the
lock comes free, and gives it back once its COMMIT or ROLLBACK is done: the next writer starts
as soon as the last one is through. A writer that waits longer than WAIT_SECONDS goes on to
BEGIN IMMEDIATE and SQLite's own timeout; a process that dies drops its lock with its file
descriptors. Writers that do not use claimtrack's engine (the sqlite3 shell) still take turns
with it through SQLite's lock alone.
"""

import asyncio
import fcntl
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_

WAIT_SECONDS = 30.0
# Threads that wait for the lock: one per connection that waits (pools are a few connections).
WAITERS = ThreadPoolExecutor(max_workers=64, thread_name_prefix="sqlite-writer-turn")


def lock_path(database: str) -> str | None:
    """The lock file beside a database file; None for an in-memory or URI database."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}-writer.lock"


def _wait_for_lock(descriptor: int, abandoned: threading.Event) -> bool:
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    if abandoned.is_set():  # the writer stopped waiting: let the next one in
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    return True


async def take(descriptor: int, *, wait: float = WAIT_SECONDS) -> bool:
    """Wait for the exclusive lock in a thread (the kernel wakes it the moment the lock is
    free) while the event loop runs on; False when it did not come within `wait` seconds."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    abandoned = threading.Event()
    waiting = asyncio.get_running_loop().run_in_executor(
        WAITERS, _wait_for_lock, descriptor, abandoned
    )
    try:
        return await asyncio.wait_for(asyncio.shield(waiting), wait)
    except TimeoutError:
        abandon(descriptor, abandoned, waiting)
        return False
    except asyncio.CancelledError:  # the request was cancelled: its writer waits no more
        abandon(descriptor, abandoned, waiting)
        raise


def abandon(descriptor: int, abandoned: threading.Event, waiting: "asyncio.Future[bool]") -> None:
    """Stop waiting: the thread lets the lock go if it gets it from now on, and a lock it
    got just before (its answer not yet here) is given back when the answer comes."""
    abandoned.set()

    def _let_go(done: "asyncio.Future[bool]") -> None:
        if not done.cancelled() and done.exception() is None and done.result():
            give(descriptor)

    waiting.add_done_callback(_let_go)


def give(descriptor: int) -> None:
    """Release the lock (nothing happens when it is not held)."""
    fcntl.flock(descriptor, fcntl.LOCK_UN)


def install(engine: AsyncEngine, database: str, *, write_option: str) -> None:
    """Make the engine's write transactions take turns on the database's lock file."""
    path = lock_path(database)
    if path is None:
        return

    dialect = engine.sync_engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback
    descriptors: dict[int, int] = {}  # id of a DBAPI connection -> its lock file descriptor

    @event.listens_for(engine.sync_engine, "connect")
    def _open(dbapi_connection: Any, _record: Any) -> None:
        # A connection dropped without its close event (invalidated) leaves its id to a new
        # one: its descriptor goes, and a lock it held with it.
        stale = descriptors.pop(id(dbapi_connection), None)
        if stale is not None:
            os.close(stale)
        descriptors[id(dbapi_connection)] = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    @event.listens_for(engine.sync_engine, "close")
    def _close(dbapi_connection: Any, _record: Any) -> None:
        descriptor = descriptors.pop(id(dbapi_connection), None)
        if descriptor is not None:
            os.close(descriptor)

    @event.listens_for(engine.sync_engine, "begin")
    def _take(connection: Any) -> None:
        if connection.get_execution_options().get(write_option, False):
            descriptor = descriptors.get(id(connection.connection.dbapi_connection))
            if descriptor is not None:
                await_(take(descriptor))  # the hook runs in SQLAlchemy's greenlet: wait async

    # The turn ends once SQLite's COMMIT or ROLLBACK is done (the pool's reset of a connection
    # going back to it is a rollback too): the next writer's BEGIN IMMEDIATE finds it free.
    def _commit(dbapi_connection: Any) -> None:
        try:
            commit(dbapi_connection)
        finally:
            _give(dbapi_connection)

    def _rollback(dbapi_connection: Any) -> None:
        try:
            rollback(dbapi_connection)
        finally:
            _give(dbapi_connection)

    def _give(connection: Any) -> None:
        # SQLAlchemy passes the pool's proxy of the connection; the pool's reset, the DBAPI one
        descriptor = descriptors.get(id(getattr(connection, "dbapi_connection", connection)))
        if descriptor is not None:
            give(descriptor)

    dialect.do_commit = _commit  # type: ignore[method-assign]
    dialect.do_rollback = _rollback  # type: ignore[method-assign]
