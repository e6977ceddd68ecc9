"""A chart's words for a figure: as said, or converted without false precision."""

from datetime import date
from typing import Any

from app.comparison.chart_data import chart_points


def _figure(value: float, written: dict[str, Any], qualifier: str = "more_than") -> dict[str, Any]:
    return {
        "figure_id": 1,
        "claim_id": 1,
        "speaker": {"id": 1, "name": "Office"},
        "as_of": date(2024, 8, 14),
        "value": value,
        "interval": {
            "low": value,
            "high": None,
            "low_inclusive": False,
            "high_inclusive": False,
        },
        "qualifier": qualifier,
        "period_start": None,
        "period_end": None,
        "written": written,
    }


def test_a_converted_figure_keeps_three_digits_and_says_what_was_said() -> None:
    said = {"value": 1000.0, "unit": "km²", "lower": None, "upper": None}
    [point] = chart_points({"unit": "sq mi", "figures": [_figure(386.10215854, said)]})
    assert point.label.startswith("more than 386 sq mi (said: 1,000 km²)")


def test_a_figure_in_the_unit_it_was_said_in_is_shown_whole() -> None:
    said = {"value": 1243.19, "unit": "km²", "lower": None, "upper": None}
    [point] = chart_points({"unit": "km²", "figures": [_figure(1243.19, said, "exact")]})
    assert point.label.startswith("1,243.19 km² (Office")
    assert "said:" not in point.label
