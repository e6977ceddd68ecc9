"""Load N synthetic claims (bench.synth) into a migrated SQLite file or PostgreSQL database.

    python -m bench.generate --claims 1000000 --sqlite bench/data/claims-1000000.db
    python -m bench.generate --claims 1000000 --postgres      # makes claimtrack_bench_1000000
    python -m bench.generate --claims 1000000 --postgres-url postgresql://postgres@host/db

SQLite: raw sqlite3, executemany in one transaction per chunk, no journal and no syncing
during the throw-away load; secondary indexes and the FTS triggers are dropped first and made
again afterwards from the very SQL the migrations stored, then the FTS index is rebuilt in
one pass. The file ends in WAL mode, analysed. PostgreSQL: asyncpg COPY with the foreign-key
triggers off for the session (session_replication_role = replica), plain indexes made after
the load, sequences moved past the ids, VACUUM ANALYZE. Same seed, same data, on both.
"""

import argparse
import asyncio
import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import asyncpg
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy.engine import make_url

from app.claims import derived
from app.claims.derived import DEFAULT_TOLERANCE, _documents, _search_text
from app.claims.sql import documents as sql_documents
from app.db import migrations, sqlite_functions
from app.db.migrations import head_revision, upgrade
from bench import synth
from bench.engines import POSTGRES_URL
from bench.synth import Catalog, Chunk, claim_chunks, make_catalog

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLAIMS = 1_000_000
DEFAULT_SEED = 2024
CHUNK = 20_000
COLUMNS: dict[str, tuple[str, ...]] = {
    "speakers": (
        *("id", "slug", "name", "kind", "aliases", "description", "wikidata_id", "roles"),
        *("version", "created_at", "updated_at"),
    ),
    "sources": (
        *("id", "url", "title", "publisher", "kind", "published_at", "language", "version"),
        *("created_at", "updated_at"),
    ),
    "measures": (
        *("id", "slug", "name", "unit", "kind", "description", "version", "created_at"),
        "updated_at",
    ),
    "claims": (
        *("id", "speaker_id", "text", "quote", "said_on", "channel", "language", "version"),
        *("created_at", "updated_at", "search_extra"),
    ),
    "appearances": ("claim_id", "source_id", "position", "excerpt"),
    "claim_tags": ("claim_id", "tag"),
    "figures": (
        *("id", "claim_id", "measure_id", "position", "value", "unit", "qualifier", "lower"),
        *("upper", "as_of", "period_start", "period_end", "norm_value", "norm_lower"),
        "norm_upper",
    ),
    "reviews": (
        *("id", "claim_id", "reviewer", "reviewer_url", "url", "rating_label", "rating_value"),
        *("best_rating", "worst_rating", "reviewed_on", "summary", "language", "version"),
        *("created_at", "updated_at", "rating_key"),
    ),
}
TABLES = tuple(COLUMNS)


@dataclass
class LoadReport:
    """What a load made and how long it took."""

    engine: str
    target: str
    claims: int
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)


def builder_files(root: Path = ROOT) -> list[Path]:
    """Every file whose code decides what a load writes: the generator, the migrations that
    make the schema, and the app's SQL that fills search_extra and claim_documents."""
    builders = (synth, sys.modules[__name__], derived, sql_documents, sqlite_functions, migrations)
    modules = [Path(str(module.__file__)).resolve().relative_to(ROOT) for module in builders]
    scripts = sorted((root / "migrations").rglob("*.py"))
    return [root / name for name in modules] + scripts


def code_digest(root: Path = ROOT) -> str:
    """A digest of the builder files' contents (and names, relative to root)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for path in builder_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def fingerprint(claims: int, seed: int) -> str:
    """Identifies the data a load makes: size, seed, the code that builds it, schema revision."""
    return f"claims={claims} seed={seed} code={code_digest()} schema={head_revision()}"


def progress(console: Console) -> Progress:
    """A rich progress display for the load steps."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


