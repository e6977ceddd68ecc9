"""SIGKILL the real server in the middle of bulk writing, many times, on SQLite and PostgreSQL.

Nothing acknowledged may be lost and nothing half-written may exist; see harness.py for what
the audit checks. The PostgreSQL case needs the server of CLAIMTRACK_TEST_POSTGRES_URL and is
skipped without it, unless CLAIMTRACK_TEST_REQUIRE_POSTGRES=1.

Another workload reuses all of it: a test function that calls run_crashes with its own request
maker (say one POST /v1/import of many claims, noting every claim in the ledger before sending).
"""

import asyncio
import random
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import postgres_admin_url, postgres_required
from tests.crash.harness import Attempt, Ledger, Workload, World, claim_text, crash_and_audit

# Kills per test and engine: each run draws new ones (the seed is recorded), so across runs
# every moment of a write gets its kill.
KILLS = 10
TAGS = ("crash", "kill-9", "wal")
RecordProperty = Callable[[str, object], None]


async def _admin(statement: str) -> None:
    """Run one statement on the PostgreSQL test server's admin database."""
    connection = await asyncpg.connect(postgres_admin_url(), timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _postgres_database() -> str:
    """A new database on the test server; skip (or fail, when required) without a server."""
    name = f"claimtrack_crash_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        message = f"PostgreSQL at {postgres_admin_url()} is not reachable: {exc}"
        if postgres_required():
            pytest.fail(message)
        pytest.skip(message + " (set CLAIMTRACK_TEST_REQUIRE_POSTGRES=1 to fail instead)")
    return make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def crash_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'x.db'}"
        return
    url = _postgres_database()
    try:
        yield url
    finally:
        name = make_url(url).database
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def create_claims(
    http: httpx.AsyncClient, world: World, ledger: Ledger, rng: random.Random
) -> None:
    """One POST /v1/claims: 2–4 figures, 1–2 appearances, 0–2 tags, a unique text."""
    figures = [world.figure(rng) for _ in range(rng.randint(2, 4))]
    sources = rng.sample(world.sources, rng.randint(1, 2))
    tags = rng.sample(TAGS, rng.randint(0, 2))
    attempt = Attempt(
        text=claim_text(),
        figures=tuple(figure["value"] for figure in figures),
        appearances=len(sources),
        tags=len(tags),
    )
    ledger.append(attempt)
    response = await http.post(
        "/v1/claims",
        json={
            "speaker_id": world.speaker,
            "text": attempt.text,
            "said_on": "2024-08-14",
            "appearances": [{"source_id": source, "excerpt": "as quoted"} for source in sources],
            "tags": tags,
            "figures": figures,
        },
    )
    attempt.answered(response)


def run_crashes(
    database_url: str, folder: Path, workload: Workload, record_property: RecordProperty
) -> None:
    """Crash, restart and audit; report the counts; fail on any problem found."""
    seed = random.randrange(2**32)
    report = crash_and_audit(database_url, folder, workload, kills=KILLS, seed=seed)
    for name, value in report.counts.items():
        record_property(name, value)
    for name, seconds in report.seconds.items():
        record_property(f"{name}_seconds", round(seconds, 1))
    print(f"crash run (seed {seed}): {report.summary()}")
    assert not report.problems, "\n".join([report.summary(), *report.problems[:40]])
    assert report.counts["acknowledged"] > KILLS, report.summary()
    assert report.counts["unanswered"] > 0, "no kill caught a write in flight"


@pytest.mark.slow
def test_sigkill_during_claim_creates_loses_nothing_and_leaves_nothing_half_written(
    crash_database: str, tmp_path: Path, record_property: RecordProperty
) -> None:
    """KILLS times: 8 writers POST claims, SIGKILL, restart; then audit everything."""
    run_crashes(crash_database, tmp_path, create_claims, record_property)


IMPORT_ROWS = 20
_source_urls: dict[int, str] = {}


async def _urls(http: httpx.AsyncClient, ids: tuple[int, ...]) -> dict[int, str]:
    """The URLs of the world's sources (bulk import names sources by URL)."""
    for source_id in ids:
        if source_id not in _source_urls:
            _source_urls[source_id] = (await http.get(f"/v1/sources/{source_id}")).json()["url"]
    return _source_urls


async def import_claims(
    http: httpx.AsyncClient, world: World, ledger: Ledger, rng: random.Random
) -> None:
    """One POST /v1/import of IMPORT_ROWS claims, all or nothing."""
    urls = await _urls(http, world.sources)
    rows, attempts = [], []
    for _ in range(IMPORT_ROWS):
        figures = [world.figure(rng) for _ in range(rng.randint(2, 4))]
        sources = rng.sample(world.sources, rng.randint(1, 2))
        tags = rng.sample(TAGS, rng.randint(0, 2))
        attempt = Attempt(
            text=claim_text(),
            figures=tuple(f["value"] for f in figures),
            appearances=len(sources),
            tags=len(tags),
        )
        rows.append(
            {
                "speaker": world.speaker,
                "text": attempt.text,
                "said_on": "2024-08-14",
                "sources": [urls[source] for source in sources],
                "tags": tags,
                "figures": [
                    {"measure": f["measure_id"], "value": f["value"], "unit": f["unit"]}
                    for f in figures
                ],
            }
        )
        attempts.append(attempt)
    ledger.extend(attempts)
    response = await http.post("/v1/import", json=rows)
    ids = [row["id"] for row in response.json()["claims"]] if response.status_code == 200 else []
    for attempt, claim_id in zip(attempts, ids or [None] * len(attempts), strict=True):
        attempt.status, attempt.acknowledged = response.status_code, response.status_code == 200
        attempt.claim_id = claim_id
        attempt.detail = "" if attempt.acknowledged else response.text[:300]


@pytest.mark.slow
def test_sigkill_during_bulk_imports_loses_nothing_and_leaves_nothing_half_written(
    crash_database: str, tmp_path: Path, record_property: RecordProperty
) -> None:
    """KILLS times: 8 writers POST imports of 20 claims, SIGKILL, restart; then audit."""
    run_crashes(crash_database, tmp_path, import_claims, record_property)
