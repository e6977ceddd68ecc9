"""Hand-written page queries for claims: the filters, full-text search, sort and keyset cursor.

Each builder returns SQL with named parameters (`:name`) and the parameters. A page query
gives (id, key) for at most `limit + 1` claims (the extra row only says there is more), with
the ORDER BY that puts its rows back in order once joined to their documents (documents.py).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.core.fields import rating_key

SORT_COLUMNS = {"said_on": "c.said_on", "created_at": "c.created_at"}
# SQLite's statistics say little about one value (a source in 2 claims or in 20,000 look alike),
# so its plans are chosen here: each filter an index lists (every one but has_figures, which
# keeps about half of the claims either way) is counted up to DRIVER_CAP (one statement for all
# of them), and a page either walks the sort order's index testing every condition per claim,
# or starts from the claims in every filter counted in full and sorts them (choose_access).
DRIVER_CAP = 20_000
# A claim a walk reads costs about PROBE_COST times an id a driver lists when the walk must ask
# FTS5 whether the claim matches (measured at 10,000 claims: 7-12 us a probe against 0.3-0.5 us
# an id of a match list), so a search's matches are listed rather than probed while they are
# fewer than that many times the claims a walk would read.
PROBE_COST = 20
# Ranking a match by relevance (its BM25 score, then the sort) costs about a quarter of a probe
# (measured at 1M claims: a tag's 2,568 claims each probed and ranked took 86 ms, ranking all
# 40,082 matches of the words 163 ms; 7,299 against 32,885, 78 against 95 ms).
RANK_COST = 5
# A walk can instead list the search's matches once (SQLite keeps them in a temporary b-tree)
# and test each claim it reads against that list: LISTED of an id's cost a match listed,
# WALKED a claim read and tested (measured at 10,000 claims: about 0.08 us each against 0.4 us
# an id a driver lists, reads and sorts). Best for words in between: too common to list and
# sort every match, too rare for a walk that probes each claim it reads to end soon.
LISTED, WALKED = 0.2, 0.25
# The walk indexes carry what a walk tests most (a speaker by said_on, said dates by created_at).
WALK_INDEXES = {
    "said_on": "ix_claims_said_on_id_speaker",
    "created_at": "ix_claims_created_at_id_said",
}
SPEAKER_WALK_INDEX = "ix_claims_speaker_said_on_id"


@dataclass
class Where:
    """Conditions on claims `c` and their parameters, added one filter at a time."""

    dialect: str
    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    # Filters an index can list, by name: the SELECT of their claim ids, and the condition
    # (in `conditions`) that the id list replaces when the page starts from it.
    drivers: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, condition: str, *, driver: tuple[str, str] | None = None, **params: Any) -> None:
        """One more condition that must hold; `driver` = (name, SELECT of the ids it keeps)."""
        self.conditions.append(condition)
        self.params.update(params)
        if driver is not None:
            self.drivers[driver[0]] = (driver[1], condition)

    def linked(self, table: str, condition: str, *, name: str, **params: Any) -> None:
        """A row of `table` for the claim must satisfy the condition."""
        self.add(
            f"EXISTS (SELECT 1 FROM {table} AS x WHERE x.claim_id = c.id AND {condition})",
            driver=(name, f"SELECT x.claim_id FROM {table} AS x WHERE {condition}"),
            **params,
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
        ids = f"SELECT c.id FROM claims AS c WHERE {condition}"
        where.add(condition, driver=("speaker", ids), **params)
    if filters.measure is not None:
        condition, params = _ref("x.measure_id", "measures", "measure", filters.measure)
        where.linked("figures", condition, name="measure", **params)
    if filters.source is not None:
        where.linked("appearances", "x.source_id = :source", name="source", source=filters.source)
    if filters.tag is not None:
        where.linked("claim_tags", "x.tag = :tag", name="tag", tag=filters.tag)
    _said(where, filters)
    if filters.has_figures is False and filters.measure is not None:
        where.add("1 = 0")  # a figure on the measure and no figure at all: no claim, no walk
    elif filters.has_figures is not None:
        exists = "EXISTS (SELECT 1 FROM figures AS x WHERE x.claim_id = c.id)"
        where.add(exists if filters.has_figures else f"NOT {exists}")
    if filters.rating is not None:
        rating = rating_key(filters.rating)
        where.linked("reviews", "x.rating_key = :rating", name="rating", rating=rating)
    if filters.language is not None:
        ids = "SELECT c.id FROM claims AS c WHERE c.language = :language"
        where.add("c.language = :language", driver=("language", ids), language=filters.language)
    if filters.collapse == "repeats":
        where.add("NOT EXISTS (SELECT 1 FROM repeat_links AS x WHERE x.claim_id = c.id)")
    if match is not None:
        where.add(matches(dialect, probe=probe), driver=("q", match_ids(dialect)), match=match)
    return where


def _said(where: Where, filters: Any) -> None:
    """said_from and said_to, one condition listed by the said_on index."""
    bounds, params = [], {}
    if filters.said_from is not None:
        bounds.append("c.said_on >= :said_from")
        params["said_from"] = _day(where.dialect, filters.said_from)
    if filters.said_to is not None:
        bounds.append("c.said_on <= :said_to")
        params["said_to"] = _day(where.dialect, filters.said_to)
    if bounds:
        condition = " AND ".join(bounds)
        ids = f"SELECT c.id FROM claims AS c WHERE {condition}"
        where.add(condition, driver=("said", ids), **params)


# Ranking more matches than FREQUENT runs in a worker thread (SQLite), off the event loop.
FREQUENT = 5000
# Relevance is ranked over at most RANKED matches. A query matching more is mostly words found
# everywhere, so whether a claim's own text holds them says little, and ranking costs a pass
# over every match: such a search comes newest first ("rank only the page, not every match").
RANKED = 50_000


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


BM25 = "bm25(claims_fts, 10.0, 1.0)"  # text weighs ten times the names and titles


def match_ids(dialect: str) -> str:
    """The SELECT of the ids of the claims that match `:match`."""
    if dialect == "sqlite":
        return "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :match"
    return "SELECT c.id FROM claims AS c WHERE c.search_vector @@ to_tsquery('simple', :match)"


# A search's matches past the cap are estimated from the newest SAMPLE claims (FTS5 seeks its
# doclists by rowid, so this reads at most SAMPLE entries): a word in 30% of a million claims
# counted only to 20,000 looked fifteen times rarer than it is, and the plan started from
# another filter's claims when walking the sort's index would have been three times cheaper.
SAMPLE = 5_000


def driver_counts(where: Where) -> str:
    """One statement: the claims (max id) and each driver's rows, counted up to :cap (the
    search's matches up to :bound), then (SQLite, with a search) when its matches reach
    :bound, those among the newest :sample claims (NULL below: nothing weighs them)."""
    counts = [
        f"(SELECT count(*) FROM ({ids} LIMIT {':bound' if name == 'q' else ':cap'}) AS found)"
        f" AS d{n}"
        for n, (name, (ids, _condition)) in enumerate(where.drivers.items())
    ]
    first = f"SELECT (SELECT max(id) FROM claims) AS claims, {', '.join(counts)}"
    if "q" not in where.drivers or where.dialect != "sqlite":
        return first
    searched = f"d{list(where.drivers).index('q')}"
    sampled = (
        f"CASE WHEN {searched} >= :bound THEN (SELECT count(*) FROM claims_fts "
        "WHERE claims_fts MATCH :match AND rowid > counted.claims - :sample) END"
    )
    return f"WITH counted AS MATERIALIZED ({first}) SELECT counted.*, {sampled} FROM counted"


# The claims whose own text matches, up to :bound (SQLite): weighed only for a relevance page
# that may run in sections.
OWN_COUNT = (
    "SELECT count(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :own_match "
    "LIMIT :bound) AS found"
)


# PostgreSQL: a search's matches, and those of its terms in the claims' own text, among the
# newest :sample claims (by id, read from the primary key: a few ms at a million claims, where
# counting a common word's matches in full read a quarter of the table, 120-220 ms, since every
# GIN match is checked in its row), and every other filter an index lists counted up to :cap
# from the index alone. Its statistics guess a word's share too poorly to plan by: a word in
# 112 of a million claims, searched with its five other forms, was guessed in 2% of them, and
# the date index was walked for 1.8 s (listing its matches: 1 ms); a rating in 5,976 claims
# with two common words walked 81,000 claims (741 ms) where its claims were fewer.
def postgres_counts(where: Where, names: list[str]) -> str:
    """One statement: the claims (max id), the newest :sample claims, the search's matches and
    its own text's (`:own_match`) among them, then each named driver's rows up to :cap."""
    counts = "".join(
        f", (SELECT count(*) FROM ({where.drivers[name][0]} LIMIT :cap) AS found) AS d{n}"
        for n, name in enumerate(names)
    )
    return f"""SELECT (SELECT max(id) FROM claims) AS claims, count(*) AS sampled,
  count(*) FILTER (WHERE c.search_vector @@ to_tsquery('simple', :match)) AS found,
  count(*) FILTER (WHERE c.search_vector @@ to_tsquery('simple', :own_match)) AS own{counts}
  FROM claims AS c WHERE c.id > (SELECT max(id) FROM claims) - :sample"""


def scaled(found: int, sampled: int, claims: int) -> int:
    """Matches among the `sampled` newest claims, as a count over all `claims` (exact when the
    sample held every claim id)."""
    if claims <= SAMPLE or not sampled:
        return found
    return round(found * claims / sampled)


def estimated(counted: int, sampled: int, claims: int, *, cap: int) -> int:
    """The search's matches: as counted below the cap; past it, the share of the newest SAMPLE
    claims that match times the claims (never less than the cap)."""
    if counted < cap or claims <= SAMPLE:
        return counted
    return max(cap, scaled(sampled, SAMPLE, claims))


# "walk" the sort's index ("walk_matches": with the search's matches listed once, not probed per
# claim); or drivers, whose id lists (from indexes only) are intersected before any claim is
# read; None: the engine's planner chooses (PostgreSQL).
Access = str | tuple[str, ...] | None


# A page by date on PostgreSQL either lets the planner choose (None: at a million claims, it
# walks the date index whenever it guesses a page of matches near) or lists the claims of the
# fewest filter (the search's from the GIN index, or another's from its index) and sorts them
# ("listed": ORDER BY an expression no index gives, so the planner starts from the filters). A
# claim listed costs about POSTGRES_LISTED of a claim a walk of the date index reads (measured
# at 1M: 29,979 matches listed in 120 ms; 2,654 claims walked in 38 ms, each in another
# block), so the fewest are listed while they are fewer than a walk would read. A walk by
# said_on skips to a speaker, a language and said dates (their indexes end in said_on).
POSTGRES_LISTED = 0.3
POSTGRES_FREE = frozenset({"speaker", "language", "said"})
# Filters are counted up to POSTGRES_CAP (from their indexes: 1-2 ms at most), and more claims
# than that are listed only where a walk would read more than POSTGRES_CAP * POSTGRES_LISTED,
# which a filter of unknown share (taken as keeping every claim) cannot show.
POSTGRES_CAP = 10_000


def postgres_access(
    sort: str, counts: dict[str, int], claims: int, limit: int, *, listed: int | None = None
) -> Access:
    """'listed' when listing the claims of the filter with the fewest (counted in full: the
    search's estimated matches, or a filter below POSTGRES_CAP) costs less than walking the
    sort's index for a page (about limit / the share every filter counted in full keeps claims
    read, as if they were independent), else the planner's choice. `listed`: the matches the
    GIN index gives, when more than the search keeps (a section of the own text: weights are
    checked in the rows)."""
    free = POSTGRES_FREE if sort.lstrip("-") == "said_on" else frozenset()
    sizes = {n: found for n, found in counts.items() if n == "q" or found < POSTGRES_CAP}
    walked = float(limit + 1)
    for name, found in sizes.items():  # a filter counted to the cap keeps an unknown share
        if name not in free:
            walked *= claims / max(found, 1)
    if listed is not None and "q" in sizes:
        sizes["q"] = listed
    fewest = min(sizes.values(), default=None)
    return "listed" if fewest is not None and fewest * POSTGRES_LISTED < walked else None


def choose_access(sort: str, counts: dict[str, int], claims: int, limit: int) -> Access:
    """The cheapest access path (access_costs) for a page."""
    if sort == "relevance":
        return _relevance_access(counts)
    costs = access_costs(sort, counts, claims, limit)
    return min(costs, key=costs.__getitem__)


def _relevance_access(counts: dict[str, int]) -> Access:
    """By relevance: another filter's claims each probed, when fewer than the matches ranked
    are dear (RANK_COST), else every match ranked."""
    under = sorted((n for n in counts if counts[n] < DRIVER_CAP), key=counts.__getitem__)
    others = [name for name in under if name != "q"]
    few = others and counts[others[0]] * PROBE_COST < counts["q"] * RANK_COST
    return (others[0], *(n for n in under if n != others[0])) if few else ("q",)


def access_costs(
    sort: str,
    counts: dict[str, int],
    claims: int,
    limit: int,
    *,
    full: frozenset[str] = frozenset(),
) -> dict[Access, float]:
    """The cost of each way to a page by date, in ids listed: 'walk' the sort order's index,
    or the drivers whose claims to start from (the fewest, then every other one counted in
    full); or, with a search, 'walk_matches': walk the index testing claims against its
    matches listed.

    Walking reads about limit / (the share of claims every condition keeps) rows, guessed as
    if the filters were independent, and asks FTS5 (PROBE_COST times dearer) about those the
    other conditions keep; drivers read their index entries, then FTS5 is asked about each
    claim in all of them unless the search is one of them (a driver is counted up to
    DRIVER_CAP, so a capped one is never chosen; those in `full` were counted in full). Said
    dates and, by said_on, a speaker cost a walk nothing: its index skips to them.
    """
    under = sorted(
        (n for n in counts if counts[n] < DRIVER_CAP or n in full), key=counts.__getitem__
    )
    if not counts:
        return {"walk": 0.0}
    by_said_on = sort.lstrip("-") == "said_on"
    if not by_said_on and "said" in under:
        # claims are made when said: a walk by created_at skips whole years
        return {tuple(under): float(counts[under[0]])}
    free = {"said", "speaker"} if by_said_on else set()
    share = {name: min(1.0, max(found, 1) / max(claims, 1)) for name, found in counts.items()}
    read = float(limit + 1)  # the claims a walk reads
    for name in counts.keys() - free:
        read /= share[name]
    searched = "q" in counts
    # of which those the other conditions keep are probed: the search keeps limit + 1 of them
    costs: dict[Access, float] = {
        "walk": read + ((limit + 1) / share["q"] * PROBE_COST if searched else 0.0)
    }
    if under:
        # the fewest listed, then each claim in every driver probed unless the search is one
        kept = float(counts[under[0]])
        for name in under[1:]:
            kept *= share[name]
        probes = kept if searched and "q" not in under else 0.0
        costs[tuple(under)] = counts[under[0]] + probes * PROBE_COST
    if "q" in under:
        costs["walk_matches"] = counts["q"] * LISTED + read * WALKED
    return costs


def driven(where: Where, access: tuple[str, ...], conditions: list[str]) -> list[str]:
    """The conditions, the first driver's replaced by the claims in every driver's list."""
    ids = " INTERSECT ".join(where.drivers[name][0] for name in access)
    condition = where.drivers[access[0]][1]
    return [f"c.id IN ({ids})" if c == condition else c for c in conditions]


def _source(where: Where, column: str, access: Access) -> tuple[str, list[str]]:
    """`claims AS c` with SQLite's index hint for the access path, and the conditions."""
    conditions = list(where.conditions)
    if access in (None, "listed"):
        return "claims AS c", conditions
    if access in ("walk", "walk_matches"):
        speaker = "speaker" in where.drivers and column == "c.said_on"
        index = SPEAKER_WALK_INDEX if speaker else WALK_INDEXES[column.removeprefix("c.")]
        return f"claims AS c INDEXED BY {index}", conditions
    return "claims AS c NOT INDEXED", driven(where, tuple(access), conditions)


