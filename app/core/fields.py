"""Field types shared by every input schema: bounded, NUL-free, NFC-normalised text."""

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from anyascii import anyascii
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    Strict,
    StringConstraints,
)

from app.db.sqlite_functions import fold

MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_MOMENT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile("[\r\n\u2028\u2029]")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def clean_text(value: str) -> str:
    """Refuse NUL and other control characters; normalise to NFC."""
    if CONTROL_CHARS.search(value):
        raise ValueError("contains a control character (NUL bytes and the like are not allowed)")
    return unicodedata.normalize("NFC", value)


def clean_name(value: str) -> str:
    """Text fit for a name: no line breaks, no bidirectional controls, not blank."""
    value = clean_text(value).strip()
    if BIDI_CONTROLS.search(value):
        raise ValueError("contains a bidirectional control character")
    if LINE_BREAKS.search(value):
        raise ValueError("contains a line break")
    if not value:
        raise ValueError("must not be blank")
    return value


Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(clean_name)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(clean_name)]
Description = Annotated[str, StringConstraints(max_length=5000), AfterValidator(clean_text)]
LongText = Annotated[
    str, StringConstraints(min_length=1, max_length=10000), AfterValidator(clean_text)
]


Id = Annotated[int, Field(ge=1, le=MAX_ID, examples=[1])]

# Far beyond any figure in the news; normalised values (in the measure's unit) are held to it too.
MAX_AMOUNT = 1e100


def within_amount(value: float) -> float:
    """Refuse magnitudes above MAX_AMOUNT."""
    if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
        raise ValueError(f"must lie between -{MAX_AMOUNT:g} and {MAX_AMOUNT:g}")
    return value


Amount = Annotated[
    float,
    Field(allow_inf_nan=False, json_schema_extra={"minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT}),
    AfterValidator(within_amount),
]


def iso_day(value: Any) -> Any:
    """Only an ISO 8601 calendar date as text: no timestamps, no times of day."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        raise ValueError("must be an ISO 8601 date such as 2024-08-14")
    return value


def iso_moment(value: Any) -> Any:
    """Only an ISO 8601 date and time as text: no Unix timestamps."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_MOMENT.match(value):
        raise ValueError("must be an ISO 8601 time with a zone such as 2024-08-14T09:00:00Z")
    return value


# The dates a write accepts: every read can compute with them (windows, chart margins, UTC
# offsets) and both engines store them as dates (PostgreSQL's driver would turn 0001-01-01
# and 9999-12-31 into -infinity and infinity).
FIRST_DAY = date(1000, 1, 1)
LAST_DAY = date(2999, 12, 31)
DAY_RANGE = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def shifted(day: date, days: int) -> date:
    """The day `days` later (earlier when negative), held at the calendar's ends: a read of
    a day stored before writes were checked (year 1, or 9999-12-31) cannot overflow."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


INFINITE_DAYS = {"infinity": date.max, "-infinity": date.min}


def document_day(text: str) -> date:
    """A date as a claim document writes it; PostgreSQL writes a day it holds as infinity
    (9999-12-31 stored before writes were checked: its driver's date.max) as 'infinity'."""
    return INFINITE_DAYS[text] if text in INFINITE_DAYS else date.fromisoformat(text)


def within_days(value: date) -> date:
    """Refuse dates outside FIRST_DAY..LAST_DAY (a time's UTC date included)."""
    try:
        day = value.astimezone(UTC).date() if isinstance(value, datetime) else value
    except OverflowError:  # 0001-01-01T00:00:00+14:00 has no UTC date
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must lie {DAY_RANGE}")
    return value


# Dates come as ISO 8601 text even in strict models; iso_day and iso_moment refuse the rest.
# Any calendar date, for filters: a range may reach beyond the dates a write accepts.
AnyDay = Annotated[date, Strict(False), BeforeValidator(iso_day), Field(examples=["2024-08-14"])]
Day = Annotated[AnyDay, AfterValidator(within_days)]


def in_utc(value: datetime) -> datetime:
    """A moment as it is stored and read back: in UTC (what a write answers, a read shows)."""
    return value.astimezone(UTC)


Moment = Annotated[
    AwareDatetime,
    Strict(False),
    BeforeValidator(iso_moment),
    AfterValidator(within_days),  # first: a moment with no UTC date is refused, not overflowed
    AfterValidator(in_utc),
    Field(examples=["2024-08-14T09:00:00Z"]),
]


def not_all_digits(value: str) -> str:
    """A slug must not look like an id."""
    if value.isdigit():
        raise ValueError("a slug cannot be only digits (it would read as an id)")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=100),
    AfterValidator(not_all_digits),
    Field(examples=["vyacheslav-gladkov"]),
]
IdOrSlug = Annotated[
    Id | Slug, Field(union_mode="left_to_right", examples=[1, "vyacheslav-gladkov"])
]


def canonical_language(tag: str) -> str:
    """A language tag in the case BCP 47 writes it (RFC 5646, 2.1.1): tags are compared
    without case, so `EN`, `en-gb` and `pt-br` are stored and matched as `en`, `en-GB`,
    `pt-BR`; a script in title case (`sr-Latn`); what follows a singleton (`x-...`) lower."""
    first, *rest = tag.split("-")
    parts, extension = [first.lower()], False
    for part in rest:
        extension = extension or len(part) == 1
        if not extension and len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        elif not extension and len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


Language = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$", max_length=35),
    AfterValidator(canonical_language),
    Field(examples=["en", "uk", "pt-BR"]),
]
# Unicode-aware, checked here rather than as a schema `pattern`: OpenAPI patterns follow
# ECMA-262, where \w is ASCII only, so the documented pattern would refuse "ã" or "Курськ".
TAG_SHAPE = re.compile(r"\w[\w .:/-]*")


