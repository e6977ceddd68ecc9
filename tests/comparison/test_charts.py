"""The comparison chart: spec structure, geometry, rendering and awkward inputs."""

from __future__ import annotations

import ast
import math
import random
import struct
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.comparison.chart_labels import Box, place_labels, text_box
from app.comparison.chart_point import number, short_wording
from app.comparison.charts import ChartPoint, render_png, render_svg, vega_lite_spec

KURSK = "Russian territory in Kursk Oblast held by Ukrainian forces"
ZELENSKY, MINISTRY, ISW, MOD = (
    "Volodymyr Zelensky",
    "Ukrainian Foreign Ministry",
    "Institute for the Study of War",
    "Russian Ministry of Defence",
)
QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "at_most", "less_than", "range")
WORDS = {
    "more_than": "more than ",
    "at_least": "at least ",
    "at_most": "up to ",
    "less_than": "less than ",
}


def figure(
    fid: int, speaker: str, day: date, qualifier: str, value: float, unit: str = "km²"
) -> ChartPoint:
    """A chart point with the interval its qualifier implies."""
    low, high = {
        "exact": (value, value),
        "approximately": (value * 0.9, value * 1.1),
        "at_least": (value, None),
        "more_than": (value, None),
        "at_most": (None, value),
        "less_than": (None, value),
        "range": (value * 0.8, value * 1.2),
    }[qualifier]
    words = WORDS.get(qualifier, "about " if qualifier == "approximately" else "")
    return ChartPoint(
        figure_id=fid,
        claim_id=100 + fid,
        speaker=speaker,
        as_of=day,
        value=value,
        low=low,
        high=high,
        low_inclusive=qualifier != "more_than",
        high_inclusive=qualifier != "less_than",
        qualifier=qualifier,
        label=f"{words}{value:,.0f} {unit} ({speaker}, {day.isoformat()})",
    )


def kursk_points() -> list[ChartPoint]:
    """The Kursk demo: two 'more than 1,000', one 'about 1,000', ISW's 800, 'up to 500'."""
    return [
        figure(1, ZELENSKY, date(2024, 8, 12), "more_than", 1000),
        figure(2, ZELENSKY, date(2024, 8, 14), "more_than", 1000),
        figure(3, MINISTRY, date(2024, 8, 14), "approximately", 1000),
        figure(4, ISW, date(2024, 8, 14), "exact", 800),
        figure(5, MOD, date(2024, 8, 10), "at_most", 500),
    ]


def crowded_points(n: int = 200, speakers: int = 12) -> list[ChartPoint]:
    """n random figures from several speakers over a year, every qualifier."""
    rng = random.Random(3)
    names = [f"Speaker number {i + 1}" for i in range(speakers)]
    start = date(2024, 1, 1)
    return [
        figure(
            i,
            names[i % speakers],
            start + timedelta(days=rng.randrange(366)),
            QUALIFIERS[i % len(QUALIFIERS)],
            round(rng.uniform(100, 2000)),
        )
        for i in range(n)
    ]


