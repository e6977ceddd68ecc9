"""Many rows in one INSERT (app.db.bulk): what goes in is what a plain insert would store."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import Table, select

from app.claims.models import Appearance
from app.db.bulk import insert_many
from app.db.session import Database
from app.history.models import HistoryEntry
from tests.factories import make_claim, make_source, make_speaker

HISTORY = cast(Table, HistoryEntry.__table__)
APPEARANCES = cast(Table, Appearance.__table__)


def _entry(entity_id: int, at: datetime, snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "entity": "bulk-test", "entity_id": entity_id, "version": 1, "action": "create",
        "actor": "test", "at": at, "reverted_to": None, "changes": {}, "snapshot": snapshot,
    }  # fmt: skip


async def test_rows_keep_their_json_times_and_nulls(database: Database) -> None:
    kyiv = timezone(timedelta(hours=3))
    snapshots = [
        {"text": '«1 000 км²» </script> \\ "quoted"', "figures": [{"value": 1e-300}]},
        {"nested": {"list": [1, None, True], "empty": {}}},
        {},
    ]
    at = datetime(2024, 8, 14, 12, 30, tzinfo=kyiv)
    rows = [_entry(n, at + timedelta(seconds=n), snap) for n, snap in enumerate(snapshots)]
    async with database.writer() as session:
        await insert_many(session, HISTORY, rows)
        stored = (
            await session.execute(
                select(HistoryEntry.entity_id, HistoryEntry.at, HistoryEntry.snapshot)
                .where(HistoryEntry.entity == "bulk-test")
                .order_by(HistoryEntry.entity_id)
            )
        ).all()
        await session.rollback()
    assert [row.snapshot for row in stored] == snapshots
    assert [row.at for row in stored] == [
        (at + timedelta(seconds=n)).astimezone(UTC) for n in range(3)
    ]
    assert all(row.at.tzinfo is not None for row in stored)


async def test_a_column_left_out_gets_its_constant_default(
    client: httpx.AsyncClient, database: Database
) -> None:
    speaker = await make_speaker(client)
    claims = [await make_claim(client, speaker=speaker, text=f"Bulk {n}") for n in range(2)]
    sources = [await make_source(client, url=f"https://bulk.example/{n}") for n in range(2)]
    rows = [
        {"claim_id": claim["id"], "source_id": source["id"], "excerpt": None}
        for claim, source in zip(claims, sources, strict=True)
    ]
    async with database.writer() as session:
        await insert_many(session, APPEARANCES, rows)
        stored = (
            await session.execute(
                select(Appearance.claim_id, Appearance.source_id, Appearance.position)
                .where(Appearance.claim_id.in_([claim["id"] for claim in claims]))
                .order_by(Appearance.claim_id)
            )
        ).all()
        await session.rollback()
    assert [tuple(row) for row in stored] == [
        (claim["id"], source["id"], 0) for claim, source in zip(claims, sources, strict=True)
    ]


async def test_a_computed_default_left_out_is_a_programming_error(database: Database) -> None:
    row = _entry(1, datetime.now(UTC), {})
    del row["at"]  # utcnow() per row: the caller must give it
    async with database.writer() as session:
        with pytest.raises(TypeError, match=r"history\.at"):
            await insert_many(session, HISTORY, [row])
        await session.rollback()