@contextmanager
def step(report: LoadReport, bar: Progress, name: str) -> Any:
    """Time one step, shown as a spinner."""
    task = bar.add_task(name, total=1)
    started = time.perf_counter()
    yield
    report.steps[name] = round(time.perf_counter() - started, 2)
    bar.update(task, completed=1)


def catalog_rows(catalog: Catalog) -> dict[str, list[tuple[object, ...]]]:
    """Speakers, sources and measures as rows (engine-neutral)."""
    return {
        "speakers": [
            (
                *(s.id, s.slug, s.name, s.kind, s.aliases_json, s.description, s.wikidata_id),
                *(s.roles_json, 1, s.created_at, s.created_at),
            )
            for s in catalog.speakers
        ],
        "sources": [
            (
                *(s.id, s.url, s.title, s.publisher, s.kind, s.published_at, s.language, 1),
                *(s.created_at, s.created_at),
            )
            for s in catalog.sources
        ],
        "measures": [
            (m.id, m.slug, m.name, m.unit, m.kind, m.description, 1, m.created_at, m.created_at)
            for m in catalog.measures
        ],
    }


def chunk_rows(chunk: Chunk) -> dict[str, list[tuple[object, ...]]]:
    """The rows of a chunk by table."""
    return {
        "claims": chunk.claims,
        "appearances": chunk.appearances,
        "claim_tags": chunk.tags,
        "figures": chunk.figures,
        "reviews": chunk.reviews,
    }


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sqlite_rows(rows: Iterable[tuple[object, ...]], table: str) -> list[tuple[object, ...]]:
    """Dates and UTC times as the app stores them on SQLite ('YYYY-MM-DD HH:MM:SS.ffffff')."""
    timed = [
        index
        for index, name in enumerate(COLUMNS[table])
        if name in {"said_on", "as_of", "period_start", "period_end", "reviewed_on"}
        or name.endswith("_at")
    ]
    out = []
    for row in rows:
        values = list(row)
        for index in timed:
            if values[index] is not None:
                values[index] = _sqlite_value(values[index])
        out.append(tuple(values))
    return out


def _insert_sql(table: str) -> str:
    names = COLUMNS[table]
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def _sqlite_insert(db: sqlite3.Connection, rows: dict[str, list[tuple[object, ...]]]) -> None:
    db.execute("BEGIN")
    for table, table_rows in rows.items():
        db.executemany(_insert_sql(table), _sqlite_rows(table_rows, table))
    db.execute("COMMIT")


