"""Imports keep what they are given and give one database however many run at once."""

import asyncio
import copy
from typing import Any

import httpx
import orjson

from app.db.session import Database
from app.sources.schemas import SourceCreate
from app.sources.service import create_source
from app.speakers.schemas import SpeakerCreate
from app.speakers.service import create_speaker
from tests.factories import make_claim, make_source, make_speaker

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


def _fact_check(*claims: dict[str, Any]) -> dict[str, Any]:
    return {"claims": list(claims)}


def _lighthouse_claim(day: int, **changes: Any) -> dict[str, Any]:
    claim: dict[str, Any] = copy.deepcopy(LIGHTHOUSE_CHECK["claims"][day - 1])
    claim.update(changes)
    return claim


async def test_fact_check_claim_without_claim_date_takes_its_reviews_date(
    client: httpx.AsyncClient,
) -> None:
    undated = _lighthouse_claim(4)
    del undated["claimDate"]
    second_review = {
        "publisher": {"name": "Harbour Truth", "site": "harbourtruth.example"},
        "url": "https://harbourtruth.example/ships",
        "reviewDate": "2022-10-02",
        "textualRating": "Correct",
    }
    undated["claimReview"].append(second_review)
    document = _fact_check(*LIGHTHOUSE_CHECK["claims"][:3], undated)
    response = await client.post("/v1/import/claimreview", json=document)
    assert response.status_code == 200, response.text
    report = response.json()["claims"]
    assert [entry["path"] for entry in report] == [f"$.claims[{n}]" for n in range(4)]
    assert report[3]["notes"] == ["no claimDate; said_on taken from the review's date 2022-09-24"]
    assert all("notes" not in entry for entry in report[:3])
    claim = (await client.get(f"/v1/claims/{report[3]['id']}")).json()
    assert claim["said_on"] == "2022-09-24"
    assert sorted(review["url"] for review in claim["reviews"]) == [
        "https://coastchecks.example/ships-4",
        "https://harbourtruth.example/ships",
    ]


async def test_fact_check_claim_without_any_date_is_named_by_its_place(
    client: httpx.AsyncClient,
) -> None:
    undated = _lighthouse_claim(4)
    del undated["claimDate"]
    del undated["claimReview"][0]["reviewDate"]
    document = _fact_check(*LIGHTHOUSE_CHECK["claims"][:3], undated)
    response = await client.post("/v1/import/claimreview", json=document)
    assert response.status_code == 422
    problem = response.json()
    [error] = problem["errors"]
    assert error["loc"] == ["body", "claims", 3]
    assert error["path"] == "$.claims[3]" and error["field"] == "said_on"
    assert "line" not in error and "line" not in problem["detail"]
    assert "$.claims[3]" in problem["detail"]
    assert (await client.get("/v1/claims")).json()["items"] == []


FERRY_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://fjordcheck.example/ferry-fares",
    "claimReviewed": "Ferry tickets to Hammerfest doubled in price this spring",
    "datePublished": "2021-03-09",
    "author": {"@type": "Organization", "name": "Fjord Check"},
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "Half true",
        "ratingExplanation": "Peak fares doubled; the average fare rose by a third.",
    },
    "itemReviewed": {
        "@type": "Claim",
        "datePublished": "2021-03-02",
        "author": {"@type": "Person", "name": "Marit Solberg"},
        "firstAppearance": {"@type": "CreativeWork", "url": "https://radio.example/marit"},
        "appearance": [
            {"@type": "CreativeWork", "url": "https://paper.example/ferries", "headline": "Fares"}
        ],
    },
}


