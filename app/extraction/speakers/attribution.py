"""Who said it: speech verbs and the speaker phrases next to them.

Forms read: 'X said (that) ...', '"...," X said', '"...," said X', 'X said ...: "..."',
'according to X, ...' (also 'according to figures from X'), 'X wrote on Telegram', 'X told
reporters', 'X announced in an interview with Y' (X, not Y), 'X added/continued/concluded/
explained' (those verbs count as speech only before 'that', a colon, a comma, a quote, the
end of the clause or an adverbial), titled names ('regional governor Vyacheslav Gladkov'),
appositions ('Gladkov, the governor of Belgorod, said'), a bracketed acronym before the verb
('the Office of Rail and Road (ORR) said'), any noun after 'the' ('the state patrol said'),
pronouns and bare titles ('he continued', 'the think tank said'). Passive verbs ('was told')
are not attributions. Quoted words are blanked before this runs, so a verb inside a
quotation never attributes it. Ukrainian and Russian forms are read by cyrillic.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from app.extraction.speakers import cyrillic as cy
from app.extraction.speakers.chunks import Tok, backward, described, forward, phrase_at, tokens
from app.extraction.speakers.inflect import is_cyrillic
from app.extraction.speakers.lexicon import (
    CAP_STOP,
    DESCRIPTOR_STOP,
    ESTIMATE_NOUNS,
    GENERIC_SPEAKERS,
    NOUN_LIKE_VERBS,
    PASSIVE,
    PRONOUNS,
    REPORT_NOUNS,
    SOURCE_NOUNS,
    SPEECH_FOLLOWERS,
    SPEECH_VERBS,
    SPOKES,
    STUDY_NOUNS,
    STUDY_VERBS,
    WEAK_VERBS,
)
from app.extraction.speakers.phrases import Phrase, bare, is_cap, owner_before

SPOKEN_FOR = ("for", "of", "at")
# A prediction is a claim: "analysts had forecast 3.5%", "economists expected a reading of 3%".
FORECAST_VERBS = {"forecast", "forecasts", "expected"}
NOT_A_SUBJECT = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "than"}
# "economists polled by Reuters": the group, described by who asked them
POLLED = {"polled", "surveyed", "questioned", "interviewed"}
MADE = {"published", "released", "issued", "compiled", "commissioned", "produced", "collected"}
POSSESSIVES = {"its": "it", "their": "they"}
SPOKESMEN = {(word,) for word in SPOKES}
ACCORDING_SKIP = re.compile(
    r"(?:[\w’'-]+\s+){0,3}?(?P<noun>\w+)\s+"
    r"(?:(?:released|published|issued|compiled)(?:\s+(?:on|in|last|this)\s+\w+)?\s+)?"
    r"(?:from|by|of)\s+",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker phrase and the offset of the verb that makes it a speaker."""

    phrase: Phrase
    verb: int
    clause: int | None = None  # where a relative clause opens ("X, which said ...": at "which")


def _spoken_for(toks: list[Tok], k: int, hi: int, text: str) -> Phrase | None:
    """The owner a person speaks for in an apposition opening at the comma toks[k]: ', a
    spokeswoman for the Red Crescent' (up to the next punctuation or toks[hi]) is the Red
    Crescent speaking."""
    j = k + 1
    if j < hi and toks[j].text.lower() in ("a", "an", "the"):
        j += 1
    if not (j + 2 < hi and toks[j].text.lower() in SPOKES and toks[j + 1].text in SPOKEN_FOR):
        return None
    end = j + 2
    while end < min(hi, j + 10) and toks[end].text[:1].isalnum():
        end += 1
    owner = phrase_at(toks, j + 2, end, text)
    return None if owner is None or owner.kind == "pronoun" else owner


def _made_by(words: str) -> bool:
    """'published by', 'released from': a report's maker follows."""
    made, _, by = words.partition(" ")
    return made in MADE and by in ("by", "from")


def _at(toks: list[Tok], start: int) -> int | None:
    """The index of the token starting at offset start."""
    return next((n for n, tok in enumerate(toks) if tok.start == start), None)


