"""SQL functions claimtrack gives every SQLite connection it opens.

SQLite's own text for a double is not exact: its JSON functions write 15 significant digits
(1848435130124.2273 becomes 1848435130124.23), and its printf and CAST are not correctly
rounded at 16 and 17 digits either. `ct_json_number(x)` writes the shortest text that reads
back as the same double (Python's repr), so a figure is served as it was stored.

SQLite's lower() folds ASCII letters only; `ct_fold(text)` folds every letter (Python's
casefold), so that a look-up by name finds "Зеленський" as "зеленськ".
"""

from typing import Any

JSON_NUMBER = "ct_json_number"
FOLD = "ct_fold"


def json_number(value: float | int | None) -> str | None:
    """A number as the shortest JSON text that reads back as the same double."""
    return None if value is None else repr(float(value))


def fold(value: str | None) -> str | None:
    """Text with its letters case-folded, for matching without regard to case."""
    return None if value is None else str(value).casefold()


def install(connection: Any) -> None:
    """Register the functions on a sqlite3 (or adapted aiosqlite) connection."""
    connection.create_function(JSON_NUMBER, 1, json_number, deterministic=True)
    connection.create_function(FOLD, 1, fold, deterministic=True)
