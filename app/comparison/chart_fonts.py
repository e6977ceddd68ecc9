"""The charts' font, the same wherever a chart is seen.

vl-convert lays a chart out with the metrics of the font it finds; a browser draws the SVG with
the fonts its reader has, so a legend measured for one font was clipped in another. Charts are
laid out in Source Sans Pro (SIL OFL, from the font-source-sans-pro package), registered with
vl-convert, and each SVG carries that font itself: the regular and bold faces cut down to the
characters the chart shows (fontTools' subsetter), as data URLs in an @font-face rule. Glyphs
the font lacks fall back to the next family named, as before.
"""

import base64
import functools
import html
import io
import re
from pathlib import Path

import vl_convert
from font_source_sans_pro import font_directory
from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Source Sans Pro"
FACES = {"normal": "SourceSansPro-Regular.ttf", "bold": "SourceSansPro-Bold.ttf"}
TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
SVG_OPEN = re.compile(r"<svg\b[^>]*>")


@functools.cache
def register() -> None:
    """Let vl-convert lay charts out in the embedded font (once per process)."""
    vl_convert.register_font_directory(font_directory)


def shown_text(svg: str) -> str:
    """Every character the SVG's text elements show."""
    return "".join(html.unescape(TAG.sub("", found)) for found in TEXT.findall(svg))


@functools.lru_cache(maxsize=256)
def _subset(face: str, characters: str) -> bytes:
    """The face cut down to these characters (and what shaping them needs), as TrueType."""
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(Path(font_directory) / FACES[face])
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_faces(characters: str) -> str:
    """The @font-face rules that carry these characters in both weights."""
    wanted = "".join(sorted(set(characters) | {" "}))
    rules = []
    for weight, face in (("normal", "normal"), ("bold", "bold")):
        data = base64.b64encode(_subset(face, wanted)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};font-style:normal;"
            f"src:url(data:font/ttf;base64,{data}) format('truetype')}}"
        )
    return "".join(rules)


def with_fonts(svg: str) -> str:
    """The SVG with the font of its text inside it."""
    opening = SVG_OPEN.search(svg)
    if opening is None:
        return svg
    style = f"<defs><style>{font_faces(shown_text(svg))}</style></defs>"
    return svg[: opening.end()] + style + svg[opening.end() :]
