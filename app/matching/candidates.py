"""The stored claims worth scoring against a query, from the indexes each engine has.

Four small look-ups, each bounded by PER_SOURCE: full-text (any of the query's words, by
BM25 on SQLite and ts_rank on PostgreSQL), the speaker's claims nearest in time, claims with
a figure on the query's measures nearest in time, and claims with a figure near a figure read
from the query's text (on any measure whose unit it fits: the way a translation with the same
figure is found), PER_VALUE of them, the nearest first. Then the read forms, one statement.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from app.claims.listing import Runner
from app.claims.sql.documents import documents_sql
from app.claims.sql.pages import BM25
from app.core.fields import shifted
from app.matching.figures import QueryFigure, fits
from app.search.query import Term, any_fts5, any_tsquery
from app.units import converter

PER_SOURCE = 30
SEARCH_TERMS = 8  # the longest words: each more ranks every claim holding it
FIGURES = 3
UNITS = 3  # a figure is looked for on the measures of at most this many units
VALUE_SPAN = 2.0
NEAR_SHARE = 0.05
PER_VALUE = 10  # claims a figure read from the text brings, on each unit it fits
NEAR_DAYS = 30
PREFIX_LETTERS = 6
# Only the newest RANKED matches are ranked: a common word matches a good part of the store.
RANKED = 1000
# On a store of LARGE claims or more (SQLite), a word in COMMON_SHARE of the newest SAMPLE
# claims is left out of the ranking (see _uncommon).
LARGE, SAMPLE, COMMON_SHARE = 50_000, 2_000, 0.1
FULL_TEXT = {
    "sqlite": f"""SELECT rowid FROM (
    SELECT rowid, {BM25} AS score FROM claims_fts WHERE claims_fts MATCH :match
    ORDER BY rowid DESC LIMIT {RANKED}) AS pool
ORDER BY score LIMIT :limit""",
    "postgresql": f"""SELECT id FROM (
    SELECT c.id, ts_rank(c.search_vector, to_tsquery('simple', :match)) AS score
    FROM claims AS c WHERE c.search_vector @@ to_tsquery('simple', :match)
    ORDER BY c.id DESC LIMIT {RANKED}) AS pool
ORDER BY score DESC LIMIT :limit""",
}
# PostgreSQL guesses how many claims a search matches from its statistics, and a guess ten times
# too many (11,548 for 901 at a million claims) walks the primary key newest first through the
# whole table for RANKED matches that are not there (0.8 s). On a large store the newest SAMPLE
# claims tell instead: a walk reads about RANKED / share rows, listing from the GIN index about
# share * claims rows, each LISTED_COST times dearer (measured at a million claims: rechecking a
# candidate's tsvector for the claim's own words costs about 3 us against 0.8 us a row walked,
# and the index hands over candidates with the words anywhere, about twice the matches). So
# terms found (together) in less than sqrt(RANKED / (LISTED_COST * claims)) of the newest
# claims are listed ("c.id + 0" keeps the planner off the key's order), more common ones walked.
LISTED_COST = 8
LISTED_POSTGRES = FULL_TEXT["postgresql"].replace("ORDER BY c.id DESC", "ORDER BY c.id + 0 DESC")
BY_SPEAKER = """SELECT id FROM claims WHERE speaker_id = :speaker
AND said_on BETWEEN :said_from AND :said_to ORDER BY said_on DESC LIMIT :limit"""
BY_MEASURE = """SELECT claim_id FROM figures WHERE measure_id = :measure
AND as_of BETWEEN :said_from AND :said_to ORDER BY as_of DESC LIMIT :limit"""
# Claims with a figure near a value on the measures of a unit, in one statement: the nearest
# first within NEAR_SHARE of it (ix_figures_measure_value: a few index rows a measure), then
# any within VALUE_SPAN, for when those are too few.
_ON_UNIT = "FROM figures WHERE measure_id IN (SELECT id FROM measures WHERE unit = :unit)"
BY_VALUE = f"""SELECT claim_id, tier, gap FROM (
    SELECT claim_id, 0 AS tier, abs(norm_value - :value) AS gap {_ON_UNIT}
    AND norm_value BETWEEN :near_low AND :near_high ORDER BY gap, claim_id LIMIT :limit) AS near