def ordered_page(
    where: Where, sort: str, after: tuple[Any, int] | None, limit: int, access: Access = None
) -> tuple[str, str, dict[str, Any]]:
    """A page newest or oldest first by said_on or created_at, then id, after a cursor;
    `access` (SQLite) walks the sort's index or starts from a driver's claims."""
    column = SORT_COLUMNS[sort.lstrip("-")]
    descending = sort.startswith("-")
    params = {**where.params, "limit": limit + 1}
    table, conditions = _source(where, column, access)
    # listed (PostgreSQL): sorted by the same values, which no index gives in that order
    by, by_id = (UNINDEXED[column], "c.id + 0") if access == "listed" else (column, "c.id")
    keyset = []
    if after is not None:
        keyset.append(f"({column}, c.id) {'<' if descending else '>'} (:after_key, :after_id)")
        params.update(after_key=after[0], after_id=after[1])
    direction = "DESC" if descending else "ASC"
    order = f"page.key {direction}, page.id {direction}"
    if access == "walk" and matches(where.dialect, probe=True) in conditions:
        params["budget"] = WALK_BUDGET
        return (
            _budgeted_walk(where.dialect, table, column, conditions, keyset, descending),
            order,
            params,
        )
    every = [*conditions, *keyset]
    clause = f"WHERE {' AND '.join(every)}" if every else ""
    page = f"""SELECT c.id AS id, {column} AS key FROM {table} {clause}
      ORDER BY {by} {direction}, {by_id} {direction} LIMIT :limit"""
    return page, order, params


