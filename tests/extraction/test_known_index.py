"""Known speakers are found in text as a plain scan of every speaker's names would find them.

KnownIndex files names under their words so that thousands of known speakers cost little; the
reference here tries every speaker's names against the whole text, the obvious way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import example, given
from hypothesis import strategies as st

from app.extraction.model import KnownSpeaker
from app.extraction.speakers.known import KnownIndex


def _pattern(names: Sequence[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)(?!['’]s\s+\w)", re.I)


def _everywhere(pattern: re.Pattern[str], text: str) -> list[str]:
    """The pattern's match at each position of text where it matches."""
    return [m.group() for pos in range(len(text)) if (m := pattern.match(text, pos))]


class Reference:
    """Every speaker's names tried against the whole text, one speaker after another."""

    def __init__(self, known: Sequence[KnownSpeaker]) -> None:
        self.by_id = {k.id: k for k in known}
        self.full = {k.id: _pattern(k.names) for k in known if k.names}
        self.surname = {
            k.id: _pattern([k.names[0].split()[-1]])
            for k in known
            if k.kind == "person" and k.names and len(k.names[0].split()) > 1
        }
        self.seen: set[int] = set()

    def written(self, kid: int, text: str) -> list[str]:
        """Every name of the speaker found at every position (overlapping ones too: in "Kova
        Kova Anna Anna" both "Kova Kova" and "Kova Anna Anna" are written)."""
        found = _everywhere(self.full[kid], text)
        if kid in self.seen and kid in self.surname:
            found += _everywhere(self.surname[kid], text)
        return found

    def match(self, text: str) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        for kid in self.full:
            for written in self.written(kid, text):
                if best is None or len(written) > len(best[1]):
                    best = (kid, written)
        if best is not None and " " in best[1]:
            self.seen.add(best[0])
        return best

    def mentioned(self, text: str) -> list[int]:
        ids = []
        for kid in self.full:
            written = self.written(kid, text)
            if written:
                ids.append(kid)
            if any(" " in w for w in written):
                self.seen.add(kid)
        return ids


WORDS = ["Anna", "Kova", "kova", "Ministry", "of", "War", "U.S.", "ISW", "Ivan", "Petro", "'t"]
name = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
speakers = st.lists(
    st.tuples(st.lists(name, min_size=0, max_size=3), st.sampled_from(["person", "organization"])),
    max_size=8,
).map(
    lambda rows: [
        KnownSpeaker(n, tuple(names), kind, ()) for n, (names, kind) in enumerate(rows, start=1)
    ]
)
texts = st.lists(
    st.lists(
        st.sampled_from([*WORDS, "said", "’s office", "'s", ",", ".", "KOVA", "Annas", "-"]),
        max_size=12,
    ).map(" ".join),
    min_size=1,
    max_size=4,
)


@given(speakers, texts)
@example(
    [KnownSpeaker(1, ("Anna Kova",), "person", ()), KnownSpeaker(2, ("Kova",), "person", ())],
    ["Anna Kova said", "Kova said", "KOVA ’s office said"],
)
@example(
    [KnownSpeaker(1, ("Ministry of War", "ISW"), "organization", ())],
    ["the Ministry of War said", "ministry of war 's", "ISW."],
)
@example([KnownSpeaker(1, ("'t Ivan",), "person", ())], ["'t Ivan said", "Ivan said"])
@example([KnownSpeaker(1, ("Kova Kova", "Kova Anna Anna"), "person", ())], ["Kova Kova Anna Anna"])
def test_the_index_finds_what_a_scan_of_every_name_finds(
    known: list[KnownSpeaker], sentences: list[str]
) -> None:
    index, reference = KnownIndex(known), Reference(known)
    for text in sentences:
        found = index.match(text)
        assert (None if found is None else (found[0].id, found[1])) == reference.match(text)
        assert index.mentioned(text) == reference.mentioned(text)


def test_a_name_is_found_among_ten_thousand_known_speakers() -> None:
    known = [KnownSpeaker(n, (f"Speaker{n} Surname{n % 97}",), "person", ()) for n in range(10_000)]
    known.append(KnownSpeaker(-1, ("Institute for the Study of War", "ISW"), "organization", ()))
    index = KnownIndex(known)
    assert index.mentioned("Speaker42 Surname42 and the ISW disagreed.") == [42, -1]
    found = index.match("said the Institute for the Study of War on Monday")
    assert found is not None and found[0].id == -1
    assert index.match("Surname42 said") is not None  # the surname, once the full name was seen
    assert index.match("Surname43 said") is None
