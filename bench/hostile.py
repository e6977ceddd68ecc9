"""Reads under attack: a steady GET /v1/claims load, quiet and beside hostile clients.

One `claimtrack serve` (one worker, SQLite, generated claims, every limit at its default) gets a
fixed-rate load of `GET /v1/claims` pages, first alone, then while three attacks run from this
process: anonymous clients posting large texts to /v1/extract without pause (429s included), a
write key importing an array of invalid rows over and over, and sockets trickling a request
head a header every second (reconnecting when cut off). The steady load is wrk (`--load wrk`,
the default: C, one thread, 16 connections, paced by its script's delay(), each request timed
from its sending); `--load python` is an httpx process timing each request from its scheduled
time, so a stalled server is not hidden by a client that waits for it, but its own overhead
(about 4 ms a request, tens of ms at its p99) sets the floor of both phases. Quiet and attack
phases take turns (`--rounds`, 3 of each by default): the python load's latencies are pooled
per kind, wrk's percentiles are the median of the rounds. Prints p50/p99 of both kinds, each
round's p99s, their ratio (target: under attack p99 < 3x quiet), the server's peak RSS (VmHWM;
target < 500 MB) and what each attack got.

Run: python -m bench.hostile [--claims 10000] [--duration 20] [--rounds 3] [--rate 50]
     [--load wrk|python] [--json PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import servers as srv
from bench import wrk
from bench.extraction_speed import _corpus, news_text
from bench.generate import load_sqlite
from bench.search import ensure_sqlite

TARGET_RATIO = 3.0
TARGET_RSS_MB = 500.0


@dataclass
class Phase:
    """The steady load's latencies (ms) and statuses in one phase."""

    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    # wrk gives its percentiles, not each latency: {share: ms}, and its request count
    summary: dict[float, float] = field(default_factory=dict)
    requests: int = 0
    longest: float = 0.0

    def percentile(self, share: float) -> float:
        """The latency below which `share` of the requests finished."""
        if self.summary:
            return self.summary[share]
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    @property
    def count(self) -> int:
        """How many requests the phase made."""
        return self.requests or len(self.latencies)

    @property
    def max_ms(self) -> float:
        """The longest request."""
        return self.longest or max(self.latencies, default=0.0)


@dataclass
class Attacks:
    """What the attackers sent and got back."""

    extract: Counter[str] = field(default_factory=Counter)
    imports: Counter[str] = field(default_factory=Counter)
    import_seconds: list[float] = field(default_factory=list)
    slow_connections: int = 0
    slow_held: list[float] = field(default_factory=list)


# --- the steady load, in a process of its own --------------------------------------------------


async def _steady(url: str, rate: float, seconds: float, paths: list[str]) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    # Idle connections are dropped before the server's 5 s keep-alive closes them, so that no
    # request races a closing connection.
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32, keepalive_expiry=2)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:

        async def one(path: str, scheduled: float) -> None:
            try:
                status = str((await client.get(path)).status_code)
            except httpx.HTTPError as error:
                status = type(error).__name__
            statuses[status] += 1
            latencies.append((time.perf_counter() - scheduled) * 1000)

        began = time.perf_counter()
        tasks = []
        for n in range(int(rate * seconds)):
            scheduled = began + n / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            tasks.append(asyncio.create_task(one(paths[n % len(paths)], scheduled)))
        await asyncio.gather(*tasks)
    return {"latencies": latencies, "statuses": dict(statuses)}


def _steady_process(
    url: str, rate: float, seconds: float, paths: list[str], out: multiprocessing.Queue[Any]
) -> None:
    out.put(asyncio.run(_steady(url, rate, seconds, paths)))


STEADY_PATHS = [
    "/v1/claims?limit=50",
    "/v1/claims?limit=20&sort=said_on",
    "/v1/claims?limit=50&has_figures=true",
]


def steady_load(url: str, rate: float, seconds: float, name: str, load: str = "wrk") -> Phase:
    """The fixed-rate load: wrk (C, paced by the script's delay(), timed from each send), or
    with load="python" an httpx process timed from each request's schedule."""
    if load == "wrk":
        with tempfile.TemporaryDirectory(prefix="steady-") as folder:
            script = wrk.write_script(Path(folder) / "steady.lua", STEADY_PATHS, rate=rate)
            done = wrk.run(url, script, connections=16, seconds=seconds)
        statuses = Counter({"200": done.requests - done.errors, "error": done.errors})
        return Phase(
            name,
            statuses=+statuses,
            summary={0.5: done.p50_ms, 0.99: done.p99_ms},
            requests=done.requests,
            longest=done.max_ms,
        )
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[Any] = context.Queue()
    paths = STEADY_PATHS
    process = context.Process(target=_steady_process, args=(url, rate, seconds, paths, queue))
    process.start()
    result = queue.get(timeout=seconds + 120)
    process.join()
    return Phase(name, result["latencies"], Counter(result["statuses"]))


# --- the attacks -------------------------------------------------------------------------------