def _drop_derived(db: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes and the FTS triggers; return their SQL to make them again."""
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND ((type = 'index' AND tbl_name IN ({})) OR (type = 'trigger' AND tbl_name = 'claims'))"
        " ORDER BY rowid".format(", ".join(f"'{t}'" for t in TABLES))
    ).fetchall()
    for kind, name, _sql in rows:
        db.execute(f"DROP {kind.upper()} {name}")
    return [sql for _kind, _name, sql in rows]


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def load_sqlite(path: Path, claims: int, seed: int, console: Console) -> LoadReport:
    """Make a migrated SQLite file at path holding `claims` synthetic claims."""
    report = LoadReport("sqlite", str(path), claims)
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_sqlite(path)
    sidecar(path).unlink(missing_ok=True)
    upgrade(f"sqlite:///{path}")
    db = sqlite3.connect(path, isolation_level=None)
    sqlite_functions.install(db)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=2"):
        db.execute(f"PRAGMA {pragma}")
    derived = _drop_derived(db)
    with progress(console) as bar:
        with step(report, bar, "catalog (speakers, sources, measures)"):
            catalog = make_catalog(seed)
            _sqlite_insert(db, catalog_rows(catalog))
        task = bar.add_task("claims", total=claims)
        loading = time.perf_counter()
        for chunk in claim_chunks(catalog, seed, claims, CHUNK):
            _sqlite_insert(db, chunk_rows(chunk))
            bar.advance(task, len(chunk.claims))
        report.steps["claims"] = round(time.perf_counter() - loading, 2)
        with step(report, bar, "indexes and triggers"):
            for sql in derived:
                if not sql.startswith("CREATE TRIGGER"):
                    db.execute(sql)
        with step(report, bar, "full-text index (rebuild, optimize)"):
            db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
            db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('optimize')")
            for sql in derived:
                if sql.startswith("CREATE TRIGGER"):
                    db.execute(sql)
        with step(report, bar, "claim documents (the app's own SQL)"):
            db.execute(_documents("sqlite", "all"), {"tolerance": DEFAULT_TOLERANCE})
        with step(report, bar, "ANALYZE, WAL"):
            db.execute("ANALYZE")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    report.seconds = round(time.perf_counter() - started, 1)
    report.counts, report.checks = verify_sqlite(path)
    report.checks["fingerprint"] = fingerprint(claims, seed)
    sidecar(path).write_text(json.dumps(asdict(report), indent=2))
    return report


def sidecar(path: Path) -> Path:
    """The JSON file beside a generated SQLite file: its fingerprint and load report."""
    return path.with_name(path.name + ".json")


def _constraints_in_order(sql: str | None) -> str | None:
    """A CREATE TABLE with its constraint lines sorted: a table that a migration rebuilt
    (Alembic's batch mode on SQLite) lists its constraints in no fixed order."""
    if sql is None or not sql.startswith("CREATE TABLE"):
        return sql
    head, _, rest = sql.partition("(")
    body, _, tail = rest.rpartition(")")
    lines = [line.strip().rstrip(",") for line in body.split("\n") if line.strip()]
    columns = [line for line in lines if not line.startswith("CONSTRAINT")]
    constraints = sorted(line for line in lines if line.startswith("CONSTRAINT"))
    return f"{head}({', '.join(columns + constraints)}){tail}"


def _schema(db: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' "
        "ORDER BY type, name"
    ).fetchall()
    return [(kind, name, _constraints_in_order(sql)) for kind, name, sql in rows]


def migrated_schema() -> list[tuple[str, str, str | None]]:
    """sqlite_master of a freshly migrated, empty database."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimtrack-schema-") as folder:
        path = Path(folder) / "empty.db"
        upgrade(f"sqlite:///{path}")
        db = sqlite3.connect(path)
        try:
            return _schema(db)
        finally:
            db.close()


def _sample_ids(claims: int) -> list[int]:
    step_size = max(1, claims // 200)
    return list(range(1, claims + 1, step_size))


def _search_extra_matches(db: sqlite3.Connection, ids: list[int]) -> bool:
    """Whether the app's own refresh SQL leaves search_extra of sample claims unchanged."""
    marks = ", ".join("?" * len(ids))
    before = db.execute(f"SELECT id, search_extra FROM claims WHERE id IN ({marks})", ids)
    expected = dict(before.fetchall())
    db.execute("SAVEPOINT check_extra")
    db.execute(_search_text("sqlite", "claims"), {"ids": json.dumps(ids)})
    after = db.execute(f"SELECT id, search_extra FROM claims WHERE id IN ({marks})", ids)
    actual = dict(after.fetchall())
    db.execute("ROLLBACK TO check_extra")
    db.execute("RELEASE check_extra")
    return actual == expected


def verify_sqlite(path: Path) -> tuple[dict[str, int], dict[str, Any]]:
    """Row counts, and checks: FTS complete and matching, schema as migrated, search_extra."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        claims = counts["claims"]
        documents = db.execute("SELECT count(*) FROM claim_documents").fetchone()[0]
        indexed = db.execute("SELECT count(*) FROM claims_fts_docsize").fetchone()[0]
        middle = max(1, claims // 2)
        text = db.execute("SELECT text FROM claims WHERE id = ?", (middle,)).fetchone()
        word = text[0].split()[1].strip(".,").lower() if text else "none"
        hit = db.execute(
            "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ? AND rowid = ?",
            (f'"{word}"', middle),
        ).fetchone()[0]
        checks = {
            "fts_rows": indexed,
            "fts_complete": indexed == claims,
            "documents_complete": documents == claims,
            "sample_match": f"{word} -> claim {middle}: {bool(hit)}",
            "sample_match_ok": bool(hit) or claims == 0,
            "schema_as_migrated": _schema(db) == migrated_schema(),
            "search_extra_as_app": _search_extra_matches(db, _sample_ids(claims)),
            "journal_mode": db.execute("PRAGMA journal_mode").fetchone()[0],
            "analyzed": db.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0,
        }
        return counts, checks
    finally:
        db.close()


# --- PostgreSQL -------------------------------------------------------------------------------


async def connect(url: str) -> asyncpg.Connection:
    """An asyncpg connection for a postgresql:// URL."""
    target = make_url(url)
    return await asyncpg.connect(
        user=target.username,
        password=target.password,
        host=target.host,
        port=target.port or 5432,
        database=target.database,
    )


async def _pg_copy(db: asyncpg.Connection, rows: dict[str, list[tuple[object, ...]]]) -> None:
    for table, table_rows in rows.items():
        if table_rows:
            await db.copy_records_to_table(table, records=table_rows, columns=list(COLUMNS[table]))


async def _pg_drop_indexes(db: asyncpg.Connection) -> list[str]:
    """Drop the indexes no constraint owns; return their definitions."""
    rows = await db.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "AND tablename = ANY($1::text[]) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        list(TABLES),
    )
    for row in rows:
        await db.execute(f'DROP INDEX "{row["indexname"]}"')
    return [row["indexdef"] for row in rows]


async def _pg_prepare(db: asyncpg.Connection) -> list[str]:
    await db.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    for setting in (
        "session_replication_role = replica",
        "synchronous_commit = off",
        "maintenance_work_mem = '1GB'",
    ):
        await db.execute(f"SET {setting}")
    return await _pg_drop_indexes(db)


async def _pg_finish(db: asyncpg.Connection, indexes: list[str]) -> None:
    for definition in indexes:
        await db.execute(definition)
    await db.execute("ANALYZE")  # the documents statement needs the planner's statistics
    documents = _documents("postgresql", "all").replace(":tolerance", "CAST($1 AS float8)")
    await db.execute(documents, DEFAULT_TOLERANCE)
    for table in ("speakers", "sources", "measures", "claims", "figures", "reviews"):
        await db.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )
    await db.execute("SET session_replication_role = origin")
    await db.execute("VACUUM ANALYZE")


