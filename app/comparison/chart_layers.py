"""The Vega-Lite layers of the comparison chart and its "how to read" key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.comparison.chart_point import ChartPoint, glyph, is_hollow

Spec = dict[str, Any]
CONFLICT_RED = "#d62728"
INK = "#333333"
FADED = 0.3  # opacity of superseded figures: still there, plainly not the speaker's last word
# Twelve colours told apart on white; red is left out, it marks conflicts.
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#1b2a6b",
    "#006d5b",
    "#1a1a1a",
)
# Key entries: label, SVG path in the unit square, fill, stroke.
_UP = (
    "M0,0.28V-0.5M-0.42,-0.38L0,-1L0.42,-0.38Z"
    + "M-0.32,0.6a0.32,0.32 0 1,0 0.64,0a0.32,0.32 0 1,0 -0.64,0"
)
_DOWN = (
    "M0,-0.28V0.5M-0.42,0.38L0,1L0.42,0.38Z"
    + "M-0.32,-0.6a0.32,0.32 0 1,0 0.64,0a0.32,0.32 0 1,0 -0.64,0"
)
_BAR = "M0,-1V1M-0.4,-1H0.4M-0.4,1H0.4M-0.38,0a0.38,0.38 0 1,0 0.76,0a0.38,0.38 0 1,0 -0.76,0"
_TALL = "M0,-1h0M0,1h0"  # invisible: gives every key symbol the same height, for alignment
_DOT = _TALL + "M-0.4,0a0.4,0.4 0 1,0 0.8,0a0.4,0.4 0 1,0 -0.8,0"
_RING = _TALL + "M-0.75,0a0.75,0.75 0 1,0 1.5,0a0.75,0.75 0 1,0 -1.5,0"
KEY_WIDTH = 690  # room for the key's entries under the plot, in px
KEY = {
    ("dot", False): ("exact", _DOT, INK, INK),
    ("bar", False): ("about / range", _BAR, INK, INK),
    ("up", False): ("at least", _UP, INK, INK),
    ("up", True): ("more than", _UP, "white", INK),
    ("down", False): ("up to / at most", _DOWN, INK, INK),
    ("down", True): ("less than", _DOWN, "white", INK),
    ("conflict", False): ("conflicting figures", _RING, "transparent", CONFLICT_RED),
    ("period", False): ("period the figure covers", _TALL + "M-1,0H1", "transparent", "#aaaaaa"),
    ("superseded", False): ("superseded: restated later", _DOT, "#c2c2c2", "#c2c2c2"),
}


LEGEND_LIMIT = 20


def speaker_colour(speakers: Sequence[str]) -> Spec:
    """The colour channel: one colour per speaker, with the legend."""
    palette: Any = list(PALETTE) if len(speakers) <= len(PALETTE) else {"scheme": "tableau20"}
    scale = {
        "domain": list(speakers),
        **({"range": palette} if isinstance(palette, list) else palette),
    }
    legend: Spec = {
        "title": "Speaker",
        "orient": "right",
        "labelLimit": 200,
        "symbolType": "circle",
    }
    legend |= {"symbolSize": 100, "symbolOpacity": 1, "symbolStrokeWidth": 0}
    if len(speakers) > LEGEND_LIMIT:  # a legend taller than the chart says how many it leaves out
        legend |= {
            "symbolLimit": LEGEND_LIMIT,
            "title": f"Speaker ({LEGEND_LIMIT} of {len(speakers):,})",
        }
    return {"field": "speaker", "type": "nominal", "scale": scale, "legend": legend}


def faded(opacity: float) -> Spec:
    """An opacity channel: superseded figures' marks faded, the others at opacity."""
    return {"condition": {"test": "datum.faded", "value": FADED * opacity}, "value": opacity}


def tooltip(with_period: bool, *, with_superseded: bool = False) -> list[Spec]:
    """The tooltip fields of every figure mark."""
    fields = [
        ("label", "Figure"),
        ("speaker", "Speaker"),
        ("date", "Date"),
        ("wording", "Qualifier"),
    ]
    fields += [("value_text", "Value"), ("allowed", "The words allow"), ("conflict", "Conflict")]
    fields += [("period", "Period")] if with_period else []
    fields += [("superseded", "Superseded")] if with_superseded else []
    return [{"field": f, "type": "nominal", "title": t} for f, t in fields]


def key_entries(
    points: Sequence[ChartPoint], *, conflicts: bool, periods: bool
) -> list[tuple[str, str, str, str]]:
    """The key entries for the kinds of figure present, in a fixed order."""
    present = {(glyph(p), is_hollow(p) and glyph(p) in ("up", "down")) for p in points}
    present |= {("conflict", False)} if conflicts else set()
    present |= {("period", False)} if periods else set()
    superseded = any(p.superseded_by is not None for p in points)
    present |= {("superseded", False)} if superseded else set()
    return [entry for kind, entry in KEY.items() if kind in present]


