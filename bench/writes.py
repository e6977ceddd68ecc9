"""Single writes: `POST /v1/claims` with a figure, as fast as 4 connections go, and what the
writes do to a steady read load beside them.

Per engine (SQLite file, PostgreSQL database of its own): migrate, load the demo data, make a
write key with the command line, start `claimtrack serve` with 4 workers (the issue's setting;
`--workers`), then

1. reads alone: `GET /v1/claims` pages at a fixed rate (`--read-rate`, 50/s) for `--seconds`;
2. writes and the same reads at once: wrk posting claims on `--connections` connections (each
   claim new: its text carries the connection's seed and a counter; speaker, measure, date and
   value drawn at random from the demo's speakers and km² measures, so no fixed request is
   tuned to), the read load as in 1.

It prints claims/s, the write p50/p99, the read p99 alone and beside the writes and its ratio,
against issue 12's targets: at least 500 claims/s on SQLite and 800/s on PostgreSQL, write p99
under 50 ms, read p99 beside writes within 2x of alone. `--json PATH` keeps the figures. It
exits 1 when any request failed (a non-2xx answer or a socket error), and with `--check` also
when a target is missed.

Run: python -m bench.writes [--engine sqlite|postgresql|both] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import servers as srv
from bench import wrk
from bench.engines import postgres_database, sqlite_database
from bench.hostile import create_write_key

TARGET_RATE = {"sqlite": 500.0, "postgresql": 800.0}
TARGET_WRITE_P99_MS = 50.0
TARGET_READ_RATIO = 2.0

SETUP = """local key = %(key)s
local speakers = {%(speakers)s}
local measures = {%(measures)s}
local counter = 0
local run = %(run)d"""

POST_CLAIM = """request = function()
  counter = counter + 1
  local speaker = speakers[math.random(#speakers)]
  local measure = measures[math.random(#measures)]
  local day = math.random(1, 28)
  local value = math.random(1, 5000)
  local body = string.format(
    '{"speaker_id": %d, "text": "Bench write %d-%d: %d square kilometres", ' ..
    '"said_on": "2024-07-%02d", "figures": [{"measure_id": %d, "value": %d, ' ..
    '"unit": "km2", "qualifier": "more_than"}]}',
    speaker, run, counter, value, day, measure, value)
  return wrk.format("POST", "/v1/claims", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }, body)
end"""


@dataclass
class Outcome:
    """One engine's run."""

    engine: str
    workers: int
    connections: int
    claims: int
    claims_per_s: float
    write_p50_ms: float
    write_p99_ms: float
    write_errors: int
    read_p99_alone_ms: float
    read_p99_beside_ms: float
    read_errors: int

    @property
    def read_ratio(self) -> float:
        """Read p99 beside the writes over alone."""
        return self.read_p99_beside_ms / self.read_p99_alone_ms if self.read_p99_alone_ms else 0

    def misses(self) -> list[str]:
        """The targets this run missed, said."""
        missed = []
        target = TARGET_RATE[self.engine]
        if self.claims_per_s < target:
            missed.append(f"{self.engine}: {self.claims_per_s:,.0f} claims/s < {target:,.0f}")
        if self.write_p99_ms >= TARGET_WRITE_P99_MS:
            missed.append(f"{self.engine}: write p99 {self.write_p99_ms:.1f} ms >= 50 ms")
        if self.read_ratio >= TARGET_READ_RATIO:
            missed.append(f"{self.engine}: read p99 beside writes {self.read_ratio:.2f}x >= 2x")
        if self.write_errors or self.read_errors:
            missed.append(
                f"{self.engine}: {self.write_errors} write and {self.read_errors} read errors"
            )
        return missed


@contextmanager
def database(engine: str) -> Iterator[str]:
    """A migrated database of the engine with the demo data loaded."""
    made = sqlite_database() if engine == "sqlite" else postgres_database()
    with made as url:
        env = {**os.environ, "CLAIMTRACK_DATABASE_URL": url}
        subprocess.run([srv._bin("claimtrack"), "demo"], env=env, check=True, capture_output=True)
        yield url


def _demo_ids(base_url: str) -> tuple[list[int], list[int]]:
    """The demo's speakers, and its measures in km² (the unit every posted figure is in)."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        speakers = [s["id"] for s in client.get("/v1/speakers?limit=100").json()["items"]]
        measures = [
            m["id"]
            for m in client.get("/v1/measures?limit=100").json()["items"]
            if m["unit"] in ("km²", "km2", "square kilometre")
        ]
    if not speakers or not measures:
        raise SystemExit("the demo data has no speakers or no km² measure")
    return speakers, measures


def _lua_ints(values: list[int]) -> str:
    return ", ".join(str(value) for value in values)


def _reads(base_url: str, work: Path, rate: float, seconds: float) -> wrk.WrkResult:
    paths = ["/v1/claims", "/v1/claims?limit=5", "/v1/claims?sort=-said_on&limit=10"]
    script = wrk.write_script(work / "reads.lua", paths, rate=rate)
    return wrk.run(base_url, script, connections=8, seconds=seconds)


def run_engine(engine: str, args: argparse.Namespace, work: Path, console: Console) -> Outcome:
    """The two phases on one engine."""
    with database(engine) as url:
        key = create_write_key(url)
        settings = {
            "CLAIMTRACK_WORKERS": str(args.workers),
            "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": "0",
        }
        server = srv.start_claimtrack(f"writes-{engine}", url, work / "logs", settings)
        try:
            srv.wait_ready(server, "/v1/claims")
            speakers, measures = _demo_ids(server.base_url)
            run = random.randrange(1_000_000)
            values = {
                "key": wrk._lua_string(key),
                "speakers": _lua_ints(speakers),
                "measures": _lua_ints(measures),
                "run": run,
            }
            script = wrk.write_request_script(
                work / f"writes-{engine}.lua", SETUP % values, POST_CLAIM, seed=run
            )
            _reads(server.base_url, work, args.read_rate, 2)  # warm every worker's reads
            console.print(f"{engine}: reads alone for {args.seconds:g} s")
            alone = _reads(server.base_url, work, args.read_rate, args.seconds)
            console.print(f"{engine}: writes on {args.connections} connections, reads beside")
            beside: dict[str, wrk.WrkResult] = {}
            reader = threading.Thread(
                target=lambda: beside.setdefault(
                    "reads", _reads(server.base_url, work, args.read_rate, args.seconds)
                )
            )
            reader.start()
            writes = wrk.run(
                server.base_url, script, connections=args.connections, seconds=args.seconds
            )
            reader.join()
        finally:
            server.stop()
    return Outcome(
        engine=engine,
        workers=args.workers,
        connections=args.connections,
        claims=writes.requests,
        claims_per_s=writes.rate,
        write_p50_ms=writes.p50_ms,
        write_p99_ms=writes.p99_ms,
        write_errors=writes.errors,
        read_p99_alone_ms=alone.p99_ms,
        read_p99_beside_ms=beside["reads"].p99_ms,
        read_errors=alone.errors + beside["reads"].errors,
    )


def show(outcomes: list[Outcome], console: Console) -> None:
    """The table, targets beside the figures."""
    table = Table(title="single writes: POST /v1/claims with one figure")
    for column in (
        "engine",
        "workers / conns",
        "claims/s",
        "x target",
        "write p50 / p99 ms",
        "read p99 alone / beside ms",
        "read ratio",
        "errors",
    ):
        table.add_column(column, justify="right")
    for item in outcomes:
        table.add_row(
            item.engine,
            f"{item.workers} / {item.connections}",
            f"{item.claims_per_s:,.0f}",
            f"{item.claims_per_s / TARGET_RATE[item.engine]:.2f}x",
            f"{item.write_p50_ms:.1f} / {item.write_p99_ms:.1f}",
            f"{item.read_p99_alone_ms:.1f} / {item.read_p99_beside_ms:.1f}",
            f"{item.read_ratio:.2f}x",
            f"{item.write_errors} / {item.read_errors}",
        )
    console.print(table)
    console.print(
        "targets: >= 500 claims/s (SQLite), >= 800 (PostgreSQL); write p99 < 50 ms; "
        "read p99 beside writes < 2x alone"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--read-rate", type=float, default=50.0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Both phases on each engine, then the table."""
    args = parse_args(argv)
    console = Console()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="writes-") as folder:
        for engine in engines:
            outcomes.append(run_engine(engine, args, Path(folder), console))
    show(outcomes, console)
    misses = [miss for item in outcomes for miss in item.misses()]
    for miss in misses:
        console.print(f"[red]missed[/red] {miss}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures: list[dict[str, Any]] = [
            {**asdict(item), "read_ratio": item.read_ratio} for item in outcomes
        ]
        args.json.write_text(
            json.dumps({"args": vars(args) | {"json": str(args.json)}, "runs": figures}, indent=2)
        )
    failed = any(item.write_errors or item.read_errors for item in outcomes)
    return 1 if failed or (args.check and misses) else 0


if __name__ == "__main__":
    raise SystemExit(main())
