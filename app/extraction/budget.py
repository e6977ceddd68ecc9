"""A time limit and a stop flag that extraction checks between units of work.

Extraction runs in a worker process (or thread), which is not interrupted from outside: it
stops itself at the next check (between sentences, and between numbers in a long sentence) once
its time is up or its caller has gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from time import monotonic
from typing import TypeVar

T = TypeVar("T")


class Stopped(Exception):
    """Extraction gave up: its time ran out or its caller stopped it."""


class OutOfTime(Stopped):
    """Extraction took longer than its budget."""


class Cancelled(Stopped):
    """The caller no longer wants the result."""


class Budget:
    """Seconds extraction may take (None: no limit), and a flag to stop it early."""

    def __init__(
        self,
        seconds: float | None = None,
        *,
        until: float | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        """Start the clock, or keep to a deadline already set (a monotonic time: the clock is
        the same in every process of the machine); stop() says when the caller has gone."""
        self.seconds = seconds
        self._until = until if seconds is None else monotonic() + seconds
        self._stop = stop

    def check(self) -> None:
        """Raise Cancelled or OutOfTime when the work should stop."""
        if self._stop is not None and self._stop():
            raise Cancelled
        if self._until is not None and monotonic() > self._until:
            raise OutOfTime


UNLIMITED = Budget()


def checked(items: Iterable[T], check: Callable[[], None]) -> Iterator[T]:
    """items, with check() before each: a sentence of thousands of figures stops part-way."""
    for item in items:
        check()
        yield item