def _lower_run(toks: list[Tok], k: int) -> int | None:
    """Where a run of up to three lower-case words before toks[k] starts, when it opens the
    clause (after punctuation, or 'the' after it) and holds no function word; else None."""
    j = k
    while j > 0 and k - j < 3 and toks[j - 1].text.isalpha() and toks[j - 1].text.islower():
        j -= 1
    if j < k and toks[j].text in ("the", "a", "an"):
        j += 1
        if j == k or (j > 1 and toks[j - 2].text[:1].isalnum()):
            return None
    elif j == k or (j > 0 and toks[j - 1].text[:1].isalnum()):
        return None
    return None if DESCRIPTOR_STOP & {tok.text for tok in toks[j:k]} else j


def _whole_group(toks: list[Tok], phrase: Phrase, text: str) -> Phrase:
    """A generic group with the words that describe it before it: ', county election
    officials said' is "county election officials", not "officials"."""
    k = _at(toks, phrase.start)
    if k is None or (j := _lower_run(toks, k)) is None:
        return phrase
    written = text[toks[j].start : phrase.end]
    return replace(phrase, text=written, name=written, start=toks[j].start)


def _polled(toks: list[Tok], phrase: Phrase, text: str) -> Phrase | None:
    """The generic group that X polled: "Economists polled by Reuters had expected" is the
    economists polled by Reuters, not Reuters."""
    k = _at(toks, phrase.start)
    if k is None or k < 3 or toks[k - 1].text != "by" or toks[k - 2].text.lower() not in POLLED:
        return None
    j = k - 3
    if bare(toks[j].text) not in GENERIC_SPEAKERS:
        return None
    group = Phrase(
        "group", toks[j].text, toks[j].text, (), bare(toks[j].text), toks[j].start, toks[j].end
    )
    whole = _whole_group(toks, group, text)
    written = text[whole.start : phrase.end]
    return replace(whole, text=written, name=written, end=phrase.end)


def _described_owner(toks: list[Tok], phrase: Phrase, text: str) -> Phrase | None:
    """The spokesperson's phrase with its owner, when up to three lower-case words before
    the title open the clause: ', airport spokesman Owen Price said' (the airport speaks when
    it is a known speaker)."""
    k = _at(toks, phrase.start)
    if k is None or (j := _lower_run(toks, k)) is None:
        return None
    written = text[toks[j].start : toks[k].start]
    return replace(phrase, owner=owner_before([t.text for t in toks[j:k]], toks[j].start, written))


def _appositive(toks: list[Tok], i: int, lo: int, text: str) -> Phrase | None:
    """The subject of a verb preceded by a comma: 'Gladkov, the governor, said'; the owner
    when the apposition is a spokesperson's ('Leyla Arman, a spokeswoman for X, said')."""
    commas = [k for k in range(lo, i - 1) if toks[k].text == ","]
    if commas:  # "Harwell & Stone, the smallest of the Big Four in Norland, said": the subject
        first = commas[-3:][0]
        j = backward(toks, first, lo)
        subject = phrase_at(toks, j, first, text)
        opens = j == lo or not toks[j - 1].text[:1].isalnum()
        if subject is not None and opens and subject.kind in ("name", "org"):
            owner = _spoken_for(toks, first, i, text) if subject.kind == "name" else None
            return subject if owner is None else replace(subject, owner=owner, owner_speaks=True)
    options = []
    for c in reversed(commas[-3:]):
        for end in (i - 1, c):
            p = phrase_at(toks, backward(toks, end, lo), end, text)
            if p is not None and p.kind != "pronoun":
                options.append(p)
    for kind in ("name", "org", "title", "group"):
        if found := next((p for p in options if p.kind == kind), None):
            return found
    return None


def _speech(toks: list[Tok], i: int) -> bool:
    """Whether toks[i] is used as a speech verb."""
    t = toks[i].text
    if t in NOUN_LIKE_VERBS and i > 0:
        prev = toks[i - 1].text
        return bare(prev) in PRONOUNS or (is_cap(prev) and bare(prev) == prev.lower())
    if t in FORECAST_VERBS and i > 0:  # "analysts had forecast", not "its forecast"
        prev = toks[i - 1].text.lower().replace("’", "'")
        return prev not in PASSIVE and prev not in NOT_A_SUBJECT and not prev.endswith("'s")
    if t not in SPEECH_VERBS or (i > 0 and toks[i - 1].text.lower() in PASSIVE):
        return False
    if t in STUDY_VERBS and t not in WEAK_VERBS:
        return (
            _study_by(toks, i) is not None
            or _possessed_report(toks, i) is not None
            or _the_report(toks, i) is not None
        )
    if t in WEAK_VERBS and i + 1 < len(toks):
        return toks[i + 1].text.lower() in SPEECH_FOLLOWERS or _study_by(toks, i) is not None
    return True


