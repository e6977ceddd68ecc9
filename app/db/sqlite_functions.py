"""SQL functions claimtrack gives every SQLite connection it opens.

SQLite's own text for a double is not exact: its JSON functions write 15 significant digits
(1848435130124.2273 becomes 1848435130124.23), and its printf and CAST are not correctly
rounded at 16 and 17 digits either. `ct_json_number(x)` writes the shortest text that reads
back as the same double (Python's repr), so a figure is served as it was stored.

SQLite's lower() folds ASCII letters only; `ct_fold(text)` folds every letter (Python's
casefold), drops the accents of Latin letters (and ё's) and writes ligatures out (æ as ae), so
that a look-up by name finds "Зеленський" as "зеленськ" and "Gládkov" as "gladkov".
"""

import unicodedata
from typing import Any

JSON_NUMBER = "ct_json_number"
FOLD = "ct_fold"


def _unaccented() -> dict[int, str]:
    """Latin letters with accents (and Cyrillic ё), each to its letter without them; other
    Cyrillic letters keep theirs (й is not и, ї is not і)."""
    plain = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00), 0x401, 0x451]:
        letter = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != letter and base.isalpha():
            plain[code] = STROKED.get(base, base)  # Ǿ is Ø with an accent: O
    plain.update({ord(a): b for a, b in STROKED.items()})
    return plain


# Letters whose stroke is no combining mark: Łódź, Øresund, Đorđević, Ðór.
STROKED = dict(zip("ŁłØøĐđĦħŦŧÐð", "LlOoDdHhTtDd", strict=True))
# Lower-case letters written as two in plain Latin: Straße, Ærøskøbing, Œuvres, Þórsson
# (casefold writes ß as ss already; PostgreSQL's lower() keeps it).
LIGATURES = {"ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ĳ": "ij"}


UNACCENTED = _unaccented()
# The same table as the arguments of PostgreSQL's translate(text, from, to).
ACCENTED_LETTERS = "".join(chr(code) for code in UNACCENTED)
PLAIN_LETTERS = "".join(UNACCENTED.values())
PLAIN = {**UNACCENTED, **{ord(letter): plain for letter, plain in LIGATURES.items()}}


def json_number(value: float | int | None) -> str | None:
    """A number as the shortest JSON text that reads back as the same double."""
    return None if value is None else repr(float(value))


def fold(value: str | None) -> str | None:
    """Text with its letters case-folded and their accents dropped, for matching without
    regard to either."""
    return None if value is None else plain(str(value).casefold())


def plain(folded: str) -> str:
    """Case-folded (or lower-case) text without accents, ligatures written out."""
    return folded.translate(PLAIN)


def install(connection: Any) -> None:
    """Register the functions on a sqlite3 (or adapted aiosqlite) connection."""
    connection.create_function(JSON_NUMBER, 1, json_number, deterministic=True)
    connection.create_function(FOLD, 1, fold, deterministic=True)
