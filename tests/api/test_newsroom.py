"""Newsroom formats: ClaimReview out and in, bulk import all-or-nothing, export round trip."""

import copy
from typing import Any

import httpx
import orjson
import pytest

from app.db.session import Database
from app.demo.loader import load_into
from tests.factories import make_claim, make_measure, make_source, make_speaker
from tests.schema_org import problems

NDJSON = {"content-type": "application/x-ndjson"}


def ndjson(*rows: dict[str, Any]) -> bytes:
    """Rows as NDJSON."""
    return b"\n".join(orjson.dumps(row) for row in rows) + b"\n"


async def _reviewed_claim(client: httpx.AsyncClient) -> dict[str, Any]:
    speaker = await make_speaker(client, name="Volodymyr Zelensky", wikidata_id="Q3874799")
    early = await make_source(
        client, url="https://x.com/ZelenskyyUa/status/1", published_at="2024-08-14T08:00:00Z"
    )
    late = await make_source(
        client, url="https://news.example/a", title="Report", published_at="2024-08-15T08:00:00Z"
    )
    claim = await make_claim(
        client,
        speaker=speaker,
        text="We have 74 communities under our control",
        appearances=[{"source_id": late["id"]}, {"source_id": early["id"]}],
    )
    review = {
        "reviewer": "Checker",
        "reviewer_url": "https://check.example",
        "url": "https://check.example/74",
        "rating_label": "Unproven",
        "rating_value": 3,
        "best_rating": 5,
        "worst_rating": 1,
        "reviewed_on": "2024-08-16",
        "summary": "No independent count.",
    }
    assert (await client.post(f"/v1/claims/{claim['id']}/reviews", json=review)).status_code == 201
    return claim


async def test_claimreview_out_follows_schema_org_and_google(client: httpx.AsyncClient) -> None:
    claim = await _reviewed_claim(client)
    response = await client.get(f"/v1/claims/{claim['id']}/claimreview")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    [document] = response.json()
    assert problems(document) == []
    assert document["claimReviewed"] == "We have 74 communities under our control"
    assert document["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unproven",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = document["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": "Volodymyr Zelensky",
        "sameAs": "https://www.wikidata.org/wiki/Q3874799",
    }
    assert item["datePublished"] == "2024-08-14"
    assert item["firstAppearance"]["url"] == "https://x.com/ZelenskyyUa/status/1"
    assert len(item["appearance"]) == 2
    feed = await client.get("/v1/claimreview", params={"speaker": claim["speaker_id"]})
    assert feed.json() == [document]
    await make_claim(client, text="No review here")
    assert len((await client.get("/v1/claimreview")).json()) == 1


GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebPage", "name": "ignored"},
        {
            "@type": "ClaimReview",
            "url": "https://factcheck.example/kursk-area",
            "claimReviewed": "Ukraine holds more than 1,000 square kilometres of Kursk region",
            "datePublished": "2024-08-16",
            "author": {
                "@type": "Organization",
                "name": "Fact Desk",
                "url": "https://factcheck.example",
            },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": "2",
                "bestRating": "5",
                "worstRating": "1",
                "alternateName": "Mostly false",
            },
            "itemReviewed": {
                "@type": "Claim",
                "datePublished": "2024-08-14",
                "author": {
                    "@type": "Organization",
                    "name": "Government of Ukraine",
                    "sameAs": ["https://www.wikidata.org/wiki/Q212"],
                },
                "appearance": [
                    {
                        "@type": "CreativeWork",
                        "url": "https://news.example/kursk",
                        "headline": "Kursk",
                    }
                ],
            },
        },
    ],
}
FACT_CHECK_TOOLS = {
    "claims": [
        {
            "text": "Crowd of 200,000 marched",
            "claimant": "Organisers",
            "claimDate": "2024-03-02T10:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Check Team", "site": "check.example"},
                    "url": "https://check.example/crowd",
                    "title": "How many marched?",
                    "reviewDate": "2024-03-04T00:00:00Z",
                    "textualRating": "Exaggerated",
                    "languageCode": "en",
                },
                {
                    "publisher": {"name": "Other Desk", "site": "other.example"},
                    "url": "https://other.example/crowd",
                    "reviewDate": "2024-03-05T00:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                },
            ],
        }
    ],
    "nextPageToken": "abc",
}


