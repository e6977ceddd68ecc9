"""A paragraph through extract → accept → comparison, on both engines: candidates carry measure
suggestions, accepted candidates become claims with their speakers, source and figure words."""

from typing import Any

import httpx

from tests.factories import make_measure, make_speaker

ARTICLE = {
    "url": "https://wire.example/valdera-fire",
    "title": "Valdera wildfire spreads",
    "publisher": "Wire Example",
}
PARAGRAPH = (
    "The Valdera wildfire has burned more than 120 square kilometres of forest since Sunday, "
    "fire chief Ana Ruiz said on Tuesday. The regional forestry office put the burned forest "
    "area at about 95 square kilometres."
)


async def _extract(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.post("/v1/extract", json={"text": PARAGRAPH, "said_on": "2025-07-08"})
    assert response.status_code == 200, response.text
    candidates: list[dict[str, Any]] = response.json()["candidates"]
    return candidates


async def test_figures_come_with_measure_suggestions_whose_unit_fits(
    client: httpx.AsyncClient,
) -> None:
    burned = await make_measure(client, name="Forest area burned by the Valdera wildfire")
    other = await make_measure(client, name="Farmland flooded in the Po delta")
    await make_measure(client, name="Evacuees", unit="people", kind="count")
    first = (await _extract(client))[0]
    [figure] = first["figures"]
    assert figure["measure_id"] is None
    suggested = figure["measure_suggestions"]
    assert [s["measure_id"] for s in suggested] == [burned["id"], other["id"]]
    assert suggested[0]["slug"] == burned["slug"]
    assert suggested[0]["score"] > suggested[1]["score"] == 0.5


async def test_accepted_candidates_become_claims_and_compare(client: httpx.AsyncClient) -> None:
    measure = await make_measure(client, name="Forest area burned by the Valdera wildfire")
    office = await make_speaker(client, name="Regional forestry office", kind="organization")
    candidates = await _extract(client)
    assert len(candidates) == 2
    chief, forestry = candidates
    for candidate in candidates:
        best = candidate["figures"][0]["measure_suggestions"][0]
        candidate["figures"][0]["measure_id"] = best["measure_id"]
    chief["speaker_id"], chief["speaker_name"] = None, "Ana Ruiz"
    forestry["speaker_id"], forestry["speaker_name"] = office["id"], None
    body = {"said_on": "2025-07-08", "language": "en", "source": ARTICLE,
            "candidates": candidates}  # fmt: skip
    accepted = await client.post("/v1/extract/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    report = accepted.json()
    assert report["created"]["claims"] == 2
    assert report["created"]["speakers"] == 1  # Ana Ruiz
    assert report["created"]["sources"] == 1
    assert [item["path"] for item in report["claims"]] == ["$.candidates[0]", "$.candidates[1]"]

    ruiz = await client.get(f"/v1/claims/{report['claims'][0]['id']}")
    claim = ruiz.json()
    assert claim["speaker_name"] == "Ana Ruiz"
    assert claim["text"] == chief["sentence"]
    assert claim["sources"][0]["url"] == ARTICLE["url"]
    assert claim["sources"][0]["excerpt"] == chief["sentence"]
    [figure] = claim["figures"]
    said = chief["figures"][0]
    assert (figure["text"], figure["start"], figure["end"]) == (
        said["text"], said["start"], said["end"],
    )  # fmt: skip
    assert PARAGRAPH[figure["start"] : figure["end"]] == figure["text"]
    assert (figure["value"], figure["qualifier"]) == (120, "more_than")

    comparison = await client.get(f"/v1/measures/{measure['id']}/comparison")
    assert comparison.status_code == 200, comparison.text
    compared = comparison.json()
    assert (compared["summary"]["count"], compared["summary"]["speakers"]) == (2, 2)
    [conflict] = compared["conflicts"]  # "more than 120" and "about 95" cannot both hold
    assert {conflict["a"]["value"], conflict["b"]["value"]} == {120, 95}


async def test_accept_refuses_what_it_cannot_record_and_writes_nothing(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, name="Forest area burned by the Valdera wildfire")
    candidates = await _extract(client)
    for candidate in candidates:
        candidate["speaker_name"] = candidate["speaker_name"] or "Somebody"
    body = {"said_on": "2025-07-08", "source": ARTICLE, "candidates": candidates}
    unchosen = await client.post("/v1/extract/accept", json=body)
    assert unchosen.status_code == 422, unchosen.text
    assert unchosen.headers["content-type"] == "application/problem+json"
    assert unchosen.json()["errors"][0]["loc"] == ["body", "candidates", 0, "figures", 0,
                                                   "measure_id"]  # fmt: skip
    candidates[0]["figures"][0]["measure_id"] = 10**9
    unknown = await client.post("/v1/extract/accept", json=body)
    assert unknown.status_code == 422
    assert "measure 1000000000 does not exist" in unknown.json()["detail"]
    nobody = {**candidates[1], "speaker_id": None, "speaker_name": None, "figures": []}
    body["candidates"] = [nobody]
    refused = await client.post("/v1/extract/accept", json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "candidates", 0, "speaker_id"]
    assert (await client.get("/v1/claims")).json()["items"] == []
    assert (await client.get("/v1/sources")).json()["items"] == []


async def test_a_figure_s_offsets_go_together_and_in_order(client: httpx.AsyncClient) -> None:
    measure = await make_measure(client)
    speaker = await make_speaker(client)
    figure = {"measure_id": measure["id"], "value": 5, "unit": "km²", "text": "5 km²"}
    body = {"speaker_id": speaker["id"], "text": "It covers 5 km²", "said_on": "2025-01-01"}
    for bad in ({"start": 10}, {"start": 12, "end": 10}, {"start": -1, "end": 3}):
        response = await client.post("/v1/claims", json={**body, "figures": [{**figure, **bad}]})
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["errors"][0]["loc"][:3] == ["body", "figures", 0]
    good = await client.post(
        "/v1/claims", json={**body, "figures": [{**figure, "start": 10, "end": 15}]}
    )
    assert good.status_code == 201, good.text
    assert good.json()["figures"][0]["text"] == "5 km²"
    assert (good.json()["figures"][0]["start"], good.json()["figures"][0]["end"]) == (10, 15)


async def test_a_sentence_with_two_speakers_gives_a_candidate_each(
    client: httpx.AsyncClient,
) -> None:
    text = "Organisers said 20,000 runners took part, while police put the figure at 15,000."
    response = await client.post("/v1/extract", json={"text": text, "said_on": "2025-07-08"})
    assert response.status_code == 200, response.text
    found = [
        (c["speaker_name"], [f["value"] for f in c["figures"]], c["sentence"])
        for c in response.json()["candidates"]
    ]
    assert found == [("Organisers", [20000.0], text), ("police", [15000.0], text)]


async def test_a_span_across_new_year_is_accepted_as_extracted(client: httpx.AsyncClient) -> None:
    """What extract offers, accept takes: "с ноября по февраль" starts the November before."""
    measure = await make_measure(client, name="Season tickets sold", unit="count", kind="count")
    text = "С ноября по февраль продано 50 тыс. абонементов, сообщили в клубе «Волна»."
    response = await client.post("/v1/extract", json={"text": text, "said_on": "2024-08-20"})
    assert response.status_code == 200, response.text
    [candidate] = response.json()["candidates"]
    [figure] = candidate["figures"]
    assert (figure["period_start"], figure["period_end"]) == ("2023-11-01", "2024-02-29")
    figure["measure_id"] = measure["id"]
    body = {"said_on": "2024-08-20", "language": "ru", "source": ARTICLE,
            "candidates": [candidate]}  # fmt: skip
    accepted = await client.post("/v1/extract/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["created"]["claims"] == 1


async def test_candidates_carry_their_language_and_accepted_claims_keep_it(
    client: httpx.AsyncClient,
) -> None:
    """A Ukrainian article with an English sentence in it: the text's language, each
    sentence's own; accepted without a language, each claim keeps its candidate's (detected
    again when a client dropped it); the body's language fills in only where none is given."""
    measure = await make_measure(client, name="Забудована площа")
    text = (
        "Мер Ірина Коваль заявила, що місто збудувало понад 12 квадратних кілометрів житла. "
        "The city's planning office said about 11 square kilometres were built."
    )
    response = await client.post("/v1/extract", json={"text": text, "said_on": "2025-07-08"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["language"] == "uk"
    assert [c["language"] for c in answer["candidates"]] == ["uk", "en"]
    mayor, office = answer["candidates"]
    for candidate in (mayor, office):
        candidate["figures"][0]["measure_id"] = measure["id"]
        candidate["speaker_name"] = candidate["speaker_name"] or "Planning office"
    del office["language"]  # detected again from its sentence
    body = {"said_on": "2025-07-08", "source": ARTICLE, "candidates": [mayor, office]}
    accepted = await client.post("/v1/extract/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    ids = [item["id"] for item in accepted.json()["claims"]]
    languages = [(await client.get(f"/v1/claims/{i}")).json()["language"] for i in ids]
    assert languages == ["uk", "en"]
    mayor["language"], office["language"] = None, None
    body = {"said_on": "2025-07-09", "language": "ru", "source": ARTICLE,
            "candidates": [mayor]}  # fmt: skip
    again = await client.post("/v1/extract/accept", json=body)
    assert again.status_code == 200, again.text
    claim_id = again.json()["claims"][0]["id"]
    assert (await client.get(f"/v1/claims/{claim_id}")).json()["language"] == "ru"


async def test_the_article_goes_to_the_source_and_offsets_must_point_into_it(
    client: httpx.AsyncClient,
) -> None:
    """The article sent as source.text is kept on the source, and every figure's offsets point
    at its words there; a text the offsets do not fit (another version of the article) is a
    422 naming the candidate, and nothing is written."""
    measure = await make_measure(client, name="Forest area burned by the Valdera wildfire")
    candidates = await _extract(client)
    for candidate in candidates:
        candidate["figures"][0]["measure_id"] = measure["id"]
        candidate["speaker_name"] = candidate["speaker_name"] or "Forestry office"
    edited = "UPDATED: " + PARAGRAPH
    body = {"said_on": "2025-07-08", "source": {**ARTICLE, "text": edited},
            "candidates": candidates}  # fmt: skip
    refused = await client.post("/v1/extract/accept", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["loc"] == ["body", "candidates", 0, "start"]
    assert (await client.get("/v1/sources")).json()["items"] == []
    body["source"]["text"] = PARAGRAPH
    accepted = await client.post("/v1/extract/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    claim = (await client.get(f"/v1/claims/{accepted.json()['claims'][0]['id']}")).json()
    source = (await client.get(f"/v1/sources/{claim['sources'][0]['id']}")).json()
    assert source["text"] == PARAGRAPH
    figure = claim["figures"][0]
    assert source["text"][figure["start"] : figure["end"]] == figure["text"]


async def test_a_source_recorded_with_another_text_is_not_given_offsets_into_a_new_one(
    client: httpx.AsyncClient,
) -> None:
    """The source keeps its fields: accepting against an edited article under the same URL
    would record offsets into text the source does not hold, so it is a 422 naming
    source.text and nothing is written; the text it holds is accepted."""
    measure = await make_measure(client, name="Forest area burned by the Valdera wildfire")
    candidates = await _extract(client)
    for candidate in candidates:
        candidate["figures"][0]["measure_id"] = measure["id"]
        candidate["speaker_name"] = candidate["speaker_name"] or "Forestry office"
    first = {"said_on": "2025-07-08", "source": {**ARTICLE, "text": PARAGRAPH},
             "candidates": candidates[:1]}  # fmt: skip
    assert (await client.post("/v1/extract/accept", json=first)).status_code == 200
    edited = PARAGRAPH + " Crews were still at work on Wednesday."
    again = {**first, "source": {**ARTICLE, "text": edited}, "candidates": candidates[1:]}
    refused = await client.post("/v1/extract/accept", json=again)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["loc"] == ["body", "source", "text"]
    assert len((await client.get("/v1/claims")).json()["items"]) == 1
    again["source"]["text"] = PARAGRAPH
    assert (await client.post("/v1/extract/accept", json=again)).status_code == 200
    assert len((await client.get("/v1/claims")).json()["items"]) == 2
