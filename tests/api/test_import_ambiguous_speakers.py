"""An import resolves a speaker's name as the API does: a name two speakers share (made with
?duplicate=allow) is a 422 at the row listing them, never the newer one guessed (black-box
audit: POST /v1/claims refused "Joe Biden" as the name of 2 speakers, while an import filed the
row under the second one)."""

import httpx

from tests.factories import make_speaker

NDJSON = {"Content-Type": "application/x-ndjson"}


async def test_a_name_two_speakers_share_is_a_422_at_the_row_and_nothing_is_written(
    client: httpx.AsyncClient,
) -> None:
    first = await make_speaker(client, name="Joe Biden")
    response = await client.post(
        "/v1/speakers", params={"duplicate": "allow"}, json={"name": "Joe Biden"}
    )
    second = response.json()
    row = '{"speaker": "joe biden", "text": "Import row jb", "said_on": "2024-08-14"}\n'
    good = '{"speaker": "Someone New", "text": "A fine row", "said_on": "2024-08-14"}\n'
    response = await client.post("/v1/import", content=good + row, headers=NDJSON)
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["line"] == 2, error
    assert error["type"] == "ambiguous", error
    assert error["loc"] == ["body", 2, "speaker"], error
    assert error["msg"] == (
        f"names several speakers: 'joe biden' is a name of 2 speakers "
        f"(ids {first['id']}, {second['id']}): give the id or the slug of one"
    )
    found = await client.get("/v1/claims", params={"q": "row", "in": "text"})
    assert found.json()["items"] == []


async def test_a_slug_names_one_of_them(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Joe Biden")
    response = await client.post(
        "/v1/speakers", params={"duplicate": "allow"}, json={"name": "Joe Biden"}
    )
    second = response.json()
    row = f'{{"speaker": "{second["slug"]}", "text": "By slug", "said_on": "2024-08-14"}}\n'
    response = await client.post("/v1/import", content=row, headers=NDJSON)
    assert response.status_code == 200, response.text
    [claim] = (await client.get("/v1/claims", params={"q": "slug", "in": "text"})).json()["items"]
    assert claim["speaker_id"] == second["id"]


async def test_a_name_beats_another_speakers_alias_as_in_the_api(
    client: httpx.AsyncClient,
) -> None:
    """A label that is one speaker's name and another's alias names the first, in an import
    as in `POST /v1/claims`."""
    named = await make_speaker(client, name="Kyiv")
    await client.post(
        "/v1/speakers",
        params={"duplicate": "allow"},
        json={"name": "Government of Ukraine", "aliases": ["Kyiv"]},
    )
    row = '{"speaker": "KYIV", "text": "Named", "said_on": "2024-08-14"}\n'
    response = await client.post("/v1/import", content=row, headers=NDJSON)
    assert response.status_code == 200, response.text
    body = {"speaker": "KYIV", "text": "Written", "said_on": "2024-08-14"}
    written = await client.post("/v1/claims", json=body)
    assert written.status_code == 201, written.text
    claims = (await client.get("/v1/claims", params={"speaker": named["id"]})).json()["items"]
    assert sorted(c["text"] for c in claims) == ["Named", "Written"]
