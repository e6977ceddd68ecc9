"""Direct labels beside a few figures, placed so that they overlap neither marks nor each other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHAR_PX = 6.6  # a generous average advance of an 11 px sans-serif character
LINE_PX = 14.0
GAP_PX = 4.0
CANDIDATES = (  # (dx, dy, align) from the mark's anchor, in order of preference
    (1, 0, "left"),
    (-1, 0, "right"),
    (1, -1, "left"),
    (1, 1, "left"),
    (-1, -1, "right"),
    (-1, 1, "right"),
    (0, -1, "center"),
    (0, 1, "center"),
    (1, -2, "left"),
    (-1, -2, "right"),
    (1, 2, "left"),
    (-1, 2, "right"),
)


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in plot pixels (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box) -> bool:
        """True when the two rectangles overlap."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, width: float, height: float) -> bool:
        """True when the rectangle lies within the plot."""
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a label's text anchor goes, in plot pixels, and how the text is aligned."""

    x: float
    y: float
    align: str


def text_box(x: float, y: float, text: str, align: str) -> Box:
    """The rectangle a one-line label covers when anchored at (x, y)."""
    width = len(text) * CHAR_PX
    x0 = {"left": x, "right": x - width, "center": x - width / 2}[align]
    return Box(x0 - 1, y - LINE_PX / 2, x0 + width + 1, y + LINE_PX / 2)


def _attempts(mark: Box, text: str) -> list[tuple[Placed, Box]]:
    """Each candidate position around a mark, with the box its label would cover."""
    cx, cy = (mark.x0 + mark.x1) / 2, (mark.y0 + mark.y1) / 2
    out = []
    for dx, dy, align in CANDIDATES:
        x = cx if dx == 0 else (mark.x1 + GAP_PX if dx > 0 else mark.x0 - GAP_PX)
        y = cy if dy == 0 else (mark.y0 - LINE_PX / 2 if dy < 0 else mark.y1 + LINE_PX / 2)
        if dx != 0 and dy != 0:
            y = cy + dy * (LINE_PX / 2 + 2)
            x = cx + dx * GAP_PX if abs(dy) > 1 else x
        placed = Placed(x, y, align)
        out.append((placed, text_box(x, y, text, align)))
    return out


def place_labels(
    anchors: Sequence[Box],
    texts: Sequence[str],
    obstacles: Sequence[Box],
    width: float,
    height: float,
) -> list[Placed | None]:
    """For each anchor mark, a spot for its text clear of every mark and label, or None."""
    taken = list(obstacles)
    result: list[Placed | None] = []
    for mark, text in zip(anchors, texts, strict=True):
        spot = None
        for placed, box in _attempts(mark, text):
            if box.inside(width, height) and not any(box.hits(t) for t in taken):
                spot = placed
                taken.append(box)
                break
        result.append(spot)
    return result
