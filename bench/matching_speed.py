"""POST /v1/claims/match time on a generated store (bench.generate), in process over ASGI.

The queries are the texts of stored claims picked evenly through the store, the last word
of each dropped (so no query is a stored text to the letter), sent one at a time after a
warm-up; p50 and p99 of the whole request, the worker process's scoring included.

    python -m bench.matching_speed --sqlite bench/data/claims-100000.db
    python -m bench.matching_speed --database-url postgresql://postgres@host/claimtrack_bench_100000
"""

import argparse
import asyncio
import statistics
import sys
import time

import httpx

from app.main import create_app
from app.settings import Settings

WARM_UP = 5


async def measure(database_url: str, queries: int) -> list[float]:
    """The seconds each match request took."""
    settings = Settings(
        database_url=database_url, rate_limit_per_minute=0, anonymous_rate_limit_per_minute=0
    )
    app = create_app(settings)
    seconds = []
    async with app.router.lifespan_context(app):
        database = app.state.db
        total = (await database.fast.fetch("SELECT max(id) FROM claims", {}))[0][0]
        step = max(1, total // (queries + WARM_UP))
        sql = "SELECT text FROM claims WHERE id = :id"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for number in range(queries + WARM_UP):
                rows = await database.fast.fetch(sql, {"id": 1 + number * step})
                if not rows:
                    continue
                text = " ".join(rows[0][0].split()[:-1]) or rows[0][0]
                started = time.perf_counter()
                response = await client.post("/v1/claims/match", json={"text": text})
                if response.status_code != 200:
                    raise SystemExit(f"{response.status_code}: {response.text}")
                if number >= WARM_UP:
                    seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Print p50 and p99 of POST /v1/claims/match."""
    parser = argparse.ArgumentParser(description="Time POST /v1/claims/match.")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", help="a generated SQLite file")
    where.add_argument("--database-url", help="a generated database")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    url = args.database_url or f"sqlite:///{args.sqlite}"
    seconds = sorted(asyncio.run(measure(url, args.queries)))
    p99 = seconds[min(len(seconds) - 1, len(seconds) * 99 // 100)]
    print(
        f"POST /v1/claims/match, {len(seconds)} queries: p50 "
        f"{statistics.median(seconds) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
