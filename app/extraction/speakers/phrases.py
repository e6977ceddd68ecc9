"""What a speaker phrase is: a pronoun, a titled name, an organisation or a bare title.

"regional governor Vyacheslav Gladkov" -> name "Vyacheslav Gladkov", titles ("regional",
"governor"); "US President Joe Biden" -> "Joe Biden" with ("us", "president"); "the
Institute for the Study of War" and "Ukraine's General Staff" -> organisations named as
written; "the governor", "the think tank" -> bare titles, resolved later against earlier
speakers; "officials", "local authorities" -> unnamed groups, kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.extraction.speakers.lexicon import (
    CAP_STOP,
    CONNECTORS,
    DETERMINERS,
    GENERIC_SPEAKERS,
    HEAD_STOP,
    ORG_WORDS,
    PRONOUNS,
    SPOKES,
    TITLE_ADJECTIVES,
    TITLE_WORDS,
)

NAME_RE = re.compile(r"(?<![\w’'])[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}(?![\w’'])")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker phrase: its kind, the name in it, its title words and its head word."""

    kind: str  # pronoun | name | org | title | group
    text: str
    name: str
    titles: tuple[str, ...]
    head: str
    start: int
    end: int
    # whom a spokesperson speaks for: with a title before the name ("Agency spokeswoman Karen
    # Mills") the owner speaks when it is a known speaker, the person otherwise; in an
    # apposition ("Karen Mills, a spokeswoman for the agency") the owner always (owner_speaks)
    owner: Phrase | None = None
    owner_speaks: bool = False
    # made a report, study or survey whose findings the verb gives ("a study by X found",
    # "according to data from X"): "the study", "the report" later are X's
    reports: bool = False
    alias: str = ""  # an acronym in brackets after the phrase ("... Affairs (OCHA) said")


# "Kyiv-based", "Oslo-listed", "state-owned": a modifier of a title, not part of a name
MODIFIER_ENDINGS = ("-based", "-listed", "-owned", "-backed", "-run", "-headquartered")


def bare(word: str) -> str:
    """A word lower-cased, without a possessive ending; '-based' ('-listed', '-owned'...)
    modifiers read as the title word 'based'."""
    low = re.sub(r"['’]s$", "", word.lower())
    return "based" if low.endswith(MODIFIER_ENDINGS) else low


def is_cap(word: str) -> bool:
    """Whether a word starts with a capital letter."""
    return word[:1].isupper()


def _head(words: list[str]) -> str:
    """The head noun of a title phrase ('the governor of the region' -> 'governor')."""
    cut = next((i for i, w in enumerate(words) if w.lower() in HEAD_STOP), len(words))
    return bare(words[max(0, cut - 1)]) if words[:cut] else ""


def _in_name(word: str, last: bool) -> bool:
    """Whether a capitalised word can be part of a name ('National' in 'National Grid')."""
    low = bare(word)
    return low not in TITLE_WORDS or (low in TITLE_ADJECTIVES and not last)


def person_names(text: str) -> list[str]:
    """Two- or three-word capitalised names in text that look like people."""
    found = []
    for m in NAME_RE.finditer(text):
        words = m.group().split()
        while words and bare(words[0]) in TITLE_WORDS:  # "Judge Anna Brandt": Anna Brandt
            words = words[1:]
        parts = [bare(w) for w in words]
        if len(words) > 1 and not any(
            p in CAP_STOP or p in TITLE_WORDS or p in ORG_WORDS for p in parts
        ):
            found.append(" ".join(words))
    return found


def _name_run(words: list[str]) -> int:
    """Index where the trailing run of capitalised non-title words begins."""
    i = len(words)
    while i > 0 and is_cap(words[i - 1]) and _in_name(words[i - 1], i == len(words)):
        i -= 1
    if i < len(words) and i > 0 and words[i - 1].lower() in CONNECTORS:
        return len(words)
    return i


def _named(words: list[str]) -> bool:
    """Whether a phrase without a person's name names an organisation.

    It does when it holds a capitalised word that is no title word: before any 'of'/'for'
    when its head is lower-case ('the governor of the Kursk region' is a title), anywhere
    when its head is capitalised ('Institute for the Study of War'); or when what follows
    'of'/'for' is a capitalised organisation ('a spokesman for the Metropolitan Police').
    """
    cut = next((i for i, w in enumerate(words) if w.lower() in HEAD_STOP), len(words))
    scope = words if cut and is_cap(words[cut - 1]) else words[:cut]
    if any(is_cap(w) and bare(w) not in TITLE_WORDS for w in scope):
        return True
    return any(is_cap(w) and bare(w) in ORG_WORDS for w in words[cut:])


