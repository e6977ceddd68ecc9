"""CPU-bound work (extraction, reading import rows) in worker processes of its own.

In a thread, such work holds the interpreter lock against the event loop: every request then
waits for its turn at the lock, many times over, and a reader's page that takes 2 ms takes
hundreds. A worker process has its own interpreter, and it runs at a lower priority (nice), so
the serving process keeps a core whenever both want one.

Each server process has one pool (CLAIMTRACK_CPU_WORKERS processes, started on first use or at
start-up), shared by all its requests. Jobs beyond the workers wait their turn, and turns are
shared between clients (Turns): a client flooding extraction does not queue its jobs in front
of another's import. A job that should stop early (its client left) gets a flag in shared
memory that the work checks between its units.

A job may have a deadline (`until`, waiting for a turn included): past it the caller gets a
TimeoutError, and a job still running OVERRUN_SECONDS after it was told to stop (by its
deadline or its caller leaving) ends with its worker: the pool's processes are terminated, a
new pool serves the next job, and the jobs that were running beside it run again there.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib
import os
import signal
import threading
import time
import weakref
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Hashable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import partial
from multiprocessing import get_context
from multiprocessing.sharedctypes import RawArray
from typing import Any, TypeVar

from app.core.errors import AppError
from app.settings import get_settings

T = TypeVar("T")
SLOTS = 4096
RETRY = {"Retry-After": "5"}
# Workers yield the CPU to the serving process: nice 10 gets about a tenth of the time
# a normal process gets on a contended core, all of an idle one.
NICENESS = 10
PARENT_CHECK_SECONDS = 1.0
# The time a job's own checks have to notice its deadline before its caller gives up, and then
# the time a job told to stop has to end before its worker is ended with it.
LATE_SECONDS = 0.25
OVERRUN_SECONDS = 1.0
_CONTEXT = get_context("spawn")  # a fork of a threaded event loop is not safe


class Busy(AppError):
    """Every stop flag is taken: too much CPU work is queued."""

    status, title, slug = 503, "Service unavailable", "service-unavailable"


class _Ended(Exception):
    """The pool was ended under a job for another job's overrun: it runs again."""


class Stop:
    """A flag the parent sets and a job in a worker reads."""

    def __init__(self, slot: int) -> None:
        """The flag at slot of the worker's shared array."""
        self.slot = slot

    def __call__(self) -> bool:
        """Whether the job should stop."""
        return bool(_flags is not None and _flags[self.slot])


_flags: Any = None  # the worker's view of the shared flags


def _start_worker(flags: Any, niceness: int, parent: int, preload: tuple[str, ...] = ()) -> None:
    """A worker's start: parent is the server's pid as the server gave it (a worker asking
    os.getppid() itself, slow to start, found the server already gone, adopted by pid 1, and
    then waited for pid 1 to end); preload, the modules of the jobs its pool's predecessor ran
    (a pool started after one was ended is as ready as it was)."""
    global _flags
    _flags = flags
    os.nice(niceness)
    for module in preload:
        importlib.import_module(module)
    # Ctrl-C reaches the whole process group: the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int, every: float = PARENT_CHECK_SECONDS) -> None:
    """End this worker once its server is gone (killed, or stopped before it could stop its
    workers): the job queue's pipe has an end in the worker itself, so it would wait forever."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def _ready() -> int:
    return os.getpid()


_client: ContextVar[Hashable] = ContextVar("claimtrack_cpu_client", default=None)


def work_for(client: Hashable) -> None:
    """Whose CPU work the current request's jobs are (its key, or its address): each client
    gets its share of the workers' turns."""
    _client.set(client)


