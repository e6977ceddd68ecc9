"""Repeat links made by an import: those its rows carry (an export's `repeat_of`, naming another
row by `export_id`), and with `match=similar` those matching finds for each new claim."""

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.listing import session_runner
from app.core.errors import Conflict, Unprocessable
from app.db.session import dialect_of
from app.matching.links import link_repeat
from app.matching.service import similar_claims
from app.newsroom.places import Where, place
from app.newsroom.rows import ImportedLink, ImportRow

Match = Literal["exact", "similar", "none"]
SIMILAR_LIMIT = 5
# What link_repeat refuses: reported as a link not made, never a failed import.
REFUSED = (Conflict, Unprocessable)


class RowOf(Protocol):
    """A row being imported, where it is in the body."""

    where: Where
    row: ImportRow


@dataclass
class Links:
    """The links an import was asked for, and what became of them."""

    by_export: dict[int, int] = field(default_factory=dict)  # export_id -> claim id
    wanted: list[tuple[Where, int, ImportedLink]] = field(default_factory=list)
    to_match: list[tuple[Where, int]] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)
    unlinked: list[dict[str, Any]] = field(default_factory=list)
    asked: bool = False

    def note(self, pending: RowOf, claim_id: int, *, similar: bool) -> None:
        """A row's claim: its export id, the link it asks for, whether matching should look."""
        row = pending.row
        if row.export_id is not None:
            self.by_export[row.export_id] = claim_id
        if row.repeat_of is not None:
            self.wanted.append((pending.where, claim_id, row.repeat_of))
            self.asked = True
        elif similar:
            self.to_match.append((pending.where, claim_id))
            self.asked = True

    async def make(self, session: AsyncSession, *, actor: str, tolerance: float) -> None:
        """Link what the rows ask for, then what matching finds for the new claims."""
        for where, claim_id, wanted in self.wanted:
            original = self.by_export.get(wanted.claim_id)
            if original is None:
                self._unlinked(where, claim_id, f"no row of this import has export_id "
                               f"{wanted.claim_id}")  # fmt: skip
                continue
            await self._link(session, where, claim_id, original, wanted, actor=actor)
        for where, claim_id in self.to_match:
            await self._match(session, where, claim_id, actor=actor, tolerance=tolerance)

    async def _link(
        self,
        session: AsyncSession,
        where: Where,
        claim_id: int,
        original: int,
        wanted: ImportedLink,
        *,
        actor: str,
    ) -> None:
        try:
            await link_repeat(
                session,
                claim_id,
                original,
                actor=actor,
                how=wanted.how,
                score=wanted.score,
                confirmed=wanted.confirmed,
                linked_by=wanted.linked_by,
            )
        except REFUSED as error:  # a row naming itself, or a cycle between rows
            self._unlinked(where, claim_id, error.detail)
            return
        self.linked.append({**place(where), "id": claim_id, "repeat_of": original,
                            "how": wanted.how, "score": wanted.score})  # fmt: skip

    async def _match(
        self, session: AsyncSession, where: Where, claim_id: int, *, actor: str, tolerance: float
    ) -> None:
        """Link a new claim to its best linkable match among the claims stored before it."""
        found = await similar_claims(
            session_runner(session),
            dialect_of(session),
            claim_id,
            tolerance=tolerance,
            limit=SIMILAR_LIMIT,
        )
        earlier = [m for m in found if m["linkable"] and m["claim_id"] < claim_id]
        if not earlier:
            return
        best = earlier[0]
        try:
            linked = await link_repeat(
                session, claim_id, best["claim_id"], actor=actor, how="matching",
                score=best["score"],
            )  # fmt: skip
        except REFUSED as error:  # the match repeats this claim already (linked by a row)
            self._unlinked(where, claim_id, error.detail)
            return
        if linked:
            self.linked.append({**place(where), "id": claim_id, "repeat_of": best["claim_id"],
                                "how": "matching", "score": best["score"]})  # fmt: skip

    def _unlinked(self, where: Where, claim_id: int, why: str) -> None:
        self.unlinked.append({**place(where), "id": claim_id, "why": why})

    def report(self) -> dict[str, Any]:
        """What the import's `repeat_links` says: the links made, and those it could not make."""
        return {"linked": self.linked, "not_linked": self.unlinked}
