"""Benchmark: measure comparisons of 10,000 figures from 100 speakers and 70,000 from 2,000.

Runs, in the same process and interleaved, the endpoint (FastAPI + SQLAlchemy + the
comparison modules, in-process over ASGI) and the floor: the independent baseline of
bench/comparison_baseline.py (its own SQL on the raw driver, its own intervals, analysis and
JSON, none of claimtrack's code). The answers must agree: the endpoint's default answer (first
pages of figures and speakers, each speaker's latest revisions, and the summary, the most severe
conflicts with their total and the consensus over every figure) against the baseline's whole
answer paged the same way, field by field (floats to 1e-9 relative); with `--whole`, also every
page put together against the whole answer. Else the differences are printed and the exit code
is 1. Prints the median times and their ratio, the response's size, the SQL statements the
endpoint ran, and the median time of `chart.svg` (the chart of a measure past 1,000 figures is
a sample, said on it).

    python -m bench.comparison [--sizes 10000:100,70000:2000] [--repeats 7] [--engine sqlite]
        [--include-superseded] [--whole]
"""

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
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
from app.db.session import Database
from app.main import create_app
from app.measures.models import Measure
from app.settings import Settings
from app.sources.models import Source
from app.speakers.models import Speaker
from bench import comparison_baseline as baseline
from bench.engines import database

QUALIFIERS = ["exact"] * 5 + ["approximately"] * 3 + ["more_than", "at_least", "at_most", "range"]
SLUG = "bench-area"


def endpoint_path(*, include_superseded: bool = False) -> str:
    """The comparison of the benchmark's measure, asked as the baseline is run."""
    flag = "true" if include_superseded else "false"
    return f"/v1/measures/{SLUG}/comparison?include_superseded={flag}"


async def whole_answer(client: httpx.AsyncClient, path: str, *, page: int = 1000) -> Any:
    """The comparison with every figure, speaker and revision, put together from its pages
    (figures_cursor, speakers_cursor), with no next cursor left."""
    wide = f"{path}&revisions_limit=10000&figures_limit={page}&speakers_limit={page}"
    first = (await client.get(wide)).raise_for_status().json()
    for items, cursor, parameter in (
        ("figures", "figures_next_cursor", "figures_cursor"),
        ("by_speaker", "by_speaker_next_cursor", "speakers_cursor"),
    ):
        after = first[cursor]
        while after is not None:
            more = (await client.get(f"{wide}&{parameter}={after}")).raise_for_status().json()
            first[items] += more[items]
            after = more[cursor]
        first[cursor] = None
    return first


def _spread(figures: int) -> tuple[int, int]:
    """Figure i is on day i * days // per: 10,000 figures in three years (fewer in fewer days,
    at the same density), more up to ten years (70,000: 19 a day)."""
    return max(1095, min(3650, figures * 1095 // 10_000)), max(figures, 10_000)


def _figure_row(
    index: int, rng: random.Random, start: date, spread: tuple[int, int]
) -> dict[str, Any]:
    days, per = spread
    day = start + timedelta(days=index * days // per)
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


def _restate(rows: list[dict[str, Any]], said: list[date], speakers: int) -> None:
    """Make some figures later statements about what the same speaker said before (figures i
    and i - speakers share a speaker), said three days after it: every 20th restates it with
    its own value (it supersedes the earlier one), every 50th says the earlier number again
    (it supersedes nothing). They keep the earlier figure's as_of and period, except that a
    restatement of a closed period moves its as_of two days on (still the same period)."""
    for index, row in enumerate(rows):
        if index < speakers or (index % 20 != 5 and index % 50 != 17):
            continue
        earlier = rows[index - speakers]
        said[index] = said[index - speakers] + timedelta(days=3)
        row["period_start"], row["period_end"] = earlier["period_start"], earlier["period_end"]
        row["as_of"] = earlier["as_of"]
        if earlier["period_end"] is not None:
            row["as_of"] += timedelta(days=2)
        if index % 50 == 17:
            keep = ("qualifier", "value", "lower", "upper", "norm_value", "norm_lower")
            row.update({key: earlier[key] for key in (*keep, "norm_upper")})


async def populate(db: Database, *, figures: int, speakers: int) -> None:
    """One measure, `speakers` speakers, ten sources and one claim per figure; one figure in
    ten covers a period (open or closed), and some restate or repeat an earlier figure of
    their speaker (see _restate)."""
    rng, start = random.Random(7), date(2022, 1, 1)
    rows = [_figure_row(index, rng, start, _spread(figures)) for index in range(figures)]
    for index, row in enumerate(rows):
        opened = row["as_of"] - timedelta(days=30) if index % 10 == 5 else None
        closed = row["as_of"] if index % 40 in (15, 25) else None
        row["period_start"], row["period_end"] = opened, closed
    said = [row["as_of"] for row in rows]
    _restate(rows, said, speakers)
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
                    "said_on": said_on,
                }
                for r, said_on in zip(rows, said, strict=True)
            ],
        )
        await session.execute(
            insert(Appearance),
            [{"claim_id": r["id"], "source_id": 1 + r["id"] % 10, "position": 0} for r in rows],
        )
        await session.execute(insert(Figure), rows)


