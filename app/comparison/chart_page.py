"""The comparison chart's page: size, fonts, title, axes, and the chart shown without figures."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from app.comparison.chart_fonts import FAMILY
from app.comparison.chart_frame import Frame, x_ticks, y_ticks

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 720  # the whole image, legends included
PLOT_HEIGHT = 290
# Laid out in, and shipped with, the embedded family (app.comparison.chart_fonts); the rest stand in
# for a glyph it lacks.
FONT = f"'{FAMILY}', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts 'Speaker 2' before 'Speaker 10'."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


def plural(n: int, word: str) -> str:
    """'1 figure', '3 figures'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def title_block(title: str, subtitle: str | list[str]) -> dict[str, Any]:
    """The chart title, wrapped onto at most three lines and shrunk when long."""
    size = 17 if len(title) <= 2 * 70 else 14
    lines = textwrap.wrap(title, width=int((WIDTH - 24) / (size * 0.56))) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), 80, placeholder=" …")]
    return {"text": lines, "subtitle": subtitle, "anchor": "start", "frame": "bounds"} | {
        "fontSize": size,
        "subtitleFontSize": 12,
        "subtitleColor": "#555555",
        "offset": 14,
    }


def base_spec(title: str, subtitle: str | list[str]) -> dict[str, Any]:
    """What every chart shares: schema, title, background, fonts."""
    config: dict[str, Any] = {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11}}
    config |= {"legend": {"labelFontSize": 11, "titleFontSize": 12}}
    return {
        "$schema": SCHEMA,
        "title": title_block(title, subtitle),
        "background": "white",
        "padding": 12,
        "config": config,
    }


def empty_spec(base: dict[str, Any]) -> dict[str, Any]:
    """A chart with no figures: the title and a 'No figures' notice."""
    width = WIDTH - 2 * 12
    return base | {
        "width": width,
        "height": PLOT_HEIGHT,
        "data": {"values": [{"text": "No figures"}]},
        "mark": {"type": "text", "fontSize": 16, "color": "#777777"},
        "encoding": {
            "text": {"field": "text"},
            "x": {"value": width / 2},
            "y": {"value": PLOT_HEIGHT / 2},
        },
    }


def _date_label(fmt: str) -> str:
    """A Vega expression writing a tick's date; '%b*' adds the year to January only."""
    if fmt == "%b*":
        return "utcFormat(datum.value, utcmonth(datum.value) === 0 ? '%b %Y' : '%b')"
    return f"utcFormat(datum.value, '{fmt}')"


def axes(frame: Frame, unit: str) -> dict[str, Any]:
    """The x (date) and y (value) encodings shared by the layers."""
    interval, step, fmt, year = x_ticks(frame)
    x_title = "Date the figure holds for" + (f" ({year})" if year else "")
    ticks = y_ticks(frame.y_lo, frame.y_hi, frame.y_step)
    x_axis: dict[str, Any] = {
        "title": x_title,
        "labelExpr": _date_label(fmt),
        "grid": False,
    }
    x_axis |= {"tickCount": {"interval": interval, "step": step}, "labelOverlap": True}
    y_format = f".{ticks.digits}~e" if ticks.scientific else f",.{ticks.digits}f"
    y_axis: dict[str, Any] = {"title": unit or "Value", "format": y_format, "values": ticks.values}
    if ticks.scientific:  # "7.5e+98", "2e-90"; d3 alone would write zero "0e+0"
        y_axis["labelExpr"] = "datum.value === 0 ? '0' : datum.label"
    zero_line = {"condition": {"test": "datum.value === 0", "value": "#888888"}, "value": "#e6e6e6"}
    y_axis |= {"domain": False, "ticks": False, "gridColor": zero_line, "labelPadding": 6}
    x_scale = {"type": "utc", "domain": [frame.x_lo, frame.x_hi]}
    y_scale = {"domain": [frame.y_lo, frame.y_hi], "nice": False, "zero": False}
    return {
        "x": {"field": "x", "type": "temporal", "scale": x_scale, "axis": x_axis},
        "y": {"field": "y", "type": "quantitative", "scale": y_scale, "axis": y_axis},
    }
