"""The worker processes that take CPU-bound work off the event loop."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.core.offload import Busy, Offload, Stop, Turns, work_for

ROOT = Path(__file__).resolve().parents[1]


def _until_stopped(seconds: float, stop: Stop) -> str:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if stop():
            return "stopped"
        time.sleep(0.005)
    return "ran out"


def _niceness() -> int:
    return os.nice(0)


async def test_warm_tells_when_every_worker_has_started() -> None:
    pool = Offload(2)
    try:
        assert not pool.warmed
        await pool.warm()
        assert pool.warmed
        assert len({await pool.run(os.getpid) for _ in range(4)} - {os.getpid()}) >= 1
    finally:
        pool.close()


async def test_workers_run_apart_and_below_the_server() -> None:
    pool = Offload(1)
    try:
        assert await pool.run(os.getpid) != os.getpid()
        assert await pool.run(_niceness) >= os.nice(0) + 10
    finally:
        pool.close()


@pytest.mark.parametrize("workers", [1, 0])
async def test_a_cancelled_job_is_told_to_stop_and_its_flag_is_reused(workers: int) -> None:
    """In a worker process, or with CLAIMTRACK_CPU_WORKERS=0 in a thread of this one."""
    pool = Offload(workers)
    try:
        job = asyncio.ensure_future(pool.run(_until_stopped, 30.0, stoppable=True))
        await asyncio.sleep(1.5 if workers else 0.2)  # the job is under way
        job.cancel()
        began = time.monotonic()
        # The one worker is free again at once: the job saw its flag, not its 30 s.
        assert await pool.run(_until_stopped, 0.01, stoppable=True) == "ran out"
        assert time.monotonic() - began < 5
    finally:
        pool.close()


async def test_a_worker_that_dies_is_replaced() -> None:
    pool = Offload(1)
    try:
        pid = await pool.run(os.getpid)
        running = asyncio.ensure_future(pool.run(_until_stopped, 30.0, stoppable=True))
        await asyncio.sleep(0.5)
        os.kill(pid, signal.SIGKILL)  # the job under way is lost: its caller is told to retry
        with pytest.raises(Busy) as raised:
            await running
        assert raised.value.status == 503
        assert raised.value.headers["Retry-After"]
        assert await pool.run(os.getpid) not in (pid, os.getpid())
        os.kill(await pool.run(os.getpid), signal.SIGKILL)
        await asyncio.sleep(0.5)  # between jobs: the next one simply gets a new worker
        assert await pool.run(_niceness) >= 10
    finally:
        pool.close()


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


async def test_a_job_past_its_deadline_is_ended_with_its_worker() -> None:
    """A job that never checks its flag (one long regex, say) is answered at its deadline, and
    its worker is ended soon after: the next job runs in a new one, at once."""
    pool = Offload(1)
    try:
        pid = await pool.run(os.getpid)
        began = time.monotonic()
        with pytest.raises(TimeoutError):
            await pool.run(time.sleep, 30, until=time.monotonic() + 0.5)
        assert time.monotonic() - began < 2.5
        assert await pool.run(os.getpid) not in (pid, os.getpid())
        # a new worker starts in seconds (more on a busy machine); the old one would have slept
        # on for 30
        assert time.monotonic() - began < 25
        assert _gone(pid)
    finally:
        pool.close()


async def test_jobs_beside_an_ended_one_run_again_not_fail() -> None:
    """Ending an overrunning job ends its pool: the job running in the other worker, and one
    waiting for a turn, run again in the new pool rather than fail."""
    pool = Offload(2)
    try:
        await pool.warm()
        overrun = asyncio.ensure_future(pool.run(time.sleep, 30, until=time.monotonic() + 0.3))
        beside = asyncio.ensure_future(pool.run(_pid_after, 2.0))
        await asyncio.sleep(0.1)
        waiting = asyncio.ensure_future(pool.run(_pid_after, 0.0))
        with pytest.raises(TimeoutError):
            await overrun
        first = await beside
        assert first != os.getpid()
        assert await waiting != os.getpid()
    finally:
        pool.close()


async def test_no_free_flag_is_503_not_a_queue_without_end(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = Offload(1)
    monkeypatch.setattr(pool, "_free", [])
    try:
        with pytest.raises(Busy):
            await pool.run(_until_stopped, 0.01, stoppable=True)
    finally:
        pool.close()


def test_a_forked_process_gets_a_pool_of_its_own() -> None:
    from app.core.offload import offload

    parent = offload()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        mine = offload()
        answer = asyncio.run(mine.run(os.getppid))
        os.write(write, f"{mine is not parent} {answer == os.getpid()}".encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    assert os.read(read, 100) == b"True True"


def _gone(pid: int) -> bool:
    """Exited (a zombie nobody reaps counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


TEXT: dict[str, Any] = {"capture_output": True, "text": True, "check": True}

SERVER = """
import asyncio, os, sys, time
from app.core.offload import Offload
pool = Offload(1)
print(asyncio.run(pool.run(os.getpid)), flush=True)
time.sleep(600)
"""


def test_workers_end_when_their_server_is_killed() -> None:
    """A server killed before it could stop its pool leaves no worker behind."""
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        assert not _gone(worker)
    finally:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 10
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(worker)


LATE_WORKER = """
import sys, time
from multiprocessing.sharedctypes import RawArray
from app.core.offload import _start_worker
_start_worker(RawArray("b", 1), 0, int(sys.argv[1]))
time.sleep(600)
"""


def test_a_worker_whose_server_ended_before_it_started_ends_too() -> None:
    """A worker slow to start (a cold start imports the whole app) may begin after its server
    is gone: it watches the server's pid as the server gave it, not the parent it finds."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    worker = subprocess.Popen([sys.executable, "-c", LATE_WORKER, ended.stdout.strip()], cwd=ROOT)
    try:
        assert worker.wait(timeout=10) == 0  # ended by its watcher: the script sleeps 600 s
    finally:
        worker.kill()


async def test_closing_the_pool_stops_the_job_under_way() -> None:
    pool = Offload(1)
    job = asyncio.ensure_future(pool.run(_until_stopped, 30.0, stoppable=True))
    await asyncio.sleep(1.5)  # the job is under way in the worker
    began = time.monotonic()
    await asyncio.to_thread(pool.close)
    assert time.monotonic() - began < 5
    assert await job == "stopped"


# --- turns shared between clients ------------------------------------------------------------


async def _job(turns: Turns, client: str, log: list[str], release: asyncio.Event) -> None:
    async with turns.turn(client):
        log.append(client)
        await release.wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def _queued_behind_a_holder(turns: Turns, holder: str, clients: list[str]) -> list[str]:
    """The turns given: `holder` holds the one worker while the others queue in this order;
    then each runs at once when its turn comes."""
    log: list[str] = []
    held, free = asyncio.Event(), asyncio.Event()
    free.set()
    first = asyncio.ensure_future(_job(turns, holder, log, held))
    await _settle()
    queued = [asyncio.ensure_future(_job(turns, c, log, free)) for c in clients]
    await _settle()
    held.set()
    await asyncio.gather(first, *queued)
    return log


async def test_a_client_with_many_jobs_waiting_does_not_go_before_another() -> None:
    turns = Turns(1)
    log = await _queued_behind_a_holder(turns, "flood", ["flood"] * 3 + ["import"] * 2)
    # The importer has had no worker time: its jobs go before the flood's next.
    assert log == ["flood", "import", "import", "flood", "flood", "flood"]
    assert (turns.busy, turns.waiting, turns.used, dict(turns.jobs)) == (0, {}, {}, {})


async def test_clients_with_the_same_worker_time_take_turns() -> None:
    turns = Turns(1, clock=lambda: 0.0)  # no job takes any time: every choice is a tie
    log = await _queued_behind_a_holder(turns, "holder", ["a", "a", "a", "b", "b", "b"])
    assert log == ["holder", "a", "b", "a", "b", "a", "b"]


async def test_the_client_that_has_had_less_worker_time_goes_next() -> None:
    turns = Turns(1)
    turns.used.update({"heavy": 10.0, "light": 0.0})
    turns.jobs.update({"heavy": 1, "light": 1})  # both active, as while their jobs run
    busy = asyncio.Event()
    holder = asyncio.ensure_future(_job(turns, "other", [], busy))
    await _settle()
    order: list[str] = []
    done = asyncio.Event()
    done.set()
    waiting = [asyncio.ensure_future(_job(turns, c, order, done)) for c in ("heavy", "light")]
    await _settle()
    busy.set()
    await asyncio.gather(holder, *waiting)
    assert order == ["light", "heavy"]


async def test_a_client_back_after_a_pause_starts_level_with_the_others() -> None:
    turns = Turns(1)
    turns.used["busy"] = 50.0
    turns.jobs["busy"] = 1
    release = asyncio.Event()
    task = asyncio.ensure_future(_job(turns, "newcomer", [], release))
    await _settle()
    assert turns.used["newcomer"] == 50.0  # no credit for having been away
    release.set()
    await task
    assert "newcomer" not in turns.used


@dataclass
class Queue:
    """Client a holds the one worker; b and then c wait. Set `first`/`last` to end a and c."""

    turns: Turns
    log: list[str]
    first: asyncio.Event
    last: asyncio.Event
    holder: "asyncio.Future[None]"
    waiter: "asyncio.Future[None]"
    after: "asyncio.Future[None]"


async def _queue_of_three() -> Queue:
    turns, log = Turns(1), []
    first, last = asyncio.Event(), asyncio.Event()
    holder = asyncio.ensure_future(_job(turns, "a", log, first))
    await _settle()
    waiter = asyncio.ensure_future(_job(turns, "b", log, asyncio.Event()))
    after = asyncio.ensure_future(_job(turns, "c", log, last))
    await _settle()
    return Queue(turns, log, first, last, holder, waiter, after)


async def test_a_cancelled_wait_gives_no_turn_away_and_keeps_no_worker() -> None:
    queue = await _queue_of_three()
    turns, log, first, second = queue.turns, queue.log, queue.first, queue.last
    holder, gone, after = queue.holder, queue.waiter, queue.after
    gone.cancel()
    await _settle()
    first.set()
    await _settle()
    assert log == ["a", "c"]
    second.set()
    await asyncio.gather(holder, after)
    assert gone.cancelled()
    assert (turns.busy, turns.waiting, dict(turns.jobs)) == (0, {}, {})


async def test_a_turn_given_as_its_waiter_is_cancelled_goes_to_the_next() -> None:
    queue = await _queue_of_three()
    turns, log, first, last = queue.turns, queue.log, queue.first, queue.last
    holder, unlucky, after = queue.holder, queue.waiter, queue.after
    first.set()
    await asyncio.sleep(0)  # the holder ends and hands the turn to b's waiter...
    await asyncio.sleep(0)
    unlucky.cancel()  # ...which is cancelled before it runs
    await _settle()
    last.set()
    await asyncio.gather(holder, after, return_exceptions=True)
    assert log[0] == "a" and log[-1] == "c"
    assert (turns.busy, turns.waiting, dict(turns.jobs)) == (0, {}, {})


async def test_a_waiter_cancelled_as_the_turn_ends_neither_takes_it_nor_keeps_the_worker() -> None:
    """The holder ends and b's wait is cancelled in the same pass of the loop, the turn
    handed on before b hears of its cancellation: c gets the worker, and none is lost (a
    lost one held every later job of the process waiting for ever)."""
    queue = await _queue_of_three()
    turns, log, first, last = queue.turns, queue.log, queue.first, queue.last
    holder, gone, after = queue.holder, queue.waiter, queue.after
    first.set()  # the holder runs first in the next pass, and hands the turn on...
    gone.cancel()  # ...b's wait being cancelled already
    await _settle()
    assert log == ["a", "c"]
    last.set()
    await asyncio.gather(holder, after)
    assert gone.cancelled()
    assert (turns.busy, turns.waiting, dict(turns.jobs)) == (0, {}, {})


def _sleep_then(seconds: float, label: str) -> str:
    time.sleep(seconds)
    return label


async def test_the_pool_serves_clients_in_turn_not_in_arrival_order() -> None:
    """A client with three slow jobs queued and one with a quick job after them: the quick one
    runs after the first slow one, not after all three."""
    pool = Offload(1)
    finished: list[str] = []

    async def client(name: str, seconds: float, label: str) -> None:
        work_for(name)
        finished.append(await pool.run(_sleep_then, seconds, label))

    try:
        await pool.warm()
        flood = [asyncio.ensure_future(client("flood", 0.4, f"slow {n}")) for n in range(3)]
        await asyncio.sleep(0.1)
        await asyncio.gather(*flood, client("import", 0.0, "quick"))
    finally:
        pool.close()
    assert finished == ["slow 0", "quick", "slow 1", "slow 2"]
