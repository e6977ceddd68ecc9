"""PostgreSQL standbys that serve reads: where each one's replay stands and whether it may serve.

Each process reads every standby's position (the WAL it has replayed, how far behind the
primary it is) at most every CLAIMTRACK_REPLICA_CHECK_SECONDS, in a task of its own started by
the requests that route reads: a request never waits for it. A standby that fails a check, or a
connection, is passed over until a later check finds it well; a statement it cannot answer is
answered by the primary. app.db.routing decides which database serves a request.
"""

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.engine import (
    STANDBY_CONNECT_SECONDS,
    async_url,
    postgres_engine,
    read_sessions,
    sync_url,
)
from app.db.fast import FastReads
from app.db.lsn import parse_lsn
from app.settings import Settings

log = logging.getLogger("claimtrack.replicas")
# Lag is 0 while the standby has replayed all it received; otherwise the age of the last
# transaction it replayed (a standby that is cut off from its primary receives nothing, so it
# looks current: README, "Read replicas").
POSITION = text(
    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
    " CASE WHEN coalesce(pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(), false) THEN 0"
    " ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END"
)
# A look at a standby that takes longer than this counts as a failed one.
CHECK_SECONDS = 2.0
# Errors that say the standby (or the way to it) is down or full, not that the statement was
# wrong: class 53 is "insufficient resources", among them "too many connections".
UNREACHABLE = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.InsufficientResourcesError,
    asyncpg.AdminShutdownError,
    asyncpg.InterfaceError,
    SQLAlchemyError,
)
# How a standby cancels a read that its replay conflicts with: 40001 (row versions or locks
# replay removes), 40P01 (a deadlock with replay), 57014 / 57P04 and the rest of class 57.
RECOVERY_CONFLICTS = (asyncpg.TransactionRollbackError, asyncpg.OperatorInterventionError)
SessionMaker = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass(frozen=True, slots=True)
class ReadTarget:
    """A database reads can go to: its name, its fast read path, a maker of read sessions."""

    name: str
    fast: FastReads
    session: SessionMaker


@dataclass(frozen=True, slots=True)
class Position:
    """What the last look at a standby found; `problem` is why it may not serve, if it may not."""

    checked_at: float
    replayed: int = 0
    lag_seconds: float | None = None
    problem: str | None = "not checked yet"


def judged(row: Sequence[Any], *, max_lag: float) -> Position:
    """What a look's row (in recovery, WAL replayed, lag in seconds) says of the standby."""
    standby, replayed, lag = row
    now = time.monotonic()
    if not standby or replayed is None:
        return Position(now, problem="not a standby (promoted, or a primary)")
    position = parse_lsn(replayed)
    if lag is None:
        return Position(now, position, problem="behind the primary by an unknown time")
    if lag > max_lag:
        return Position(now, position, lag, f"{lag:.1f} s behind the primary (> {max_lag:g} s)")
    return Position(now, position, lag, problem=None)


class StandbyReads(FastReads):
    """The fast read path on a standby: a statement it cannot answer runs on the primary."""

    def __init__(self, standby: "Standby", *, primary: FastReads, pool_size: int) -> None:
        super().__init__(standby.url, pool_size=pool_size, connect_seconds=STANDBY_CONNECT_SECONDS)
        self.standby, self.primary = standby, primary

    async def fetch(
        self, sql: str, params: dict[str, Any], *, heavy: bool = False
    ) -> Sequence[Any]:
        """Every row of the statement, from the standby while it is well, else the primary."""
        if self.standby.position.problem is None:
            try:
                return await super().fetch(sql, params, heavy=heavy)
            except UNREACHABLE as error:
                self.standby.failed(error)
            except RECOVERY_CONFLICTS:
                pass  # replay on the standby cancelled it: the primary answers
            # Any other error of the statement is its own: the primary would raise it too.
        return await self.primary.fetch(sql, params, heavy=heavy)


class Standby:
    """One replica: its engine and fast reads, and what its last check found."""

    def __init__(self, name: str, raw_url: str, *, primary: ReadTarget, settings: Settings):
        self.name, self.primary = name, primary
        self.url = sync_url(raw_url)
        self.engine = postgres_engine(
            async_url(raw_url), pool_size=settings.db_pool_size, standby=True
        )
        self.reader = read_sessions(self.engine, tolerance=settings.approx_tolerance)
        self.fast = StandbyReads(self, primary=primary.fast, pool_size=settings.db_pool_size)
        self.target = ReadTarget(name, self.fast, self.session)
        self.max_lag, self.every = settings.replica_max_lag_seconds, settings.replica_check_seconds
        self.position = Position(-math.inf)
        self._checking: asyncio.Task[Position] | None = None

    def serves(self, after: int, now: float) -> bool:
        """Whether it may serve a read that must see the WAL up to `after` (0: any), by its
        last check; a new check starts in the background when one is due."""
        position = self.position
        age = now - position.checked_at
        if age >= self.every and (self._checking is None or self._checking.done()):
            self._checking = asyncio.get_running_loop().create_task(self.check())
        fresh = age <= self.every + CHECK_SECONDS
        return fresh and position.problem is None and position.replayed >= after

    async def check(self) -> Position:
        """Look at the standby now (and remember what was found)."""
        try:
            async with asyncio.timeout(CHECK_SECONDS), self.engine.connect() as connection:
                row = (await connection.execute(POSITION)).one()
        except UNREACHABLE as error:
            self.failed(error)
        else:
            self._found(judged(tuple(row), max_lag=self.max_lag))
        return self.position

    def failed(self, error: BaseException) -> None:
        """Pass the standby over until its next check finds it well (the reason is logged, not
        shown: it may name hosts)."""
        reason = str(getattr(error, "orig", None) or error) or type(error).__name__
        self._found(Position(time.monotonic(), problem="unreachable"), reason)

    def _found(self, position: Position, reason: str | None = None) -> None:
        if (position.problem is None) != (self.position.problem is None):
            if position.problem is None:
                log.info("%s serves reads", self.name)
            else:
                log.warning("%s passed over: %s", self.name, reason or position.problem)
        self.position = position

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read session on the standby, or on the primary when it cannot be reached."""
        if self.position.problem is None:
            async with self.reader() as session:
                if await self._connected(session):
                    yield session
                    return
        async with self.primary.session() as session:
            yield session

    async def _connected(self, session: AsyncSession) -> bool:
        try:
            await session.connection()
        except UNREACHABLE as error:
            self.failed(error)
            return False
        return True

    async def dispose(self) -> None:
        """Stop the check under way and close every connection."""
        if self._checking is not None:
            self._checking.cancel()
        await self.fast.close()
        await self.engine.dispose()
