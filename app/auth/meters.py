"""Per-process rate limits that cost no database write: keyed reads, anonymous expensive work."""

import asyncio
import ipaddress
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from starlette.types import Scope

from app.auth.windows import Windows

log = logging.getLogger("claimtrack.auth")


@dataclass
class Meters:
    """The counters of one process (kept on app.state).

    `reads` counts keyed reads per key, `anonymous` anonymous expensive requests per client
    address; `clock` dates write requests, which are counted in the database; `pending` holds
    the background writes of keys' last use, so they are not lost.
    """

    reads: Windows = field(default_factory=Windows)
    anonymous: Windows = field(default_factory=Windows)
    clock: Callable[[], float] = time.time
    pending: set[asyncio.Task[None]] = field(default_factory=set)

    @classmethod
    def on(cls, clock: Callable[[], float]) -> "Meters":
        """Fresh counters, every one of them read from this clock."""
        return cls(reads=Windows(clock), anonymous=Windows(clock), clock=clock)

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run some bookkeeping in the background; a failure is logged, never raised."""
        task = asyncio.get_running_loop().create_task(_logged(work))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)


async def _logged(work: Coroutine[Any, Any, None]) -> None:
    try:
        await work
    except Exception:  # bookkeeping only: the request it came from was served
        log.warning("background bookkeeping failed", exc_info=True)


def client_address(scope: Scope) -> str:
    """Who an anonymous request counts as: its socket peer (IPv6 by its /64 network).

    Forwarded headers count only through uvicorn's proxy handling, which claimtrack turns on
    for the addresses in CLAIMTRACK_TRUSTED_PROXIES alone.
    """
    client = scope.get("client")
    host = str(client[0]) if client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)
