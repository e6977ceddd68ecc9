"""How `claimtrack serve` runs uvicorn: its timeouts, and a deadline for each request head.

uvicorn closes idle keep-alive connections (timeout_keep_alive) but waits forever for a
request head sent a byte at a time (slowloris). The protocols here close a connection whose
request line and headers are not complete CLAIMTRACK_HEADER_TIMEOUT_SECONDS after it opened,
or after the first byte of a later request on it (idle time between requests is the
keep-alive timeout's). They read the setting in each worker process, so uvicorn can name them
by import string.
"""

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.settings import Settings, get_settings

log = logging.getLogger("claimtrack.serving")
PROTOCOLS = {
    "h11": "app.ops.serving:H11WithHeadTimeout",
    "httptools": "app.ops.serving:HttpToolsWithHeadTimeout",
}


class HeadDeadline:
    """A timer per connection, running while a request head is awaited."""

    def __init__(self, transport: asyncio.BaseTransport, seconds: float) -> None:
        self.transport, self.seconds = transport, seconds
        self.timer: asyncio.TimerHandle | None = None

    def arm(self) -> None:
        """Start waiting for a head (if not waiting already)."""
        if self.timer is None and not self.transport.is_closing():
            self.timer = asyncio.get_running_loop().call_later(self.seconds, self._expired)

    def met(self) -> None:
        """A head arrived (or the connection went): stop waiting."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _expired(self) -> None:
        self.timer = None
        if not self.transport.is_closing():
            log.info("closed a connection whose request head took over %.0f s", self.seconds)
            self.transport.close()


class WithHeadDeadline(asyncio.Protocol):
    """The connection's side of the deadline, for either of uvicorn's protocols."""

    head: HeadDeadline

    def connection_made(self, transport: Any) -> None:
        """Start the clock for the first request head."""
        super().connection_made(transport)
        self.head = HeadDeadline(transport, get_settings().header_timeout_seconds)
        self.head.arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """No head to wait for any more."""
        self.head.met()
        super().connection_lost(exc)


class H11WithHeadTimeout(WithHeadDeadline, H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head."""

    def data_received(self, data: bytes) -> None:
        """Bytes while no request is under way begin a head: start its clock."""
        if self.conn.their_state is h11.IDLE:
            self.head.arm()
        super().data_received(data)

    def handle_events(self) -> None:
        """h11 yields the Request event once the head is complete."""
        super().handle_events()
        if self.conn.their_state in (h11.SEND_BODY, h11.DONE):
            self.head.met()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools comes with uvicorn[standard]; without it h11 serves
    PROTOCOLS["httptools"] = PROTOCOLS["h11"]
else:

    class HttpToolsWithHeadTimeout(WithHeadDeadline, HttpToolsProtocol):
        """uvicorn's httptools protocol with a deadline for each request head."""

        def on_message_begin(self) -> None:
            """The first bytes of a request: start the clock for its head."""
            self.head.arm()
            super().on_message_begin()

        def on_headers_complete(self) -> None:
            """The head is complete."""
            self.head.met()
            super().on_headers_complete()


def protocol_name(settings: Settings) -> str:
    """The import string of the HTTP protocol uvicorn should use."""
    kind = settings.http
    if kind == "auto":
        kind = "httptools" if "HttpToolsWithHeadTimeout" in globals() else "h11"
    return PROTOCOLS[kind]


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's settings, every timeout chosen deliberately."""
    proxies = [item.strip() for item in settings.trusted_proxies.split(",") if item.strip()]
    return {
        "http": protocol_name(settings),
        "timeout_keep_alive": settings.keep_alive_seconds,
        "timeout_graceful_shutdown": settings.graceful_shutdown_seconds,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        "access_log": False,
        "log_level": settings.log_level,
    }