def _study_by(toks: list[Tok], i: int) -> int | None:
    """Where the maker starts when the verb at toks[i] is what 'a report by X', 'a study from
    X', 'figures from X' or 'a survey of 2,000 tenants by X' found or showed (the token after
    the last 'by' or 'from' of the nine before the verb; after 'of' when there is none)."""
    lo = max(0, i - 9)
    window = [t.text.lower() for t in toks[lo:i]]
    nouns = REPORT_NOUNS
    found = [k for k, (w, nxt) in enumerate(pairwise(window)) if w in nouns]
    # "figures from X", "data published by X", "a report commissioned by X"
    made = [" ".join(window[k + 1 : k + 3]) for k in found]
    if not any(m.split()[0] in ("by", "from", "of") or _made_by(m) for m in made):
        return None
    makers = [k for k in range(found[0] + 1, len(window)) if window[k] in ("by", "from")]
    at = makers[-1] if makers else found[0] + 1
    return lo + at + 1 if lo + at + 1 < i else None


def _study_maker(toks: list[Tok], i: int, text: str) -> Phrase | None:
    """Who made the report whose findings the verb at toks[i] gives: 'a poll by Nordbarometer
    published on Wednesday showed' is Nordbarometer, not Wednesday."""
    if toks[i].text.lower() not in STUDY_VERBS:
        return None
    if (owner := _report_owner(toks, i, text)) is not None:
        return owner  # "the Retail Traders Association's survey of 2,100 shops showed"
    if (k := _study_by(toks, i)) is None:
        return None
    if toks[k - 1].text.lower() == "of":
        return None  # 'a survey of 2,000 tenants showed': nobody named
    if k + 2 < i and bare(toks[k].text) in GENERIC_SPEAKERS and toks[k + 1].text in ("at", "from"):
        k += 2  # "a study by researchers at the Norrvik Institute": the institute's
    before = toks[:i]  # the maker's name ends before the verb
    return _longer(phrase_at(before, k, forward(before, k), text), described(before, k, text, True))


def _the_report(toks: list[Tok], i: int) -> Phrase | None:
    """The report named before whose findings the verb at toks[i] gives, as the subject of
    the verb: "the data showed", "the survey of 2,150 people found", "the study, published
    on Tuesday in a journal, estimated" (a title, resolved to whoever made it)."""
    n = i - 1
    if n > 0 and toks[n].text == ",":  # a parenthesis set off by commas ends before the verb
        n = next((k for k in range(n - 1, max(0, i - 12), -1) if toks[k].text == ","), -1) - 1
    elif n > 1 and toks[n - 1].text.lower() == "of":  # "the survey of 2,150 people"
        n -= 2
    elif n > 2 and toks[n - 2].text.lower() == "of":
        n -= 3
    if n < 1 or toks[n].text.lower() not in REPORT_NOUNS:
        return None
    if toks[n - 1].text.lower() not in ("the", "this", "that"):
        return None
    word = toks[n].text
    return Phrase("title", word, "", (word.lower(),), word.lower(), toks[n].start, toks[n].end)


def _possessed_report(toks: list[Tok], i: int) -> int | None:
    """Where the possessive before a report's noun is, when the noun is among the nine words
    before the verb at toks[i]: "the Retail Traders Association's (latest) survey ...
    showed" (up to two lower-case words between)."""
    nouns = REPORT_NOUNS
    n = next((n for n in range(max(1, i - 9), i) if toks[n].text.lower() in nouns), None)
    if n is None:
        return None
    k = n - 1
    while k > 0 and n - k <= 2 and toks[k].text.isalpha() and toks[k].text.islower():
        k -= 1
    owner = toks[k].text.replace("’", "'")
    if owner.lower() in POSSESSIVES:  # "its latest annual report showed": the one it refers to
        return k
    return k if owner.endswith("'s") and is_cap(owner) else None


def _report_owner(toks: list[Tok], i: int, text: str) -> Phrase | None:
    """Whose report the verb at toks[i] gives the findings of, named by a possessive."""
    if (k := _possessed_report(toks, i)) is None:
        return None
    if (pronoun := POSSESSIVES.get(toks[k].text.lower())) is not None:
        return Phrase("pronoun", toks[k].text, "", (), pronoun, toks[k].start, toks[k].end)
    found = phrase_at(toks, backward(toks, k + 1), k + 1, text)
    return found if found is not None and found.kind in ("name", "org") else None


