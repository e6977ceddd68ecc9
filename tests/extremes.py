"""Accepted writes at the extremes, and every read of them: "whatever a write accepts, every
read of it works" (issue 11). Used by tests/fuzz/test_extremes.py (`make fuzz`).

The strategies draw the limits of what a write takes: days 1000-01-01 and 2999-12-31 (said_on,
as_of, period starts and ends, reviewed_on), sources published at those limits with ±14:00
offsets (some just outside, which must be refused with a 422), and magnitudes from 5e-324 to
±1e100 in the measure's unit, in units much larger and much smaller than the measure's, ranges
spanning all of that. Writes may answer 201 or 422; reads must all answer 200.
"""

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any

import httpx
from hypothesis import strategies as st

from tests.factories import make_measure, make_speaker

PROBLEM = "application/problem+json"
FIRST_DAY, LAST_DAY = "1000-01-01", "2999-12-31"
EDGE_DAYS = [FIRST_DAY, "1000-01-02", LAST_DAY, "2999-12-30"]
REFUSED_DAYS = ["0999-12-31", "3000-01-01", "0001-01-01", "9999-12-31"]
DAYS = st.one_of(
    st.sampled_from(EDGE_DAYS),
    st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)).map(date.isoformat),
)
# Now and then a day no write takes: its write must be a 422, not a 500.
ANY_DAYS = st.one_of(DAYS, st.sampled_from(REFUSED_DAYS))

# Publication times at the limits of the written days with the widest offsets there are; the
# ones whose UTC time leaves 1000-01-01..2999-12-31 are refused.
EDGE_TIMES = [
    "1000-01-01T00:00:00-14:00",
    "1000-01-01T00:00:00+14:00",
    "1000-01-01T00:00:00Z",
    "2999-12-31T23:59:59+14:00",
    "2999-12-31T23:59:59-14:00",
    "2999-12-31T23:59:59.999999Z",
]
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
TIMES = st.one_of(
    st.sampled_from(EDGE_TIMES),
    st.datetimes(
        min_value=datetime(1000, 1, 1), max_value=datetime(2999, 12, 31), timezones=OFFSETS
    ).map(datetime.isoformat),
)

