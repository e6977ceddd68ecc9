"""Facet counts over the claims that match the filters: speaker, measure, tag, year.

One statement. Without filters, each facet counts straight from its covering index (speakers
from claims' speaker index, tags from the tag index, years as said_on ranges); with filters,
the matching claims are collected once and every facet counts over them.
"""

from typing import Any, Literal

from app.claims.listing import ClaimFilters, Runner, selection

Facet = Literal["speaker", "measure", "tag", "year"]
FACETS: tuple[Facet, ...] = ("speaker", "measure", "tag", "year")

YEAR = {"sqlite": "substr(c.said_on, 1, 4)", "postgresql": "to_char(c.said_on, 'YYYY')"}
TEXT = {"sqlite": "TEXT", "postgresql": "text"}


def _matched_branches(dialect: str) -> dict[str, str]:
    t = TEXT[dialect]
    return {
        # counted by id first: only the top `:size` speakers are joined for their names
        "speaker": f"""SELECT 'speaker' AS facet, CAST(s.id AS {t}) AS value, s.name AS label,
            s.slug AS slug, top.n AS n FROM (SELECT speaker_id, count(*) AS n FROM matched
            GROUP BY speaker_id ORDER BY n DESC, CAST(speaker_id AS {t}) LIMIT :size) AS top
            JOIN speakers AS s ON s.id = top.speaker_id""",
        "measure": f"""SELECT 'measure' AS facet, CAST(m.id AS {t}) AS value, m.name AS label,
            m.slug AS slug, count(DISTINCT f.claim_id) AS n FROM matched
            JOIN figures AS f ON f.claim_id = matched.id JOIN measures AS m ON m.id = f.measure_id
            GROUP BY m.id, m.name, m.slug""",
        "tag": """SELECT 'tag' AS facet, t.tag AS value, t.tag AS label, NULL AS slug,
            count(*) AS n FROM matched JOIN claim_tags AS t ON t.claim_id = matched.id
            GROUP BY t.tag""",
        "year": """SELECT 'year' AS facet, year AS value, year AS label, NULL AS slug,
            count(*) AS n FROM matched WHERE year IS NOT NULL GROUP BY year""",
    }


# Years counted as said_on ranges on the index: no sort of a million derived values. A day
# PostgreSQL holds as infinity (9999-12-31 written before writes were checked) has no year.
YEARS = {
    "sqlite": """SELECT 'year' AS facet, value, value AS label, NULL AS slug, n FROM (
        WITH RECURSIVE years(y) AS (
            SELECT CAST(substr(min(said_on), 1, 4) AS INTEGER) FROM claims
            UNION ALL SELECT y + 1 FROM years
            WHERE y < (SELECT CAST(substr(max(said_on), 1, 4) AS INTEGER) FROM claims))
        SELECT printf('%04d', y) AS value, (SELECT count(*) FROM claims
            WHERE said_on >= printf('%04d-01-01', y) AND said_on < printf('%04d-01-01', y + 1)) AS n
        FROM years) AS counted WHERE n > 0""",
    "postgresql": """SELECT 'year' AS facet, CAST(y AS text) AS value, CAST(y AS text) AS label,
        NULL AS slug, n FROM (SELECT y, (SELECT count(*) FROM claims
            WHERE said_on >= make_date(y, 1, 1) AND said_on < make_date(y + 1, 1, 1)) AS n
        FROM generate_series(
            (SELECT CAST(extract(year FROM min(said_on)) AS integer) FROM claims
             WHERE isfinite(said_on)),
            (SELECT CAST(extract(year FROM max(said_on)) AS integer) FROM claims
             WHERE isfinite(said_on))) AS y)
        AS counted WHERE n > 0""",
}


def _whole_branches(dialect: str) -> dict[str, str]:
    t = TEXT[dialect]
    return {
        "speaker": f"""SELECT 'speaker' AS facet, CAST(s.id AS {t}) AS value, s.name AS label,
            s.slug AS slug, counted.n AS n FROM (SELECT speaker_id, count(*) AS n FROM claims
            GROUP BY speaker_id) AS counted JOIN speakers AS s ON s.id = counted.speaker_id""",
        "measure": f"""SELECT 'measure' AS facet, CAST(m.id AS {t}) AS value, m.name AS label,
            m.slug AS slug, counted.n AS n FROM (SELECT measure_id, count(DISTINCT claim_id) AS n
            FROM figures GROUP BY measure_id) AS counted
            JOIN measures AS m ON m.id = counted.measure_id""",
        "tag": """SELECT 'tag' AS facet, tag AS value, tag AS label, NULL AS slug, count(*) AS n
            FROM claim_tags GROUP BY tag""",
        "year": YEARS[dialect],
    }


def facets_sql(dialect: str, names: tuple[Facet, ...], where_clause: str) -> str:
    """The top `:size` values of each facet, most frequent first, in one statement."""
    branches = _matched_branches(dialect) if where_clause else _whole_branches(dialect)
    parts = [
        f"SELECT * FROM ({branches[name]} ORDER BY n DESC, value LIMIT :size) AS facet_{name}"
        for name in names
    ]
    union = "\nUNION ALL\n".join(parts)
    if not where_clause:
        return union
    materialized = "MATERIALIZED " if dialect in ("sqlite", "postgresql") else ""
    matched = (
        f"SELECT c.id AS id, c.speaker_id AS speaker_id, {YEAR[dialect]} AS year "
        f"FROM claims AS c {where_clause}"
    )
    return f"WITH matched AS {materialized}({matched})\n{union}"


def _value(facet: str, raw: Any) -> int | str:
    return int(raw) if facet in ("speaker", "measure", "year") else str(raw)


async def facet_counts(
    run: Runner, dialect: str, *, filters: ClaimFilters, facets: tuple[Facet, ...], size: int
) -> dict[str, list[dict[str, Any]]]:
    """The top `size` values of each facet with their claim counts."""
    where = selection(dialect, filters)
    rows = await run(
        facets_sql(dialect, facets, where.clause()), {**where.params, "size": size}, True
    )
    result: dict[str, list[dict[str, Any]]] = {facet: [] for facet in facets}
    for facet, value, label, slug, count in rows:
        entry: dict[str, Any] = {
            "value": _value(facet, value),
            "label": str(label),
            "count": int(count),
        }
        if slug is not None:
            entry["slug"] = slug
        result[facet].append(entry)
    for entries in result.values():
        entries.sort(key=lambda entry: (-entry["count"], str(entry["value"])))
    return result
