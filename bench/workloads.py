"""What each server is asked: the workloads, with parameters sampled from the data.

Ids, speakers and words vary per request (wrk picks a random path of the list each time).
Rare words: letters-only terms in a few dozen claims per million; common words: the ten
terms in most claims (found with an fts5vocab table in the temp schema, so the file is not
touched). The deep page is page 1,000 (or the middle page of a smaller list): its claimtrack
cursor is computed from the row before it, in claimtrack's order (said_on DESC, id DESC), and
Datasette's `_next` token by running the keyset statements Datasette itself runs, page after
page (its first page breaks said_on ties in index order, the later ones by id ascending); the
benchmark checks both against walking the real APIs. Facets: the workload compared with
Datasette asks each time for one of 20,000 said_on windows, each bounded by the dates of two
claims drawn at random, so claimtrack's per-process memo (128 results) cannot answer it; the
fixed-URL facet workloads are kept, labelled cached, and count for no target.
"""

import itertools
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

from datasette.utils import tilde_encode

from app.core.pagination import encode_cursor

PAGE = 50
DEEP_PAGE = 1000
WINDOWS = 20_000  # distinct facet filters: at most 128 (the memo's size) of them remembered
DS_LIST = f"_size={PAGE}&_nocount=1&_nofacet=1"


@dataclass(frozen=True)
class Parameters:
    """Values sampled from one database for the workloads."""

    claims: int
    ids: list[int]
    speakers: list[int]
    rare: list[str]
    rare_docs: tuple[int, int]
    common: list[str]
    common_docs: tuple[int, int]
    deep_page: int
    cursor: str
    datasette_next: str
    windows: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Workload:
    """One kind of request, as each server spells it; a server without paths gets n/a."""

    key: str
    title: str
    kind: str  # get, list, search or facets
    paths: dict[str, list[str]]
    not_available: dict[str, str] = field(default_factory=dict)
    shared: bool = True  # comparable with Datasette (counts for the 4x target)
    slow: bool = False  # fewer connections, longer runs
    note: str = ""
    cached: bool = False  # claimtrack answers from its per-process memo: counts for no target


