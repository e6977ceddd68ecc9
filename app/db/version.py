"""The data version: a number every committed write moves, read by every instance alike.

Counts remembered in a process (facets) are kept with the version they were computed at and
recomputed once it moves. SQLite tells it exactly (PRAGMA data_version moves when another
connection commits). PostgreSQL has no such number, so it is a row of its own: each write
session adds one to it just before it commits, in the same transaction, so the new number
becomes visible with the data it stands for and never before (a counter outside the
transaction, a sequence or the WAL position, could be read before the write is visible, and
the counts computed then remembered as if they were current). Any instance, on the primary,
sees another's write at its next read.
"""

from sqlalchemy import BigInteger, CheckConstraint, Integer, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db.base import Base

# An upsert: a row lost (a partial restore, a hand edit) comes back at the next write.
BUMP = (
    "INSERT INTO data_version (id, n) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET n = data_version.n + 1"
)
READ = "SELECT n FROM data_version WHERE id = 1"


class DataVersion(Base):
    """One row: how many write transactions PostgreSQL has committed through claimtrack."""

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class WriteSession(Session):
    """A write session: on PostgreSQL its commit moves the data version."""


@event.listens_for(WriteSession, "before_commit")
def _bump(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(BUMP))
