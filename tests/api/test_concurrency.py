"""Safe concurrent edits and idempotent retries, on both engines."""

import asyncio
import unicodedata
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from app.db.base import utcnow
from app.db.session import Database
from app.idempotency.models import IdempotencyRecord
from app.settings import Settings
from tests.factories import make_claim, make_speaker


async def test_fifty_patches_with_one_etag_give_one_success(client: httpx.AsyncClient) -> None:
    claim = await make_claim(client)
    path = f"/v1/claims/{claim['id']}"

    async def edit(n: int) -> int:
        response = await client.patch(path, json={"text": f"Edit {n}"}, headers={"If-Match": '"1"'})
        return response.status_code

    statuses = await asyncio.gather(*(edit(n) for n in range(50)))
    assert sorted(statuses) == [200] + [412] * 49
    final = (await client.get(path)).json()
    assert final["version"] == 2
    assert len((await client.get(f"{path}/history")).json()["items"]) == 2


async def test_missing_if_match_can_be_required(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    speaker = await make_speaker(client)
    settings.require_if_match = True
    try:
        missing = await client.patch(f"/v1/speakers/{speaker['id']}", json={"name": "New"})
        present = await client.patch(
            f"/v1/speakers/{speaker['id']}", json={"name": "New"}, headers={"If-Match": '"1"'}
        )
    finally:
        settings.require_if_match = False
    assert missing.status_code == 428
    assert missing.headers["content-type"] == "application/problem+json"
    assert present.status_code == 200


async def test_concurrent_retries_with_one_key_create_one_resource(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "create-gladkov-1"}

    async def post() -> httpx.Response:
        return await client.post(
            "/v1/speakers", json={"name": "Vyacheslav Gladkov"}, headers=headers
        )

    responses = await asyncio.gather(*(post() for _ in range(10)))
    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["id"] for response in responses}) == 1
    assert sum(response.headers.get("idempotent-replayed") == "true" for response in responses) == 9
    listed = (await client.get("/v1/speakers")).json()["items"]
    assert [speaker["name"] for speaker in listed] == ["Vyacheslav Gladkov"]


async def test_same_key_with_another_body_is_422(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k-2"}
    assert (
        await client.post("/v1/speakers", json={"name": "A"}, headers=headers)
    ).status_code == 201
    reused = await client.post("/v1/speakers", json={"name": "B"}, headers=headers)
    assert reused.status_code == 422
    assert "Idempotency-Key" in reused.json()["detail"]


async def test_failed_request_frees_the_key(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k-3"}
    assert (
        await client.post("/v1/speakers", json={"name": ""}, headers=headers)
    ).status_code == 422
    assert (
        await client.post("/v1/speakers", json={"name": "Fixed"}, headers=headers)
    ).status_code == 201


async def test_keys_expire_after_a_day(client: httpx.AsyncClient, database: Database) -> None:
    headers = {"Idempotency-Key": "k-4"}
    params = {"duplicate": "allow"}  # the second create is meant to make a second speaker
    first = await client.post("/v1/speakers", json={"name": "Once"}, headers=headers, params=params)
    async with database.writer() as session, session.begin():
        await session.execute(
            update(IdempotencyRecord).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    again = await client.post("/v1/speakers", json={"name": "Once"}, headers=headers, params=params)
    assert again.status_code == 201 and again.json()["id"] != first.json()["id"]
    assert "idempotent-replayed" not in again.headers


async def test_keys_belong_to_their_caller(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    headers = {"Idempotency-Key": "shared"}
    params = {"duplicate": "allow"}
    mine = await client.post("/v1/speakers", json={"name": "Same"}, headers=headers, params=params)
    theirs = await writer.post(
        "/v1/speakers", json={"name": "Same"}, headers=headers, params=params
    )
    assert mine.json()["id"] != theirs.json()["id"]


async def test_text_is_nfc_normalised_once(client: httpx.AsyncClient) -> None:
    decomposed = "Zelens\u0306kyi Cafe\u0301"
    speaker = await make_speaker(client, name=decomposed)
    assert speaker["name"] == unicodedata.normalize("NFC", decomposed)
    assert speaker["name"].endswith("Caf\u00e9")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/speakers", {"name": "Oleksandr Syrskyi"}),
        ("/v1/claims", None),
    ],
    ids=["speaker", "claim"],
)
async def test_replay_returns_the_first_answer_whole(
    client: httpx.AsyncClient, path: str, body: dict[str, object] | None
) -> None:
    """A retry gets the first response byte for byte, with its Content-Type, ETag and Location."""
    if body is None:
        speaker = (await client.post("/v1/speakers", json={"name": "Syrskyi"})).json()
        body = {
            "speaker_id": speaker["id"],
            "text": "We hold 74 settlements",
            "said_on": "2024-08-12",
        }
    headers = {"Idempotency-Key": f"whole-{path}"}
    first = await client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = await client.post(path, json=body, headers=headers)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    for name in ("content-type", "etag", "location"):
        assert again.headers[name] == first.headers[name], name
    assert first.headers["location"].endswith(f"/{first.json()['id']}")
    assert again.content == first.content


async def test_concurrent_retries_of_an_expired_key_make_one_new_resource(
    client: httpx.AsyncClient, database: Database
) -> None:
    """Twenty retries arrive together after their key expired: one runs, the rest replay it.

    On PostgreSQL the expired record's row lock decides the race (without it, a retry that read the
    expired record before the winner replaced it could delete the winner's reservation and run
    too); three rounds make a lost lock show.
    """
    params = {"duplicate": "allow"}  # a request that runs makes a new speaker
    for round_ in range(3):
        headers = {"Idempotency-Key": f"expired-race-{round_}"}
        body = {"name": f"Race {round_}"}
        first = await client.post("/v1/speakers", json=body, headers=headers, params=params)
        async with database.writer() as session, session.begin():
            await session.execute(
                update(IdempotencyRecord).values(expires_at=utcnow() - timedelta(seconds=1))
            )

        async def retry(
            body: dict[str, str] = body, headers: dict[str, str] = headers
        ) -> httpx.Response:
            return await client.post("/v1/speakers", json=body, headers=headers, params=params)

        responses = await asyncio.gather(*(retry() for _ in range(20)))
        assert [response.status_code for response in responses] == [201] * 20
        replayed = [response.headers.get("idempotent-replayed") for response in responses]
        assert replayed.count(None) == 1 and replayed.count("true") == 19
        ids = {response.json()["id"] for response in responses}
        assert len(ids) == 1 and first.json()["id"] not in ids
        listed = (await client.get("/v1/speakers")).json()["items"]
        assert [speaker["name"] for speaker in listed].count(body["name"]) == 2