def key_layer(entries: Sequence[tuple[str, str, str, str]]) -> Spec:
    """An invisible layer whose only purpose is the merged 'How to read' legend."""
    names = [e[0] for e in entries]
    entry_px = 24 + 18 + 5.3 * max(len(n) for n in names)
    columns = max(1, min(len(names), int((KEY_WIDTH - 90) // entry_px)))
    legend: Spec = {"title": "How to read", "orient": "bottom", "direction": "horizontal"}
    legend |= {"columns": columns, "symbolSize": 220, "symbolStrokeWidth": 1.5}
    legend |= {"symbolOpacity": 1, "labelLimit": 220, "columnPadding": 18, "titleOrient": "left"}

    def channel(column: int) -> Spec:
        """One key channel whose scale maps entry names to one of the entry's parts."""
        scale = {"domain": names, "range": [e[column] for e in entries]}
        return {
            "field": "key",
            "type": "nominal",
            "title": "How to read",
            "scale": scale,
            "legend": legend,
        }

    return {
        "name": "key",
        "data": {"values": [{"key": n} for n in names]},
        "mark": {"type": "point", "opacity": 1, "filled": True},
        "encoding": {
            "x": {"value": 0},
            "y": {"value": 0},
            "size": {"value": 0},
            "shape": channel(1),
            "fill": channel(2),
            "stroke": channel(3),
            "tooltip": None,
        },
    }


def figure_layers(colour: Spec, rule_width: float, opacity: float) -> list[Spec]:
    """The layers drawing periods, ranges, arrows, points and conflicts, bottom to top."""
    # No "legend": None here: it would silence the key's merged shape legend. Symbols stay
    # opaque, since the key's legend copies their opacity.
    symbol = {"shape": {"field": "shape", "type": "nominal", "scale": None}}
    symbol["size"] = {"field": "size", "type": "quantitative", "scale": None}
    return [
        {
            "name": "periods",
            "data": {"name": "periods"},
            "mark": {"type": "rule", "strokeWidth": rule_width, "strokeCap": "round"},
            "encoding": {"x2": {"field": "x2"}, "color": colour, "opacity": faded(0.35)},
        },
        {
            "name": "conflict-links",
            "data": {"name": "links"},
            "mark": {
                "type": "rule",
                "color": CONFLICT_RED,
                "strokeDash": [5, 4],
                "strokeWidth": 1.5,
            },
            "encoding": {
                "x2": {"field": "x2"},
                "y2": {"field": "y2"},
                "tooltip": {"field": "tip", "type": "nominal", "title": "Conflict"},
                "opacity": faded(1),
            },
        },
        {
            "name": "ranges-and-arrows",
            "data": {"name": "rules"},
            "mark": {"type": "rule", "strokeWidth": rule_width},
            "encoding": {"y2": {"field": "y2"}, "color": colour, "opacity": faded(opacity)},
        },
        {
            "name": "figures-closed",
            "data": {"name": "symbols"},
            "transform": [{"filter": "!datum.hollow"}],
            "mark": {"type": "point", "filled": True},
            "encoding": {**symbol, "color": colour, "opacity": faded(1)},
        },
        {
            "name": "figures-open",
            "data": {"name": "symbols"},
            "transform": [{"filter": "datum.hollow"}],
            "mark": {"type": "point", "filled": False, "fill": "white", "strokeWidth": 1.8},
            "encoding": {**symbol, "color": colour, "opacity": faded(1)},
        },
        {
            "name": "conflict-rings",
            "data": {"name": "rings"},
            "mark": {
                "type": "point",
                "shape": "circle",
                "filled": False,
                "strokeWidth": 1.8,
            },
            "encoding": {
                "size": symbol["size"],
                "color": {"value": CONFLICT_RED},
                "opacity": faded(1),
            },
        },
    ]


def label_layers() -> list[Spec]:
    """Text layers for the direct labels, one per text alignment."""
    return [
        {
            "name": f"labels-{align}",
            "data": {"name": "labels"},
            "transform": [{"filter": f"datum.align === '{align}'"}],
            "mark": {"type": "text", "align": align, "baseline": "middle", "fontSize": 11},
            "encoding": {
                "text": {"field": "text"},
                "color": {"value": INK},
                "opacity": faded(1),
                "tooltip": None,
            },
        }
        for align in ("left", "right", "center")
    ]