UNINDEXED = {"c.said_on": "(c.said_on + 0)", "c.created_at": "(c.created_at + interval '0 s')"}


# A walk that asks FTS5 about each claim it reads is cheapest when the filters keep many of the
# claims it passes; the plan guesses so as if they were independent. When they are not ("usd"
# with has_figures=false: claims naming a currency nearly all have figures), the walk would
# probe every claim (5.7 s at 1M). So it reads at most WALK_BUDGET claims that way, and if
# the page is not full by then, goes on from the last claim read with the search's matches
# listed once (walk_matches, 0.3 s for that search at 1M): the same rows, in one statement.
WALK_BUDGET = 2_000


def _budgeted_walk(
    dialect: str,
    table: str,
    column: str,
    conditions: list[str],
    keyset: list[str],
    descending: bool,
) -> str:
    """A walk probing the search per claim for WALK_BUDGET claims, then walking on from the
    last claim read testing claims against the search's matches listed."""
    direction = "DESC" if descending else "ASC"
    ahead = "<" if descending else ">"
    probe, listed = matches(dialect, probe=True), matches(dialect)
    # the other conditions stay in the walk's WHERE: the index seeks by them (a speaker, said
    # dates) and they cost little; only the claims they keep are probed and counted
    others = [c for c in conditions if c != probe]
    start = f"WHERE {' AND '.join([*others, *keyset])}" if others or keyset else ""
    order = f"ORDER BY {column} {direction}, c.id {direction}"
    # the first page's claims among the first WALK_BUDGET probed (the walk stops when it is full)
    found = f"""SELECT id, key FROM (SELECT c.id AS id, {column} AS key, {probe} AS ok
        FROM {table} {start} {order} LIMIT :budget) WHERE ok LIMIT :limit"""
    # the last claim of those WALK_BUDGET (none when the walk ended before)
    edge = f"""SELECT key, id FROM (SELECT c.id AS id, {column} AS key FROM {table} {start}
        {order} LIMIT 1 OFFSET :budget - 1)"""
    rest = [*others, listed]
    return f"""WITH found AS MATERIALIZED ({found})
      SELECT id, key FROM found
      UNION ALL
      SELECT id, key FROM (SELECT c.id AS id, {column} AS key FROM {table}
        WHERE (SELECT count(*) FROM found) < :limit AND {" AND ".join(rest)}
          AND ({column}, c.id) {ahead} ({edge})
        {order} LIMIT :limit - (SELECT count(*) FROM found))"""