# Amounts the API takes, with the extremes: 1e100 is the largest magnitude a figure may have in
# its measure's unit, 5e-324 the smallest double above zero.
EDGE_AMOUNTS = [
    0.0, -0.0, 1.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, -1e-300, 1e-100,
    1e100, -1e100, 9.999999999999999e99, -9.999999999999999e99, 1.0000000000000002e100,
    1e97, 1e76, 1.7976931348623157e308,
]  # fmt: skip
AMOUNTS = st.one_of(
    st.sampled_from(EDGE_AMOUNTS),
    st.floats(min_value=-1e100, max_value=1e100, allow_nan=False, allow_infinity=False),
)
COUNTS = st.one_of(
    st.sampled_from([0, 1, 10**100 // 10**3, 1e100, 9.999999999999999e99, 5e-324]),
    st.integers(min_value=0, max_value=10**18),
)
# From yoctometres to light years: units 1e48 times larger and smaller than each other.
LENGTH_UNITS = ["km", "m", "mm", "ym", "Ym", "mi", "light_year", "nm"]
COUNT_UNITS = ["count", "people", "thousand people", "million people"]
QUALIFIERS = ["exact", "approximately", "at_least", "more_than", "at_most", "less_than"]


def _days(draw: st.DrawFn, figure: dict[str, Any]) -> None:
    for day in ("as_of", "period_start", "period_end"):
        if draw(st.booleans()):
            figure[day] = draw(DAYS)
    if "period_start" in figure and "period_end" in figure:
        figure["period_start"], figure["period_end"] = sorted(
            [figure["period_start"], figure["period_end"]]
        )


@st.composite
def length_figures(draw: st.DrawFn) -> dict[str, Any]:
    """A figure on the length measure, possibly out of bounds in its unit."""
    figure: dict[str, Any] = {"measure_id": "length", "unit": draw(st.sampled_from(LENGTH_UNITS))}
    if draw(st.booleans()):
        lower, upper = sorted([draw(AMOUNTS), draw(AMOUNTS)])
        figure.update(qualifier="range", lower=lower, upper=upper)
    else:
        figure.update(qualifier=draw(st.sampled_from(QUALIFIERS)), value=draw(AMOUNTS))
    _days(draw, figure)
    return figure


@st.composite
def count_figures(draw: st.DrawFn) -> dict[str, Any]:
    """A figure on the head-count measure, in people, thousands or millions of them."""
    figure: dict[str, Any] = {
        "measure_id": "troops",
        "unit": draw(st.sampled_from(COUNT_UNITS)),
        "qualifier": draw(st.sampled_from(QUALIFIERS)),
        "value": draw(COUNTS),
    }
    _days(draw, figure)
    return figure


CLAIMS = st.lists(
    st.fixed_dictionaries(
        {
            "said_on": ANY_DAYS,
            "figures": st.lists(
                st.one_of(length_figures(), count_figures()), min_size=1, max_size=3
            ),
        },
        optional={
            "tags": st.lists(st.sampled_from(["war", "economy"]), max_size=2, unique=True),
            "sources": st.lists(st.integers(min_value=0, max_value=2), max_size=2, unique=True),
        },
    ),
    min_size=2,
    max_size=4,
)
SOURCES = st.lists(TIMES, min_size=0, max_size=3)


def length_figure(value: float, unit: str, **fields: Any) -> dict[str, Any]:
    """A figure on the length measure (for @example)."""
    return {"measure_id": "length", "value": value, "unit": unit, **fields}


async def write(
    client: httpx.AsyncClient,
    *,
    unit: str,
    published: list[str],
    claims: list[dict[str, Any]],
) -> list[int]:
    """The two measures, the sources and the claims; the ids of the claims the API took."""
    await make_measure(client, slug="length", unit=unit, kind="quantity", name="Length")
    await make_measure(client, slug="troops", unit="count", kind="count", name="Troops")
    sources = []
    for number, published_at in enumerate(published):
        body = {
            "url": f"https://news.example/{number}",
            "title": "Report",
            "published_at": published_at,
        }
        response = await client.post("/v1/sources", json=body)
        _accepted_or_refused(response)
        if response.status_code == 201:
            assert _in_written_days(published_at), (published_at, response.text)
            sources.append(response.json()["id"])
        else:
            assert not _in_written_days(published_at), (published_at, response.text)
    speaker = await make_speaker(client)
    accepted = []
    for number, claim in enumerate(claims):
        fields = {key: value for key, value in claim.items() if key != "sources"}
        appearances = [
            {"source_id": sources[i]} for i in claim.get("sources", []) if i < len(sources)
        ]
        body = {"speaker_id": speaker["id"], "text": f"Claim {number}", "appearances": appearances}
        response = await client.post("/v1/claims", json={**body, **fields})
        _accepted_or_refused(response)
        if response.status_code == 201:
            accepted.append(response.json()["id"])
        elif claim["said_on"] in REFUSED_DAYS:
            assert "said_on" in response.text
    return accepted


def _accepted_or_refused(response: httpx.Response) -> None:
    assert response.status_code in (201, 422), response.text
    if response.status_code == 422:
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"][0]["loc"], response.text


def _in_written_days(published_at: str) -> bool:
    moment = datetime.fromisoformat(published_at).astimezone(UTC)
    return FIRST_DAY <= moment.date().isoformat() <= LAST_DAY


def measure_reads(slug: str) -> list[str]:
    """The comparison and every chart of a measure, plain and with the query's extremes."""
    extremes = f"from={FIRST_DAY}&to={LAST_DAY}&window_days=3650&include_superseded=true"
    other_units = ["ym", "Ym", "light_year"] if slug == "length" else ["million people"]
    paths = [f"/v1/measures/{slug}/comparison", f"/v1/measures/{slug}/comparison?{extremes}"]
    paths.append(f"/v1/measures/{slug}/comparison?{ANY_DAY_FILTERS.replace('said_', '')}")
    paths += [f"/v1/measures/{slug}/comparison?unit={unit}" for unit in other_units]
    for chart in ("chart.svg", "chart.png", "chart.vl.json"):
        paths += [f"/v1/measures/{slug}/{chart}", f"/v1/measures/{slug}/{chart}?{extremes}"]
        paths.append(f"/v1/measures/{slug}/{chart}?unit={other_units[0]}")
    return paths


# Filters take any date, also days no write takes.
ANY_DAY_FILTERS = "said_from=0001-01-01&said_to=9999-12-31"
LIST_READS = [
    f"/v1/claims?{ANY_DAY_FILTERS}",
    f"/v1/claims/facets?{ANY_DAY_FILTERS}",
    "/v1/claims/facets",
    "/v1/claims/facets?facet=speaker,measure,tag,year",
    f"/v1/claims/facets?facet=year&said_from={FIRST_DAY}&said_to={LAST_DAY}",
    "/v1/claims",
    "/v1/claims?q=claim",
    f"/v1/claims?said_from={FIRST_DAY}&said_to={LAST_DAY}&has_figures=true",
    "/v1/claims?format=csv",
    "/v1/claims?format=ndjson",
    "/v1/claims?format=csv&sort=-said_on",
    "/v1/claimreview",
    "/v1/sources",
    "/v1/measures",
]
PAGED_READS = [
    f"/v1/claims?sort={order}&limit=1"
    for order in ("said_on", "-said_on", "created_at", "-created_at", "relevance&q=claim")
]


async def read_everything(client: httpx.AsyncClient, claim_ids: list[int]) -> None:
    """Every read of what was written answers 200."""
    paths = [*measure_reads("length"), *measure_reads("troops"), *LIST_READS]
    for path in paths:
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text)
    for path in PAGED_READS:
        await _every_page(client, path)
    await _reviewed_and_read(client, claim_ids)
    await _compared(client, claim_ids)


async def change_unit(client: httpx.AsyncClient, unit: str, claim_ids: list[int]) -> None:
    """Re-express the length measure in another unit (200, or 422 naming the unit when a figure
    would leave the bounds, nothing changed); then its reads and comparisons work as before."""
    response = await client.patch("/v1/measures/length", json={"unit": unit})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["errors"][0]["loc"] == ["body", "unit"], response.text
    for path in measure_reads("length"):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text)
    await _compared(client, claim_ids)


