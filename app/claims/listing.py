"""Claim lists: filters, full-text search, sort orders and keyset cursors, in one statement.

Pages are chosen and their documents built by hand-written SQL (claims/sql/); a `Runner` runs
it, either on the raw fast connections (reads) or inside a write's session (reading back).
"""

import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import read_guard
from app.claims.refs import IdOrName
from app.claims.sql import pages
from app.claims.sql.documents import documents_sql
from app.claims.sql.pages import (
    FREQUENT,
    OWN_COUNT,
    RANK_COST,
    RANKED,
    SECTIONS_FROM,
    Access,
    Section,
    Where,
    access_costs,
    choose_access,
    driver_counts,
    filters_where,
    ordered_page,
    relevance_page,
    sectioned_page,
)
from app.core.errors import Unprocessable
from app.core.fields import AnyDay, Language, Name, Tag, clean_text
from app.core.pagination import IsoText, Kind, decode_cursor, encode_cursor
from app.db.fast import FastReads
from app.db.replicas import ReadTarget
from app.db.session import get_database, read_target
from app.db.statements import statement
from app.search.query import Term, parse, to_fts5, to_tsquery
from app.search.snippets import snippets

SortOrder = Literal["relevance", "said_on", "-said_on", "created_at", "-created_at"]
# What a cursor's sort key holds; SQLite may give dates and times back as ISO 8601 text.
CURSOR_KEY_KINDS: dict[str, type] = {"said_on": date, "created_at": datetime, "relevance": float}
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Runner = Callable[[str, dict[str, Any], bool], Awaitable[Sequence[Any]]]


class ClaimFilters(BaseModel):
    """Filters on claims; all given filters must hold."""

    model_config = ConfigDict(populate_by_name=True)  # `in` by its name search_in too

    q: SearchText | None = Field(
        default=None,
        description="Full text over claim text, speaker names and aliases, source titles. "
        'Every word must match; "quoted phrase"; prefix*.',
    )
    search_in: Literal["all", "text"] = Field(
        default="all",
        alias="in",
        description="Where `q` looks: `all` (the claim's text, its speaker's names and aliases, "
        "its sources' titles) or `text` (the claim's own words only).",
    )
    speaker: IdOrName | None = Field(
        default=None,
        description="Speaker id, slug, name or alias (any case); one that names no speaker is "
        "a 404.",
    )
    measure: IdOrName | None = Field(
        default=None,
        description="Only claims with a figure on this measure (id, slug or name; one that "
        "names no measure is a 404).",
    )
    source: IdOrName | None = Field(
        default=None,
        description="Only claims appearing in this source: its id, URL or title (any case; a "
        "title several sources share is a 422 listing them, one that names no source a 404).",
        examples=[1, "https://x.com/ZelenskyyUa"],
    )
    tag: Tag | None = None
    said_from: AnyDay | None = Field(default=None, description="said_on on or after this date.")
    said_to: AnyDay | None = Field(default=None, description="said_on on or before this date.")
    has_figures: bool | None = None
    rating: Name | None = Field(
        default=None,
        description="Only claims with a review of this rating label (any case and script, "
        "accents of Latin letters aside).",
    )
    language: Language | None = None
    collapse: Literal["repeats"] | None = Field(
        default=None,
        description="`repeats`: leave out claims linked as repeats of another; each original "
        "stays, listing its repeats (`repeats`) and their reviews (`known_reviews`).",
    )


def search_terms(filters: ClaimFilters) -> tuple[Term, ...] | None:
    """The parsed `q`, or None; 422 when it holds nothing to search for."""
    if filters.q is None:
        return None
    try:
        return parse(clean_text(filters.q))
    except ValueError as exc:
        raise Unprocessable(f"q: {exc}", loc=["query", "q"]) from None