async def _pg_load(url: str, claims: int, seed: int, report: LoadReport, console: Console) -> None:
    db = await connect(url)
    try:
        indexes = await _pg_prepare(db)
        with progress(console) as bar:
            with step(report, bar, "catalog (speakers, sources, measures)"):
                catalog = make_catalog(seed)
                await _pg_copy(db, catalog_rows(catalog))
            task = bar.add_task("claims", total=claims)
            loading = time.perf_counter()
            for chunk in claim_chunks(catalog, seed, claims, CHUNK):
                await _pg_copy(db, chunk_rows(chunk))
                bar.advance(task, len(chunk.claims))
            report.steps["claims"] = round(time.perf_counter() - loading, 2)
            with step(report, bar, "indexes (GIN too), claim documents, sequences, VACUUM ANALYZE"):
                await _pg_finish(db, indexes)
        name = make_url(url).database
        await db.execute(f'COMMENT ON DATABASE "{name}" IS $${fingerprint(claims, seed)}$$')
    finally:
        await db.close()


async def verify_postgres(url: str) -> tuple[dict[str, int], dict[str, Any]]:
    """Row counts, and checks: a sample full-text match, search_extra as the app makes it."""
    db = await connect(url)
    try:
        counts = {t: await db.fetchval(f"SELECT count(*) FROM {t}") for t in TABLES}
        documents = await db.fetchval("SELECT count(*) FROM claim_documents")
        middle = max(1, counts["claims"] // 2)
        text = await db.fetchval("SELECT text FROM claims WHERE id = $1", middle)
        word = text.split()[1].strip(".,").lower() if text else "none"
        hit = await db.fetchval(
            "SELECT count(*) FROM claims WHERE id = $1 "
            "AND search_vector @@ to_tsquery('simple', $2)",
            middle,
            f"'{word}'",
        )
        ids = _sample_ids(counts["claims"])
        sample = "SELECT id, search_extra FROM claims WHERE id = ANY($1)"
        before = dict(await db.fetch(sample, ids))
        transaction = db.transaction()
        await transaction.start()
        await db.execute(_search_text("postgresql", "claims").replace(":ids", "$1"), str(ids))
        after = dict(await db.fetch(sample, ids))
        await transaction.rollback()
        checks = {
            "sample_match": f"{word} -> claim {middle}: {bool(hit)}",
            "sample_match_ok": bool(hit) or counts["claims"] == 0,
            "search_extra_as_app": after == before,
            "documents_complete": documents == counts["claims"],
            "fingerprint": await db.fetchval(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            ),
        }
        return counts, checks
    finally:
        await db.close()


async def _pg_admin(statement: str) -> None:
    db = await connect(POSTGRES_URL)
    try:
        await db.execute(statement)
    finally:
        await db.close()


def bench_postgres_url(claims: int) -> str:
    """The URL of the benchmark's own PostgreSQL database for N claims."""
    name = f"claimtrack_bench_{claims}"
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def create_postgres(claims: int) -> str:
    """(Re)create the benchmark's PostgreSQL database for N claims, migrated."""
    url = bench_postgres_url(claims)
    name = make_url(url).database
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    return url


def load_postgres(url: str, claims: int, seed: int, console: Console) -> LoadReport:
    """Migrate the database at url and load `claims` synthetic claims into it."""
    report = LoadReport("postgresql", make_url(url).render_as_string(), claims)
    started = time.perf_counter()
    upgrade(url)
    asyncio.run(_pg_load(url, claims, seed, report, console))
    report.seconds = round(time.perf_counter() - started, 1)
    report.counts, report.checks = asyncio.run(verify_postgres(url))
    return report


# --- command line -----------------------------------------------------------------------------


def show(report: LoadReport, console: Console) -> None:
    """Print a load report."""
    console.print(
        f"[bold]{report.engine}[/]: {report.claims:,} claims in {report.seconds:.1f} s "
        f"({report.target})"
    )
    console.print("  steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.steps.items()))
    console.print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in report.counts.items()))
    console.print("  checks: " + ", ".join(f"{k}={v}" for k, v in report.checks.items()))


