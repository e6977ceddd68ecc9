"""Charts of figures at the magnitudes a write accepts (±1e100 down to 1e-90 and below): the
plot keeps its width, the value axis's labels stay short and free of float artefacts, and the
dates stay apart. The API on both engines, then the chart modules alone."""

import re
import struct
import xml.etree.ElementTree as ET
from datetime import date, datetime
from itertools import pairwise
from typing import Any

import httpx
import pytest

from app.comparison.chart_page import WIDTH
from app.comparison.charts import MIN_PLOT_WIDTH, ChartPoint, render_svg, vega_lite_spec
from tests.factories import make_claim, make_measure, make_speaker

SVG = "{http://www.w3.org/2000/svg}"
DAYS = ["2024-08-10", "2024-08-14", "2024-08-20"]
# (figure values on DAYS, the value axis's labels as drawn; d3 writes a minus as U+2212)
CASES = {
    "huge": ([1e99, 5e98, 7.5e98], ["0", "2.5e+98", "5e+98", "7.5e+98", "1e+99", "1.25e+99"]),
    "huge-negative": (
        [-1e99, -5e98, -7.5e98],
        ["−1.2e+99", "−1e+99", "−8e+98", "−6e+98", "−4e+98"],  # no zero: all below it
    ),
    "tiny": ([1e-90, 3e-90, 2e-90], ["0", "1e-90", "2e-90", "3e-90", "4e-90"]),
    "both-limits": (
        [1e100, -1e100, 1e99],
        ["−1.5e+100", "−1e+100", "−5e+99", "0", "5e+99", "1e+100", "1.5e+100"],
    ),
}


def short_decimal(value: float) -> bool:
    """True for a double that is the decimal it stands for to a few digits (7.5e+98, not
    7.499999999999999e+98)."""
    return float(f"{value:.4g}") == value


def y_labels(svg: str) -> list[str]:
    """The value axis's tick labels as the SVG draws them, lowest first."""
    root = ET.fromstring(svg)
    axis = next(g for g in root.iter(f"{SVG}g") if (g.get("aria-label") or "").startswith("Y-axis"))
    labels = next(g for g in axis.iter(f"{SVG}g") if "role-axis-label" in (g.get("class") or ""))
    return [text.text or "" for text in labels.iter(f"{SVG}text")]


def figure_xs(svg: str) -> dict[str, set[float]]:
    """The x pixel of each drawn figure, by the date its tooltip names."""
    found: dict[str, set[float]] = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if "figures_closed_marks" not in (group.get("class") or ""):
            continue
        for mark in group.iter(f"{SVG}path"):
            day = (mark.get("aria-label") or "").split(";")[0].removeprefix("x: ")
            x = re.match(r"translate\(([^,]+),", mark.get("transform") or "")
            assert x, mark.attrib
            found.setdefault(day, set()).add(round(float(x.group(1)), 3))
    return found


@pytest.mark.parametrize("case", list(CASES))
async def test_extreme_figures_give_a_readable_chart(client: httpx.AsyncClient, case: str) -> None:
    """A measure whose figures are 1e99, -1e99, 1e-90 or ±1e100: a plot at least
    MIN_PLOT_WIDTH wide, short exact tick labels, and each date at its own x in the SVG and
    the PNG (before: a negative width, one x for every date, labels like 7.499999999999999e+98
    or twenty zeros after the point)."""
    values, labels = CASES[case]
    measure = await make_measure(client, name=f"Extent of {case}", unit="km²")
    for day, value in zip(DAYS, values, strict=True):
        figure = {"measure_id": measure["id"], "unit": "km²", "value": value}
        await make_claim(client, speaker=await make_speaker(client), said_on=day, figures=[figure])
    path = f"/v1/measures/{measure['id']}/chart"

    response = await client.get(f"{path}.vl.json")
    assert response.status_code == 200, response.text
    spec: dict[str, Any] = response.json()
    assert spec["width"] >= MIN_PLOT_WIDTH
    axis = spec["encoding"]["y"]["axis"]
    assert all(short_decimal(v) for v in axis["values"]), axis["values"]
    assert all(short_decimal(v) for v in spec["encoding"]["y"]["scale"]["domain"])

    svg = (await client.get(f"{path}.svg")).text
    assert y_labels(svg) == labels
    xs = figure_xs(svg)
    assert len(xs) == len(DAYS) and all(len(at) == 1 for at in xs.values()), xs
    by_date = sorted((datetime.strptime(day, "%b %d, %Y"), x) for day, (x,) in xs.items())
    assert all(b[1] - a[1] > 50 for a, b in pairwise(by_date)), xs  # in date order, apart
    assert float(ET.fromstring(svg).get("width") or 0) >= 0.9 * WIDTH

    png = (await client.get(f"{path}.png")).content
    assert png[12:16] == b"IHDR"
    assert struct.unpack(">I", png[16:20])[0] >= 2 * 0.9 * WIDTH  # drawn at scale 2