UNION ALL SELECT claim_id, tier, gap FROM (
    SELECT claim_id, 1 AS tier, 0.0 AS gap {_ON_UNIT}
    AND norm_value BETWEEN :low AND :high LIMIT :limit) AS wide
ORDER BY tier, gap, claim_id"""
# The measures' units, each once, in the order they first appear.
UNITS_SQL = "SELECT unit FROM measures GROUP BY unit ORDER BY min(id)"
IDS = {
    "sqlite": "SELECT CAST(value AS INTEGER) AS id, NULL AS key FROM json_each(:ids)",
    "postgresql": "SELECT CAST(x AS BIGINT) AS id, NULL AS key "
    "FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) AS x",
}


@dataclass(frozen=True, slots=True)
class Wanted:
    """What to look for: the query's search words, speaker, day and figures."""

    words: Sequence[str]
    speaker_id: int | None
    said_on: date | None
    figures: Sequence[QueryFigure]


def _terms(words: Iterable[str], *, prefixes: bool, most: int) -> tuple[Term, ...]:
    """One term a word, the first `most`; with prefixes, a long word by its beginning."""
    terms = dict.fromkeys(
        Term((word[:PREFIX_LETTERS],), prefix=True)
        if prefixes and len(word) > PREFIX_LETTERS
        else Term((word,))
        for word in words
    )
    return tuple(terms)[:most]


def _days(dialect: str, said_on: date | None) -> dict[str, Any]:
    """The span of days looked at around said_on (ISO text for SQLite's raw driver)."""
    if said_on is None:
        span = {"said_from": date.min, "said_to": date.max}
    else:
        span = {"said_from": shifted(said_on, -NEAR_DAYS), "said_to": shifted(said_on, NEAR_DAYS)}
    if dialect == "sqlite":
        return {name: day.isoformat() for name, day in span.items()}
    return span


async def full_text_ids(
    run: Runner,
    dialect: str,
    words: Sequence[str],
    *,
    prefixes: bool = True,
    most: int = SEARCH_TERMS,
) -> list[int]:
    """The claims holding any of the first `most` words, most relevant first (BM25 /
    ts_rank)."""
    terms = _terms(words, prefixes=prefixes, most=most)
    if not terms:
        return []
    # the claim's own words, as scoring compares them: not its speaker's names or sources
    statement = FULL_TEXT[dialect]
    if dialect == "sqlite":
        match = any_fts5(await _uncommon(run, terms), text_only=True)
    else:
        terms, share, claims = await _uncommon_postgres(run, terms)
        match = any_tsquery(terms, text_only=True)
        if share is not None and share * share * LISTED_COST * claims < RANKED:
            statement = LISTED_POSTGRES
    params = {"match": match, "limit": PER_SOURCE}
    return [row[0] for row in await run(statement, params, True)]


async def _uncommon_postgres(
    run: Runner, terms: tuple[Term, ...]
) -> tuple[tuple[Term, ...], float | None, int]:
    """PostgreSQL: on a store of LARGE claims or more, the terms without those in COMMON_SHARE
    or more of the newest SAMPLE claims (as _uncommon on SQLite: ranking reads every match
    of a word in most claims, and it says little), the share of those claims holding any
    term kept (at most: overlaps count twice), and the claims (max id). On a smaller store
    every term is kept and the share is None (the planner's guess is taken). One statement,
    reading the newest SAMPLE claims once on a large store, nothing on a small one."""
    tested = ", ".join(
        f"count(*) FILTER (WHERE newest.search_vector @@ to_tsquery('simple', :t{n}))"
        for n in range(len(terms))
    )
    statement = f"""SELECT store.claims, CASE WHEN store.claims >= :large THEN (
        SELECT ARRAY[{tested}] FROM (SELECT search_vector FROM claims ORDER BY id DESC
        LIMIT :sample) AS newest) END FROM (SELECT max(id) AS claims FROM claims) AS store"""
    params = {f"t{n}": any_tsquery((term,), text_only=True) for n, term in enumerate(terms)}
    row = (await run(statement, {**params, "large": LARGE, "sample": SAMPLE}, False))[0]
    claims, found = int(row[0] or 0), row[1]
    if found is None:
        return terms, None, claims
    kept = _kept(terms, found)
    return tuple(term for term, _n in kept), sum(n for _term, n in kept) / SAMPLE, claims