# Relevance, the same on both engines: the claims whose own text holds every term first (OWN),
# then those found through their speaker's names or their sources' titles; within each, the
# newest said first, then the newest recorded (highest id). One number, lower first:
# -(OWN if own + the day's ordinal), then id descending.
OWN = 10_000_000  # above any day's ordinal (9999-12-31 is 3,652,059)


def day_number(dialect: str, day: str = "c.said_on") -> str:
    """The ordinal of a day (date.toordinal: 0001-01-01 is 1), as an integer on both engines."""
    if dialect == "sqlite":
        return f"CAST(julianday({day}) - 1721424.5 AS INTEGER)"
    # A day PostgreSQL holds as infinity (stored before writes were checked) ranks at an end.
    return f"(least(greatest({day}, DATE '0001-01-01'), DATE '9999-12-31') - DATE '0001-01-01' + 1)"


def rank(dialect: str, own: str) -> str:
    """The relevance key of claim `c` (lower first), given the condition that its own text
    matches (see OWN), as a float on both engines."""
    key = f"-((CASE WHEN {own} THEN {OWN} ELSE 0 END) + {day_number(dialect)})"
    return f"CAST({key} AS {FLOAT[dialect]})"


FLOAT = {"sqlite": "REAL", "postgresql": "double precision"}


