"""Benchmark: claim search and lists at N claims, claimtrack against Datasette and a floor.

    python -m bench.search --claims 1000000 [--engine sqlite|postgresql|both]
                           [--repeats 3] [--duration 10] [--check-small]

Generates the data once (cached by N under bench/data/), starts claimtrack, Datasette and the
floor (bench/floor_app.py) on the same SQLite file, each its own process with one worker on a
loopback port, and drives them with wrk (one thread, so the server keeps the other core),
interleaved: every server on workload 1, then every server on workload 2, ..., all of it
`--repeats` times; medians are reported. Per server and workload: peak requests/s, then p50
and p99 latency at half of that server's own peak (paced by the Lua script, see bench/wrk.py);
per server: peak RSS (VmHWM, children included); per claimtrack endpoint: SQL statements per
request. With --engine postgresql or both, claimtrack also runs on PostgreSQL holding the same
data. --check-small (CI): exit 1 if claimtrack is below 4x Datasette (medians of the repeats)
on a shared workload or a list/search request needs more than 3 statements. Workloads that
claimtrack answers from its per-process memo (the fixed-URL facets) are labelled "cached" and
count for no target: the shared facet workload draws a new date window for every request.
"""

import argparse
import asyncio
import base64
import json
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import servers as srv
from bench import wrk
from bench.generate import (
    DEFAULT_SEED,
    bench_postgres_url,
    connect,
    create_postgres,
    fingerprint,
    load_postgres,
    load_sqlite,
    sidecar,
)
from bench.statements import count_statements
from bench.workloads import (
    Parameters,
    Workload,
    build,
    claimtrack_cursor,
    datasette_next,
    filter_matrix,
    sample,
)

ROOT = Path(__file__).resolve().parents[1]
DATA, OUT = ROOT / "bench" / "data", ROOT / "bench" / "out"
SQLITE_SERVERS = ("claimtrack", "datasette", "floor")
PG = "claimtrack-pg"
SHORT = {"claimtrack": "ct", "datasette": "DS", "floor": "floor", PG: "ct-pg"}
MAX_STATEMENTS = 3
TARGET_VS_DATASETTE = 4.0
# The filter matrix (issue 12): every combination's p99 at half peak and its peak, both engines.
MATRIX_P99_MS = 50.0
MATRIX_PEAK = 100.0
MATRIX_COUNTED = 5  # paths of each combination whose SQL statements are counted
# Shared workloads that miss the 4x target at 10,000 claims, each with the bar CI holds it to
# until it is met (a guard against getting slower, not a target) and why. Keep it honest: a
# workload leaves this table as soon as it reaches 4x; nothing joins it without a measured run.
SMALL_SCALE_MISSES: dict[str, tuple[float, str]] = {
    "search_newest": (
        2.0,
        "Datasette scans 10,000 rows fast; claimtrack is 88x at 1M but 3.1-3.6x here "
        "(2026-12-07), and the floor, the same SQL on bare Starlette, 3.6-4.6x: the SQL "
        "itself (matches listed, the date index walked) leaves no margin over 4x at this size",
    ),
}


@dataclass
class Cell:
    """One server on one workload, over the repeats."""

    peaks: list[float] = field(default_factory=list)
    paced: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    background: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def peak(self) -> float:
        """Median peak requests/s."""
        return statistics.median(self.peaks)

    def latency(self) -> tuple[float, float] | None:
        """Median p50 and p99 at half peak, in ms; None when latency was not measured."""
        if not self.p99:
            return None
        return statistics.median(self.p50), statistics.median(self.p99)


# --- data -------------------------------------------------------------------------------------


def ensure_sqlite(claims: int, seed: int, console: Console) -> Path:
    """The generated SQLite file for N claims, reused when its fingerprint matches."""
    path = DATA / f"claims-{claims}.db"
    wanted = fingerprint(claims, seed)
    if path.exists() and sidecar(path).exists():
        recorded = json.loads(sidecar(path).read_text())
        if recorded.get("checks", {}).get("fingerprint") == wanted:
            console.print(f"reusing {path} ({recorded['seconds']} s to load)")
            return path
    report = load_sqlite(path, claims, seed, console)
    console.print(f"loaded {path} in {report.seconds} s: {report.checks}")
    return path


