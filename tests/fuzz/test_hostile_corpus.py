"""A corpus of hand-written hostile requests, on SQLite and on PostgreSQL.

Each gets the 4xx it deserves as an RFC 9457 problem document (type, title, status, detail;
`errors` with loc and msg for validation failures), never a 5xx, never a stack trace or SQL;
and nothing is written: every table has as many rows after the request as before.

Paths and bodies name the resources of a small world made once per engine: `{speaker}`,
`{source}`, `{area}` (a km² measure), `{troops}` (a count measure), `{claim}` (with a figure
`{figure}` on the area and a review `{review}`), `{claim2}` (a figure `{troop_figure}` on
troops). A body string that is exactly a placeholder becomes that id.
"""

import base64
import json
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.db.models import Base
from app.db.session import Database
from tests.conftest import _http, empty_tables

PROBLEM = "application/problem+json"
NO_BODY = object()
MB = 1_000_000
LEAKS = re.compile(
    r"Traceback|File \"|sqlalchemy|asyncpg|aiosqlite|sqlite3|psycopg|/work/|\.py\b"
    r"|\bSELECT\b|\bINSERT\b|\bUPDATE\b|\bDELETE FROM\b|\bWHERE\b",
)
PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


@dataclass(frozen=True)
class Hostile:
    """One malformed request and the status it must get."""

    name: str
    method: str
    path: str
    status: int
    json: Any = NO_BODY
    content: bytes | None = None
    headers: Mapping[str, str | bytes] = field(default_factory=dict)
    key: str | None = "admin"
    needle: str | None = None


