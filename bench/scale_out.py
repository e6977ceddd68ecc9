"""Scale-out on this machine: one PostgreSQL primary, one streaming standby and two claimtrack
instances reading from it (CLAIMTRACK_DATABASE_REPLICA_URLS), against one instance on the
primary alone.

Reports read throughput (wrk on a mix of get-by-id and per-speaker pages, one wrk per instance
at once), the CPU each part used per 1,000 reads (what bench/README.md's capacity model is
built from), and read-your-writes latency: a write, then a read of it carrying the write's
Claimtrack-Read-After, and how long until a read without it sees the write.

    python -m bench.scale_out --claims 100000 --seconds 10 --json bench/out/scale_out.json
"""

import argparse
import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from bench import servers as srv
from bench import wrk
from bench.generate import load_postgres
from bench.postgres_servers import PostgresServer, Replicated, replicated_postgres

OUT = Path(__file__).resolve().parent / "out"
DATABASE = "claimtrack"
READ_AFTER = "Claimtrack-Read-After"
UNMETERED = {
    "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": "0",
    "CLAIMTRACK_ANONYMOUS_RATE_LIMIT_PER_MINUTE": "0",
}
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Throughput:
    """One read run: requests per second over every instance, latency, CPU per 1,000 reads (ms
    of a core), and the cores kept busy by everything else (wrk, other work on the machine)."""

    setup: str
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    app_cpu_ms: float
    primary_cpu_ms: float
    standby_cpu_ms: float
    other_cores: float


@dataclass
class Freshness:
    """Write-then-read pairs: the write, the read that carried its position, and when a read
    without it first saw the write (ms, medians and 99th percentiles)."""

    setup: str
    writes: int
    write_p50_ms: float
    read_after_p50_ms: float
    read_after_p99_ms: float
    seen_by_all_p50_ms: float
    seen_by_all_p99_ms: float
    stale_reads_with_position: int


def _load(claims: int, seed: int, console: Console) -> Callable[[PostgresServer], None]:
    def load(primary: PostgresServer) -> None:
        primary.sql(f"CREATE DATABASE {DATABASE}")
        report = load_postgres(primary.url(DATABASE), claims, seed, console)
        console.print(f"loaded {claims} claims in {report.seconds} s")

    return load


