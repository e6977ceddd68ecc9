"""Benchmark: a measure comparison with 10,000 figures from 100 speakers.

Runs, in the same process and interleaved, the endpoint (FastAPI + SQLAlchemy + the
comparison modules, in-process over ASGI) and the floor: one hand-written SQL query on the raw
driver plus the same interval and analysis modules and the same JSON serialisation. Prints the
median times and their ratio, and the SQL statements the endpoint ran.

    python -m bench.comparison [--figures 10000] [--speakers 100] [--repeats 7] [--engine sqlite]
"""

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
import orjson
from rich.console import Console
from rich.table import Table
from sqlalchemy import event, insert
from sqlalchemy.engine import make_url

from app.claims.models import Appearance, Claim, Figure
from app.comparison.analysis import (
    Observation,
    by_speaker,
    conflicts,
    final_consensus,
    summarize,
)
from app.comparison.documents import (
    conflict_document,
    consensus_document,
    figure_document,
    speaker_document,
    summary_document,
)
from app.comparison.intervals import figure_interval
from app.core.responses import JSON_OPTIONS
from app.db.session import Database
from app.main import create_app
from app.measures.models import Measure
from app.settings import Settings
from app.sources.models import Source
from app.speakers.models import Speaker
from bench.engines import database

QUALIFIERS = ["exact"] * 5 + ["approximately"] * 3 + ["more_than", "at_least", "at_most", "range"]
FLOOR_SQL = """
SELECT f.id, f.claim_id, f.qualifier, f.value, f.unit, f.lower, f.upper, f.norm_value,
       f.norm_lower, f.norm_upper, f.as_of, f.period_start, f.period_end, c.said_on,
       c.speaker_id, s.name, s.slug, src.id, src.url, src.title
FROM figures f
JOIN claims c ON c.id = f.claim_id
JOIN speakers s ON s.id = c.speaker_id
LEFT JOIN sources src ON src.id = (
    SELECT a.source_id FROM appearances a WHERE a.claim_id = c.id
    ORDER BY a.position, a.source_id LIMIT 1)
WHERE f.measure_id = {param}
ORDER BY f.as_of, c.said_on, f.id
"""


