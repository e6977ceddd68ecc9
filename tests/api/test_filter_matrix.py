"""Every filter of GET /v1/claims, alone and in pairs, under every sort, equals a plain filter in
Python over all claims, whichever access path the page takes (walking the sort's index, or
starting from any one filter's claims), on both engines."""

import itertools
import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.claims import listing
from app.claims.sql import pages
from tests.factories import make_claim, make_measure, make_source, make_speaker

WORDS = ("alpha", "bravo", "charlie")
LANGUAGES = ("en", "uk")
RATINGS = ("False", "Mostly true")
TAGS = ("kursk", "belgorod", "border")
SORTS = ("-said_on", "said_on", "created_at", "-created_at")
# A filter's name in the matrix -> the query parameters it sets, from a value drawn off a claim.
FILTERS = ("speaker", "measure", "source", "tag", "said", "has_figures", "rating", "language", "q")


async def _world(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Forty claims with every filterable field drawn at random (seeded), some on one day."""
    rng = random.Random(12)
    speakers = [await make_speaker(client, name=f"Person {n}") for n in ("one", "two", "three")]
    sources = [await make_source(client, title=f"Outlet {n}") for n in range(3)]
    measures = [await make_measure(client, slug=f"area-{n}") for n in range(2)]
    claims = []
    for n in range(40):
        figures = [
            {"measure_id": measure["slug"], "value": n, "unit": "km2"}
            for measure in rng.sample(measures, rng.choice((0, 0, 1, 2)))
        ]
        chosen = rng.sample(sources, rng.choice((0, 1, 1, 2)))
        claim = await make_claim(
            client,
            speaker=rng.choice(speakers),
            text=" ".join(rng.sample(WORDS, rng.choice((1, 2)))) + f" statement {n}",
            said_on=f"2024-0{rng.randrange(1, 4)}-1{rng.randrange(0, 3)}",
            language=rng.choice(LANGUAGES),
            tags=rng.sample(TAGS, rng.randrange(0, 3)),
            appearances=[{"source_id": source["id"]} for source in chosen],
            figures=figures,
        )
        for rating in rng.sample(RATINGS, rng.choice((0, 0, 1, 2))):
            review = {"reviewer": "Desk", "rating_label": rating, "url": f"https://c.example/{n}"}
            created = await client.post(f"/v1/claims/{claim['id']}/reviews", json=review)
            assert created.status_code == 201, created.text
        claims.append(claim)
    response = await client.get("/v1/claims", params={"limit": 500})
    items: list[dict[str, Any]] = response.json()["items"]
    assert len(items) == 40
    return items


def _draw(name: str, rng: random.Random, claims: list[dict[str, Any]]) -> dict[str, Any]:
    """Query parameters for one filter, with a value drawn from the claims."""
    claim = rng.choice(claims)
    if name == "speaker":
        return {"speaker": claim["speaker_id"]}
    if name == "measure":
        return {
            "measure": rng.choice(
                ["area-0", "area-1", *(f["measure_id"] for f in claim["figures"])]
            )
        }
    if name == "source":
        cited = sorted({s["id"] for c in claims for s in c["sources"]})  # any, or this claim's
        return {"source": rng.choice([*cited, *(s["id"] for s in claim["sources"])])}
    if name == "tag":
        return {"tag": rng.choice(TAGS)}
    if name == "said":
        low, high = sorted(rng.sample([c["said_on"] for c in claims], 2))
        return rng.choice(
            ({"said_from": low}, {"said_to": high}, {"said_from": low, "said_to": high})
        )
    if name == "has_figures":
        return {"has_figures": rng.choice(("true", "false"))}
    if name == "rating":
        return {"rating": rng.choice((*RATINGS, "mostly TRUE", "Unproven"))}
    if name == "language":
        return {"language": rng.choice(LANGUAGES)}
    return {"q": rng.choice(WORDS)}


def _keeps(params: dict[str, Any], measures: dict[str, int]) -> Callable[[dict[str, Any]], bool]:
    """The filters as a plain test on a claim's read form (measures: slug -> id)."""

    def keep(claim: dict[str, Any]) -> bool:
        checks = {
            "speaker": lambda v: claim["speaker_id"] == v,
            "measure": lambda v: measures.get(v, v) in [f["measure_id"] for f in claim["figures"]],
            "source": lambda v: v in [s["id"] for s in claim["sources"]],
            "tag": lambda v: v in claim["tags"],
            "said_from": lambda v: claim["said_on"] >= v,
            "said_to": lambda v: claim["said_on"] <= v,
            "has_figures": lambda v: bool(claim["figures"]) == (v == "true"),
            "rating": lambda v: v.lower() in [r["rating_label"].lower() for r in claim["reviews"]],
            "language": lambda v: claim["language"] == v,
            "q": lambda v: v in claim["text"].split(),
        }
        return all(checks[key](value) for key, value in params.items() if key != "sort")

    return keep


def _expected(
    claims: list[dict[str, Any]], params: dict[str, Any], measures: dict[str, int]
) -> list[int]:
    kept = [c for c in claims if _keeps(params, measures)(c)]
    sort = params.get("sort", "-said_on")
    column = sort.lstrip("-")
    ordered = sorted(kept, key=lambda c: (c[column], c["id"]), reverse=sort.startswith("-"))
    return [c["id"] for c in ordered]


async def _walk(client: httpx.AsyncClient, params: dict[str, Any]) -> list[int]:
    """Every page of three, following the cursors."""
    seen, cursor = [], None
    while True:
        query = {**params, "limit": 3, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/claims", params=query)
        assert response.status_code == 200, (params, response.text)
        page = response.json()
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            return seen


def _force(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """Make every page take one access path: 'walk', 'chosen' (as in production), 'driver'
    (start from any filters an index can list, intersected, however many claims they keep),
    'walk_matches' (a search walks the sort's index against its matches listed once), or
    'walk_budget' (a walk that probes the search goes on with its matches listed after two
    claims read). On PostgreSQL a search is left to the planner ('walk') or its fewest claims
    listed and sorted ('driver'; 'chosen': as the plan says, listed on a small store)."""
    if path == "walk":
        monkeypatch.setattr(pages, "DRIVER_CAP", 0)
        monkeypatch.setattr(pages, "POSTGRES_LISTED", 10**9)
    elif path == "walk_budget":  # a walk that probes the search gives up after two claims
        monkeypatch.setattr(pages, "DRIVER_CAP", 0)
        monkeypatch.setattr(pages, "WALK_BUDGET", 2)
    elif path == "walk_matches":
        chosen = listing.choose_access

        def listed(sort: str, counts: dict[str, int], *rest: Any) -> Any:
            searched = "q" in counts and sort != "relevance"
            return "walk_matches" if searched else chosen(sort, counts, *rest)

        monkeypatch.setattr(listing, "choose_access", listed)
    elif path == "driver":
        rng = random.Random(5)

        def drivers(_sort: str, counts: dict[str, int], *_rest: Any) -> tuple[str, ...]:
            names = list(counts)
            rng.shuffle(names)
            return tuple(names[: rng.randint(1, len(names))])

        monkeypatch.setattr(listing, "choose_access", drivers)
        monkeypatch.setattr(pages, "POSTGRES_LISTED", 0)


@pytest.mark.parametrize("path", ["chosen", "walk", "driver", "walk_matches", "walk_budget"])
async def test_every_filter_and_pair_under_every_sort_equals_a_plain_filter(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    claims = await _world(client)
    listed = (await client.get("/v1/measures", params={"limit": 500})).json()["items"]
    measures = {measure["slug"]: measure["id"] for measure in listed}
    _force(monkeypatch, path)
    rng = random.Random(path)
    combinations = [(name,) for name in FILTERS] + list(itertools.combinations(FILTERS, 2))
    for names in combinations:
        for sort in SORTS:
            params: dict[str, Any] = {"sort": sort}
            for name in names:
                params.update(_draw(name, rng, claims))
            assert await _walk(client, params) == _expected(claims, params, measures), params
        if "q" in names:  # by relevance: the same claims, in the order FTS-first ranking gives
            params = {k: v for k, v in params.items() if k != "sort"}
            ranked = await _walk(client, params)
            assert sorted(ranked) == sorted(_expected(claims, params, measures)), params
            with monkeypatch.context() as searched_first:
                searched_first.setattr(listing, "choose_access", lambda *_a: ("q",))
                assert ranked == await _walk(client, params), params


async def test_a_measure_and_no_figures_is_an_empty_page_not_a_walk(
    client: httpx.AsyncClient,
) -> None:
    """A claim with a figure on the measure has figures: with has_figures=false there is
    none to find (the page says so without walking every claim), with true all of them."""
    measure = await make_measure(client)
    figure = {"measure_id": measure["id"], "value": 5, "unit": "km²"}
    claim = await make_claim(client, figures=[figure])
    await make_claim(client)  # no figures
    for has_figures, expected in (("false", []), ("true", [claim["id"]])):
        params = {"measure": measure["id"], "has_figures": has_figures}
        response = await client.get("/v1/claims", params=params)
        assert [item["id"] for item in response.json()["items"]] == expected