def match_text(dialect: str, filters: ClaimFilters) -> str | None:
    """`q` in the engine's full-text query language (in the claim text alone with in=text),
    or None without `q`."""
    terms = search_terms(filters)
    if terms is None:
        return None
    text_only = filters.search_in == "text"
    if dialect == "sqlite":
        return to_fts5(terms, text_only=text_only)
    return to_tsquery(terms, text_only=text_only)


def selection(
    dialect: str,
    filters: ClaimFilters,
    extra: Sequence[str] = (),
    *,
    probe: bool = False,
    match: str | None = None,
) -> Where:
    """Every condition of the filters, full-text search included (`match` instead of q's, for
    a section of a relevance page); 422 for impossible ones."""
    if filters.said_from and filters.said_to and filters.said_from > filters.said_to:
        raise Unprocessable("said_from is after said_to", loc=["query", "said_from"])
    match = match if match is not None else match_text(dialect, filters)
    where = filters_where(dialect, filters, match, probe=probe)
    for condition in extra:
        where.add(condition)
    return where


@dataclass(frozen=True)
class PageQuery:
    """One page's statement, its parameters, and how its cursors are labelled."""

    sql: str
    params: dict[str, Any]
    label: str
    heavy: bool


def _label(sort: str, terms: tuple[Term, ...] | None) -> str:
    if sort != "relevance":
        return sort
    # "relevance2": the order since relevance ranks own words then days on both engines (a
    # cursor of the earlier BM25 order is refused, not misread)
    return f"relevance2:{zlib.crc32(repr(terms).encode()):08x}"


def own_match(dialect: str, terms: tuple[Term, ...]) -> str:
    """The search terms in the claim's own text, in the engine's query language: what ranks a
    claim among the first (pages.OWN)."""
    if dialect == "sqlite":
        return to_fts5(terms, text_only=True)
    return to_tsquery(terms, text_only=True)


def sections(
    dialect: str, filters: ClaimFilters, extra: Sequence[str], access: tuple[Access, Access]
) -> tuple[Section, Section | None]:
    """A relevance page's sections: the claims whose own text matches, then (unless
    the search is in the text alone) the others it finds, each run as `access` says."""
    terms = search_terms(filters)
    own = own_match(dialect, terms)  # type: ignore[arg-type]
    found = match_text(dialect, filters)

    def section(match: str, how: Access, name: str, offset: int) -> Section:
        probe = how not in (None, "walk_matches")
        where = selection(dialect, filters, extra, probe=probe, match=match)
        return Section(where, how, name, offset)

    first = section(own, access[0], "own_match", pages.OWN)
    if found == own:
        return first, None
    rest = f"({found}) NOT ({own})" if dialect == "sqlite" else f"({found}) & !({own})"
    return first, section(rest, access[1], "rest_match", 0)


def page_query(
    dialect: str,
    filters: ClaimFilters,
    *,
    sort: str | None,
    cursor: str | None,
    limit: int,
    tolerance: float,
    extra: Sequence[str] = (),
    access: Access = None,
    split: tuple[Access, Access] | None = None,
    heavy: bool = False,
    with_text: bool = False,
) -> PageQuery:
    """The statement for one page of claims as documents; 422/400 for impossible requests.

    `access` (SQLite, pages by date): "walk" the sort's index or start from a driver's claims;
    then a search is a probe of the full-text index per claim, unless it is the driver or
    the walk tests claims against its matches listed ("walk_matches"). `split` (SQLite, by
    relevance): run as two sections by date, own text first, each with its access path."""
    where = selection(dialect, filters, extra, probe=access not in (None, "walk_matches"))
    terms = search_terms(filters)
    sort = sort or ("relevance" if terms else "-said_on")
    if sort == "relevance" and terms is None:
        raise Unprocessable("sort=relevance needs a search text in q", loc=["query", "sort"])
    label = _label(sort, terms)
    after = None
    if cursor is not None:
        base = CURSOR_KEY_KINDS[sort.lstrip("-")]
        kind: Kind = (base, IsoText) if dialect == "sqlite" and base is not float else base
        key, last_id = decode_cursor(cursor, order=label, kinds=(kind, int))
        after = (key, last_id)
    if sort == "relevance" and split is not None:
        page, order, params = sectioned_page(
            *sections(dialect, filters, extra, split), after, limit
        )
    elif sort == "relevance":
        page, order, params = relevance_page(where, after, limit, access)
        params["own_match"] = own_match(dialect, terms)  # type: ignore[arg-type]
    else:
        page, order, params = ordered_page(where, sort, after, limit, access)
    sql = documents_sql(dialect, page, order, with_text=with_text and terms is not None)
    return PageQuery(sql, {**params, "tolerance": tolerance}, label, heavy)


