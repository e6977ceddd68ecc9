"""The application factory."""

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Scope

from app import __version__
from app.auth.charges import SettleCharges
from app.auth.meters import Meters
from app.auth.private_ops import PrivateOps
from app.claims.list_router import router as claim_lists_router
from app.claims.router import router as claims_router
from app.comparison.router import router as comparison_router
from app.core import heap
from app.core.conditional import ConditionalGet
from app.core.docs import install_docs
from app.core.middleware import BodyLimit, HeadAsGet, RequestContext
from app.core.offload import offload
from app.core.openapi_doc import install_openapi
from app.core.problems import install_problem_handlers
from app.core.retry import RetryConflicts
from app.core.slashes import SlashRedirect
from app.db.routing import ReadAfterWrite, document_read_after
from app.db.session import Database
from app.idempotency.middleware import Idempotency
from app.matching.links_router import router as repeat_links_router
from app.matching.router import router as matching_router
from app.measures.router import router as measures_router
from app.newsroom.extract_service import KnownSpeakers
from app.newsroom.router import router as newsroom_router
from app.ops.router import router as ops_router
from app.reviews.router import router as reviews_router
from app.settings import Settings, get_settings
from app.sources.router import router as sources_router
from app.speakers.router import router as speakers_router

DESCRIPTION = """
Record who said what, when and where, with which figures; see where the figures agree,
conflict, or were revised.

Reads are public; writes need `Authorization: Bearer <api key>` (the **Authorize** button).
Errors are RFC 9457 `application/problem+json`.
"""


# Routes are matched in order: the claims, read most, come first.
V1_ROUTERS = (
    claim_lists_router,
    matching_router,
    repeat_links_router,
    claims_router,
    reviews_router,
    speakers_router,
    sources_router,
    measures_router,
    comparison_router,
    newsroom_router,
)


# The reads served most. Their endpoints take the request and return a Response, so Starlette
# alone can serve them: FastAPI's request handling (dependency solving, exit stacks) is skipped.
# A thread holding the interpreter (pickling an import batch for the CPU worker, aiosqlite's
# connection thread) is asked to hand it back to the event loop after this long: Python's
# default, 5 ms, is waited at each hand-over, and a request needs several. bench.hostile,
# whole attack: p99 10.3 ms at 5 ms, 4.6 ms at 0.5 ms (quiet 1.9 and 2.0 ms).
SWITCH_INTERVAL = 0.0005

PLAIN_ROUTES = frozenset({"list_claims", "get_claim", "claim_facets"})


class PlainRoute(Route):
    """A GET route served by Starlette, in front of the APIRoute that documents it."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Starlette's match, naming the route in the scope as FastAPI does (for metrics)."""
        match, child_scope = super().matches(scope)
        if match is not Match.NONE:
            child_scope["route"] = self
        return match, child_scope


# Metrics go to Prometheus (/metrics); FastAPI's OpenTelemetry hooks only cost time per request.
NO_OPENTELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
}


def _write_plumbing(settings: Settings, database: Database) -> Callable[[ASGIApp], ASGIApp]:
    """What requests with a body pass through: size limit, idempotency keys, retries, and with
    read replicas the WAL position a client's next reads must see (app.db.routing)."""

    def wrap(app: ASGIApp) -> ASGIApp:
        limited = BodyLimit(
            Idempotency(RetryConflicts(app)),
            limit=settings.max_body_bytes,
            large_limit=settings.max_import_bytes,
            large_paths=("/v1/import",),
        )
        return ReadAfterWrite(limited, primary=database.fast) if database.standbys else limited

    return wrap


def serve_app() -> FastAPI:
    """The service as `claimtrack serve` runs it: its start-up heap frozen (below), and threads
    handing the interpreter over every SWITCH_INTERVAL seconds."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    return create_app(freeze_heap=True)


def create_app(settings: Settings | None = None, *, freeze_heap: bool = False) -> FastAPI:
    """Build the service for the given settings (default: from the environment).

    freeze_heap: once started, move every object alive out of the garbage collector's sight
    and collect less often (app.core.heap). Only for a process that serves one app for its
    lifetime (not tests, which build many).
    """
    settings = settings or get_settings()
    database = Database.connect(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The CPU workers start beside the server, not in the way of its first request.
        warming = asyncio.create_task(offload().warm())
        if freeze_heap:
            heap.settle()
        yield
        warming.cancel()
        await database.dispose()

    app = FastAPI(
        title="claimtrack",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        separate_input_output_schemas=True,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        telemetry=NO_OPENTELEMETRY,
    )
    app.state.settings = settings
    app.state.db = database
    install_problem_handlers(app)
    # The routers' routes join the app's own list (each router has its full prefix already):
    # included routers are matched one nesting level at a time, which costs every request.
    for router in (*V1_ROUTERS, ops_router):
        for route in router.routes:
            if isinstance(route, APIRoute):
                route.unique_id = route.name
                if route.name in PLAIN_ROUTES:
                    plain = PlainRoute(route.path, route.endpoint, methods=["GET"], name=route.name)
                    app.router.routes.append(plain)
            app.router.routes.append(route)
    app.router.default = SlashRedirect(app.router.routes, app.router.not_found)
    app.state.meters = Meters()
    app.state.known_speakers = KnownSpeakers()
    app.add_middleware(PrivateOps)
    app.add_middleware(
        RequestContext, wrap_writes=_write_plumbing(settings, database), wrap_reads=ConditionalGet
    )
    app.add_middleware(SettleCharges, database=database)  # app.auth.charges
    app.add_middleware(HeadAsGet)
    install_openapi(app, extra=document_read_after)
    install_docs(app)
    return app