def own_text(dialect: str, *, probe: bool = False) -> str:
    """The condition that claim `c`'s own text matches `:own_match` (the terms in the text
    column, as `in=text` searches): probed per claim, or its matches listed once."""
    if dialect != "sqlite":
        return "c.search_vector @@ to_tsquery('simple', :own_match)"
    if probe:
        return (
            "EXISTS (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :own_match "
            "AND claims_fts.rowid = c.id)"
        )
    return "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :own_match)"


def relevance_page(
    where: Where, after: tuple[Any, int] | None, limit: int, access: Access = None
) -> tuple[str, str, dict[str, Any]]:
    """A page of the best matches first (rank, lower first), then id descending, after a cursor; the
    parameters need `:own_match` besides `:match`. `access` (SQLite): another filter's
    claims, when it keeps fewer than the search matches, each probed for the search."""
    params = {**where.params, "limit": limit + 1}
    dialect = where.dialect
    search = (matches(dialect), matches(dialect, probe=True))
    others = [c for c in where.conditions if c not in search]
    kept = []
    if dialect == "sqlite" and isinstance(access, tuple) and access[0] != "q":
        others = driven(where, access, others)
        scored = f"""SELECT c.id AS id, {rank(dialect, own_text(dialect, probe=True))} AS score
            FROM claims AS c NOT INDEXED
            WHERE {" AND ".join([*others, matches(dialect, probe=True)])}"""
    elif dialect == "sqlite":
        scored = f"""SELECT c.id AS id, {rank(dialect, own_text(dialect))} AS score
            FROM claims_fts JOIN claims AS c ON c.id = claims_fts.rowid
            WHERE claims_fts MATCH :match {"".join(" AND " + c for c in others)}"""
    else:
        scored = f"""SELECT c.id AS id, {rank(dialect, own_text(dialect))} AS score
            FROM claims AS c {where.clause()}"""
    if after is not None:
        kept.append("(score > :after_key OR (score = :after_key AND id < :after_id))")
        params.update(after_key=after[0], after_id=after[1])
    keyset = f"WHERE {' AND '.join(kept)}" if kept else ""
    page = f"""SELECT id, score AS key FROM ({scored}) AS scored {keyset}
      ORDER BY score, id DESC LIMIT :limit"""
    return page, "page.key, page.id DESC", params


