"""The trailing-slash redirect, with a relative Location built from nothing but the path.

Starlette's own redirect writes an absolute URL from the Host header, so a forged Host
(`Host: evil.example`) would come back as `Location: http://evil.example/...`.
"""

from urllib.parse import parse_qsl, quote, urlencode

from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

# Characters a path segment may hold as they are (RFC 3986 pchar without "%").
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def other_path(path: str) -> str | None:
    """The path with its trailing slash toggled; None where no redirect may go (`//host`)."""
    toggled = path.rstrip("/") if path.endswith("/") else f"{path}/"
    if not toggled.startswith("/") or toggled.startswith("//"):
        return None
    return toggled


def relative_location(path: str, query_string: bytes) -> str:
    """Path and query, both encoded again from their parsed form."""
    query = urlencode(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
    return quote(path, safe=PATH_SAFE) + (f"?{query}" if query else "")


class SlashRedirect:
    """The router's fallback: 307 to the same path with its trailing slash toggled when that
    path has a route, else `not_found` (install with `redirect_slashes=False`)."""

    def __init__(self, routes: list[BaseRoute], not_found: ASGIApp) -> None:
        self.routes, self.not_found = routes, not_found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Redirect or answer 404."""
        toggled = other_path(scope["path"]) if scope["type"] == "http" else None
        if toggled is not None:
            candidate = {**scope, "path": toggled}
            if any(route.matches(candidate)[0] is not Match.NONE for route in self.routes):
                location = relative_location(toggled, scope.get("query_string", b""))
                await RedirectResponse(location, status_code=307)(scope, receive, send)
                return
        await self.not_found(scope, receive, send)