def cursor_of(document: Any) -> str:
    """A cursor as the service writes them, around any JSON."""
    raw = json.dumps(document, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def nested(depth: int, leaf: Any = 1) -> Any:
    """A list nested `depth` levels deep."""
    value = leaf
    for _ in range(depth - 1):
        value = [value]
    return [value] if depth else value


def raw_json(text: str) -> dict[str, Any]:
    """Keyword arguments for a body sent as exactly these bytes, as JSON."""
    return {"content": text.encode(), "headers": {"content-type": "application/json"}}


CLAIM = {"speaker_id": "{speaker}", "text": "A claim", "said_on": "2024-08-14"}


def claim_with(**fields: Any) -> dict[str, Any]:
    """A valid new claim but for the fields given."""
    return {**CLAIM, **fields}


FIGURE_VALUE = (
    '{"speaker_id": 1, "text": "t", "said_on": "2024-08-14",'
    ' "figures": [{"measure_id": "area", "value": %s, "unit": "km2"}]}'
)


def figure(**fields: Any) -> dict[str, Any]:
    """A claim whose one figure is valid but for the fields given."""
    return claim_with(figures=[{"measure_id": "{area}", "value": 1000, "unit": "km2", **fields}])


# The tables are kept one case to a line, so the corpus reads as a list.
# fmt: off
SPEAKERS = [
    Hostile("nul-in-name", "POST", "/v1/speakers", 422, {"name": "A\u0000B"}, needle="control"),
    Hostile("nul-in-alias", "POST", "/v1/speakers", 422, {"name": "A", "aliases": ["x\u0000"]}),
    Hostile("bidi-in-name", "POST", "/v1/speakers", 422, {"name": "evil\u202eman"}, needle="bidi"),
    Hostile("bidi-isolate-alias", "POST", "/v1/speakers", 422,
            {"name": "A", "aliases": ["\u2066x"]}),
    Hostile("bidi-in-slug", "POST", "/v1/speakers", 422, {"name": "A", "slug": "a\u202eb"}),
    Hostile("slug-101", "POST", "/v1/speakers", 422, {"name": "A", "slug": "a" * 101}),
    Hostile("slug-digits", "POST", "/v1/speakers", 422, {"name": "A", "slug": "12345"}),
    Hostile("slug-upper", "POST", "/v1/speakers", 422, {"name": "A", "slug": "Bad-Slug"}),
    Hostile("slug-taken", "POST", "/v1/speakers", 409, {"name": "B", "slug": "hostile-speaker"}),
    Hostile("name-1mb", "POST", "/v1/speakers", 422, {"name": "x" * MB}, needle="200"),
    Hostile("body-1.1mb", "POST", "/v1/speakers", 413, {"name": "x" * 1_100_000}),
    Hostile("name-blank", "POST", "/v1/speakers", 422, {"name": " \t "}),
    Hostile("name-newline", "POST", "/v1/speakers", 422, {"name": "A\nB"}),
    Hostile("name-number", "POST", "/v1/speakers", 422, {"name": 42}),
    Hostile("name-null", "POST", "/v1/speakers", 422, {"name": None}),
    Hostile("name-list", "POST", "/v1/speakers", 422, {"name": ["A"]}),
    Hostile("name-object", "POST", "/v1/speakers", 422, {"name": {"first": "A"}}),
    Hostile("kind-number", "POST", "/v1/speakers", 422, {"name": "A", "kind": 1}),
    Hostile("roles-string", "POST", "/v1/speakers", 422, {"name": "A", "roles": "governor"}),
    Hostile("role-title-missing", "POST", "/v1/speakers", 422, {"name": "A", "roles": [{}]}),
    Hostile("kind-unknown", "POST", "/v1/speakers", 422, {"name": "A", "kind": "robot"}),
    Hostile("aliases-string", "POST", "/v1/speakers", 422, {"name": "A", "aliases": "x"}),
    Hostile("aliases-51", "POST", "/v1/speakers", 422, {"name": "A", "aliases": ["a"] * 51}),
    Hostile("wikidata-q0", "POST", "/v1/speakers", 422, {"name": "A", "wikidata_id": "Q0"}),
    Hostile("role-bad-date", "POST", "/v1/speakers", 422,
            {"name": "A", "roles": [{"title": "T", "start": "2024-02-30"}]}),
    Hostile("role-reversed", "POST", "/v1/speakers", 422,
            {"name": "A", "roles": [{"title": "T", "start": "2024-08-01", "end": "2020-01-01"}]}),
    Hostile("role-date-integer", "POST", "/v1/speakers", 422,
            {"name": "A", "roles": [{"title": "T", "start": 1723593600}]}),
    Hostile("unknown-field", "POST", "/v1/speakers", 422, {"name": "A", "hobby": "chess"}),
    Hostile("client-sets-id", "POST", "/v1/speakers", 422, {"name": "A", "id": 5}),
    Hostile("client-sets-version", "POST", "/v1/speakers", 422, {"name": "A", "version": 9}),
    Hostile("array-body", "POST", "/v1/speakers", 422, [{"name": "A"}]),
    Hostile("string-body", "POST", "/v1/speakers", 422, "A"),
    Hostile("null-body", "POST", "/v1/speakers", 422, None),
    Hostile("empty-body", "POST", "/v1/speakers", 422,
            content=b"", headers={"content-type": "application/json"}),
    Hostile("text-plain", "POST", "/v1/speakers", 415,
            content=b'{"name": "A"}', headers={"content-type": "text/plain"}),
    Hostile("form-encoded", "POST", "/v1/speakers", 415,
            content=b"name=A", headers={"content-type": "application/x-www-form-urlencoded"}),
    Hostile("multipart", "POST", "/v1/speakers", 415,
            content=b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nA\r\n--b--\r\n',
            headers={"content-type": "multipart/form-data; boundary=b"}),
    Hostile("no-content-type", "POST", "/v1/speakers", 415, content=b'{"name": "A"}'),
    Hostile("raw-nul-in-json", "POST", "/v1/speakers", 400, **raw_json('{"name": "A\x00B"}')),
    Hostile("truncated-json", "POST", "/v1/speakers", 400, **raw_json('{"name": ')),
    Hostile("not-utf8", "POST", "/v1/speakers", 400,
            content=b'{"name": "\xff\xfe"}', headers={"content-type": "application/json"}),
    Hostile("json-10000-deep", "POST", "/v1/speakers", 400,
            **raw_json("[" * 10000 + "]" * 10000), needle="nested"),
    Hostile("json-10000-deep-objects", "POST", "/v1/speakers", 400,
            **raw_json('{"a":' * 10000 + "1" + "}" * 10000)),
    Hostile("json-33-deep", "POST", "/v1/speakers", 400, {"name": "A", "aliases": nested(32)},
            needle="nested"),
    Hostile("json-32-deep", "POST", "/v1/speakers", 422, {"name": "A", "aliases": nested(31)}),
    Hostile("patch-empty-body", "PATCH", "/v1/speakers/{speaker}", 422,
            content=b"", headers={"content-type": "application/json"}),
    Hostile("patch-array", "PATCH", "/v1/speakers/{speaker}", 422, ["name", "B"]),
    Hostile("patch-null-name", "PATCH", "/v1/speakers/{speaker}", 422, {"name": None}),
    Hostile("patch-if-match-word", "PATCH", "/v1/speakers/{speaker}", 400, {"name": "B"},
            headers={"If-Match": "yesterday"}, needle="If-Match"),
    Hostile("patch-if-match-unquoted", "PATCH", "/v1/speakers/{speaker}", 400, {"name": "B"},
            headers={"If-Match": "1"}),
    Hostile("patch-if-match-negative", "PATCH", "/v1/speakers/{speaker}", 400, {"name": "B"},
            headers={"If-Match": '"-1"'}),
    Hostile("patch-if-match-huge", "PATCH", "/v1/speakers/{speaker}", 400, {"name": "B"},
            headers={"If-Match": '"99999999999999999999"'}),
    # a tag of 70 digits fits the header's 256 characters (room for a list) but is no ETag
    Hostile("patch-if-match-long", "PATCH", "/v1/speakers/{speaker}", 400, {"name": "B"},
            headers={"If-Match": '"' + "1" * 70 + '"'}),
    Hostile("patch-if-match-overlong", "PATCH", "/v1/speakers/{speaker}", 422, {"name": "B"},
            headers={"If-Match": ", ".join(['"1"'] * 60)}),
    Hostile("patch-if-match-stale", "PATCH", "/v1/speakers/{speaker}", 412, {"name": "B"},
            headers={"If-Match": '"999"'}),
    Hostile("delete-if-match-stale", "DELETE", "/v1/speakers/{speaker}", 412,
            headers={"If-Match": '"7"'}),
    Hostile("delete-in-use", "DELETE", "/v1/speakers/{speaker}", 409),
    Hostile("id-2p63", "GET", "/v1/speakers/9223372036854775808", 422),
    Hostile("id-2p64", "GET", "/v1/speakers/18446744073709551616", 422),
    Hostile("id-negative", "GET", "/v1/speakers/-1", 422),
    Hostile("id-zero", "GET", "/v1/speakers/0", 422),
    Hostile("nul-in-path", "GET", "/v1/speakers/a%00b", 422),
    Hostile("bidi-in-path", "GET", "/v1/speakers/a%E2%80%AEb", 422),
    Hostile("ref-101", "GET", "/v1/speakers/" + "a" * 101, 422),
    Hostile("missing-slug", "GET", "/v1/speakers/no-such-person", 404),
    Hostile("missing-id", "PATCH", "/v1/speakers/999999", 404, {"name": "B"}),
    Hostile("list-limit-0", "GET", "/v1/speakers?limit=0", 422, needle="limit"),
    Hostile("list-limit-negative", "GET", "/v1/speakers?limit=-1", 422),
    Hostile("list-limit-1e9", "GET", "/v1/speakers?limit=1000000000", 422),
    Hostile("list-limit-nan", "GET", "/v1/speakers?limit=NaN", 422),
    Hostile("list-cursor-random", "GET", "/v1/speakers?cursor=Zm9vYmFy", 400, needle="cursor"),
    Hostile("list-cursor-shape", "GET", f"/v1/speakers?cursor={cursor_of({'id': 1})}", 400),
    Hostile("list-cursor-width", "GET", f"/v1/speakers?cursor={cursor_of(['id', [1, 2]])}", 400),
    Hostile("list-cursor-text", "GET", f"/v1/speakers?cursor={cursor_of(['id', ['x']])}", 400),
    Hostile("list-cursor-2p63", "GET", f"/v1/speakers?cursor={cursor_of(['id', [2**63]])}", 400),
    Hostile("list-cursor-long", "GET", "/v1/speakers?cursor=" + "A" * 600, 422),
    Hostile("anonymous-create", "POST", "/v1/speakers", 401, {"name": "A"}, key=None),
    Hostile("bad-token", "POST", "/v1/speakers", 401, {"name": "A"},
            headers={"Authorization": "Bearer not-a-key"}, key=None),
    Hostile("unknown-token", "POST", "/v1/speakers", 401, {"name": "A"},
            headers={"Authorization": "Bearer ct_00000000_" + "A" * 43}, key=None),
    Hostile("basic-auth", "POST", "/v1/speakers", 401, {"name": "A"},
            headers={"Authorization": "Basic YWRtaW46YWRtaW4="}, key=None),
    Hostile("write-key-deletes", "DELETE", "/v1/speakers/{speaker}", 403, key="write"),
    Hostile("idempotency-key-spaces", "POST", "/v1/speakers", 400, {"name": "A"},
            headers={"Idempotency-Key": "two words"}, needle="Idempotency-Key"),
    Hostile("idempotency-key-256", "POST", "/v1/speakers", 400, {"name": "A"},
            headers={"Idempotency-Key": "k" * 256}),
    Hostile("idempotency-key-utf8", "POST", "/v1/speakers", 400, {"name": "A"},
            headers={"Idempotency-Key": "cl\u00e9".encode()}),
    Hostile("idempotency-key-with-bad-body", "POST", "/v1/speakers", 422, {"name": ""},
            headers={"Idempotency-Key": "retry-1"}),
    Hostile("idempotency-key-anonymous", "POST", "/v1/speakers", 401, {"name": "A"},
            headers={"Idempotency-Key": "retry-2"}, key=None),
]

SOURCES = [
    Hostile("url-not-url", "POST", "/v1/sources", 422, {"url": "not a url"}),
    Hostile("url-javascript", "POST", "/v1/sources", 422, {"url": "javascript:alert(1)"}),
    Hostile("url-ftp", "POST", "/v1/sources", 422, {"url": "ftp://example.org/x"}),
    Hostile("url-nul", "POST", "/v1/sources", 422, {"url": "https://a.example/\u0000"}),
    Hostile("url-taken", "POST", "/v1/sources", 409, {"url": "https://hostile.example/article"}),
    Hostile("url-taken-unnormalised", "POST", "/v1/sources", 409,
            {"url": "HTTPS://HOSTILE.example/article#top"}),
    Hostile("published-naive", "POST", "/v1/sources", 422,
            {"url": "https://a.example/1", "published_at": "2024-08-14T09:00:00"}),
    Hostile("published-integer", "POST", "/v1/sources", 422,
            {"url": "https://a.example/1", "published_at": 1723626000}),
    Hostile("published-yesterday", "POST", "/v1/sources", 422,
            {"url": "https://a.example/1", "published_at": "yesterday"}),
    Hostile("kind-unknown", "POST", "/v1/sources", 422,
            {"url": "https://a.example/1", "kind": "blog"}),
    Hostile("language-bad", "POST", "/v1/sources", 422,
            {"url": "https://a.example/1", "language": "english!"}),
    Hostile("title-bidi", "POST", "/v1/sources", 422,
            {"url": "https://a.example/1", "title": "\u202eevil"}),
    Hostile("url-number", "POST", "/v1/sources", 422, {"url": 12345}),
    Hostile("url-missing", "POST", "/v1/sources", 422, {"title": "No URL"}),
    Hostile("patch-url-null", "PATCH", "/v1/sources/{source}", 422, {"url": None}),
    Hostile("get-slug", "GET", "/v1/sources/some-slug", 422),
    Hostile("filter-url-nul", "GET", "/v1/sources?url=%00", 422),
    Hostile("delete-in-use", "DELETE", "/v1/sources/{source}", 409),
]

MEASURES = [
    Hostile("unit-unknown", "POST", "/v1/measures", 422, {"name": "M", "unit": "blorps"},
            needle="blorps"),
    Hostile("unit-empty", "POST", "/v1/measures", 422, {"name": "M", "unit": ""}),
    Hostile("count-kind-area-unit", "POST", "/v1/measures", 422,
            {"name": "M", "unit": "km2", "kind": "count"}),
    Hostile("quantity-kind-count-unit", "POST", "/v1/measures", 422,
            {"name": "M", "unit": "people", "kind": "quantity"}),
    Hostile("slug-spaces", "POST", "/v1/measures", 422,
            {"name": "M", "unit": "km2", "slug": "a b"}),
    Hostile("slug-taken", "POST", "/v1/measures", 409,
            {"name": "M", "unit": "km2", "slug": "area"}),
    Hostile("unit-1mb", "POST", "/v1/measures", 422, {"name": "M", "unit": "k" * MB}),
    Hostile("patch-unit-unfit", "PATCH", "/v1/measures/{area}", 422, {"unit": "people"}),
    Hostile("patch-kind-null", "PATCH", "/v1/measures/{area}", 422, {"kind": None}),
    Hostile("delete-in-use", "DELETE", "/v1/measures/area", 409),
    Hostile("put-not-allowed", "PUT", "/v1/measures/area", 405),
]

CLAIMS = [
    Hostile("speaker-id-string", "POST", "/v1/claims", 422, claim_with(speaker_id="1")),
    Hostile("speaker-id-true", "POST", "/v1/claims", 422, claim_with(speaker_id=True)),
    Hostile("speaker-id-2p63", "POST", "/v1/claims", 422, claim_with(speaker_id=2**63)),
    Hostile("speaker-id-2p64", "POST", "/v1/claims", 422, claim_with(speaker_id=2**64)),
    Hostile("speaker-id-negative", "POST", "/v1/claims", 422, claim_with(speaker_id=-1)),
    Hostile("speaker-missing", "POST", "/v1/claims", 422, claim_with(speaker_id=999999)),
    Hostile("speaker-slug-missing", "POST", "/v1/claims", 422, claim_with(speaker_id="nobody")),
    Hostile("source-missing", "POST", "/v1/claims", 422,
            claim_with(appearances=[{"source_id": 999999}])),
    Hostile("source-twice", "POST", "/v1/claims", 422,
            claim_with(appearances=[{"source_id": "{source}"}, {"source_id": "{source}"}])),
    Hostile("measure-missing", "POST", "/v1/claims", 422, figure(measure_id="no-such-measure")),
    Hostile("text-nul", "POST", "/v1/claims", 422, claim_with(text="A\u0000B")),
    Hostile("text-10001", "POST", "/v1/claims", 422, claim_with(text="x" * 10001)),
    Hostile("text-1mb", "POST", "/v1/claims", 422, claim_with(text="x" * MB)),
    Hostile("quote-yes", "POST", "/v1/claims", 422, claim_with(quote="yes")),
    Hostile("quote-one", "POST", "/v1/claims", 422, claim_with(quote=1)),
    Hostile("channel-false", "POST", "/v1/claims", 422, claim_with(channel=False)),
    Hostile("language-number", "POST", "/v1/claims", 422, claim_with(language=5)),
    Hostile("appearances-ids", "POST", "/v1/claims", 422, claim_with(appearances=[1, 2])),
    Hostile("source-id-text", "POST", "/v1/claims", 422,
            claim_with(appearances=[{"source_id": "1"}])),
    Hostile("qualifier-number", "POST", "/v1/claims", 422, figure(qualifier=1)),
    Hostile("unit-number", "POST", "/v1/claims", 422, figure(unit=2)),
    Hostile("measure-id-float", "POST", "/v1/claims", 422, figure(measure_id=1.5)),
    Hostile("tags-string", "POST", "/v1/claims", 422, claim_with(tags="kursk")),
    Hostile("tag-bidi", "POST", "/v1/claims", 422, claim_with(tags=["\u202ekursk"])),
    Hostile("tags-51", "POST", "/v1/claims", 422, claim_with(tags=[f"t{i}" for i in range(51)])),
    Hostile("channel-newline", "POST", "/v1/claims", 422, claim_with(channel="X\nY")),
    Hostile("language-underscore", "POST", "/v1/claims", 422, claim_with(language="en_US!")),
    Hostile("said-on-feb-30", "POST", "/v1/claims", 422, claim_with(said_on="2024-02-30")),
    Hostile("said-on-month-13", "POST", "/v1/claims", 422, claim_with(said_on="2024-13-01")),
    Hostile("said-on-yesterday", "POST", "/v1/claims", 422, claim_with(said_on="yesterday")),
    Hostile("said-on-integer", "POST", "/v1/claims", 422, claim_with(said_on=20240814)),
    Hostile("said-on-timestamp", "POST", "/v1/claims", 422, claim_with(said_on=1723593600)),
    Hostile("said-on-zero-text", "POST", "/v1/claims", 422, claim_with(said_on="0")),
    Hostile("said-on-with-time", "POST", "/v1/claims", 422,
            claim_with(said_on="2024-08-14T00:00:00")),
    Hostile("said-on-missing", "POST", "/v1/claims", 422, {"speaker_id": "{speaker}", "text": "A"}),
    Hostile("value-nan", "POST", "/v1/claims", 422, **raw_json(FIGURE_VALUE % "NaN"),
            needle="NaN"),
    Hostile("value-infinity", "POST", "/v1/claims", 422, **raw_json(FIGURE_VALUE % "Infinity")),
    Hostile("value-minus-infinity", "POST", "/v1/claims", 422,
            **raw_json(FIGURE_VALUE % "-Infinity")),
    Hostile("value-1e309", "POST", "/v1/claims", 422, **raw_json(FIGURE_VALUE % "1e309")),
    Hostile("value-minus-1e309", "POST", "/v1/claims", 422, **raw_json(FIGURE_VALUE % "-1e309")),
    Hostile("value-nan-text", "POST", "/v1/claims", 422, figure(value="NaN")),
    Hostile("value-text", "POST", "/v1/claims", 422, figure(value="74")),
    Hostile("value-false", "POST", "/v1/claims", 422, figure(value=False)),
    Hostile("value-missing", "POST", "/v1/claims", 422, figure(value=None)),
    Hostile("value-overflows-unit", "POST", "/v1/claims", 422, figure(value=1.7e308, unit="sq mi")),
    Hostile("count-negative", "POST", "/v1/claims", 422,
            claim_with(figures=[{"measure_id": "{troops}", "value": -5, "unit": "people"}])),
    Hostile("unit-unknown", "POST", "/v1/claims", 422, figure(unit="blorps"), needle="blorps"),
    Hostile("unit-wrong-dimension", "POST", "/v1/claims", 422, figure(unit="kg")),
    Hostile("unit-count-for-area", "POST", "/v1/claims", 422, figure(unit="people")),
    Hostile("qualifier-unknown", "POST", "/v1/claims", 422, figure(qualifier="roughly")),
    Hostile("range-reversed", "POST", "/v1/claims", 422,
            figure(qualifier="range", value=None, lower=10, upper=5)),
    Hostile("range-half", "POST", "/v1/claims", 422, figure(qualifier="range", lower=10)),
    Hostile("bounds-without-range", "POST", "/v1/claims", 422, figure(lower=1, upper=2)),
    Hostile("period-reversed", "POST", "/v1/claims", 422,
            figure(period_start="2024-08-14", period_end="2024-08-06")),
    Hostile("as-of-bad-date", "POST", "/v1/claims", 422, figure(as_of="2024-13-01")),
    Hostile("figures-101", "POST", "/v1/claims", 422,
            claim_with(figures=[{"measure_id": "{area}", "value": 1, "unit": "km2"}] * 101)),
    Hostile("figure-array", "POST", "/v1/claims", 422, claim_with(figures=[[1, 2]])),
    Hostile("figures-object", "POST", "/v1/claims", 422, claim_with(figures={"value": 1})),
    Hostile("patch-foreign-figure", "PATCH", "/v1/claims/{claim2}", 422,
            {"figures": [{"id": "{figure}", "measure_id": "{area}", "value": 1, "unit": "km2"}]}),
    Hostile("patch-text-null", "PATCH", "/v1/claims/{claim}", 422, {"text": None}),
    Hostile("patch-unknown-field", "PATCH", "/v1/claims/{claim}", 422, {"speaker_name": "X"}),
    Hostile("patch-anonymous", "PATCH", "/v1/claims/{claim}", 401, {"text": "B"}, key=None),
    Hostile("delete-write-key", "DELETE", "/v1/claims/{claim}", 403, key="write"),
    Hostile("id-2p63", "GET", "/v1/claims/9223372036854775808", 422),
    Hostile("id-2p64", "DELETE", "/v1/claims/18446744073709551616", 422),
    Hostile("id-negative", "PATCH", "/v1/claims/-1", 422, {"text": "B"}),
    Hostile("id-word", "GET", "/v1/claims/abc", 422),
    Hostile("missing", "PATCH", "/v1/claims/999999", 404, {"text": "B"}),
    Hostile("post-on-member", "POST", "/v1/claims/{claim}", 405, {"text": "B"}),
    Hostile("put-collection", "PUT", "/v1/claims", 405, {}),
    Hostile("delete-collection", "DELETE", "/v1/claims", 405),
    Hostile("options-collection", "OPTIONS", "/v1/claims", 405),
]

LISTS = [
    Hostile("limit-0", "GET", "/v1/claims?limit=0", 422),
    Hostile("limit-1e9", "GET", "/v1/claims?limit=1000000000", 422),
    Hostile("limit-negative", "GET", "/v1/claims?limit=-1", 422),
    Hostile("limit-501", "GET", "/v1/claims?limit=501", 422),
    Hostile("limit-1e309", "GET", "/v1/claims?limit=1e309", 422),
    Hostile("q-percent", "GET", "/v1/claims?q=%25", 422),
    Hostile("q-underscore", "GET", "/v1/claims?q=_", 422),
    Hostile("q-quote", "GET", "/v1/claims?q=%22", 422),
    Hostile("q-star", "GET", "/v1/claims?q=*", 422),
    Hostile("q-nul", "GET", "/v1/claims?q=kursk%00", 422),
    # (httpx refuses URLs over 64 KiB, and servers refuse far shorter request lines)
    Hostile("q-60k", "GET", "/v1/claims?q=" + "k" * 60_000, 422),
    Hostile("q-21-terms", "GET", "/v1/claims?q=" + "+".join(f"w{i}" for i in range(21)), 422),
    Hostile("q-empty", "GET", "/v1/claims?q=", 422),
    Hostile("sort-unknown", "GET", "/v1/claims?sort=text", 422),
    Hostile("sort-sql", "GET", "/v1/claims?sort=said_on;DROP%20TABLE%20claims", 422),
    Hostile("sort-relevance-without-q", "GET", "/v1/claims?sort=relevance", 422),
    Hostile("said-from-feb-30", "GET", "/v1/claims?said_from=2024-02-30", 422),
    Hostile("said-to-integer", "GET", "/v1/claims?said_to=0", 422),
    Hostile("said-from-yesterday", "GET", "/v1/claims?said_from=yesterday", 422),
    Hostile("said-range-reversed", "GET",
            "/v1/claims?said_from=2024-08-15&said_to=2024-08-01", 422),
    Hostile("speaker-nul", "GET", "/v1/claims?speaker=%00", 422),
    Hostile("speaker-unknown-name", "GET", "/v1/claims?speaker=Nobody+Of+That+Name", 404),
    Hostile("speaker-negative", "GET", "/v1/claims?speaker=-1", 422),
    Hostile("source-2p64", "GET", "/v1/claims?source=18446744073709551616", 422),
    Hostile("measure-2p63", "GET", "/v1/claims?measure=9223372036854775808", 422),
    Hostile("has-figures-maybe", "GET", "/v1/claims?has_figures=maybe", 422),
    Hostile("cursor-random", "GET", "/v1/claims?cursor=bm90IGEgY3Vyc29y", 400),
    Hostile("cursor-other-order", "GET", f"/v1/claims?cursor={cursor_of(['id', [1]])}", 400),
    Hostile("cursor-text-date", "GET",
            f"/v1/claims?cursor={cursor_of(['-said_on', ['abc', 1]])}", 400),
    Hostile("cursor-bad-day", "GET",
            f"/v1/claims?cursor={cursor_of(['-said_on', [{'d': '2024-02-30'}, 1]])}", 400),
    Hostile("cursor-time-for-date", "GET",
            f"/v1/claims?cursor={cursor_of(['-said_on', [{'t': '2024-08-14T00:00:00Z'}, 1]])}",
            400),
    Hostile("cursor-naive-time", "GET", "/v1/claims?sort=created_at&cursor="
            + cursor_of(["created_at", [{"t": "2024-08-14T00:00:00"}, 1]]), 400),
    Hostile("cursor-id-2p63", "GET",
            f"/v1/claims?cursor={cursor_of(['-said_on', [{'d': '2024-08-14'}, 2**63]])}", 400),
    Hostile("cursor-id-text", "GET",
            f"/v1/claims?cursor={cursor_of(['-said_on', [{'d': '2024-08-14'}, 'x']])}", 400),
    Hostile("cursor-null", "GET", f"/v1/claims?cursor={cursor_of(None)}", 400),
    Hostile("count-maybe", "GET", "/v1/claims?count=maybe", 422),
]

FACETS_EXPORTS = [
    Hostile("facet-unknown", "GET", "/v1/claims/facets?facet=colour", 422),
    Hostile("facet-empty-item", "GET", "/v1/claims/facets?facet=speaker,,tag", 422),
    Hostile("facet-size-0", "GET", "/v1/claims/facets?facet_size=0", 422),
    Hostile("facet-size-101", "GET", "/v1/claims/facets?facet_size=101", 422),
    Hostile("facet-bad-date", "GET", "/v1/claims/facets?said_from=2024-13-01", 422),
    Hostile("facet-q-percent", "GET", "/v1/claims/facets?q=%25", 422),
    Hostile("export-format-xml", "GET", "/v1/claims?format=xml", 422),
    Hostile("export-csv-bad-sort", "GET", "/v1/claims?format=csv&sort=bogus", 422),
    Hostile("export-ndjson-q-star", "GET", "/v1/claims?format=ndjson&q=*", 422),
    Hostile("export-csv-reversed", "GET",
            "/v1/claims?format=csv&said_from=2024-08-15&said_to=2024-08-01", 422),
    Hostile("export-csv-yesterday", "GET", "/v1/claims?format=csv&said_to=yesterday", 422),
    Hostile("export-relevance-without-q", "GET", "/v1/claims?format=ndjson&sort=relevance", 422),
]

REVIEW = {"reviewer": "R", "url": "https://r.example/1", "rating_label": "False"}
REVIEWS = [
    Hostile("claim-missing", "POST", "/v1/claims/999999/reviews", 404, REVIEW),
    Hostile("rating-out-of-scale", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "rating_value": 9, "best_rating": 5, "worst_rating": 1}),
    Hostile("scale-reversed", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "best_rating": 1, "worst_rating": 5}),
    Hostile("rating-text", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "rating_value": "4"}),
    Hostile("best-rating-bool", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "best_rating": True}),
    Hostile("reviewed-on-integer", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "reviewed_on": 20240816}),
    Hostile("rating-1e309", "POST", "/v1/claims/{claim}/reviews", 422, **raw_json(
        '{"reviewer": "R", "url": "https://r.example/1", "rating_label": "F",'
        ' "rating_value": 1e309}')),
    Hostile("reviewed-on-bad", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "reviewed_on": "2024-02-30"}),
    Hostile("url-javascript", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "url": "javascript:alert(1)"}),
    Hostile("reviewer-bidi", "POST", "/v1/claims/{claim}/reviews", 422,
            {**REVIEW, "reviewer": "R\u202e"}),
    Hostile("other-claims-review", "PATCH", "/v1/claims/{claim2}/reviews/{review}", 404,
            {"rating_label": "True"}),
    Hostile("patch-reviewer-null", "PATCH", "/v1/claims/{claim}/reviews/{review}", 422,
            {"reviewer": None}),
    Hostile("review-id-2p63", "GET", "/v1/claims/{claim}/reviews/9223372036854775808", 422),
    Hostile("anonymous-create", "POST", "/v1/claims/{claim}/reviews", 401, REVIEW, key=None),
    Hostile("write-key-delete", "DELETE", "/v1/claims/{claim}/reviews/{review}", 403,
            key="write"),
    Hostile("put-not-allowed", "PUT", "/v1/claims/{claim}/reviews/{review}", 405, {}),
]