async def _pg_fingerprint(url: str) -> str | None:
    try:
        db = await connect(url)
    except (OSError, Exception):
        return None
    try:
        found: str | None = await db.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        return found
    finally:
        await db.close()


def ensure_postgres(claims: int, seed: int, console: Console) -> str:
    """The benchmark's PostgreSQL database for N claims, reused when its fingerprint matches."""
    url = bench_postgres_url(claims)
    if asyncio.run(_pg_fingerprint(url)) == fingerprint(claims, seed):
        console.print(f"reusing PostgreSQL database {url}")
        return url
    url = create_postgres(claims)
    report = load_postgres(url, claims, seed, console)
    console.print(f"loaded PostgreSQL in {report.seconds} s: {report.checks}")
    return url


def warm_file(path: Path) -> None:
    """Read the file once so every server starts with it in the page cache."""
    with path.open("rb") as handle:
        while handle.read(16 << 20):
            pass


# --- servers ----------------------------------------------------------------------------------


def start_servers(
    names: list[str], path: Path, pg_url: str | None, logs: Path
) -> dict[str, srv.Server]:
    """Start the named servers and wait until each answers."""
    started: dict[str, srv.Server] = {}
    probes = {"datasette": f"/{path.stem}/claims/1.json"}
    try:
        for name in names:
            if name == "claimtrack":
                started[name] = srv.start_claimtrack(name, f"sqlite:///{path}", logs, UNMETERED)
            elif name == PG and pg_url:
                started[name] = srv.start_claimtrack(name, pg_url, logs, UNMETERED)
            elif name == "datasette":
                started[name] = srv.start_datasette(path, OUT / "datasette", logs)
            elif name == "floor":
                started[name] = srv.start_floor(path, logs)
        for name, server in started.items():
            srv.wait_ready(server, probes.get(name, "/v1/claims/1"))
    except BaseException:
        for server in started.values():
            server.stop()
        raise
    return started


def _walk(get: Callable[[str], dict[str, Any]], first: str, key: str, pages: int) -> str:
    """Follow next links from the first page; the token that fetches page `pages`."""
    token = str(get(first)[key])
    for _ in range(pages - 2):
        joiner = "cursor" if key == "next_cursor" else "_next"
        token = str(get(f"{first}&{joiner}={token}")[key])
    return token


def cursor_key(cursor: str) -> list[Any]:
    """What a claimtrack cursor carries, dates as plain text ({"d": ...} or not)."""
    order, key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return [order, [part["d"] if isinstance(part, dict) else part for part in key]]


