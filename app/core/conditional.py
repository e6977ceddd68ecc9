"""Conditional GETs: a client that polls gets `304 Not Modified` instead of the same body.

A `200` answer to a GET that is not streamed and has no ETag of its own (lists, search,
comparisons, charts, facets, feeds) gets a strong ETag, a hash of its body, and
`Cache-Control: no-cache` (keep it, but ask each time). A request whose `If-None-Match` names
that ETag gets `304` with the ETag and no body. Answers that carry an ETag already (a single
speaker, claim, measure: its version, which `If-Match` takes) get `Cache-Control: no-cache`
too; their routes answer `If-None-Match` themselves (`not_modified`), as streamed exports do
with an ETag from the data's version (`data_etag`), known before the body is.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Headers that describe a body and leave with it (RFC 9110 15.4.5).
BODY_HEADERS = {b"content-length", b"content-type", b"content-encoding"}
NO_CACHE = (b"cache-control", b"no-cache")


def _if_none_match(scope: Scope) -> list[str]:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return [tag.strip().removeprefix("W/") for tag in value.decode("latin-1").split(",")]
    return []


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the app's own files (code, SQL, data): a new release, or any change to how
    answers are built, gives answers tagged from the data's version new ETags."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".sql", ".json", ".txt", ".svg", ".html", ".ttf", ".woff2"}:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def data_etag(request: Request, data: str, *parts: object) -> str:
    """A strong ETag for an answer built from the data at one version (`data`, from
    FastReads.data_tag) by this code for this request (its path and query, and any other
    `parts` the answer depends on): for a streamed answer, whose body is not known before it
    is sent. Read the data's version before reading the data: the tag is then never newer
    than the body."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (code_fingerprint(), data, request.url.path, request.url.query, *parts):
        digest.update(str(part).encode())
        digest.update(b"\0")
    return f'"{digest.hexdigest()}"'


def not_modified(request: Request, tag: str, *, settled: bool = True) -> Response | None:
    """A `304` for a GET whose If-None-Match names `tag` (weak comparison, RFC 9110 13.1.2),
    unless the route knows the tag may stand for another form of the body (`settled` False)."""
    wanted = _if_none_match(request.scope)
    if settled and (tag in wanted or "*" in wanted):
        return Response(status_code=304, headers={"ETag": tag, "Cache-Control": "no-cache"})
    return None


class ConditionalGet:
    """ETags from the body, and 304 for a client that has the body already."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap the app."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold a GET's answer start until its body is known."""
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        held: Message | None = None

        async def answer(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if message["status"] != 200:
                    await send(message)
                elif any(name == b"etag" for name, _value in headers):
                    if not any(name == b"cache-control" for name, _value in headers):
                        headers = [*headers, NO_CACHE]
                    await send({**message, "headers": headers})
                else:
                    held = message
                return
            if held is None:
                await send(message)
                return
            start, held = held, None
            if message.get("more_body", False):  # streamed: no ETag
                await send(start)
                await send(message)
                return
            body = message.get("body", b"")
            etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
            headers = [*start.get("headers", []), (b"etag", etag.encode())]
            headers.append(NO_CACHE)
            wanted = _if_none_match(scope)
            if etag in wanted or "*" in wanted:
                kept = [(name, value) for name, value in headers if name not in BODY_HEADERS]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers})
            await send(message)

        await self.app(scope, receive, answer)
