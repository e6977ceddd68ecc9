"""Superseded figures on the comparison chart: drawn, faded, keyed and explained."""

from datetime import date
from typing import Any

from app.comparison.chart_data import chart_points
from app.comparison.chart_layers import FADED
from app.comparison.charts import ChartPoint, render_svg, vega_lite_spec

MARCH = date(2024, 3, 2)


def point(
    figure_id: int, speaker: str, value: float, superseded_by: int | None = None
) -> ChartPoint:
    """An exact figure about the march."""
    return ChartPoint(
        figure_id=figure_id,
        claim_id=figure_id,
        speaker=speaker,
        as_of=MARCH,
        value=value,
        low=value,
        high=value,
        low_inclusive=True,
        high_inclusive=True,
        qualifier="exact",
        label=f"{value:,.0f} people ({speaker}, {MARCH.isoformat()})",
        superseded_by=superseded_by,
    )


def crowd_spec(conflicts: list[tuple[int, int]]) -> dict[str, Any]:
    """The march: the police's 55,000 restated as 150,000."""
    points = [
        point(1, "Police", 55_000, superseded_by=4),
        point(2, "Organisers", 300_000),
        point(3, "Aerial survey", 160_000),
        point(4, "Police", 150_000),
    ]
    return vega_lite_spec(title="Marchers", unit="people", points=points, conflicts=conflicts)


def layer(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """The layer of a spec with this name."""
    return next(item for item in spec["layer"] if item.get("name") == name)


def test_superseded_figure_is_drawn_faded_and_the_others_are_not() -> None:
    spec = crowd_spec([(2, 3), (2, 4), (3, 4)])
    symbols = spec["datasets"]["symbols"]
    assert {row["value_text"] for row in symbols if row["faded"]} == {"55,000 people"}
    assert all(not row["faded"] for row in spec["datasets"]["rings"])
    for name in ("figures-closed", "figures-open", "ranges-and-arrows", "conflict-rings"):
        opacity = layer(spec, name)["encoding"]["opacity"]
        assert opacity["condition"] == {"test": "datum.faded", "value": FADED * opacity["value"]}
    faded_label = next(row for row in spec["datasets"]["labels"] if row["text"] == "55,000")
    assert faded_label["faded"] is True


def test_key_subtitle_and_tooltip_say_what_fading_means() -> None:
    spec = crowd_spec([])
    assert spec["title"]["subtitle"].startswith("4 figures from 3 speakers, 1 superseded")
    assert (
        "superseded: restated later" in layer(spec, "key")["encoding"]["shape"]["scale"]["domain"]
    )
    assert {"field": "superseded", "type": "nominal", "title": "Superseded"} in spec["encoding"][
        "tooltip"
    ]
    police = next(row for row in spec["datasets"]["symbols"] if row["faded"])
    assert police["superseded"] == "yes, restated later by its speaker (figure 4)"


def test_conflicts_of_a_superseded_figure_are_drawn_faded_when_included() -> None:
    spec = crowd_spec([(1, 2), (1, 3), (2, 3)])
    links = spec["datasets"]["links"]
    assert sorted(link["faded"] for link in links) == [False, True, True]
    assert [row["faded"] for row in spec["datasets"]["rings"] if row["speaker"] == "Police"] == [
        True
    ]
    assert "<svg" in render_svg(spec)


def test_chart_points_read_superseded_by_from_the_comparison() -> None:
    figure = {
        "figure_id": 1,
        "claim_id": 1,
        "speaker": {"id": 1, "name": "Police"},
        "as_of": MARCH,
        "value": 55_000.0,
        "interval": {
            "low": 55_000.0,
            "high": 55_000.0,
            "low_inclusive": True,
            "high_inclusive": True,
        },
        "qualifier": "exact",
        "period_start": None,
        "period_end": None,
        "superseded_by": 4,
    }
    [drawn] = chart_points({"unit": "people", "figures": [figure]})
    assert drawn.superseded_by == 4
