"""Facets: counts per speaker, measure, tag and year under the list's filters."""

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from app.db.session import Database
from tests.factories import make_claim, make_measure, make_speaker


async def test_facets_count_matching_claims(client: httpx.AsyncClient) -> None:
    alice, bob = await make_speaker(client, name="Alice"), await make_speaker(client, name="Bob")
    await make_measure(client, slug="area")
    figure = [{"measure_id": "area", "value": 1, "unit": "km2"}]
    await make_claim(
        client, speaker=alice, said_on="2023-05-01", tags=["kursk", "border"], figures=figure
    )
    await make_claim(
        client, speaker=alice, said_on="2024-05-01", tags=["kursk"], text="Border shelling"
    )
    await make_claim(client, speaker=bob, said_on="2024-06-01", tags=["kursk"], figures=figure * 2)
    facets = (await client.get("/v1/claims/facets")).json()["facets"]
    assert facets["speaker"] == [
        {"value": alice["id"], "label": "Alice", "slug": "alice", "count": 2},
        {"value": bob["id"], "label": "Bob", "slug": "bob", "count": 1},
    ]
    [measure] = facets["measure"]
    assert (measure["slug"], measure["count"]) == ("area", 2)
    assert facets["tag"] == [
        {"value": "kursk", "label": "kursk", "count": 3},
        {"value": "border", "label": "border", "count": 1},
    ]
    assert facets["year"] == [
        {"value": 2024, "label": "2024", "count": 2},
        {"value": 2023, "label": "2023", "count": 1},
    ]
    filtered = (
        await client.get(
            "/v1/claims/facets",
            params={"facet": "speaker,year", "said_from": "2024-01-01", "q": "border"},
        )
    ).json()["facets"]
    assert set(filtered) == {"speaker", "year"}
    assert filtered["speaker"] == [
        {"value": alice["id"], "label": "Alice", "slug": "alice", "count": 1}
    ]
    top = (await client.get("/v1/claims/facets", params={"facet": "tag", "facet_size": 1})).json()[
        "facets"
    ]
    assert top == {"tag": [{"value": "kursk", "label": "kursk", "count": 3}]}


async def test_a_date_window_keeps_the_most_frequent_speakers_ties_by_value(
    client: httpx.AsyncClient,
) -> None:
    """Top speakers in a window: counted inside it only, ties broken by the value's text, the
    same order the whole-table counts use."""
    first, second, third = [await make_speaker(client) for _ in range(3)]
    for speaker, days in (
        (first, ["2024-01-02", "2024-01-03", "2019-05-05"]),
        (second, ["2024-01-04", "2024-01-05", "2024-02-01"]),
        (third, ["2024-01-06", "2024-01-07", "2019-06-06", "2019-07-07"]),
    ):
        for day in days:
            await make_claim(client, speaker=speaker, said_on=day)
    window = {"facet": "speaker", "said_from": "2024-01-01", "said_to": "2024-01-31"}
    counted = (await client.get("/v1/claims/facets", params=window)).json()["facets"]["speaker"]
    expected = sorted(
        [(2, first), (2, second), (2, third)], key=lambda pair: (-pair[0], str(pair[1]["id"]))
    )
    assert counted == [
        {"value": s["id"], "label": s["name"], "slug": s["slug"], "count": n} for n, s in expected
    ]
    top = (await client.get("/v1/claims/facets", params={**window, "facet_size": 1})).json()
    assert top["facets"]["speaker"] == counted[:1]
    whole = (await client.get("/v1/claims/facets", params={"facet": "speaker"})).json()
    assert [(e["value"], e["count"]) for e in whole["facets"]["speaker"]] == [
        (third["id"], 4),
        *sorted([(first["id"], 3), (second["id"], 3)], key=lambda pair: str(pair[0])),
    ]


async def test_bad_facet_names_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/claims/facets", params={"facet": "speaker,color"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_facet_counts_follow_writes(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="Carol")
    await make_claim(client, speaker=speaker, tags=["one"])
    before = (await client.get("/v1/claims/facets", params={"facet": "tag"})).json()
    await make_claim(client, speaker=speaker, tags=["one", "two"])
    after = (await client.get("/v1/claims/facets", params={"facet": "tag"})).json()
    assert before["facets"]["tag"] == [{"value": "one", "label": "one", "count": 1}]
    assert after["facets"]["tag"][0] == {"value": "one", "label": "one", "count": 2}
    await client.patch(f"/v1/speakers/{speaker['id']}", json={"name": "Caroline"})
    renamed = (await client.get("/v1/claims/facets", params={"facet": "speaker"})).json()
    assert renamed["facets"]["speaker"][0]["label"] == "Caroline"


async def test_another_instances_writes_reach_the_counts_at_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """A write this process did not make (another instance's, or another worker's) is counted
    at the next request: SQLite's data_version and PostgreSQL's data_version row both move."""
    claim = await make_claim(client, speaker=await make_speaker(client, name="Dana"), tags=["a"])
    tags = {"facet": "tag"}
    before = (await client.get("/v1/claims/facets", params=tags)).json()["facets"]["tag"]
    assert (await client.get("/v1/claims/facets", params=tags)).json()["facets"]["tag"] == before
    other = Database.connect(app.state.settings)  # another instance: its own engine
    try:
        async with other.writer() as session, session.begin():
            await session.execute(
                text("INSERT INTO claim_tags (claim_id, tag) VALUES (:id, 'b')"),
                {"id": claim["id"]},
            )
    finally:
        await other.dispose()
    after = (await client.get("/v1/claims/facets", params=tags)).json()["facets"]["tag"]
    assert after == [*before, {"value": "b", "label": "b", "count": 1}]