HISTORY = [
    Hostile("revert-version-0", "POST", "/v1/speakers/{speaker}/revert", 422, {"version": 0}),
    Hostile("revert-version-negative", "POST", "/v1/claims/{claim}/revert", 422, {"version": -1}),
    Hostile("revert-version-2p31", "POST", "/v1/sources/{source}/revert", 422,
            {"version": 2**31}),
    Hostile("revert-version-2p63", "POST", "/v1/measures/area/revert", 422, {"version": 2**63}),
    Hostile("revert-version-2p64", "POST", "/v1/claims/{claim}/revert", 422, {"version": 2**64}),
    Hostile("revert-version-text", "POST", "/v1/speakers/{speaker}/revert", 422,
            {"version": "1"}),
    Hostile("revert-version-float", "POST", "/v1/speakers/{speaker}/revert", 422,
            {"version": 1.5}),
    Hostile("revert-version-1e309", "POST", "/v1/speakers/{speaker}/revert", 422,
            **raw_json('{"version": 1e309}')),
    Hostile("revert-version-missing", "POST", "/v1/speakers/{speaker}/revert", 404,
            {"version": 99}),
    Hostile("revert-no-body", "POST", "/v1/speakers/{speaker}/revert", 422,
            content=b"", headers={"content-type": "application/json"}),
    Hostile("revert-array", "POST", "/v1/claims/{claim}/revert", 422, [1]),
    Hostile("revert-anonymous-missing", "POST", "/v1/speakers/no-such-person/revert", 401,
            {"version": 1}, key=None),
    Hostile("revert-missing-claim", "POST", "/v1/claims/999999/revert", 404, {"version": 1}),
    Hostile("revert-anonymous", "POST", "/v1/claims/{claim}/revert", 401, {"version": 1},
            key=None),
    Hostile("revert-write-key", "POST", "/v1/claims/{claim}/revert", 403, {"version": 1},
            key="write"),
    Hostile("revert-review-of-other-claim", "POST",
            "/v1/claims/{claim2}/reviews/{review}/revert", 404, {"version": 1}),
    Hostile("history-cursor-random", "GET", "/v1/claims/{claim}/history?cursor=AAAA", 400),
    Hostile("history-cursor-text", "GET",
            f"/v1/speakers/{{speaker}}/history?cursor={cursor_of(['version', ['x']])}", 400),
    Hostile("history-cursor-2p64", "GET",
            f"/v1/speakers/{{speaker}}/history?cursor={cursor_of(['version', [2**64]])}", 400),
    Hostile("history-limit-0", "GET", "/v1/sources/{source}/history?limit=0", 422),
    Hostile("history-missing", "GET", "/v1/claims/999999/history", 404),
    Hostile("history-post", "POST", "/v1/claims/{claim}/history", 405, {}),
]

