"""Comparison results as JSON-ready documents."""

import math
from typing import Any

from app.comparison.analysis import (
    Conflict,
    Consensus,
    Observation,
    Revision,
    SpeakerFigures,
    Summary,
)
from app.comparison.intervals import to_json
from app.comparison.pairs import Pair, days_covered, rate_per_day


def figure_ref(figure: Observation) -> dict[str, Any]:
    """A short reference to a figure, used inside conflicts and revisions."""
    return {
        "figure_id": figure.figure_id,
        "claim_id": figure.claim_id,
        "speaker": figure.speaker,
        "speaker_id": figure.speaker_id,
        "qualifier": figure.qualifier,
        "value": figure.value,
        **to_json(figure.interval),
        "as_of": figure.as_of,
        "said_on": figure.said_on,
    }


def figure_document(figure: Observation) -> dict[str, Any]:
    """A figure in full, in the report's unit, with its own words and first source."""
    extra = figure.extra
    return {
        "figure_id": figure.figure_id,
        "claim_id": figure.claim_id,
        "speaker": {"id": figure.speaker_id, "slug": extra["speaker_slug"], "name": figure.speaker},
        "measure": extra["measure_slug"],
        "qualifier": figure.qualifier,
        "value": figure.value,
        "interval": to_json(figure.interval),
        "as_of": figure.as_of,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
        "said_on": figure.said_on,
        "written": extra["written"],
        "source": extra["source"],
    }


def measure_figure_document(figure: Observation, *, superseded_by: int | None) -> dict[str, Any]:
    """A figure of a measure comparison: in full, and the figure that superseded it, if any."""
    document = figure_document(figure)
    document["superseded_by"] = superseded_by
    return document


def revision_document(revision: Revision) -> dict[str, Any]:
    """An earlier figure, the one that replaced it, and how far apart and how different."""
    before = revision.before.value
    return {
        "kind": revision.kind,
        "from": figure_ref(revision.before),
        "to": figure_ref(revision.after),
        "days": revision.days,
        "days_between_as_of": revision.days,
        "days_between_statements": revision.statement_days,
        "change": revision.change,
        "change_percent": revision.change / abs(before) * 100 if before else None,
    }


def speaker_document(
    group: SpeakerFigures, *, revisions_limit: int | None = None
) -> dict[str, Any]:
    """One speaker's count, superseded count, latest standing figure, and revisions: the latest
    `revisions_limit` of them (all without a limit) and how many there are."""
    shown = group.revisions if revisions_limit is None else group.revisions[-revisions_limit:]
    if revisions_limit == 0:
        shown = ()
    return {
        "speaker": {"id": group.speaker_id, "name": group.speaker},
        "count": len(group.figures),
        "superseded": len(group.superseded),
        "latest": figure_ref(group.latest),
        "revisions": [revision_document(revision) for revision in shown],
        "revisions_total": len(group.revisions),
    }


def summary_document(summary: Summary | None, *, superseded: int = 0) -> dict[str, Any]:
    """Count, speakers, min, max, median, spread, ratio (nulls without figures), left out."""
    if summary is None:
        return {
            "count": 0,
            "speakers": 0,
            "min": None,
            "max": None,
            "median": None,
            "spread": None,
            "ratio": None,
            "superseded_left_out": superseded,
        }
    return {
        "count": summary.count,
        "speakers": summary.speakers,
        "min": summary.minimum,
        "max": summary.maximum,
        "median": summary.median,
        "spread": summary.spread,
        "ratio": summary.ratio,
        "superseded_left_out": superseded,
    }


def conflict_document(conflict: Conflict) -> dict[str, Any]:
    """A conflicting pair with the gap between them."""
    return {
        "a": figure_ref(conflict.a),
        "b": figure_ref(conflict.b),
        "gap": conflict.gap,
        "gap_percent": conflict.gap_percent,
        "days_apart": abs((conflict.b.as_of - conflict.a.as_of).days),
    }


def consensus_document(found: Consensus | None) -> dict[str, Any] | None:
    """The shared interval of the final window, or None when there is none."""
    if found is None or found.interval is None:
        return None
    return {
        **to_json(found.interval),
        "from": found.window_start,
        "to": found.window_end,
        "figure_ids": list(found.figure_ids),
    }


def rated_figure_document(figure: Observation, unit: str) -> dict[str, Any]:
    """A figure with the days its period covers and its rate per day."""
    rate = rate_per_day(figure)
    return {
        **figure_document(figure),
        "days_covered": days_covered(figure),
        "rate_per_day": tidy(rate),
        "rate_unit": f"{unit}/day" if rate is not None else None,
    }


def tidy(value: float | None) -> float | None:
    """A derived number (a difference, ratio, rate) to four significant digits, whole numbers
    kept whole: 6.0177 for 6.017699115044247, 1360 for 1360.0000001."""
    if value is None or value == 0 or not math.isfinite(value):
        return value
    return round(value, max(0, 3 - math.floor(math.log10(abs(value)))))


def pair_document(pair: Pair, unit: str) -> dict[str, Any]:
    """Figure b against figure a. On two different measures the intervals are not compared:
    `overlap` and `relation` are null (two measures of one dimension are not one quantity)."""
    same_measure = pair.a.extra["measure_slug"] == pair.b.extra["measure_slug"]
    rates = None
    if pair.rate_a is not None and pair.rate_b is not None:
        rates = {
            "a": tidy(pair.rate_a),
            "b": tidy(pair.rate_b),
            # a rate is as sure as its figure: "more than 1,000 km²" in 8 days is more than 125
            "a_qualifier": pair.a.qualifier,
            "b_qualifier": pair.b.qualifier,
            "ratio": tidy(pair.rate_ratio),
            "unit": f"{unit}/day",
        }
    return {
        "a": figure_ref(pair.a),
        "b": figure_ref(pair.b),
        "same_measure": same_measure,
        "difference": tidy(pair.difference),
        "ratio": tidy(pair.ratio),
        "percent_difference": tidy(pair.percent_difference),
        "overlap": pair.overlap if same_measure else None,
        "relation": pair.relation if same_measure else None,
        "days_apart": pair.days_apart,
        "rates": rates,
    }
