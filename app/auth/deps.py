"""Who is calling: bearer API keys, scopes, public reads, rate limits."""

import math
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth import service
from app.auth.keys import grants, prefix_of
from app.core.errors import Forbidden, TooManyRequests, Unauthorized
from app.db.base import utcnow
from app.db.session import Database, get_database
from app.settings import Settings

WINDOW_SECONDS = 60
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="claimtrack"'}
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `claimtrack keys create --name NAME --scope write|admin`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


@dataclass(frozen=True, slots=True)
class Principal:
    """The key a request was made with."""

    key_id: int
    name: str
    scope: str


def _refused(detail: str) -> Unauthorized:
    return Unauthorized(detail, headers=CHALLENGE)


async def _record_use(
    database: Database, settings: Settings, principal: Principal, stale: bool
) -> None:
    limit = settings.rate_limit_per_minute
    if not limit and not stale:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    async with database.writer() as session, session.begin():
        if stale:
            await service.touch_key(session, principal.key_id, utcnow())
        count = await service.count_request(session, principal.key_id, window) if limit else 0
    if limit and count > limit:
        reset = math.ceil((window + 1) * WINDOW_SECONDS - now)
        raise TooManyRequests(
            f"key {principal.name!r} made more than {limit} requests this minute; "
            f"retry in {reset} s",
            headers={
                "Retry-After": str(reset),
                "RateLimit-Limit": str(limit),
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(reset),
                "RateLimit-Policy": f"{limit};w={WINDOW_SECONDS}",
            },
        )


async def authenticate(request: Request, token: str | None) -> Principal | None:
    """The principal behind a bearer key, None without one; 401 for a bad or revoked key."""
    if token is None:
        return None
    if prefix_of(token) is None:
        raise _refused("the API key is malformed; keys look like ct_XXXXXXXX_…")
    database = get_database(request)
    async with database.reader() as session:
        key = await service.active_key(session, token)
    if key is None:
        raise _refused("the API key is unknown or revoked")
    principal = Principal(key_id=key.id, name=key.name, scope=key.scope)
    stale = service.needs_touch(key, utcnow())
    await _record_use(database, request.app.state.settings, principal, stale)
    return principal


def require(scope: str) -> object:
    """A dependency that needs a key with the given scope (admin covers write)."""

    async def dependency(request: Request, credentials: Credentials) -> Principal:
        token = credentials.credentials if credentials is not None else None
        principal = await authenticate(request, token)
        if principal is None:
            raise _refused(
                f"this needs an API key with scope {scope!r}: Authorization: Bearer <key>"
            )
        if not grants(principal.scope, scope):
            raise Forbidden(
                f"key {principal.name!r} has scope {principal.scope!r}; this needs {scope!r}"
            )
        return principal

    return dependency


def _bearer_token(request: Request) -> str | None:
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def read_guard(request: Request) -> None:
    """Reads are public unless CLAIMTRACK_PUBLIC_READ=false; then any valid key may read.

    The key is read from the header directly, so public reads carry no lock in the docs.
    """
    if request.app.state.settings.public_read:
        return
    if await authenticate(request, _bearer_token(request)) is None:
        raise _refused("reads need an API key on this server: Authorization: Bearer <key>")


Writer = Annotated[Principal, Depends(require("write"))]
Admin = Annotated[Principal, Depends(require("admin"))]
ReadGuard = Depends(read_guard)