def _figure_row(index: int, rng: random.Random, start: date) -> dict[str, Any]:
    day = start + timedelta(days=index * 1095 // 10_000)
    value = 500 + index * 0.15 + rng.gauss(0, 60)
    qualifier = rng.choice(QUALIFIERS)
    lower, upper = (value * 0.9, value * 1.1) if qualifier == "range" else (None, None)
    return {
        "id": index + 1,
        "claim_id": index + 1,
        "measure_id": 1,
        "position": 0,
        "value": value,
        "unit": "km²",
        "qualifier": qualifier,
        "lower": lower,
        "upper": upper,
        "as_of": day,
        "norm_value": value,
        "norm_lower": lower,
        "norm_upper": upper,
    }


async def populate(db: Database, *, figures: int, speakers: int) -> None:
    """One measure, `speakers` speakers, ten sources and one claim per figure."""
    rng, start = random.Random(7), date(2022, 1, 1)
    rows = [_figure_row(index, rng, start) for index in range(figures)]
    async with db.writer() as session, session.begin():
        await session.execute(
            insert(Measure),
            [
                {
                    "id": 1,
                    "slug": "bench-area",
                    "name": "Area held",
                    "unit": "km²",
                    "kind": "quantity",
                }
            ],
        )
        await session.execute(
            insert(Speaker),
            [
                {
                    "id": i + 1,
                    "slug": f"speaker-{i + 1}",
                    "name": f"Speaker {i + 1}",
                    "kind": "person",
                    "aliases": [],
                    "roles": [],
                }
                for i in range(speakers)
            ],
        )
        await session.execute(
            insert(Source),
            [
                {
                    "id": i + 1,
                    "url": f"https://bench.example/{i + 1}",
                    "title": f"Source {i + 1}",
                    "kind": "article",
                }
                for i in range(10)
            ],
        )
        await session.execute(
            insert(Claim),
            [
                {
                    "id": r["id"],
                    "speaker_id": 1 + r["id"] % speakers,
                    "text": f"Claim {r['id']}",
                    "quote": False,
                    "said_on": r["as_of"],
                }
                for r in rows
            ],
        )
        await session.execute(
            insert(Appearance),
            [{"claim_id": r["id"], "source_id": 1 + r["id"] % 10, "position": 0} for r in rows],
        )
        await session.execute(insert(Figure), rows)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _observation(row: Any, tolerance: float) -> Observation:
    (
        fid,
        cid,
        qualifier,
        value,
        unit,
        lower,
        upper,
        norm,
        norm_low,
        norm_high,
        as_of,
        start,
        end,
        said_on,
        speaker_id,
        name,
        slug,
        sid,
        url,
        title,
    ) = row
    return Observation(
        figure_id=fid,
        claim_id=cid,
        speaker_id=speaker_id,
        speaker=name,
        qualifier=qualifier,
        value=norm,
        interval=figure_interval(
            qualifier, norm, lower=norm_low, upper=norm_high, tolerance=tolerance
        ),
        as_of=_day(as_of) or date.min,
        period_start=_day(start),
        period_end=_day(end),
        extra={
            "speaker_slug": slug,
            "measure_slug": "bench-area",
            "said_on": _day(said_on),
            "written": {"value": value, "unit": unit, "lower": lower, "upper": upper},
            "source": {"id": sid, "url": url, "title": title} if sid else None,
        },
    )


def floor_document(rows: list[Any], tolerance: float) -> bytes:
    """The comparison JSON from rows of the hand-written query, with the same modules."""
    observations = [_observation(row, tolerance) for row in rows]
    found = conflicts(observations, window_days=7, limit=500)
    document = {
        "measure": {"id": 1, "slug": "bench-area", "name": "Area held", "unit": "km²"},
        "unit": "km²",
        "window_days": 7,
        "from": None,
        "to": None,
        "figures": [figure_document(item) for item in observations],
        "by_speaker": [speaker_document(group) for group in by_speaker(observations)],
        "summary": summary_document(summarize(observations)),
        "conflicts": [conflict_document(c) for c in found.most_severe],
        "conflicts_total": found.total,
        "consensus": consensus_document(final_consensus(observations, window_days=7)),
    }
    return orjson.dumps(document, option=JSON_OPTIONS)


async def _floor_runner(url: str, tolerance: float) -> Callable[[], Awaitable[bytes]]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(parsed.database or "")
        sql = FLOOR_SQL.format(param="?")

        async def run_sqlite() -> bytes:
            return floor_document(connection.execute(sql, (1,)).fetchall(), tolerance)

        return run_sqlite
    pg = await asyncpg.connect(
        user=parsed.username, host=parsed.host, port=parsed.port or 5432, database=parsed.database
    )
    statement = await pg.prepare(FLOOR_SQL.format(param="$1"))

    async def run_postgres() -> bytes:
        return floor_document(list(await statement.fetch(1)), tolerance)

    return run_postgres


async def _timed(run: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await run()
    return time.perf_counter() - started


def measure(engine: str, *, figures: int, speakers: int, repeats: int) -> dict[str, Any]:
    """Time endpoint and floor on one engine, interleaved; count the endpoint's statements."""
    with database(engine) as url:
        result = asyncio.run(_measure(url, figures=figures, speakers=speakers, repeats=repeats))
    return {"engine": engine, **result}


async def _statements_and_sample(
    db: Database, endpoint: Callable[[], Awaitable[bytes]]
) -> tuple[int, bytes]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        sample = await endpoint()
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    return len(statements), sample


async def _measure(url: str, *, figures: int, speakers: int, repeats: int) -> dict[str, Any]:
    settings = Settings(database_url=url)
    app = create_app(settings)
    db: Database = app.state.db
    await populate(db, figures=figures, speakers=speakers)
    floor = await _floor_runner(url, settings.approx_tolerance)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", timeout=600
    ) as client:

        async def endpoint() -> bytes:
            response = await client.get("/v1/measures/bench-area/comparison")
            response.raise_for_status()
            return response.content

        statements, sample = await _statements_and_sample(db, endpoint)
        floor_total = orjson.loads(await floor())["conflicts_total"]
        times: dict[str, list[float]] = {"endpoint": [], "floor": []}
        for _ in range(repeats):
            times["endpoint"].append(await _timed(endpoint))
            times["floor"].append(await _timed(floor))
    await db.dispose()
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        **medians,
        "ratio": medians["endpoint"] / medians["floor"],
        "statements": statements,
        "same_answer": orjson.loads(sample)["conflicts_total"] == floor_total,
        "bytes": len(sample),
    }


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10_000)
    parser.add_argument("--speakers", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = [
        measure(engine, figures=args.figures, speakers=args.speakers, repeats=args.repeats)
        for engine in engines
    ]
    table = Table(
        title=f"Measure comparison, {args.figures:,} figures from {args.speakers} speakers"
    )
    for column in ("engine", "endpoint (ms)", "floor (ms)", "ratio", "SQL statements", "response"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r["engine"],
            f"{r['endpoint'] * 1000:.1f}",
            f"{r['floor'] * 1000:.1f}",
            f"{r['ratio']:.2f}",
            str(r["statements"]),
            f"{r['bytes'] / 1e6:.1f} MB",
        )
    console = Console()
    console.print(table)
    failed = [r for r in results if r["ratio"] > args.max_ratio or not r["same_answer"]]
    for r in failed:
        console.print(
            f"[red]{r['engine']}: ratio {r['ratio']:.2f} over {args.max_ratio} or answers differ"
        )
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
