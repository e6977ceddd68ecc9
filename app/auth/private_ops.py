"""The API's documents and metrics behind a key when the settings say they are not public."""

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.auth.deps import require_reader
from app.core.errors import AppError
from app.core.problems import error_response

DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
DOCS_ASSETS = "/docs-assets/"
METRICS_PATH = "/metrics"


def _guarded(path: str) -> str | None:
    """Which setting decides a path: "docs", "metrics", or None for everything else."""
    if path in DOCS_PATHS or path.startswith(DOCS_ASSETS):
        return "docs"
    return "metrics" if path == METRICS_PATH else None


class PrivateOps:
    """/docs, /redoc, /openapi.json, the docs assets (CLAIMTRACK_PUBLIC_DOCS) and /metrics
    (CLAIMTRACK_PUBLIC_METRICS) need any active key unless public; both follow
    CLAIMTRACK_PUBLIC_READ when unset. Other paths pass straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the key for a guarded path on a server where it is not public."""
        kind = _guarded(scope["path"]) if scope["type"] == "http" else None
        if kind is not None:
            settings = scope["app"].state.settings
            public = settings.docs_public() if kind == "docs" else settings.metrics_public()
            if not public:
                try:
                    await require_reader(Request(scope), f"{kind} need an API key on this server")
                except AppError as error:
                    await error_response(error)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
