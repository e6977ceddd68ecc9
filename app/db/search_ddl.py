"""Database objects kept outside the ORM metadata (full-text search), and Alembic's filter."""

from typing import Any

SEARCH_TABLE_PREFIXES = ("claims_fts",)
SEARCH_COLUMNS = frozenset({("claims", "search_vector")})
SEARCH_INDEXES = frozenset({"ix_claims_search_vector"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Keep the search objects (made by hand in migrations) out of autogenerate."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLE_PREFIXES):
        return False
    if type_ == "column" and (getattr(obj.table, "name", None), name) in SEARCH_COLUMNS:
        return False
    return not (type_ == "index" and name in SEARCH_INDEXES)
