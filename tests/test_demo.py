"""The demo data: the Kursk article's speakers, sources, measures and claims, idempotently."""

import httpx
import pytest

from app.db.session import Database
from app.demo import kursk
from app.demo.loader import load_into


async def _load(database: Database) -> dict[str, int]:
    async with database.writer() as session, session.begin():
        return dict(await load_into(session))


async def test_demo_loads_once_and_then_adds_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    first = await _load(database)
    assert first == {
        "speakers": 7, "sources": 5, "measures": 4, "claims": 20, "repeat links": 1,
    }  # fmt: skip
    assert await _load(database) == {}


async def test_demo_shows_a_repeat_linked_to_its_original(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _load(database)
    found = await client.get("/v1/claims", params={"q": '"74 communities"', "in": "text"})
    claims = {claim["text"]: claim for claim in found.json()["items"]}
    headline = claims[kursk.HEADLINE]
    original = claims[kursk.COMMUNITIES]
    assert headline["repeat_of"]["claim_id"] == original["id"]
    assert headline["repeat_of"]["confirmed"] is True
    assert original["repeats"] == [headline["id"]]
    collapsed = await client.get(
        "/v1/claims", params={"q": '"74 communities"', "in": "text", "collapse": "repeats"}
    )
    assert [claim["id"] for claim in collapsed.json()["items"]] == [original["id"]]


async def test_demo_figures_read_back_normalised(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _load(database)
    zelensky = (
        await client.get(
            "/v1/claims", params={"speaker": "volodymyr-zelensky", "has_figures": "true"}
        )
    ).json()
    communities = zelensky["items"][0]["figures"][0]
    assert communities["value"] == 74
    assert communities["normalized"]["unit"] == "communities"
    isw = (
        await client.get(
            "/v1/claims", params={"speaker": "isw", "measure": "kursk-area-held-by-ukraine"}
        )
    ).json()
    area = isw["items"][0]["figures"][0]
    assert area["normalized"] == {
        "unit": "km²",
        "value": 800,
        "low": 800,
        "high": 800,
        "low_inclusive": True,
        "high_inclusive": True,
    }
    ukraine = (
        await client.get(
            "/v1/claims",
            params={"speaker": "government-of-ukraine", "measure": "kursk-area-held-by-ukraine"},
        )
    ).json()
    more_than = next(
        f for c in ukraine["items"] for f in c["figures"] if f["qualifier"] == "more_than"
    )
    assert more_than["normalized"]["low"] == pytest.approx(1000)
    assert more_than["normalized"]["low_inclusive"] is False
    assert (more_than["period_start"], more_than["period_end"]) == ("2024-08-06", "2024-08-14")
    gladkov = (await client.get("/v1/claims", params={"speaker": "vyacheslav-gladkov"})).json()[
        "items"
    ]
    assert len(gladkov) == 3
    assert all(item["speaker_role"]["title"] == "Governor of Belgorod Oblast" for item in gladkov)
