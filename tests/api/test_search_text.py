"""New claims are inserted with their search text worked out first (app.claims.derived,
search_texts) rather than updated after: what they get is what the refresh of a stored claim
gives, and search finds them by their speaker's aliases and their sources' titles at once; on
both engines."""

from typing import Any

import httpx
from sqlalchemy import text

from app.claims.derived import refresh_claims
from app.db.session import Database
from tests.factories import make_claim, make_source, make_speaker


async def _search_texts(database: Database) -> dict[int, str]:
    async with database.reader() as session:
        rows = await session.execute(text("SELECT id, search_extra FROM claims ORDER BY id"))
        return {row.id: row.search_extra for row in rows}


def _words(search_text: str) -> list[str]:
    # Titles may come in another order (neither engine's aggregate promises one): the same
    # words, each as often, is what search needs.
    return sorted(search_text.split(" "))


async def _claims_of_every_shape(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    aliased = await make_speaker(client, name="Volodymyr Zelensky", aliases=["Zelenskyy", "ВЗ"])
    plain = await make_speaker(client, name="Oleg Governor")
    titled = await make_source(client, title="Kursk incursion: day eight")
    untitled = await make_source(client, title=None)
    blank = await make_source(client, title="  spaced   title ")
    made = [
        await make_claim(client, speaker=aliased),
        await make_claim(client, speaker=plain),
        await make_claim(client, speaker=aliased, appearances=[{"source_id": titled["id"]}]),
        await make_claim(
            client,
            speaker=plain,
            appearances=[
                {"source_id": blank["id"]},
                {"source_id": untitled["id"]},
                {"source_id": titled["id"]},
            ],
        ),
    ]
    imported = await client.post(
        "/v1/import",
        json=[
            {
                "speaker": "Zelenskyy",
                "text": "An imported claim with two sources",
                "said_on": "2024-08-14",
                "sources": [
                    {"url": "https://wire.example/a", "title": "Wire report"},
                    "https://wire.example/untitled",
                ],
            },
            {"speaker": "A new speaker", "text": "Alone", "said_on": "2024-08-15"},
        ],
    )
    assert imported.status_code == 200, imported.text
    return made


async def test_a_new_claims_search_text_is_what_a_refresh_gives(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _claims_of_every_shape(client)
    inserted = await _search_texts(database)
    async with database.writer() as session, session.begin():
        await refresh_claims(session, list(inserted), search=True)
    refreshed = await _search_texts(database)

    assert len(inserted) == 6
    assert {key: _words(value) for key, value in inserted.items()} == {
        key: _words(value) for key, value in refreshed.items()
    }
    assert sorted(inserted.values())[:2] == ["A new speaker", "Oleg Governor"]
    assert "Volodymyr Zelensky Zelenskyy ВЗ Kursk incursion: day eight" in inserted.values()


async def test_search_finds_a_new_claim_by_an_alias_and_by_a_source_title(
    client: httpx.AsyncClient,
) -> None:
    await _claims_of_every_shape(client)

    by_alias = await client.get("/v1/claims", params={"q": "Zelenskyy"})
    by_title = await client.get("/v1/claims", params={"q": "incursion"})
    by_import_title = await client.get("/v1/claims", params={"q": "wire report"})

    assert len(by_alias.json()["items"]) == 3
    assert len(by_title.json()["items"]) == 2
    assert [c["text"] for c in by_import_title.json()["items"]] == [
        "An imported claim with two sources"
    ]