def _org_name(words: list[str], written: str) -> str:
    """The trailing capitalised run of an organisation phrase (with an ordinal that opens it:
    '7th Coastal Brigade', its words '7', 'th', ...), or the whole phrase."""
    i = len(words)
    while i > 0 and (is_cap(words[i - 1]) or words[i - 1].lower() in CONNECTORS):
        i -= 1
    if i > 1 and words[i - 2].isdigit() and words[i - 1].lower() in ("st", "nd", "rd", "th"):
        return f"{words[i - 2]}{words[i - 1]} {' '.join(words[i:])}"
    while i < len(words) and words[i].lower() in CONNECTORS:
        i += 1
    return " ".join(words[i:]) if 0 < i < len(words) else written


def owner_before(owner: list[str], start: int, written: str) -> Phrase:
    """What the words before a spokesperson's title name: an organisation or title as
    `analyse` reads it, else a description ("airport") as a title its holder, a known
    speaker, may answer to."""
    written = re.sub(r"^(?:the|a|an)\s+", "", written.strip(), flags=re.I)
    one = len(owner) == 1 and bare(owner[0])
    if one and is_cap(owner[0]) and one in ORG_WORDS and one not in TITLE_WORDS:  # "Kremlin"
        return Phrase("org", written, written, (), bare(owner[0]), start, start + len(written))
    inner = analyse(owner, start, start + len(written), written)
    if inner is not None and inner.kind in ("org", "title", "group"):
        return inner
    # "airport", "Port" (a sentence's first word): a title a known speaker may hold
    return Phrase("title", written, "", (), bare(owner[-1]), start, start + len(written))


def analyse(words: list[str], start: int, end: int, text: str) -> Phrase | None:
    """Classify the words of a speaker phrase found at start..end."""
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if not words:
        return None
    low = [bare(w) for w in words]
    written = re.sub(r"^(?:the|a|an)\s+|['’]s$", "", text.strip(), flags=re.I)
    if len(words) == 1 and low[0] in PRONOUNS:
        return Phrase("pronoun", words[0], "", (), low[0], start, end)
    if len(words) > 2 and low[0] in SPOKES and low[1] in ("for", "of", "at"):
        owner = words[2:]  # "a spokeswoman for Redline Rail": Redline Rail speaks
        inner = analyse(owner, start, end, text[text.find(owner[0], len(words[0])) :])
        if inner is not None and inner.kind in ("name", "org", "title"):
            return Phrase(
                inner.kind, inner.text, inner.name, (low[0], *inner.titles), inner.head, start, end
            )
    if len(words) > 1 and low[-1] in SPOKES and re.search(r"['’]s$", words[-2]):
        # "the agency's spokeswoman": the agency speaks
        owner = [*words[:-2], re.sub(r"['’]s$", "", words[-2])]
        written_owner = re.sub(r"['’]s$", "", text[: text.rfind(words[-1])].rstrip())
        inner = analyse(owner, start, start + len(written_owner), written_owner)
        if inner is not None and inner.kind in ("name", "org", "title"):
            return Phrase(
                inner.kind, inner.text, inner.name, (low[-1], *inner.titles), inner.head, start, end
            )
    if low[-1] in GENERIC_SPEAKERS and not any(is_cap(w) for w in words[1:]):
        return Phrase("group", written, written, (), low[-1], start, end)
    if is_cap(words[-1]) and low[-1] in ORG_WORDS and len(words) > 1:
        # "the Coastal Premier League": an organisation, whatever title word it holds
        org = _org_name(words, written)
        rest = tuple(w for w in low[: len(low) - len(org.split())] if w in TITLE_WORDS)
        return Phrase("org", written, org, rest, _head(words), start, end)
    cut = _name_run(words)
    if cut < len(words):
        name = " ".join(words[cut:])
        person = Phrase("name", written, name, tuple(low[:cut]), bare(words[-1]), start, end)
        if cut > 1 and low[cut - 1] in SPOKES:
            # "Agency spokeswoman Karen Mills", "airport spokesman Owen Price"
            body = owner_before(words[: cut - 1], start, text[: text.rfind(words[cut - 1])])
            return replace(person, owner=body)
        return person
    titles = tuple(w for w in low if w in TITLE_WORDS)
    if _named(words):
        org = _org_name(words, written)
        rest = tuple(w for w in low[: len(low) - len(org.split())] if w in TITLE_WORDS)
        return Phrase("org", written, org, rest, _head(words), start, end)
    if titles:
        return Phrase("title", written, "", titles, _head(words), start, end)
    return None
