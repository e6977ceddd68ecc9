"""Full-text search over text, speaker names and aliases, source titles, on both engines."""

import base64
import random
from datetime import date
from typing import Any

import httpx
import orjson
import pytest

from app.claims import listing
from app.claims.sql import pages
from tests.factories import make_claim, make_source, make_speaker


async def _world(client: httpx.AsyncClient) -> dict[str, int]:
    gladkov = await make_speaker(client, name="Vyacheslav Gladkov", aliases=["Belgorod governor"])
    isw = await make_speaker(client, name="Institute for the Study of War", aliases=["ISW"])
    telegram = await make_source(client, url="https://t.me/vvgladkov", title="Gladkov on Telegram")
    claims = {
        "shelling": await make_claim(
            client,
            speaker=gladkov,
            said_on="2024-08-10",
            text="Daily shelling has destroyed homes in Belgorod.",
            appearances=[{"source_id": telegram["id"]}],
        ),
        "emergency": await make_claim(
            client,
            speaker=gladkov,
            said_on="2024-08-14",
            text="A state of emergency is declared in the whole region.",
        ),
        "advance": await make_claim(
            client,
            speaker=isw,
            said_on="2024-08-14",
            text="Kyiv's troops advanced 800 square kilometres; the state border moved.",
        ),
        "symbols": await make_claim(
            client,
            speaker=isw,
            said_on="2024-08-15",
            text='Turnout rose 50% near the "NEAR" polling_station.',
        ),
    }
    return {name: claim["id"] for name, claim in claims.items()}


async def _ids(client: httpx.AsyncClient, **params: Any) -> list[int]:
    response = await client.get("/v1/claims", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_search_covers_text_names_aliases_and_titles(client: httpx.AsyncClient) -> None:
    ids = await _world(client)
    assert set(await _ids(client, q="shelling homes")) == {ids["shelling"]}
    assert set(await _ids(client, q="belgorod governor")) == {ids["shelling"], ids["emergency"]}
    assert set(await _ids(client, q="ISW")) == {ids["advance"], ids["symbols"]}
    assert set(await _ids(client, q="telegram")) == {ids["shelling"]}
    assert set(await _ids(client, q="GLADKOV")) == {ids["shelling"], ids["emergency"]}


async def test_phrases_prefixes_and_hostile_characters(client: httpx.AsyncClient) -> None:
    ids = await _world(client)
    assert set(await _ids(client, q="state")) == {ids["emergency"], ids["advance"]}
    assert set(await _ids(client, q='"state of emergency"')) == {ids["emergency"]}
    assert set(await _ids(client, q='"state border"')) == {ids["advance"]}
    assert set(await _ids(client, q="emerg*")) == {ids["emergency"]}
    assert set(await _ids(client, q="kilomet* 800")) == {ids["advance"]}
    assert set(await _ids(client, q="NEAR")) == {ids["symbols"]}
    assert set(await _ids(client, q='50% "near')) == {ids["symbols"]}
    assert set(await _ids(client, q="polling_station")) == {ids["symbols"]}
    assert await _ids(client, q="Kyiv's OR troops AND nothing") == []
    for hopeless in ("%", "_", '"', "*", "%_%"):
        response = await client.get("/v1/claims", params={"q": hopeless})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "q"]


async def test_search_combines_with_filters_and_relevance_order(client: httpx.AsyncClient) -> None:
    ids = await _world(client)
    assert await _ids(client, q="belgorod", said_from="2024-08-12") == [ids["emergency"]]
    assert await _ids(client, q="belgorod", speaker="isw") == []
    assert await _ids(client, q="shelling") == [ids["shelling"]]
    by_date = await _ids(client, q="state", sort="-said_on")
    assert by_date == [ids["advance"], ids["emergency"]] or by_date == [
        ids["emergency"],
        ids["advance"],
    ]
    bad = await client.get("/v1/claims", params={"sort": "relevance"})
    assert bad.status_code == 422


