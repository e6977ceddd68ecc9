"""Alembic from code: upgrade, downgrade, and the head revision."""

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

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
def head_revision() -> str | None:
    """The newest migration's revision id."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate the database up to a revision."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Migrate the database down to a revision."""
    command.downgrade(alembic_config(database_url), revision)
