"""SQL text made into statements once.

`text()` reads a statement's bind parameters with a regular expression each time it is
called: about 0.1 ms for the few-kilobyte statements that build claim documents, paid on
every write. The statements claimtrack builds come from a few templates, so each distinct
one is made once and reused (SQLAlchemy's text clauses are immutable and safe to share).
"""

from functools import lru_cache

from sqlalchemy import TextClause, text

STATEMENTS_KEPT = 512


@lru_cache(maxsize=STATEMENTS_KEPT)
def statement(sql: str) -> TextClause:
    """The text clause of a SQL string, made once per distinct string."""
    return text(sql)
