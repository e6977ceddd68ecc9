"""Qualifiers around a number, and the words that join two numbers into a range.

Before the number: "more than", "over", "upwards of", "in excess of", "above", "well over",
"just over", and verbs of passing a mark ("exceeded", "topped", "surpassed") -> more_than;
"at least", "no fewer than", "no less than", "a minimum of" ->
at_least; "about", "around", "some", "roughly", "nearly", "almost", "approximately",
"an estimated", "close to", "circa", "~" -> approximately; "up to", "at most", "no more than",
"a maximum of", "as many as" -> at_most ("as many as" states a ceiling); "less than",
"fewer than", "under", "below", "just under" -> less_than. After it: "or more" -> at_least,
"or so" -> approximately, "or fewer"/"or less" -> at_most, "1,000+"/"1,000-plus" -> more_than.
Anything else is exact. Ranges: "between X and Y", "from X to Y", "X to Y", "X-Y", "X–Y";
"from X to Y" after a verb of change ("rose from 10 to 20") is two figures, not a range.
"""

from __future__ import annotations

import re

QUALIFIERS: dict[str, tuple[str, ...]] = {
    "more_than": (
        "more than", "over", "upwards of", "upward of", "in excess of", "above", "well over",
        "just over", "slightly more than", "greater than", "exceeding", "well above",
        "exceeded", "exceeds", "exceed", "topped", "tops", "surpassed", "surpasses", "surpassing",
        "outstripped", "outnumbered", "passed the", "crossed the", "broke the", "beyond",
    ),
    "at_least": (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than",
        "a minimum of", "at the very least",
    ),
    "approximately": (
        "about", "around", "some", "roughly", "nearly", "almost", "approximately", "approx.",
        "an estimated", "estimated at", "estimated", "close to", "circa", "~", "around about",
        "getting on for", "in the region of", "the best part of", "just about",
    ),
    "at_most": (
        "up to", "at most", "no more than", "not more than", "a maximum of", "as many as",
        "as much as", "at the most",
    ),
    "less_than": ("less than", "fewer than", "under", "below", "just under", "lower than"),
}  # fmt: skip
_PHRASES = sorted(((p, q) for q, ps in QUALIFIERS.items() for p in ps), key=lambda pq: -len(pq[0]))
# One alternation, longest phrase first: every match ends at the last word before the number,
# so the leftmost match is the longest phrase.
BEFORE_RE = re.compile(
    rf"(?:^|(?<=[^\w~]))({'|'.join(re.escape(p) for p, _ in _PHRASES)})\s*$", re.I
)
QUALIFIER_OF = dict(_PHRASES)
AFTER_RE = re.compile(r"(?:\s+or\s+(more|so|fewer|less)\b|(\+|-plus\b))", re.I)
AFTER_QUALIFIER = {"more": "at_least", "so": "approximately", "fewer": "at_most"}
RANGE_JOIN = re.compile(r"\s*(?:to|and|-|–|—|through)\s*$", re.I)
RANGE_OPENER = re.compile(r"\b(between|from)\s*$", re.I)
# Look-behind windows: the words these patterns read end right before the offset given, so
# searching only the last few hundred characters keeps long sentences linear.
OPENER_WINDOW = 7 + 200
VERB_WINDOW = 200
CHANGE_VERB = re.compile(
    r"\b(?:rose|risen|rise|rising|increased?|increasing|grew|grown|growing|climbed?|jumped?|"
    r"fell|fallen|falling|dropped?|declined?|decreased?|went\s+up|went\s+down|surged?|soared?|"
    r"doubled?|tripled?|slipped|plunged?|raised?|cut|lowered?|revised|changed?)\b"
    r"(?:\s+\w+){0,3}\s*$",
    re.I,
)


def qualifier_before(text: str, start: int) -> tuple[str, int] | None:
    """The qualifier written right before offset start, and where the phrase begins."""
    head = text[max(0, start - 40) : start]
    m = BEFORE_RE.search(head)
    if m is None:
        return None
    return QUALIFIER_OF[m.group(1).lower()], start - len(head) + m.start(1)


def qualifier_after(text: str, end: int) -> tuple[str, int] | None:
    """A trailing qualifier ('or more', '+') right after offset end, and where it ends."""
    m = AFTER_RE.match(text, end)
    if m is None:
        return None
    if m.group(2):
        return "more_than", m.end()
    return AFTER_QUALIFIER.get(m.group(1).lower(), "at_most"), m.end()


def joins_range(text: str, first_end: int, second_start: int, first_start: int) -> bool:
    """Whether the words between two numbers make them a range."""
    between = text[first_end:second_start]
    if not RANGE_JOIN.fullmatch(between) or len(between) > 12:
        return False
    word = between.strip().lower()
    opener = _opener(text, first_start)
    if word == "and":
        return bool(opener) and opener is not None and opener.group(1).lower() == "between"
    if opener is not None and opener.group(1).lower() == "from":
        return not CHANGE_VERB.search(text, max(0, opener.start() - VERB_WINDOW), opener.start())
    return True


def range_opener_start(text: str, first_start: int) -> int:
    """Offset of 'between'/'from' introducing a range that starts at first_start."""
    m = _opener(text, first_start)
    return m.start(1) if m is not None else first_start


def _opener(text: str, first_start: int) -> re.Match[str] | None:
    """'between' or 'from' written right before offset first_start."""
    return RANGE_OPENER.search(text, max(0, first_start - OPENER_WINDOW), first_start)
