"""Import: the speakers and measures an exported row carries, and what the resolver creates.

Found by mutation testing of app/newsroom/rows.py and resolve.py (tests/MUTATION.md).
"""

from typing import Any

import httpx

from tests.factories import make_measure


def exported(**fields: Any) -> dict[str, Any]:
    """A claim as an export shows it, without the `references` that name its speaker."""
    return {
        "id": 900, "version": 4, "speaker_id": 77, "speaker_name": "Vyacheslav Gladkov",
        "speaker_slug": "governor-gladkov", "speaker_role": None,
        "text": "Shelling continues", "said_on": "2024-08-14", **fields,
    }  # fmt: skip


async def _imported(client: httpx.AsyncClient, rows: list[Any]) -> dict[str, Any]:
    response = await client.post("/v1/import", json=rows)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_an_exported_speaker_keeps_its_slug_and_role(client: httpx.AsyncClient) -> None:
    role = {"title": "Governor of Belgorod Oblast", "organization": None,
            "start": "2020-09-18", "end": None}  # fmt: skip
    await _imported(client, [exported(speaker_role=role)])
    speaker = (await client.get("/v1/speakers/governor-gladkov")).json()
    assert speaker["name"] == "Vyacheslav Gladkov"
    assert speaker["roles"] == [role]


async def test_an_exported_speaker_without_a_role_has_none(client: httpx.AsyncClient) -> None:
    await _imported(client, [exported()])
    speaker = (await client.get("/v1/speakers/governor-gladkov")).json()
    assert speaker["roles"] == []


async def test_an_exported_figure_without_references_takes_its_normalised_unit(
    client: httpx.AsyncClient,
) -> None:
    """Its measure is created in the unit the export compared it in, not the figure's own."""
    figure = {"id": 5, "measure": "burnt-area", "measure_id": 3, "value": 2, "unit": "km²",
              "normalized": {"unit": "ha", "value": 200}}  # fmt: skip
    await _imported(client, [exported(figures=[figure])])
    measure = (await client.get("/v1/measures/burnt-area")).json()
    assert measure["unit"] == "ha"
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert (claim["figures"][0]["unit"], claim["figures"][0]["normalized"]["unit"]) == ("km²", "ha")


async def test_referenced_measures_without_a_slug_are_ignored(client: httpx.AsyncClient) -> None:
    figure = {"measure": "burnt-area", "value": 2, "unit": "km²", "normalized": {"unit": "km²"}}
    references = {"measures": [{"name": "No slug", "unit": "ha"}]}
    await _imported(client, [exported(figures=[figure], references=references)])
    assert (await client.get("/v1/measures/burnt-area")).json()["unit"] == "km²"


async def test_rows_with_a_version_but_no_id_are_not_exported_claims(
    client: httpx.AsyncClient,
) -> None:
    """Only id and version together mark an exported claim; else the same row twice is one."""
    row = {"speaker": "Gladkov", "text": "Same words", "said_on": "2024-08-14", "version": 2}
    result = await _imported(client, [row, row])
    assert [claim["status"] for claim in result["claims"]] == ["created", "matched"]
    assert result["claims"][0]["id"] == result["claims"][1]["id"]


async def test_new_speakers_are_counted_each(client: httpx.AsyncClient) -> None:
    rows = [
        {"speaker": name, "text": "Words", "said_on": "2024-08-14"}
        for name in ("First Speaker", "Second Speaker", "Third Speaker")
    ]
    result = await _imported(client, rows)
    assert result["created"]["speakers"] == 3


async def test_a_described_measure_is_created_with_its_description_and_nouns(
    client: httpx.AsyncClient,
) -> None:
    measure = {"slug": "troops", "unit": "people", "name": "Troops", "kind": "count",
               "description": "Soldiers deployed", "nouns": ["soldiers"]}  # fmt: skip
    figure = {"measure": measure, "value": 300, "unit": "soldiers"}
    row = {"speaker": "Gladkov", "text": "Troops came", "said_on": "2024-08-14"}
    await _imported(client, [{**row, "figures": [figure]}])
    created = (await client.get("/v1/measures/troops")).json()
    assert (created["kind"], created["description"], created["nouns"]) == (
        "count",
        "Soldiers deployed",
        ["soldiers"],
    )


async def test_a_described_measure_of_a_kind_its_unit_is_not_is_refused(
    client: httpx.AsyncClient,
) -> None:
    measure = {"slug": "troops", "unit": "people", "kind": "quantity"}
    row = {"speaker": "Gladkov", "text": "Troops came", "said_on": "2024-08-14",
           "figures": [{"measure": measure, "value": 300, "unit": "people"}]}  # fmt: skip
    response = await client.post("/v1/import", json=[row])
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["msg"] == "a quantity measure needs a non-count unit, not 'people'"
    assert (await client.get("/v1/measures/troops")).status_code == 404


async def test_described_measures_named_as_existing_ones_are_those(
    client: httpx.AsyncClient,
) -> None:
    held = await make_measure(client, slug="kursk-area", name="Area held in Kursk")
    burnt = await make_measure(client, slug="burnt", name="Burnt area")
    figures = [
        {"measure": {"slug": "held-area", "unit": "km²", "name": "area held in  KURSK"},
         "value": 1000, "unit": "km²"},
        {"measure": {"slug": "burnt-area", "unit": "ha", "name": "Burnt Area"},
         "value": 20, "unit": "ha"},
    ]  # fmt: skip
    row = {"speaker": "Gladkov", "text": "We hold", "said_on": "2024-08-14", "figures": figures}
    result = await _imported(client, [row])
    assert result["matched"]["measures"] == 2
    assert "measures" not in result["created"]
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert [f["measure"] for f in claim["figures"]] == [held["slug"], burnt["slug"]]
    assert (await client.get("/v1/measures/held-area")).status_code == 404


async def test_a_row_naming_its_speaker_takes_that_one_over_a_speaker_name(
    client: httpx.AsyncClient,
) -> None:
    row = {"speaker": "Gladkov", "speaker_name": "Someone Else", "text": "Words",
           "said_on": "2024-08-14"}  # fmt: skip
    await _imported(client, [row])
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert claim["speaker_name"] == "Gladkov"
    assert len((await client.get("/v1/speakers")).json()["items"]) == 1