def _paths(primary: PostgresServer, claims: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    speakers = primary.sql(
        "SELECT DISTINCT speaker_id FROM claims ORDER BY 1 LIMIT 200", DATABASE
    ).split()
    ids = rng.sample(range(1, claims + 1), min(1000, claims))
    return [f"/v1/claims/{i}" for i in ids] + [
        f"/v1/claims?speaker={speaker}&limit=50" for speaker in speakers
    ]


@contextmanager
def _instances(count: int, servers: Replicated, *, replicas: bool) -> Iterator[list[srv.Server]]:
    settings = dict(UNMETERED)
    if replicas:
        settings["CLAIMTRACK_DATABASE_REPLICA_URLS"] = servers.standby.url(DATABASE)
    kind = "replicated" if replicas else "alone"
    started = [
        srv.start_claimtrack(f"{kind}-{n}", servers.primary.url(DATABASE), OUT / "logs", settings)
        for n in range(count)
    ]
    try:
        for server in started:
            srv.wait_ready(server, "/readyz")
        yield started
    finally:
        for server in started:
            server.stop()


def _cpu_ms(instances: list[srv.Server], servers: Replicated) -> list[float]:
    """CPU so far (ms) of the instances, the primary and the standby: every process alive now,
    so that one born since the last count (a pool's new connection) counts whole."""
    app = [pid for server in instances for pid in srv.process_tree(server.process.pid)]
    groups = (app, servers.primary.pids(), servers.standby.pids())
    return [wrk.process_ticks(pids) * 1000 / TICKS for pids in groups]


def _throughput(
    setup: str, instances: list[srv.Server], servers: Replicated, script: Path, seconds: float
) -> Throughput:
    before = _cpu_ms(instances, servers)
    busy, total = wrk.machine_ticks()
    with ThreadPoolExecutor(len(instances)) as pool:
        runs = list(
            pool.map(
                lambda server: wrk.run(server.base_url, script, connections=16, seconds=seconds),
                instances,
            )
        )
    used = [after - start for after, start in zip(_cpu_ms(instances, servers), before, strict=True)]
    busy_after, total_after = wrk.machine_ticks()
    reads = sum(run.requests for run in runs)
    per_thousand = [round(value * 1000 / max(reads, 1), 1) for value in used]
    elapsed_ms = (total_after - total) / len(os.sched_getaffinity(0)) * 1000 / TICKS
    others = ((busy_after - busy) * 1000 / TICKS - sum(used)) / max(elapsed_ms, 1)
    return Throughput(
        setup,
        round(sum(run.rate for run in runs)),
        round(statistics.mean(run.p50_ms for run in runs), 2),
        round(max(run.p99_ms for run in runs), 2),
        sum(run.errors for run in runs),
        *per_thousand,
        round(max(0.0, others), 2),
    )


def _admin_key(servers: Replicated) -> str:
    url = servers.primary.url(DATABASE)
    return srv.create_key(url, f"bench-{uuid.uuid4().hex[:8]}", scope="admin")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def _freshness(setup: str, server: srv.Server, token: str, speaker: str, count: int) -> Freshness:
    """`count` claims written one after another, each read back at once with its position, then
    polled without it until it shows."""
    writes, reads, seen, stale = [], [], [], 0
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        for number in range(count):
            body = {
                "speaker_id": int(speaker),
                "text": f"Scale-out {number} {uuid.uuid4().hex}",
                "said_on": "2024-08-14",
            }
            started = time.perf_counter()
            created = http.post("/v1/claims", json=body, headers=auth)
            written = time.perf_counter()
            created.raise_for_status()
            path = f"/v1/claims/{created.json()['id']}"
            position = {READ_AFTER: created.headers.get(READ_AFTER, "0/0")}
            stale += http.get(path, headers=position).status_code != 200
            read = time.perf_counter()
            while http.get(path).status_code != 200:
                time.sleep(0.0005)
            writes.append((written - started) * 1000)
            reads.append((read - written) * 1000)
            seen.append((time.perf_counter() - written) * 1000)
    return Freshness(
        setup,
        count,
        _percentile(writes, 0.5),
        _percentile(reads, 0.5),
        _percentile(reads, 0.99),
        _percentile(seen, 0.5),
        _percentile(seen, 0.99),
        stale,
    )


def _median(runs: list[Throughput]) -> Throughput:
    """Each figure's median over the repeats of one setup."""
    fields = [name for name in Throughput.__dataclass_fields__ if name != "setup"]
    middle = {name: statistics.median(getattr(run, name) for run in runs) for name in fields}
    return Throughput(runs[0].setup, **middle)


def run(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """Every measurement, on servers started and stopped here: the setups' read runs
    interleaved, `repeats` rounds (medians), then each setup's write-then-read pairs."""
    with (
        replicated_postgres(before_standby=_load(args.claims, args.seed, console)) as servers,
        _instances(2, servers, replicas=False) as alone,
        _instances(2, servers, replicas=True) as replicated,
    ):
        paths = _paths(servers.primary, args.claims, args.seed)
        script = wrk.write_script(OUT / "scale_out.lua", paths, seed=args.seed)
        token, speaker = _admin_key(servers), paths[-1].split("=")[1].split("&")[0]
        setups = {
            "one instance, primary only": alone[:1],
            "two instances, primary only": alone,
            "two instances, one replica": replicated,
        }
        for server in (*alone, *replicated):  # warm: pools opened whole, pages cached
            wrk.run(server.base_url, script, connections=16, seconds=min(2.0, args.seconds))
        runs: dict[str, list[Throughput]] = {setup: [] for setup in setups}
        for round_number in range(args.repeats):
            for setup, instances in setups.items():
                console.print(f"round {round_number + 1}: {setup}, reading for {args.seconds} s")
                runs[setup].append(_throughput(setup, instances, servers, script, args.seconds))
        fresh = [
            _freshness(setup, instances[0], token, speaker, args.writes)
            for setup, instances in setups.items()
        ]
    results = {
        "claims": args.claims,
        "seconds": args.seconds,
        "repeats": args.repeats,
        "cores": os.cpu_count(),
        "throughput": [asdict(_median(measured)) for measured in runs.values()],
        "read_your_writes": [asdict(pairs) for pairs in fresh],
    }
    console.print_json(data=results)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run and print (and save with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument("--writes", type=int, default=200, help="write-then-read pairs")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, help="save the results here")
    args = parser.parse_args(argv)
    console = Console()
    results = run(args, console)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
