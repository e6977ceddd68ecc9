"""GET /v1/measures/{ref}/embed: a chart page for an article's iframe that loads nothing."""

import re

import httpx

from tests.factories import make_claim, make_measure, make_source, make_speaker


async def test_the_embed_page_holds_the_chart_the_figures_and_their_sources(
    client: httpx.AsyncClient,
) -> None:
    measure = await make_measure(client, name="Area held", slug="area-held")
    source = await make_source(client, url="https://wire.example/a", title="Wire <report>")
    for name, value, unit, qualifier in (
        ("Ministry <of> Defence", 1000, "km²", "more_than"),
        ("Think tank", 300, "sq mi", "exact"),
    ):
        figure = {"measure_id": measure["id"], "value": value, "unit": unit, "qualifier": qualifier}
        await make_claim(
            client,
            speaker=await make_speaker(client, name=name),
            figures=[figure],
            appearances=[{"source_id": source["id"]}],
        )
    page = await client.get("/v1/measures/area-held/embed")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    html = page.text
    assert "<svg" in html and "<script" not in html
    assert not re.search(r'\bsrc="', html)  # nothing fetched: no images, scripts, frames
    assert re.findall(r'href="([^"]+)"', html) == ["https://wire.example/a"] * 2
    assert "Ministry &lt;of&gt; Defence" in html and "Wire &lt;report&gt;" in html
    assert "more than 1,000 km²" in html and "300 sq mi" in html
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)  # in the measure's unit
    assert sorted(cells) == ["777 km²", "more than 1,000 km²"]  # the qualifier kept
    assert "2 figures as recorded on" in html and "from 1 source listed below" in html
    assert html.count("<tr>") == 3  # the header and two figures


async def test_an_unknown_measure_is_a_404_problem(client: httpx.AsyncClient) -> None:
    missing = await client.get("/v1/measures/nowhere/embed")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
