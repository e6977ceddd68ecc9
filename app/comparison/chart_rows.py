"""The inline data rows of the comparison chart, one list per kind of mark."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.comparison.chart_frame import Frame, dodge, ms
from app.comparison.chart_labels import Box, place_labels
from app.comparison.chart_point import (
    ChartPoint,
    bar_extent,
    day_text,
    glyph,
    interval_text,
    is_hollow,
    number,
    short_wording,
)

Row = dict[str, Any]
LABEL_LIMIT = 14  # direct labels only on charts with at most this many figures


@dataclass(frozen=True, slots=True)
class Sizes:
    """Mark sizes (symbol areas in px², widths in px), smaller as figures get denser."""

    dot: float
    head: float
    cap: float
    ring: float
    rule: float
    dodge: float
    arrow_share: float


def sizes_for(count: int) -> Sizes:
    """Mark sizes that stay legible for the number of figures shown."""
    if count <= 20:
        return Sizes(dot=70, head=80, cap=110, ring=260, rule=2.5, dodge=18, arrow_share=0.12)
    if count <= 80:
        return Sizes(dot=42, head=48, cap=64, ring=170, rule=1.8, dodge=9, arrow_share=0.09)
    return Sizes(dot=26, head=30, cap=36, ring=110, rule=1.3, dodge=4, arrow_share=0.06)


def tooltip_fields(p: ChartPoint, unit: str, conflicts: Sequence[str]) -> Row:
    """What a reader sees when pointing at a figure."""
    period = ""
    if p.period_start or p.period_end:
        start = day_text(p.period_start) if p.period_start else "…"
        period = f"{start} – {day_text(p.period_end) if p.period_end else day_text(p.as_of)}"
    return {
        "label": p.label,
        "speaker": p.speaker,
        "date": day_text(p.as_of),
        "wording": p.qualifier.replace("_", " "),
        "value_text": f"{number(p.value)} {unit}".strip(),
        "allowed": interval_text(p, unit),
        "conflict": "conflict with " + "; ".join(conflicts) if conflicts else "none",
        "period": period,
        "superseded": _superseded_text(p),
        "faded": p.superseded_by is not None,
    }


def _superseded_text(p: ChartPoint) -> str:
    if p.superseded_by is None:
        return "no"
    return f"yes, restated later by its speaker (figure {p.superseded_by})"


def conflict_pairs(
    points: Sequence[ChartPoint], pairs: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Each conflicting pair once, as positions in points; unknown figure ids are skipped."""
    index = {p.figure_id: i for i, p in enumerate(points)}
    seen: set[frozenset[int]] = set()
    out = []
    for a, b in pairs:
        if a in index and b in index and a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            out.append((index[a], index[b]))
    return out


def conflict_partners(
    points: Sequence[ChartPoint], pairs: Sequence[tuple[int, int]]
) -> list[list[str]]:
    """For each figure, the labels of the figures it conflicts with."""
    partners: list[list[str]] = [[] for _ in points]
    for i, j in conflict_pairs(points, pairs):
        partners[i].append(points[j].label)
        partners[j].append(points[i].label)
    return partners


def _figure_marks(
    p: ChartPoint, x: float, frame: Frame, size: Sizes, tip: Row
) -> dict[str, list[Row]]:
    """The rules and symbols that draw one figure."""
    kind, hollow = glyph(p), is_hollow(p)
    out: dict[str, list[Row]] = {"rules": [], "symbols": []}
    dot = {**tip, "x": x, "y": p.value, "shape": "circle", "size": size.dot, "hollow": hollow}
    if kind == "bar":
        low, high = bar_extent(p)
        out["rules"].append({**tip, "x": x, "y": low, "y2": high})
        for end in (low, high):
            cap = {"x": x, "y": end, "shape": "stroke", "size": size.cap, "hollow": True}
            out["symbols"].append({**tip, **cap})
    elif kind in ("up", "down"):
        end = p.value + frame.arrow if kind == "up" else max(p.value - frame.arrow, frame.y_lo)
        out["rules"].append({**tip, "x": x, "y": p.value, "y2": end})
        head = {"x": x, "y": end, "shape": f"triangle-{kind}", "size": size.head, "hollow": hollow}
        out["symbols"].append({**tip, **head})
    out["symbols"].append(dot)
    return out