def layer(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """The layer of a spec with this name."""
    return next(item for item in spec["layer"] if item.get("name") == name)


@pytest.fixture(scope="module")
def kursk_spec() -> dict[str, Any]:
    """The Kursk chart's spec, with ISW's 800 conflicting with 'more than 1,000'."""
    return vega_lite_spec(title=KURSK, unit="km²", points=kursk_points(), conflicts=[(2, 4)])


@pytest.fixture(scope="module")
def kursk_svg(kursk_spec: dict[str, Any]) -> str:
    """The Kursk chart as SVG (pays vl-convert's start-up once for the module)."""
    return render_svg(kursk_spec)


def test_spec_is_vega_lite_v5_with_title_axes_and_legend(kursk_spec: dict[str, Any]) -> None:
    """Schema, title, subtitle, axis titles with the unit, one colour per speaker."""
    assert kursk_spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert " ".join(kursk_spec["title"]["text"]) == KURSK
    assert kursk_spec["title"]["subtitle"].startswith("5 figures from 4 speakers")
    assert kursk_spec["background"] == "white"
    assert "sans-serif" in kursk_spec["config"]["font"]
    x, y = kursk_spec["encoding"]["x"], kursk_spec["encoding"]["y"]
    assert x["type"] == "temporal"
    assert x["axis"]["title"].startswith("Date the figure holds for")
    assert y["axis"]["title"] == "km²"
    colour = layer(kursk_spec, "figures-closed")["encoding"]["color"]
    assert colour["legend"]["title"] == "Speaker"
    assert sorted(colour["scale"]["domain"]) == sorted({ISW, MINISTRY, MOD, ZELENSKY})
    assert len(set(colour["scale"]["range"])) >= 12


def test_spec_has_the_intended_layers(kursk_spec: dict[str, Any]) -> None:
    """Periods, conflict links, ranges and arrows, closed and open figures, rings, labels, key."""
    names = [item["name"] for item in kursk_spec["layer"]]
    assert names == [
        "periods",
        "conflict-links",
        "ranges-and-arrows",
        "figures-closed",
        "figures-open",
        "conflict-rings",
        "labels-left",
        "labels-right",
        "labels-center",
        "key",
    ]
    for item in kursk_spec["layer"]:
        data = item["data"]
        assert "values" in data or data["name"] in kursk_spec["datasets"]


def test_each_qualifier_is_drawn_as_intended(kursk_spec: dict[str, Any]) -> None:
    """Exact: a point; about: a bar with caps; more than: hollow, up arrow; up to: down arrow."""
    symbols = kursk_spec["datasets"]["symbols"]
    rules = kursk_spec["datasets"]["rules"]

    def shapes(speaker: str, day: str) -> list[tuple[str, bool]]:
        rows = [r for r in symbols if r["speaker"] == speaker and r["date"] == day]
        return sorted((r["shape"], r["hollow"]) for r in rows)

    assert shapes(ISW, "14 Aug 2024") == [("circle", False)]
    assert shapes(MINISTRY, "14 Aug 2024") == [
        ("circle", False),
        ("stroke", True),
        ("stroke", True),
    ]
    assert shapes(ZELENSKY, "14 Aug 2024") == [("circle", True), ("triangle-up", True)]
    assert shapes(MOD, "10 Aug 2024") == [("circle", False), ("triangle-down", False)]
    bar = next(r for r in rules if r["speaker"] == MINISTRY)
    assert (bar["y"], bar["y2"]) == pytest.approx((900, 1100))
    up = next(r for r in rules if r["speaker"] == ZELENSKY)
    down = next(r for r in rules if r["speaker"] == MOD)
    lo, hi = kursk_spec["encoding"]["y"]["scale"]["domain"]
    assert 0.06 <= (up["y2"] - up["y"]) / (hi - lo) <= 0.16
    assert down["y2"] < down["y"]


def test_tooltips_carry_label_speaker_date_qualifier_value(kursk_spec: dict[str, Any]) -> None:
    """Every figure mark's tooltip names the figure, speaker, date, qualifier and value."""
    fields = {t["field"] for t in kursk_spec["encoding"]["tooltip"]}
    assert {"label", "speaker", "date", "wording", "value_text", "conflict"} <= fields
    row = next(r for r in kursk_spec["datasets"]["symbols"] if r["speaker"] == ISW)
    assert row["label"].startswith("800 km²")
    assert row["value_text"] == "800 km²"
    assert row["wording"] == "exact"


def test_conflicts_get_rings_links_and_tooltips(kursk_spec: dict[str, Any]) -> None:
    """Both figures of a conflicting pair are ringed, linked, and say so in their tooltip."""
    rings = kursk_spec["datasets"]["rings"]
    assert {r["speaker"] for r in rings} == {ZELENSKY, ISW}
    assert all(r["conflict"].startswith("conflict with") for r in rings)
    (link,) = kursk_spec["datasets"]["links"]
    assert {link["y"], link["y2"]} == {800, 1000}
    assert "conflict" in link["tip"]
    key = layer(kursk_spec, "key")["encoding"]["shape"]["scale"]["domain"]
    assert "conflicting figures" in key


def test_y_axis_starts_at_zero_for_spread_out_non_negative_values(
    kursk_spec: dict[str, Any],
) -> None:
    """500 to 1,100 is spread enough to keep zero; every mark stays inside the domain."""
    lo, hi = kursk_spec["encoding"]["y"]["scale"]["domain"]
    assert lo == 0
    ends = [r["y2"] for r in kursk_spec["datasets"]["rules"]]
    assert max(ends) <= hi
    assert min(ends) >= lo


def test_values_close_together_zoom_in_instead_of_starting_at_zero() -> None:
    """Figures from 950 to 1,000 would be squashed by a zero baseline."""
    day = date(2024, 8, 14)
    points = [figure(1, ISW, day, "exact", 950), figure(2, MOD, day, "exact", 1000)]
    spec = vega_lite_spec(title="t", unit="km²", points=points)
    lo, hi = spec["encoding"]["y"]["scale"]["domain"]
    assert 0 < lo < 950
    assert hi > 1000


def test_equal_values_on_one_date_do_not_collapse_the_domains() -> None:
    """All figures equal and on the same date: both domains are padded."""
    day = date(2024, 8, 14)
    points = [figure(i, f"S{i}", day, "exact", 1000) for i in range(4)]
    spec = vega_lite_spec(title="Equal", unit="km²", points=points)
    lo, hi = spec["encoding"]["y"]["scale"]["domain"]
    x_lo, x_hi = spec["encoding"]["x"]["scale"]["domain"]
    assert lo < 1000 < hi
    assert x_hi - x_lo >= 2 * 86_400_000
    xs = sorted(r["x"] for r in spec["datasets"]["symbols"])
    assert len(set(xs)) == 4  # figures sharing a date are spread sideways


def test_negative_values_are_padded_not_clamped() -> None:
    """A change measure can be negative: the domain goes below zero."""
    day = date(2024, 8, 14)
    points = [figure(1, ISW, day, "exact", -40), figure(2, MOD, day, "at_most", 25)]
    lo, hi = vega_lite_spec(title="t", unit="%", points=points)["encoding"]["y"]["scale"]["domain"]
    assert lo < -40
    assert hi > 25


def test_no_figures_gives_a_no_figures_chart() -> None:
    """An empty chart renders, saying so."""
    spec = vega_lite_spec(title="Nothing yet", unit="km²", points=[])
    assert spec["title"]["subtitle"] == "No figures recorded yet"
    svg = render_svg(spec)
    assert "No figures" in svg
    assert "Nothing yet" in svg


def test_non_finite_value_is_refused() -> None:
    """A NaN value is a caller's bug, not something to draw."""
    bad = figure(1, ISW, date(2024, 8, 14), "exact", math.nan)
    with pytest.raises(ValueError, match="finite"):
        vega_lite_spec(title="t", unit="km²", points=[bad])


def test_long_titles_wrap_and_shrink() -> None:
    """A long measure name is wrapped onto at most three lines."""
    title = "Number of residents evacuated from the border districts of the region " * 4
    spec = vega_lite_spec(title=title, unit="people", points=kursk_points())
    assert 2 <= len(spec["title"]["text"]) <= 3
    assert spec["title"]["fontSize"] < 17


def test_svg_contains_title_unit_and_every_speaker(kursk_svg: str) -> None:
    """The rendered SVG shows the title, the unit and each speaker's name."""
    assert kursk_svg.lstrip().startswith("<svg")
    for text in (KURSK, "km²", ZELENSKY, MINISTRY, ISW, MOD, "Speaker", "How to read"):
        assert text in kursk_svg


def test_png_is_a_plausible_image(kursk_spec: dict[str, Any]) -> None:
    """PNG signature, and an IHDR about 720 x 450 px at scale 2."""
    png = render_png(kursk_spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert 2 * 650 <= width <= 2 * 800
    assert 2 * 350 <= height <= 2 * 560
    small = render_png(kursk_spec, scale=1.0)
    assert struct.unpack(">I", small[16:20])[0] == pytest.approx(width / 2, abs=2)


def test_two_hundred_figures_from_twelve_speakers_render() -> None:
    """The dense chart renders with every speaker in the legend and no direct labels."""
    points = crowded_points()
    spec = vega_lite_spec(title="Dense", unit="km²", points=points, conflicts=[(0, 1), (2, 9)])
    assert spec["datasets"]["labels"] == []
    svg = render_svg(spec)
    for i in range(12):
        assert f"Speaker number {i + 1}<" in svg or f"Speaker number {i + 1}" in svg


@pytest.mark.parametrize(
    "points",
    [
        pytest.param([figure(1, ISW, date(2024, 8, 14), "exact", 800)], id="one"),
        pytest.param(
            [figure(i, f"S{i}", date(2024, 8, 14), q, 900 + i) for i, q in enumerate(QUALIFIERS)],
            id="same-date",
        ),
        pytest.param([figure(1, ISW, date(2024, 8, 14), "at_most", 0)], id="zero-up-to"),
        pytest.param(crowded_points(40, 20), id="twenty-speakers"),
    ],
)
def test_awkward_inputs_build(points: list[ChartPoint]) -> None:
    """Awkward inputs give a spec with plausible domains (rendering is covered elsewhere)."""
    spec = vega_lite_spec(title="Awkward", unit="km²", points=points)
    lo, hi = spec["encoding"]["y"]["scale"]["domain"]
    assert lo < hi
    assert spec["width"] > 300


def test_awkward_inputs_render() -> None:
    """One figure and figures all on one date render to SVG."""
    one = [figure(1, ISW, date(2024, 8, 14), "range", 800)]
    same = [figure(i, f"S{i}", date(2024, 8, 14), q, 900) for i, q in enumerate(QUALIFIERS)]
    for points in (one, same):
        assert "<svg" in render_svg(vega_lite_spec(title="Awkward", unit="km²", points=points))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=800),
            st.sampled_from(QUALIFIERS),
            st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
            st.integers(min_value=0, max_value=14),
        ),
        max_size=30,
    )
)
def test_any_figures_fit_inside_the_domains(rows: list[tuple[int, str, float, int]]) -> None:
    """Whatever the figures, every mark lies within the chart's domains."""
    start = date(2023, 1, 1)
    points = [
        figure(i, f"S{who}", start + timedelta(days=day), q, v)
        for i, (day, q, v, who) in enumerate(rows)
    ]
    spec = vega_lite_spec(title="Random", unit="u", points=points)
    if not points:
        return
    lo, hi = spec["encoding"]["y"]["scale"]["domain"]
    x_lo, x_hi = spec["encoding"]["x"]["scale"]["domain"]
    assert lo < hi
    assert x_lo < x_hi
    rows_out = spec["datasets"]["symbols"] + spec["datasets"]["rules"]
    for r in rows_out:
        for v in (r["y"], r.get("y2", r["y"])):
            assert lo - 1e-6 * (hi - lo) <= v <= hi + 1e-6 * (hi - lo)
        assert x_lo <= r["x"] <= x_hi