def verify_cursors(
    servers: dict[str, srv.Server], path: Path, params: Parameters
) -> dict[str, Any]:
    """Check the computed deep-page cursors against walking the APIs page by page."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    checks: dict[str, Any] = {"deep_page": params.deep_page}
    with httpx.Client(timeout=120) as client:
        if "claimtrack" in servers:
            base = servers["claimtrack"].base_url

            def ct(url: str) -> dict[str, Any]:
                result: dict[str, Any] = client.get(base + url).json()
                return result

            walked = _walk(ct, "/v1/claims?limit=50", "next_cursor", params.deep_page)
            page2 = ct("/v1/claims?limit=50")["next_cursor"]
            checks["claimtrack_page2"] = cursor_key(page2) == cursor_key(claimtrack_cursor(db, 2))
            checks["claimtrack_deep"] = cursor_key(walked) == cursor_key(params.cursor)
        if "datasette" in servers:
            base = servers["datasette"].base_url + f"/{path.stem}/claims.json"

            def ds(url: str) -> dict[str, Any]:
                result: dict[str, Any] = client.get(base + url).json()
                return result

            first = "?_size=50&_sort_desc=said_on&_nocount=1&_nofacet=1"
            walked = _walk(ds, first, "next", params.deep_page)
            checks["datasette_page2"] = ds(first)["next"] == datasette_next(db, 2)
            checks["datasette_deep"] = walked == params.datasette_next
    db.close()
    return checks


def preflight(servers: dict[str, srv.Server], workloads: list[Workload]) -> list[str]:
    """Ask every server each workload's first path once; describe anything wrong."""
    problems = []
    with httpx.Client(timeout=600) as client:
        for workload in workloads:
            for name, server in servers.items():
                paths = workload.paths.get("claimtrack" if name == PG else name)
                if not paths:
                    continue
                response = client.get(server.base_url + paths[0])
                body = response.json() if response.status_code == 200 else {}
                if response.status_code != 200:
                    problems.append(f"{name} {paths[0]}: HTTP {response.status_code}")
                elif body.get("facets_timed_out"):
                    problems.append(f"{name} {paths[0]}: facets timed out")
                elif workload.kind in ("list", "search") and not (
                    body.get("items") or body.get("rows")
                ):
                    problems.append(f"{name} {paths[0]}: empty page")
    return problems


# --- measuring --------------------------------------------------------------------------------


# Throughput is measured without the anonymous meter (60 expensive requests a minute per
# address): past it every answer would be a fast 429. Datasette and the floor have no meter.
UNMETERED = {"CLAIMTRACK_ANONYMOUS_RATE_LIMIT_PER_MINUTE": "0"}


def measure(
    server: srv.Server, workload: Workload, paths: list[str], args: argparse.Namespace, cell: Cell
) -> None:
    """Peak requests/s, then p50/p99 at half that rate; add them to the cell."""
    scripts = OUT / "wrk" / str(args.claims)
    seconds = args.duration * (2 if workload.slow else 1)
    if workload.kind == "filters":
        seconds = args.filters_duration
    connections = 2 if workload.slow else args.connections
    script = wrk.write_script(scripts / f"{server.name}-{workload.key}.lua", paths)
    pids = [server.process.pid, *(wrk.postgres_pids() if server.name == PG else [])]
    cell.background.append(wrk.wait_for_quiet(pids))
    peak = wrk.run(server.base_url, script, connections=connections, seconds=seconds)
    cell.peaks.append(peak.rate)
    cell.errors += peak.errors
    if not args.latency:
        return
    rate = max(peak.rate / 2, 0.05)
    paced_script = wrk.write_script(
        scripts / f"{server.name}-{workload.key}-half.lua", paths, rate=rate
    )
    cell.background.append(wrk.wait_for_quiet(pids))
    paced = wrk.run(
        server.base_url, paced_script, connections=4 if workload.slow else 16, seconds=seconds
    )
    cell.paced.append(paced.rate)
    cell.p50.append(paced.p50_ms)
    cell.p99.append(paced.p99_ms)
    cell.errors += paced.errors


def warm_up(servers: dict[str, srv.Server], workloads: list[Workload], seconds: float) -> None:
    """A short unmeasured run of every server on every workload."""
    scripts = OUT / "wrk" / "warmup"
    for workload in workloads:
        for name, server in servers.items():
            paths = workload.paths.get("claimtrack" if name == PG else name)
            if paths:
                script = wrk.write_script(scripts / f"{name}-{workload.key}.lua", paths)
                brief = min(seconds, 0.5) if workload.kind == "filters" else seconds
                wrk.run(server.base_url, script, connections=2, seconds=brief)


