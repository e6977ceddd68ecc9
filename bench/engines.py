"""Throw-away databases for benchmarks: a SQLite file, or a PostgreSQL database of its own."""

import asyncio
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from app.db.migrations import upgrade

POSTGRES_URL = os.environ.get(
    "CLAIMTRACK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


async def _pg(url: str, statement: str) -> None:
    target = make_url(url)
    connection = await asyncpg.connect(
        user=target.username,
        password=target.password,
        host=target.host,
        port=target.port or 5432,
        database=target.database,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def sqlite_database(path: Path | None = None) -> Iterator[str]:
    """A migrated SQLite database (in a temporary folder unless a path is given)."""
    if path is not None:
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        yield url


@contextmanager
def postgres_database() -> Iterator[str]:
    """A migrated PostgreSQL database, dropped afterwards."""
    name = f"claimtrack_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg(POSTGRES_URL, f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_pg(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def database(engine: str) -> Iterator[str]:
    """A migrated database of the named engine ('sqlite' or 'postgresql')."""
    manager = sqlite_database() if engine == "sqlite" else postgres_database()
    with manager as url:
        yield url
