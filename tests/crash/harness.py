"""Crash harness: serve a database, SIGKILL the server while it writes, restart, audit.

A workload is one request maker: called again and again by WRITERS concurrent loops, it notes
each claim it is about to create in the ledger *before* sending (so a create cut off by a kill
is still known), then records what the server answered. `create_claims` in test_sigkill.py
sends one claim per request; a bulk workload (POST /v1/import) can note many attempts per
request and mark them all acknowledged once the import is answered, with or without ids: the
audit finds claims by their unique text.

After the last restart the audit checks that the database is sound (SQLite: integrity,
foreign keys, FTS index; both engines: no row without its owner), that every acknowledged
claim is there and readable, that every claim present is whole (exactly the figures,
appearances and tags its create sent, its search text refreshed, its 'create' in history),
and that the restarted server still writes, with ids above any given before.
"""

import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bench.servers import free_port

REPO = Path(__file__).resolve().parents[2]
WRITERS = 8
KILL_DELAY = (0.2, 1.5)
READY_TIMEOUT = 60.0
CLI_TIMEOUT = 120.0
CLIENT_TIMEOUT = 15.0
DRAIN_TIMEOUT = 20.0
# Start each restart's process while the current server still takes writes, so its imports
# overlap the writing; the app opens the database only when first asked (the /readyz poll
# after the kill), so the restart still finds a crashed database nobody holds.
WARM_SPARE = True
MARKER = "crashmarker"
SPEAKER_SLUG = "crash-speaker"
SPEAKER_NAME = "Crash Speaker"
MEASURES = (("crash-area", "Area", "km²", "km2"), ("crash-troops", "Troops", "people", "people"))


@dataclass
class Attempt:
    """One claim a workload asked for, and what the server answered (status None: nothing)."""

    text: str
    figures: tuple[float, ...]
    appearances: int
    tags: int
    status: int | None = None
    acknowledged: bool = False
    claim_id: int | None = None
    detail: str = ""

    def answered(self, response: httpx.Response, *, created: int = 201) -> None:
        """Record a one-claim create's answer: acknowledged on `created`, refused otherwise."""
        self.status = response.status_code
        self.acknowledged = response.status_code == created
        if self.acknowledged:
            self.claim_id = int(response.json()["id"])
        else:
            self.detail = response.text[:300]


@dataclass(frozen=True)
class World:
    """What every claim refers to: one speaker, two sources, two measures."""

    speaker: str
    speaker_name: str
    sources: tuple[int, ...]
    measures: tuple[tuple[str, str], ...]

    def figure(self, rng: random.Random) -> dict[str, Any]:
        """A figure on one of the measures, with a whole value (exact as a float)."""
        slug, unit = rng.choice(self.measures)
        return {"measure_id": slug, "value": float(rng.randint(1, 10**6)), "unit": unit}


Ledger = list[Attempt]
Workload = Callable[[httpx.AsyncClient, World, Ledger, random.Random], Awaitable[None]]


def claim_text() -> str:
    """A unique claim text, carrying the marker the search check looks for."""
    return f"{MARKER} {uuid.uuid4().hex} said so"


@dataclass(frozen=True)
class Site:
    """A database URL and the file every server process on it logs to."""

    database_url: str
    log: IO[bytes]
    log_path: Path

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is a SQLite file."""
        return make_url(self.database_url).get_backend_name() == "sqlite"

    def log_tail(self, size: int = 3000) -> str:
        """The end of the servers' log, for failure messages."""
        self.log.flush()
        return self.log_path.read_bytes()[-size:].decode(errors="replace")