def run_all(
    servers: dict[str, srv.Server],
    workloads: list[Workload],
    args: argparse.Namespace,
    console: Console,
) -> dict[str, dict[str, Cell]]:
    """Every repeat, every workload, every server in turn."""
    cells: dict[str, dict[str, Cell]] = {w.key: {} for w in workloads}
    for repeat in range(1, args.repeats + 1):
        for workload in workloads:
            if workload.kind == "filters" and repeat > 1:
                continue  # drawn at random, measured once: the draw is the spread that matters
            for name, server in servers.items():
                paths = workload.paths.get("claimtrack" if name == PG else name)
                if not paths:
                    continue
                started = time.perf_counter()
                cell = cells[workload.key].setdefault(name, Cell())
                measure(server, workload, paths, args, cell)
                paced = (
                    f"p50 {cell.p50[-1]:8.2f} ms  p99 {cell.p99[-1]:8.2f} ms "
                    f"at {cell.paced[-1]:.1f} req/s "
                    if args.latency
                    else ""
                )
                console.print(
                    f"[dim]repeat {repeat} {workload.key:15} {name:13} "
                    f"{cell.peaks[-1]:9.1f} req/s  {paced}"
                    f"({time.perf_counter() - started:.0f} s)"
                )
    return cells


# --- report -----------------------------------------------------------------------------------


def rate_text(value: float | None) -> str:
    """Requests per second, to a sensible precision."""
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def ms_text(value: float) -> str:
    """Milliseconds, to a sensible precision."""
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:,.0f}"


def ratio_text(top: float | None, bottom: float | None) -> str:
    """top/bottom as 1.23x, or n/a."""
    if top is None or not bottom:
        return "n/a"
    return f"{top / bottom:.2f}x"


@dataclass
class Report:
    """Everything measured, ready to print."""

    claims: int
    engine: str
    params: Parameters
    workloads: list[Workload]
    cells: dict[str, dict[str, Cell]]
    rss: dict[str, float]
    statements: dict[str, dict[str, int]]
    checks: dict[str, Any]
    machine: dict[str, str]
    command: str

    def peak(self, key: str, server: str) -> float | None:
        """Median peak of a server on a workload, None when not run."""
        cell = self.cells.get(key, {}).get(server)
        return cell.peak if cell else None

    def latency(self, key: str, server: str) -> str:
        """'p50 / p99' in ms, or n/a."""
        cell = self.cells.get(key, {}).get(server)
        found = cell.latency() if cell else None
        if found is None:
            return "n/a"
        return f"{ms_text(found[0])} / {ms_text(found[1])}"

    def servers(self) -> list[str]:
        """The servers that ran, in table order."""
        order = (*SQLITE_SERVERS, PG)
        ran = {name for row in self.cells.values() for name in row}
        return [name for name in order if name in ran]


def results_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """The main table: one row per workload."""
    names = report.servers()
    header = ["workload", *(f"{SHORT[n]} req/s" for n in names)]
    if "datasette" in names:
        header.append("ct/DS")
    if "floor" in names:
        header.append("ct/floor")
    header += [f"{SHORT[n]} p50/p99 ms" for n in names]
    header.append("ct SQL/req")
    if PG in names:
        header += ["pg/sqlite", "pg SQL/req"]
    rows = []
    for workload in report.workloads:
        if workload.kind == "filters":
            continue
        key = workload.key
        row = [workload.title + ("" if workload.shared or workload.cached else " †")]
        row += [rate_text(report.peak(key, name)) for name in names]
        ct = report.peak(key, "claimtrack")
        if "datasette" in names:
            row.append(ratio_text(ct, report.peak(key, "datasette")))
        if "floor" in names:
            row.append(ratio_text(ct, report.peak(key, "floor")))
        row += [report.latency(key, name) for name in names]
        row.append(str(report.statements.get("claimtrack", {}).get(key, "-")))
        if PG in names:
            row.append(ratio_text(report.peak(key, PG), ct))
            row.append(str(report.statements.get(PG, {}).get(key, "-")))
        rows.append(row)
    return header, rows


