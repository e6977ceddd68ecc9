"""The comparison chart: who claimed which figure when, as Vega-Lite v5, SVG or PNG.

Pure: no web framework, no database. Figures are drawn as points (exact), bars from low to
high (approximate, range) or arrows (open-ended: up for "at least"/"more than", down for
"up to"/"less than"); hollow markers mean the value itself is excluded. Conflicting pairs get
a red ring and a dashed red link. Superseded figures (restated later by their speaker) are drawn
faded. The y axis starts at zero for non-negative data unless the
smallest value is above half the largest (zero would squash the data into the top half).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import vl_convert

from app.comparison.chart_fonts import register as register_font
from app.comparison.chart_fonts import with_fonts
from app.comparison.chart_frame import Frame, x_domain, y_domain, y_ticks
from app.comparison.chart_layers import (
    figure_layers,
    key_entries,
    key_layer,
    label_layers,
    speaker_colour,
    tooltip,
)
from app.comparison.chart_page import (
    PLOT_HEIGHT,
    WIDTH,
    axes,
    base_spec,
    empty_spec,
    natural,
    plural,
)
from app.comparison.chart_point import ChartPoint, day_text, number
from app.comparison.chart_rows import build_rows, sizes_for

__all__ = ["ChartPoint", "Sample", "render_png", "render_svg", "vega_lite_spec"]

# The plot is never narrower than this, and the value axis's labels are given room for at
# most AXIS_CHARS characters (labels are short whatever the magnitude: app.comparison.chart_frame).
MIN_PLOT_WIDTH, AXIS_CHARS = 320, 24


def _frame(points: Sequence[ChartPoint], speakers: Sequence[str]) -> Frame:
    """The plot's size and domains, the plot narrowed to leave room for axis and legend, but
    never below MIN_PLOT_WIDTH (labels wider than their room widen the image instead)."""
    y_lo, y_hi, step, arrow = y_domain(points, PLOT_HEIGHT, sizes_for(len(points)).arrow_share)
    ticks = y_ticks(y_lo, y_hi, step)
    chars = max(len(number(y_lo)), len(number(y_hi)))  # as they come out in full
    chars = max(len(text) for text in ticks.texts) if ticks.scientific else chars
    axis_px = 30 + 6.2 * min(chars, AXIS_CHARS)
    legend_px = 8 + min(200, 5.1 * max(len(s) for s in speakers))
    x_lo, x_hi = x_domain(points)
    width = max(MIN_PLOT_WIDTH, WIDTH - 2 * 12 - axis_px - legend_px)
    return Frame(width, PLOT_HEIGHT, x_lo, x_hi, y_lo, y_hi, step, arrow)


@dataclass(frozen=True, slots=True)
class Sample:
    """A chart of a big measure draws a sample: every `step`-th figure by date, and the figures
    of the most severe conflicts drawn, of `figures` figures with `conflicts` conflicts."""

    figures: int
    step: int
    conflicts: int

    def words(self, drawn: int, conflicts: int) -> str:
        """What the subtitle says about it."""
        return (
            f"A sample: {drawn:,} of {plural(self.figures, 'figure')} drawn (one in "
            f"{self.step:,} by date, and those of the {plural(conflicts, 'most severe conflict')}"
            f" of {self.conflicts:,})"
        )


def vega_lite_spec(
    *,
    title: str,
    unit: str,
    points: Sequence[ChartPoint],
    conflicts: Sequence[tuple[int, int]] = (),
    sample: Sample | None = None,
) -> dict[str, Any]:
    """A Vega-Lite v5 spec, data inline, comparing the figures of several speakers over time."""
    if any(not math.isfinite(p.value) for p in points):
        raise ValueError("every figure needs a finite value")
    points = sorted(points, key=lambda p: (p.as_of, p.speaker.casefold(), p.figure_id))
    speakers = sorted({p.speaker for p in points}, key=natural)
    subtitle = f"{plural(len(points), 'figure')} from {plural(len(speakers), 'speaker')}"
    superseded = sum(p.superseded_by is not None for p in points)
    subtitle += f", {superseded:,} superseded" if superseded else ""
    subtitle = subtitle if points else "No figures recorded yet"
    if points:
        first, last = day_text(points[0].as_of), day_text(points[-1].as_of)
        subtitle += f", {first}" + (f" to {last}" if last != first else "")
    lines = [] if sample is None else [sample.words(len(points), len(conflicts))]
    shown: str | list[str] = [*lines, subtitle] if lines else subtitle
    base = base_spec(title, shown) | {"description": f"{title}: {'; '.join([*lines, subtitle])}"}
    if not points:
        return empty_spec(base)
    frame = _frame(points, speakers)
    rows = build_rows(points, conflicts, unit, frame)
    size = sizes_for(len(points))
    opacity = 1.0 if len(points) <= 80 else 0.85
    layers = figure_layers(speaker_colour(speakers), size.rule, opacity) + label_layers()
    with_period = bool(rows["periods"])
    entries = key_entries(points, conflicts=bool(rows["rings"]), periods=with_period)
    if len(entries) > 1 or entries[0][0] != "exact":  # plain points need no key
        layers.append(key_layer(entries))
    encoding = axes(frame, unit) | {"tooltip": tooltip(with_period, with_superseded=superseded > 0)}
    return base | {
        "width": round(frame.width),
        "height": PLOT_HEIGHT,
        "datasets": rows,
        "encoding": encoding,
        "layer": layers,
    }


@functools.cache
def _vl_version() -> str:
    """The newest Vega-Lite 5.x that the installed vl-convert bundles."""
    fives = [v for v in vl_convert.get_vegalite_versions() if v.split(".")[0] == "5"]
    return max(fives, key=lambda v: tuple(int(part) for part in v.split(".")))


def render_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG text, its font inside it (app.comparison.chart_fonts)."""
    register_font()
    return with_fonts(str(vl_convert.vegalite_to_svg(spec, vl_version=_vl_version())))


def render_png(spec: dict[str, Any], *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, scale times its nominal size in pixels."""
    register_font()
    return bytes(vl_convert.vegalite_to_png(spec, vl_version=_vl_version(), scale=scale))
