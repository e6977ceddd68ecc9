"""Imports keep what they are given and give one database however many run at once."""

import asyncio
from typing import Any

import httpx
import orjson

from app.db.session import Database
from app.sources.schemas import SourceCreate
from app.sources.service import create_source
from app.speakers.schemas import SpeakerCreate
from app.speakers.service import create_speaker

NDJSON = {"content-type": "application/x-ndjson"}


def harbour_rows(port: str = "Varde") -> list[dict[str, Any]]:
    """Five claims by one speaker, each with two sources (one shared) and a review."""
    return [
        {
            "speaker": "Ingrid Halvorsen",
            "text": f"{port} harbour handled {tons} tonnes of grain in week {week}",
            "said_on": f"2023-05-0{week}",
            "sources": [f"https://harbour.example/{port}/{week}", "https://harbour.example/"],
            "reviews": [
                {
                    "reviewer": "Dock Desk",
                    "rating_label": "Accurate",
                    "url": f"https://dockdesk.example/{port}/{week}",
                }
            ],
        }
        for week, tons in ((1, 1200), (2, 1350), (3, 990), (4, 1410), (5, 1100))
    ]


LIGHTHOUSE_CHECK = {
    "claims": [
        {
            "text": f"The lighthouse keeper counted {ships} ships on day {day}",
            "claimant": "Port Authority of Varde",
            "claimDate": f"2022-09-1{day}T06:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Coast Checks", "site": "coastchecks.example"},
                    "url": f"https://coastchecks.example/ships-{day}",
                    "title": f"Ships on day {day}",
                    "reviewDate": f"2022-09-2{day}T00:00:00Z",
                    "textualRating": "Accurate",
                    "languageCode": "en",
                }
            ],
        }
        for day, ships in ((1, 14), (2, 9), (3, 22), (4, 17), (5, 11))
    ]
}


def ndjson(*rows: dict[str, Any]) -> bytes:
    """Rows as NDJSON."""
    return b"\n".join(orjson.dumps(row) for row in rows) + b"\n"


async def _inventory(client: httpx.AsyncClient) -> dict[str, list[Any]]:
    found = {}
    for path in ("claims", "speakers", "sources"):
        response = await client.get(f"/v1/{path}", params={"limit": 100})
        found[path] = response.json()["items"]
    found["reviews"] = [review["url"] for claim in found["claims"] for review in claim["reviews"]]
    return found


async def test_four_concurrent_imports_give_the_database_of_one(
    client: httpx.AsyncClient,
) -> None:
    body = ndjson(*harbour_rows())
    responses = await asyncio.gather(
        *(client.post("/v1/import", content=body, headers=NDJSON) for _ in range(4))
    )
    assert [response.status_code for response in responses] == [200] * 4, responses[0].text
    found = await _inventory(client)
    assert len(found["claims"]) == 5
    assert [speaker["name"] for speaker in found["speakers"]] == ["Ingrid Halvorsen"]
    assert len(found["sources"]) == 6
    assert sorted(found["reviews"]) == [f"https://dockdesk.example/Varde/{n}" for n in range(1, 6)]
    created = [response.json()["created"].get("claims", 0) for response in responses]
    assert sorted(created) == [0, 0, 0, 5]


async def test_four_concurrent_claimreview_imports_give_the_database_of_one(
    client: httpx.AsyncClient,
) -> None:
    responses = await asyncio.gather(
        *(client.post("/v1/import/claimreview", json=LIGHTHOUSE_CHECK) for _ in range(4))
    )
    assert [response.status_code for response in responses] == [200] * 4, responses[0].text
    found = await _inventory(client)
    assert len(found["claims"]) == 5
    assert [speaker["name"] for speaker in found["speakers"]] == ["Port Authority of Varde"]
    assert len(found["reviews"]) == 5


async def test_an_import_waits_for_single_creates_in_flight(
    client: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        await create_speaker(session, SpeakerCreate(name="Ingrid Halvorsen"), actor="desk")
        source = SourceCreate(url="https://harbour.example/Varde/3")
        await create_source(session, source, actor="desk")
        importing = asyncio.create_task(
            client.post("/v1/import", content=ndjson(*harbour_rows()), headers=NDJSON)
        )
        await asyncio.sleep(1)
    imported = await importing
    assert imported.status_code == 200, imported.text
    assert imported.json()["matched"]["speakers"] == 5
    found = await _inventory(client)
    assert [speaker["name"] for speaker in found["speakers"]] == ["Ingrid Halvorsen"]
    assert len(found["claims"]) == 5 and len(found["sources"]) == 6