async def _uncommon(run: Runner, terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The terms without those in COMMON_SHARE or more of the newest SAMPLE claims, once the
    store holds LARGE claims (SQLite): FTS5's bm25 reads a term's whole doclist to weigh it,
    50 ms for a word in most of a million claims, and such a word says little about which
    claims are the same. The least common term stays when every one is common. One statement;
    on a smaller store it counts nothing (each count is NULL), on a large one each count is
    bounded by SAMPLE."""
    if len(terms) < 2:
        return terms
    newest = "(SELECT max(id) FROM claims)"
    counted = ", ".join(
        f"CASE WHEN {newest} >= :large THEN (SELECT count(*) FROM claims_fts "
        f"WHERE claims_fts MATCH :t{n} AND rowid > {newest} - :sample) END"
        for n in range(len(terms))
    )
    params = {f"t{n}": any_fts5((term,), text_only=True) for n, term in enumerate(terms)}
    counts = await run(f"SELECT {counted}", {**params, "large": LARGE, "sample": SAMPLE}, False)
    found = list(counts[0])
    if found[0] is None:  # a store under LARGE claims: every word ranks
        return terms
    return tuple(term for term, _n in _kept(terms, found))


def _kept(terms: tuple[Term, ...], found: Sequence[int]) -> list[tuple[Term, int]]:
    """The terms (with their counts among the newest SAMPLE claims) found in fewer than
    COMMON_SHARE of them; the least common one when every term is that common."""
    counted = list(zip(terms, found, strict=True))
    kept = [(term, n) for term, n in counted if n < COMMON_SHARE * SAMPLE]
    return kept or [min(counted, key=lambda pair: pair[1])]


def _units_fitting(figure: QueryFigure, units: Sequence[Any]) -> list[str]:
    """The first UNITS of the measures' units that a figure read from text fits."""
    return [unit for (unit,) in units if fits(figure.unit, unit)][:UNITS]


async def _by_value(
    run: Runner, dialect: str, figure: QueryFigure, units: Sequence[Any]
) -> list[int]:
    """Claims with a figure near the query's on a measure it fits: the PER_VALUE nearest
    within NEAR_SHARE, or else any within VALUE_SPAN."""
    said = figure.value
    if said is None or not said:
        return []
    found = []
    for unit in _units_fitting(figure, units):
        value = converter(figure.unit, unit)(said)
        near_low, near_high = sorted((value / (1 + NEAR_SHARE), value * (1 + NEAR_SHARE)))
        low, high = sorted((value / VALUE_SPAN, value * VALUE_SPAN))
        params = {"unit": unit, "value": value, "limit": PER_VALUE, "low": low, "high": high}
        rows = await run(BY_VALUE, params | {"near_low": near_low, "near_high": near_high}, False)
        found += list(dict.fromkeys(row[0] for row in rows))[:PER_VALUE]
    return found


async def candidate_ids(run: Runner, dialect: str, wanted: Wanted) -> list[int]:
    """The ids of the claims worth scoring, each once."""
    found = await full_text_ids(run, dialect, wanted.words)
    days = _days(dialect, wanted.said_on)
    if wanted.speaker_id is not None:
        params = {"speaker": wanted.speaker_id, "limit": PER_SOURCE, **days}
        found += [row[0] for row in await run(BY_SPEAKER, params, False)]
    units: Sequence[Any] | None = None
    for figure in wanted.figures[:FIGURES]:
        if figure.measure_id is not None:
            params = {"measure": figure.measure_id, "limit": PER_SOURCE, **days}
            found += [row[0] for row in await run(BY_MEASURE, params, False)]
            continue
        if units is None:
            units = await run(UNITS_SQL, {}, False)
        found += await _by_value(run, dialect, figure, units)
    return list(dict.fromkeys(found))


async def read_forms(
    run: Runner, dialect: str, ids: Sequence[int], *, tolerance: float
) -> list[dict[str, Any]]:
    """The read forms of these claims, in the order of their ids."""
    if not ids:
        return []
    sql = documents_sql(dialect, IDS[dialect], "page.id")
    rows = await run(sql, {"ids": orjson.dumps(list(ids)).decode(), "tolerance": tolerance}, True)
    return [orjson.loads(row[2]) for row in rows]
