"""Who said it, in Ukrainian and Russian: speech verbs and the speaker phrase next to them.

Forms read: 'X заявив/заявил(а) ...', '..., заявив X', '«...», — сказала X', 'як повідомив X',
'Про це повідомив X', 'повідомили в X' / 'сообщили в X' (the organisation after "в"), 'В X
отметили', 'говорится в сообщении X', 'за словами X' / 'по словам X' / 'за даними X' / 'по
данным X' (X in the genitive), 'за його словами' / 'по её словам' and 'додав він' / 'отметила
она' (back-references), 'свідчить опитування X', 'следует из данных X'.

A speaker phrase is the run of words next to the verb up to punctuation or a preposition or
clause word (CYRILLIC_PHRASE_STOP), at most MAX_WORDS words, reached across prepositional
phrases ("Зеленський у зверненні заявив", "заявив на брифінгу речник ..."). In it, the last run of
capitalised words that are not titles or acronyms is a person's name (its last two words, or
three with a patronymic: "президент України Володимир Зеленський" -> "Володимир Зеленський",
"главы ЦБ Эльвиры Набиуллиной" -> "Эльвиры Набиуллиной"), unless it follows an organisation
word or opens a phrase that goes on with titles ("Національний банк України", "Міністерство
внутрішніх справ Франції", "Независимые наблюдатели"). A phrase with a capitalised word or an
acronym but no name is an organisation as written ("Центральна виборча комісія", "МЧС"), its
name alone after common nouns ("пресслужба Одеської ОВА" -> "Одеської ОВА", "агентство
Reuters" -> "Reuters"); one
of title or group words only is a title
("ведомстве", "комиссии", "синоптики"), resolved by its head word's stem to a speaker
holding that title, else kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from app.extraction.speakers.chunks import Tok
from app.extraction.speakers.inflect import stem
from app.extraction.speakers.lexicon import (
    ACCORDING_PREPOSITIONS,
    CYRILLIC_GROUPS,
    CYRILLIC_ORG_WORDS,
    CYRILLIC_OUTLET_WORDS,
    CYRILLIC_PASSED_ADVERBS,
    CYRILLIC_PERSON_TITLES,
    CYRILLIC_PHRASE_STOP,
    CYRILLIC_POSSESSIVES,
    CYRILLIC_PREPOSITIONS,
    CYRILLIC_PRONOUNS,
    CYRILLIC_REGION_NOUNS,
    CYRILLIC_SOURCE_NOUNS,
    CYRILLIC_SOURCE_PERSONS,
    CYRILLIC_SPEECH_VERBS,
    CYRILLIC_STATEMENT_VERBS,
    STATEMENT_NOUNS,
)
from app.extraction.speakers.phrases import Phrase

MAX_WORDS = 8
PRESS_SERVICES = frozenset(stem(w) for w in ("пресс-служба", "прес-служба", "пресслужба"))
HOPS = 2  # prepositional phrases a speaker phrase may be reached across
MIN_COMPOUND = 4  # an organisation word this long also ends compounds
PERSON_TITLES = frozenset(stem(w) for w in CYRILLIC_PERSON_TITLES)
ORG_STEMS = frozenset(stem(w) for w in CYRILLIC_ORG_WORDS)
GROUPS = frozenset(stem(w) for w in CYRILLIC_GROUPS)
TITLE_STEMS = PERSON_TITLES | ORG_STEMS | GROUPS
# "Влада Харкова", "Власти Чегемского района": the authorities of a place, named as written (as
# "authorities in Sindh province"); "аналитики Сбербанка" is the bank's.
AUTHORITIES = frozenset(stem(w) for w in ("влада", "власти", "власть", "владу"))
PLACE_WORDS = frozenset(("в", "у", "во"))
STATEMENT_PREPOSITIONS = frozenset(("в", "у", "во", "з", "із", "из"))
PATRONYMIC_ENDS = ("вич", "вича", "вичем", "вна", "вни", "вны", "вною", "вной", "ич", "ича")


def is_speech_verb(word: str) -> bool:
    """Whether a word is a Ukrainian or Russian speech verb."""
    return word.lower() in CYRILLIC_SPEECH_VERBS or word.lower() in CYRILLIC_STATEMENT_VERBS


QUOTE_MARKS = frozenset('«»“”„"')


def _word(tok: Tok) -> bool:
    """Whether a token can be part of a speaker phrase (a name's quotation marks can)."""
    if tok.text in QUOTE_MARKS:
        return True
    return tok.text[:1].isalpha() and tok.text.lower() not in CYRILLIC_PHRASE_STOP


@lru_cache(maxsize=65536)
def _root(word: str) -> str:
    """A common noun's stem, without the Russian genitive plural ending stem() keeps for
    surnames ("экспертов" -> "эксперт", where "Гладков" stays "гладков")."""
    root = stem(word)
    bare = re.sub(r"(?<=\w{3})(?:ов|ев)$", "", root)
    return bare if bare in TITLE_STEMS else root


def _is_org(word: str) -> bool:
    """Whether a word is an organisation word, alone or ending a compound ("енергокомпанії",
    "авиалесоохрана")."""
    root = _root(word)
    return root in ORG_STEMS or any(
        root.endswith(org) for org in ORG_STEMS if len(org) >= MIN_COMPOUND
    )


def _is_title(word: str) -> bool:
    """Whether a word is a title, organisation or group word."""
    return _root(word) in TITLE_STEMS or _is_org(word)


def _is_acronym(word: str) -> bool:
    """'МЧС', 'НБУ', 'ЦБ'."""
    return len(word) > 1 and word.isupper()


def _name_word(word: str) -> bool:
    """A capitalised word that can be part of a person's name."""
    return word[:1].isupper() and not _is_acronym(word) and not _is_title(word)


def _name(words: Sequence[str]) -> tuple[int, int] | None:
    """Bounds (i, j) of the person's name in words, or None."""
    j = len(words)
    while j > 0 and not _name_word(words[j - 1]):
        j -= 1
    i = j
    while i > 0 and _name_word(words[i - 1]):
        i -= 1
    if i == j:
        return None
    before, after = words[:i], words[j:]
    person = any(_root(w) in PERSON_TITLES for w in words)
    if j - i == 1 and not person and any(_is_org(w) or _is_acronym(w) for w in before):
        return None  # "Міністерство внутрішніх справ Франції", "ДСНС Києва"
    if i == 0 and j - i == 1 and any(_is_title(w) for w in after):
        return None
    keep = 3 if j - i >= 3 and words[j - 2].lower().endswith(PATRONYMIC_ENDS) else 2
    return max(i, j - keep), j


def analyse(toks: Sequence[Tok], text: str) -> Phrase | None:
    """Classify the words of a Ukrainian or Russian speaker phrase."""
    marks = [k for k, t in enumerate(toks) if t.text in QUOTE_MARKS]
    quoted = None  # "движения «Гражданский контроль»": the organisation's name is the quoted one
    person: list[Tok] = []  # "гендиректор авиакомпании «Северный ветер» Игорь Крылов": him
    if len(marks) >= 2 and marks[1] > marks[0] + 1 and toks[marks[0] + 1].text[:1].isupper():
        quoted = text[toks[marks[0] + 1].start : toks[marks[1] - 1].end]
        person = [t for t in toks[marks[1] + 1 :] if t.text not in QUOTE_MARKS]
    toks = [t for t in toks if t.text not in QUOTE_MARKS]
    if not toks:
        return None
    if 1 < len(person) <= 3 and all(_name_word(t.text) for t in person):
        titles = tuple(_root(t.text) for t in toks if _is_title(t.text))
        name = text[person[0].start : person[-1].end]
        start, end = toks[0].start, toks[-1].end
        return Phrase("name", text[start:end], name, titles, stem(person[-1].text), start, end)
    if quoted is not None:
        titles = tuple(_root(t.text) for t in toks if _is_title(t.text))
        head = titles[-1] if titles else ""
        return Phrase(
            "org",
            text[toks[0].start : toks[-1].end],
            quoted,
            titles,
            head,
            toks[0].start,
            toks[-1].end,
        )
    words = [t.text for t in toks]
    start, end = toks[0].start, toks[-1].end
    written = text[start:end]
    if len(words) == 1 and words[0].lower() in CYRILLIC_PRONOUNS:
        return Phrase("pronoun", words[0], "", (), CYRILLIC_PRONOUNS[words[0].lower()], start, end)
    titles = tuple(_root(w) for w in words if _is_title(w))
    if len(words) > 1 and _root(words[0]) in AUTHORITIES and words[1][:1].isupper():
        return Phrase(
            "group", written, written, titles, _root(words[0]), start, end
        )  # "Влада Харкова"
    if len(words) > 1 and _is_title(words[0]) and all(_abbreviation(w) for w in words[1:]):
        # "голови ОВА", "начальник ГУНП": a post in a body named by its initials is a title
        return Phrase("title", written, "", titles, _root(words[0]), start, end)
    if (bounds := _name(words)) is not None:
        i, j = bounds
        name = text[toks[i].start : toks[j - 1].end]
        return Phrase("name", written, name, titles, stem(words[j - 1]), start, end)
    if any(w[:1].isupper() and not _is_title(w) for w in words):
        lead = next(k for k, w in enumerate(words) if w[:1].isupper())
        named = all(_is_title(w) for w in words[:lead]) and all(
            w[:1].isupper() for w in words[lead:]
        )
        name = text[toks[lead].start : end] if named else written
        return Phrase("org", written, name, titles, titles[-1] if titles else "", start, end)
    if not titles:
        if len(words) == 1 and words[0].islower():  # "сообщил градоначальник": a known title?
            return Phrase("guess", written, "", (_root(words[0]),), _root(words[0]), start, end)
        return None
    if len(words) > 1 and _root(words[0]) in PRESS_SERVICES and _root(words[-1]) not in titles:
        # "пресс-служба аэропорта": the press service's owner, by its title ("аэропорт")
        owner = _root(words[-1])
        return Phrase("title", written, "", (*titles, owner), owner, start, end)
    persons = [t for t in titles if t in PERSON_TITLES]
    head = persons[0] if persons else titles[-1]
    return Phrase("title", written, "", titles, head, start, end)


def _words(toks: Sequence[Tok]) -> int:
    """How many words the tokens hold (quotation marks are none)."""
    return sum(1 for tok in toks if tok.text not in QUOTE_MARKS)


def _backward(toks: Sequence[Tok], i: int) -> list[Tok]:
    """The phrase tokens right before token i (MAX_WORDS words at most)."""
    j = i
    while j > 0 and _words(toks[j:i]) < MAX_WORDS and _word(toks[j - 1]):
        j -= 1
    return list(toks[j:i])


def _forward(toks: Sequence[Tok], i: int) -> list[Tok]:
    """The phrase tokens from token i on (after an optional "в"/"у"; MAX_WORDS words at
    most), an organisation's "по <region>" included."""
    if i < len(toks) and toks[i].text.lower() in PLACE_WORDS:
        i += 1
    j = i
    while j < len(toks) and _words(toks[i:j]) < MAX_WORDS and _word(toks[j]):
        j += 1
    k = _region(toks, i, j)
    if k > j:  # and on to the name after the region ("... МВД по республике Марат Гайнуллин")
        j = k
        while j < len(toks) and _words(toks[i:j]) < MAX_WORDS + 3 and _word(toks[j]):
            j += 1
    return list(toks[i:j])


def _region(toks: Sequence[Tok], i: int, j: int) -> int:
    """The end of an organisation's phrase toks[i:j] with the region after its "по" ("МВД по
    Республике Башкортостан"): capitalised words, ending at a region noun or before a word
    in lower case."""
    if j + 1 >= len(toks) or toks[j].text.lower() != "по":
        return j
    if not any(_is_org(t.text) or _is_acronym(t.text) for t in toks[i:j]):
        return j
    k = j + 1
    while k < min(j + 4, len(toks)) and toks[k].text[:1].isalpha():
        word = toks[k].text
        if word.lower() in CYRILLIC_REGION_NOUNS:
            return k + 1
        if not word[:1].isupper():
            break
        k += 1
    return k if k > j + 1 else j


def _possessive(toks: Sequence[Tok], k: int, text: str) -> Phrase | None:
    """'його'/'её' at token k as a back-reference."""
    if k < len(toks) and (head := CYRILLIC_POSSESSIVES.get(toks[k].text.lower())):
        return Phrase("pronoun", toks[k].text, "", (), head, toks[k].start, toks[k].end)
    return None


def according(toks: Sequence[Tok], i: int, text: str) -> Phrase | None:
    """'за словами X', 'по данным X', 'за його словами', 'по его словам' at token i."""
    if toks[i].text.lower() not in ACCORDING_PREPOSITIONS or i + 1 >= len(toks):
        return None
    if toks[i + 1].text.lower() in CYRILLIC_SOURCE_NOUNS:
        return _possessive(toks, i + 2, text) or analyse(_forward(toks, i + 2), text)
    if i + 2 < len(toks) and toks[i + 2].text.lower() in CYRILLIC_SOURCE_NOUNS:
        return _possessive(toks, i + 1, text)
    return None


def _past_outlet(toks: Sequence[Tok], end: int) -> int:
    """Where the speaker phrase ends when an outlet in quotation marks stands between it and
    the verb at token end ("Елена Морозова в интервью «Интерфаксу» заявила"): before the
    outlet words, else end."""
    if end < 3 or toks[end - 1].text not in QUOTE_MARKS:
        return end
    k = end - 2
    while k > 0 and toks[k].text not in QUOTE_MARKS and end - k < 6:
        k -= 1
    if (
        k <= 0
        or toks[k].text not in QUOTE_MARKS
        or toks[k - 1].text.lower() not in CYRILLIC_OUTLET_WORDS
    ):
        return end
    k -= 1
    return k - 1 if k > 0 and toks[k - 1].text.lower() in CYRILLIC_PREPOSITIONS else k


def _before(toks: Sequence[Tok], i: int, text: str) -> Phrase | None:
    """The speaker phrase before token i, reached across up to HOPS prepositional phrases
    ("Зеленський у вечірньому зверненні заявив")."""
    end = i
    while end > 1 and toks[end - 1].text.lower() in CYRILLIC_PASSED_ADVERBS:  # "Он также отметил"
        end -= 1
    end = _past_outlet(toks, end)
    for _ in range(HOPS + 1):
        words = _backward(toks, end)
        if (phrase := analyse(words, text)) is not None and phrase.kind != "guess":
            return phrase  # a lone lower-case word before a verb is no title ("у вівторок")
        stop = end - len(words) - 1
        if stop < 0 or toks[stop].text.lower() not in CYRILLIC_PREPOSITIONS:
            return None
        end = stop
    return None


def _after(toks: Sequence[Tok], i: int, text: str) -> Phrase | None:
    """The speaker phrase from token i on, reached across up to HOPS prepositional phrases
    ("заявив на брифінгу речник Повітряних сил Юрій Ігнат")."""
    titled = guess = None
    for _ in range(HOPS + 1):
        words = _forward(toks, i)
        phrase = analyse(words, text)
        if phrase is not None and phrase.kind == "guess":
            # one lower-case word may be a known title ("сообщил градоначальник") or only a
            # time ("сообщили в понедельник в РЦЭР"): a speaker further on comes first
            guess = guess or phrase
            i = toks.index(words[-1]) + 1
        elif phrase is not None and (phrase.kind != "title" or titled is not None):
            if titled is not None or not _title_of_place(phrase, words, toks, i):
                return phrase
            titled, i = phrase, i + len(words)  # "заммэра Москвы по вопросам транспорта Максим"
        elif phrase is not None:  # a bare title may be followed by its field, then the name:
            titled, i = phrase, i + len(words)  # "віцепрем'єрка з питань інтеграції Ольга ..."
        if i >= len(toks) or toks[i].text.lower() not in CYRILLIC_PREPOSITIONS:
            return titled or guess
        i = _past_adjunct(toks, i + 1)
    return titled or guess


def _title_of_place(phrase: Phrase, words: Sequence[Tok], toks: Sequence[Tok], i: int) -> bool:
    """Whether a phrase read as one name is a post and its place ("заммэра Москвы") with the
    post's field and the person's name still to come ("по вопросам транспорта Максим ...")."""
    after = i + len(words)
    return (
        phrase.kind == "name"
        and " " not in phrase.name
        and len(words) == 2
        and _root(words[0].text) in PERSON_TITLES
        and after < len(toks)
        and toks[after].text.lower() in CYRILLIC_PREPOSITIONS
    )


def _past_adjunct(toks: Sequence[Tok], i: int) -> int:
    """The index after the lower-case words (no titles) of a prepositional phrase whose
    preposition stands before token i ("на брифінгу", "з питань європейської інтеграції", "у
    Telegram")."""
    while i < len(toks) and toks[i].text[:1].isalpha() and not _is_title(toks[i].text):
        if not (toks[i].text.islower() or toks[i].text.lower() in CYRILLIC_PHRASE_STOP):
            break
        i += 1
    return i


def _abbreviation(word: str) -> bool:
    """Whether a word is a body's initials ("ОВА", "ДСНС", "МВС")."""
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha()


OUTLET_SKIP = 3  # words of the outlet's name (and its quotation marks) before the source


def _unnamed_source(toks: Sequence[Tok], i: int, text: str) -> Phrase | None:
    """'источник в отрасли' after the verb at token i - 1, past the outlet told ("сообщил ТАСС
    источник в правоохранительных органах"), with its place or field of lower-case words."""
    k = i
    while k < min(i + OUTLET_SKIP, len(toks)) and (
        toks[k].text in QUOTE_MARKS or toks[k].text[:1].isupper()
    ):
        k += 1
    if k >= len(toks) or toks[k].text.lower() not in CYRILLIC_SOURCE_PERSONS:
        return None
    end = k + 1
    if end < len(toks) and toks[end].text.lower() in STATEMENT_PREPOSITIONS:
        n = end + 1
        while n < min(end + 4, len(toks)) and toks[n].text.isalpha() and toks[n].text.islower():
            n += 1
        end = n if n > end + 1 else end
    start, stop = toks[k].start, toks[end - 1].end
    written = text[start:stop]
    return Phrase("group", written, written, (), toks[k].text.lower(), start, stop)


def speaker_of_verb(toks: Sequence[Tok], i: int, text: str) -> Phrase | None:
    """The speaker phrase of the speech verb at token i: before it, else after it."""
    if toks[i].text.lower() in CYRILLIC_STATEMENT_VERBS:
        k = (
            i + 2
            if i + 1 < len(toks) and toks[i + 1].text.lower() in STATEMENT_PREPOSITIONS
            else i + 1
        )
        # "говорится в годовом отчете компании": up to two adjectives before the noun
        for n in range(k, min(k + 3, len(toks))):
            if toks[n].text.lower() in STATEMENT_NOUNS:
                return analyse(_forward(toks, n + 1), text)
            if not toks[n].text.islower():
                break
        return None
    return _before(toks, i, text) or _unnamed_source(toks, i + 1, text) or _after(toks, i + 1, text)
