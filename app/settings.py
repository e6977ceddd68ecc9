"""Settings, read once from the environment (prefix CLAIMTRACK_)."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = f"sqlite:///{Path('var') / 'claimtrack.db'}"


class Settings(BaseSettings):
    """Every knob the service has, with defaults that run."""

    model_config = SettingsConfigDict(env_prefix="CLAIMTRACK_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # PostgreSQL standbys that serve reads (comma-separated URLs or a JSON list); a client's
    # reads after its own write go to the primary until a standby has replayed it (app.db.routing).
    database_replica_urls: Annotated[list[str], NoDecode] = []
    # A standby further behind the primary than this is not read from.
    replica_max_lag_seconds: float = Field(default=10.0, gt=0, le=3600)
    # How often each process reads each standby's replay position and lag.
    replica_check_seconds: float = Field(default=1.0, gt=0, le=60)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    log_level: str = "info"
    approx_tolerance: float = Field(default=0.1, ge=0, lt=1)
    public_read: bool = True
    require_if_match: bool = False
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_import_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    rate_limit_per_minute: int = Field(default=600, ge=0)
    # Anonymous requests to expensive routes, per client address and process (0: no limit).
    anonymous_rate_limit_per_minute: int = Field(default=60, ge=0)
    # Addresses (or CIDR networks, comma-separated) of proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed; empty: none, the socket peer is the client.
    trusted_proxies: str = ""
    # /docs, /redoc, /openapi.json and /metrics without a key; unset: as public_read.
    public_docs: bool | None = None
    public_metrics: bool | None = None
    # uvicorn: seconds for a request's head to arrive, an idle keep-alive connection to stay
    # open, and requests under way to finish on shutdown; which HTTP parser it uses.
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    keep_alive_seconds: int = Field(default=5, ge=1, le=600)
    graceful_shutdown_seconds: int = Field(default=30, ge=1, le=3600)
    http: Literal["auto", "httptools", "h11"] = "auto"
    # A streamed import body (it holds the write lock as it arrives): the longest pause
    # between two of its chunks, and the least rate it must keep once that long was waited.
    body_idle_seconds: float = Field(default=10.0, gt=0, le=600)
    body_min_bytes_per_second: int = Field(default=4096, ge=0)
    # POST /v1/extract: the longest text it reads (characters) and how long it may work on one.
    extract_max_chars: int = Field(default=200_000, ge=1)
    extract_seconds: float = Field(default=10.0, gt=0)
    # Worker processes (per server process) for CPU-bound work: extraction, reading import rows
    # (0: threads of the server process instead, sharing its interpreter lock).
    cpu_workers: int = Field(default=1, ge=0, le=64)
    db_pool_size: int = Field(default=10, ge=1, le=100)
    # SQLite: page cache of the connection that serves quick reads on the event loop (MiB).
    sqlite_cache_mb: int = Field(default=64, ge=0, le=4096)

    @field_validator("database_url")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("CLAIMTRACK_DATABASE_URL is empty")
        return value.strip()

    @field_validator("database_replica_urls", mode="before")
    @classmethod
    def _replica_list(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if not value.lstrip().startswith("["):
            return [part for part in value.split(",") if part.strip()]
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ValueError("starts with [ but is not a JSON list of URLs") from None

    @field_validator("database_replica_urls")
    @classmethod
    def _replicas_are_postgres(cls, urls: list[str]) -> list[str]:
        if any(_backend(url) not in {"postgresql", "postgres"} for url in urls):
            raise ValueError("each replica URL must be a postgresql:// URL")
        return [url.strip() for url in urls]

    @model_validator(mode="after")
    def _replicas_need_postgres(self) -> "Settings":
        if self.database_replica_urls and _backend(self.database_url) == "sqlite":
            raise ValueError(
                "CLAIMTRACK_DATABASE_REPLICA_URLS needs a PostgreSQL CLAIMTRACK_DATABASE_URL: "
                "SQLite has no replicas"
            )
        return self

    def docs_public(self) -> bool:
        """Whether /docs, /redoc, /openapi.json and their assets are served without a key."""
        return self.public_read if self.public_docs is None else self.public_docs

    def metrics_public(self) -> bool:
        """Whether /metrics is served without a key."""
        return self.public_read if self.public_metrics is None else self.public_metrics


def _backend(url: str) -> str | None:
    try:
        return make_url(url.strip()).get_backend_name()
    except ArgumentError:
        return None


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