class Turns:
    """Turns at `slots` workers, shared between clients by the worker time each has had.

    While the workers are all busy, a job waits; when one ends, the waiting client that has
    had the least worker time goes next (its oldest job). A client counts its time only while
    it has jobs waiting or running; one that comes back starts level with the least of the
    others, so no client builds up credit while away. Unset clients (the command line, tests)
    are one client, served in order.
    """

    def __init__(self, slots: int, clock: Callable[[], float] = time.monotonic) -> None:
        """At most `slots` jobs in the workers at once; worker time read from `clock`."""
        self.slots = slots
        self.clock = clock
        self.busy = 0
        self.used: dict[Hashable, float] = {}  # worker seconds, of clients with jobs
        self.jobs: Counter[Hashable] = Counter()  # jobs waiting or running, per client
        self.waiting: dict[Hashable, deque[asyncio.Future[None]]] = {}

    @asynccontextmanager
    async def turn(self, client: Hashable) -> AsyncIterator[None]:
        """Hold a worker's turn for `client` while the body runs."""
        if client not in self.used:
            self.used[client] = min(self.used.values(), default=0.0)
        self.jobs[client] += 1
        try:
            await self._wait(client)
            began = self.clock()
            try:
                yield
            finally:
                self.used[client] += self.clock() - began
                self._pass_on()
        finally:
            self.jobs[client] -= 1
            if not self.jobs[client]:
                del self.jobs[client], self.used[client]

    async def _wait(self, client: Hashable) -> None:
        if self.busy < self.slots and not self.waiting:
            self.busy += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(client, deque()).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._pass_on()  # given the turn just as it was cancelled: the next one's
            else:
                self._forget(client, waiter)
            raise

    def _forget(self, client: Hashable, waiter: asyncio.Future[None]) -> None:
        """A cancelled wait leaves the line (unless _pass_on already skipped it)."""
        queue = self.waiting.get(client)
        if queue is not None and waiter in queue:
            queue.remove(waiter)
            if not queue:
                del self.waiting[client]

    def _pass_on(self) -> None:
        """A turn ends: the next waiting job gets it, or a worker is free. A wait cancelled
        before its task has heard of it is skipped (the task then leaves without a turn)."""
        while self.waiting:
            client = min(self.waiting, key=self.used.__getitem__)  # on a tie, the longest waiting
            queue = self.waiting.pop(client)
            waiter = queue.popleft()
            if queue:
                self.waiting[client] = queue  # behind the others now
            if not waiter.done():
                waiter.set_result(None)
                return
        self.busy -= 1


