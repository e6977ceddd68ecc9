"""Alembic from code: upgrade, downgrade, and the head revision."""

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

Schema = Literal["current", "behind", "unknown", "none"]

# The repository's top-level migrations/ folder, which setup.py maps to the package
# app._migrations: found the same way in an editable install and in an installed wheel.
MIGRATIONS_DIR = Path(str(files("app._migrations"))).resolve()


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    return config


@lru_cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str | None:
    """The newest migration's revision id."""
    return _scripts().get_current_head()


def schema_state(revision: str | None) -> Schema:
    """How a database at `revision` stands to this code: `current` (at the newest migration),
    `behind` (an older migration of this code: `claimtrack migrate` brings it up), `unknown`
    (a migration this code does not have: a newer claimtrack migrated it) or `none` (no
    claimtrack schema at all)."""
    if revision is None:
        return "none"
    if revision == head_revision():
        return "current"
    try:
        known = _scripts().get_revision(revision)
    except CommandError:
        known = None
    return "behind" if known is not None else "unknown"


async def database_revision(engine: AsyncEngine) -> str | None:
    """The revision the database's schema is at (None: not migrated at all). Connection
    errors propagate."""
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        if "alembic_version" not in tables:
            return None
        found = await connection.execute(text("SELECT version_num FROM alembic_version"))
        return found.scalar()


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate the database up to a revision."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Migrate the database down to a revision."""
    command.downgrade(alembic_config(database_url), revision)
