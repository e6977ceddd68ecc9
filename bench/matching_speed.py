"""POST /v1/claims/match time on a generated store (bench.generate), in process over ASGI.

The queries are stored claims drawn at random (a seed per run, printed; --seed repeats a
draw), the last word of each text dropped (so no query is a stored text to the letter), sent
one at a time after a warm-up, in turn as three kinds: the text alone; the text with the
claim's speaker and day (candidates by speaker and day too); the text with the claim's
figures in the write form (candidates by measure too). p50 and p99 of the whole request,
the worker process's scoring included, per kind and over all.

    python -m bench.matching_speed --sqlite bench/data/claims-100000.db
    python -m bench.matching_speed --database-url postgresql://postgres@host/claimtrack_bench_100000
"""

import argparse
import asyncio
import random
import statistics
import sys
import time

import httpx

from app.main import create_app
from app.settings import Settings

WARM_UP = 5


KINDS = ("text", "speaker", "figures")
CLAIM = "SELECT text, speaker_id, said_on FROM claims WHERE id = :id"
FIGURES = """SELECT measure_id, value, unit, qualifier, lower, upper FROM figures
    WHERE claim_id = :id ORDER BY position LIMIT 3"""


def _body(kind: str, claim: tuple, figures: list[tuple]) -> dict:
    """The match request of one kind for a stored claim (its text's last word dropped)."""
    text = " ".join(claim[0].split()[:-1]) or claim[0]
    body: dict = {"text": text}
    if kind == "speaker":
        body.update(speaker=claim[1], said_on=str(claim[2])[:10])
    elif kind == "figures":
        body["figures"] = [
            {"measure_id": m, "value": v, "unit": u, "qualifier": q}
            | ({"lower": lo, "upper": up} if q == "range" else {})
            for m, v, u, q, lo, up in figures
        ]
    return body


async def measure(database_url: str, queries: int, seed: int) -> dict[str, list[float]]:
    """The seconds each match request took, by kind."""
    settings = Settings(
        database_url=database_url, rate_limit_per_minute=0, anonymous_rate_limit_per_minute=0
    )
    app = create_app(settings)
    rng = random.Random(seed)
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    async with app.router.lifespan_context(app):
        database = app.state.db
        total = (await database.fast.fetch("SELECT max(id) FROM claims", {}))[0][0]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            number = 0
            while number < queries + WARM_UP:
                claim_id = rng.randint(1, total)
                rows = await database.fast.fetch(CLAIM, {"id": claim_id})
                if not rows:
                    continue
                kind = KINDS[number % len(KINDS)]
                figures = await database.fast.fetch(FIGURES, {"id": claim_id})
                body = _body(kind, tuple(rows[0]), [tuple(f) for f in figures])
                started = time.perf_counter()
                response = await client.post("/v1/claims/match", json=body)
                if response.status_code != 200:
                    raise SystemExit(f"{response.status_code}: {response.text}")
                if number >= WARM_UP:
                    seconds[kind].append(time.perf_counter() - started)
                number += 1
    return seconds


def _line(name: str, seconds: list[float]) -> str:
    seconds = sorted(seconds)
    p99 = seconds[min(len(seconds) - 1, len(seconds) * 99 // 100)]
    return (
        f"POST /v1/claims/match, {name}, {len(seconds)} queries: p50 "
        f"{statistics.median(seconds) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Print p50 and p99 of POST /v1/claims/match, per kind of query and over all."""
    parser = argparse.ArgumentParser(description="Time POST /v1/claims/match.")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", help="a generated SQLite file")
    where.add_argument("--database-url", help="a generated database")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, help="the draw of claims (default: a new one)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    print(f"claims drawn with seed {seed} (repeat the draw: --seed)")
    url = args.database_url or f"sqlite:///{args.sqlite}"
    by_kind = asyncio.run(measure(url, args.queries, seed))
    for kind, seconds in by_kind.items():
        print(_line(kind, seconds))
    print(_line("all", [s for seconds in by_kind.values() for s in seconds]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
