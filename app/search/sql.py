"""Full-text conditions and relevance scores for each engine."""

from typing import Any

from sqlalchemy import ColumnElement, Float, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import REGCONFIG, TSVECTOR
from sqlalchemy.sql import column, table

from app.claims.models import Claim
from app.search.query import Term, to_fts5, to_tsquery

claims = Claim.__table__
fts = table("claims_fts", column("rowid"))
FTS_TABLE: ColumnElement[Any] = literal_column("claims_fts")
SEARCH_VECTOR = literal_column("claims.search_vector", TSVECTOR)
TEXT_WEIGHT, EXTRA_WEIGHT = 10.0, 1.0


def _tsquery(terms: tuple[Term, ...]) -> ColumnElement[Any]:
    return func.to_tsquery(literal("simple", REGCONFIG), literal(to_tsquery(terms)))


def matching_ids(dialect: str, terms: tuple[Term, ...]) -> ColumnElement[bool]:
    """A condition on claims: the claim matches every term."""
    if dialect == "sqlite":
        matched = select(fts.c.rowid).where(FTS_TABLE.op("MATCH")(to_fts5(terms)))
        return claims.c.id.in_(matched)
    return SEARCH_VECTOR.op("@@")(_tsquery(terms))


def ranked_matches(dialect: str, terms: tuple[Term, ...]) -> tuple[Any, ColumnElement[float]]:
    """(a FROM clause to join on claims, a score where lower is more relevant)."""
    if dialect == "sqlite":
        score = func.bm25(FTS_TABLE, TEXT_WEIGHT, EXTRA_WEIGHT, type_=Float)
        matched = (
            select(fts.c.rowid.label("claim_id"), score.label("score"))
            .where(FTS_TABLE.op("MATCH")(to_fts5(terms)))
            .subquery("matched")
        )
        return matched, matched.c.score
    rank = func.ts_rank(SEARCH_VECTOR, _tsquery(terms), type_=Float)
    return None, (-rank).label("score")
