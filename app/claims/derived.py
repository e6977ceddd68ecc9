"""Data derived from a claim and what it refers to, kept in step on every write.

Two things are derived: the search text (`claims.search_extra`: the speaker's name and aliases,
the sources' titles) and the ready-made read form (`claim_documents`). Whatever changes a
claim, its speaker, its sources, the measures of its figures or its reviews refreshes them for
the claims concerned, in the same transaction.
"""

import json
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.sql.documents import document
from app.db.session import dialect_of
from app.db.statements import statement as sql

Scope = Literal["claims", "speaker", "source", "measure", "all"]
DEFAULT_TOLERANCE = 0.1
IDS = {
    "sqlite": "SELECT value FROM json_each(:ids)",
    "postgresql": "SELECT jsonb_array_elements_text(CAST(:ids AS jsonb))::bigint",
}
ALIASES = {
    "sqlite": "(SELECT group_concat(value, ' ') FROM json_each(s.aliases))",
    "postgresql": (
        "(SELECT string_agg(alias, ' ') FROM jsonb_array_elements_text(s.aliases) AS alias)"
    ),
}
TITLES = {"sqlite": "group_concat(src.title, ' ')", "postgresql": "string_agg(src.title, ' ')"}


def _where(dialect: str, scope: Scope, column: str) -> str:
    return {
        "claims": f"{column} IN ({IDS[dialect]})",
        "speaker": f"{column} IN (SELECT id FROM claims WHERE speaker_id = :id)",
        "source": f"{column} IN (SELECT claim_id FROM appearances WHERE source_id = :id)",
        "measure": f"{column} IN (SELECT claim_id FROM figures WHERE measure_id = :id)",
        "all": "TRUE",
    }[scope]


def _search_expression(dialect: str, speaker: str, appearances: str) -> str:
    """The search text of a claim whose speaker's id is `speaker` and whose sources are those
    of `appearances` (a FROM … WHERE … with `src`, the sources): the speaker's name and
    aliases, the sources' titles."""
    return f"""trim(
    coalesce((SELECT s.name || ' ' || coalesce({ALIASES[dialect]}, '')
              FROM speakers s WHERE s.id = {speaker}), '')
    || ' ' || coalesce((SELECT {TITLES[dialect]} FROM {appearances}), ''))"""


def _search_text(dialect: str, scope: Scope) -> str:
    stored = "appearances a JOIN sources src ON src.id = a.source_id WHERE a.claim_id = claims.id"
    expression = _search_expression(dialect, "claims.speaker_id", stored)
    return f"UPDATE claims SET search_extra = {expression} WHERE {_where(dialect, scope, 'id')}"


# Claims not written yet, as a JSON array of [speaker id, [source id, …]]: their search texts
# in that order, by the one rule above (new claims are inserted with it, not updated after).
UNWRITTEN = {
    "sqlite": (
        "json_extract(c.value, '$[0]')",
        "sources src WHERE src.id IN (SELECT value FROM json_each(c.value, '$[1]'))",
        "FROM json_each(:claims) AS c ORDER BY c.key",
    ),
    "postgresql": (
        "(c.value ->> 0)::bigint",
        "sources src WHERE src.id = ANY(ARRAY("
        "SELECT jsonb_array_elements_text(c.value -> 1)::bigint))",
        "FROM jsonb_array_elements(CAST(:claims AS jsonb)) WITH ORDINALITY AS c(value, n) "
        "ORDER BY c.n",
    ),
}


async def search_texts(
    session: AsyncSession, claims: Sequence[tuple[int, Sequence[int]]]
) -> list[str]:
    """The search text of each claim not written yet, given as (speaker id, source ids)."""
    if not claims:
        return []
    dialect = dialect_of(session)
    speaker, appearances, rows = UNWRITTEN[dialect]
    statement = f"SELECT {_search_expression(dialect, speaker, appearances)} {rows}"
    found = await session.execute(sql(statement), {"claims": json.dumps(claims)})
    return list(found.scalars())


DOCUMENT_TABLES = (
    "claims", "speakers", "claim_tags", "appearances", "sources", "figures", "measures", "reviews",
)  # fmt: skip


# The claims some repeat link names: their documents show the links (and the group's reviews).
LINKED = "c.id IN (SELECT claim_id FROM repeat_links UNION SELECT repeat_of_id FROM repeat_links)"


