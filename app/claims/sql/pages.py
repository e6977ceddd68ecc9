"""Hand-written page queries for claims: the filters, full-text search, sort and keyset cursor.

Each builder returns SQL with named parameters (`:name`) and the parameters. A page query
gives (id, key) for at most `limit + 1` claims (the extra row only says there is more), with
the ORDER BY that puts its rows back in order once joined to their documents (documents.py).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SORT_COLUMNS = {"said_on": "c.said_on", "created_at": "c.created_at"}


@dataclass
class Where:
    """Conditions on claims `c` and their parameters, added one filter at a time."""

    dialect: str
    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, condition: str, **params: Any) -> None:
        """One more condition that must hold."""
        self.conditions.append(condition)
        self.params.update(params)

    def linked(self, table: str, condition: str, **params: Any) -> None:
        """A row of `table` for the claim must satisfy the condition."""
        self.add(
            f"EXISTS (SELECT 1 FROM {table} AS x WHERE x.claim_id = c.id AND {condition})", **params
        )

    def clause(self) -> str:
        """The WHERE clause (empty without conditions)."""
        return f"WHERE {' AND '.join(self.conditions)}" if self.conditions else ""


def _ref(column: str, table: str, name: str, value: int | str) -> tuple[str, dict[str, Any]]:
    if isinstance(value, int):
        return f"{column} = :{name}", {name: value}
    live = f"(SELECT id FROM {table} WHERE slug = :{name})"
    # A slug no live row has may be one merged away: it finds the merge's target (see merging).
    merged = (
        f"(SELECT m.into_id FROM merges AS m WHERE m.kind = '{table}' AND m.from_slug = :{name} "
        "ORDER BY m.id DESC LIMIT 1)"
    )
    return f"{column} = coalesce({live}, {merged})", {name: value}


def _day(dialect: str, value: date) -> Any:
    return value.isoformat() if dialect == "sqlite" else value


def filters_where(dialect: str, filters: Any, match: str | None, *, probe: bool = False) -> Where:
    """The conditions of a ClaimFilters, and of a full-text match in the engine's syntax."""
    where = Where(dialect)
    if filters.speaker is not None:
        condition, params = _ref("c.speaker_id", "speakers", "speaker", filters.speaker)
        where.add(condition, **params)
    if filters.measure is not None:
        condition, params = _ref("x.measure_id", "measures", "measure", filters.measure)
        where.linked("figures", condition, **params)
    if filters.source is not None:
        where.linked("appearances", "x.source_id = :source", source=filters.source)
    if filters.tag is not None:
        where.linked("claim_tags", "x.tag = :tag", tag=filters.tag)
    if filters.said_from is not None:
        where.add("c.said_on >= :said_from", said_from=_day(dialect, filters.said_from))
    if filters.said_to is not None:
        where.add("c.said_on <= :said_to", said_to=_day(dialect, filters.said_to))
    if filters.has_figures is not None:
        exists = "EXISTS (SELECT 1 FROM figures AS x WHERE x.claim_id = c.id)"
        where.add(exists if filters.has_figures else f"NOT {exists}")
    if filters.rating is not None:
        where.linked("reviews", "lower(x.rating_label) = :rating", rating=filters.rating.lower())
    if filters.language is not None:
        where.add("c.language = :language", language=filters.language)
    if match is not None:
        where.add(matches(dialect, probe=probe), match=match)
    return where


# Searches sorted by date, for words in more claims than FREQUENT: walk the date index and ask
# FTS5 about each claim (a page fills after a few probes); fewer: collect the matches, then sort.
FREQUENT = 5000
# Relevance is ranked over at most RANKED matches. A query matching more is mostly words found
# everywhere, whose BM25 weight is near its floor, so ranking says little and costs a pass over
# every match: such a search comes newest first ("rank only the page, not every match").
RANKED = 50_000
# Matches counted up to :bound (RANKED + 1 before ranking, FREQUENT before a date sort).
COUNT_MATCHES = {
    "sqlite": "SELECT count(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :match "
    "LIMIT :bound)",
    "postgresql": "SELECT count(*) FROM (SELECT 1 FROM claims AS c WHERE "
    "c.search_vector @@ to_tsquery('simple', :match) LIMIT :bound) AS found",
}


def matches(dialect: str, *, probe: bool = False) -> str:
    """The condition that claim `c` matches the full-text query `:match`."""
    if dialect != "sqlite":
        return "c.search_vector @@ to_tsquery('simple', :match)"
    if probe:
        return (
            "EXISTS (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :match "
            "AND claims_fts.rowid = c.id)"
        )
    return "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :match)"


def ordered_page(
    where: Where, sort: str, after: tuple[Any, int] | None, limit: int
) -> tuple[str, str, dict[str, Any]]:
    """A page newest or oldest first by said_on or created_at, then id, after a cursor."""
    column = SORT_COLUMNS[sort.lstrip("-")]
    descending = sort.startswith("-")
    params = {**where.params, "limit": limit + 1}
    conditions = list(where.conditions)
    if after is not None:
        conditions.append(f"({column}, c.id) {'<' if descending else '>'} (:after_key, :after_id)")
        params.update(after_key=after[0], after_id=after[1])
    clause = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    direction = "DESC" if descending else "ASC"
    page = f"""SELECT c.id AS id, {column} AS key FROM claims AS c {clause}
      ORDER BY {column} {direction}, c.id {direction} LIMIT :limit"""
    return page, f"page.key {direction}, page.id {direction}", params


def relevance_page(
    where: Where, after: tuple[Any, int] | None, limit: int
) -> tuple[str, str, dict[str, Any]]:
    """A page of the best matches first (lower score is better), then id, after a cursor."""
    params = {**where.params, "limit": limit + 1}
    others = [c for c in where.conditions if c != matches(where.dialect)]
    if where.dialect == "sqlite":
        # The claims table is joined only for other filters: FTS5 rows are claims already.
        joined = " JOIN claims AS c ON c.id = claims_fts.rowid" if others else ""
        scored = f"""SELECT claims_fts.rowid AS id, bm25(claims_fts, 10.0, 1.0) AS score
            FROM claims_fts{joined}
            WHERE claims_fts MATCH :match {"".join(" AND " + c for c in others)}"""
    else:
        scored = f"""SELECT c.id AS id,
            -CAST(ts_rank(c.search_vector, to_tsquery('simple', :match)) AS double precision)
            AS score FROM claims AS c
            {where.clause()}"""
    keyset = ""
    if after is not None:
        keyset = "WHERE (score, id) > (:after_key, :after_id)"
        params.update(after_key=after[0], after_id=after[1])
    page = f"""SELECT id, score AS key FROM ({scored}) AS scored {keyset}
      ORDER BY score, id LIMIT :limit"""
    return page, "page.key, page.id", params