def matrix_badness(report: Report, key: str, engine: str) -> float:
    """How far a combination is from its targets: the larger of p99/50 ms and 100/peak."""
    cell = report.cells.get(key, {}).get(engine)
    if cell is None:
        return 0.0
    found = cell.latency()
    p99 = found[1] / MATRIX_P99_MS if found else 0.0
    return max(p99, MATRIX_PEAK / max(cell.peak, 1e-9))


def matrix_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """The filter matrix: one row per combination, each engine's peak, p50/p99, statements."""
    engines = [n for n in ("claimtrack", PG) if n in report.servers()]
    header = ["combination"]
    for name in engines:
        header += [f"{SHORT[name]} req/s", f"{SHORT[name]} p50/p99 ms", f"{SHORT[name]} SQL/req"]
    rows = []
    for workload in report.workloads:
        if workload.kind != "filters":
            continue
        row = [workload.title]
        for name in engines:
            row += [
                rate_text(report.peak(workload.key, name)),
                report.latency(workload.key, name),
                str(report.statements.get(name, {}).get(workload.key, "-")),
            ]
        rows.append(row)
    return header, rows


def worst_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """Per engine, the five combinations furthest from the matrix's targets."""
    header = [
        "engine",
        "combination",
        "req/s",
        "p50/p99 ms",
        "one of its paths (values vary per request)",
    ]
    rows = []
    for name in [n for n in ("claimtrack", PG) if n in report.servers()]:
        keyed = [w for w in report.workloads if w.kind == "filters" and name in report.cells[w.key]]
        keyed.sort(key=lambda w: matrix_badness(report, w.key, name), reverse=True)
        for workload in keyed[:5]:
            rows.append(
                [
                    SHORT[name],
                    workload.title,
                    rate_text(report.peak(workload.key, name)),
                    report.latency(workload.key, name),
                    workload.paths["claimtrack"][0],
                ]
            )
    return header, rows


def summary_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """Per server: peak RSS, deep page against first page, wrk errors, background load."""
    header = ["server", "peak RSS MiB", "deep/first req/s", "wrk errors", "background cores"]
    rows = []
    for name in report.servers():
        cells = [row[name] for row in report.cells.values() if name in row]
        noise = [value for cell in cells for value in cell.background] or [0.0]
        deep, first = report.peak("deep", name), report.peak("first", name)
        rows.append(
            [
                name,
                f"{report.rss.get(name, 0):.0f}",
                ratio_text(deep, first),
                str(sum(cell.errors for cell in cells)),
                f"median {statistics.median(noise):.2f}, max {max(noise):.2f}",
            ]
        )
    return header, rows


