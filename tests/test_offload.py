"""The worker processes that take CPU-bound work off the event loop."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.core.offload import Busy, Offload, Stop

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
