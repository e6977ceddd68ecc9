"""Settings, read once from the environment (prefix CLAIMTRACK_)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite:///{Path('var') / 'claimtrack.db'}"


class Settings(BaseSettings):
    """Every knob the service has, with defaults that run."""

    model_config = SettingsConfigDict(env_prefix="CLAIMTRACK_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
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
    # POST /v1/extract: the longest text it reads (characters) and how long it may work on one.
    extract_max_chars: int = Field(default=200_000, ge=1)
    extract_seconds: float = Field(default=10.0, gt=0)
    db_pool_size: int = Field(default=10, ge=1, le=100)
    # SQLite: page cache of the connection that serves quick reads on the event loop (MiB).
    sqlite_cache_mb: int = Field(default=64, ge=0, le=4096)

    @field_validator("database_url")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("CLAIMTRACK_DATABASE_URL is empty")
        return value.strip()


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
