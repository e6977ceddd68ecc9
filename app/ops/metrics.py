"""Prometheus metrics: requests and latency per route and status."""

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "claimtrack_http_requests",
    "HTTP requests handled, by method, route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "claimtrack_http_request_duration_seconds",
    "Time to handle an HTTP request, by method, route template and status.",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
    registry=REGISTRY,
)


def observe(*, method: str, route: str, status: int, seconds: float) -> None:
    """Count one request and its latency."""
    labels = (method, route, str(status))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(seconds)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, with their content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
