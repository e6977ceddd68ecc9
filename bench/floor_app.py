"""The floor: bare Starlette + sqlite3 serving claimtrack's read endpoints, hand-written SQL.

Same paths, parameters and JSON shape as claimtrack for what the benchmark asks:
/v1/claims/{id}, /v1/claims?speaker=&q=&sort=&limit=&cursor= and /v1/claims/facets?facet=
&facet_size= (no other filters). One sqlite3 connection per process, used straight from the
event loop (a single worker has one core to give; a thread hop would only add latency).

    FLOOR_DATABASE=bench/data/claims-10000.db uvicorn --factory bench.floor_app:app_from_env \\
        --loop uvloop --http httptools --workers 1 --no-access-log
"""

import base64
import binascii
import os
import re
import sqlite3
import zlib
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.search.query import Term, parse, to_fts5
from app.search.snippets import snippet
from bench.floor_sql import (
    COUNT_MATCHES,
    FACETS,
    FREQUENT,
    ONE,
    WALKED,
    relevance_page,
    said_on_page,
)

WORD = re.compile(r"[^\W_]+")
JSON = "application/json"
MAX_LIMIT = 500


class BadRequest(ValueError):
    """A parameter the floor cannot read."""


def encode_cursor(order: str, key: Any, last_id: int) -> str:
    """claimtrack's cursor on SQLite: base64url of JSON [order, [key as stored, id]]."""
    raw = orjson.dumps([order, [key, last_id]])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, order: str) -> tuple[Any, int]:
    """The (key, id) a cursor of this order carries."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found, (key, last_id) = orjson.loads(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadRequest("cursor is malformed") from exc
    if found != order or not isinstance(last_id, int):
        raise BadRequest("cursor belongs to another order")
    return (key["d"] if isinstance(key, dict) else key), last_id


def search_terms(q: str) -> list[tuple[str, ...]]:
    """Whitespace-separated chunks, each the phrase of its words (claimtrack's plain reading)."""
    terms: list[tuple[str, ...]] = []
    for chunk in q.split():
        words = tuple(word.lower() for word in WORD.findall(chunk))
        if words and words not in terms:
            terms.append(words)
    if not terms:
        raise BadRequest("q has no word to search for")
    return terms


def relevance_label(terms: list[tuple[str, ...]]) -> str:
    """The order name claimtrack puts in relevance cursors (crc32 of its parsed terms)."""
    parts = [f"Term(words={words!r}, prefix=False)" for words in terms]
    text = f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"
    return f"relevance2:{zlib.crc32(text.encode()):08x}"


def fts_match(q: str) -> str:
    """claimtrack's own MATCH text for q (each term and its spellings as quoted phrases,
    ANDed): the floor finds what claimtrack finds."""
    return to_fts5(parse(q))


def with_snippet(document: bytes, terms: tuple[Term, ...]) -> bytes:
    """A claim document with its search snippet, as claimtrack's lists give it."""
    claim = orjson.loads(document)
    claim["snippet"] = snippet(claim["text"], terms)
    return orjson.dumps(claim)


class Floor:
    """The queries, on one connection."""

    def __init__(self, path: str, cache_mb: int = 0) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA query_only = 1")
        if cache_mb:
            self.db.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")

    def claim(self, claim_id: int) -> tuple[bytes, int] | None:
        """One document and its version, or None."""
        row = self.db.execute(ONE, {"id": claim_id}).fetchone()
        if row is None:
            return None
        return row[0], int(row[1])

    def page(self, params: dict[str, str]) -> bytes:
        """A list page: {"items": [...], "next_cursor": ...}."""
        limit = int(params.get("limit", "50"))
        if not 1 <= limit <= MAX_LIMIT:
            raise BadRequest("limit must be 1 to 500")
        q, cursor = params.get("q"), params.get("cursor")
        sort = params.get("sort") or ("relevance" if q else "-said_on")
        values: dict[str, Any] = {"limit": limit}
        if sort == "relevance" and q:
            terms = search_terms(q)
            order = relevance_label(terms)
            sql = relevance_page(after=cursor is not None)
            values["match"] = fts_match(q)
            values["own_match"] = to_fts5(parse(q), text_only=True)
        elif sort == "-said_on":
            order = "-said_on"
            speaker = "speaker" in params
            if q:
                values["match"] = fts_match(q)
            sql = said_on_page(speaker=speaker, after=cursor is not None, match=self.how(values))
            if speaker:
                values["speaker"] = self.speaker_id(params["speaker"])
        else:
            raise BadRequest("the floor serves sort=-said_on, or relevance with q")
        if cursor is not None:
            values["after_key"], values["after_id"] = decode_cursor(cursor, order)
        rows = self.db.execute(sql, values).fetchall()
        next_cursor = None
        if len(rows) > limit:
            last_id, key, _ = rows[limit - 1]
            next_cursor = encode_cursor(order, key, last_id)
        documents = [row[2] for row in rows[:limit]]
        if q:  # each found claim says why it matched, as claimtrack's lists do
            parsed = parse(q)
            documents = [with_snippet(document, parsed) for document in documents]
        items = b",".join(documents)
        return b'{"items":[' + items + b'],"next_cursor":' + orjson.dumps(next_cursor) + b"}"

    def how(self, values: dict[str, Any]) -> str | None:
        """How to filter a newest-first page by a search: 'probe' for frequent words, 'walk'
        the date index against the matches collected for words in between."""
        if "match" not in values:
            return None
        found = self.db.execute(COUNT_MATCHES, {"match": values["match"]}).fetchone()[0]
        return "probe" if found >= FREQUENT else "walk" if found >= WALKED else "collect"

    def speaker_id(self, ref: str) -> int:
        """A speaker id from an id or a slug (0 when no such slug)."""
        if ref.isdigit():
            return int(ref)
        row = self.db.execute("SELECT id FROM speakers WHERE slug = ?", (ref,)).fetchone()
        return int(row[0]) if row else 0

    def facets(self, names: list[str], size: int) -> bytes:
        """Top values per facet with claim counts, over every claim."""
        result: dict[str, list[dict[str, Any]]] = {}
        for name in names:
            entries = []
            for value, label, slug, count in self.db.execute(FACETS[name], {"size": size}):
                entry: dict[str, Any] = {
                    "value": value if name == "tag" else int(value),
                    "label": label,
                    "count": count,
                }
                if slug is not None:
                    entry["slug"] = slug
                entries.append(entry)
            result[name] = entries
        return orjson.dumps({"facets": result})


def _problem(status: int, detail: str) -> Response:
    body = orjson.dumps({"status": status, "detail": detail})
    return Response(body, status_code=status, media_type="application/problem+json")


def create_app(path: str, cache_mb: int = 0) -> Starlette:
    """The floor app on a SQLite file (cache_mb: its page cache, 0 for SQLite's default)."""
    floor = Floor(path, cache_mb)

    async def get_claim(request: Request) -> Response:
        found = floor.claim(int(request.path_params["claim_id"]))
        if found is None:
            return _problem(404, "claim does not exist")
        body, version = found
        return Response(body, media_type=JSON, headers={"ETag": f'"{version}"'})

    async def list_claims(request: Request) -> Response:
        try:
            return Response(floor.page(dict(request.query_params)), media_type=JSON)
        except (BadRequest, ValueError) as exc:
            return _problem(422, str(exc))

    async def claim_facets(request: Request) -> Response:
        names = request.query_params.get("facet", "speaker,measure,tag,year").split(",")
        size = int(request.query_params.get("facet_size", "20"))
        if any(name not in FACETS for name in names) or not 1 <= size <= 100:
            return _problem(422, "unknown facet or facet_size out of 1..100")
        return Response(floor.facets(list(dict.fromkeys(names)), size), media_type=JSON)

    return Starlette(
        routes=[
            Route("/v1/claims", list_claims),
            Route("/v1/claims/facets", claim_facets),
            Route("/v1/claims/{claim_id:int}", get_claim),
        ]
    )


def app_from_env() -> Starlette:
    """The floor app on the file named by FLOOR_DATABASE, FLOOR_CACHE_MB of page cache (for
    uvicorn --factory)."""
    return create_app(os.environ["FLOOR_DATABASE"], int(os.environ.get("FLOOR_CACHE_MB", "0")))