def deep_page_number(claims: int) -> int:
    """Page 1,000, or the middle page when the list is shorter than 1,001 pages."""
    pages = claims // PAGE
    return DEEP_PAGE if pages > DEEP_PAGE else max(2, pages // 2)


def claimtrack_cursor(db: sqlite3.Connection, page: int) -> str:
    """The next_cursor claimtrack gives on the page before `page`: from its last row, in
    claimtrack's order (said_on DESC, id DESC)."""
    said_on, last_id = db.execute(
        "SELECT said_on, id FROM claims ORDER BY said_on DESC, id DESC LIMIT 1 OFFSET ?",
        ((page - 1) * PAGE - 1,),
    ).fetchone()
    return encode_cursor("-said_on", (date.fromisoformat(said_on), last_id))


def datasette_next(db: sqlite3.Connection, page: int) -> str:
    """The `_next` token Datasette gives on the page before `page` with _sort_desc=said_on.

    Found by running the statements Datasette runs: its first page is ordered by said_on
    alone (ties come in index order), later pages by said_on DESC then id ascending.
    """
    said_on, last_id = db.execute(
        f"SELECT said_on, id FROM claims ORDER BY said_on DESC LIMIT 1 OFFSET {PAGE - 1}"
    ).fetchone()
    for _ in range(page - 2):
        said_on, last_id = db.execute(
            "SELECT said_on, id FROM claims WHERE (said_on < :p0 OR said_on IS NULL "
            "OR (said_on = :p0 AND id > :p1)) ORDER BY said_on DESC, id "
            f"LIMIT 1 OFFSET {PAGE - 1}",
            {"p0": said_on, "p1": last_id},
        ).fetchone()
    return f"{tilde_encode(str(said_on))},{tilde_encode(str(last_id))}"


def _words(db: sqlite3.Connection, low: int, high: int) -> list[tuple[str, int]]:
    rows = db.execute(
        "SELECT term, doc FROM temp.bench_vocab WHERE term GLOB '[a-z]*' "
        "AND term NOT GLOB '*[^a-z]*' AND doc BETWEEN ? AND ? ORDER BY term",
        (low, high),
    ).fetchall()
    return [(str(term), int(docs)) for term, docs in rows]


def search_words(db: sqlite3.Connection, claims: int, rng: random.Random) -> dict[str, object]:
    """Up to 50 rare words and the 10 most common ones, with their claim counts."""
    db.execute("CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, claims_fts, row)")
    low, high = max(1, claims // 50_000), max(3, claims // 10_000)
    rare = _words(db, low, high)
    rare = sorted(rng.sample(rare, min(50, len(rare))))
    common = db.execute(
        "SELECT term, doc FROM temp.bench_vocab WHERE term NOT GLOB '*[^a-z]*' "
        "ORDER BY doc DESC, term LIMIT 10"
    ).fetchall()
    return {
        "rare": [word for word, _ in rare],
        "rare_docs": (min(d for _, d in rare), max(d for _, d in rare)),
        "common": [str(word) for word, _ in common],
        "common_docs": (min(int(d) for _, d in common), max(int(d) for _, d in common)),
    }


def date_windows(db: sqlite3.Connection, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` distinct (from, to) said_on windows, each bounded by the dates of two claims
    drawn at random: facet requests the per-process memo (128 entries) can rarely answer."""
    counted = db.execute("SELECT said_on, count(*) FROM claims GROUP BY said_on").fetchall()
    days, weights = [str(day) for day, _ in counted], [int(n) for _, n in counted]
    windows: set[tuple[str, str]] = set()
    while len(windows) < min(count, len(days) * (len(days) - 1) // 2):
        low, high = sorted(rng.choices(days, weights=weights, k=2))
        if low != high:
            windows.add((low, high))
    return sorted(windows)


def sample(path: Path, seed: int) -> Parameters:
    """Draw the workload parameters from a generated SQLite file (a new seed each run: no
    fixed set of ids, speakers, words or windows to tune to)."""
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        claims = db.execute("SELECT max(id) FROM claims").fetchone()[0] or 0
        speakers = [row[0] for row in db.execute("SELECT DISTINCT speaker_id FROM claims")]
        page = deep_page_number(claims)
        words = search_words(db, claims, rng)
        return Parameters(
            claims=claims,
            ids=rng.sample(range(1, claims + 1), min(1000, claims)),
            speakers=rng.sample(sorted(speakers), min(200, len(speakers))),
            rare=words["rare"],  # type: ignore[arg-type]
            rare_docs=words["rare_docs"],  # type: ignore[arg-type]
            common=words["common"],  # type: ignore[arg-type]
            common_docs=words["common_docs"],  # type: ignore[arg-type]
            deep_page=page,
            cursor=claimtrack_cursor(db, page),
            datasette_next=datasette_next(db, page),
            windows=date_windows(db, rng, WINDOWS),
        )
    finally:
        db.close()


def _claimtrack(p: Parameters) -> dict[str, list[str]]:
    return {
        "get": [f"/v1/claims/{i}" for i in p.ids],
        "speaker": [f"/v1/claims?speaker={s}&limit={PAGE}" for s in p.speakers],
        "first": [f"/v1/claims?limit={PAGE}"],
        "deep": [f"/v1/claims?limit={PAGE}&cursor={p.cursor}"],
        "search_rare": [f"/v1/claims?q={w}&limit={PAGE}" for w in p.rare],
        "search_common": [f"/v1/claims?q={w}&limit={PAGE}" for w in p.common],
        "search_newest": [f"/v1/claims?q={w}&sort=-said_on&limit={PAGE}" for w in p.common],
        "facets_window": [
            f"/v1/claims/facets?facet=speaker,year&said_from={low}&said_to={high}"
            for low, high in p.windows
        ],
        "facets_shared": ["/v1/claims/facets?facet=speaker,year"],
        "facets": ["/v1/claims/facets"],
    }


def _datasette(p: Parameters, db: str) -> dict[str, list[str]]:
    table = f"/{db}/claims"
    newest = f"{table}.json?{DS_LIST}&_sort_desc=said_on"
    facets = f"{table}.json?_facet=speaker_id&_facet_date=said_on&_facet_size=20&_size=0&_nocount=1"
    return {
        "get": [f"{table}/{i}.json" for i in p.ids],
        "speaker": [f"{newest}&speaker_id={s}" for s in p.speakers],
        "first": [newest],
        "deep": [f"{newest}&_next={quote(p.datasette_next)}"],
        "search_rare": [f"{table}.json?{DS_LIST}&_search={w}" for w in p.rare],
        "search_common": [f"{table}.json?{DS_LIST}&_search={w}" for w in p.common],
        "search_newest": [f"{newest}&_search={w}" for w in p.common],
        "facets_window": [
            f"{facets}&said_on__gte={low}&said_on__lte={high}" for low, high in p.windows
        ],
    }


TITLES = {
    "get": ("get by id", "get"),
    "speaker": ("speaker's claims, newest first", "list"),
    "first": ("first page, newest first", "list"),
    "deep": ("deep page (page {deep})", "list"),
    "search_rare": ("search, rare word", "search"),
    "search_common": ("search, common word", "search"),
    "search_newest": ("search, common word, newest first", "search"),
    "facets_window": ("facets: speaker + year, random date window", "facets"),
    "facets_shared": ("facets: speaker + year (cached)", "facets"),
    "facets": ("facets: speaker, measure, tag, year (cached)", "facets"),
}
CACHED = ("facets_shared", "facets")
NOTES = {
    "get": "Datasette: the claims row only (no figures, sources, tags, reviews, speaker).",
    "search_rare": "Datasette: matches in id order (no relevance sort in its table view).",
    "search_common": "Datasette: id order, no ranking: not comparable with bm25 ordering.",
    "facets_window": "every request a different said_on window (20,000 of them, drawn from "
    "the data), so claimtrack's memo (128 entries) cannot answer it; Datasette: speaker_id and "
    "said_on by day (_facet_date), no year facet without changing the schema; the floor counts "
    "over every claim only.",
    "facets_shared": "claimtrack: one fixed URL, answered from its per-process memo after the "
    "first request; Datasette and the floor count every time.",
    "facets": "claimtrack: one fixed URL, answered from its per-process memo.",
}
MISSING = {
    "datasette": {
        "facets_shared": "Datasette keeps no facet counts between requests (see the random "
        "window row)",
        "facets": "its facets count columns of one table: no measure, no tag",
    },
    "floor": {"facets_window": "the floor counts facets over every claim only"},
}


def build(p: Parameters, datasette_db: str) -> list[Workload]:
    """The workloads, in the order they are run and printed."""
    ct, ds = _claimtrack(p), _datasette(p, datasette_db)
    workloads = []
    for key, (title, kind) in TITLES.items():
        missing = {server: why[key] for server, why in MISSING.items() if key in why}
        paths = {"claimtrack": ct[key], "floor": ct[key], "datasette": ds.get(key, [])}
        workloads.append(
            Workload(
                key=key,
                title=title.format(deep=f"{p.deep_page:,}"),
                kind=kind,
                paths={server: found for server, found in paths.items() if server not in missing},
                not_available=missing,
                shared=key not in ("search_common", *CACHED),
                slow=kind == "facets" or key in ("search_common", "search_newest"),
                note=NOTES.get(key, ""),
                cached=key in CACHED,
            )
        )
    return workloads


# --- the filter matrix (issue 12) -------------------------------------------------------------

# Every documented filter of GET /v1/claims and the sort, each alone and in every pair.
MATRIX = (
    "speaker",
    "measure",
    "source",
    "tag",
    "said",
    "has_figures",
    "rating",
    "language",
    "q",
    "sort",
)
MATRIX_PATHS = 200  # paths per combination; wrk picks one at random for every request
POOL = 60  # values per dimension: half drawn by claims (frequent values), half by value (rare)
SORTS = ("said_on", "-said_on", "created_at", "-created_at")


def _rows(db: sqlite3.Connection, rng: random.Random, table: str, column: str) -> list[object]:
    """Values of a column in rows drawn at random: a value comes as often as it is used."""
    top = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    found: list[object] = []
    for _ in range(POOL * 4):
        if len(found) >= POOL // 2 or not top:
            break
        row = db.execute(
            f"SELECT {column} FROM {table} WHERE rowid = ?", (rng.randint(1, top),)
        ).fetchone()
        if row is not None:
            found.append(row[0])
    return found


def _distinct(db: sqlite3.Connection, rng: random.Random, sql: str) -> list[object]:
    """Values drawn uniformly from every distinct value: mostly rare ones."""
    values = [row[0] for row in db.execute(sql)]
    return rng.sample(values, min(POOL // 2, len(values)))


def _words_for_q(db: sqlite3.Connection, rng: random.Random) -> list[str]:
    """Search texts: rare words, common words, and two common words together."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.matrix_vocab "
        "USING fts5vocab(main, claims_fts, row)"
    )
    words = db.execute(
        "SELECT term, doc FROM temp.matrix_vocab WHERE term GLOB '[a-z]*' "
        "AND term NOT GLOB '*[^a-z]*' ORDER BY doc DESC"
    ).fetchall()
    common = [str(term) for term, _ in words[:100]]
    every = [str(term) for term, _ in words]
    pairs = [" ".join(rng.sample(common[:20], 2)) for _ in range(POOL // 4)]
    return (
        rng.sample(every, min(POOL // 4, len(every)))
        + rng.sample(common, min(POOL // 4, len(common)))
        + pairs
    )


def _said(db: sqlite3.Connection, rng: random.Random) -> list[str]:
    """Date filters from the dates of claims drawn at random: windows and open ends."""
    top = db.execute("SELECT max(id) FROM claims").fetchone()[0] or 1
    found = []
    for _ in range(POOL):
        days = sorted(
            str(
                db.execute(
                    "SELECT said_on FROM claims WHERE id = ?", (rng.randint(1, top),)
                ).fetchone()[0]
            )
            for _ in range(2)
        )
        found.append(
            rng.choice(
                (
                    f"said_from={days[0]}&said_to={days[1]}",
                    f"said_from={days[1]}",
                    f"said_to={days[0]}",
                )
            )
        )
    return found


def matrix_values(path: Path, seed: int) -> dict[str, list[str]]:
    """Query-string fragments for every dimension of the matrix, drawn from the data."""
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pools: dict[str, list[object]] = {
            "speaker": _rows(db, rng, "claims", "speaker_id")
            + _distinct(db, rng, "SELECT id FROM speakers"),
            "measure": _rows(db, rng, "figures", "measure_id")
            + _distinct(db, rng, "SELECT id FROM measures"),
            "source": _rows(db, rng, "appearances", "source_id")
            + _distinct(db, rng, "SELECT id FROM sources"),
            "tag": _rows(db, rng, "claim_tags", "tag")
            + _distinct(db, rng, "SELECT DISTINCT tag FROM claim_tags"),
            "rating": _rows(db, rng, "reviews", "rating_label")
            + _distinct(db, rng, "SELECT DISTINCT rating_label FROM reviews"),
            "language": _rows(db, rng, "claims", "language")
            + _distinct(db, rng, "SELECT DISTINCT language FROM claims"),
        }
        values = {key: [f"{key}={quote(str(v))}" for v in pool] for key, pool in pools.items()}
        values["said"] = _said(db, rng)
        values["has_figures"] = ["has_figures=true", "has_figures=false"]
        values["q"] = [f"q={quote(words)}" for words in _words_for_q(db, rng)]
        values["sort"] = [f"sort={sort}" for sort in SORTS]
        return values
    finally:
        db.close()


def matrix_title(names: tuple[str, ...]) -> str:
    """'speaker + tag'."""
    return " + ".join(names)


def filter_matrix(path: Path, seed: int) -> list[Workload]:
    """Every dimension alone and every pair, each a workload of MATRIX_PATHS random paths."""
    values = matrix_values(path, seed)
    rng = random.Random(seed)
    combinations = [(name,) for name in MATRIX] + list(itertools.combinations(MATRIX, 2))
    workloads = []
    for names in combinations:
        paths = [
            f"/v1/claims?limit={PAGE}&" + "&".join(rng.choice(values[name]) for name in names)
            for _ in range(MATRIX_PATHS)
        ]
        workloads.append(
            Workload(
                key="filters:" + "+".join(names),
                title=matrix_title(names),
                kind="filters",
                paths={"claimtrack": paths},
                not_available={"datasette": "the matrix is claimtrack's", "floor": "idem"},
                shared=False,
            )
        )
    return workloads
