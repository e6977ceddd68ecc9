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

Ukrainian and Russian (CYRILLIC_QUALIFIERS): "понад", "більше (ніж)", "более (чем)",
"свыше", "перевищив" -> more_than; "щонайменше", "не менше", "не менее", "как минимум" ->
at_least; "близько", "майже", "около", "почти" -> approximately; "до" -> at_most, except after
a verb of change, where it means "to" ("зросла до 7,5%", "повысил ставку ... до 18%": exact);
"менше (ніж)", "менее (чем)" -> less_than. Ranges: "від/от/з/с X до Y", "між/между X і/и Y".
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
CYRILLIC_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "more_than": (
        "понад", "більше ніж", "більш ніж", "більше", "більш як", "більше як", "до понад",
        "перевищив", "перевищила", "перевищило", "перевищили", "перевищує", "перевищують",
        "более чем", "более", "больше чем", "больше", "свыше", "превысил", "превысила",
        "превысило", "превысили", "превышает", "превышают", "с лишним",
    ),
    "at_least": (
        "щонайменше", "не менше ніж", "не менше", "принаймні", "не менее чем", "не менее",
        "как минимум", "по меньшей мере", "минимум", "мінімум",
    ),
    "approximately": (
        "близько", "приблизно", "майже", "майже до", "приблизно до", "близько до", "орієнтовно",
        "около", "примерно", "почти", "почти до", "примерно до", "порядка", "ориентировочно",
    ),
    "at_most": ("до", "не більше ніж", "не більше", "не более чем", "не более", "максимум"),
    "less_than": ("менше ніж", "менш ніж", "менше", "менш як", "менее чем", "менее", "меньше"),
}  # fmt: skip
_PHRASES = sorted(
    ((p, q) for table in (QUALIFIERS, CYRILLIC_QUALIFIERS) for q, ps in table.items() for p in ps),
    key=lambda pq: -len(pq[0]),
)
# One alternation, longest phrase first: every match ends at the last word before the number,
# so the leftmost match is the longest phrase.
BEFORE_RE = re.compile(
    rf"(?:^|(?<=[^\w~]))({'|'.join(re.escape(p) for p, _ in _PHRASES)})\s*$", re.I
)
QUALIFIER_OF = dict(_PHRASES)
AFTER_RE = re.compile(r"(?:\s+or\s+(more|so|fewer|less)\b|(\+|-plus\b))", re.I)
AFTER_QUALIFIER = {"more": "at_least", "so": "approximately", "fewer": "at_most"}
RANGE_JOIN = re.compile(r"\s*(?:to|and|-|–|—|through|до|і|й|та|и)\s*$", re.I)
RANGE_OPENER = re.compile(r"\b(between|from|між|между|від|от|з|с)\s*$", re.I)
AND_WORDS = ("and", "і", "й", "та", "и")
BETWEEN_WORDS = ("between", "між", "между")
FROM_WORDS = ("from", "від", "от", "з", "с")
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
# Ukrainian and Russian verbs of change, by stem: "зросла", "знизилися", "выросло", "повысил".
CYRILLIC_CHANGE = (
    r"зр[іо]с\w*|зросл\w*|збільш\w*|зменш\w*|скорот\w*|знизи\w*|знизил\w*|впа\w*|"
    r"підвищ\w*|підня\w*|прискор\w*|сповільн\w*|подорожча\w*|подешевша\w*|"
    r"вырос\w*|выросл\w*|увелич\w*|уменьш\w*|сократ\w*|сниз\w*|упа\w*|повыс\w*|подня\w*|"
    r"ускори\w*|замедли\w*|подорожа\w*|подешеве\w*|опусти\w*|довели|довів|довел\w*|"
    r"довест\w*|доведе\w*|выраст\w*"
)
# A verb of change before "до" in the same sentence, at most eight words back: "до" is "to".
CYRILLIC_CHANGE_BEFORE = re.compile(
    rf"\b(?:{CYRILLIC_CHANGE})(?:[\s,]+[\w%'’.]+){{0,8}}[\s,]*$", re.I
)
CYRILLIC_CHANGE_VERB = re.compile(rf"\b(?:{CYRILLIC_CHANGE})(?:\s+\w+){{0,3}}\s*$", re.I)


CHANGE_VERBS = (CHANGE_VERB, CYRILLIC_CHANGE_VERB)
# A preposition between a Ukrainian or Russian qualifier and its number ("майже в 2 рази",
# "щонайменше у 1,5 млрд"): the qualifier still holds.
CYRILLIC_PREPOSITION_BEFORE = re.compile(r"(?<=\s)(?:у|в|на)\s+$", re.I)


def qualifier_before(text: str, start: int) -> tuple[str, int] | None:
    """The qualifier written right before offset start, and where the phrase begins."""
    head = text[max(0, start - 40) : start]
    m = BEFORE_RE.search(head)
    if m is None and (prep := CYRILLIC_PREPOSITION_BEFORE.search(head)) is not None:
        m = BEFORE_RE.search(head, 0, prep.start())  # "щонайменше у 1,5 млрд"
        m = m if m is not None and QUALIFIER_OF[m.group(1).lower()] != "at_most" else None
    if m is None:
        return None
    at = start - len(head) + m.start(1)
    if m.group(1).lower() == "до" and _changes_to(text, at):
        # "довести щонайменше до 13 млрд": "до" is "to", the word before it still hedges
        m = BEFORE_RE.search(head, 0, m.start(1))
        if m is None or m.group(1).lower() == "до":
            return None
        at = start - len(head) + m.start(1)
    return QUALIFIER_OF[m.group(1).lower()], at


def _changes_to(text: str, at: int) -> bool:
    """Whether "до" at offset at follows a verb of change ("зросла до"): it means "to"."""
    return bool(CYRILLIC_CHANGE_BEFORE.search(text, max(0, at - VERB_WINDOW), at))


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
    first = opener.group(1).lower() if opener is not None else ""
    if word in AND_WORDS:
        return first in BETWEEN_WORDS
    if word == "до" and first not in FROM_WORDS:
        return False
    if first in FROM_WORDS:
        assert opener is not None
        lo = max(0, opener.start() - VERB_WINDOW)
        return not any(rx.search(text, lo, opener.start()) for rx in CHANGE_VERBS)
    return True


def range_opener_start(text: str, first_start: int) -> int:
    """Offset of 'between'/'from' introducing a range that starts at first_start."""
    m = _opener(text, first_start)
    return m.start(1) if m is not None else first_start


def _opener(text: str, first_start: int) -> re.Match[str] | None:
    """'between' or 'from' written right before offset first_start."""
    return RANGE_OPENER.search(text, max(0, first_start - OPENER_WINDOW), first_start)