async def _extract_flood(url: str, text: str, attacks: Attacks, stop: asyncio.Event) -> None:
    body = {"text": text, "said_on": "2024-08-14"}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        while not stop.is_set():
            try:
                status = str((await client.post("/v1/extract", json=body)).status_code)
            except httpx.HTTPError as error:
                status = type(error).__name__
            attacks.extract[status] += 1


async def _invalid_imports(
    url: str, key: str, rows: int, attacks: Attacks, stop: asyncio.Event
) -> None:
    bad = [{"speaker": "", "text": "", "said_on": "14 August", "figures": [{"unit": "?"}]}] * rows
    body = json.dumps(bad).encode()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as client:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                status = str((await client.post("/v1/import", content=body)).status_code)
            except httpx.HTTPError as error:
                status = type(error).__name__
            attacks.imports[status] += 1
            attacks.import_seconds.append(time.perf_counter() - began)


async def _slow_header(host: str, port: int, attacks: Attacks, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.5)
            continue
        attacks.slow_connections += 1
        opened = time.perf_counter()
        try:
            writer.write(b"GET /v1/claims HTTP/1.1\r\nHost: bench\r\n")
            while not stop.is_set():
                writer.write(b"X-Slow: 1\r\n")
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1024), timeout=1.0) == b"":
                        break
                except TimeoutError:
                    continue
        except OSError:
            pass
        finally:
            if not stop.is_set():
                attacks.slow_held.append(time.perf_counter() - opened)
            writer.close()


async def _attack(
    server: srv.Server, args: argparse.Namespace, key: str, text: str, attacks: Attacks
) -> Phase:
    stop = asyncio.Event()
    host, port = server.base_url.removeprefix("http://").split(":")
    tasks = [
        *(
            _extract_flood(server.base_url, text, attacks, stop)
            for _ in range(args.extract_clients)
        ),
        *(
            _invalid_imports(server.base_url, key, args.import_rows, attacks, stop)
            for _ in range(1 if args.import_rows else 0)
        ),
        *(_slow_header(host, int(port), attacks, stop) for _ in range(args.slow)),
    ]
    running = [asyncio.create_task(task) for task in tasks]
    await asyncio.sleep(args.ramp)
    phase = await asyncio.to_thread(
        steady_load, server.base_url, args.rate, args.duration, "under attack", args.load
    )
    stop.set()
    await asyncio.gather(*running, return_exceptions=True)
    return phase


# --- setup and report --------------------------------------------------------------------------


def prepare_database(claims: int, seed: int, work: Path, cached: bool, console: Console) -> Path:
    """A private copy of the generated claims (the cached file under bench/data stays as is)."""
    target = work / "hostile.db"
    if not cached:
        load_sqlite(target, claims, seed, console)
        return target
    source = ensure_sqlite(claims, seed, console)
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return target


def create_write_key(database_url: str) -> str:
    """A write key made with the command line, as an operator would."""
    return srv.create_key(database_url, "hostile-bench")


def warm_up(url: str, text: str, args: argparse.Namespace, console: Console) -> None:
    """Load what extraction loads the first time (unit registry, patterns, the units of the
    attack's text) and warm the reads: the attack meets a warm server, as in production."""
    began = time.perf_counter()
    for size in (200, 5000):
        body = {"text": text[:size], "said_on": "2024-08-14"}
        httpx.post(f"{url}/v1/extract", json=body, timeout=120)
    steady_load(url, args.rate, min(args.duration, 3.0), "warm-up", args.load)
    console.print(f"warmed up in {time.perf_counter() - began:.1f} s")


def report(quiet: Phase, attacked: Phase, attacks: Attacks, rss_mb: float) -> dict[str, Any]:
    """Every figure of the run, and whether the targets were met."""
    ratio = attacked.percentile(0.99) / max(quiet.percentile(0.99), 1e-9)
    return {
        "phases": {
            phase.name: {
                "requests": phase.count,
                "statuses": dict(phase.statuses),
                "p50_ms": round(phase.percentile(0.50), 2),
                "p99_ms": round(phase.percentile(0.99), 2),
                "max_ms": round(phase.max_ms, 2),
            }
            for phase in (quiet, attacked)
        },
        "p99_ratio": round(ratio, 2),
        "p99_target_met": ratio < TARGET_RATIO,
        "peak_rss_mb": round(rss_mb, 1),
        "rss_target_met": rss_mb < TARGET_RSS_MB,
        "attacks": {
            "extract_statuses": dict(attacks.extract),
            "import_statuses": dict(attacks.imports),
            "import_median_s": round(statistics.median(attacks.import_seconds or [0.0]), 2),
            "slow_connections_opened": attacks.slow_connections,
            "slow_held_median_s": round(statistics.median(attacks.slow_held or [0.0]), 1),
            "slow_held_max_s": round(max(attacks.slow_held, default=0.0), 1),
        },
    }


