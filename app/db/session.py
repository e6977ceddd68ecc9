"""The process's database handle and the per-request session dependencies."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.db.engine import create_engine, session_factories, sync_url
from app.db.fast import FastReads
from app.settings import Settings


@dataclass(frozen=True)
class Database:
    """An engine with makers for read and write sessions."""

    engine: AsyncEngine
    reader: async_sessionmaker[AsyncSession]
    writer: async_sessionmaker[AsyncSession]
    fast: FastReads

    @classmethod
    def connect(cls, settings: Settings) -> "Database":
        """Create the engine (lazily connecting) for the configured URL."""
        engine = create_engine(settings)
        reader, writer = session_factories(engine, tolerance=settings.approx_tolerance)
        fast = FastReads(
            sync_url(settings.database_url),
            pool_size=settings.db_pool_size,
            sqlite_cache_mb=settings.sqlite_cache_mb,
        )
        return cls(engine=engine, reader=reader, writer=writer, fast=fast)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.fast.close()
        await self.engine.dispose()


def dialect_of(session: AsyncSession) -> str:
    """The name of the engine a session talks to: 'sqlite' or 'postgresql'."""
    return session.get_bind().dialect.name


def get_database(request: Request) -> Database:
    """The app's database handle."""
    database: Database = request.app.state.db
    return database


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).reader() as session:
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
