"""`?rating=` finds a label in any case on both engines, whatever its script (black-box audit:
on SQLite a label with a capital outside ASCII, "Неправда", was not found even as typed, and a
Greek label ending in a capital sigma was found on neither engine)."""

import httpx
import pytest

from tests.factories import make_claim


async def _reviewed(client: httpx.AsyncClient, label: str) -> int:
    claim = await make_claim(client)
    body = {"reviewer": "StopFake", "url": f"https://stopfake.example/{claim['id']}"}
    response = await client.post(
        f"/v1/claims/{claim['id']}/reviews", json={**body, "rating_label": label}
    )
    assert response.status_code == 201, response.text
    return int(claim["id"])


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("Неправда", "Неправда"),
        ("Неправда", "НЕПРАВДА"),
        ("Неправда", "неправда"),
        ("Маніпуляція", "маніпуляція"),
        ("Ψευδές", "ΨΕΥΔΈΣ"),
        ("ΨΕΥΔΕΣ", "ΨΕΥΔΕΣ"),
        ("ΨΕΥΔΕΣ", "ψευδες"),
        ("Straße", "STRASSE"),
        ("Engañoso", "ENGAÑOSO"),
        ("Mostly False", "mostly false"),
    ],
)
async def test_a_rating_is_found_in_any_case(
    client: httpx.AsyncClient, stored: str, asked: str
) -> None:
    claim_id = await _reviewed(client, stored)
    other = await _reviewed(client, "True")
    for path in ("/v1/claims", "/v1/claimreview"):
        response = await client.get(path, params={"rating": asked, "limit": "500"})
        assert response.status_code == 200, response.text
        found = response.json()
        ids = (
            {item["id"] for item in found["items"]}
            if path == "/v1/claims"
            else {int(review["url"].rsplit("/", 1)[-1]) for review in found}
        )
        assert claim_id in ids, (path, stored, asked)
        assert other not in ids, (path, stored, asked)


async def test_a_changed_label_is_found_by_its_new_words_only(client: httpx.AsyncClient) -> None:
    claim_id = await _reviewed(client, "Неправда")
    [review] = (await client.get(f"/v1/claims/{claim_id}/reviews")).json()["items"]
    response = await client.patch(
        f"/v1/claims/{claim_id}/reviews/{review['id']}", json={"rating_label": "Маніпуляція"}
    )
    assert response.status_code == 200, response.text
    for asked, expected in (("неправда", []), ("МАНІПУЛЯЦІЯ", [claim_id])):
        found = (await client.get("/v1/claims", params={"rating": asked})).json()["items"]
        assert [item["id"] for item in found] == expected, asked
