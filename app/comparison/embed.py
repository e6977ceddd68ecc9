"""A measure's chart as a page to embed in an article: the chart, its figures, its sources.

One HTML document with the SVG chart inline, a table of the figures drawn (who, the words as
said, the figure in the measure's unit with its qualifier, as of when, the source), and a
credit line. It asks for nothing else: no scripts, fonts, styles or images from anywhere (its
Content-Security-Policy says so), so it can sit in an `<iframe>` on any newsroom's page.
"""

from datetime import date
from html import escape
from typing import Any

from app.comparison.chart_data import measure_words, said_words

# Nothing but the page itself: inline styles, the inline chart and the font inside it, links
# readers may follow.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors *"
)
STYLE = """
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 0; padding: 12px; color: #1a1a1a; background: #fff; }
figure { margin: 0; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin-top: 12px; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.day { white-space: nowrap; }
.credit { color: #555; font-size: 12px; margin-top: 8px; }
"""


def _source(figure: dict[str, Any]) -> str:
    source = figure.get("source")
    if not source:
        return ""
    title = escape(source.get("title") or source["url"])
    return f'<a href="{escape(source["url"])}" rel="noopener nofollow" target="_top">{title}</a>'


def _row(figure: dict[str, Any], unit: str) -> str:
    return (
        f"<tr><td>{escape(figure['speaker']['name'])}</td>"
        f"<td>{escape(said_words(figure))}</td>"
        f'<td class="num">{escape(measure_words(figure, unit))}</td>'
        f'<td class="day">{escape(figure["as_of"].isoformat())}</td>'
        f"<td>{_source(figure)}</td></tr>"
    )


def embed_page(drawn: dict[str, Any], svg: str, *, today: date) -> str:
    """The page for a chart comparison (service.chart_comparison) and its rendered SVG."""
    name, unit = drawn["measure"]["name"], drawn["unit"]
    figures = drawn["figures"]
    shown = len(figures)
    total = drawn["figures_total"]
    count = f"{shown:,} figures" if shown == total else f"{shown:,} of {total:,} figures"
    publishers = sorted(
        {f["source"].get("title") or f["source"]["url"] for f in figures if f.get("source")}
    )
    rows = "".join(_row(figure, unit) for figure in figures)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(name)}: claims compared</title><style>{STYLE}</style></head><body>"
        f'<figure>{svg}<figcaption class="credit">Chart and data: claimtrack, {count} as '
        f"recorded on {today.isoformat()}, from {len(publishers)} source"
        f"{'' if len(publishers) == 1 else 's'} listed below.</figcaption></figure>"
        "<table><thead><tr><th>Who</th><th>Said</th>"
        f'<th class="num">In {escape(unit)}</th><th>As of</th><th>Source</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></body></html>"
    )