COMPARISON = [
    Hostile("measure-missing", "GET", "/v1/measures/no-such-measure/comparison", 404),
    Hostile("window-negative", "GET", "/v1/measures/area/comparison?window_days=-1", 422),
    Hostile("window-3651", "GET", "/v1/measures/area/comparison?window_days=3651", 422),
    Hostile("window-nan", "GET", "/v1/measures/area/comparison?window_days=NaN", 422),
    Hostile("conflict-limit-0", "GET", "/v1/measures/area/comparison?conflict_limit=0", 422),
    Hostile("unit-unknown", "GET", "/v1/measures/area/comparison?unit=blorps", 422),
    Hostile("unit-unfit", "GET", "/v1/measures/area/comparison?unit=people", 422),
    Hostile("from-after-to", "GET",
            "/v1/measures/area/comparison?from=2024-08-15&to=2024-08-01", 422),
    Hostile("to-integer", "GET", "/v1/measures/area/comparison?to=0", 422),
    Hostile("from-month-13", "GET", "/v1/measures/area/comparison?from=2024-13-01", 422),
    Hostile("ref-nul", "GET", "/v1/measures/a%00/comparison", 422),
    Hostile("delete", "DELETE", "/v1/measures/area/comparison", 405),
    Hostile("compare-nothing", "GET", "/v1/compare", 422),
    Hostile("compare-both", "GET", "/v1/compare?figures=1,2&claims=1,2", 422),
    Hostile("compare-one", "GET", "/v1/compare?figures={figure}", 422),
    Hostile("compare-same-twice", "GET", "/v1/compare?figures={figure},{figure}", 422),
    Hostile("compare-words", "GET", "/v1/compare?figures=a,b", 422),
    Hostile("compare-zero", "GET", "/v1/compare?figures=0,1", 422),
    Hostile("compare-2p63", "GET", "/v1/compare?figures=9223372036854775808,1", 422),
    Hostile("compare-21", "GET", "/v1/compare?figures=" + ",".join(map(str, range(1, 22))), 422),
    Hostile("compare-missing", "GET", "/v1/compare?figures=999998,999999", 404),
    Hostile("compare-dimensions", "GET", "/v1/compare?figures={figure},{troop_figure}", 422),
    Hostile("compare-unit-unknown", "GET",
            "/v1/compare?figures={figure},{figure2}&unit=blorps", 422),
    Hostile("compare-post", "POST", "/v1/compare", 405, {}),
]