@dataclass(frozen=True)
class ClaimPage:
    """Claim documents (UTF-8 JSON), the next cursor, and the total when asked."""

    documents: list[bytes]
    next_cursor: str | None
    total: int | None = None
    order_note: str | None = None
    texts: list[str] | None = None  # the claims' texts, read with a search's page

    def json(self) -> bytes:
        """The page as the list envelope, without parsing the documents."""
        items = b",".join(self.documents)
        body = b'{"items":[' + items + b'],"next_cursor":' + orjson.dumps(self.next_cursor)
        if self.total is not None:
            body += b',"total":' + str(self.total).encode()
        return body + b"}"

    def items(self) -> list[dict[str, Any]]:
        """The documents parsed."""
        return [orjson.loads(document) for document in self.documents]

    def with_snippets(self, terms: tuple[Term, ...]) -> "ClaimPage":
        """The page with each claim's `snippet`: why it matched these search terms."""
        texts = self.texts
        if texts is None:
            texts = [orjson.loads(document)["text"] for document in self.documents]
        documents = [  # a JSON object: the snippet joins it before its "}"
            bytes(document).rstrip()[:-1] + b',"snippet":' + orjson.dumps(shown) + b"}"
            for document, shown in zip(self.documents, snippets(texts, terms), strict=True)
        ]
        return replace(self, documents=documents)


@dataclass(frozen=True)
class SearchPlan:
    """How a page runs: its order, and its access path (SQLite: choose_access; PostgreSQL:
    the planner's, or its matches listed: postgres_access)."""

    sort: str | None
    access: Access = None
    note: str | None = None
    heavy: bool = False
    split: tuple[Access, Access] | None = None  # by relevance, in sections (sectioned_page)


async def search_plan(
    run: Runner,
    dialect: str,
    filters: ClaimFilters,
    sort: str | None,
    *,
    limit: int,
    extra: Sequence[str] = (),
) -> SearchPlan:
    """Count, as far as the choice needs, to choose how a page runs; one statement (two for a
    relevance page that may run in sections: _sections_plan).

    Ranked: the matches up to RANKED + 1 (more are served newest first). On SQLite, pages by
    date: every filter an index lists, up to DRIVER_CAP, to walk the sort's index or start
    from the fewest claims. PostgreSQL: a search's matches estimated from the newest claims
    (_postgres_plan); its planner chooses the rest. The counts are bounded, so they run on the
    event loop; ranking many matches goes to a thread.
    """
    ranked = filters.q is not None and sort in (None, "relevance")
    if dialect == "sqlite":
        where = selection(dialect, filters, extra, probe=True)
        if not where.drivers:
            return SearchPlan(sort, access=None if ranked else "walk")
        bound = RANKED + 1 if ranked else pages.DRIVER_CAP
        params = {**where.params, "cap": pages.DRIVER_CAP, "bound": bound, "sample": pages.SAMPLE}
        row = (await run(driver_counts(where), params, False))[0]
        claims = int(row[0] or 0)
        counts = dict(zip(where.drivers, map(int, row[1 : 1 + len(where.drivers)]), strict=True))
        if "q" in counts:  # past its bound, a search's matches are estimated from a sample
            counts["q"] = pages.estimated(counts["q"], int(row[-1] or 0), claims, cap=bound)
    elif filters.q is not None:
        return await _postgres_plan(run, filters, sort, ranked=ranked, limit=limit, extra=extra)
    else:
        return SearchPlan(sort)
    sort, ranked, note = _past_ranked(sort, ranked, counts.get("q", 0))
    if ranked:
        access = choose_access("relevance", counts, claims, limit) if claims else None
        if access == ("q",) and counts["q"] >= SECTIONS_FROM:
            split = await _sections_plan(run, filters, counts, claims, limit)
            if split is not None:  # listing up to RANKED matches: off the event loop
                return SearchPlan(sort, split=split, heavy=True)
        return SearchPlan(
            sort, access=access, heavy=access in (None, ("q",)) and counts["q"] >= FREQUENT
        )
    access = choose_access(sort or "-said_on", counts, claims, limit) if claims else None
    return SearchPlan(sort, access=access, note=note)