def render(result: dict[str, Any], console: Console) -> None:
    """The phases side by side with their ratios, then what the attackers got."""
    table = Table("phase", "requests", "statuses", "p50 ms", "p99 ms", "max ms")
    for name, phase in result["phases"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(phase["statuses"].items()))
        table.add_row(
            name,
            str(phase["requests"]),
            statuses,
            f"{phase['p50_ms']:.2f}",
            f"{phase['p99_ms']:.2f}",
            f"{phase['max_ms']:.2f}",
        )
    console.print(table)
    quiet, attacked = result["phases"].values()
    p50_ratio = attacked["p50_ms"] / max(quiet["p50_ms"], 1e-9)
    targets = Table("figure", "value", "target", "met")
    targets.add_row("p50 under attack / quiet", f"{p50_ratio:.2f}x", "", "")
    met = "yes" if result["p99_target_met"] else "NO"
    targets.add_row("p99 under attack / quiet", f"{result['p99_ratio']:.2f}x", "< 3x", met)
    met = "yes" if result["rss_target_met"] else "NO"
    targets.add_row("server peak RSS", f"{result['peak_rss_mb']:.0f} MB", "< 500 MB", met)
    console.print(targets)
    rounds = "; ".join(
        f"{r['quiet_p99_ms']:.1f} / {r['attack_p99_ms']:.1f}" for r in result.get("rounds", [])
    )
    console.print(f"p99 ms per round, quiet / under attack: {rounds}")
    console.print(f"attacks: {result['attacks']}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The run's size; the defaults are the figures in bench/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-cache", action="store_true", help="generate into a temp dir")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    parser.add_argument(
        "--rounds", type=int, default=3, help="quiet and attack phases in turn, this many each"
    )
    parser.add_argument("--ramp", type=float, default=3.0, help="attack seconds before measuring")
    parser.add_argument("--rate", type=float, default=50.0, help="steady GETs per second")
    parser.add_argument(
        "--load",
        choices=("wrk", "python"),
        default="wrk",
        help="the steady load's client: wrk (timed from each send) or httpx (from the schedule)",
    )
    parser.add_argument("--extract-clients", type=int, default=4, help="0: no extract flood")
    parser.add_argument("--extract-kb", type=int, default=100)
    parser.add_argument("--import-rows", type=int, default=20_000, help="0: no import")
    parser.add_argument("--slow", type=int, default=200, help="slow-header sockets (0: none)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def pooled(phases: list[Phase], name: str) -> Phase:
    """Several phases of one kind as one: their latencies pooled, or (wrk gives percentiles
    only) the median of their percentiles."""
    merged = Phase(name)
    for phase in phases:
        merged.latencies.extend(phase.latencies)
        merged.statuses.update(phase.statuses)
    if any(phase.summary for phase in phases):
        merged.summary = {
            share: statistics.median(phase.summary[share] for phase in phases)
            for share in (0.5, 0.99)
        }
        merged.requests = sum(phase.count for phase in phases)
        merged.longest = max(phase.max_ms for phase in phases)
    return merged


def main(argv: list[str] | None = None) -> int:
    """Quiet and attack phases in turn, `--rounds` times each; report the pooled phases."""
    args = parse_args(argv)
    console = Console()
    paragraphs, _speakers = _corpus()
    text = news_text(args.extract_kb * 1024, paragraphs)[: args.extract_kb * 1024]
    quiet_phases: list[Phase] = []
    attack_phases: list[Phase] = []
    attacks = Attacks()
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        work = Path(folder)
        path = prepare_database(args.claims, args.seed, work, not args.no_cache, console)
        database_url = f"sqlite:///{path}"
        key = create_write_key(database_url)
        server = srv.start_claimtrack("hostile", database_url, work / "logs")
        try:
            srv.wait_ready(server, "/v1/claims?limit=1")
            warm_up(server.base_url, text, args, console)
            for round_ in range(1, args.rounds + 1):
                console.print(
                    f"round {round_}/{args.rounds}, quiet: {args.rate:g} GET/s for "
                    f"{args.duration:g} s"
                )
                quiet_phases.append(
                    steady_load(
                        server.base_url, args.rate, args.duration, f"quiet {round_}", args.load
                    )
                )
                console.print(
                    f"round {round_}/{args.rounds}, attack: {args.extract_clients} extract "
                    f"flooders ({args.extract_kb} KB), imports of {args.import_rows} invalid "
                    f"rows, {args.slow} slow-header sockets"
                )
                attacked = asyncio.run(_attack(server, args, key, text, attacks))
                attacked.name = f"under attack {round_}"
                attack_phases.append(attacked)
            rss_mb = srv.peak_rss_mb(server.process.pid)
        finally:
            server.stop()
    quiet, attacked = pooled(quiet_phases, "quiet"), pooled(attack_phases, "under attack")
    result = report(quiet, attacked, attacks, rss_mb)
    result["rounds"] = [
        {
            "quiet_p99_ms": round(q.percentile(0.99), 2),
            "attack_p99_ms": round(a.percentile(0.99), 2),
        }
        for q, a in zip(quiet_phases, attack_phases, strict=True)
    ]
    render(result, console)
    if args.json:
        settings = {name: str(value) for name, value in vars(args).items()}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"args": settings, **result}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
