"""A write request's count against its key's rate limit, kept in the request's own write
transaction.

The dependency that admits a write (app.auth.deps.require) does not open a transaction of its
own to count the request: it leaves a Charge for the request, and the first write transaction
the request begins counts it, as its first statements, while it holds the write lock anyway
(on SQLite that is one BEGIN IMMEDIATE and one turn at the writer lock a write instead of two).
Over the limit, the count raises TooManyRequests there and the transaction rolls back: nothing
is written. A transaction that rolls back gives the charge back, so a retried request is counted
once; a request that ends without committing a write (a 404, a conflict) is counted after its
answer by `settle`, in a transaction of its own, as every write request was before.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Connection, event, update
from sqlalchemy.orm import Session, SessionTransaction
from starlette.types import ASGIApp, Receive, Scope, Send

from app.auth import service
from app.auth.models import ApiKey
from app.auth.windows import WINDOW_SECONDS, Refusal, refusal
from app.core.errors import TooManyRequests
from app.db.base import utcnow
from app.db.session import Database
from app.db.version import WriteSession


@dataclass(slots=True)
class Charge:
    """One write request to count: whose key, its limit, whether its last use is stale, and
    when it arrived (the window it counts in, whenever its transaction runs)."""

    key_id: int
    name: str
    limit: int
    stale: bool
    arrived: float
    counted: bool = False  # counted in a transaction not yet committed or rolled back
    settled: bool = False  # counted in a committed transaction
    refused: Refusal | None = None

    @property
    def window(self) -> int:
        """The rate limit's window it counts in."""
        return int(self.arrived // WINDOW_SECONDS)


PENDING: ContextVar[Charge | None] = ContextVar("claimtrack_pending_charge", default=None)
STATE_KEY = "charge"  # where the request's Charge is kept in its ASGI scope's state


def too_many(who: str, refused: Refusal) -> TooManyRequests:
    """The 429 for a client over its limit."""
    return TooManyRequests(
        f"{who} made more than {refused.limit} requests this minute; retry in {refused.reset} s",
        headers=refused.headers(),
    )


def count(connection: Connection, charge: Charge) -> Refusal | None:
    """Count the charge on connection (inside a transaction): the key's last use if stale, one
    more request in this window, the windows before dropped. A Refusal when over the limit."""
    if charge.stale:
        connection.execute(
            update(ApiKey).where(ApiKey.id == charge.key_id).values(last_used_at=utcnow())
        )
    if not charge.limit:
        return None
    upsert, earlier = service.count_statements(
        connection.dialect.name, charge.key_id, charge.window
    )
    counted = int(connection.execute(upsert).scalar_one())
    if counted == 1:
        connection.execute(earlier)
    return refusal(limit=charge.limit, count=counted, now=charge.arrived)


@event.listens_for(WriteSession, "after_begin")
def _count_first(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    charge = PENDING.get()
    if charge is None or charge.counted or charge.settled:
        return
    charge.counted = True
    session.info["claimtrack.charge"] = charge
    charge.refused = count(connection, charge)
    if charge.refused is not None:
        raise too_many(f"key {charge.name!r}", charge.refused)


@event.listens_for(WriteSession, "after_commit")
def _settle(session: Session) -> None:
    charge = session.info.pop("claimtrack.charge", None)
    if charge is not None:
        charge.settled = True


@event.listens_for(WriteSession, "after_rollback")
def _give_back(session: Session) -> None:
    charge = session.info.pop("claimtrack.charge", None)
    if charge is not None and not charge.settled:
        charge.counted = False


async def settle(database: Database, charge: Charge) -> None:
    """Count a write request that committed no write transaction, in a transaction of its
    own, after its answer."""
    if charge.settled or charge.counted:
        return
    async with database.writer() as session, session.begin():
        if charge.stale:
            await service.touch_key(session, charge.key_id, utcnow())
        if charge.limit:
            await service.count_request(session, charge.key_id, charge.window)
    charge.settled = True


class SettleCharges:
    """Counts, once the answer is sent, a write request that its own transactions did not."""

    def __init__(self, app: ASGIApp, database: Database) -> None:
        """Wrap app; charges are counted on database."""
        self.app, self.database = app, database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request, then settle its charge and forget it."""
        try:
            await self.app(scope, receive, send)
        finally:
            charge = scope.get("state", {}).get(STATE_KEY)
            PENDING.set(None)
            if charge is not None:
                await settle(self.database, charge)