# A document rebuilt at the version it was built at changed for a reason outside the claim;
# one built for a claim that had none may differ from what clients were sent before (a
# document dropped by a migration), unless the claim is new.
OUTSIDE = """CASE WHEN claim_documents.built_version = excluded.built_version
    AND (claim_documents.document <> excluded.document
         OR claim_documents.tolerance <> excluded.tolerance)
  THEN excluded.built_version ELSE claim_documents.outside_version END"""


def _documents(dialect: str, scope: Scope, *, linked: bool = False, new: bool = False) -> str:
    """The statement that builds the documents in scope: of the claims no link names (with the
    link fields empty, looked up for none: most claims), or with linked, of those it names;
    with new, of claims just created (no client has seen another form of them)."""
    where = _where(dialect, scope, "c.id")
    where = f"{where} AND {LINKED}" if linked else f"{where} AND NOT {LINKED}"
    outside = "NULL" if new else "c.version"
    return f"""INSERT INTO claim_documents
  (claim_id, tolerance, document, built_version, outside_version)
SELECT c.id, :tolerance, {document(dialect, links=linked)}, c.version, {outside}
FROM claims AS c JOIN speakers AS s ON s.id = c.speaker_id
WHERE {where}
ON CONFLICT (claim_id) DO UPDATE SET tolerance = excluded.tolerance,
  document = excluded.document, built_version = excluded.built_version,
  outside_version = {OUTSIDE}"""


def tolerance_of(session: AsyncSession) -> float:
    """The approximation tolerance the session's documents are built with."""
    return float(session.info.get("tolerance", DEFAULT_TOLERANCE))


async def refresh(
    session: AsyncSession, scope: Scope, *, search: bool = True, new: bool = False, **params: Any
) -> None:
    """Recompute the search text (unless `search` is False: the change cannot touch it) and
    the documents of the claims in scope (with new, claims just created: no repeat link can
    name them yet, and no client has read them)."""
    dialect = dialect_of(session)
    if search:
        await session.execute(sql(_search_text(dialect, scope)), params)
    tolerance = {"tolerance": tolerance_of(session)}
    for with_links in (False,) if new else (False, True):
        statement = _documents(dialect, scope, linked=with_links, new=new)
        await session.execute(sql(statement), {**params, **tolerance})


async def refresh_claims(
    session: AsyncSession, claim_ids: list[int], *, search: bool = True, new: bool = False
) -> None:
    """Recompute what derives from these claims (with search=False, their documents only;
    with new, claims just created, in no repeat group yet)."""
    if claim_ids:
        await refresh(session, "claims", search=search, new=new, ids=str(claim_ids))


# Fewer new claims than this are built quickly with any plan: no ANALYZE for a small import.
ANALYZE_AFTER = 1000


async def analyze_if_outgrown(session: AsyncSession, added: int) -> None:
    """On PostgreSQL, analyse the document tables when the claims a bulk write has added so
    far (at least ANALYZE_AFTER) are more than twice what the statistics know of (a load into
    a new or small database): planned without them, building documents scans the measures
    once per claim (3x slower). The statistics then count the transaction's own rows."""
    if dialect_of(session) != "postgresql" or added < ANALYZE_AFTER:
        return
    known = await session.execute(
        text("SELECT reltuples FROM pg_class WHERE oid = 'claims'::regclass")
    )
    if added > 2 * max(known.scalar_one(), 0):
        await session.execute(text(f"ANALYZE {', '.join(DOCUMENT_TABLES)}"))


async def stale_documents(session: AsyncSession) -> int:
    """How many claims have no ready document for the session's tolerance."""
    statement = text(
        "SELECT count(*) FROM claims AS c LEFT JOIN claim_documents AS d ON d.claim_id = c.id "
        "WHERE d.claim_id IS NULL OR d.tolerance <> :tolerance"
    )
    found = await session.execute(statement, {"tolerance": tolerance_of(session)})
    return int(found.scalar_one())


async def refresh_all(session: AsyncSession) -> None:
    """Recompute every claim's search text and document (after a migration or a new tolerance).

    On PostgreSQL the tables are analysed first: a restored or bulk-loaded database has no
    statistics yet, and without them the planner joins every source to every claim.
    """
    if dialect_of(session) == "postgresql":
        await session.execute(text(f"ANALYZE {', '.join(DOCUMENT_TABLES)}"))
    await refresh(session, "all")
