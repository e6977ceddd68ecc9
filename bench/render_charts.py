"""Write example comparison charts (PNG and SVG) to bench/out/ and time the big one.

Run: .venv/bin/python bench/render_charts.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.comparison.charts import ChartPoint, render_png, render_svg, vega_lite_spec

OUT = Path(__file__).resolve().parent / "out"
QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "at_most", "less_than", "range")
WORDS = {
    "exact": "",
    "approximately": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "at_most": "up to ",
    "less_than": "less than ",
}
SPEAKERS = (
    "Volodymyr Zelensky",
    "Ukrainian Foreign Ministry",
    "Institute for the Study of War",
    "Russian Ministry of Defence",
    "Oleksandr Syrskyi",
    "Kursk regional governor",
    "Reuters",
    "BBC Verify",
    "Deep State Map",
    "Rybar",
    "UK Defence Intelligence",
    "Pentagon spokesperson",
)


def point(
    fid: int,
    speaker: str,
    day: date,
    qualifier: str,
    value: float,
    unit: str,
    bounds: tuple[float | None, float | None] | None = None,
    *,
    wording: str | None = None,
    period_start: date | None = None,
) -> ChartPoint:
    """A chart point with the interval its qualifier implies, labelled like the service does."""
    low, high = bounds if bounds is not None else implied_bounds(qualifier, value)
    words = WORDS.get(qualifier, "")
    shown = f"{low:,.0f}–{high:,.0f}" if qualifier == "range" else f"{words}{value:,.0f}"
    label = wording or shown
    return ChartPoint(
        figure_id=fid,
        claim_id=fid,
        speaker=speaker,
        as_of=day,
        value=value,
        low=low,
        high=high,
        low_inclusive=qualifier != "more_than",
        high_inclusive=qualifier != "less_than",
        qualifier=qualifier,
        label=f"{label} {unit} ({speaker}, {day.isoformat()})",
        period_start=period_start,
    )


def implied_bounds(qualifier: str, value: float) -> tuple[float | None, float | None]:
    """The interval a qualifier allows around a value."""
    return {
        "exact": (value, value),
        "approximately": (value * 0.9, value * 1.1),
        "at_least": (value, None),
        "more_than": (value, None),
        "at_most": (None, value),
        "less_than": (None, value),
        "range": (value * 0.8, value * 1.2),
    }[qualifier]


def kursk() -> tuple[str, str, list[ChartPoint], list[tuple[int, int]]]:
    """The Kursk incursion demo: Ukrainian, Russian and analysts' figures in August 2024."""
    unit = "km²"
    z, fm, isw, mod = SPEAKERS[0], SPEAKERS[1], SPEAKERS[2], SPEAKERS[3]
    since = date(2024, 8, 6)  # "since August 6", when the incursion began
    points = [
        point(1, z, date(2024, 8, 12), "more_than", 1000, unit, period_start=since),
        point(2, z, date(2024, 8, 14), "more_than", 1000, unit, period_start=since),
        point(3, fm, date(2024, 8, 14), "approximately", 1000, unit),
        point(4, isw, date(2024, 8, 14), "exact", 800, unit),
        point(5, mod, date(2024, 8, 10), "at_most", 500, unit, (0, 500)),
    ]
    title = "Russian territory in Kursk Oblast held by Ukrainian forces"
    return title, unit, points, [(2, 4), (3, 4)]


def crowd() -> tuple[str, str, list[ChartPoint], list[tuple[int, int]]]:
    """A crowd estimate: organisers, police (revised), a newspaper and aerial photos."""
    unit = "people"
    march = date(2024, 3, 2)
    points = [
        point(11, "Organisers", march, "exact", 200_000, unit),
        point(12, "Police", march, "exact", 55_000, unit),
        point(13, "Police", march + timedelta(days=3), "exact", 150_000, unit),
        point(
            14,
            "Daily Courier",
            march + timedelta(days=1),
            "range",
            50_000,
            unit,
            (10_000, 99_999),
            wording="tens of thousands",
        ),
        point(15, "Aerial photo analysis", march + timedelta(days=2), "more_than", 100_000, unit),
    ]
    title = "People at the 2 March climate march in the capital"
    return title, unit, points, [(11, 12), (12, 15), (11, 14), (14, 15)]