def _according(toks: list[Tok], i: int, text: str) -> Phrase | None:
    """The source named after 'according to' at toks[i] (who made the report, when it names
    one)."""
    start = toks[i + 1].end
    skip = ACCORDING_SKIP.match(text, start + 1)
    report = skip is not None and skip.group("noun").lower() in REPORT_NOUNS
    if skip is not None and report:
        start = skip.end() - 1
    k = next((n for n, t in enumerate(toks) if t.start > start), len(toks))
    found = _longer(phrase_at(toks, k, forward(toks, k), text), described(toks, k, text, True))
    if found is None or found.kind == "title":  # "the event's main sponsor, Hallam Bank"
        found = _named_after(toks, k, text) or found
    if found is not None and found.kind == "title" and found.head in REPORT_NOUNS:
        return None  # "according to the latest data": a report, nobody named
    if found is not None and found.kind == "group":  # "a study by researchers at X": X
        at = next((n for n, tok in enumerate(toks) if tok.start >= found.end), len(toks))
        if at + 1 < len(toks) and toks[at].text in ("at", "from"):
            found = phrase_at(toks, at + 1, forward(toks, at + 1), text) or found
    found = found or _bare_noun(toks, k, text)
    # "according to a survey by X": X made a report, which "the survey" means later
    return replace(found, reports=True) if found is not None and report else found


def _named_after(toks: list[Tok], k: int, text: str) -> Phrase | None:
    """The name or organisation set after a lower-case description and a comma, the
    description starting at toks[k] with 'the' or a possessive pronoun ('the event's main
    sponsor, Hallam Bank', 'its chief backer, Corve Bank')."""
    if k >= len(toks) or toks[k].text.lower() not in ("the", "its", "their", "his", "her"):
        return None
    j = k + 1
    while j < len(toks) and j - k <= 5 and toks[j].text.replace("’", "'").islower():
        if not re.fullmatch(r"[a-z-]+(?:'s)?", toks[j].text.replace("’", "'")):
            return None
        j += 1
    if j == k + 1 or j + 1 >= len(toks) or toks[j].text != "," or not is_cap(toks[j + 1].text):
        return None
    named = phrase_at(toks, j + 1, forward(toks, j + 1), text)
    return named if named is not None and named.kind in ("name", "org") else None


def _bare_noun(toks: list[Tok], k: int, text: str) -> Phrase | None:
    """'according to the airline': one lower-case noun after 'the' that ends the clause, a
    title to resolve (not a report: 'according to the data')."""
    if k + 1 >= len(toks) or toks[k].text.lower() != "the":
        return None
    noun = toks[k + 1]
    ends = k + 2 == len(toks) or not toks[k + 2].text[:1].isalnum()
    low = noun.text.lower()
    if not (ends and noun.text.isalpha() and noun.text.islower()):
        return None
    if low in SOURCE_NOUNS or low in STUDY_NOUNS or low in ESTIMATE_NOUNS:
        return None
    return Phrase("title", noun.text, "", (low,), low, noun.start, noun.end)


def _longer(plain: Phrase | None, description: Phrase | None) -> Phrase | None:
    """The phrase read plainly, unless a description reaches further ('the regional weather
    service Meteoline' rather than 'regional')."""
    if description is None or (plain is not None and plain.end >= description.end):
        return plain
    return description


AUXILIARIES = ("has", "have", "had")
SPEECH_ADVERBS = {"also", "later", "separately", "previously", "earlier", "again", "further"}
PLACE_PREPOSITIONS = ("in", "at", "from")


def _group_in_place(toks: list[Tok], i: int, text: str) -> Phrase | None:
    """'Police in Bristol said', 'health authorities in Sindh province said', 'officials at
    the port said': a generic group with its place, the whole phrase as written."""
    for k in range(i - 1, max(i - 6, 0), -1):
        if not toks[k].text.isalpha():
            return None
        prep = toks[k].text.lower()
        if prep in PLACE_PREPOSITIONS and bare(toks[k - 1].text) in GENERIC_SPEAKERS:
            after = k + 2 if toks[k + 1].text.lower() == "the" and k + 2 < i else k + 1
            if prep != "in" and is_cap(toks[after].text):  # "analysts at ING": ING speaks
                return None
            start = backward(toks, k)
            words = [t.text for t in toks[start:i]]
            if words[0].lower() in ("the", "a", "an"):
                start += 1
            first, last = toks[start].start, toks[i - 1].end
            return Phrase(
                "group", text[first:last], text[first:last], (), bare(toks[k - 1].text), first, last
            )
    return None


