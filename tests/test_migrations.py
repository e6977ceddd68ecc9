"""Migrations: from empty to head and back on each engine, and no drift from the models."""

import asyncio
import os
import re
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
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


def _run(url: str, *statements: str) -> list[list[tuple[object, ...]]]:
    """Each statement's rows (none for a change), in one transaction."""

    async def run() -> list[list[tuple[object, ...]]]:
        engine = create_async_engine(async_url(url))
        try:
            async with engine.begin() as connection:
                found = []
                for statement in statements:
                    result = await connection.execute(text(statement))
                    found.append([tuple(row) for row in result] if result.returns_rows else [])
                return found
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _with_demo(url: str) -> dict[str, str]:
    """Migrate the database and load the demo with the command line; its environment."""
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": url}
    for command in ("migrate", "demo"):
        done = subprocess.run(
            [sys.executable, "-m", "app", command], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    return env


def test_language_tags_are_rewritten_in_canonical_case_and_their_documents_rebuilt(
    scratch_database_url: str,
) -> None:
    """Tags stored as `EN` or `pt-br` before the migration read as `en` and `pt-BR` after it,
    in the tables and in the claims' documents, so `?language=en` finds them all."""
    url = scratch_database_url
    env = _with_demo(url)
    [[(english,)], [(sources,)]] = _run(
        url,
        "SELECT count(*) FROM claims WHERE language = 'en'",
        "SELECT count(*) FROM sources WHERE language = 'uk'",
    )
    assert english > 0 and sources > 0
    downgrade(url, "c9e1f3a5b7d9")
    _run(
        url,
        "UPDATE claims SET language = 'EN' WHERE language = 'en'",
        "UPDATE sources SET language = 'Uk' WHERE language = 'uk'",
        "UPDATE claims SET language = 'pt-br' WHERE id = (SELECT min(id) FROM claims)",
    )
    upgrade(url)
    [claims, kept, stale] = _run(
        url,
        "SELECT language, count(*) FROM claims GROUP BY language ORDER BY language",
        "SELECT count(*) FROM sources WHERE language = 'uk'",
        "SELECT count(*) FROM claims AS c WHERE NOT EXISTS "
        "(SELECT 1 FROM claim_documents AS d WHERE d.claim_id = c.id)",
    )
    assert ("pt-BR", 1) in claims and ("en", english - 1) in claims, claims
    assert all(language == language.lower() or "-" in language for language, _ in claims)
    assert kept == [(sources,)]
    assert stale[0][0] > 0  # the documents showing a rewritten tag, dropped to be built again
    rebuilt = subprocess.run(
        [sys.executable, "-m", "app", "migrate"], env=env, capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt the ready-made documents" in rebuilt.stdout
    [[(documents,)], shown] = _run(
        url,
        "SELECT count(*) FROM claims AS c WHERE NOT EXISTS "
        "(SELECT 1 FROM claim_documents AS d WHERE d.claim_id = c.id)",
        "SELECT document FROM claim_documents",
    )
    assert documents == 0
    texts = [bytes(d).decode() if not isinstance(d, str) else d for (d,) in shown]
    tags = {tag for document in texts for tag in re.findall(r'"language" ?: ?"([^"]+)"', document)}
    assert {"en", "uk", "pt-BR"} <= tags and not tags & {"EN", "Uk", "pt-br"}, tags


def test_documents_kept_before_their_versions_were_known_count_as_changed_from_outside(
    scratch_database_url: str,
) -> None:
    """A document built before e5a7c9b1d3f4 may differ from what a client was sent at the same
    version, so the migration marks the claim's current version as changed from outside: no
    304 for it, one for the next."""
    url = scratch_database_url
    _with_demo(url)
    _run(url, "UPDATE claims SET version = 3 WHERE id = (SELECT min(id) FROM claims)")
    downgrade(url, "d3f5a7b9c1e2")
    upgrade(url)
    [[(claims,)], documents] = _run(
        url,
        "SELECT count(*) FROM claims",
        "SELECT c.version, d.built_version, d.outside_version FROM claims AS c "
        "JOIN claim_documents AS d ON d.claim_id = c.id",
    )
    assert len(documents) == claims > 0
    assert all(version == built == outside for version, built, outside in documents), documents
    assert {version for version, _built, _outside in documents} == {1, 3}


def test_claim_tags_are_lowered_merged_and_their_documents_rebuilt(
    scratch_database_url: str,
) -> None:
    """Tags stored as `Kursk-Incursion` or `КУРСЬК` before the migration read in lower case
    after it, a claim tagged in two cases keeps one tag, and `?tag=` finds them all."""
    url = scratch_database_url
    env = _with_demo(url)
    [[(first,)], [(tagged,)]] = _run(
        url,
        "SELECT min(claim_id) FROM claim_tags WHERE tag = 'kursk-incursion'",
        "SELECT count(*) FROM claim_tags WHERE tag = 'kursk-incursion'",
    )
    assert tagged > 1
    downgrade(url, "e5a7c9b1d3f4")
    _run(
        url,
        "UPDATE claim_tags SET tag = 'Kursk-Incursion' WHERE tag = 'kursk-incursion' "
        f"AND claim_id <> {first}",
        f"INSERT INTO claim_tags (claim_id, tag) VALUES ({first}, 'KURSK-INCURSION')",
        f"INSERT INTO claim_tags (claim_id, tag) VALUES ({first}, 'КУРСЬК')",
    )
    upgrade(url)
    [tags, [(stale,)]] = _run(
        url,
        "SELECT tag, count(*) FROM claim_tags WHERE tag LIKE '%incursion%' OR tag LIKE 'к%' "
        "OR tag LIKE 'К%' GROUP BY tag ORDER BY tag",
        "SELECT count(*) FROM claims AS c WHERE NOT EXISTS "
        "(SELECT 1 FROM claim_documents AS d WHERE d.claim_id = c.id)",
    )
    assert tags == [("kursk-incursion", tagged), ("курськ", 1)], tags
    assert stale >= tagged  # the documents showing a rewritten tag, dropped to be built again
    rebuilt = subprocess.run(
        [sys.executable, "-m", "app", "migrate"], env=env, capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    [shown] = _run(url, "SELECT document FROM claim_documents")
    texts = [bytes(d).decode() if not isinstance(d, str) else d for (d,) in shown]
    assert len(texts) > tagged
    assert not any("Kursk-Incursion" in t or "KURSK" in t or "КУРСЬК" in t for t in texts)


def test_review_rating_keys_are_worked_out_for_the_labels_stored_before(
    scratch_database_url: str,
) -> None:
    """Reviews stored before the key existed get it from the migration, as a write would give
    it, so `?rating=` finds a Cyrillic or Greek label stored then."""
    url = scratch_database_url
    _with_demo(url)
    downgrade(url, "f7b9d1e3a5c7")
    [[(claim,)]] = _run(url, "SELECT min(id) FROM claims")
    _run(
        url,
        *(
            "INSERT INTO reviews (claim_id, reviewer, rating_label, version, created_at, "
            f"updated_at) VALUES ({claim}, 'Checker', '{label}', 1, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            for label in ("Неправда", "ΨΕΥΔΕΣ", "Mostly False")
        ),
    )
    upgrade(url)
    [keys, [(missing,)]] = _run(
        url,
        "SELECT rating_label, rating_key FROM reviews WHERE rating_label IN "
        "('Неправда', 'ΨΕΥΔΕΣ', 'Mostly False') ORDER BY rating_label",
        "SELECT count(*) FROM reviews WHERE rating_key IS NULL",
    )
    assert sorted(keys) == sorted(
        [("Mostly False", "mostly false"), ("Неправда", "неправда"), ("ΨΕΥΔΕΣ", "ψευδεσ")]
    )
    assert missing == 0


def test_source_urls_stored_as_typed_are_encoded_as_browsers_copy_them(
    scratch_database_url: str,
) -> None:
    """A URL stored before with a Cyrillic path or host takes the form a write now gives it, so
    the link copied from a browser finds it; one whose new form another source already has
    stays as it was (not merged), and the documents of the claims citing a changed one go to
    be built again."""
    url = scratch_database_url
    _with_demo(url)
    downgrade(url, "a1c3e5f7b9d2")
    [[(claim,)]] = _run(url, "SELECT min(id) FROM claims")
    typed = ["https://пример.рф/news", "https://example.org/Статья", "https://example.org/%d0%a1"]
    _run(
        url,
        *(
            "INSERT INTO sources (url, title, kind, version, created_at, updated_at) VALUES "
            f"('{link}', 'T', 'article', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            for link in [*typed, "https://example.org/%D0%A1"]
        ),
        "INSERT INTO appearances (claim_id, source_id, position) SELECT "
        f"{claim}, id, 9 FROM sources WHERE url = '{typed[0]}'",
    )
    upgrade(url)
    [urls, [(kept,)]] = _run(
        url,
        "SELECT url FROM sources WHERE title = 'T' ORDER BY id",
        f"SELECT count(*) FROM claim_documents WHERE claim_id = {claim}",
    )
    assert [u for (u,) in urls] == [
        "https://xn--e1afmkfd.xn--p1ai/news",
        "https://example.org/%D0%A1%D1%82%D0%B0%D1%82%D1%8C%D1%8F",
        "https://example.org/%d0%a1",  # its form is the next source's: left as it was
        "https://example.org/%D0%A1",
    ]
    assert kept == 0