class Offload:
    """A pool of worker processes and the stop flags of their jobs."""

    def __init__(self, workers: int, niceness: int = NICENESS) -> None:
        """No process is started until the first job (or warm())."""
        self.workers = workers
        self._niceness = niceness
        self.warmed = False
        self._flags = RawArray("b", SLOTS)
        self._free = list(range(SLOTS))
        self._lock = threading.Lock()
        self._pool: Executor | None = None
        self._ended: weakref.WeakSet[Executor] = weakref.WeakSet()
        self._modules: set[str] = set()  # of the jobs run: a new pool imports them at start
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Turns] = (
            weakref.WeakKeyDictionary()
        )
        self.pid = os.getpid()

    def _executor(self) -> Executor:
        with self._lock:
            if self._pool is None and not self.workers:
                # CLAIMTRACK_CPU_WORKERS=0: one thread of this process, reading the same flags.
                global _flags
                _flags = self._flags
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpu")
            elif self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=_CONTEXT,
                    initializer=_start_worker,
                    initargs=(self._flags, self._niceness, os.getpid(), tuple(self._modules)),
                )
            return self._pool

    async def warm(self) -> None:
        """Start the workers now, so the first request does not wait for them; `warmed` once
        every worker has started. (A worker imports a job's code when its first job of that
        kind comes: about a second, once. Importing every job's code at start would cost each
        worker most of the app's memory, which a server that never imports or extracts
        should not pay.)"""
        executor = self._executor()
        await asyncio.gather(
            *(asyncio.wrap_future(executor.submit(_ready)) for _ in range(max(self.workers, 1)))
        )
        self.warmed = True

    async def run(
        self,
        work: Callable[..., T],
        *args: Any,
        stoppable: bool = False,
        until: float | None = None,
    ) -> T:
        """work(*args) in a worker, at the turn of the request's client (work_for); with
        stoppable, a Stop is passed as the last argument and set if the caller is cancelled
        (the worker checks it; the result is then dropped). A stoppable job holds its flag
        while it waits, so the flags bound how many wait (503 past them). With until (a
        time.monotonic() deadline), TimeoutError once it has passed, waiting included."""
        slot = self._take() if stoppable else None
        loop = asyncio.get_running_loop()
        turns = self._turns.get(loop)
        if turns is None:
            turns = self._turns[loop] = Turns(max(self.workers, 1))
        late = None if until is None else until + LATE_SECONDS - time.monotonic()
        try:
            async with asyncio.timeout(late), turns.turn(_client.get()):
                while True:
                    if stoppable and slot is None:
                        slot = self._take()
                    job = args if slot is None else (*args, Stop(slot))
                    future, executor = self._submit(work, job)
                    running, slot = slot, None  # the job gives its flag back when it ends
                    if running is not None:
                        future.add_done_callback(partial(self._give_back_after, running))
                    try:
                        return await self._result(future, executor, running)
                    except _Ended:
                        continue
        finally:
            if slot is not None:
                self._give_back(slot)

    def _submit(self, work: Callable[..., T], args: tuple[Any, ...]) -> tuple[Future[T], Executor]:
        module = getattr(work, "__module__", None) or "builtins"
        if module != "__main__":
            self._modules.add(module)
        executor = self._executor()
        try:
            return executor.submit(work, *args), executor
        except BrokenProcessPool:
            self._replace(executor)
            executor = self._executor()
            return executor.submit(work, *args), executor

    async def _result(self, future: Future[T], executor: Executor, slot: int | None) -> T:
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            if slot is not None:
                self._flags[slot] = 1
            if not future.cancel():
                loop = asyncio.get_running_loop()
                loop.call_later(OVERRUN_SECONDS, self._end_if_running, future, executor)
            raise
        except BrokenProcessPool:
            if executor in self._ended:
                raise _Ended from None
            # A worker died (killed, out of memory): the next job gets a fresh pool.
            self._replace(executor)
            raise Busy("a worker process stopped; try again", headers=RETRY) from None

    def _end_if_running(self, future: Future[Any], executor: Executor) -> None:
        """A job told to stop is still running: end its pool's processes (a worker cannot be
        ended alone, and a thread not at all: that job stops at its next check), and start
        the next pool's."""
        if future.done() or not isinstance(executor, ProcessPoolExecutor):
            return
        with self._lock:
            self._ended.add(executor)
            if self._pool is executor:
                self._pool = None
        # No public way to end a pool's workers before Python 3.14 (terminate_workers()).
        for process in list((executor._processes or {}).values()):
            process.terminate()
        executor.shutdown(wait=False)
        fresh = self._executor()  # started now, not by the next job
        for _ in range(self.workers):
            fresh.submit(_ready)

    def _take(self) -> int:
        with self._lock:
            if not self._free:
                raise Busy("too much work is queued; try again shortly", headers=RETRY)
            slot = self._free.pop()
        self._flags[slot] = 0
        return slot

    def _give_back_after(self, slot: int, _done: Future[Any]) -> None:
        self._give_back(slot)

    def _give_back(self, slot: int) -> None:
        with self._lock:
            self._free.append(slot)

    def _replace(self, broken: Executor) -> None:
        """Drop a broken pool, unless another caller has replaced it already."""
        with self._lock:
            if self._pool is not broken:
                return
            self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers: queued jobs are cancelled, running ones told to stop."""
        with self._lock:
            pool, self._pool = self._pool, None
            for slot in set(range(SLOTS)) - set(self._free):
                self._flags[slot] = 1
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_shared: Offload | None = None
_shared_lock = threading.Lock()


def offload() -> Offload:
    """This process's pool, of CLAIMTRACK_CPU_WORKERS processes (a forked copy of a process
    makes its own: the workers and the threads that talk to them are the original's)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.pid != os.getpid():
            _shared = Offload(get_settings().cpu_workers)
            atexit.register(_shared.close)
        return _shared