def _estimate(toks: list[Tok], i: int) -> bool:
    """Whether toks[i] is 'put' in 'police put the figure at 15,000'."""
    if toks[i].text.lower() not in ("put", "puts", "putting") or i + 3 >= len(toks):
        return False
    rest = [t.text.lower() for t in toks[i + 1 : i + 5]]
    return rest[0] in ("the", "its", "their") and any(
        w in ESTIMATE_NOUNS and nxt == "at" for w, nxt in pairwise(rest[1:])
    )


def _determined(toks: list[Tok], i: int, text: str) -> Phrase | None:
    """'the state patrol said', 'the regional water authority said': up to four lower-case
    words after 'the', the last one the head."""
    k = _described_from(toks, i, names=True)
    if k == i or k == 0 or toks[k - 1].text.lower() != "the" or toks[i - 1].text in PASSIVE:
        return None
    words = [t.text for t in toks[k:i]]
    start, end = toks[k].start, toks[i - 1].end
    return Phrase("title", text[start:end], "", tuple(words), words[-1].lower(), start, end)


def _described_from(toks: list[Tok], i: int, names: bool = False) -> int:
    """Index of the first of up to four lower-case describing words that end before token i
    (with names, capitalised words too: 'the Pelagos coastguard')."""
    k = i
    while k > 0 and i - k < 4 and toks[k - 1].text.rstrip("'’").isalpha():
        word = toks[k - 1].text.rstrip("'’")  # "the regional farmers' federation"
        if word.lower() in DESCRIPTOR_STOP or word.lower() in ("the", "a", "an"):
            break
        if not word.islower() and not (names and is_cap(word) and bare(word) not in CAP_STOP):
            break
        k -= 1
    return k


def _widened(toks: list[Tok], phrase: Phrase | None, i: int, text: str) -> Phrase | None:
    """A title or group phrase with the lower-case words that describe it: 'the regional
    water authority' rather than 'authority', 'fire officials' rather than 'officials'."""
    if phrase is None or phrase.kind not in ("title", "group"):
        return phrase
    j = next((n for n, t in enumerate(toks) if t.start == phrase.start), None)
    if j is None or j == 0:
        return phrase
    k = _described_from(toks, j)
    opener = k == 0 or not toks[k - 1].text[:1].isalnum() or toks[k - 1].text.lower() == "the"
    if k == j or not opener or (phrase.kind == "group" and j - k > 1):
        return phrase
    start, end = toks[k].start, phrase.end
    written = text[start:end]
    titles = tuple(t.text.lower() for t in toks[k:j]) + phrase.titles
    name = written if phrase.kind == "group" else ""
    return Phrase(phrase.kind, written, name, titles, phrase.head, start, end)


RELATIVE_ADVERBS = ("also", "already", "earlier", "previously", "repeatedly", "recently")


def _relative(toks: list[Tok], end: int, text: str) -> tuple[Phrase, int] | None:
    """The antecedent of 'which'/'who' ending just before toks[end] ('The central bank,
    which (has) (previously) said ...': the bank), and where the relative clause opens."""
    k = end
    while k > 0 and toks[k - 1].text.lower() in RELATIVE_ADVERBS:
        k -= 1
    if k > 0 and toks[k - 1].text.lower() in AUXILIARIES:
        k -= 1
    if k < 2 or toks[k - 1].text.lower() not in ("which", "who") or toks[k - 2].text != ",":
        return None
    antecedent = _antecedent(toks, k - 2, text)
    return None if antecedent is None else (antecedent, toks[k - 1].start)


def _antecedent(toks: list[Tok], comma: int, text: str) -> Phrase | None:
    """What ', which'/', who' at toks[comma] refers to: the phrase before the comma, or the
    name before an apposition ('Moira Quinn, the union's general secretary, who ...')."""
    start = backward(toks, comma)
    found = phrase_at(toks, start, comma, text)
    lead = start  # an apposition of up to six words opens after a comma
    while lead > 0 and start - lead < 6 and toks[lead - 1].text[:1].isalnum():
        lead -= 1
    if lead > 1 and toks[lead - 1].text == "," and (found is None or found.kind != "name"):
        named = phrase_at(toks, backward(toks, lead - 1), lead - 1, text)
        described_only = found is None or found.kind == "title"
        if named is not None and (
            named.kind == "name" or (named.kind, described_only) == ("org", True)
        ):
            return named
    return None if found is None or found.kind == "pronoun" else found