@pytest.mark.parametrize(
    "document", [GRAPH, GRAPH["@graph"][1], [GRAPH["@graph"][1]], FACT_CHECK_TOOLS]
)
async def test_claimreview_in_imports_once(client: httpx.AsyncClient, document: Any) -> None:
    first = await client.post("/v1/import/claimreview", json=document)
    assert first.status_code == 200, first.text
    assert first.json()["created"]["claims"] == 1
    claims = (await client.get("/v1/claims")).json()["items"]
    assert len(claims) == 1 and claims[0]["reviews"]
    again = await client.post("/v1/import/claimreview", json=document)
    assert again.json()["created"] == {}
    after = (await client.get("/v1/claims")).json()["items"]
    assert after == claims


async def test_claimreview_in_keeps_speaker_kind_wikidata_and_rating(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/v1/import/claimreview", json=GRAPH)
    [claim] = (await client.get("/v1/claims")).json()["items"]
    speaker = (await client.get(f"/v1/speakers/{claim['speaker_id']}")).json()
    assert (speaker["kind"], speaker["wikidata_id"]) == ("organization", "Q212")
    [review] = claim["reviews"]
    assert (review["rating_label"], review["rating_value"], review["reviewed_on"]) == (
        "Mostly false",
        2,
        "2024-08-16",
    )
    assert claim["said_on"] == "2024-08-14"
    assert claim["sources"][0]["url"] == "https://news.example/kursk"


async def test_claimreview_in_refuses_other_documents(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/import/claimreview", json={"@type": "WebPage"})
    assert response.status_code == 400
    assert "ClaimReview" in response.json()["detail"]


ROWS = [
    {
        "speaker": "Vyacheslav Gladkov",
        "text": "Shelling continues",
        "said_on": "2024-08-14",
        "sources": ["https://t.me/vvgladkov/1"],
        "tags": ["belgorod"],
    },
    {
        "speaker": "Gladkov",
        "text": "State of emergency declared",
        "said_on": "2024-08-14",
        "sources": ["https://t.me/vvgladkov/1", "https://news.example/belgorod"],
        "figures": [{"measure": "area", "value": 1000, "unit": "sq km", "qualifier": "more_than"}],
    },
    {
        "speaker": {
            "name": "Institute for the Study of War",
            "slug": "isw",
            "kind": "organization",
        },
        "text": "800 square kilometres",
        "said_on": "2024-08-14",
        "figures": [
            {
                "measure": {"slug": "kursk-area", "unit": "km²", "name": "Kursk area"},
                "value": 800,
                "unit": "km2",
            }
        ],
    },
]


async def test_bulk_import_creates_what_is_missing_then_matches(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Vyacheslav Gladkov", aliases=["Gladkov"])
    await make_measure(client, slug="area")
    response = await client.post("/v1/import", content=ndjson(*ROWS), headers=NDJSON)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["created"] == {"sources": 2, "speakers": 1, "measures": 1, "claims": 3}
    assert [row["status"] for row in result["claims"]] == ["created"] * 3
    speakers = {claim["speaker_name"] for claim in (await client.get("/v1/claims")).json()["items"]}
    assert speakers == {"Vyacheslav Gladkov", "Institute for the Study of War"}
    again = await client.post("/v1/import", json=ROWS)
    assert again.json()["created"] == {} and again.json()["matched"]["claims"] == 3


async def test_bulk_import_is_all_or_nothing_with_every_bad_line(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    bad = copy.deepcopy(ROWS)
    bad[1]["figures"][0]["unit"] = "hours"
    bad.append({"speaker": "X", "said_on": "2024-13-01"})
    body = ndjson(*bad) + b"{not json\n"
    response = await client.post("/v1/import", content=body, headers=NDJSON)
    assert response.status_code == 422
    problem = response.json()
    assert {error["line"] for error in problem["errors"]} == {2, 4, 5}
    assert "nothing was imported" in problem["detail"]
    unit_error = next(e for e in problem["errors"] if e["line"] == 2)
    assert unit_error["loc"] == ["body", 2, "figures", 0, "unit"]
    assert (await client.get("/v1/claims")).json()["items"] == []
    assert [s["name"] for s in (await client.get("/v1/speakers")).json()["items"]] == []


async def test_dry_run_reports_and_writes_nothing(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    response = await client.post("/v1/import", params={"dry_run": "true"}, json=ROWS)
    assert response.status_code == 200
    assert response.json()["dry_run"] is True and response.json()["created"]["claims"] == 3
    assert (await client.get("/v1/claims")).json()["items"] == []
    assert (await client.get("/v1/sources")).json()["items"] == []


async def test_import_needs_a_key_and_a_readable_body(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    assert (await anonymous.post("/v1/import", json=ROWS)).status_code == 401
    assert (
        await client.post("/v1/import", content=b"a,b", headers={"content-type": "text/csv"})
    ).status_code == 415
    assert (await client.post("/v1/import", json={"speaker": "x"})).status_code == 400


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    dropped = {
        "id",
        "version",
        "created_at",
        "updated_at",
        "speaker_id",
        "source_id",
        "measure_id",
        "claim_id",
        "linked_at",  # a repeat link made by the import is new, as its claims are
    }

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in dropped}
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return clean(document)


def _with_repeat_texts(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Comparable documents whose `repeats` and `repeat_of` name claims by text, not id."""
    texts = {document["id"]: document["text"] for document in documents}
    comparable = []
    for document in documents:
        link = document["repeat_of"]
        named = {
            "repeats": [texts[i] for i in document["repeats"]],
            "repeat_of": link and {**link, "claim": texts[link["claim_id"]]},
        }
        comparable.append(_comparable({**document, **named}))
    return comparable


async def test_export_then_import_into_an_empty_database_round_trips(
    client: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        await load_into(session)
    claim = (await client.get("/v1/claims", params={"speaker": "isw", "limit": 1})).json()["items"][
        0
    ]
    await client.post(
        f"/v1/claims/{claim['id']}/reviews",
        json={"reviewer": "Desk", "rating_label": "True", "url": "https://desk.example/1"},
    )
    exported = (
        await client.get("/v1/claims", params={"format": "ndjson", "sort": "created_at"})
    ).content
    before = _with_repeat_texts([orjson.loads(line) for line in exported.splitlines()])
    assert any(claim["repeats"] for claim in before)  # the demo's repeat link travels too
    for claim_doc in [orjson.loads(line) for line in exported.splitlines()]:
        for review in claim_doc["reviews"]:
            await client.delete(f"/v1/claims/{claim_doc['id']}/reviews/{review['id']}")
        await client.delete(f"/v1/claims/{claim_doc['id']}")
    for path in ("speakers", "sources", "measures"):
        for item in (await client.get(f"/v1/{path}", params={"limit": 500})).json()["items"]:
            assert (await client.delete(f"/v1/{path}/{item['id']}")).status_code == 204
    imported = await client.post("/v1/import", content=exported, headers=NDJSON)
    assert imported.status_code == 200, imported.text
    again = (
        await client.get("/v1/claims", params={"format": "ndjson", "sort": "created_at"})
    ).content
    after = _with_repeat_texts([orjson.loads(line) for line in again.splitlines()])
    assert after == before


async def test_extract_finds_figures_and_known_speakers(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(
        client, name="Maria Costa", aliases=["Costa"], roles=[{"title": "Mayor of Porto Novo"}]
    )
    text = (
        "“Floods have damaged more than 300 homes since May 2,” Mayor Maria Costa said on Tuesday. "
        "She added that about 1,200 people were evacuated. "
        "According to the regional council, repairs will cost between $2 million and $3 million."
    )
    response = await client.post("/v1/extract", json={"text": text, "said_on": "2024-05-10"})
    assert response.status_code == 200, response.text
    candidates = response.json()["candidates"]
    figures = [(f["value"], f["qualifier"]) for c in candidates for f in c["figures"]]
    assert (300, "more_than") in figures and (1200, "approximately") in figures
    first = candidates[0]
    assert first["speaker_id"] == speaker["id"] and first["quote"] is True
    assert first["figures"][0]["period_start"] == "2024-05-02"
    assert text[first["start"] : first["end"]] == first["sentence"]
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_extract_sees_speakers_as_they_are_now(client: httpx.AsyncClient) -> None:
    """The known speakers are kept between requests only while nothing about them changes."""
    text = "Harbour traffic rose 12% in May, Ingrid Berg said on Tuesday."

    async def attributed() -> int | None:
        response = await client.post("/v1/extract", json={"text": text, "said_on": "2024-06-04"})
        assert response.status_code == 200, response.text
        return response.json()["candidates"][0]["speaker_id"]

    speaker = await make_speaker(client, name="Ingrid Halvorsen")
    assert await attributed() is None
    renamed = await client.patch(
        f"/v1/speakers/{speaker['id']}",
        json={"name": "Ingrid Berg"},
        headers={"If-Match": f'"{speaker["version"]}"'},
    )
    assert renamed.status_code == 200, renamed.text
    assert await attributed() == speaker["id"]
    other = await make_speaker(client, name="Ingrid Berg Solheim")
    assert await attributed() == speaker["id"]
    assert (await client.delete(f"/v1/speakers/{speaker['id']}")).status_code == 204
    assert await attributed() in (None, other["id"])
    assert (await client.delete(f"/v1/speakers/{other['id']}")).status_code == 204
    assert await attributed() is None
