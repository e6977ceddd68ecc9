"""One claim's read form, built by the database as JSON text."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from app.claims.listing import Runner
from app.claims.sql.documents import documents_sql
from app.core.errors import NotFound


@lru_cache
def one_claim_sql(dialect: str) -> str:
    """The statement giving (id, key, document, version, settled) of the claim `:id` (no row if
    none)."""
    return documents_sql(
        dialect, "SELECT CAST(:id AS BIGINT) AS id, NULL AS key", "page.id", with_version=True
    )


@dataclass(frozen=True)
class ClaimJson:
    """A claim's read form as UTF-8 JSON, its version (for the ETag), and whether a client
    holding that version's ETag surely holds this form (then If-None-Match may be a 304)."""

    document: bytes
    version: int
    settled: bool = False

    def parsed(self) -> dict[str, Any]:
        """The read form as a dict."""
        parsed: dict[str, Any] = orjson.loads(self.document)
        return parsed


async def claim_json(run: Runner, dialect: str, claim_id: int, *, tolerance: float) -> ClaimJson:
    """The read form of one claim; 404 when there is none."""
    rows = await run(one_claim_sql(dialect), {"id": claim_id, "tolerance": tolerance}, False)
    if not rows:
        raise NotFound(f"claim {claim_id} does not exist")
    row = rows[0]
    return ClaimJson(document=row[2], version=int(row[3]), settled=bool(row[4]))