async def test_a_remembered_count_is_served_while_nothing_is_written(
    client: httpx.AsyncClient, database: Database
) -> None:
    """Counted once per data version: a second request reads the version, not the claims."""
    await make_claim(client, speaker=await make_speaker(client, name="Erin"), tags=["a"])
    statements: list[str] = []
    database.fast.listeners.append(statements.append)
    try:
        first = await client.get("/v1/claims/facets", params={"facet": "tag"})
        counted = len(statements)
        second = await client.get("/v1/claims/facets", params={"facet": "tag"})
    finally:
        database.fast.listeners.remove(statements.append)
    assert first.json() == second.json()
    assert counted >= 2
    assert len(statements) == counted + 1  # the version alone


async def test_counts_stay_right_without_the_data_version_row(
    client: httpx.AsyncClient, database: Database
) -> None:
    """A database that lost its data_version row (a partial restore) is counted afresh, not
    answered from a stale memory or with a 500; the next write puts the row back."""
    speaker = await make_speaker(client, name="Fay")
    claim = await make_claim(client, speaker=speaker, tags=["a"])
    tags = {"facet": "tag"}
    (await client.get("/v1/claims/facets", params=tags)).raise_for_status()
    try:
        async with database.engine.begin() as connection:  # not a write session: no bump
            await connection.execute(text("DELETE FROM data_version"))
        for tag in ("b", "c"):
            counts = await client.get("/v1/claims/facets", params=tags)
            assert counts.status_code == 200, counts.text
            async with database.engine.begin() as connection:
                await connection.execute(
                    text("INSERT INTO claim_tags (claim_id, tag) VALUES (:id, :tag)"),
                    {"id": claim["id"], "tag": tag},
                )
            after = (await client.get("/v1/claims/facets", params=tags)).json()["facets"]["tag"]
            assert {"value": tag, "label": tag, "count": 1} in after
        await make_claim(client, speaker=speaker, tags=["d"])
        async with database.engine.connect() as connection:
            rows = (await connection.execute(text("SELECT n FROM data_version"))).all()
        assert len(rows) == (1 if database.dialect == "postgresql" else 0)
    finally:
        async with database.engine.begin() as connection:
            await connection.execute(text("DELETE FROM data_version"))
            await connection.execute(text("INSERT INTO data_version (id, n) VALUES (1, 1)"))


async def test_years_and_speakers_in_a_window_count_what_the_list_lists(
    client: httpx.AsyncClient,
) -> None:
    """A window on said_on, alone or beside a speaker or a language, counts per year from the
    window's own first day (a year cut by the window counts only its days inside), over the
    same claims the list returns; years with no claim in the window are left out."""
    alice, bob = await make_speaker(client, name="Alice"), await make_speaker(client, name="Bob")
    said = [
        (alice, "2019-03-01", "en"),
        (alice, "2019-11-30", "uk"),
        (bob, "2020-06-15", "en"),
        (alice, "2022-01-01", "en"),
        (bob, "2022-07-07", "ru"),
        (bob, "2022-12-31", "en"),
        (alice, "2023-01-01", "uk"),
        (bob, "2024-08-14", "en"),
    ]
    for speaker, day, language in said:
        await make_claim(client, speaker=speaker, said_on=day, language=language)
    windows: list[dict[str, str]] = [
        {"said_from": "2019-06-01", "said_to": "2022-07-07"},
        {"said_from": "2022-07-08"},
        {"said_to": "2019-11-29"},
        {"said_from": "2020-01-01", "said_to": "2021-12-31"},
        {"said_from": "2019-12-01", "said_to": "2022-12-31", "speaker": "bob"},
        {"said_from": "2019-01-01", "speaker": str(alice["id"])},
        {"said_to": "2023-06-01", "language": "en"},
        {"speaker": "alice", "language": "uk"},
    ]
    for window in windows:
        listed = (await client.get("/v1/claims", params={**window, "limit": 100})).json()
        years: dict[int, int] = {}
        speakers: dict[int, int] = {}
        for claim in listed["items"]:
            year = int(claim["said_on"][:4])
            years[year] = years.get(year, 0) + 1
            speakers[claim["speaker_id"]] = speakers.get(claim["speaker_id"], 0) + 1
        facets = (
            await client.get("/v1/claims/facets", params={**window, "facet": "year,speaker"})
        ).json()["facets"]
        assert {e["value"]: e["count"] for e in facets["year"]} == years, window
        assert [e["label"] for e in facets["year"]] == [f"{e['value']:04d}" for e in facets["year"]]
        assert {e["value"]: e["count"] for e in facets["speaker"]} == speakers, window
    cut = (
        await client.get(
            "/v1/claims/facets",
            params={"facet": "year", "said_from": "2019-06-01", "said_to": "2022-07-07"},
        )
    ).json()["facets"]["year"]
    assert cut == [
        {"value": 2022, "label": "2022", "count": 2},
        {"value": 2019, "label": "2019", "count": 1},
        {"value": 2020, "label": "2020", "count": 1},
    ]