def app_env(database_url: str, port: int | None = None) -> dict[str, str]:
    """The environment of `python -m app`: one process, quiet, a rate limit never reached.

    The limit stays on (its counter is written on every request, one more write to cut
    through) but too high to refuse anything.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("CLAIMTRACK_")}
    env |= {
        "CLAIMTRACK_DATABASE_URL": database_url,
        "CLAIMTRACK_WORKERS": "1",
        "CLAIMTRACK_LOG_LEVEL": "warning",
        "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": str(10**9),
    }
    if port is not None:
        env["CLAIMTRACK_PORT"] = str(port)
    return env


async def run_cli(database_url: str, *args: str) -> str:
    """Run `python -m app ARGS` on the database and give back its stdout; fail on an error."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", *args,
        env=app_env(database_url), cwd=REPO, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), CLI_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    if process.returncode != 0:
        raise AssertionError(f"python -m app {' '.join(args)} exited {process.returncode}: {err!r}")
    return out.decode()


@dataclass
class Server:
    """One `python -m app serve` process, leader of its own process group."""

    process: asyncio.subprocess.Process
    port: int

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        """Whether it has not exited yet."""
        return self.process.returncode is None

    def signal(self, number: int) -> None:
        """Send a signal to its process group (uvicorn runs in one process; children too)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)

    async def kill(self) -> None:
        """SIGKILL it and reap it."""
        self.signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        """Shut it down cleanly (SIGTERM), SIGKILL if it lingers."""
        self.signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            await self.kill()


async def launch(site: Site, servers: list[Server]) -> Server:
    """Start a server on a free port (not waiting for it) and keep it for the final clean-up."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", "--port", str(port),
        env=app_env(site.database_url, port), cwd=REPO, stdin=asyncio.subprocess.DEVNULL,
        stdout=site.log, stderr=site.log, start_new_session=True,
    )  # fmt: skip
    server = Server(process=process, port=port)
    servers.append(server)
    return server


async def wait_ready(server: Server, site: Site) -> None:
    """Poll GET /readyz until it answers 200; fail if the server dies or takes too long."""
    deadline = time.monotonic() + READY_TIMEOUT
    async with httpx.AsyncClient(base_url=server.url, timeout=5, trust_env=False) as http:
        while time.monotonic() < deadline:
            if not server.running:
                raise AssertionError(
                    f"server exited {server.process.returncode}:\n{site.log_tail()}"
                )
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.05)
    raise AssertionError(f"server not ready after {READY_TIMEOUT} s:\n{site.log_tail()}")


def api_client(server: Server, token: str) -> httpx.AsyncClient:
    """A client for the server's API with the admin key."""
    return httpx.AsyncClient(
        base_url=server.url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=CLIENT_TIMEOUT,
        limits=httpx.Limits(max_connections=2 * WRITERS),
        trust_env=False,
    )