async def _every_page(client: httpx.AsyncClient, path: str) -> None:
    cursor = None
    for _ in range(20):
        response = await client.get(path if cursor is None else f"{path}&cursor={cursor}")
        assert response.status_code == 200, (path, response.text)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return


async def _reviewed_and_read(client: httpx.AsyncClient, claim_ids: list[int]) -> None:
    for claim_id in claim_ids:
        review = {
            "reviewer": "Fact Desk",
            "url": f"https://fact.example/{claim_id}",
            "rating_label": "False",
            "reviewed_on": LAST_DAY if claim_id % 2 else FIRST_DAY,
        }
        added = await client.post(f"/v1/claims/{claim_id}/reviews", json=review)
        assert added.status_code == 201, added.text
        reads = ("", "/claimreview", "/history")
        for path in (f"/v1/claims/{claim_id}{read}" for read in reads):
            response = await client.get(path)
            assert response.status_code == 200, (path, response.text)
    for path in ("/v1/claimreview", "/v1/claims?format=ndjson"):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text)


async def _compared(client: httpx.AsyncClient, claim_ids: list[int]) -> None:
    """Compare claims two by two, and all figures of one measure (one dimension) at once."""
    for first, second in pairwise(claim_ids):
        response = await client.get("/v1/compare", params={"claims": f"{first},{second}"})
        assert response.status_code == 200, response.text
    for slug, units in (("length", ["ym", "light_year"]), ("troops", ["million people"])):
        figures = (await client.get(f"/v1/measures/{slug}/comparison")).json()["figures"]
        ids = ",".join(str(figure["figure_id"]) for figure in figures[:20])
        if len(figures) < 2:
            continue
        for unit in [None, *units]:
            params = {"figures": ids} | ({"unit": unit} if unit else {})
            response = await client.get("/v1/compare", params=params)
            assert response.status_code == 200, (params, response.text)