def tag_shape(value: str) -> str:
    """Letters and digits of any script first, then also spaces, '.', ':', '/' and '-'."""
    if not TAG_SHAPE.fullmatch(value):
        raise ValueError(
            "a tag starts with a letter or digit and holds only letters, digits, spaces, "
            "'_', '.', ':', '/' and '-'"
        )
    return value


TAG_LENGTH = 100


def tag_case(value: str) -> str:
    """Tags compare without case: each is kept, and looked up, in lower case."""
    folded = value.lower()
    if len(folded) > TAG_LENGTH:  # a letter that lowers to two (İ)
        raise ValueError(f"is longer than {TAG_LENGTH} characters in lower case")
    return folded


Tag = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TAG_LENGTH),
    AfterValidator(clean_name),
    AfterValidator(tag_shape),
    AfterValidator(tag_case),
    Field(
        examples=["kursk-incursion"],
        description="Letters or digits (any script), then also spaces, _ . : / and -; kept and "
        "compared in lower case (`Kursk-Incursion` is `kursk-incursion`).",
    ),
]


def slugify(value: str, *, max_length: int = 100) -> str:
    """A URL-safe slug made from a name: ASCII, lowercase, hyphens. Other scripts are
    transliterated (anyascii: "Зеленський" is "zelenskiy", "Straße" "strasse"), apostrophes
    dropped ("O'Brien" is "obrien"); a name with nothing to spell is "item"."""
    ascii_text = re.sub(r"['\u2019]", "", anyascii(value))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-") or "item"
    return f"n-{slug}" if slug.isdigit() else slug


# A label folded (ß and æ written out) can take twice its 200 characters.
RATING_KEY_LENGTH = 400


def rating_key(label: str) -> str:
    """A rating label as `?rating=` compares it: every letter in one case, accents of Latin
    letters aside (app.db.sqlite_functions.fold), worked out in Python on both engines: SQLite's
    lower() knows ASCII only ("Неправда" was not found even as typed), and PostgreSQL's lower()
    keeps a final sigma that Python's folding does not."""
    return fold(label) or ""