# Relevance is two newest-first orders one after the other (rank): the claims whose own text
# holds every term, then the others the search finds. So on SQLite a search with SECTIONS_FROM
# matches or more can run as two pages by date (sections), each planned as a search by date is
# (access_costs), when that costs less than ranking every match: a common word's first page
# then reads about a page of claims, where ranking every match cost 100-160 ms for words in
# 30,000-40,000 of a million claims. The rest's section reads nothing (LIMIT 0) when the own
# text's section fills the page. PostgreSQL runs every relevance page so (postgres_access for
# each section): ranking every match read each one's row, 120-300 ms for 30,000 matches.
SECTIONS_FROM = 5_000
LAST_ORDINAL = date.max.toordinal()


@dataclass(frozen=True)
class Section:
    """One section of a relevance page: its conditions (the search as `:match`), how it runs
    (choose_access by -said_on), its match parameter's name in the page, and its rank offset
    (OWN for the claims whose own text matches, else 0)."""

    where: Where
    access: Access
    name: str
    offset: int


def _section_day(key: float, offset: int) -> date:
    """The day a relevance key of a section stands for (a forged key: the nearest day)."""
    ordinal = min(max(-key - offset, 1), LAST_ORDINAL)
    return date.fromordinal(int(ordinal))


def _renamed(sql: str, names: dict[str, str]) -> str:
    """A section's SQL with parameters replaced (`:match` by the section's own name: the two
    sections of one statement search for different things; the rest's `:limit` by what the
    own text's section left)."""
    return re.sub(r":(\w+)\b", lambda found: names.get(found[1], found[0]), sql)