def test_direct_labels_overlap_nothing() -> None:
    """Labels for crowded anchors are either clear of each other and the marks, or dropped."""
    anchors = [Box(100 + 3 * i, 100, 108 + 3 * i, 108) for i in range(10)]
    texts = [f"more than {i},000" for i in range(10)]
    spots = place_labels(anchors, texts, anchors, 500, 300)
    boxes = [text_box(s.x, s.y, t, s.align) for s, t in zip(spots, texts, strict=True) if s]
    assert boxes
    for i, a in enumerate(boxes):
        assert a.inside(500, 300)
        assert not any(a.hits(b) for b in boxes[i + 1 :] + anchors)


def test_short_wording_drops_speaker_date_and_unit() -> None:
    """The direct label is the figure's words only."""
    p = figure(2, ZELENSKY, date(2024, 8, 14), "more_than", 1000)
    assert short_wording(p, "km²") == "more than 1,000"


def test_chart_modules_are_pure() -> None:
    """The chart modules import no web framework, database or other app module."""
    folder = Path(__file__).resolve().parents[2] / "app" / "comparison"
    allowed = set(sys.stdlib_module_names) | {
        "vl_convert",
        "app",
        "font_source_sans_pro",
        "fontTools",
    }
    for path in [folder / "charts.py", *folder.glob("chart_*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, (path.name, name)
                assert not name.startswith("app.") or name.startswith("app.comparison.chart")


def test_conflict_pairs_given_twice_or_unknown_are_drawn_once() -> None:
    """(a, b) and (b, a) are one conflict; pairs naming absent figures are ignored."""
    spec = vega_lite_spec(
        title="t", unit="km²", points=kursk_points(), conflicts=[(2, 4), (4, 2), (2, 99), (3, 3)]
    )
    assert len(spec["datasets"]["links"]) == 1
    assert len(spec["datasets"]["rings"]) == 2


def test_date_labels_carry_the_year_where_needed() -> None:
    """Within one year the year goes in the axis title; across years January ticks carry it."""
    short = vega_lite_spec(title="t", unit="km²", points=kursk_points())["encoding"]["x"]["axis"]
    assert short["title"] == "Date the figure holds for (2024)"
    assert "%Y" not in short["labelExpr"]
    long = vega_lite_spec(title="t", unit="km²", points=crowded_points())["encoding"]["x"]["axis"]
    assert long["title"] == "Date the figure holds for"
    assert "'%b %Y'" in long["labelExpr"]


def test_interval_text_reads_like_the_words() -> None:
    """The tooltip's interval: bounds with the right inclusivity signs."""
    points = {p.figure_id: p for p in kursk_points()}
    spec = vega_lite_spec(title="t", unit="km²", points=list(points.values()))
    allowed = {r["speaker"]: r["allowed"] for r in spec["datasets"]["symbols"]}
    assert allowed[MINISTRY] == "900 to 1,100 km²"
    assert allowed[ZELENSKY] == "> 1,000 km²"
    assert allowed[MOD] == "≤ 500 km²"
    assert allowed[ISW] == "800 km²"


def test_a_bound_a_hair_off_a_whole_number_keeps_its_zeros() -> None:
    """ "About 55,000" allows 55,000 ± 10%, whose upper end the arithmetic leaves at
    60500.00000000001: it read "49,500 to 60,5 people" (black-box audit), the trailing zeros of
    a whole number stripped as if they were decimals."""
    assert [number(x) for x in (60500.00000000001, 49500.0, 6050.000000000001, 12.5)] == [
        "60,500",
        "49,500",
        "6,050",
        "12.5",
    ]
    assert number(499.99999999999994) == "500"
    assert number(0.25) == "0.25"
