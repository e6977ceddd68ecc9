"""Migrations: from empty to head and back on each engine, and no drift from the models."""

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from app.db.engine import async_url
from app.db.migrations import alembic_config, downgrade, upgrade
from app.db.models import Base
from app.db.search_ddl import include_object


def _diff(url: str) -> list[object]:
    async def run() -> list[object]:
        engine = create_async_engine(async_url(url))
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(
                        MigrationContext.configure(
                            sync, opts={"include_object": include_object, "compare_type": True}
                        ),
                        Base.metadata,
                    )
                )
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _tables(url: str) -> set[str]:
    async def run() -> set[str]:
        engine = create_async_engine(async_url(url))
        try:
            async with engine.connect() as connection:
                return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    assert _diff(database_url) == []


def test_downgrade_to_base_and_back(scratch_database_url: str) -> None:
    # A database of its own: downgrading the shared one would drop the suite's API keys.
    upgrade(scratch_database_url)
    downgrade(scratch_database_url, "base")
    assert _tables(scratch_database_url) <= {"alembic_version"}
    upgrade(scratch_database_url)
    assert {"claims", "figures", "speakers", "sources", "measures", "reviews"} <= _tables(
        scratch_database_url
    )
    assert _diff(scratch_database_url) == []
    assert alembic_config(scratch_database_url).get_main_option("script_location")