def _mark_box(row: Row, frame: Frame) -> Box:
    """The pixel rectangle a rule or symbol row covers, with a little room around it."""
    cx = frame.x_px(row["x"])
    if "x2" in row:
        left, right = sorted((cx, frame.x_px(row["x2"])))
        return Box(left, frame.y_px(row["y"]) - 2, right, frame.y_px(row["y"]) + 2)
    if "y2" in row:
        top, bottom = sorted((frame.y_px(row["y"]), frame.y_px(row["y2"])))
        return Box(cx - 3, top - 2, cx + 3, bottom + 2)
    r = math.sqrt(row["size"]) / 2 + 2.5
    cy = frame.y_px(row["y"])
    return Box(cx - r, cy - r, cx + r, cy + r)


def build_rows(
    points: Sequence[ChartPoint], pairs: Sequence[tuple[int, int]], unit: str, frame: Frame
) -> dict[str, list[Row]]:
    """Every dataset the chart's layers draw from."""
    size = sizes_for(len(points))
    xs = dodge(points, frame, size.dodge)
    partners = conflict_partners(points, pairs)
    rows: dict[str, list[Row]] = {"periods": [], "rules": [], "symbols": [], "rings": []}
    for p, x, others in zip(points, xs, partners, strict=True):
        tip = tooltip_fields(p, unit, others)
        marks = _figure_marks(p, x, frame, size, tip)
        rows["rules"] += marks["rules"]
        rows["symbols"] += marks["symbols"]
        if others:
            rows["rings"].append({**tip, "x": x, "y": p.value, "size": size.ring})
        if p.period_start or p.period_end:
            start, end = ms(p.period_start or p.as_of), ms(p.period_end or p.as_of)
            rows["periods"].append({**tip, "x": start, "x2": end, "y": p.value})
    rows["links"] = _links(points, xs, pairs)
    rows["labels"] = _labels(points, xs, partners, rows, unit, frame)
    return rows


def _links(
    points: Sequence[ChartPoint], xs: Sequence[float], pairs: Sequence[tuple[int, int]]
) -> list[Row]:
    """One dashed rule between the two figures of each conflicting pair."""
    return [
        {
            "x": xs[i],
            "y": points[i].value,
            "x2": xs[j],
            "y2": points[j].value,
            "tip": f"conflict: {points[i].label} vs {points[j].label}",
            "faded": points[i].superseded_by is not None or points[j].superseded_by is not None,
        }
        for i, j in conflict_pairs(points, pairs)
    ]


def _labels(
    points: Sequence[ChartPoint],
    xs: Sequence[float],
    partners: Sequence[Sequence[str]],
    rows: dict[str, list[Row]],
    unit: str,
    frame: Frame,
) -> list[Row]:
    """Direct labels with each figure's wording, on charts with few figures."""
    if len(points) > LABEL_LIMIT:
        return []
    marks = rows["rules"] + rows["symbols"] + rows["rings"] + rows["periods"]
    obstacles = [_mark_box(r, frame) for r in marks]
    size = sizes_for(len(points))
    anchors = []
    for p, x, others in zip(points, xs, partners, strict=True):
        r = math.sqrt(size.ring if others else size.dot) / 2
        cx, cy = frame.x_px(x), frame.y_px(p.value)
        anchors.append(Box(cx - r, cy - r, cx + r, cy + r))
    texts = [short_wording(p, unit) for p in points]
    spots = place_labels(anchors, texts, obstacles, frame.width, frame.height)
    return [
        {
            "x": frame.x_ms(s.x),
            "y": frame.y_value(s.y),
            "text": t,
            "align": s.align,
            "faded": p.superseded_by is not None,
        }
        for s, t, p in zip(spots, texts, points, strict=True)
        if s is not None
    ]
