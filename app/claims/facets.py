"""Facet counts over the claims that match the filters: speaker, measure, tag, year.

One statement. Without filters, each facet counts straight from its covering index (speakers
from claims' speaker index, tags from the tag index, years as said_on ranges); with filters,
the matching claims are collected once and every facet counts over them.
"""

from typing import Any, Literal

from app.claims.listing import ClaimFilters, Runner, selection
from app.claims.sql.pages import Where

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


# Years counted as said_on ranges on an index: no sort of a million derived values. A day
# PostgreSQL holds as infinity (9999-12-31 written before writes were checked) has no year.
# Each year's range is clipped to the said_on bounds asked for, so the index is walked from the
# year's first day in the window, not from the window's; the counts are stored before they are
# filtered and sorted (inlined, each year would be counted once per use).
YEARS = {
    "sqlite": """SELECT 'year' AS facet, value, value AS label, NULL AS slug, n FROM (
        WITH RECURSIVE years(y) AS (
            SELECT CAST(substr(first.said_on, 1, 4) AS INTEGER) FROM (SELECT c.said_on
                FROM claims AS c {where_said} ORDER BY c.said_on LIMIT 1) AS first
            UNION ALL SELECT y + 1 FROM years
            WHERE y < (SELECT CAST(substr(c.said_on, 1, 4) AS INTEGER)
                FROM claims AS c {where_said} ORDER BY c.said_on DESC LIMIT 1)),
        counted AS MATERIALIZED (SELECT printf('%04d', y) AS value,
            (SELECT count(*) FROM claims AS c {where_year}) AS n FROM years)
        SELECT value, n FROM counted WHERE n > 0) AS years_counted""",
    "postgresql": """SELECT 'year' AS facet, lpad(CAST(y AS text), 4, '0') AS value,
        lpad(CAST(y AS text), 4, '0') AS label, NULL AS slug, n FROM (
        WITH counted AS MATERIALIZED (
            SELECT y, (SELECT count(*) FROM claims AS c {where_year}) AS n FROM generate_series(
                (SELECT CAST(extract(year FROM c.said_on) AS integer) FROM claims AS c
                 {where_finite} ORDER BY c.said_on LIMIT 1),
                (SELECT CAST(extract(year FROM c.said_on) AS integer) FROM claims AS c
                 {where_finite} ORDER BY c.said_on DESC LIMIT 1)) AS y)
        SELECT y, n FROM counted WHERE n > 0) AS years_counted""",
}
# The first and the day after the last of year `y`, clipped to the bounds asked for.
YEAR_FROM = {"sqlite": "printf('%04d-01-01', y)", "postgresql": "make_date(y, 1, 1)"}
YEAR_TO = {"sqlite": "printf('%04d-01-01', y + 1)", "postgresql": "make_date(y + 1, 1, 1)"}
LATER = {"sqlite": "max", "postgresql": "greatest"}


def years_sql(dialect: str, others: list[str], said_from: bool, said_to: bool) -> str:
    """Claims per year under the `others` conditions and the said_on bounds `:said_from`,
    `:said_to` where given, counted per year on the said_on indexes."""
    said = others + ["c.said_on >= :said_from"] * said_from + ["c.said_on <= :said_to"] * said_to
    start = YEAR_FROM[dialect]
    if said_from:
        start = f"{LATER[dialect]}({start}, :said_from)"
    year = [f"c.said_on >= {start}", f"c.said_on < {YEAR_TO[dialect]}"]
    year += ["c.said_on <= :said_to"] * said_to
    finite = [*said, "isfinite(c.said_on)"]
    return YEARS[dialect].format(
        where_said=_where(said), where_year=_where(others + year), where_finite=_where(finite)
    )


def _where(conditions: list[str]) -> str:
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""


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
        "year": years_sql(dialect, [], False, False),
    }


# Filters that are columns of claims, each listed in said_on order by an index: with no other,
# every facet reads the claims itself (SQLite and PostgreSQL walk the index once per facet
# faster than they store the matches and read them again), and years count per said_on range.
DIRECT = frozenset({"speaker", "language", "said_from", "said_to", "search_in"})


def facets_sql(dialect: str, names: tuple[Facet, ...], where: Where, filters: ClaimFilters) -> str:
    """The top `:size` values of each facet, most frequent first, in one statement (`where`:
    the conditions of `filters`)."""
    direct = set(filters.model_dump(exclude_defaults=True)) <= DIRECT
    if not where.conditions:
        branches = _whole_branches(dialect)
    else:
        branches = _matched_branches(dialect)
        if direct:
            said = where.drivers.get("said", ("", ""))[1]
            others = [condition for condition in where.conditions if condition != said]
            branches["year"] = years_sql(
                dialect, others, filters.said_from is not None, filters.said_to is not None
            )
    parts = [
        f"SELECT * FROM ({branches[name]} ORDER BY n DESC, value LIMIT :size) AS facet_{name}"
        for name in names
    ]
    union = "\nUNION ALL\n".join(parts)
    if not where.conditions:
        return union
    materialized = "NOT MATERIALIZED " if direct else "MATERIALIZED "
    matched = (
        f"SELECT c.id AS id, c.speaker_id AS speaker_id, {YEAR[dialect]} AS year "
        f"FROM claims AS c {where.clause()}"
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
        facets_sql(dialect, facets, where, filters), {**where.params, "size": size}, True
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