def point(fid: int, day: date, value: float, speaker: str = "Ministry") -> ChartPoint:
    """An exact figure."""
    return ChartPoint(
        figure_id=fid,
        claim_id=fid,
        speaker=speaker,
        as_of=day,
        value=value,
        low=value,
        high=value,
        low_inclusive=True,
        high_inclusive=True,
        qualifier="exact",
        label=f"{value:.12g} km²",
    )


def drawn(label: str) -> float:
    """The number a tick label writes: "−1,250" is -1250, "7.5e+98" 7.5e98."""
    return float(label.replace("−", "-").replace(",", ""))


@pytest.mark.parametrize(
    "value", [1e6, 1e15, 1e21, 1e30, 1e60, 1e99, 1e100, -1e99, 1e-7, 1e-90, 1e-300, 5e-324]
)
def test_the_plot_keeps_its_width_whatever_the_magnitude(value: float) -> None:
    """Labels are short at every magnitude, so the plot narrows little (before: 546 px at
    1e6, 348 at 1e30, 106 at 1e60, negative at 1e99), and each label is its tick's value."""
    long_name = "A speaker with a very long name indeed, longer than the legend allows"
    points = [
        point(1, date(2024, 8, 10), value, long_name),
        point(2, date(2024, 8, 14), value / 2),
        point(3, date(2024, 8, 20), -value, "Opposition"),
    ]
    spec = vega_lite_spec(title="t", unit="km²", points=points)
    assert spec["width"] >= 360
    ticks = spec["encoding"]["y"]["axis"]["values"]
    assert all(short_decimal(v) for v in ticks), ticks
    labels = y_labels(render_svg(spec))
    assert all(len(label) <= 10 for label in labels), labels
    assert [drawn(label) for label in labels] == ticks


def test_ticks_a_quarter_apart_keep_their_decimals() -> None:
    """A step of 2.5 keeps its decimal (before: ticks rounded to 0, 2, 5, 8, 10 and 12)."""
    points = [point(1, date(2024, 8, 10), 3.0), point(2, date(2024, 8, 14), 11.0)]
    axis = vega_lite_spec(title="t", unit="km²", points=points)["encoding"]["y"]["axis"]
    assert axis["values"] == [0, 2.5, 5, 7.5, 10, 12.5]
    assert axis["format"] == ",.1f"


def test_ordinary_values_are_labelled_as_before() -> None:
    """Values in the thousands keep their full labels with separators, and their layout."""
    points = [point(1, date(2024, 8, 10), 1000.0), point(2, date(2024, 8, 14), 500.0)]
    spec = vega_lite_spec(title="t", unit="km²", points=points)
    axis = spec["encoding"]["y"]["axis"]
    assert (axis["format"], axis["values"]) == (",.0f", [0, 250, 500, 750, 1000, 1250])
    assert "labelExpr" not in axis
    assert y_labels(render_svg(spec)) == ["0", "250", "500", "750", "1,000", "1,250"]
    assert spec["width"] == 586  # 720 less padding, room for "1,250" and the legend
