"""A streamed request body must keep coming while its request holds a lock.

An import streams its body and writes batch by batch in one transaction: it holds the
import lock (PostgreSQL) and the write lock (SQLite) while the rest of the body arrives. A
client that stalls mid-body, or trickles it, would keep every other writer waiting as long
as it liked. `paced` ends such a body: a gap longer than `idle` seconds between two of its
chunks, or, once `idle` seconds have been spent waiting for it, fewer than `min_rate`
bytes a second over that waiting time, is a 408 (the transaction then rolls back).

Only the time spent waiting for the client counts: while the server writes a batch it
reads nothing, and that time is the server's, not the client's.
"""

from collections.abc import AsyncIterable, AsyncIterator
from time import monotonic

import anyio

from app.core.errors import RequestTimeout


async def paced(
    blocks: AsyncIterable[bytes], *, idle: float, min_rate: int
) -> AsyncIterator[bytes]:
    """The blocks of a body as they arrive, or RequestTimeout when it stalls or trickles."""
    waited, received = 0.0, 0
    iterator = aiter(blocks)
    while True:
        began = monotonic()
        with anyio.move_on_after(idle) as deadline:
            try:
                block = await anext(iterator)
            except StopAsyncIteration:
                return
        if deadline.cancelled_caught:
            raise RequestTimeout(
                f"the request body stopped arriving: nothing came for {idle:g} s "
                "(send it without pauses)",
                loc=["body"],
            )
        waited += monotonic() - began
        received += len(block)
        if waited > idle and received < min_rate * waited:
            raise RequestTimeout(
                f"the request body arrives too slowly: {received / waited:,.0f} bytes/s "
                f"over {waited:.0f} s, under the {min_rate:,} bytes/s an import must keep up "
                "while it holds the write lock",
                loc=["body"],
            )
        yield block