async def test_claimreview_onto_an_existing_claim_links_its_appearances(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Marit Solberg")
    known = await make_source(client, url="https://council.example/minutes")
    claim = await make_claim(
        client,
        speaker=speaker,
        text=FERRY_REVIEW["claimReviewed"],
        said_on="2021-03-02",
        appearances=[{"source_id": known["id"], "excerpt": "doubled"}],
    )
    response = await client.post("/v1/import/claimreview", json=FERRY_REVIEW)
    assert response.status_code == 200, response.text
    assert response.json()["claims"] == [{"path": "$", "id": claim["id"], "status": "matched"}]
    after = (await client.get(f"/v1/claims/{claim['id']}")).json()
    assert [source["url"] for source in after["sources"]] == [
        "https://council.example/minutes",
        "https://radio.example/marit",
        "https://paper.example/ferries",
    ]
    assert after["sources"][0]["excerpt"] == "doubled"
    assert after["version"] == 2
    history = (await client.get(f"/v1/claims/{claim['id']}/history")).json()["items"]
    assert len(history) == 2
    paper = (
        await client.get("/v1/sources", params={"url": "https://paper.example/ferries"})
    ).json()
    by_source = await client.get("/v1/claims", params={"source": paper["items"][0]["id"]})
    assert [item["id"] for item in by_source.json()["items"]] == [claim["id"]]
    again = await client.post("/v1/import/claimreview", json=FERRY_REVIEW)
    assert again.json()["created"] == {}
    assert (await client.get(f"/v1/claims/{claim['id']}")).json()["version"] == 2


async def test_rating_explanation_is_the_summary_when_the_review_has_none(
    client: httpx.AsyncClient,
) -> None:
    with_body = {**FERRY_REVIEW, "url": "https://fjordcheck.example/2", "reviewBody": "Own words."}
    response = await client.post("/v1/import/claimreview", json=[FERRY_REVIEW, with_body])
    assert response.status_code == 200, response.text
    [claim] = (await client.get("/v1/claims")).json()["items"]
    summaries = {review["url"]: review["summary"] for review in claim["reviews"]}
    assert summaries == {
        FERRY_REVIEW["url"]: "Peak fares doubled; the average fare rose by a third.",
        "https://fjordcheck.example/2": "Own words.",
    }


async def test_errors_in_a_json_array_name_the_json_path(client: httpx.AsyncClient) -> None:
    rows = harbour_rows()
    rows[3]["figures"] = [{"measure": "harbour-grain", "value": 1, "unit": "t"}]
    rows[1]["said_on"] = "2023-02-30"
    response = await client.post("/v1/import", json=rows)
    assert response.status_code == 422
    problem = response.json()
    by_path = {error["path"]: error for error in problem["errors"]}
    assert set(by_path) == {"$[1].said_on", "$[3].figures[0].measure"}
    assert by_path["$[1].said_on"]["loc"] == ["body", 1, "said_on"]
    assert all("line" not in error for error in problem["errors"])
    assert "(at $[1], $[3])" in problem["detail"]
    rows = harbour_rows()
    rows[2]["figures"] = [{"measure": {"slug": "grain", "unit": "t"}, "value": 5, "unit": "hours"}]
    unit = (await client.post("/v1/import", json=rows)).json()["errors"]
    assert [(error["loc"], error["path"]) for error in unit] == [
        (["body", 2, "figures", 0, "unit"], "$[2].figures[0].unit")
    ]
    done = await client.post("/v1/import", json=harbour_rows()[:2])
    assert [entry["path"] for entry in done.json()["claims"]] == ["$[0]", "$[1]"]


async def test_errors_in_ndjson_still_name_the_line(client: httpx.AsyncClient) -> None:
    rows = harbour_rows()
    rows[1]["said_on"] = "2023-02-30"
    response = await client.post("/v1/import", content=ndjson(*rows), headers=NDJSON)
    [error] = response.json()["errors"]
    assert (error["loc"], error["line"]) == (["body", 2, "said_on"], 2)
    assert "path" not in error and "(lines 2)" in response.json()["detail"]


async def test_claimreview_in_a_graph_is_dated_by_its_appearance_or_named_by_its_path(
    client: httpx.AsyncClient,
) -> None:
    dated = copy.deepcopy(FERRY_REVIEW)
    del dated["itemReviewed"]["datePublished"]
    dated["itemReviewed"]["appearance"][0]["datePublished"] = "2021-03-03T07:00:00Z"
    undated = copy.deepcopy(dated)
    del undated["itemReviewed"]["appearance"][0]["datePublished"]
    del undated["datePublished"]
    page = {"@graph": [{"@type": "WebPage"}, dated, undated]}
    failed = await client.post("/v1/import/claimreview", json=page)
    assert failed.status_code == 422
    [error] = failed.json()["errors"]
    assert (error["path"], error["loc"]) == ('$["@graph"][2]', ["body", "@graph", 2])
    page["@graph"].pop()
    imported = await client.post("/v1/import/claimreview", json=page)
    [entry] = imported.json()["claims"]
    assert entry["path"] == '$["@graph"][1]'
    assert entry["notes"] == [
        "no datePublished on itemReviewed; said_on taken from its first appearance's date "
        "2021-03-03"
    ]