def failed_checks(report: LoadReport) -> list[str]:
    """Names of the checks that did not hold."""
    wanted: dict[str, Callable[[Any], bool]] = {
        "fts_complete": bool,
        "documents_complete": bool,
        "sample_match_ok": bool,
        "schema_as_migrated": bool,
        "search_extra_as_app": bool,
        "journal_mode": lambda mode: mode == "wal",
        "analyzed": bool,
    }
    return [
        name for name, ok in wanted.items() if name in report.checks and not ok(report.checks[name])
    ]


def main(argv: list[str] | None = None) -> int:
    """Generate and load; print the URL of the loaded database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sqlite", type=Path, help="SQLite file to (re)create")
    parser.add_argument("--postgres", action="store_true", help="make claimtrack_bench_<N>")
    parser.add_argument("--postgres-url", help="load into this (migrated or empty) database")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    reports = []
    if args.sqlite:
        reports.append(load_sqlite(args.sqlite, args.claims, args.seed, console))
    if args.postgres or args.postgres_url:
        url = args.postgres_url or create_postgres(args.claims)
        reports.append(load_postgres(url, args.claims, args.seed, console))
    if not reports:
        parser.error("give --sqlite PATH, --postgres or --postgres-url URL")
    for report in reports:
        show(report, console)
        print(report.target if report.engine == "sqlite" else f"{url}")
    return 1 if any(failed_checks(report) for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
