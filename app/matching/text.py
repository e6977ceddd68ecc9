"""Claim text as comparable words: figures as values, one script, endings and stop words gone.

"more than 1,000 km²", "over a thousand square kilometres" and "понад 1000 км²" all become
the word `#area:1e+09` (the quantity in base units, two significant digits); the other words
are transliterated to Latin letters, folded (c/k, w/v, y/i, doubled letters...: English and
transliterated spellings of a name meet) and cut to their first STEM letters, so that
"territory" and "територія" or "Kursk" and "Курській" share a word. Pure.
"""

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.core.fields import MAX_AMOUNT
from app.extraction.figures.quantities import Found, find_figures
from app.matching.cyrillic import figures_in_english, to_latin
from app.units import UnitError, parse_unit
from app.units.registry import ureg

STEM = 5
# A figure in other units than another's was rounded by whoever converted it: within this
# share (relative) they are one value (app.matching.figures widens such intervals as much).
ROUNDING = 0.01
WORDS_CACHED = 10_000  # about 15 MB of words per worker process
COMPARABLE_CACHED = 50_000  # distinct words remembered folded: about 9 MB per process
DOUBLED = re.compile(r"(.)\1+")  # "territory" and "територія" are spelt with one r
WORD = re.compile(r"[^\W_]+")
FOLDS = (("ph", "f"), ("kh", "h"), ("ck", "k"), ("c", "k"), ("w", "v"), ("y", "i"), ("j", "i"))
# English, Ukrainian and Russian words that say nothing of a claim's content.
STOP_TEXT = """
a an the of in on at to for from by with and or but as is are was were be been being has
have had it its this that these those there their they we our us i he she his her you
your which who whom what when where said says say will would can could also than then
into about over after before since up
і й та в у на з із до від що як це ми наш наша наші він вона вони їх його її за по для
про але а або ж же то той ця цей ці був була були є
и во с со к ко от что это мы он она они их его ее о об но или тот эта этот эти был
была были есть
"""
NEGATION_TEXT = "not no never none nothing nobody neither nor не ні ніколи нет ни никогда"
# Words that undo or deny what the rest of the sentence says: "the talks were halted" against
# "the talks continue", "the ministry denied" against a claim it is said to have made. A text
# with one and a text without do not say the same thing (whatever "not" does to either: "did
# not stop" is not "continues" for sure); they stay words of the text.
REVERSAL_TEXT = """
halt halts halted halting stop stops stopped stopping suspend suspends suspended ceased
cease ceases deny denies denied denying refute refutes refuted lift lifts lifted lifting
cancel cancels cancelled canceled revoke revokes revoked withdraw withdraws withdrew withdrawn
scrap scraps scrapped abandon abandons abandoned fail fails failed failing unable
"""
# Ukrainian and Russian verbs of halting and denying, by the start all their forms share.
REVERSAL_STEMS = (
    "припин",
    "зупин",
    "призупин",
    "заперечу",
    "заперечи",
    "заперечл",
    "спростов",
    "спросту",
    "прекращ",
    "прекрат",
    "останов",
    "приостанов",
    "опроверг",
    "отрица",
    "отверг",
    "заверш",  # "операция завершена" against "операция продолжается"
    "отмен",
    "скасов",
    "провал",
    "снят",
    "знят",
)
STOP_WORDS = frozenset(STOP_TEXT.split())
NEGATIONS = frozenset(NEGATION_TEXT.split())
REVERSALS = frozenset(REVERSAL_TEXT.split())
NOT_SUFFIX = "n't"
TOKEN = re.compile(r"#\w+:[\w.+-]+|[^\W_]+(?:'[^\W_]+)?")


Amount = tuple[str, float, str]  # a figure's dimension, value in base units, unit as parsed


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure read from text: its value and unit as written, qualifier, bounds."""

    value: float
    unit: str
    qualifier: str
    lower: float | None
    upper: float | None


# Where and when a claim is about: a capitalised word before "region", "oblast" and the like,
# or after "in", "near", "into" ("into the Belgorod region", "near Toretsk", "in August"), and
# their Ukrainian and Russian forms ("в Курській області", "под Покровском").
PLACE_RES = (
    re.compile(r"\b([A-Z][\w'-]+)(?:'s)?\s+(?:region|oblast|district|province|direction)\b"),
    re.compile(r"\b(?:in|near|into|outside|around)\s+(?:the\s+)?([A-Z][\w'-]+)"),
    re.compile(r"([А-ЯІЇЄҐЁ][\w'-]+)\s+(?:област|район|регион|напрям|направлен)"),
    re.compile(r"(?<!\w)(?:в|у|под|біля|возле|около|поблизу)\s+([А-ЯІЇЄҐЁ][\w'-]+)"),
)


@dataclass(frozen=True, slots=True)
class Words:
    """What a claim text gives to comparison: its words, figures, whether it negates and
    whether it reverses."""

    words: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    negated: bool
    reverses: bool = False  # says something was halted, stopped, denied (REVERSALS)
    amounts: tuple[Amount, ...] = ()  # each figure's dimension, base-unit value and unit
    places: frozenset[str] = frozenset()  # folded place and month names (PLACE_RES)


@lru_cache(maxsize=COMPARABLE_CACHED)
def _comparable(word: str) -> str:
    """A word as texts are compared by it: without "'s", in Latin letters, folded (words recur
    from text to text, so each is worked out once)."""
    return _fold(to_latin(word.removesuffix("'s")))


def _fold(word: str) -> str:
    for written, folded in FOLDS:
        word = word.replace(written, folded)
    return DOUBLED.sub(r"\1", word)[:STEM]


def _amount(found: Found) -> Amount | None:
    """The figure's dimension, value in base units and unit (None: a unit not understood)."""
    try:
        unit = parse_unit(found.unit)
    except UnitError:
        return None
    if unit.dimension == "count":
        return "count", found.value, unit.expression
    base = ureg.Quantity(found.value, ureg.parse_units(unit.expression)).to_base_units()
    return unit.dimension, float(base.magnitude), unit.expression