def _after_relative(toks: list[Tok], end: int, text: str) -> Phrase | None:
    """The subject of a verb that follows a relative clause: 'The Technical Workers Union,
    which represents staff in Ireland, said': the union."""
    if end < 4 or toks[end - 1].text != ",":
        return None
    for w in range(end - 2, 0, -1):
        word = toks[w].text
        if word == "," or not (word[:1].isalnum() or word in ("-", "'", "’", "%")):
            if word == "," and w + 1 < end and toks[w + 1].text.lower() in ("which", "who"):
                return _antecedent(toks, w, text)
            return None
    return None


def find_attributions(text: str, lo: int, hi: int) -> list[Attribution]:
    """Speaker phrases attached to speech verbs in text[lo:hi], in order."""
    toks = tokens(text, lo, hi)
    found: list[Attribution] = []
    for i, tok in enumerate(toks):
        phrase = None
        if is_cyrillic(tok.text):
            phrase = cy.according(toks, i, text)
            if phrase is None and cy.is_speech_verb(tok.text):
                phrase = cy.speaker_of_verb(toks, i, text)
        elif tok.text.lower() == "according" and i + 1 < len(toks) and toks[i + 1].text == "to":
            phrase = _according(toks, i, text)
        elif _speech(toks, i) or _estimate(toks, i):
            bracketed = i >= 3 and toks[i - 1].text == ")" and toks[i - 3].text == "("
            end = i - 3 if bracketed else i
            if end > 1 and toks[end - 1].text.lower() in SPEECH_ADVERBS:  # "X also said"
                end -= 1
            if end > 1 and toks[end - 1].text.lower() in AUXILIARIES:  # "X has said"
                end -= 1
            if end > 0 and toks[end - 1].text.lower() == "and":  # "X found ... and said"
                continue
            if (relative := _relative(toks, end, text)) is not None:
                found.append(Attribution(relative[0], tok.start, relative[1]))
                continue
            phrase = _after_relative(toks, end, text)
            if phrase is None and (maker := _study_maker(toks, i, text)) is not None:
                phrase = replace(maker, reports=True)
            if phrase is None:
                phrase = _the_report(toks, i)
            phrase = phrase or (
                _group_in_place(toks, end, text)
                or _widened(toks, phrase_at(toks, backward(toks, end), end, text), end, text)
            )
            if phrase is not None and phrase.kind == "name" and phrase.titles[:1] in SPOKESMEN:
                phrase = _described_owner(toks, phrase, text) or phrase
            if phrase is not None and phrase.kind == "group":
                phrase = _whole_group(toks, phrase, text)
            if phrase is not None and phrase.kind in ("name", "org"):
                phrase = _polled(toks, phrase, text) or phrase
            if phrase is not None and bracketed and toks[i - 2].text.isupper():
                phrase = replace(phrase, alias=toks[i - 2].text)
            if phrase is None and i > 0 and toks[i - 1].text == ",":
                phrase = _appositive(toks, i, 0, text)
            if phrase is None:
                phrase = _determined(toks, i, text)
            if phrase is None and (i == 0 or not toks[i - 1].text[:1].isalnum()):
                after = forward(toks, i + 1)
                plain = phrase_at(toks, i + 1, after, text)
                phrase = _longer(plain, described(toks, i + 1, text))
                if phrase is None or phrase.kind == "title":  # "said the agency's director, X,"
                    phrase = _named_after(toks, i + 1, text) or phrase
                # '"...," said X, a spokesman for Y'
                comma = after < len(toks) and toks[after].text == ","
                if phrase is not None and phrase.kind == "name" and comma:
                    owner = _spoken_for(toks, after, len(toks), text)
                    if owner is not None:
                        phrase = replace(phrase, owner=owner, owner_speaks=True)
        if phrase is not None:
            found.append(Attribution(phrase, tok.start))
    # A forecast is attributed only when nothing else is said in the sentence: "Analysts had
    # forecast 3.9%, a survey by X showed" is X's finding.
    forecasts = {tok.start for tok in toks if tok.text in FORECAST_VERBS}
    said = [a for a in found if a.verb not in forecasts]
    return said or found