UNRANKED = f"-said_on (q matches more than {RANKED} claims; ranking them says little)"


def _past_ranked(sort: str | None, ranked: bool, found: int) -> tuple[str | None, bool, str | None]:
    """The order, whether it is ranked, and its note: relevance with more than RANKED matches
    comes newest first instead (both engines)."""
    if ranked and found > RANKED:
        return "-said_on", False, UNRANKED
    return sort, ranked, None


async def _postgres_plan(
    run: Runner,
    filters: ClaimFilters,
    sort: str | None,
    *,
    ranked: bool,
    limit: int,
    extra: Sequence[str],
) -> SearchPlan:
    """PostgreSQL, with a search: its matches and its own text's estimated from the newest
    claims and the other filters counted (one statement, pages.postgres_counts); a relevance
    page in sections; each page or section listed from its fewest claims or left to the
    planner (postgres_access)."""
    where = selection("postgresql", filters, extra)
    params = {
        **where.params,
        "own_match": own_match("postgresql", search_terms(filters)),  # type: ignore[arg-type]
        "sample": pages.SAMPLE,
        "cap": pages.POSTGRES_CAP,
    }
    # by said_on (relevance too), a walk skips to a speaker, a language, said dates: uncounted
    by_said_on = ranked or (sort or "-said_on").lstrip("-") == "said_on"
    free = pages.POSTGRES_FREE if by_said_on else frozenset()
    names = [name for name in where.drivers if name != "q" and name not in free]
    row = [int(n or 0) for n in (await run(pages.postgres_counts(where, names), params, False))[0]]
    claims, sampled = row[0], row[1]
    found, own = (pages.scaled(n, sampled, claims) for n in row[2:4])
    others = dict(zip(names, row[4:], strict=True))
    sort, ranked, note = _past_ranked(sort, ranked, found)
    if not ranked:
        access = pages.postgres_access(sort or "-said_on", {**others, "q": found}, claims, limit)
        return SearchPlan(sort, access=access, note=note)
    split = (
        pages.postgres_access("-said_on", {**others, "q": own}, claims, limit, listed=found),
        pages.postgres_access(
            "-said_on", {**others, "q": found - own}, claims, limit, listed=found
        ),
    )
    return SearchPlan(sort, split=split)


async def _sections_plan(
    run: Runner, filters: ClaimFilters, counts: dict[str, int], claims: int, limit: int
) -> tuple[Access, Access] | None:
    """How a relevance page runs in sections (SQLite), or None when ranking every match is
    cheaper: the claims whose own text matches are counted (one statement), and their
    section's cheapest access by date weighed against RANK_COST a match."""
    own_text = own_match("sqlite", search_terms(filters))  # type: ignore[arg-type]
    counted = await run(OWN_COUNT, {"own_match": own_text, "bound": RANKED + 1}, False)
    own = int(counted[0][0])
    first, cost = _section_access({**counts, "q": own}, claims, limit)
    if cost >= counts["q"] * RANK_COST:
        return None
    return first, _section_access({**counts, "q": counts["q"] - own}, claims, limit)[0]


