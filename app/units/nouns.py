"""Which count nouns a count measure takes: its unit's noun class, or the nouns it lists.

A measure in "people" takes every noun of the persons class (civilians, soldiers, refugees)
and the generic ones ("count", "items"), not "tanks". A measure that lists `nouns` (count
nouns or class names) takes those, its unit's own noun and the generic ones instead. A
measure in a generic unit ("count") that lists nothing takes every count noun.
"""

from collections.abc import Sequence

from app.units.parse import parse_unit
from app.units.vocabulary import COUNT_NOUNS, GENERIC_CLASS, NOUN_CLASSES

_IRREGULAR_PLURALS = {
    "people": "person",
    "children": "child",
    "women": "woman",
    "men": "man",
    "servicemen": "serviceman",
    "servicewomen": "servicewoman",
    "policemen": "policeman",
}
_CLASS_OF = {noun: name for name, nouns in NOUN_CLASSES.items() for noun in nouns}
_EXAMPLES = 8


def lemma(noun: str) -> str:
    """The singular of a count noun claimtrack knows ("casualties" -> "casualty")."""
    noun = noun.lower()
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    for suffix, singular in (("ies", "y"), ("es", ""), ("s", "")):
        if noun.endswith(suffix) and noun[: -len(suffix)] + singular in COUNT_NOUNS:
            return noun[: -len(suffix)] + singular
    return noun


def noun_class(noun: str) -> str:
    """The class of a count noun, such as "persons" or "vehicles"."""
    return _CLASS_OF[noun.lower()]


def is_noun_entry(entry: str) -> bool:
    """Whether a measure may list the entry in its nouns: a count noun or a class name."""
    return entry.lower() in COUNT_NOUNS or entry.lower() in NOUN_CLASSES


def fits(noun: str | None, *, measure_noun: str | None, listed: Sequence[str] | None) -> bool:
    """Whether a figure counting `noun` fits a measure counting `measure_noun`."""
    if noun is None or measure_noun is None or noun_class(noun) == GENERIC_CLASS:
        return True
    if listed:
        entries = [measure_noun, *listed]
        return any(entry in (noun_class(noun), lemma(noun)) for entry in map(_entry, entries))
    return noun_class(measure_noun) in (GENERIC_CLASS, noun_class(noun))


def misfit(unit: str, *, measure_unit: str, listed: Sequence[str] | None) -> str | None:
    """Why a figure in `unit` cannot go on a measure in `measure_unit` listing nouns, or None."""
    noun, measure_noun = parse_unit(unit).noun, parse_unit(measure_unit).noun
    if noun is None or measure_noun is None or fits(noun, measure_noun=measure_noun, listed=listed):
        return None
    return (
        f"{noun!r} counts {noun_class(noun)}; the measure takes "
        f"{accepted(measure_noun=measure_noun, listed=listed)}"
    )


def _entry(entry: str) -> str:
    """A listed noun as a class name or a singular noun."""
    entry = entry.lower()
    return entry if entry in NOUN_CLASSES else lemma(entry)


def accepted(*, measure_noun: str, listed: Sequence[str] | None) -> str:
    """The nouns a count measure takes, in words, for a message."""
    generic = "or a generic count ('count', 'items')"
    if listed:
        return f"{', '.join(map(repr, dict.fromkeys((measure_noun, *listed))))} {generic}"
    name = noun_class(measure_noun)
    examples = list(dict.fromkeys(_first_forms(NOUN_CLASSES[name])))
    shown = ", ".join(examples[:_EXAMPLES]) + (", …" if len(examples) > _EXAMPLES else "")
    return f"{name} ({shown}) {generic}"


def _first_forms(nouns: Sequence[str]) -> list[str]:
    """Each noun of a class once, plural where it has one ("people", "civilians", "staff")."""
    forms: dict[str, str] = {}
    for noun in nouns:
        singular = lemma(noun)
        if forms.get(singular, singular) == singular:
            forms[singular] = noun
    return list(forms.values())
