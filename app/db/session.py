"""The process's database handle and the per-request session dependencies."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.db.engine import create_engine, session_factories, sync_url
from app.db.fast import FastReads
from app.db.replicas import ReadTarget, Standby
from app.db.routing import Routing
from app.settings import Settings

TARGET_KEY = "claimtrack.read_target"


@dataclass(frozen=True)
class Database:
    """The primary's engine with makers for read and write sessions, and the standbys that
    serve reads (app.db.routing)."""

    engine: AsyncEngine
    reader: async_sessionmaker[AsyncSession]
    writer: async_sessionmaker[AsyncSession]
    fast: FastReads
    standbys: tuple[Standby, ...]
    routing: Routing

    @classmethod
    def connect(cls, settings: Settings) -> "Database":
        """Create the engines (lazily connecting) for the configured URLs."""
        engine = create_engine(settings)
        reader, writer = session_factories(engine, tolerance=settings.approx_tolerance)
        fast = FastReads(
            sync_url(settings.database_url),
            pool_size=settings.db_pool_size,
            sqlite_cache_mb=settings.sqlite_cache_mb,
        )
        primary = ReadTarget("primary", fast, reader)
        standbys = tuple(
            Standby(f"replica-{number}", url, primary=primary, settings=settings)
            for number, url in enumerate(settings.database_replica_urls, start=1)
        )
        return cls(engine, reader, writer, fast, standbys, Routing(primary, standbys))

    @property
    def primary(self) -> ReadTarget:
        """Reads on the primary: what the command line and writes read."""
        return self.routing.primary

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    async def dispose(self) -> None:
        """Close every pooled connection."""
        for standby in self.standbys:
            await standby.dispose()
        await self.fast.close()
        await self.engine.dispose()


def dialect_of(session: AsyncSession) -> str:
    """The name of the engine a session talks to: 'sqlite' or 'postgresql'."""
    return session.get_bind().dialect.name


def get_database(request: Request) -> Database:
    """The app's database handle."""
    database: Database = request.app.state.db
    return database


def read_target(request: Request) -> ReadTarget:
    """Where this request's reads go, decided once per request by app.db.routing."""
    routing = get_database(request).routing
    if not routing.standbys:
        return routing.primary
    scope = request.scope
    target: ReadTarget | None = scope.get(TARGET_KEY)
    if target is None:
        target = scope[TARGET_KEY] = routing.target(
            scope["method"], request.headers, request.cookies
        )
    return target


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with read_target(request).session() as session:
        yield session


async def _write_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).writer() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


ReadSession = Annotated[AsyncSession, Depends(_read_session, scope="function")]
WriteSession = Annotated[AsyncSession, Depends(_write_session, scope="function")]


async def _database(request: Request) -> Database:
    return get_database(request)


# Dependencies are coroutines: FastAPI runs plain functions in a thread, a hop per request.
DatabaseDep = Annotated[Database, Depends(_database)]


async def _read_target(request: Request) -> ReadTarget:
    return read_target(request)


ReadTargetDep = Annotated[ReadTarget, Depends(_read_target)]