async def created_id(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> int:
    """POST a resource that must be created; its id."""
    response = await http.post(path, json=body)
    assert response.status_code == 201, f"POST {path}: {response.status_code} {response.text}"
    return int(response.json()["id"])


async def make_world(http: httpx.AsyncClient) -> World:
    """Create the speaker, sources and measures the claims refer to."""
    await created_id(http, "/v1/speakers", {"slug": SPEAKER_SLUG, "name": SPEAKER_NAME})
    sources = [
        await created_id(
            http, "/v1/sources", {"url": f"https://example.org/crash/{n}", "title": f"Crash {n}"}
        )
        for n in (1, 2)
    ]
    for slug, name, unit, _written in MEASURES:
        await created_id(http, "/v1/measures", {"slug": slug, "name": name, "unit": unit})
    measures = tuple((slug, written) for slug, _name, _unit, written in MEASURES)
    return World(SPEAKER_SLUG, SPEAKER_NAME, tuple(sources), measures)


def holds_file(pid: int, path: str) -> bool:
    """Whether the process has the file (or its -wal or -shm) open, as /proc tells."""
    folder, real = Path(f"/proc/{pid}/fd"), os.path.realpath(path)
    for fd in folder.iterdir() if folder.exists() else ():
        with contextlib.suppress(OSError):
            if os.readlink(fd).startswith(real):
                return True
    return False


def check_spare_untouched(spare: Server | None, site: Site) -> None:
    """A warm spare must not have opened the database before the kill it restarts from."""
    if spare is None or not site.is_sqlite:
        return
    assert not holds_file(spare.process.pid, _sqlite_path(site.database_url)), (
        "the spare server opened the database before the kill, so the restart would not start "
        "from a crashed database nobody holds: the app now touches the database at start-up; "
        "set WARM_SPARE = False"
    )


@dataclass
class Run:
    """What the write phases and the audit of one crash run share."""

    site: Site
    token: str
    world: World
    workload: Workload
    rng: random.Random
    ledger: Ledger = field(default_factory=list)


@dataclass
class KillSwitch:
    """Once armed, SIGKILLs the server the moment a writer gets its next answer."""

    server: Server
    armed: bool = False
    fired: asyncio.Event = field(default_factory=asyncio.Event)

    def answered(self) -> None:
        """Called by a writer after each answer, before it yields to the event loop."""
        if self.armed:
            self.armed = False
            self.server.signal(signal.SIGKILL)
            self.fired.set()


async def keep_writing(
    run: Run, http: httpx.AsyncClient, rng: random.Random, stop: asyncio.Event, switch: KillSwitch
) -> None:
    """Call the workload until told to stop or the server is gone."""
    while not stop.is_set():
        try:
            await run.workload(http, run.world, run.ledger, rng)
        except httpx.TransportError:
            return
        switch.answered()


async def write_until_killed(
    run: Run, server: Server, spare: Server | None, *, on_answer: bool
) -> None:
    """Run WRITERS workload loops and SIGKILL the server after a random delay, let them end.

    With on_answer, the kill follows at once the next answer a writer gets, so that a server
    answering before its commit is durable could lose that very claim.
    """
    stop, switch = asyncio.Event(), KillSwitch(server)
    async with api_client(server, run.token) as http:
        tasks = [
            asyncio.create_task(keep_writing(run, http, rng, stop, switch))
            for rng in [random.Random(run.rng.random()) for _ in range(WRITERS)]
        ]
        await asyncio.sleep(run.rng.uniform(*KILL_DELAY))
        check_spare_untouched(spare, run.site)
        if on_answer:
            switch.armed = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(switch.fired.wait(), CLIENT_TIMEOUT)
        await server.kill()
        stop.set()
        done, pending = await asyncio.wait(tasks, timeout=DRAIN_TIMEOUT)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.result()
    assert not pending, f"{len(pending)} writers were still blocked {DRAIN_TIMEOUT} s after a kill"


@dataclass(frozen=True)
class ClaimRow:
    """A claim as stored."""

    text: str
    search_extra: str


@dataclass
class Snapshot:
    """What the database holds after the crashes, read directly from it."""

    claims: dict[int, ClaimRow]
    figures: dict[int, tuple[float, ...]]
    appearances: dict[int, int]
    tags: dict[int, int]
    history: dict[int, dict[str, Any]]
    ids_by_text: dict[str, int] = field(default_factory=dict)
    repeated_texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Index claims by text, noting any text stored twice."""
        seen = Counter(row.text for row in self.claims.values())
        self.repeated_texts = sorted(text for text, count in seen.items() if count > 1)
        self.ids_by_text = {row.text: claim_id for claim_id, row in self.claims.items()}


ROW_QUERIES = {
    "claims": "SELECT id, text, search_extra FROM claims",
    "figures": "SELECT claim_id, value FROM figures ORDER BY claim_id, position, id",
    "appearances": "SELECT claim_id, count(*) FROM appearances GROUP BY claim_id",
    "tags": "SELECT claim_id, count(*) FROM claim_tags GROUP BY claim_id",
    "history": (
        "SELECT entity_id, snapshot FROM history WHERE entity = 'claim' AND action = 'create'"
    ),
}
ORPHAN_QUERIES = {
    f"{child} without its {parent}": (
        f"SELECT count(*) FROM {table} x LEFT JOIN {parents} p ON p.id = x.{column} "
        "WHERE p.id IS NULL"
    )
    for child, table, parent, parents, column in (
        ("figure", "figures", "claim", "claims", "claim_id"),
        ("appearance", "appearances", "claim", "claims", "claim_id"),
        ("tag", "claim_tags", "claim", "claims", "claim_id"),
        ("claim", "claims", "speaker", "speakers", "speaker_id"),
        ("figure", "figures", "measure", "measures", "measure_id"),
        ("appearance", "appearances", "source", "sources", "source_id"),
    )
}


def _sqlite_path(database_url: str) -> str:
    """The file of a sqlite:/// URL."""
    database = make_url(database_url).database
    assert database, database_url
    return database


def _sqlite_query_all(path: str, queries: Mapping[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """query_all on a SQLite file, on a connection of its own."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}


async def _postgres_query_all(
    url: str, queries: Mapping[str, str]
) -> dict[str, list[tuple[Any, ...]]]:
    """query_all on PostgreSQL, on a connection of its own."""
    connection = await asyncpg.connect(url, timeout=10)
    try:
        return {
            name: [tuple(row) for row in await connection.fetch(sql)]
            for name, sql in queries.items()
        }
    finally:
        await connection.close()


async def query_all(
    database_url: str, queries: Mapping[str, str]
) -> dict[str, list[tuple[Any, ...]]]:
    """Run each query on the database, straight, not through the app; rows by query name."""
    if make_url(database_url).get_backend_name() == "sqlite":
        return await asyncio.to_thread(_sqlite_query_all, _sqlite_path(database_url), queries)
    return await _postgres_query_all(database_url, queries)


def _json(value: Any) -> dict[str, Any]:
    """A JSON column's value as data (SQLite and asyncpg give text)."""
    document: dict[str, Any] = json.loads(value) if isinstance(value, str) else value
    return document


async def read_snapshot(database_url: str) -> Snapshot:
    """Every claim with its figures, appearance and tag counts, and its 'create' in history."""
    rows = await query_all(database_url, ROW_QUERIES)
    figures: dict[int, list[float]] = {}
    for claim_id, value in rows["figures"]:
        figures.setdefault(claim_id, []).append(float(value))
    return Snapshot(
        claims={row[0]: ClaimRow(text=row[1], search_extra=row[2]) for row in rows["claims"]},
        figures={claim_id: tuple(values) for claim_id, values in figures.items()},
        appearances=dict(rows["appearances"]),
        tags=dict(rows["tags"]),
        history={row[0]: _json(row[1]) for row in rows["history"]},
    )


def audit_claim(
    claim_id: int, row: ClaimRow, sent: Attempt | None, snapshot: Snapshot, world: World
) -> list[str]:
    """A stored claim is whole: what its create sent, searchable, and in history."""
    if sent is None:
        return [f"claim {claim_id} ({row.text!r}) was never sent by the workload"]
    problems = []
    figures = snapshot.figures.get(claim_id, ())
    if figures != sent.figures:
        problems.append(f"claim {claim_id} has figures {figures}; its create sent {sent.figures}")
    if (count := snapshot.appearances.get(claim_id, 0)) != sent.appearances:
        problems.append(
            f"claim {claim_id} has {count} appearances; its create sent {sent.appearances}"
        )
    if (count := snapshot.tags.get(claim_id, 0)) != sent.tags:
        problems.append(f"claim {claim_id} has {count} tags; its create sent {sent.tags}")
    if world.speaker_name not in row.search_extra:
        problems.append(f"claim {claim_id}: search text {row.search_extra!r} was never refreshed")
    entry = snapshot.history.get(claim_id)
    if entry is None:
        problems.append(f"claim {claim_id} has no 'create' in history")
    elif entry.get("text") != row.text or len(entry.get("figures", ())) != len(figures):
        problems.append(f"claim {claim_id}: its 'create' in history does not match it: {entry}")
    return problems


def audit_rows(snapshot: Snapshot, ledger: Ledger, world: World) -> list[str]:
    """Nothing acknowledged lost, nothing half-written, nothing refused yet stored."""
    sent = {attempt.text: attempt for attempt in ledger}
    problems = [f"text stored on more than one claim: {text}" for text in snapshot.repeated_texts]
    for claim_id, row in sorted(snapshot.claims.items()):
        problems += audit_claim(claim_id, row, sent.get(row.text), snapshot, world)
    problems += [
        f"history has a 'create' of claim {claim_id}, which is not there"
        for claim_id in sorted(snapshot.history.keys() - snapshot.claims.keys())
    ]
    stored = snapshot.ids_by_text
    for attempt in ledger:
        where = stored.get(attempt.text)
        if attempt.acknowledged and where is None:
            problems.append(f"acknowledged claim {attempt.claim_id} ({attempt.text}) is lost")
        elif attempt.acknowledged and attempt.claim_id not in (None, where):
            problems.append(f"acknowledged as claim {attempt.claim_id}, stored as {where}")
        elif attempt.status is not None and not attempt.acknowledged:
            state = "yet stored" if where is not None else "not stored"
            problems.append(f"create refused ({attempt.status}, {state}): {attempt.detail}")
    return problems


async def audit_api(http: httpx.AsyncClient, snapshot: Snapshot, ledger: Ledger) -> list[str]:
    """Every acknowledged claim reads back whole, and search finds every claim stored."""
    gate = asyncio.Semaphore(WRITERS)

    async def check(attempt: Attempt) -> str | None:
        claim_id = attempt.claim_id or snapshot.ids_by_text.get(attempt.text)
        if claim_id is None:
            return None  # reported as lost by audit_rows
        async with gate:
            response = await http.get(f"/v1/claims/{claim_id}")
        if response.status_code != 200:
            return f"GET /v1/claims/{claim_id}: {response.status_code} {response.text[:200]}"
        body = response.json()
        values = tuple(figure["value"] for figure in body["figures"])
        if body["text"] != attempt.text or values != attempt.figures:
            return (
                f"GET /v1/claims/{claim_id} gives {body['text']!r} {values}; "
                f"its create sent {attempt.text!r} {attempt.figures}"
            )
        return None

    results = await asyncio.gather(*(check(item) for item in ledger if item.acknowledged))
    problems = [result for result in results if result]
    found = await http.get("/v1/claims", params={"q": MARKER, "count": "true", "limit": 1})
    total = found.json().get("total") if found.status_code == 200 else found.text
    if total != len(snapshot.claims):
        problems.append(f"search finds {total} claims; {len(snapshot.claims)} are stored")
    return problems


async def audit_recovery(
    http: httpx.AsyncClient, world: World, workload: Workload, ledger: Ledger, snapshot: Snapshot
) -> list[str]:
    """After the last restart the server still writes, with ids above every id in use."""
    before = len(ledger)
    await workload(http, world, ledger, random.Random(0))
    fresh = ledger[before:]
    highest = max(snapshot.claims, default=0)
    problems = [
        f"create after the last restart not acknowledged: {a.status} {a.detail}"
        for a in fresh
        if not a.acknowledged
    ]
    problems += [
        f"claim id {a.claim_id} given after the restarts is not above {highest}, the highest in use"
        for a in fresh
        if a.claim_id is not None and a.claim_id <= highest
    ]
    return problems


def sqlite_integrity(path: str) -> list[str]:
    """SQLite's own checks: WAL mode, integrity, foreign keys, the FTS index."""
    problems = []
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            problems.append(f"journal_mode is {mode}, not wal")
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            problems.append(f"PRAGMA integrity_check: {verdict[:20]}")
        if broken := connection.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"PRAGMA foreign_key_check: {broken[:20]}")
        try:
            connection.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"FTS integrity-check: {exc}")
    return problems


async def audit_engine(site: Site) -> list[str]:
    """No row without its owner (both engines), and SQLite's own checks."""
    counts = await query_all(site.database_url, ORPHAN_QUERIES)
    problems = [f"{rows[0][0]} × {what}" for what, rows in counts.items() if rows[0][0]]
    if site.is_sqlite:
        problems += await asyncio.to_thread(sqlite_integrity, _sqlite_path(site.database_url))
    return problems


@dataclass
class Clock:
    """Wall-clock seconds spent per phase of a run."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Add the time spent inside to the phase's total."""
        started = time.monotonic()
        try:
            yield
        finally:
            elapsed = time.monotonic() - started
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed


@dataclass
class Report:
    """What a crash run did, how long each phase took, and what its audit found."""

    counts: dict[str, int]
    problems: list[str]
    seconds: dict[str, float]

    def summary(self) -> str:
        """One line of counts and times."""
        counts = ", ".join(f"{name} {value}" for name, value in self.counts.items())
        times = ", ".join(f"{name} {value:.1f} s" for name, value in self.seconds.items())
        return f"{counts}; {len(self.problems)} problems; {times}"


def tally(ledger: Ledger, snapshot: Snapshot, kills: int) -> dict[str, int]:
    """Counts of attempted, acknowledged, present, and creates cut off by a kill."""
    present = [attempt for attempt in ledger if attempt.text in snapshot.ids_by_text]
    unanswered = [attempt for attempt in ledger if attempt.status is None]
    return {
        "kills": kills,
        "attempted": len(ledger),
        "acknowledged": sum(attempt.acknowledged for attempt in ledger),
        "present": len(present),
        "unanswered": len(unanswered),
        "unanswered_present": sum(attempt.status is None for attempt in present),
    }


async def audit(run: Run, server: Server, kills: int) -> tuple[dict[str, int], list[str]]:
    """Audit rows and API on the restarted server, write once more, stop it, check the engine."""
    snapshot = await read_snapshot(run.site.database_url)
    counts = tally(run.ledger, snapshot, kills)
    problems = audit_rows(snapshot, run.ledger, run.world)
    async with api_client(server, run.token) as http:
        problems += await audit_api(http, snapshot, run.ledger)
        problems += await audit_recovery(http, run.world, run.workload, run.ledger, snapshot)
    await server.stop()
    problems += await audit_engine(run.site)
    return counts, problems


async def start(site: Site, servers: list[Server], workload: Workload, seed: int) -> Run:
    """Migrate, make an admin key, serve, and create what claims refer to."""
    await run_cli(site.database_url, "migrate")
    server = await launch(site, servers)
    keys = await run_cli(site.database_url, "keys", "create", "--name", "crash", "--scope", "admin")
    token = keys.strip().splitlines()[-1]
    await wait_ready(server, site)
    async with api_client(server, token) as http:
        world = await make_world(http)
    return Run(site=site, token=token, world=world, workload=workload, rng=random.Random(seed))


async def campaign(site: Site, workload: Workload, *, kills: int, seed: int) -> Report:
    """Set up, write under `kills` SIGKILLs with a restart after each, then audit."""
    clock, servers = Clock(), list[Server]()
    try:
        with clock.phase("setup"):
            run = await start(site, servers, workload, seed)
        server = servers[-1]
        for kill in range(kills):
            spare = await launch(site, servers) if WARM_SPARE else None
            with clock.phase("writing"):
                await write_until_killed(run, server, spare, on_answer=kill % 2 == 1)
            with clock.phase("restarting"):
                server = spare or await launch(site, servers)
                await wait_ready(server, site)
        with clock.phase("auditing"):
            counts, problems = await audit(run, server, kills)
    finally:
        for each in servers:
            if each.running:
                await each.kill()
    return Report(counts=counts, problems=problems, seconds=clock.seconds)


def crash_and_audit(
    database_url: str, folder: Path, workload: Workload, *, kills: int, seed: int
) -> Report:
    """Run a crash campaign on the database (servers log to folder/server.log)."""
    log_path = folder / "server.log"
    with log_path.open("ab") as log:
        site = Site(database_url=database_url, log=log, log_path=log_path)
        return asyncio.run(campaign(site, workload, kills=kills, seed=seed))
