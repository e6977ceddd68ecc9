"""API keys and scopes: who may write, delete and read."""

import httpx
import pytest
from sqlalchemy import select

from app.auth.meters import Meters
from app.auth.models import ApiKey, RateCounter
from app.auth.service import create_key, revoke_key
from app.db.session import Database
from app.settings import Settings
from tests.conftest import FROZEN_NOW
from tests.factories import make_claim, make_speaker


async def test_writes_without_a_key_are_401_and_change_nothing(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.post("/v1/speakers", json={"name": "X"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert (await anonymous.get("/v1/speakers")).json()["items"] == []


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ct_abcdefgh_" + "x" * 40, "Basic Zm9vOmJhcg=="]
)
async def test_bad_keys_are_401(anonymous: httpx.AsyncClient, header: str) -> None:
    response = await anonymous.post(
        "/v1/speakers", json={"name": "X"}, headers={"Authorization": header}
    )
    assert response.status_code == 401


async def test_write_scope_may_create_but_not_delete(writer: httpx.AsyncClient) -> None:
    speaker = await make_speaker(writer)
    assert (
        await writer.patch(f"/v1/speakers/{speaker['id']}", json={"name": "Y"})
    ).status_code == 200
    refused = await writer.delete(f"/v1/speakers/{speaker['id']}")
    assert refused.status_code == 403
    assert "admin" in refused.json()["detail"]
    assert (
        await writer.post(f"/v1/speakers/{speaker['id']}/revert", json={"version": 1})
    ).status_code == 403


async def test_a_write_key_deletes_a_claim_it_alone_wrote_and_nothing_else(
    writer: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    speaker = await make_speaker(writer, name="Own goal")
    mistake = await make_claim(writer, speaker=speaker, text="Typed in the wrong place")
    assert (await writer.delete(f"/v1/claims/{mistake['id']}")).status_code == 204
    assert (await client.get(f"/v1/claims/{mistake['id']}")).status_code == 404
    by_admin = await make_claim(client, speaker=speaker, text="The desk's claim")
    touched = await make_claim(writer, speaker=speaker, text="Edited by the editor")
    await client.patch(f"/v1/claims/{touched['id']}", json={"tags": ["checked"]})
    reviewed = await make_claim(writer, speaker=speaker, text="Reviewed by the desk")
    review = {"reviewer": "Desk", "rating_label": "False", "url": "https://desk.example/9"}
    assert (await client.post(f"/v1/claims/{reviewed['id']}/reviews", json=review)).is_success
    for claim in (by_admin, touched, reviewed):
        refused = await writer.delete(f"/v1/claims/{claim['id']}")
        assert refused.status_code == 403, refused.text
        assert "'test-admin'" in refused.json()["detail"]
        assert (await client.get(f"/v1/claims/{claim['id']}")).status_code == 200
    assert (await client.delete(f"/v1/claims/{touched['id']}")).status_code == 204


async def test_revoked_key_fails_on_the_next_request(
    anonymous: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        _key, token = await create_key(session, name="soon-revoked", scope="write")
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        await anonymous.post("/v1/speakers", json={"name": "A"}, headers=headers)
    ).status_code == 201
    async with database.writer() as session, session.begin():
        await revoke_key(session, "soon-revoked")
    assert (
        await anonymous.post("/v1/speakers", json={"name": "B"}, headers=headers)
    ).status_code == 401


async def test_keys_are_stored_hashed_and_record_last_use(
    client: httpx.AsyncClient, database: Database, keys: dict[str, str]
) -> None:
    await client.get("/v1/speakers")
    await make_speaker(client)
    async with database.reader() as session:
        stored = (
            await session.execute(select(ApiKey).where(ApiKey.name == "test-admin"))
        ).scalar_one()
    assert keys["admin"] not in (stored.key_hash, stored.prefix)
    assert keys["admin"].startswith(f"ct_{stored.prefix}_")
    assert stored.last_used_at is not None


async def test_reads_can_require_a_key(
    settings: Settings, client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    settings.public_read = False
    try:
        assert (await anonymous.get("/v1/claims")).status_code == 401
        assert (await client.get("/v1/claims")).status_code == 200
    finally:
        settings.public_read = True
    assert (await anonymous.get("/v1/claims")).status_code == 200


async def test_a_read_key_reads_a_private_server_and_writes_nothing(
    settings: Settings, client: httpx.AsyncClient, anonymous: httpx.AsyncClient, database: Database
) -> None:
    speaker = await make_speaker(client, name="Partner-visible")
    async with database.writer() as session, session.begin():
        _key, token = await create_key(session, name="partner-reader", scope="read")
    headers = {"Authorization": f"Bearer {token}"}
    settings.public_read = False
    try:
        assert (await anonymous.get("/v1/speakers")).status_code == 401
        found = await anonymous.get(f"/v1/speakers/{speaker['id']}", headers=headers)
        assert found.status_code == 200
        for method, path, body in (
            ("POST", "/v1/speakers", {"name": "Sneaked in"}),
            ("PATCH", f"/v1/speakers/{speaker['id']}", {"name": "Renamed"}),
            ("DELETE", f"/v1/speakers/{speaker['id']}", None),
        ):
            refused = await anonymous.request(method, path, json=body, headers=headers)
            assert refused.status_code == 403, (method, refused.text)
            assert "has scope 'read'" in refused.json()["detail"]
    finally:
        settings.public_read = True
    names = [item["name"] for item in (await anonymous.get("/v1/speakers")).json()["items"]]
    assert names == ["Partner-visible"]


async def test_rate_limit_answers_429_with_retry_after(
    settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    settings.rate_limit_per_minute = 3
    try:
        statuses = [
            (await client.post("/v1/speakers", json={"name": f"N{n}"})).status_code
            for n in range(5)
        ]
        limited = await client.post("/v1/speakers", json={"name": "late"})
    finally:
        settings.rate_limit_per_minute = 0
    assert statuses[:3] == [201, 201, 201] and 429 in statuses[3:]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["ratelimit-limit"] == "3"
    assert limited.headers["ratelimit-remaining"] == "0"


async def test_openapi_declares_the_bearer_scheme(anonymous: httpx.AsyncClient) -> None:
    schema = (await anonymous.get("/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert {"ApiKey": []} in schema["paths"]["/v1/claims"]["post"]["security"]


async def _counted(database: Database) -> int:
    from sqlalchemy import func

    from app.auth.models import RateCounter

    async with database.reader() as session:
        return int((await session.execute(select(func.sum(RateCounter.count)))).scalar() or 0)


async def test_a_write_is_counted_in_its_own_transaction_and_a_refused_one_writes_nothing(
    settings: Settings, client: httpx.AsyncClient, database: Database, meters: Meters
) -> None:
    from sqlalchemy import event

    commits: list[object] = []
    engine = database.engine.sync_engine

    def committed(connection: object) -> None:
        commits.append(connection)

    event.listen(engine, "commit", committed)
    settings.rate_limit_per_minute = 2
    try:
        statuses = [
            (await client.post("/v1/speakers", json={"name": f"N{n}"})).status_code
            for n in range(3)
        ]
    finally:
        settings.rate_limit_per_minute = 0
        event.remove(engine, "commit", committed)
    assert statuses == [201, 201, 429]
    names = [s["name"] for s in (await client.get("/v1/speakers")).json()["items"]]
    assert names == ["N0", "N1"]  # the refused write left nothing behind
    assert await _counted(database) == 3  # ... and was counted once, after its answer
    assert len(commits) == 3  # one transaction a write (the count inside it), one for the 429


async def test_a_write_request_that_writes_nothing_is_counted_all_the_same(
    settings: Settings, client: httpx.AsyncClient, database: Database, meters: Meters
) -> None:
    settings.rate_limit_per_minute = 1
    try:
        missing = await client.patch("/v1/speakers/999999", json={"name": "Nobody"})
        refused = await client.post("/v1/speakers", json={"name": "Late"})
    finally:
        settings.rate_limit_per_minute = 0
    assert (missing.status_code, refused.status_code) == (404, 429)
    assert await _counted(database) == 2
    assert (await client.get("/v1/speakers")).json()["items"] == []


async def test_a_keys_write_count_starts_again_each_minute_and_forgets_the_minute_before(
    settings: Settings, client: httpx.AsyncClient, database: Database, meters: Meters
) -> None:
    now = [FROZEN_NOW]
    meters.clock = lambda: now[0]
    settings.rate_limit_per_minute = 1
    try:
        first = await client.post("/v1/speakers", json={"name": "First"})
        refused = await client.post("/v1/speakers", json={"name": "Refused"})
        now[0] += 50  # the next minute
        again = await client.post("/v1/speakers", json={"name": "Next minute"})
    finally:
        settings.rate_limit_per_minute = 0
    assert (first.status_code, refused.status_code, again.status_code) == (201, 429, 201)
    assert refused.headers["retry-after"] == "50"
    async with database.reader() as session:
        rows = (await session.execute(select(RateCounter.window, RateCounter.count))).all()
    assert [tuple(row) for row in rows] == [(int(now[0] // 60), 1)]
