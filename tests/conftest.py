"""Test fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from CLAIMTRACK_TEST_POSTGRES_URL (default postgres@127.0.0.1:5432/test);
the run makes a database of its own there and drops it afterwards. Without a reachable server
the PostgreSQL half is skipped, unless CLAIMTRACK_TEST_REQUIRE_POSTGRES=1 (as in CI), which
turns that into a failure.

Tests run in a random order (pytest-randomly prints the seed at the top; `--randomly-seed=N`
repeats an order, `-p no:randomly` keeps the files' order). A test that changes shared state
beyond rows (the schema, settings) uses a database of its own (scratch_database_url) or
restores what it changed.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import hypothesis
import pytest
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.auth.meters import Meters
from app.auth.service import create_key
from app.db.migrations import upgrade
from app.db.models import Base
from app.db.session import Database
from app.db.version import BUMP
from app.main import create_app
from app.matching.figures import fits
from app.matching.text import read_words
from app.settings import Settings
from app.units import converter, parse_unit

# Mutation runs (tests/MUTATION.md) pass --hypothesis-profile mutation: a deadline missed under
# mutmut's trampolines on a busy machine would count as a kill, and fixed examples give each
# mutant the same verdict on every run.
settings.register_profile("mutation", deadline=None, derandomize=True)


@pytest.fixture(autouse=True)
def _units_read_afresh_under_mutation() -> None:
    """Under mutmut, every test that reads a unit (or a claim's comparable words) counts as a
    test of that code.

    parse_unit, converter, read_words and fits are cached: without this only the first test to
    read "km²" would reach the parser, and mutmut would run each unit mutant against that one
    test alone.
    """
    if os.environ.get("MUTANT_UNDER_TEST"):
        parse_unit.cache_clear()
        converter.cache_clear()
        read_words.cache_clear()  # matching's words, figures and negations of a text
        fits.cache_clear()


# Property tests: in CI (CI=true) each property runs the same examples every time, so a failure
# found there reproduces anywhere with HYPOTHESIS_PROFILE=ci; elsewhere the search is random and
# prints the blob that replays a failure. Boundaries once found are kept as @example.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis.settings.register_profile("dev", print_blob=True)
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")


def postgres_admin_url() -> str:
    """The server the PostgreSQL half of the suite uses."""
    return os.environ.get("CLAIMTRACK_TEST_POSTGRES_URL", DEFAULT_PG)


def postgres_required() -> bool:
    """Whether a missing PostgreSQL fails the run instead of skipping."""
    return os.environ.get("CLAIMTRACK_TEST_REQUIRE_POSTGRES", "") not in ("", "0", "false")


async def _pg_execute(url: str, statement: str) -> None:
    target = make_url(url)
    connection = await asyncpg.connect(
        user=target.username,
        password=target.password,
        host=target.host,
        port=target.port or 5432,
        database=target.database,
        timeout=5,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _create_pg_database() -> str:
    admin = postgres_admin_url()
    name = f"claimtrack_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(_pg_execute(admin, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        message = f"PostgreSQL at {admin} is not reachable: {exc}"
        if postgres_required():
            pytest.fail(message)
        pytest.skip(message + " (set CLAIMTRACK_TEST_REQUIRE_POSTGRES=1 to fail instead)")
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(url: str) -> None:
    name = make_url(url).database
    asyncio.run(_pg_execute(postgres_admin_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def empty_database(kind: str, folder: Path) -> Iterator[str]:
    """A new, empty database of the given kind (not migrated), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'claimtrack.db'}"
        return
    url = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database of each kind, made once per run."""
    with empty_database(request.param, tmp_path_factory.mktemp("db")) as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def scratch_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty, unmigrated database of each kind, for one test."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    """Settings for the app under test."""
    return Settings(
        database_url=database_url, rate_limit_per_minute=0, anonymous_rate_limit_per_minute=0
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[object]:
    """The application, one per database kind."""
    application = create_app(settings)
    yield application
    await application.state.db.dispose()


@pytest.fixture(scope="session")
def database(app: object) -> Database:
    """The app's database handle."""
    db: Database = app.state.db  # type: ignore[attr-defined]
    return db


KEPT_TABLES = frozenset({"api_keys", "data_version"})


async def empty_tables(database: Database) -> None:
    """Delete every row but the API keys (and the data version, which moves: what an app
    remembers of the rows deleted is not served again)."""
    tables = [
        table.name
        for table in reversed(Base.metadata.sorted_tables)
        if table.name not in KEPT_TABLES
    ]
    async with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            await connection.execute(text(BUMP))
        else:
            for name in tables:
                await connection.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(scope="session")
async def keys(database: Database) -> dict[str, str]:
    """Tokens of an admin key and a write key, made once per database."""
    tokens = {}
    async with database.writer() as session, session.begin():
        for scope in ("admin", "write"):
            _key, tokens[scope] = await create_key(session, name=f"test-{scope}", scope=scope)
    return tokens


def _http(app: object, token: str | None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


@pytest.fixture
async def client(
    app: object, database: Database, keys: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    """A client with an admin key, on the app over ASGI; the database is emptied afterwards."""
    async with _http(app, keys["admin"]) as http:
        yield http
    await empty_tables(database)


@pytest.fixture
async def writer(
    app: object, client: httpx.AsyncClient, keys: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    """A client with a write-scope key."""
    async with _http(app, keys["write"]) as http:
        yield http


@pytest.fixture
async def anonymous(app: object, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client without any key."""
    async with _http(app, None) as http:
        yield http


FROZEN_NOW = 1_800_000_010.0  # ten seconds into a rate limit's window


@pytest.fixture
def meters(app: Any) -> Iterator[Meters]:
    """Fresh counters on a stopped clock (writes dated by it too), so that a rate limit's test
    starts at zero inside one window and never straddles two."""
    before = app.state.meters
    app.state.meters = Meters.on(lambda: FROZEN_NOW)
    try:
        yield app.state.meters
    finally:
        app.state.meters = before


@pytest.fixture
def backend(database: Database) -> str:
    """'sqlite' or 'postgresql'."""
    return database.dialect


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's top folder."""
    return Path(__file__).resolve().parents[1]
