"""A measure comparison turned into the points of its chart."""

from typing import Any

from app.comparison.chart_point import WORDS, ChartPoint


def _words(figure: dict[str, Any], unit: str) -> str:
    value = f"{figure['value']:,.6g}"
    if figure["qualifier"] == "range":
        interval = figure["interval"]
        return f"between {interval['low']:,.6g} and {interval['high']:,.6g} {unit}"
    if figure["qualifier"] == "exact":
        return f"{value} {unit}"
    return f"{WORDS[figure['qualifier']]} {value} {unit}"


def chart_points(comparison: dict[str, Any]) -> list[ChartPoint]:
    """One chart point per compared figure."""
    unit = comparison["unit"]
    points = []
    for figure in comparison["figures"]:
        interval = figure["interval"]
        speaker = figure["speaker"]["name"]
        points.append(
            ChartPoint(
                figure_id=figure["figure_id"],
                claim_id=figure["claim_id"],
                speaker=speaker,
                as_of=figure["as_of"],
                value=figure["value"],
                low=interval["low"],
                high=interval["high"],
                low_inclusive=interval["low_inclusive"],
                high_inclusive=interval["high_inclusive"],
                qualifier=figure["qualifier"],
                label=f"{_words(figure, unit)} ({speaker}, {figure['as_of'].isoformat()})",
                period_start=figure["period_start"],
                period_end=figure["period_end"],
                superseded_by=figure.get("superseded_by"),
            )
        )
    return points


def conflict_pairs(comparison: dict[str, Any]) -> list[tuple[int, int]]:
    """The figure ids of each conflicting pair."""
    return [(item["a"]["figure_id"], item["b"]["figure_id"]) for item in comparison["conflicts"]]