def _section_access(counts: dict[str, int], claims: int, limit: int) -> tuple[Access, float]:
    """A section's cheapest access by date, and its cost. Its matches are counted in full (up to
    RANKED: the search's, less or only the own text's), so they can be listed past DRIVER_CAP;
    a walk probing FTS5 per claim is not weighed: its guess is the least sure (a filter
    counted only to DRIVER_CAP, claims read from the table), and at a million claims such
    walks cost two to four times their guess where ranking costs its own."""
    costs = access_costs("-said_on", counts, claims, limit, full=frozenset({"q"}))
    costs.pop("walk", None)  # ("q",) is always left: the search is counted in full
    best = min(costs, key=costs.__getitem__)
    return best, costs[best]


async def page_claims(
    run: Runner,
    dialect: str,
    *,
    filters: ClaimFilters,
    sort: str | None,
    limit: int,
    cursor: str | None,
    count: bool,
    tolerance: float,
    extra: Sequence[str] = (),
    snippets: bool = False,
) -> ClaimPage:
    """One page of claims, in one statement (one more with the total, and one more with `q`
    to count its matches, which decides how the search runs); with snippets, a search's page
    also reads its claims' texts (ClaimPage.texts, what with_snippets cuts from)."""
    plan = await search_plan(run, dialect, filters, sort, limit=limit, extra=extra)
    query = page_query(
        dialect,
        filters,
        sort=plan.sort,
        cursor=cursor,
        limit=limit,
        tolerance=tolerance,
        extra=extra,
        access=plan.access,
        split=plan.split,
        heavy=plan.heavy,
        with_text=snippets,
    )
    total = None
    if count:
        where = selection(dialect, filters, extra)
        counted = await run(
            f"SELECT count(*) FROM claims AS c {where.clause()}", where.params, True
        )
        total = int(counted[0][0])
    rows = list(await run(query.sql, query.params, query.heavy))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(query.label, (rows[-1][1], rows[-1][0]))
    texts = [row[3] for row in rows] if snippets and search_terms(filters) is not None else None
    return ClaimPage([row[2] for row in rows], next_cursor, total, plan.note, texts)


def fast_runner(fast: FastReads) -> Runner:
    """Run on the raw read connections."""

    async def run(sql: str, params: dict[str, Any], heavy: bool) -> Sequence[Any]:
        return await fast.fetch(sql, params, heavy=heavy)

    return run


def session_runner(session: AsyncSession) -> Runner:
    """Run inside a session's transaction (to read back what it wrote)."""

    async def run(sql: str, params: dict[str, Any], heavy: bool) -> Sequence[Any]:
        return (await session.execute(statement(sql), params)).all()

    return run


@dataclass(frozen=True)
class Reads:
    """What a read of claims needs: the database it reads from, its raw runner, the dialect,
    the tolerance."""

    target: ReadTarget
    run: Runner
    dialect: str
    tolerance: float


async def claim_reads(request: Request) -> Reads:
    """The read guard passed, what a read of claims needs (called in the hottest routes,
    instead of a dependency, which FastAPI resolves at a real cost per request)."""
    await read_guard(request)
    target = read_target(request)
    tolerance: float = request.app.state.settings.approx_tolerance
    return Reads(target, fast_runner(target.fast), get_database(request).dialect, tolerance)


# One dependency for the hot read routes: each dependency costs FastAPI real time per request.
ReadsDep = Annotated[Reads, Depends(claim_reads)]
ClaimFiltersQuery = Annotated[ClaimFilters, Query()]
SortQuery = Annotated[
    SortOrder | None,
    Query(
        description="said_on, -said_on, created_at, -created_at, or relevance (the default with q)."
    ),
]
