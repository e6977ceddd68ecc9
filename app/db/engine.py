"""Engines and sessions: one pool per process, read and write transactions."""

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.db import sqlite_driver, sqlite_functions, sqlite_turns
from app.db.version import WriteSession
from app.settings import Settings

WRITE_OPTION = "claimtrack_write"
# A standby that does not answer a connection attempt within this long is passed over.
STANDBY_CONNECT_SECONDS = 2.0
JSON_CODEC: dict[str, Any] = {
    "json_serializer": lambda value: orjson.dumps(value).decode(),
    "json_deserializer": orjson.loads,
}


def async_url(raw: str) -> URL:
    """Accept plain sqlite:// and postgresql:// URLs; pick the async driver ourselves."""
    url = make_url(raw)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    if backend in {"postgresql", "postgres"}:
        return url.set(drivername="postgresql+asyncpg")
    raise ValueError(f"unsupported database URL scheme {url.drivername!r}")


def sync_url(raw: str) -> URL:
    """The same database for tools that want a plain URL."""
    url = make_url(raw)
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite")
    return url


def is_sqlite(engine: AsyncEngine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def prepare_sqlite_file(url: URL) -> None:
    """Create the folder of a SQLite database file."""
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    """WAL, foreign keys, claimtrack's SQL functions, and BEGIN IMMEDIATE for writes."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=NORMAL",
            "busy_timeout=30000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
        sqlite_functions.install(dbapi_connection)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_engine(settings: Settings) -> AsyncEngine:
    """The process-wide engine for the configured database."""
    url = async_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        prepare_sqlite_file(url)
        engine = create_async_engine(
            url,
            pool_size=settings.db_pool_size,
            max_overflow=0,
            async_creator=sqlite_driver.connector(url),
            **JSON_CODEC,
        )
        sqlite_turns.install(engine, url.database or "", write_option=WRITE_OPTION)  # first
        _install_sqlite_hooks(engine)
        return engine
    return postgres_engine(url, pool_size=settings.db_pool_size)


def postgres_engine(url: URL, *, pool_size: int, standby: bool = False) -> AsyncEngine:
    """An engine on PostgreSQL. A standby's connections are tried before each use and given
    up on after STANDBY_CONNECT_SECONDS: its reads can then go to the primary instead."""
    connect_args: dict[str, Any] = {"server_settings": {"timezone": "UTC"}}
    if standby:
        connect_args["timeout"] = STANDBY_CONNECT_SECONDS
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=standby,
        **JSON_CODEC,
        connect_args=connect_args,
    )


def read_sessions(engine: AsyncEngine, *, tolerance: float) -> async_sessionmaker[AsyncSession]:
    """A maker of read sessions; they carry the approximation tolerance, which the documents
    they rebuild use."""
    return async_sessionmaker(
        engine, expire_on_commit=False, autoflush=False, info={"tolerance": tolerance}
    )


def session_factories(
    engine: AsyncEngine, *, tolerance: float
) -> tuple[async_sessionmaker[AsyncSession], async_sessionmaker[AsyncSession]]:
    """Makers for read sessions and write sessions (BEGIN IMMEDIATE on SQLite; on PostgreSQL
    each commit moves the data version, app.db.version)."""
    writer = async_sessionmaker(
        engine.execution_options(**{WRITE_OPTION: True}),
        expire_on_commit=False,
        autoflush=False,
        info={"tolerance": tolerance},
        sync_session_class=WriteSession,  # its commits move the data version
    )
    return read_sessions(engine, tolerance=tolerance), writer