@asynccontextmanager
async def baseline_runner(
    url: str, tolerance: float, *, include_superseded: bool = False
) -> AsyncIterator[Callable[[], Awaitable[bytes]]]:
    """The independent baseline on the raw driver (its SQL, its analysis, its JSON), as a
    function that answers the comparison of the benchmark's measure."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(parsed.database or "")

        def fetch(sql: str, *args: Any) -> list[Any]:
            return connection.execute(sql.format(param="?"), args).fetchall()

        async def run_sqlite() -> bytes:
            return baseline_document(fetch, tolerance, include_superseded=include_superseded)

        try:
            yield run_sqlite
        finally:
            connection.close()
        return
    pg = await asyncpg.connect(
        user=parsed.username, host=parsed.host, port=parsed.port or 5432, database=parsed.database
    )
    measure_sql = await pg.prepare(baseline.MEASURE.format(param="$1"))
    figures_sql = await pg.prepare(baseline.SQL.format(param="$1"))
    sources_sql = await pg.prepare(baseline.SOURCES.format(ids="SELECT unnest($1::bigint[])"))

    async def run_postgres() -> bytes:
        measure = dict(await measure_sql.fetchrow(SLUG))
        rows = list(await figures_sql.fetch(measure["id"]))
        ids = sorted({row[-1] for row in rows if row[-1] is not None})
        found = [tuple(row) for row in await sources_sql.fetch(ids)]
        return baseline.build(
            measure, rows, found, tolerance, include_superseded=include_superseded
        )

    try:
        yield run_postgres
    finally:
        await pg.close()


def baseline_document(
    fetch: Callable[..., list[Any]], tolerance: float, *, include_superseded: bool = False
) -> bytes:
    """The baseline's answer through a blocking fetch(sql, *args) (SQLite)."""
    (measure_row,) = fetch(baseline.MEASURE, SLUG)
    measure = dict(zip(("id", "slug", "name", "unit"), measure_row, strict=True))
    rows = fetch(baseline.SQL, measure["id"])
    ids = sorted({row[-1] for row in rows if row[-1] is not None})
    sources = fetch(baseline.SOURCES.format(ids=",".join(str(int(i)) for i in ids) or "NULL"))
    return baseline.build(measure, rows, sources, tolerance, include_superseded=include_superseded)