CHARTS = [
    Hostile("svg-missing", "GET", "/v1/measures/no-such-measure/chart.svg", 404),
    Hostile("png-bad-date", "GET", "/v1/measures/area/chart.png?from=2024-02-30", 422),
    Hostile("svg-window", "GET", "/v1/measures/area/chart.svg?window_days=-1", 422),
    Hostile("vl-unit-unknown", "GET", "/v1/measures/area/chart.vl.json?unit=blorps", 422),
    Hostile("png-id-2p64", "GET", "/v1/measures/18446744073709551616/chart.png", 422),
    Hostile("svg-post", "POST", "/v1/measures/area/chart.svg", 405, {}),
    Hostile("gif-unknown", "GET", "/v1/measures/area/chart.gif", 404),
]

MATCHING = [
    Hostile("match-nul", "POST", "/v1/claims/match", 422, {"text": "a\u0000b"}),
    Hostile("match-2001", "POST", "/v1/claims/match", 422, {"text": "x" * 2001}, needle="2000"),
    Hostile("match-text-number", "POST", "/v1/claims/match", 422, {"text": 1000}),
    Hostile("match-no-text", "POST", "/v1/claims/match", 422, {"speaker": "{speaker}"}),
    Hostile("match-speaker-unknown", "POST", "/v1/claims/match", 404,
            {"text": "t", "speaker": "nobody-we-know"}),
    Hostile("match-speaker-list", "POST", "/v1/claims/match", 422, {"text": "t", "speaker": [1]}),
    Hostile("match-speaker-2p64", "POST", "/v1/claims/match", 422,
            {"text": "t", "speaker": 18446744073709551616}),
    Hostile("match-said-on-0999", "POST", "/v1/claims/match", 422,
            {"text": "t", "said_on": "0999-12-31"}),
    Hostile("match-figure-nan", "POST", "/v1/claims/match", 422,
            {"text": "t", "figures": [{"measure_id": "{area}", "value": "NaN", "unit": "km2"}]}),
    Hostile("match-figure-unit", "POST", "/v1/claims/match", 422,
            {"text": "t", "figures": [{"measure_id": "{area}", "value": 1, "unit": "blorps"}]},
            needle="blorps"),
    Hostile("match-figure-measure", "POST", "/v1/claims/match", 422,
            {"text": "t", "figures": [{"measure_id": "no-such", "value": 1, "unit": "km2"}]}),
    Hostile("match-figures-21", "POST", "/v1/claims/match", 422,
            {"text": "t", "figures": [{"measure_id": "{area}", "value": 1, "unit": "km2"}] * 21}),
    Hostile("match-limit-0", "POST", "/v1/claims/match?limit=0", 422, {"text": "t"}),
    Hostile("match-array", "POST", "/v1/claims/match", 422, [{"text": "t"}]),
    Hostile("match-get", "GET", "/v1/claims/match", 422),
    Hostile("similar-missing", "GET", "/v1/claims/999999999/similar", 404),
    Hostile("similar-id-2p64", "GET", "/v1/claims/18446744073709551616/similar", 422),
    Hostile("similar-limit-51", "GET", "/v1/claims/{claim}/similar?limit=51", 422),
    Hostile("similar-post", "POST", "/v1/claims/{claim}/similar", 405, {}),
]

