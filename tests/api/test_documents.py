"""The ready-made claim documents stay equal to documents built afresh, whatever changes."""

from typing import Any

import httpx
import orjson
from sqlalchemy import text

from app.claims.derived_cli import ensure_documents
from app.claims.sql.documents import document
from app.db.session import Database
from app.settings import Settings
from tests.factories import make_claim, make_measure, make_source, make_speaker


async def _documents(database: Database) -> tuple[dict[int, Any], dict[int, Any]]:
    fresh_sql = (
        f"SELECT c.id, {document(database.dialect)} FROM claims AS c "
        "JOIN speakers AS s ON s.id = c.speaker_id"
    )
    async with database.reader() as session:
        ready = (
            await session.execute(text("SELECT claim_id, document FROM claim_documents"))
        ).all()
        fresh = (await session.execute(text(fresh_sql), {"tolerance": 0.1})).all()
    return (
        {row[0]: orjson.loads(row[1]) for row in ready},
        {row[0]: orjson.loads(row[1]) for row in fresh},
    )


async def test_ready_documents_follow_every_change(
    client: httpx.AsyncClient, database: Database
) -> None:
    speaker = await make_speaker(
        client, name="Before", roles=[{"title": "Mayor", "start": "2020-01-01"}]
    )
    source = await make_source(client, title="Old title")
    await make_measure(client, slug="area", unit="km²")
    claims = [
        await make_claim(
            client,
            speaker=speaker,
            appearances=[{"source_id": source["id"]}],
            figures=[
                {"measure_id": "area", "value": n + 1, "unit": "km2", "qualifier": "approximately"}
            ],
        )
        for n in range(3)
    ]
    first = claims[0]["id"]
    await client.patch(
        f"/v1/speakers/{speaker['id']}", json={"name": "After", "roles": [{"title": "Governor"}]}
    )
    await client.patch(
        f"/v1/sources/{source['id']}", json={"title": "New title", "publisher": "Desk"}
    )
    await client.patch("/v1/measures/area", json={"unit": "sq mi", "slug": "area-held"})
    review = (
        await client.post(
            f"/v1/claims/{first}/reviews",
            json={"reviewer": "R", "rating_label": "False", "url": "https://r.example/1"},
        )
    ).json()
    await client.patch(f"/v1/claims/{first}/reviews/{review['id']}", json={"rating_label": "True"})
    await client.patch(f"/v1/claims/{claims[1]['id']}", json={"text": "Edited", "tags": ["x"]})
    await client.delete(f"/v1/claims/{claims[2]['id']}")
    await client.post(f"/v1/claims/{claims[2]['id']}/revert", json={"version": 1})
    await client.post(f"/v1/speakers/{speaker['id']}/revert", json={"version": 1})
    ready, fresh = await _documents(database)
    assert set(ready) == set(fresh) == {claim["id"] for claim in claims}
    assert ready == fresh
    served = (await client.get(f"/v1/claims/{first}")).json()
    assert served == fresh[first]
    assert served["speaker_name"] == "Before" and served["reviews"][0]["rating_label"] == "True"
    assert (
        served["sources"][0]["title"] == "New title"
        and served["figures"][0]["measure"] == "area-held"
    )
    await client.delete(f"/v1/claims/{first}/reviews/{review['id']}")
    ready, fresh = await _documents(database)
    assert ready == fresh and ready[first]["reviews"] == []


async def test_migrate_rebuilds_missing_and_stale_documents(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    speaker = await make_speaker(client, name="Rebuilt")
    await make_measure(client, slug="area", unit="km²")
    figure = {"measure_id": "area", "value": 10, "unit": "km2", "qualifier": "approximately"}
    ids = [(await make_claim(client, speaker=speaker, figures=[figure]))["id"] for _ in range(3)]
    async with database.writer() as session, session.begin():
        await session.execute(
            text("DELETE FROM claim_documents WHERE claim_id = :id"), {"id": ids[0]}
        )
        await session.execute(
            text(
                "UPDATE claim_documents SET tolerance = 0.5, document = '{}' WHERE claim_id = :id"
            ),
            {"id": ids[1]},
        )
    assert await ensure_documents(settings) == 2  # what `claimtrack migrate` runs after upgrading
    ready, fresh = await _documents(database)
    assert ready == fresh and set(ready) == set(ids)
    assert ready[ids[1]]["figures"][0]["normalized"]["low"] == 9.0
    assert await ensure_documents(settings) == 0