async def _timed(run: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await run()
    return time.perf_counter() - started


def measure(
    engine: str,
    *,
    figures: int,
    speakers: int,
    repeats: int,
    include_superseded: bool = False,
    whole: bool = False,
) -> dict[str, Any]:
    """Time endpoint, floor and chart on one engine, interleaved; count the statements."""
    with database(engine) as url:
        result = asyncio.run(
            _measure(
                url,
                figures=figures,
                speakers=speakers,
                repeats=repeats,
                include_superseded=include_superseded,
                whole=whole,
            )
        )
    return {"engine": engine, "figures": figures, "speakers": speakers, **result}


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


async def _measure(
    url: str,
    *,
    figures: int,
    speakers: int,
    repeats: int,
    include_superseded: bool,
    whole: bool,
) -> dict[str, Any]:
    settings = Settings(database_url=url)
    app = create_app(settings)
    db: Database = app.state.db
    await populate(db, figures=figures, speakers=speakers)
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client,
        baseline_runner(
            url, settings.approx_tolerance, include_superseded=include_superseded
        ) as floor,
    ):
        path = endpoint_path(include_superseded=include_superseded)
        chart_path = path.replace("/comparison?", "/chart.svg?")

        async def endpoint() -> bytes:
            response = await client.get(path)
            response.raise_for_status()
            return response.content

        async def chart() -> bytes:
            response = await client.get(chart_path)
            response.raise_for_status()
            return response.content

        statements, sample = await _statements_and_sample(db, endpoint)
        full = orjson.loads(await floor())
        differ = baseline.differences(baseline.paged(full), orjson.loads(sample))
        if whole:
            differ += baseline.differences(full, await whole_answer(client, path))
        svg = (await chart()).decode()
        times: dict[str, list[float]] = {"endpoint": [], "floor": [], "chart": []}
        for _ in range(repeats):
            times["endpoint"].append(await _timed(endpoint))
            times["floor"].append(await _timed(floor))
            times["chart"].append(await _timed(chart))
    await db.dispose()
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        **medians,
        "ratio": medians["endpoint"] / medians["floor"],
        "statements": statements,
        "differences": differ,
        "bytes": len(sample),
        "full_bytes": len(orjson.dumps(full)),
        "sampled": "A sample:" in svg,
    }


def _sizes(text: str) -> list[tuple[int, int]]:
    """'10000:100,70000:2000' as (figures, speakers) pairs."""
    return [(int(f), int(s)) for f, s in (part.split(":") for part in text.split(","))]


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=_sizes("10000:100,70000:2000"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument(
        "--include-superseded",
        action="store_true",
        help="count superseded figures (asked of both the endpoint and the baseline)",
    )
    parser.add_argument(
        "--whole", action="store_true", help="also check every page put together (slow)"
    )
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = [
        measure(
            engine,
            figures=figures,
            speakers=speakers,
            repeats=args.repeats,
            include_superseded=args.include_superseded,
            whole=args.whole,
        )
        for figures, speakers in args.sizes
        for engine in engines
    ]
    counted = ", superseded figures counted" if args.include_superseded else ""
    table = Table(title=f"Measure comparison{counted} (medians of {args.repeats})")
    columns: tuple[str, ...] = ("figures", "speakers", "engine", "endpoint (ms)", "floor (ms)")
    columns += ("ratio",)
    columns += ("SQL statements", "response", "whole answer", "chart.svg (ms)", "chart")
    for column in columns:
        table.add_column(column)
    for r in results:
        table.add_row(
            f"{r['figures']:,}",
            f"{r['speakers']:,}",
            r["engine"],
            f"{r['endpoint'] * 1000:,.1f}",
            f"{r['floor'] * 1000:,.1f}",
            f"{r['ratio']:.2f}",
            str(r["statements"]),
            f"{r['bytes'] / 1e6:.2f} MB",
            f"{r['full_bytes'] / 1e6:.1f} MB",
            f"{r['chart'] * 1000:,.1f}",
            "sample" if r["sampled"] else "every figure",
        )
    console = Console(width=200)
    console.print(table)
    failed = [r for r in results if r["ratio"] > args.max_ratio or r["differences"]]
    for r in failed:
        where = f"{r['engine']}, {r['figures']:,} figures"
        console.print(f"[red]{where}: ratio {r['ratio']:.2f} (at most {args.max_ratio})")
        for difference in r["differences"][:20]:
            console.print(f"[red]  differs at {difference}")
        if len(r["differences"]) > 20:
            console.print(f"[red]  ... {len(r['differences']) - 20} more differences")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
