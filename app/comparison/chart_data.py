"""A measure comparison turned into the points of its chart."""

import math
from typing import Any

from app.comparison.chart_point import WORDS, ChartPoint, number

SHOWN_DIGITS = 3  # significant digits of a figure converted from the unit it was said in


def _converted(figure: dict[str, Any]) -> bool:
    written = figure.get("written")  # every comparison has it; hand-made points may not
    return written is not None and not math.isclose(written["value"], figure["value"])


def _shown(value: float, converted: bool) -> str:
    """A value for a label: as said, or when converted, to SHOWN_DIGITS significant digits
    (1,000 km² is "386 sq mi", not "386.102": the conversion adds no precision)."""
    if converted and value:
        return number(float(f"{value:.{SHOWN_DIGITS}g}"))
    return f"{value:,.12g}"  # as said, every digit


def measure_words(figure: dict[str, Any], unit: str) -> str:
    """The figure in the measure's unit with its qualifier ("more than 386 sq mi"): a
    converted value to SHOWN_DIGITS significant digits, one as said with every digit."""
    converted = _converted(figure)
    value = _shown(figure["value"], converted)
    if figure["qualifier"] == "range":
        interval = figure["interval"]
        low, high = _shown(interval["low"], converted), _shown(interval["high"], converted)
        text = f"between {low} and {high} {unit}"
    elif figure["qualifier"] == "exact":
        text = f"{value} {unit}"
    else:
        text = f"{WORDS[figure['qualifier']]} {value} {unit}"
    return text


def _words(figure: dict[str, Any], unit: str) -> str:
    text = measure_words(figure, unit)
    if _converted(figure):
        written = figure["written"]
        text += f" (said: {_shown(written['value'], False)} {written['unit']})"
    return text


def said_words(figure: dict[str, Any]) -> str:
    """The figure in the words and unit it was said in: "more than 1,000 km²"."""
    written = figure["written"]
    unit, qualifier = written["unit"], figure["qualifier"]
    if qualifier == "range" and written["lower"] is not None and written["upper"] is not None:
        low, high = _shown(written["lower"], False), _shown(written["upper"], False)
        return f"between {low} and {high} {unit}"
    value = _shown(written["value"], False)
    return f"{value} {unit}" if qualifier == "exact" else f"{WORDS[qualifier]} {value} {unit}"


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
