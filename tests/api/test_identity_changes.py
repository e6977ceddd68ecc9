"""A change cannot make two resources answer to one name: renaming a speaker or a measure as
another is named, or giving a speaker another's alias, is the 409 a create gets (black-box
audit: PATCH let a second speaker take the alias "Zelensky", and `?speaker=Zelensky`, which
every client's filter and import used, became a 422 naming two speakers)."""

import httpx

from tests.factories import make_claim, make_measure, make_speaker


async def test_a_speaker_renamed_as_another_is_a_409_and_nothing_changes(
    client: httpx.AsyncClient,
) -> None:
    isw = await make_speaker(client, name="Institute for the Study of War", slug="isw")
    other = await make_speaker(client, name="Temp")
    response = await client.patch(
        f"/v1/speakers/{other['id']}", json={"name": "institute for the study of war"}
    )
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == (
        "speaker isw already exists ('Institute for the Study of War' has this name or alias); "
        f"use it (/v1/speakers/{isw['id']}), or send ?duplicate=allow to make this one answer "
        "to it too"
    )
    assert response.json()["existing"]["id"] == isw["id"]
    unchanged = (await client.get(f"/v1/speakers/{other['id']}")).json()
    assert (unchanged["name"], unchanged["version"]) == ("Temp", other["version"])


async def test_an_alias_another_speaker_answers_to_is_a_409_and_lookups_keep_working(
    client: httpx.AsyncClient,
) -> None:
    zelensky = await make_speaker(client, name="Volodymyr Zelensky", aliases=["Zelensky"])
    claim = await make_claim(client, speaker=zelensky)
    other = await make_speaker(client, name="Someone Else")
    for aliases in (["Zelensky"], ["volodymyr zelensky"], [zelensky["slug"]]):
        response = await client.patch(f"/v1/speakers/{other['id']}", json={"aliases": aliases})
        assert response.status_code == 409, (aliases, response.text)
        assert response.json()["existing"]["id"] == zelensky["id"]
    found = await client.get("/v1/claims", params={"speaker": "Zelensky"})
    assert found.status_code == 200, found.text
    assert [item["id"] for item in found.json()["items"]] == [claim["id"]]


async def test_duplicate_allow_lets_a_change_through(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Government of Ukraine", aliases=["Kyiv"])
    council = await make_speaker(client, name="Kyiv City Council")
    response = await client.patch(
        f"/v1/speakers/{council['id']}", params={"duplicate": "allow"}, json={"aliases": ["Kyiv"]}
    )
    assert response.status_code == 200, response.text
    assert response.json()["aliases"] == ["Kyiv"]


async def test_a_speaker_keeps_the_labels_it_already_had(client: httpx.AsyncClient) -> None:
    """A speaker made with ?duplicate=allow may still be changed: only labels it did not have
    are checked, and its own name, slug and aliases are never another's."""
    await make_speaker(client, name="Government of Ukraine", aliases=["Kyiv"])
    response = await client.post(
        "/v1/speakers",
        params={"duplicate": "allow"},
        json={"name": "Kyiv City Council", "aliases": ["Kyiv"]},
    )
    council = response.json()
    changes = [
        {"description": "The capital's council."},
        {"aliases": ["Kyiv", "KMDA"]},
        {"name": "KYIV CITY COUNCIL"},
        {"aliases": [council["slug"]]},
    ]
    for change in changes:
        response = await client.patch(f"/v1/speakers/{council['id']}", json=change)
        assert response.status_code == 200, (change, response.text)


async def test_a_measure_renamed_as_another_is_a_409_unless_allowed(
    client: httpx.AsyncClient,
) -> None:
    held = await make_measure(client, name="Area held in Kursk", slug="kursk-held")
    other = await make_measure(client, name="Something else")
    response = await client.patch(
        f"/v1/measures/{other['id']}", json={"name": "AREA HELD in kursk"}
    )
    assert response.status_code == 409, response.text
    assert response.json()["existing"] == {
        "id": held["id"],
        "slug": "kursk-held",
        "url": f"/v1/measures/{held['id']}",
    }
    assert (await client.get(f"/v1/measures/{other['id']}")).json()["name"] == "Something else"
    # its own name in other letters, and other fields, are no duplicate
    for change in ({"name": "SOMETHING ELSE"}, {"description": "Anything."}):
        response = await client.patch(f"/v1/measures/{other['id']}", json=change)
        assert response.status_code == 200, (change, response.text)
    response = await client.patch(
        f"/v1/measures/{other['id']}",
        params={"duplicate": "allow"},
        json={"name": "Area held in Kursk"},
    )
    assert response.status_code == 200, response.text
