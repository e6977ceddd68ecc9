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
    """The statement giving (id, key, document, version) of the claim `:id` (no row if none)."""
    return documents_sql(
        dialect, "SELECT CAST(:id AS BIGINT) AS id, NULL AS key", "page.id", with_version=True
    )


@dataclass(frozen=True)
class ClaimJson:
    """A claim's read form as UTF-8 JSON, and its version (for the ETag)."""

    document: bytes
    version: int

    def parsed(self) -> dict[str, Any]:
        """The read form as a dict."""
        parsed: dict[str, Any] = orjson.loads(self.document)
        return parsed


async def claim_json(run: Runner, dialect: str, claim_id: int, *, tolerance: float) -> ClaimJson:
    """The read form of one claim; 404 when there is none."""
    rows = await run(one_claim_sql(dialect), {"id": claim_id, "tolerance": tolerance}, False)
    if not rows:
        raise NotFound(f"claim {claim_id} does not exist")
    return ClaimJson(document=rows[0][2], version=int(rows[0][3]))