def crowded(
    n: int = 200, seed: int = 7
) -> tuple[str, str, list[ChartPoint], list[tuple[int, int]]]:
    """n random figures from 12 speakers over 2024, every qualifier, some conflicting."""
    rng = random.Random(seed)
    unit = "km²"
    points = []
    for fid in range(1, n + 1):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        trend = 400 + 3.2 * (day - date(2024, 1, 1)).days
        speaker = SPEAKERS[rng.randrange(len(SPEAKERS))]
        value = round(trend * rng.uniform(0.75, 1.25), -1)
        points.append(point(fid, speaker, day, rng.choice(QUALIFIERS), value, unit))
    conflicts = []
    for a, b in zip(points[::7], points[3::7], strict=False):
        if a.high is not None and b.low is not None and a.high < b.low:
            conflicts.append((a.figure_id, b.figure_id))
    title = "Territory held by the incursion force (synthetic data, 200 figures)"
    return title, unit, points, conflicts[:8]


def edge_cases() -> dict[str, tuple[str, str, list[ChartPoint], list[tuple[int, int]]]]:
    """Small awkward charts: one figure, one date, equal values, no figures, long title."""
    day = date(2024, 8, 14)
    same_day = [
        point(i, SPEAKERS[i], day, QUALIFIERS[i % 7], 900 + 40 * i, "km²") for i in range(6)
    ]
    equal = [
        point(i, SPEAKERS[i % 3], day + timedelta(days=i), "exact", 1000, "km²") for i in range(4)
    ]
    long_title = "Number of residents evacuated from border districts " * 3
    return {
        "one": (
            "Evacuees from Sudzha",
            "people",
            [point(1, "Kursk regional governor", day, "exact", 2000, "people")],
            [],
        ),
        "same_date": ("Territory claims made on one day", "km²", same_day, []),
        "equal": ("Every source agrees", "km²", equal, []),
        "empty": ("A measure nobody has quantified yet", "km²", [], []),
        "long_title": (long_title.strip(), "km²", equal, []),
    }


def write(
    name: str, title: str, unit: str, points: Sequence[ChartPoint], pairs: Sequence[tuple[int, int]]
) -> None:
    """Render one chart to OUT/name.svg and OUT/name.png."""
    spec = vega_lite_spec(title=title, unit=unit, points=points, conflicts=pairs)
    (OUT / f"{name}.svg").write_text(render_svg(spec), encoding="utf-8")
    (OUT / f"{name}.png").write_bytes(render_png(spec))


def timed(
    points: Sequence[ChartPoint], title: str, unit: str, pairs: Sequence[tuple[int, int]]
) -> None:
    """Print the median time of the spec, the SVG and the PNG of the big chart (warm renderer)."""
    runs: list[tuple[float, float, float]] = []
    for _ in range(5):
        started = time.perf_counter()
        spec = vega_lite_spec(title=title, unit=unit, points=points, conflicts=pairs)
        built = time.perf_counter()
        render_svg(spec)
        svg_done = time.perf_counter()
        render_png(spec)
        png_done = time.perf_counter()
        runs.append((built - started, svg_done - built, png_done - svg_done))
    spec_s, svg_s, png_s = (statistics.median(column) for column in zip(*runs, strict=True))
    print(
        f"{len(points)} figures (median of 5): spec {1000 * spec_s:.0f} ms, "
        f"SVG {1000 * svg_s:.0f} ms, PNG {1000 * png_s:.0f} ms"
    )


def main() -> None:
    """Write every example chart and report timings."""
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    write("kursk", *kursk())
    print(f"first chart (renderer start-up included): {time.perf_counter() - started:.2f} s")
    write("crowd", *crowd())
    write("crowded_200", *crowded())
    for name, case in edge_cases().items():
        write(f"edge_{name}", *case)
    title, unit, points, pairs = crowded()
    timed(points, title, unit, pairs)
    print(f"wrote {len(list(OUT.glob('*.png')))} PNG and SVG pairs to {OUT}")


if __name__ == "__main__":
    main()