def targets(report: Report) -> list[tuple[str, bool, str]]:
    """claimtrack's targets: (target, met, the worst case)."""
    out: list[tuple[str, bool, str]] = []
    names = report.servers()

    def worst(label: str, values: dict[str, float], ok: Callable[[float], bool], fmt: str) -> None:
        if not values:
            return
        key = (
            min(values, key=values.__getitem__)
            if fmt.endswith("x")
            else max(values, key=values.__getitem__)
        )
        met = all(ok(value) for value in values.values())
        out.append((label, met, f"worst: {key} {values[key]:.2f}{fmt}"))

    matrix = {w.key: w.title for w in report.workloads if w.kind == "filters"}
    for engine in [n for n in ("claimtrack", PG) if n in names]:
        tag = "" if engine == "claimtrack" else " (PostgreSQL)"
        ct = {w.key: report.peak(w.key, engine) for w in report.workloads}
        if engine == "claimtrack" and "datasette" in names:
            ratios = {
                w.key: ct[w.key] / ds  # type: ignore[operator]
                for w in report.workloads
                if w.shared and (ds := report.peak(w.key, "datasette"))
            }
            worst(
                "claimtrack >= 4x Datasette req/s (shared workloads)",
                ratios,
                lambda r: r >= TARGET_VS_DATASETTE,
                "x",
            )
        if "floor" in names:
            ratios = {
                w.key: ct[w.key] / fl  # type: ignore[operator]
                for w in report.workloads
                if not w.cached and ct[w.key] and (fl := report.peak(w.key, "floor"))
            }
            worst(f"claimtrack{tag} >= 0.5x floor req/s", ratios, lambda r: r >= 0.5, "x")
        deep, first = ct.get("deep"), ct.get("first")
        if deep and first:
            out.append(
                (
                    f"deep page within 20% of first page{tag}",
                    deep >= 0.8 * first,
                    f"deep/first {deep / first:.2f}x",
                )
            )
        p99 = {
            key: found[1]
            for key, cells in report.cells.items()
            if engine in cells and key not in matrix and (found := cells[engine].latency())
        }
        worst(f"p99 < 100 ms at half peak{tag}", p99, lambda v: v < 100, " ms")
        out.append(
            (
                f"peak RSS < 300 MB{tag}",
                report.rss.get(engine, 0) < 300,
                f"{report.rss.get(engine, 0):.0f} MiB",
            )
        )
        cells = {
            matrix[k]: c[engine] for k, c in report.cells.items() if k in matrix and engine in c
        }
        p99s = {title: found[1] for title, cell in cells.items() if (found := cell.latency())}
        worst(f"filter matrix: p99 < 50 ms at half peak{tag}", p99s, lambda v: v < 50, " ms")
        peaks = {title: cell.peak for title, cell in cells.items()}
        if peaks:
            slowest = min(peaks, key=peaks.__getitem__)
            out.append(
                (
                    f"filter matrix: every combination >= 100 req/s at peak{tag}",
                    all(value >= MATRIX_PEAK for value in peaks.values()),
                    f"worst: {slowest} {peaks[slowest]:.1f} req/s",
                )
            )
        kinds = {w.key: w.kind for w in report.workloads}
        counts = {
            key: float(count)
            for key, count in report.statements.get(engine, {}).items()
            if kinds.get(key) in ("list", "search", "filters")
        }
        worst(
            f"<= 3 SQL statements per list/search request{tag}",
            counts,
            lambda c: c <= MAX_STATEMENTS,
            "",
        )
    return out


def _seed(report: Report) -> str:
    """The seed of the run's draw of paths (a report saved before 2026-12-07 named only the
    filter matrix's)."""
    return str(report.checks.get("draw_seed", report.checks.get("filters_seed", "-")))


