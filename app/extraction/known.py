"""Finding the caller's known speakers in text.

Names and aliases match case-insensitively as whole words; a person's surname alone matches
once their full name (or another alias of two words or more) has appeared. A name followed
by a possessive and another word ("Gladkov's office") does not match: the office is not the
person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.extraction.model import KnownSpeaker


def _pattern(names: Sequence[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of the names as whole words."""
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)(?!['’]s\s+\w)", re.I)


class KnownIndex:
    """Patterns for the known speakers, and which full names have been seen."""

    def __init__(self, known: Sequence[KnownSpeaker]) -> None:
        """Compile a pattern for each known speaker's names and surname."""
        self.by_id = {k.id: k for k in known}
        self._full = {k.id: _pattern(k.names) for k in known if k.names}
        self._surname = {
            k.id: _pattern([k.names[0].split()[-1]])
            for k in known
            if k.kind == "person" and k.names and len(k.names[0].split()) > 1
        }
        self._seen: set[int] = set()

    def _written(self, kid: int, text: str) -> list[str]:
        """Every way speaker kid is written in text."""
        found = [m.group() for m in self._full[kid].finditer(text)]
        if kid in self._seen and kid in self._surname:
            found += [m.group() for m in self._surname[kid].finditer(text)]
        return found

    def match(self, text: str) -> tuple[KnownSpeaker, str] | None:
        """The known speaker named in text (longest name wins), with the name as written."""
        best: tuple[KnownSpeaker, str] | None = None
        for kid in self._full:
            for written in self._written(kid, text):
                if best is None or len(written) > len(best[1]):
                    best = (self.by_id[kid], written)
        if best is not None and " " in best[1]:
            self._seen.add(best[0].id)
        return best

    def mentioned(self, text: str) -> list[int]:
        """Ids of the known speakers named in text; marks full names as seen."""
        ids = []
        for kid in self._full:
            written = self._written(kid, text)
            if written:
                ids.append(kid)
            if any(" " in w for w in written):
                self._seen.add(kid)
        return ids