async def test_relevance_is_own_words_first_then_newest_on_both_engines(
    client: httpx.AsyncClient,
) -> None:
    """Claims whose own text holds the words come first, newest said first (then newest
    recorded); a claim found only through a source's title comes after them all."""
    speaker = await make_speaker(client, name="Monitor")
    source = await make_source(client, title="Shelling in the border villages")
    old = await make_claim(
        client, speaker=speaker, said_on="2024-08-01", text="Shelling, more shelling, again."
    )
    title_only = await make_claim(
        client,
        speaker=speaker,
        said_on="2024-08-20",
        text="Nothing new was reported from the crossing.",
        appearances=[{"source_id": source["id"]}],
    )
    recent = await make_claim(
        client, speaker=speaker, said_on="2024-08-10", text="Residents reported shelling."
    )
    same_day = await make_claim(
        client, speaker=speaker, said_on="2024-08-10", text="Shelling near the crossing."
    )
    await make_claim(client, speaker=speaker, text="A quiet night at the crossing.")
    expected = [same_day["id"], recent["id"], old["id"], title_only["id"]]
    assert await _ids(client, q="shelling") == expected
    walked, cursor = [], None
    while True:  # page by page, the cursor keeps the order
        params = {"q": "shelling", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/claims", params=params)).json()
        walked += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert walked == expected


async def test_text_match_ranks_above_title_match(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="Reporter")
    source = await make_source(client, title="Kursk live updates")
    in_title = await make_claim(
        client,
        speaker=speaker,
        text="Fighting continues.",
        appearances=[{"source_id": source["id"]}],
    )
    in_text = await make_claim(client, speaker=speaker, text="Kursk is contested.")
    assert await _ids(client, q="kursk") == [in_text["id"], in_title["id"]]


async def test_search_pages_with_cursor_and_total(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="Spokesman")
    created = {
        (await make_claim(client, speaker=speaker, text=f"Border report {n}"))["id"]
        for n in range(7)
    }
    await make_claim(client, speaker=speaker, text="Unrelated")
    first = (
        await client.get("/v1/claims", params={"q": "border", "limit": 3, "count": "true"})
    ).json()
    assert first["total"] == 7
    seen, cursor = [item["id"] for item in first["items"]], first["next_cursor"]
    while cursor:
        page = (
            await client.get("/v1/claims", params={"q": "border", "limit": 3, "cursor": cursor})
        ).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 7 and set(seen) == created
    other = await client.get(
        "/v1/claims", params={"q": "report", "limit": 3, "cursor": first["next_cursor"]}
    )
    assert other.status_code == 400


async def test_renaming_speaker_or_source_updates_search(client: httpx.AsyncClient) -> None:
    ids = await _world(client)
    assert await _ids(client, q="sviatoslav") == []
    speaker = (await client.get(f"/v1/claims/{ids['advance']}")).json()["speaker_id"]
    await client.patch(f"/v1/speakers/{speaker}", json={"aliases": ["ISW", "Sviatoslav"]})
    assert set(await _ids(client, q="sviatoslav")) == {ids["advance"], ids["symbols"]}
    source = (await client.get("/v1/sources")).json()["items"][0]
    await client.patch(f"/v1/sources/{source['id']}", json={"title": "Channel of the governor"})
    assert await _ids(client, q="telegram") == []
    assert await _ids(client, q="channel governor") == [ids["shelling"]]


@pytest.mark.parametrize("query", ["kursk", "state border", "emerg*"])
async def test_deleted_and_edited_claims_leave_the_index(
    client: httpx.AsyncClient, query: str
) -> None:
    ids = await _world(client)
    assert (await client.delete(f"/v1/claims/{ids['emergency']}")).status_code == 204
    await client.patch(f"/v1/claims/{ids['advance']}", json={"text": "Kursk fighting goes on"})
    found = set(await _ids(client, q=query))
    assert ids["emergency"] not in found
    assert (ids["advance"] in found) == (query == "kursk")


async def test_frequent_words_sorted_by_date_find_the_same_claims(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _world(client)
    params = {"q": "state", "sort": "-said_on", "limit": 1}

    async def walk() -> list[int]:
        seen, cursor = [], None
        while True:
            page = (
                await client.get(
                    "/v1/claims", params={**params, **({"cursor": cursor} if cursor else {})}
                )
            ).json()
            seen += [item["id"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                return seen

    collected = await walk()  # SQLite starts from the matches (few)
    monkeypatch.setattr(pages, "DRIVER_CAP", 0)  # SQLite walks the date index, probing FTS5
    assert await walk() == collected
    assert len(collected) == 2


async def test_words_in_too_many_claims_come_newest_first(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await _world(client)
    ranked = await client.get("/v1/claims", params={"q": "state"})
    assert "x-claimtrack-order" not in ranked.headers
    monkeypatch.setattr(listing, "RANKED", 1)
    newest = await client.get("/v1/claims", params={"q": "state"})
    assert newest.headers["x-claimtrack-order"].startswith("-said_on")
    assert [item["id"] for item in newest.json()["items"]] == [ids["advance"], ids["emergency"]]


async def test_in_text_searches_the_claims_own_words_only(client: httpx.AsyncClient) -> None:
    governor = await make_speaker(client, name="Kursk governor")
    source = await make_source(client, title="Kursk incursion, day 9")
    named = await make_claim(client, speaker=governor, text="Evacuation continues in the south")
    titled = await make_claim(
        client, text="Evacuations in the south", appearances=[{"source_id": source["id"]}]
    )
    said = await make_claim(client, text="The Kursk front holds, the south evacuates")
    everywhere = await client.get("/v1/claims", params={"q": "kursk south"})
    assert {item["id"] for item in everywhere.json()["items"]} == {
        named["id"],
        titled["id"],
        said["id"],
    }
    for q in ("kursk south", '"kursk front"', "kur* evac*"):
        own = await client.get("/v1/claims", params={"q": q, "in": "text"})
        assert own.status_code == 200, own.text
        assert [item["id"] for item in own.json()["items"]] == [said["id"]], q
    found = (await client.get("/v1/claims", params={"q": "kursk", "in": "text"})).json()
    assert found["items"][0]["snippet"] == (
        "The <mark>Kursk</mark> front holds, the south evacuates"
    )
    assert "snippet" not in (await client.get("/v1/claims")).json()["items"][0]
    counted = await client.get("/v1/claims/facets", params={"q": "kursk", "in": "text"})
    assert sum(row["count"] for row in counted.json()["facets"]["speaker"]) == 1
    refused = await client.get("/v1/claims", params={"q": "kursk", "in": "title"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"] == ["query", "in"]


async def test_numbers_and_spellings_are_found_as_written_either_way(
    client: httpx.AsyncClient,
) -> None:
    area = await make_claim(client, text="We hold more than 1,000 square kilometres of the region")
    plain = await make_claim(client, text="Troops advanced 1360 km in the defense sector")
    for q, found in (
        ("1000", area),
        ("1,000 kilometers", area),
        ('"square kilometer"', area),  # a phrase in another form and spelling
        ("1,360", plain),
        ("defence", plain),
    ):
        response = await client.get("/v1/claims", params={"q": q, "in": "text"})
        assert response.status_code == 200, response.text
        ids = [item["id"] for item in response.json()["items"]]
        assert ids == ([found["id"]] if found else []), q
    marked = (await client.get("/v1/claims", params={"q": "kilometers"})).json()["items"][0]
    assert "<mark>kilometres</mark>" in marked["snippet"]


async def test_a_long_phrase_of_spellable_words_is_answered(client: httpx.AsyncClient) -> None:
    """Each word with another spelling doubles the phrase's spellings: they stop at a cap."""
    claim = await make_claim(client, text=" ".join(["colour"] * 70))
    found = await client.get("/v1/claims", params={"q": '"' + " ".join(["color"] * 70) + '"'})
    assert found.status_code == 200, found.text
    assert [item["id"] for item in found.json()["items"]] == [claim["id"]]


async def test_words_are_found_in_their_other_forms_on_both_engines(
    client: httpx.AsyncClient,
) -> None:
    """English inflections share a stem; Ukrainian and Russian words match without their
    endings; a word is not found inside another of a different stem."""
    area = await make_claim(client, text="Our troops control 1,000 square kilometres now.")
    towns = await make_claim(client, text="Emergencies were declared in three communities.")
    warned = await make_claim(client, text="A warning was issued before the strikes.")
    ukrainian = await make_claim(
        client, language="uk", text="Сили оборони контролюють 74 громади Курської області."
    )
    russian = await make_claim(
        client, language="ru", text="Продвинулись на 40 километров за сутки."
    )
    for q, found in (
        ("kilometer", [area]),
        ("controlled", [area]),
        ('"square kilometre"', [area]),
        ("community emergency", [towns]),
        ("strike", [warned]),
        ("war", []),  # "warning" has another stem
        ("область громада", [ukrainian]),
        ("километры", [russian]),
        ("сутки", [russian]),
    ):
        for where in ("all", "text"):
            ids = await _ids(client, q=q, **{"in": where})
            assert ids == [claim["id"] for claim in found], (q, where)
    marked = (await client.get("/v1/claims", params={"q": "областями"})).json()["items"]
    assert [item["id"] for item in marked] == [ukrainian["id"]]
    assert "<mark>області</mark>" in marked[0]["snippet"]


def test_a_date_sorted_search_takes_the_cheapest_of_listing_walking_and_probing() -> None:
    """At 10,000 claims, 50 a page: a word in 300 claims is listed and sorted (a walk would read
    about 1,700 claims); a word in 2,904 walks the date index against its matches listed once
    (listing and sorting them all costs more, probing each of about 175 claims read too); a
    word in 7,655 walks probing FTS5 (about 67 claims read); past DRIVER_CAP only the probing
    walk is left."""
    choose = pages.choose_access
    assert choose("-said_on", {"q": 300}, 10_000, 50) == ("q",)
    assert choose("-said_on", {"q": 2904}, 10_000, 50) == "walk_matches"
    assert choose("-said_on", {"q": 7655}, 10_000, 50) == "walk"
    assert choose("-said_on", {"q": 30_000}, 1_000_000, 50) == "walk"  # past DRIVER_CAP
    # another filter's few claims still drive; a speaker is free to a walk by said_on
    assert choose("-said_on", {"q": 2904, "source": 40}, 10_000, 50) == ("source", "q")
    assert choose("-said_on", {"q": 2904, "speaker": 900}, 10_000, 50) == "walk_matches"
    # a common word with a tag in 5,000 of a million claims: starting from the tag's claims
    # probes each of them (127 ms measured), the walk probes only the ~170 the tag keeps (42 ms)
    assert choose("-said_on", {"q": 300_000, "tag": 5000}, 1_000_000, 50) == "walk"
    assert choose("-said_on", {"q": 300_000, "tag": 40}, 1_000_000, 50) == ("tag",)
    # by relevance, a tag's claims each probed and ranked against every match ranked (at 1M:
    # 2,568 claims against 40,082 matches took 86 against 163 ms; 18,333 against 30,464, 397
    # against 117 ms)
    assert choose("relevance", {"q": 40_082, "tag": 2568}, 1_000_000, 50) == ("tag",)
    assert choose("relevance", {"q": 30_464, "tag": 18_333}, 1_000_000, 50) == ("q",)


# How SQLite runs a relevance page: every match ranked; in two sections by date (own text, then
# the rest), each from its matches listed and sorted; each walking the date index testing
# claims against its matches listed. (Ranking made dear so that sections are chosen on a
# small store.)
SECTIONS = {"SECTIONS_FROM": 0, "RANK_COST": 10**6}
RELEVANCE_PLANS = {
    "ranked": {},
    "sections": SECTIONS,
    # (PostgreSQL, which runs every relevance page in sections: by its planner's way, not
    # listing each section's matches and sorting them)
    "sections walking": {**SECTIONS, "LISTED": 0, "WALKED": 0, "POSTGRES_LISTED": 10**9},
}


@pytest.mark.parametrize("plan", RELEVANCE_PLANS)
async def test_relevance_follows_its_rule_on_any_data(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, backend: str, plan: str
) -> None:
    """Random claims, speakers and titles from a small vocabulary (ties of day and of words
    on purpose), random queries, some with a speaker: every page order is the rule's (own
    words, day, id), so both engines rank the same data alike, whichever way SQLite runs it."""
    for name, value in RELEVANCE_PLANS[plan].items():
        monkeypatch.setattr(listing if name in SECTIONS else pages, name, value)
    sectioned = []
    split = listing.sectioned_page

    def spy(*args: Any) -> Any:
        sectioned.append(args)
        return split(*args)

    monkeypatch.setattr(listing, "sectioned_page", spy)
    plans: list[listing.SearchPlan] = []
    planned = listing.search_plan

    async def plan_spy(*args: Any, **kwargs: Any) -> listing.SearchPlan:
        plans.append(await planned(*args, **kwargs))
        return plans[-1]

    monkeypatch.setattr(listing, "search_plan", plan_spy)
    rng = random.Random(20261206)
    vocabulary = ["border", "shelling", "grain", "exports", "villages", "drones", "ports"]
    speakers = [
        await make_speaker(client, name=f"{rng.choice(vocabulary).title()} Desk {n}")
        for n in range(4)
    ]
    sources = [
        await make_source(client, url=f"https://wire.example/{n}", title=rng.choice(vocabulary))
        for n in range(3)
    ]
    claims = {}
    for _ in range(40):
        fields: dict[str, Any] = {
            "speaker": rng.choice(speakers),
            "said_on": f"2024-08-{rng.randint(1, 6):02d}",
            "text": " ".join(rng.choices(vocabulary, k=rng.randint(1, 4))) + ".",
        }
        if rng.random() < 0.3:
            fields["appearances"] = [{"source_id": rng.choice(sources)["id"]}]
        claim = await make_claim(client, **fields)
        claims[claim["id"]] = claim
    tiers = set()
    for n in range(12):
        q = " ".join(rng.sample(vocabulary, k=rng.randint(1, 2)))
        asked: dict[str, Any] = {"q": q}
        if n % 3 == 2:
            asked["speaker"] = rng.choice(speakers)["id"]
        found = await _ids(client, **asked, limit=500)
        own = set(await _ids(client, **asked, limit=500, **{"in": "text"}))
        tiers |= {i in own for i in found}
        rule = sorted(found, key=lambda i: (i not in own, _negated(claims[i]["said_on"]), -i))
        assert found == rule, asked
        kept = [
            i
            for i in claims
            if set(q.split()) <= _words(claims[i], speakers, sources)
            and asked.get("speaker", claims[i]["speaker_id"]) == claims[i]["speaker_id"]
        ]
        assert sorted(found) == sorted(kept), asked
        walked, cursor = [], None
        for _ in range(len(claims)):  # a cursor that loops would walk for ever
            params = {**asked, "limit": 7, **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/v1/claims", params=params)).json()
            walked += [item["id"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert walked == rule, asked
    assert tiers == {True, False}  # both kinds of match were ranked
    # the pages ran as the plan says (on PostgreSQL, always in sections: listed on a small
    # store, or as its planner chooses)
    ways = {own.access for own, *_rest in sectioned}
    if backend == "postgresql":
        assert ways == ({None} if plan == "sections walking" else {"listed"})
    elif plan == "ranked":
        assert ways == set()
    elif plan == "sections walking":
        assert ways == {"walk_matches"}
    else:
        assert ("q",) in ways  # the own text's matches listed and sorted
    # a page in sections lists up to RANKED matches: on SQLite it runs off the event loop
    assert backend == "postgresql" or all(plan.heavy for plan in plans if plan.split)


def _words(claim: dict[str, Any], speakers: list[Any], sources: list[Any]) -> set[str]:
    """The words a search finds a claim by: its text's, its speaker's name's, its sources'
    titles'."""
    speaker = next(s for s in speakers if s["id"] == claim["speaker_id"])
    titles = [
        s["title"] for s in sources if s["id"] in {a["source_id"] for a in claim["appearances"]}
    ]
    text = " ".join([claim["text"], speaker["name"], *titles]).lower()
    return set(text.replace(".", " ").split())


def _negated(day: str) -> int:
    return -date.fromisoformat(day).toordinal()


def test_a_search_past_its_cap_is_estimated_from_the_newest_claims() -> None:
    """Below the cap a search's matches are as counted; past it, the share of the newest SAMPLE
    claims that match times the claims, never under the cap (a word in 30% of a million
    claims is about 300,000, not the 20,000 counted)."""
    assert pages.estimated(300, 4000, 1_000_000, cap=20_000) == 300
    assert pages.estimated(20_000, 1500, 1_000_000, cap=20_000) == 300_000
    assert pages.estimated(20_000, 10, 1_000_000, cap=20_000) == 20_000
    assert pages.estimated(20_000, 1500, pages.SAMPLE, cap=20_000) == 20_000  # all counted


async def test_the_plan_sees_a_common_word_as_common(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    """A word in every claim, counted to a cap of 4 and sampled over the newest 10: the plan
    weighs it as in every claim (PostgreSQL: from the sample alone)."""
    speaker = await make_speaker(client)
    made = [
        await make_claim(client, speaker_id=speaker["id"], text=f"Grain exports, report {n}")
        for n in range(30)
    ]
    monkeypatch.setattr(pages, "DRIVER_CAP", 4)
    monkeypatch.setattr(pages, "SAMPLE", 10)
    seen: list[dict[str, int]] = []
    chosen = listing.choose_access

    def spy(sort: str, counts: dict[str, int], *rest: Any) -> Any:
        seen.append(dict(counts))
        return chosen(sort, counts, *rest)

    monkeypatch.setattr(listing, "choose_access", spy)
    estimates: list[tuple[Any, ...]] = []
    postgres = pages.postgres_access

    def postgres_spy(*counts: Any) -> Any:
        estimates.append(counts)
        return postgres(*counts)

    monkeypatch.setattr(pages, "postgres_access", postgres_spy)
    response = await client.get("/v1/claims", params={"q": "grain", "sort": "-said_on"})
    assert response.status_code == 200, response.text
    assert {item["id"] for item in response.json()["items"]} == {claim["id"] for claim in made}
    newest = max(claim["id"] for claim in made)
    if backend == "sqlite":
        assert (seen, estimates) == ([{"q": newest}], [])
    else:
        assert (seen, estimates) == ([], [("-said_on", {"q": newest}, newest, 50)])


@pytest.mark.parametrize("key", [1e300, -1e300, -pages.OWN - 0.5, 0.0])
async def test_a_forged_relevance_cursor_is_answered_not_crashed(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, key: float
) -> None:
    """A relevance cursor whose key stands for no day (forged: cursors are not signed) gets a
    page, on SQLite's sections too: its key is read as the nearest day."""
    for name, value in SECTIONS.items():
        monkeypatch.setattr(listing, name, value)
    speaker = await make_speaker(client)
    for n in range(3):
        await make_claim(client, speaker_id=speaker["id"], text=f"Grain exports, report {n}")
    first = (await client.get("/v1/claims", params={"q": "grain", "limit": 1})).json()
    order, (_key, last) = orjson.loads(base64.urlsafe_b64decode(first["next_cursor"] + "=="))
    forged = base64.urlsafe_b64encode(orjson.dumps([order, [key, last]])).decode().rstrip("=")
    response = await client.get("/v1/claims", params={"q": "grain", "cursor": forged})
    assert response.status_code == 200, response.text


def test_postgresql_lists_the_fewest_claims_while_fewer_than_a_walk_reads() -> None:
    """PostgreSQL's way to a page by date, from the matches estimated among the newest claims
    and the other filters counted: a rare word's matches listed and sorted (its planner walked
    the date index for 1.8 s on a word it guessed in 2% of a million claims, which was in 112),
    a common word left to the planner, unless another filter keeps fewer claims than a walk
    reads (a rating in 5,976 claims: 81,000 claims walked); a filter counted only to the cap is
    never listed; a section of the own text lists every match of the words (weights are
    checked in the rows); a speaker, a language and said dates cost a walk by said_on nothing."""
    access = pages.postgres_access
    assert access("-said_on", {"q": 112}, 1_000_000, 50) == "listed"
    assert access("-said_on", {"q": 0}, 1_000_000, 50) == "listed"
    assert access("-said_on", {"q": 300_000}, 1_000_000, 50) is None
    # (limit + 1) * claims / kept read by a walk against the fewest * POSTGRES_LISTED
    assert access("-said_on", {"q": 13_000}, 1_000_000, 50) == "listed"
    assert access("-said_on", {"q": 13_100}, 1_000_000, 50) is None
    assert access("-said_on", {"q": 10_969}, 1_000_000, 50, listed=30_473) is None
    assert access("-said_on", {"q": 97_000, "rating": 5976}, 1_000_000, 50) == "listed"
    assert access("-said_on", {"q": 97_000, "rating": 900_000}, 1_000_000, 50) is None
    # a tag counted to the cap (in 41,494 claims: listing the word's matches took 370 ms)
    capped = {"q": 80_000, "tag": pages.POSTGRES_CAP}
    assert access("-said_on", capped, 1_000_000, 50) is None
    assert access("-said_on", {**capped, "tag": 100}, 1_000_000, 50) == "listed"
    assert access("-said_on", {"q": 20_000}, 1_000_000, 50) is None
    assert access("-said_on", {"q": 97_000, "speaker": 5000}, 1_000_000, 50) is None
    assert access("created_at", {"q": 97_000, "speaker": 5000}, 1_000_000, 50) == "listed"
    assert pages.scaled(7, 5000, 1_000_000) == 1400
    assert pages.scaled(7, 4000, 1_000_000) == 1750  # ids deleted: the claims sampled
    assert pages.scaled(7, 20, pages.SAMPLE) == 7  # every claim sampled: as counted
    assert pages.scaled(0, 0, 0) == 0


def test_matches_counted_in_full_can_be_listed_past_the_driver_cap() -> None:
    """A filter counted only to DRIVER_CAP is never listed (its size is unknown); the own text's
    matches of a relevance page in sections are counted in full, so they can be, however many
    (a tag in 20,000 claims or more, a word's own text in 25,000)."""
    counts = {"tag": pages.DRIVER_CAP, "q": 25_000}
    capped = pages.access_costs("-said_on", counts, 1_000_000, 50)
    assert set(capped) == {"walk"}
    full = pages.access_costs("-said_on", counts, 1_000_000, 50, full=frozenset({"q"}))
    assert set(full) == {"walk", ("q",), "walk_matches"}
    assert full[("q",)] == 25_000
