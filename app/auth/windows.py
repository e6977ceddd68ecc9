"""Requests per client in fixed one-minute windows, counted in this process's memory.

Pure: no web, no database. A window's counts are dropped when the next window starts, so the
memory held is one counter per client seen this minute.
"""

import math
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Refusal:
    """A client over its limit: the limit and the seconds until its window ends."""

    limit: int
    reset: int

    def headers(self) -> dict[str, str]:
        """Retry-After and the RateLimit-* fields of a 429."""
        return {
            "Retry-After": str(self.reset),
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={WINDOW_SECONDS}",
        }


def refusal(*, limit: int, count: int, now: float) -> Refusal | None:
    """A Refusal when `count` requests in the window containing `now` exceed `limit` (0: none)."""
    if not limit or count <= limit:
        return None
    window = now // WINDOW_SECONDS
    return Refusal(limit=limit, reset=max(1, math.ceil((window + 1) * WINDOW_SECONDS - now)))


class Windows:
    """Counts per client of the current minute."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.window = -1
        self.counts: dict[Hashable, int] = {}

    def hit(self, client: Hashable, *, limit: int) -> Refusal | None:
        """Count one request of the client; a Refusal if that takes it over the limit."""
        if not limit:
            return None
        now = self.clock()
        window = int(now // WINDOW_SECONDS)
        if window != self.window:
            self.window, self.counts = window, {}
        count = self.counts.get(client, 0) + 1
        self.counts[client] = count
        return refusal(limit=limit, count=count, now=now)