def sectioned_page(
    own: Section, rest: Section | None, after: tuple[Any, int] | None, limit: int
) -> tuple[str, str, dict[str, Any]]:
    """A relevance page as its sections, own text first, each by -said_on, with keys
    and cursors as relevance_page gives them; a cursor past the own text's section skips it."""
    dialect = own.where.dialect
    params: dict[str, Any] = {"limit": limit + 1}
    past_own = after is not None and after[0] > -OWN
    selects = []
    for section in (own, rest):
        if section is None or (section is own and past_own):
            continue
        section_after = None
        if after is not None and (section is rest) == past_own:  # the cursor's own section
            section_after = (_day(dialect, _section_day(after[0], section.offset)), after[1])
        page, _order, section_params = ordered_page(
            section.where, "-said_on", section_after, limit, section.access
        )
        params.update(section_params)
        params[section.name] = params.pop("match")
        names = {"match": f":{section.name}"}
        if section is rest and not past_own:  # a LIMIT 0 reads nothing
            names["limit"] = "(:limit - (SELECT count(*) FROM own))"
        score = f"CAST(-({section.offset} + {day_number(dialect, 'key')}) AS {FLOAT[dialect]})"
        selects.append((_renamed(page, names), score))
    if len(selects) == 1:
        ((page, score),) = selects
        return (
            f"SELECT id, {score} AS key FROM ({page}) AS section",
            "page.key, page.id DESC",
            params,
        )
    (first, first_score), (second, second_score) = selects
    page = f"""WITH own AS MATERIALIZED ({first})
      SELECT id, {first_score} AS key FROM own
      UNION ALL
      SELECT id, {second_score} AS key FROM ({second}) AS rest"""
    return page, "page.key, page.id DESC", params
