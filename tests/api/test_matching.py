"""POST /v1/claims/match and GET /v1/claims/{id}/similar on the demo's claims, both engines."""

from typing import Any

import httpx
import pytest

from app.db.session import Database
from app.demo.loader import load_into
from tests.factories import make_claim, make_measure, make_speaker

SEIZED = "Since August 6, Ukraine has seized more than 1,000 square kilometers"
A_THOUSAND = "Kyiv's forces control a thousand square kilometers"
ADVANCED_800 = "Kyiv's troops have advanced 800 square kilometers"
AREA = "kursk-area-held-by-ukraine"


async def _demo(database: Database) -> None:
    async with database.writer() as session, session.begin():
        await load_into(session)


async def _match(client: httpx.AsyncClient, **body: Any) -> list[dict[str, Any]]:
    response = await client.post("/v1/claims/match", json=body)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _first(items: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    return next(item for item in items if item["claim"]["text"].startswith(prefix))


async def test_a_paraphrase_in_other_words_and_units_finds_the_claim_first(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    items = await _match(
        client, text="Over a thousand km² of Kursk have been taken by Ukraine since 6 August"
    )
    best = items[0]
    assert best["claim"]["text"].startswith(SEIZED)
    assert best["relation"] == "same"
    assert best["linkable"] is True
    assert best["reasons"]["figures"] == "agree"
    assert best["reasons"]["same_measure"] == [AREA]
    assert 0 < best["score"] <= 1
    assert [item["score"] for item in items] == sorted((i["score"] for i in items), reverse=True)


async def test_another_figure_on_the_same_measure_and_day_is_a_conflict_not_a_repeat(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    figure = {"measure_id": AREA, "value": 800, "unit": "km²", "qualifier": "exact"}
    items = await _match(
        client,
        text="Since August 6, Ukraine has seized 800 square kilometers of Russian territory "
        "in the Kursk region.",
        speaker="Government of Ukraine",
        said_on="2024-08-14",
        figures=[figure],
    )
    seized = _first(items, SEIZED)
    assert seized["relation"] == "conflicting_figure"
    assert seized["linkable"] is False
    assert seized["reasons"]["figures"] == "conflict"
    assert seized["reasons"]["same_speaker"] is True
    assert seized["reasons"]["days_apart"] == 0
    assert _first(items, ADVANCED_800)["relation"] != "conflicting_figure"


async def test_the_same_figure_in_square_miles_agrees_and_another_disagrees(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    agreeing = await _match(client, text="Kyiv's forces control 386 square miles in Kursk")
    assert _first(agreeing, A_THOUSAND)["reasons"]["figures"] == "agree"
    text = "Kyiv's forces control 150 square miles in Kursk"
    conflicting = await _match(client, text=text, said_on="2024-08-14")
    assert _first(conflicting, A_THOUSAND)["relation"] == "conflicting_figure"
    # said on no known day, or months later, it conflicts with nothing
    for when in ({}, {"said_on": "2024-12-01"}):
        later = await _match(client, text=text, **when)
        assert _first(later, A_THOUSAND)["relation"] != "conflicting_figure", when


async def test_russian_and_ukrainian_renderings_rank_the_english_claim_first(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    for text in (
        "С 6 августа Украина захватила более 1000 км² российской территории в Курской области",
        "З 6 серпня Україна захопила понад тисячу квадратних кілометрів території Курщини",
    ):
        items = await _match(client, text=text)
        assert items[0]["claim"]["text"].startswith(SEIZED), text
        assert items[0]["reasons"]["figures"] == "agree"


async def test_a_negation_is_related_and_never_linked(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    items = await _match(client, text="Our state's exchange fund is not growing")
    best = items[0]
    assert best["claim"]["text"] == "Our state's exchange fund is growing"
    assert best["relation"] == "related"
    assert best["reasons"]["negation_differs"] is True
    assert best["linkable"] is False


async def test_the_same_words_by_another_speaker_are_a_repeat(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    items = await _match(
        client,
        text="Russia has redeployed some military units from Zaporizhzhia and Kherson to Kursk "
        "Oblast to defend Russian territory",
        speaker="isw",
    )
    assert items[0]["relation"] == "repeat"
    assert items[0]["reasons"]["same_speaker"] is False


async def test_a_match_carries_the_reviews_the_claim_already_has(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    claim = _first(await _match(client, text=SEIZED), SEIZED)
    review = {
        "reviewer": "Checker",
        "url": "https://check.example/kursk-1000",
        "rating_label": "Mostly true",
        "reviewed_on": "2024-08-16",
    }
    created = await client.post(f"/v1/claims/{claim['claim_id']}/reviews", json=review)
    assert created.status_code == 201, created.text
    again = _first(await _match(client, text=SEIZED), SEIZED)
    assert again["reviews"] == [created.json()]
    assert again["claim"]["reviews"] == [created.json()]


async def test_similar_leaves_the_claim_out_and_finds_its_restatement(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    seized = _first(await _match(client, text=SEIZED), SEIZED)
    response = await client.get(f"/v1/claims/{seized['claim_id']}/similar", params={"limit": 3})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 3
    assert seized["claim_id"] not in [item["claim_id"] for item in items]
    restated = _first(items, A_THOUSAND)
    assert restated["reasons"]["figures"] == "agree"
    assert restated["reasons"]["same_speaker"] is True
    assert response.json()["threshold"] == 0.6


async def test_bad_input_is_a_problem_never_a_server_error(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    cases = [
        ({"text": ""}, 422),
        ({"text": "x" * 2001}, 422),
        ({"text": "1,000 km²", "speaker": "nobody-at-all"}, 404),
        (
            {
                "text": "1,000 km²",
                "figures": [{"measure_id": "no-such", "value": 1, "unit": "km²"}],
            },
            422,
        ),
        (
            {"text": "1,000 km²", "figures": [{"measure_id": AREA, "value": 1, "unit": "people"}]},
            422,
        ),
        ({"text": "1,000 km²", "said_on": "yesterday"}, 422),
        ({"text": "1,000 km²", "id": 3}, 422),
    ]
    for body, status in cases:
        response = await client.post("/v1/claims/match", json=body)
        assert response.status_code == status, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    unknown = await client.get("/v1/claims/999999/similar")
    assert unknown.status_code == 404
    too_many = await client.get("/v1/claims/1/similar", params={"limit": 51})
    assert too_many.status_code == 422
    not_json = await client.post(
        "/v1/claims/match", content=b"{", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 400


async def test_an_empty_store_matches_nothing(client: httpx.AsyncClient) -> None:
    assert await _match(client, text="Ukraine has seized more than 1,000 km²") == []


async def test_numbers_beyond_any_claim_are_read_as_words(client: httpx.AsyncClient) -> None:
    for text in ("9" * 400 + " km²", "1" + "0" * 99 + " square miles"):
        response = await client.post("/v1/claims/match", json={"text": text})
        assert response.status_code == 200, response.text


async def test_a_figure_in_an_offset_unit_is_compared_not_a_500(client: httpx.AsyncClient) -> None:
    measure = await make_measure(client, name="Air temperature in Kyiv", unit="°C")
    figure = {"measure_id": measure["id"], "value": 25, "unit": "°C"}
    stored = await make_claim(client, text="Kyiv reached 25 °C today", figures=[figure])
    for text, relation in (
        ("Kyiv temperatures were between 2 and 273 kelvin", "conflicting_figure"),
        ("Kyiv reached 298.15 kelvin today", None),
    ):
        items = await _match(client, text=text, said_on=stored["said_on"])
        found = next(item for item in items if item["claim_id"] == stored["id"])
        if relation is None:
            assert found["reasons"]["figures"] == "agree", text
        else:
            assert found["relation"] == relation, text


async def test_extraction_candidates_carry_their_best_matches_when_asked(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    text = (
        "Officials in Kyiv said on Thursday that Ukrainian troops held over a thousand "
        "square kilometres of Kursk. The weather stayed dry all week."
    )
    body = {"text": text, "said_on": "2024-08-15"}
    plain = await client.post("/v1/extract", json=body)
    assert plain.status_code == 200, plain.text
    assert all("matches" not in c for c in plain.json()["candidates"])
    matched = await client.post("/v1/extract", params={"match": "true"}, json=body)
    assert matched.status_code == 200, matched.text
    candidate = next(c for c in matched.json()["candidates"] if "thousand" in c["sentence"])
    assert 1 <= len(candidate["matches"]) <= 3
    best = candidate["matches"][0]
    assert best["text"].startswith((SEIZED, A_THOUSAND))
    assert best["reasons"]["figures"] == "agree"
    assert best["relation"] in {"same", "repeat", "same_figure"}
    stored = await client.get(f"/v1/claims/{best['claim_id']}")
    assert stored.json()["text"] == best["text"]


async def test_a_sentence_split_between_speakers_matches_each_speakers_own_claim(
    client: httpx.AsyncClient,
) -> None:
    """Two speakers in one sentence give two candidates with the same sentence: each one's
    best match is the claim its own speaker made before, not the other's."""
    ilves = await make_speaker(client, name="Marta Ilves")
    berg = await make_speaker(client, name="Tomas Berg")
    said = {"said_on": "2024-05-01"}
    mine = await make_claim(
        client, speaker=ilves, text="Marta Ilves said 20,000 people took part in the march", **said
    )
    theirs = await make_claim(
        client, speaker=berg, text="Tomas Berg said 15,000 people took part in the march", **said
    )
    text = (
        "Marta Ilves said 20,000 people took part in the march, while Tomas Berg put the "
        "figure at 15,000."
    )
    answer = await client.post("/v1/extract", params={"match": "true"}, json={"text": text, **said})
    assert answer.status_code == 200, answer.text
    candidates = answer.json()["candidates"]
    assert [c["speaker_id"] for c in candidates] == [ilves["id"], berg["id"]]
    assert len({c["sentence"] for c in candidates}) == 1
    best = [c["matches"][0] for c in candidates]
    assert [m["claim_id"] for m in best] == [mine["id"], theirs["id"]]
    assert [m["reasons"]["same_speaker"] for m in best] == [True, True]


async def test_on_a_large_store_a_word_in_most_claims_is_left_out_of_the_ranking(
    client: httpx.AsyncClient, database: Database, monkeypatch: Any
) -> None:
    """SQLite's bm25 reads a word's whole doclist to weigh it, PostgreSQL's ts_rank every
    match it ranks; on a store of LARGE claims a word in COMMON_SHARE of the newest SAMPLE is
    left out of the full-text candidates on both engines (here made small: 5 of the newest
    10)."""
    from app.claims.listing import fast_runner
    from app.matching import candidates

    speaker = await make_speaker(client)
    grain = [
        await make_claim(client, speaker=speaker, text=f"Grain shipments reached {n} ports")
        for n in range(9)
    ]
    barley = await make_claim(client, speaker=speaker, text="Grain and barley prices rose")
    monkeypatch.setattr(candidates, "LARGE", 1)
    monkeypatch.setattr(candidates, "SAMPLE", 10)
    monkeypatch.setattr(candidates, "COMMON_SHARE", 0.5)
    run = fast_runner(database.fast)
    found = await candidates.full_text_ids(run, database.dialect, ["grain", "barley"])
    assert found == [barley["id"]]
    # every word common: the least common one still finds its claims
    found = await candidates.full_text_ids(run, database.dialect, ["grain", "shipments"])
    assert set(found) >= {claim["id"] for claim in grain}
    # a store below LARGE (ids are never reused: the newest id counts the store): every word
    monkeypatch.setattr(candidates, "LARGE", barley["id"] + 1)
    found = await candidates.full_text_ids(run, database.dialect, ["grain", "barley"])
    assert found[0] == barley["id"] and len(found) == 10


@pytest.mark.parametrize("listed_cost", [0, 10**9])
async def test_full_text_candidates_are_the_same_walked_or_listed(
    client: httpx.AsyncClient, database: Database, monkeypatch: Any, listed_cost: int
) -> None:
    """PostgreSQL on a large store walks the newest claims for common words and lists rarer
    ones from the GIN index, as the newest SAMPLE claims say (LISTED_COST made 0: every search
    listed; huge: every one walked): the same matches, ranked, either way."""
    from app.claims.listing import fast_runner
    from app.matching import candidates

    speaker = await make_speaker(client)
    made = [
        await make_claim(client, speaker=speaker, text=f"Barley exports from port {n}")
        for n in range(12)
    ]
    for n in range(8):
        await make_claim(client, speaker=speaker, text=f"A quiet day at the border, {n}")
    monkeypatch.setattr(candidates, "LARGE", 1)
    monkeypatch.setattr(candidates, "SAMPLE", 20)
    monkeypatch.setattr(candidates, "LISTED_COST", listed_cost)
    statements: list[str] = []
    runner = fast_runner(database.fast)

    async def run(sql: str, params: dict[str, Any], heavy: bool) -> Any:
        statements.append(sql)
        return await runner(sql, params, heavy)

    found = await candidates.full_text_ids(run, database.dialect, ["barley", "port"])
    # every match (fewer than RANKED), best first: all rank alike, so as a set
    assert sorted(found) == sorted(claim["id"] for claim in made)
    if database.dialect == "postgresql":
        listed = any("c.id + 0" in sql for sql in statements)
        assert listed == (listed_cost == 0)


async def test_a_translation_is_found_by_its_figure_among_many_claims_of_near_values(
    client: httpx.AsyncClient, database: Database
) -> None:
    """A translation shares no word with the claim: its figure finds it. Among more claims
    with a figure within a factor of two than a look-up brings, all stored first and said
    later, the one with the same value comes back, and first."""
    from app.claims.listing import fast_runner
    from app.matching import candidates
    from app.matching.figures import from_text
    from app.matching.text import read_words

    measure = await make_measure(client, name="Grain shipped from Odesa", unit="tonnes")
    speaker = await make_speaker(client)
    decoys = []
    for n in range(40):
        value = 3000 + 97 * n  # 3,000 to 6,783 tonnes: within a factor of two of 4,520...
        if abs(value - 4520) / 4520 < 0.06:
            value += 900  # ...but none within 6% of it
        figure = {"measure_id": measure["id"], "value": value, "unit": "tonnes"}
        decoy = await make_claim(
            client,
            speaker=speaker,
            text=f"Depot {n} logged {value:,} tonnes",
            figures=[figure],
            said_on=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
        )
        decoys.append(decoy["id"])
    shipped = {"measure_id": measure["id"], "value": 4520, "unit": "tonnes"}
    target = await make_claim(
        client,
        text="The port shipped 4,520 tonnes of wheat",
        figures=[shipped],
        said_on="2024-03-01",
    )
    query = "Порт відвантажив 4,52 тис. тонн пшениці"
    (figure,) = from_text(read_words(query).quantities, tolerance=0.0)
    run = fast_runner(database.fast)
    found = await candidates._by_value(run, database.dialect, figure, [("tonnes",)])
    assert found[0] == target["id"]
    assert len(found) == candidates.PER_VALUE and set(found[1:]) <= set(decoys)
    items = await _match(client, text=query)
    assert items[0]["claim_id"] == target["id"]
    assert items[0]["reasons"]["figures"] == "agree"