def _quantity_word(kind: str, base: float) -> str:
    """The figure as one word: dimension and value in base units, two significant digits."""
    return f"#{kind}:{base:.2g}"


def _within_bounds(found: Found) -> bool:
    """Whether the figure's numbers are ones a claim may hold (finite, at most MAX_AMOUNT)."""
    numbers = (found.value, found.lower, found.upper)
    return all(n is None or abs(n) <= MAX_AMOUNT for n in numbers)


def _negated(words: Iterable[str]) -> bool:
    count = sum(1 for word in words if word in NEGATIONS or word.endswith(NOT_SUFFIX))
    return count % 2 == 1


def figures_differ(a: Words, b: Words) -> bool:
    """Whether the two texts state figures of a kind both name (an area, a count...) and
    share none of them: "troops took 74 villages" and "troops took 47 villages" say different
    things however alike their words. A value in other units within ROUNDING is shared (it
    was converted and rounded: "483 square miles" is "1,250 km²"); in the same unit only the
    same value is. Sorted and bisected: a text of a thousand numbers against another costs
    thousands of steps, not a million."""
    ours, theirs = _by_kind(a), _by_kind(b)
    return any(
        _unshared(ours[kind], theirs[kind]) and _unshared(theirs[kind], ours[kind])
        for kind in ours.keys() & theirs.keys()
    )


def _unshared(values: list[tuple[float, str]], others: list[tuple[float, str]]) -> bool:
    """Whether some value has no counterpart among `others` ("2,300 servicemen and 35 tanks"
    against "2,030 servicemen and 35 tanks": 2,300 has none)."""
    return not all(_shared(value, unit, others) for value, unit in values)


def places_differ(a: Words, b: Words) -> bool:
    """Whether both texts say where or when and share no place: "into the Belgorod region"
    and "into the Kursk region", "in August" and "in July" are other claims however alike
    their words."""
    return bool(a.places and b.places and not a.places & b.places)


def _by_kind(words: Words) -> dict[str, list[tuple[float, str]]]:
    """Each kind's distinct (value, unit) pairs, by value."""
    kinds: dict[str, set[tuple[float, str]]] = {}
    for kind, value, unit in words.amounts:
        kinds.setdefault(kind, set()).add((value, unit))
    return {kind: sorted(pairs) for kind, pairs in kinds.items()}


def _value(pair: tuple[float, str]) -> float:
    return pair[0]


def _shared(value: float, unit: str, others: list[tuple[float, str]]) -> bool:
    """Whether `others` (sorted) hold this value in this unit, or one within ROUNDING of it in
    another unit."""
    reach = ROUNDING * abs(value) / (1 - ROUNDING)  # no value farther off can be within it
    start = bisect.bisect_left(others, value - reach, key=_value)
    for other, other_unit in others[start:]:
        if other > value + reach:
            return False
        if other_unit == unit:
            if other == value:
                return True
        elif abs(other - value) <= ROUNDING * max(abs(other), abs(value)):
            return True
    return False


def _ignored(word: str) -> bool:
    return word in STOP_WORDS or word in NEGATIONS or word.endswith(NOT_SUFFIX) or len(word) < 2


@lru_cache(maxsize=WORDS_CACHED)
def read_words(text: str) -> Words:
    """The comparable words of a claim's text (remembered: candidates recur across queries)."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    english = figures_in_english(text)
    found = find_figures(english, [])
    pieces, quantities, start = [], [], 0
    amounts: list[Amount] = []
    for figure in found:
        amount = _amount(figure) if _within_bounds(figure) else None
        if amount is None:
            continue
        amounts.append(amount)
        word = _quantity_word(amount[0], amount[1])
        pieces.append(english[start : figure.start])
        pieces.append(f" {word} ")
        quantities.append(
            Quantity(figure.value, figure.unit, figure.qualifier, figure.lower, figure.upper)
        )
        start = figure.end
    pieces.append(english[start:])
    raw = TOKEN.findall("".join(pieces).lower())
    negated = _negated(raw)
    words = tuple(
        word if word.startswith("#") else _comparable(word)
        for word in raw
        if word.startswith("#") or not _ignored(word)
    )
    reverses = any(word in REVERSALS or word.startswith(REVERSAL_STEMS) for word in raw)
    named = (m.group(1).lower().removesuffix("'s") for rx in PLACE_RES for m in rx.finditer(text))
    places = frozenset(_fold(to_latin(name)) for name in named)
    return Words(
        words=words,
        quantities=tuple(quantities),
        negated=negated,
        reverses=reverses,
        amounts=tuple(amounts),
        places=places,
    )


def search_words(text: str) -> list[str]:
    """The words of a text worth a full-text look-up: no stop words, longest first."""
    words = {word.lower() for word in WORD.findall(unicodedata.normalize("NFKC", text))}
    kept = [word for word in words if word not in STOP_WORDS and word not in NEGATIONS]
    return sorted(kept, key=lambda word: (-len(word), word))
