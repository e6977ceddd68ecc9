"""A time limit and a stop flag that extraction checks between units of work.

Extraction runs in a worker thread, which cannot be interrupted from outside: it stops
itself at the next check (between sentences, and between numbers in a long sentence) once
its time is up or its caller has gone.
"""

from __future__ import annotations

from time import monotonic


class Stopped(Exception):
    """Extraction gave up: its time ran out or its caller stopped it."""


class OutOfTime(Stopped):
    """Extraction took longer than its budget."""


class Cancelled(Stopped):
    """The caller no longer wants the result."""


class Budget:
    """Seconds extraction may take (None: no limit), and a flag to stop it early."""

    def __init__(self, seconds: float | None = None) -> None:
        """Start the clock."""
        self.seconds = seconds
        self._until = None if seconds is None else monotonic() + seconds
        self._cancelled = False

    def cancel(self) -> None:
        """Ask the extraction to stop at its next check (safe from another thread)."""
        self._cancelled = True

    def check(self) -> None:
        """Raise Cancelled or OutOfTime when the work should stop."""
        if self._cancelled:
            raise Cancelled
        if self._until is not None and monotonic() > self._until:
            raise OutOfTime


UNLIMITED = Budget()