PATHS = [
    Hostile("unknown-root", "GET", "/v1/nothing-here", 404, needle="no such path"),
    Hostile("unknown-v1-slash", "GET", "/v1/", 404),
    Hostile("unknown-v2", "GET", "/v2/speakers", 404),
    Hostile("unknown-member-child", "GET", "/v1/speakers/{speaker}/friends", 404),
    Hostile("unknown-review-child", "GET", "/v1/claims/{claim}/reviews/{review}/likes", 404),
    Hostile("unknown-write", "POST", "/v1/nothing-here", 404, {"name": "A"}),
    Hostile("dot-dot", "GET", "/v1/speakers/..%2F..%2Fetc%2Fpasswd", 404),
    Hostile("trace", "TRACE", "/v1/claims", 405),
]
# fmt: on

CORPUS = [
    *(("speakers", case) for case in SPEAKERS),
    *(("sources", case) for case in SOURCES),
    *(("measures", case) for case in MEASURES),
    *(("claims", case) for case in CLAIMS),
    *(("lists", case) for case in LISTS),
    *(("facets-exports", case) for case in FACETS_EXPORTS),
    *(("reviews", case) for case in REVIEWS),
    *(("history", case) for case in HISTORY),
    *(("comparison", case) for case in COMPARISON),
    *(("charts", case) for case in CHARTS),
    *(("matching", case) for case in MATCHING),
    *(("paths", case) for case in PATHS),
]


