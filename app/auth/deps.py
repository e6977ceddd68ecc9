"""Who is calling: bearer API keys, scopes, public reads, rate limits.

Writes are counted per key in the database (one count across every worker), inside the
request's own write transaction (app.auth.charges). Reads, and
anonymous requests to expensive routes, are counted in each process's memory (app.auth.meters):
a read never waits for a database write.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers

from app.auth import service
from app.auth.charges import PENDING, STATE_KEY, Charge, too_many
from app.auth.keys import grants, prefix_of
from app.auth.meters import Meters, client_address
from app.core.errors import Forbidden, Unauthorized
from app.core.offload import work_for
from app.db.base import utcnow
from app.db.session import Database, get_database

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="claimtrack"'}
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `claimtrack keys create --name NAME --scope read|write|admin`.",
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


def meters_of(request: Request) -> Meters:
    """The process's in-memory counters."""
    meters: Meters = request.app.state.meters
    return meters


async def _touch(database: Database, key_id: int) -> None:
    async with database.writer() as session, session.begin():
        await service.touch_key(session, key_id, utcnow())


async def authenticate(request: Request, token: str | None) -> Principal | None:
    """The principal behind a bearer key, None without one; 401 for a bad or revoked key.

    Looked up once per request; counting it is the caller's business.
    """
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None or token is None:
        return known
    if prefix_of(token) is None:
        raise _refused("the API key is malformed; keys look like ct_XXXXXXXX_…")
    async with get_database(request).reader() as session:
        key = await service.active_key(session, token)
    if key is None:
        raise _refused("the API key is unknown or revoked")
    principal = Principal(key_id=key.id, name=key.name, scope=key.scope)
    request.state.principal = principal
    request.state.stale_key = service.needs_touch(key, utcnow())
    return principal


def _count_as_write(request: Request, principal: Principal) -> None:
    """In the database, across workers, by the request's first write transaction (a 429 there
    when over the limit) or after its answer (app.auth.charges); with the key's last use when
    stale."""
    limit = request.app.state.settings.rate_limit_per_minute
    if not limit and not request.state.stale_key:
        return
    charge = Charge(
        principal.key_id, principal.name, limit, request.state.stale_key, meters_of(request).clock()
    )
    request.state.stale_key = False
    setattr(request.state, STATE_KEY, charge)
    PENDING.set(charge)


def _count_as_read(request: Request, principal: Principal) -> None:
    """In this process's memory, once per request; a stale last use is written later."""
    if getattr(request.state, "read_counted", False):
        return
    request.state.read_counted = True
    if request.state.stale_key:
        request.state.stale_key = False
        meters_of(request).later(_touch(get_database(request), principal.key_id))
    limit = request.app.state.settings.rate_limit_per_minute
    refused = meters_of(request).reads.hit(principal.key_id, limit=limit)
    if refused is not None:
        raise too_many(f"key {principal.name!r}", refused)


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
        _count_as_write(request, principal)
        work_for(("key", principal.key_id))
        return principal

    return dependency


def bearer_token(headers: Headers) -> str | None:
    """The bearer token of the Authorization header, if any."""
    scheme, _, token = (headers.get("authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def require_key(request: Request, reason: str) -> Principal:
    """The request's key; 401 without a valid one."""
    principal = await authenticate(request, bearer_token(request.headers))
    if principal is None:
        raise _refused(f"{reason}: Authorization: Bearer <key>")
    return principal


async def require_reader(request: Request, reason: str) -> Principal:
    """The request's key, counted as a read; 401 without a valid one."""
    principal = await require_key(request, reason)
    _count_as_read(request, principal)
    return principal


async def read_guard(request: Request) -> None:
    """Reads are public unless CLAIMTRACK_PUBLIC_READ=false; then any valid key may read.

    The key is read from the header directly, so public reads carry no lock in the docs.
    """
    if request.app.state.settings.public_read:
        return
    principal = await require_key(request, "reads need an API key on this server")
    if request.method in SAFE_METHODS:  # other requests are counted as writes, or metered
        _count_as_read(request, principal)


async def meter_expensive(request: Request) -> None:
    """Count a request to an expensive route: by its key if it has an active one (as a read),
    otherwise by its client address against CLAIMTRACK_ANONYMOUS_RATE_LIMIT_PER_MINUTE."""
    token = bearer_token(request.headers)
    try:
        principal = await authenticate(request, token)
    except Unauthorized:  # on a public read a bad key is no key
        principal = None
    if principal is not None:
        _count_as_read(request, principal)
        work_for(("key", principal.key_id))
        return
    limit = request.app.state.settings.anonymous_rate_limit_per_minute
    address = client_address(request.scope)
    work_for(("address", address))
    refused = meters_of(request).anonymous.hit(address, limit=limit)
    if refused is not None:
        raise too_many(f"anonymous clients at {address} (use an API key for more)", refused)


Writer = Annotated[Principal, Depends(require("write"))]
Admin = Annotated[Principal, Depends(require("admin"))]
ReadGuard = Depends(read_guard)
Metered = Depends(meter_expensive)
