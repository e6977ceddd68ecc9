"""The servers under test, each its own process with one worker on a loopback port."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# Every server gets the same SQLite page cache for its reading connection (claimtrack's default).
SQLITE_CACHE_MB = 64
DATASETTE_SETTINGS = {
    # The fastest we found on 2 cores (one SQL thread beat 2, 3 and 4; see bench/README.md),
    # limits generous enough that full-table facets finish instead of timing out, no
    # suggested facets.
    "num_sql_threads": "1",
    "sql_time_limit_ms": "120000",
    "facet_time_limit_ms": "120000",
    "suggest_facets": "off",
    "default_page_size": "50",
    "default_facet_size": "20",
    "allow_facet": "on",
    "default_cache_ttl": "0",
    "max_returned_rows": "1000",
    "cache_size_kb": str(SQLITE_CACHE_MB * 1024),
}


@dataclass
class Server:
    """A running server process."""

    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not go within ten seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _spawn(name: str, command: list[str], env: dict[str, str], port: int, logs: Path) -> Server:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Server(name, f"http://{HOST}:{port}", process, log)


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def create_key(database_url: str, name: str, scope: str = "write") -> str:
    """A key made with the command line, as an operator would; its token."""
    done = subprocess.run(
        [_bin("claimtrack"), "keys", "create", "--name", name, "--scope", scope],
        env={**os.environ, "CLAIMTRACK_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def start_claimtrack(
    name: str, database_url: str, logs: Path, settings: dict[str, str] | None = None
) -> Server:
    """`claimtrack serve` with one worker (uvloop and httptools come with uvicorn[standard]);
    `settings` adds or overrides CLAIMTRACK_* variables."""
    port = free_port()
    env = {
        "CLAIMTRACK_DATABASE_URL": database_url,
        "CLAIMTRACK_HOST": HOST,
        "CLAIMTRACK_PORT": str(port),
        "CLAIMTRACK_WORKERS": "1",
        "CLAIMTRACK_LOG_LEVEL": "warning",
        "CLAIMTRACK_SQLITE_CACHE_MB": str(SQLITE_CACHE_MB),
        **(settings or {}),
    }
    return _spawn(name, [_bin("claimtrack"), "serve"], env, port, logs)


def start_floor(path: Path, logs: Path) -> Server:
    """The floor app under uvicorn, uvloop and httptools, one worker."""
    port = free_port()
    command = [
        *(_bin("uvicorn"), "--factory", "bench.floor_app:app_from_env", "--host", HOST),
        *("--port", str(port), "--workers", "1", "--loop", "uvloop", "--http", "httptools"),
        *("--no-access-log", "--log-level", "warning"),
    ]
    env = {"FLOOR_DATABASE": str(path), "FLOOR_CACHE_MB": str(SQLITE_CACHE_MB)}
    return _spawn("floor", command, env, port, logs)


def datasette_files(path: Path, work: Path) -> tuple[Path, Path]:
    """The inspect file (cached row counts) and metadata (FTS table, speaker labels)."""
    work.mkdir(parents=True, exist_ok=True)
    inspect = work / f"{path.stem}.inspect.json"
    subprocess.run(
        [_bin("datasette"), "inspect", str(path), "--inspect-file", str(inspect)],
        check=True,
        capture_output=True,
    )
    metadata = work / f"{path.stem}.metadata.json"
    tables = {
        "claims": {"fts_table": "claims_fts", "fts_pk": "id"},
        "speakers": {"label_column": "name"},
        "measures": {"label_column": "name"},
    }
    metadata.write_text(json.dumps({"databases": {path.stem: {"tables": tables}}}, indent=2))
    return inspect, metadata


def start_datasette(path: Path, work: Path, logs: Path, threads: str | None = None) -> Server:
    """Datasette on the same file, immutable (-i) with an inspect file and its fastest settings."""
    port = free_port()
    inspect, metadata = datasette_files(path, work)
    settings = {**DATASETTE_SETTINGS, **({"num_sql_threads": threads} if threads else {})}
    command = [
        *(_bin("datasette"), "serve", "-i", str(path), "--inspect-file", str(inspect)),
        *("--metadata", str(metadata), "--host", HOST, "--port", str(port)),
    ]
    for key, value in settings.items():
        command += ["--setting", key, value]
    return _spawn("datasette", command, {}, port, logs)


def wait_ready(server: Server, probe: str, timeout: float = 180.0) -> None:
    """Poll until the probe path answers 200 (/readyz: and its CPU workers have started, so
    a run measures a running server, not one still starting)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see {server.log}")
        try:
            answer = httpx.get(server.base_url + probe, timeout=30)
            starting = probe == "/readyz" and answer.json().get("cpu_workers") == "starting"
            if answer.status_code == 200 and not starting:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer {probe} within {timeout:.0f} s")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def _hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants alive now."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            pending += _children(current)
        except OSError:
            continue
        found.append(current)
    return found


def peak_rss_mb(pid: int) -> float:
    """Peak resident set (VmHWM) of a process plus all its descendants, in MiB."""
    total = 0
    for current in process_tree(pid):
        try:
            total += _hwm_kb(current)
        except OSError:
            continue
    return total / 1024
