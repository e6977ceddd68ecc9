"""Charts carry their font: an SVG looks as it was laid out whatever fonts its reader has."""

import base64
import io
import re

import httpx
from fontTools.ttLib import TTFont

from app.comparison.chart_fonts import FAMILY, shown_text
from app.db.session import Database
from app.demo.loader import load_into

FACE = re.compile(r"font-weight:(\w+);font-style:normal;src:url\(data:font/ttf;base64,([^)]+)\)")


async def test_the_svg_embeds_both_weights_with_every_character_it_shows(
    client: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        await load_into(session)
    response = await client.get("/v1/measures/kursk-area-held-by-ukraine/chart.svg")
    assert response.status_code == 200, response.text
    svg = response.text
    faces = dict(FACE.findall(svg))
    assert set(faces) == {"normal", "bold"}
    shown = {c for c in shown_text(svg) if not c.isspace()}
    assert {"I", "W", "k", "m", "²", "1", ","} <= shown  # legend, unit, numbers
    for data in faces.values():
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        covered = {chr(code) for code in font.getBestCmap()}
        assert shown <= covered, shown - covered
        assert len(covered) < 200  # cut down to what the chart shows, not the whole font
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families and all(family.startswith(f"'{FAMILY}'") for family in families)