def _fill(value: Any, world: Mapping[str, int]) -> Any:
    """A body with each placeholder string replaced by the id it names."""
    if isinstance(value, str):
        match = PLACEHOLDER.match(value)
        return world[match.group(1)] if match else value
    if isinstance(value, list):
        return [_fill(item, world) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, world) for key, item in value.items()}
    return value


async def row_counts(database: Database) -> dict[str, int]:
    """How many rows every table holds, in one statement."""
    counts = [
        select(func.count()).select_from(table).scalar_subquery().label(table.name)
        for table in Base.metadata.sorted_tables
    ]
    async with database.engine.connect() as connection:
        row = (await connection.execute(select(*counts))).one()
    return dict(row._mapping)


async def _made(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(path, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture(scope="module")
async def world(
    app: object, database: Database, keys: dict[str, str]
) -> AsyncIterator[dict[str, int]]:
    """One of each resource, made once per engine; the database is emptied afterwards."""
    async with _http(app, keys["admin"]) as http:
        speaker = await _made(http, "/v1/speakers", {"name": "Hostile Speaker"})
        source = await _made(http, "/v1/sources", {"url": "https://hostile.example/article"})
        area = await _made(http, "/v1/measures", {"slug": "area", "name": "Area", "unit": "km²"})
        troops = await _made(
            http, "/v1/measures", {"slug": "troops", "name": "Troops", "unit": "people"}
        )
        claim = await _made(
            http,
            "/v1/claims",
            claim_with(
                speaker_id=speaker["id"],
                appearances=[{"source_id": source["id"]}],
                tags=["kursk"],
                figures=[
                    {"measure_id": "area", "value": 1000, "unit": "km2"},
                    {"measure_id": "area", "value": 800, "unit": "km2"},
                ],
            ),
        )
        claim2 = await _made(
            http,
            "/v1/claims",
            claim_with(
                speaker_id=speaker["id"],
                text="74 communities are under our control",
                figures=[{"measure_id": "troops", "value": 74, "unit": "people"}],
            ),
        )
        review = await _made(
            http,
            f"/v1/claims/{claim['id']}/reviews",
            {"reviewer": "R", "url": "https://r.example/review", "rating_label": "Mostly true"},
        )
    yield {
        "speaker": speaker["id"],
        "source": source["id"],
        "area": area["id"],
        "troops": troops["id"],
        "claim": claim["id"],
        "figure": claim["figures"][0]["id"],
        "figure2": claim["figures"][1]["id"],
        "claim2": claim2["id"],
        "troop_figure": claim2["figures"][0]["id"],
        "review": review["id"],
    }
    await empty_tables(database)


def _request(case: Hostile, world: Mapping[str, int]) -> dict[str, Any]:
    """httpx arguments for a case in this world."""
    arguments: dict[str, Any] = {"headers": dict(case.headers)}
    if case.json is not NO_BODY:
        arguments["content"] = json.dumps(_fill(case.json, world)).encode()
        arguments["headers"].setdefault("content-type", "application/json")
    elif case.content is not None:
        arguments["content"] = case.content
    return arguments


def assert_problem(response: httpx.Response, case: Hostile) -> None:
    """A problem document with the expected status, telling what is wrong and nothing else."""
    assert response.status_code == case.status, response.text[:2000]
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == case.status
    for member in ("type", "title", "detail"):
        assert isinstance(problem[member], str), problem
        assert problem[member]
    if case.status == 422:
        assert problem["errors"], problem
        for error in problem["errors"]:
            assert isinstance(error["loc"], list), error
            assert isinstance(error["msg"], str), error
            assert error["msg"]
    if case.status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    if case.status == 405:
        assert case.method not in response.headers["allow"].split(", ")
    leak = LEAKS.search(response.text)
    assert leak is None, f"the problem reveals {leak.group(0)!r}: {response.text[:2000]}"
    if case.needle:
        assert case.needle in response.text, response.text[:2000]


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"{family}-{case.name}") for family, case in CORPUS]
)
async def test_hostile_request(
    case: Hostile,
    app: object,
    database: Database,
    keys: dict[str, str],
    world: dict[str, int],
) -> None:
    """A 4xx problem document, and not one row more or less anywhere."""
    before = await row_counts(database)
    async with _http(app, keys[case.key] if case.key else None) as http:
        response = await http.request(
            case.method, case.path.format_map(world), **_request(case, world)
        )
    assert_problem(response, case)
    assert await row_counts(database) == before