def render(report: Report, console: Console) -> str:
    """Print the tables; return them as Markdown too."""
    heading = (
        f"### {report.claims:,} claims, {report.engine}, paths drawn with seed {_seed(report)}"
    )
    lines = [heading, ""]
    for title, (header, rows) in (
        (
            "Results (medians; ct = claimtrack, DS = Datasette, ct-pg = claimtrack on PostgreSQL;"
            " p50/p99 at half of the server's own peak)",
            results_rows(report),
        ),
        ("Servers", summary_rows(report)),
        (
            f"Filter matrix (seed {_seed(report)}; peak, then p50/p99 "
            "at half of it; SQL/req: the most over the counted paths)",
            matrix_rows(report),
        ),
        ("Filter matrix: the worst five combinations per engine", worst_rows(report)),
    ):
        if not rows:
            continue
        table = Table(title=title, show_lines=False)
        for name in header:
            table.add_column(name, justify="left" if name in ("workload", "server") else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        lines += [f"**{title}**", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
    table = Table(title="claimtrack's targets")
    for name in ("target", "result", "detail"):
        table.add_column(name)
    lines += ["**claimtrack's targets**", "", "| target | result | detail |", "|---|---|---|"]
    for label, met, detail in targets(report):
        verdict = "PASS" if met else "FAIL"
        table.add_row(label, f"[{'green' if met else 'red'}]{verdict}", detail)
        lines.append(f"| {label} | {verdict} | {detail} |")
    console.print(table)
    notes = [
        f"† {w.title}: not comparable with Datasette: "
        + (w.note or w.not_available.get("datasette", ""))
        for w in report.workloads
        if not w.shared and not w.cached and w.kind != "filters"
    ]
    notes += [f"{w.title}: counts for no target: {w.note}" for w in report.workloads if w.cached]
    notes += [f"{w.title}: {w.note}" for w in report.workloads if w.shared and w.note]
    for note in notes:
        console.print(f"[dim]{note}")
    lines += ["", *(f"- {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def machine() -> dict[str, str]:
    """nproc, CPU model, memory, date."""
    import os
    import platform

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
    }


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description="claimtrack vs Datasette vs floor, with wrk")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections at peak")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", help="comma-separated workload keys to run")
    parser.add_argument("--check-small", action="store_true", help="CI: exit 1 on a regression")
    parser.add_argument(
        "--latency",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure p50/p99 at half peak (--no-latency: peak only, half the time)",
    )
    parser.add_argument("--report", type=Path, help="print the tables of a saved JSON again")
    parser.add_argument(
        "--draw-seed",
        "--filters-seed",
        dest="draw_seed",
        type=int,
        help="seed of the random draw of every workload's paths, the filter matrix's included "
        "(default: a new one each run, printed; give it to repeat a draw)",
    )
    parser.add_argument(
        "--filters-duration", type=float, default=3.0, help="seconds per wrk run in the matrix"
    )
    return parser.parse_args(argv)


def server_names(engine: str) -> list[str]:
    """Which servers run for an engine choice."""
    if engine == "sqlite":
        return list(SQLITE_SERVERS)
    if engine == "postgresql":
        return ["claimtrack", PG]
    return [*SQLITE_SERVERS, PG]


def regressions(report: Report) -> list[str]:
    """What --check-small fails on."""
    found = []
    for workload in report.workloads:
        ct, ds = report.peak(workload.key, "claimtrack"), report.peak(workload.key, "datasette")
        bar, _why = SMALL_SCALE_MISSES.get(workload.key, (TARGET_VS_DATASETTE, ""))
        if workload.shared and ct is not None and ds and ct < bar * ds:
            found.append(
                f"{workload.key}: claimtrack {ct:.1f} req/s is {ct / ds:.2f}x Datasette's "
                f"{ds:.1f} (< {bar:g}x)"
            )
        count = report.statements.get("claimtrack", {}).get(workload.key, 0)
        if workload.kind in ("list", "search", "filters") and count > MAX_STATEMENTS:
            found.append(f"{workload.key}: {count} SQL statements per request")
        # A refusal (a 429, a 4xx/5xx) is answered fast: counted as throughput it would flatter.
        for server, cell in report.cells.get(workload.key, {}).items():
            if cell.errors:
                found.append(f"{workload.key}: {server} gave {cell.errors} error responses")
    return found


def counted_statements(url: str, workloads: list[Workload]) -> dict[str, int]:
    """SQL statements per request: a workload's first path; the most over the first
    MATRIX_COUNTED paths of a filter combination."""
    paths = {
        f"{w.key}#{n}": path
        for w in workloads
        for n, path in enumerate(
            w.paths["claimtrack"][: MATRIX_COUNTED if w.kind == "filters" else 1]
        )
    }
    counted = count_statements(url, paths)
    return {
        w.key: max(v for k, v in counted.items() if k.startswith(f"{w.key}#")) for w in workloads
    }


def collect(args: argparse.Namespace, console: Console) -> Report:
    """Data, servers, runs, statement counts: the whole benchmark."""
    path = ensure_sqlite(args.claims, args.seed, console)
    names = server_names(args.engine)
    pg_url = ensure_postgres(args.claims, args.seed, console) if PG in names else None
    seed = args.draw_seed if args.draw_seed is not None else time.time_ns() % 10**6
    console.print(f"paths drawn with seed {seed} (repeat the draw: --draw-seed {seed})")
    params = sample(path, seed)
    workloads = build(params, path.stem) + filter_matrix(path, seed)
    if args.only:
        keys = args.only.split(",")
        workloads = [w for w in workloads if w.key in keys or w.key.split(":")[0] in keys]
    console.print(
        f"deep page {params.deep_page}; rare words in {params.rare_docs} claims "
        f"({len(params.rare)}), common in {params.common_docs} ({len(params.common)})"
    )
    names = [
        n for n in names if any(w.paths.get("claimtrack" if n == PG else n) for w in workloads)
    ]
    warm_file(path)
    servers = start_servers(names, path, pg_url, OUT / "logs")
    try:
        deep = any(w.key == "deep" for w in workloads)
        checks = verify_cursors(servers, path, params) if deep else {}
        problems = preflight(servers, workloads)
        checks["preflight"] = problems or "ok"
        checks["draw_seed"] = seed
        console.print(f"checks: {checks}")
        warm_up(servers, workloads, min(2.0, args.duration))
        cells = run_all(servers, workloads, args, console)
        rss = {name: srv.peak_rss_mb(server.process.pid) for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    statements = {"claimtrack": counted_statements(f"sqlite:///{path}", workloads)}
    if pg_url:
        statements[PG] = counted_statements(pg_url, workloads)
    return Report(
        claims=args.claims,
        engine=args.engine,
        params=params,
        workloads=workloads,
        cells=cells,
        rss=rss,
        statements=statements,
        checks=checks,
        machine=machine(),
        command="python -m bench.search " + " ".join(sys.argv[1:]),
    )


def save(report: Report, markdown: str) -> Path:
    """Write the Markdown tables and the raw numbers under bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"search-{report.claims}-{report.engine}"
    header = (
        f"`{report.command}` — {report.machine['date']}; {report.machine['nproc']} cores, "
        f"{report.machine['cpu']}, {report.machine['memory']} RAM\n\n"
    )
    stem.with_suffix(".md").write_text(header + markdown)
    raw = {
        "claims": report.claims,
        "engine": report.engine,
        "only": [w.key for w in report.workloads],
        "machine": report.machine,
        "command": report.command,
        "params": asdict(report.params),
        "checks": report.checks,
        "rss_mib": report.rss,
        "statements": report.statements,
        "cells": {k: {n: asdict(c) for n, c in row.items()} for k, row in report.cells.items()},
        "matrix": [asdict(w) for w in report.workloads if w.kind == "filters"],
    }
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=2, default=str))
    return stem.with_suffix(".md")


def load_report(path: Path) -> Report:
    """A report from the raw JSON a run saved (to print its tables again)."""
    raw = json.loads(path.read_text())
    params = Parameters(**raw["params"])
    keys = raw.get("only") or list(raw["cells"])
    return Report(
        claims=raw["claims"],
        engine=raw["engine"],
        params=params,
        workloads=[w for w in build(params, f"claims-{raw['claims']}") if w.key in keys]
        + [Workload(**w) for w in raw.get("matrix", [])],
        cells={k: {n: Cell(**c) for n, c in row.items()} for k, row in raw["cells"].items()},
        rss=raw["rss_mib"],
        statements=raw["statements"],
        checks=raw["checks"],
        machine=raw["machine"],
        command=raw["command"],
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables; the exit code reports --check-small."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    console = Console(width=240)
    if args.report:
        render(load_report(args.report), console)
        return 0
    report = collect(args, console)
    markdown = render(report, console)
    console.print(f"written to {save(report, markdown)}")
    bad_checks = [k for k, v in report.checks.items() if v is False]
    if bad_checks:
        console.print(f"[red]cursor checks failed: {bad_checks}")
    if not args.check_small:
        return 0
    found = regressions(report)
    for key, (bar, why) in SMALL_SCALE_MISSES.items():
        console.print(f"[yellow]known miss: {key} held to {bar:g}x Datasette, not 4x: {why}")
    for problem in found:
        console.print(f"[red]regression: {problem}")
    return 1 if found or bad_checks or report.checks.get("preflight") != "ok" else 0


if __name__ == "__main__":
    sys.exit(main())
