"""Output that other programs trust: spreadsheets open the CSV, pages paste the JSON-LD."""

import csv
import io

import httpx
import orjson
import pytest

from tests.factories import make_claim, make_speaker

SCRIPT = "</script><script>alert(5)</script> & <b>"


@pytest.mark.parametrize(
    "text",
    ["＝SUM(A1:A9)", "\u200b=HYPERLINK(1)", "\ufeff@SUM(1)", "＋1+1", " \u00a0-2+3", "\u2060=1"],
    ids=["fullwidth-equals", "zero-width", "bom", "fullwidth-plus", "spaces", "word-joiner"],
)
async def test_csv_neutralises_formulas_behind_invisible_or_fullwidth_characters(
    client: httpx.AsyncClient, text: str
) -> None:
    speaker = await make_speaker(client, name="Formula tester")
    claim = await make_claim(client, speaker=speaker, text=text)
    response = await client.get("/v1/claims", params={"format": "csv"})
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["text"] == "'" + claim["text"]


async def test_plain_text_is_left_alone_in_csv(client: httpx.AsyncClient) -> None:
    await make_claim(client, text="Troops advanced 10 km; losses - unknown.")
    response = await client.get("/v1/claims", params={"format": "csv"})
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["text"] == "Troops advanced 10 km; losses - unknown."


async def test_claimreview_json_ld_cannot_close_a_script_element(
    client: httpx.AsyncClient,
) -> None:
    claim = await make_claim(client, text=f"Quote {SCRIPT}")
    review = await client.post(
        f"/v1/claims/{claim['id']}/reviews",
        json={"reviewer": "Check & Co", "rating_label": "False", "url": "https://c.example/1"},
    )
    assert review.status_code == 201, review.text
    for path in (f"/v1/claims/{claim['id']}/claimreview", "/v1/claimreview"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/ld+json")
        for raw in (b"<", b">", b"&"):
            assert raw not in response.content, (path, raw)
        assert SCRIPT in orjson.dumps(orjson.loads(response.content)).decode()


async def test_a_key_twice_in_a_json_body_is_400_naming_it(client: httpx.AsyncClient) -> None:
    body = b'{"name": "Harmless", "kind": "person", "name": "Injected"}'
    response = await client.post(
        "/v1/speakers", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "'name' appears twice" in response.json()["detail"]
    assert (await client.get("/v1/speakers")).json()["items"] == []


async def test_the_access_log_cannot_be_forged_by_a_path(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="claimtrack.access")
    await client.get("/v1/claims/1%0A0000 GET /v1/admin 200 0.1ms%1B[2J")
    [line] = [
        record.getMessage() for record in caplog.records if record.name == "claimtrack.access"
    ]
    assert "\n" not in line and "\x1b" not in line
    assert "/v1/claims/1\\n0000 GET /v1/admin 200 0.1ms\\x1b[2J" in line


async def test_link_header_is_rebuilt_not_copied(client: httpx.AsyncClient) -> None:
    """Neither a crafted query nor the Host header reaches the Link header."""
    for n in range(3):
        await make_claim(client, text=f"Paged claim {n}")
    response = await client.get(
        '/v1/claims?limit=1&x=>;rel="prev",<http://evil/>',
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 200, response.text
    link = response.headers["link"]
    assert link.count("<") == 1 and link.count(">") == 1 and link.startswith("</v1/claims?")
    assert "evil" not in link.split("x=")[0] and "http" not in link.split("x=")[0]
    assert link.endswith('>; rel="next"')
    assert "x=%3E%3Brel%3D%22prev%22%2C%3Chttp%3A%2F%2Fevil%2F%3E" in link


async def test_a_write_refuses_query_parameters_it_does_not_take(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Query tester")
    body = {"speaker_id": speaker["id"], "text": "Not a dry run", "said_on": "2024-08-14"}
    refused = await client.post("/v1/claims", params={"dry_run": "true"}, json=body)
    assert refused.status_code == 400, refused.text
    assert "'dry_run'" in refused.json()["detail"]
    assert (await client.get("/v1/claims")).json()["items"] == []
    path = f"/v1/speakers/{speaker['id']}"
    assert (await client.delete(path, params={"force": "1"})).status_code == 400
    assert (await client.patch(path, params={"x": "1"}, json={"name": "Y"})).status_code == 400
    assert (await client.get(path)).json()["name"] == "Query tester"
    # Documented parameters pass.
    allowed = await client.post("/v1/claims", params={"duplicate": "allow"}, json=body)
    assert allowed.status_code == 201, allowed.text
    dry = await client.post("/v1/import", params={"dry_run": "true"}, json=[])
    assert dry.status_code == 200, dry.text