def test_corpus_is_large_and_named_uniquely() -> None:
    """At least a hundred cases, each with its own test id."""
    ids = [f"{family}-{case.name}" for family, case in CORPUS]
    assert len(ids) >= 100
    assert len(set(ids)) == len(ids)


LEGAL_BUT_HOSTILE = [
    "/v1/claims?q=NEAR",
    "/v1/claims?q=kursk%20NEAR%20belgorod",
    "/v1/claims?q=NEAR(kursk%20belgorod)",
    "/v1/claims?q=AND%20OR%20NOT",
    "/v1/claims?q=kursk%25",
    "/v1/claims?q=%22unclosed",
    "/v1/claims?q=a*%20b*",
    "/v1/claims?q=%27%3B%20DROP%20TABLE%20claims%3B%20--",
    "/v1/claims/facets?q=NEAR",
    f"/v1/speakers/{{speaker}}/history?cursor={cursor_of(['version', [2**40]])}",
]


@pytest.mark.parametrize("path", LEGAL_BUT_HOSTILE)
async def test_legal_but_hostile(
    path: str, app: object, database: Database, keys: dict[str, str], world: dict[str, int]
) -> None:
    """Query-language words and SQL in `q` are plain words; a cursor past the end is the end."""
    before = await row_counts(database)
    async with _http(app, None) as http:
        response = await http.get(path.format_map(world))
    assert response.status_code == 200, response.text
    document = response.json()
    assert not document.get("items"), document
    assert not any(document.get("facets", {}).values()), document
    assert await row_counts(database) == before
