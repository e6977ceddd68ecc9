"""ClaimReview JSON-LD and Google Fact Check Tools responses, read into plain records. Pure.

Accepted: one ClaimReview object, a list of them, a page's `@graph` (other node types are
skipped), or a `claims:search` response (`{"claims": [{"text", "claimant", "claimDate",
"claimReview": [{"publisher", "url", "title", "reviewDate", "textualRating",
"languageCode"}]}]}`). Dates are reduced to their day, but for an appearance's, which is also
kept whole as its source's moment of publication. Each record knows where it sits in the
document (`claims[3]`, `@graph[1]`), and notes what was inferred: a claim without a date of its
own is dated by its first appearance or its (first) review. A date or rating number that is
there but is not one (`"2024-13-45"`, `"garbage"`; a ratingValue `"abc"`) is never passed over
or dropped: the record keeps it as Unreadable, and its row is refused (records.py).
"""

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import orjson

WIKIDATA_PREFIXES = (
    "https://www.wikidata.org/wiki/",
    "http://www.wikidata.org/entity/",
    "https://www.wikidata.org/entity/",
    "http://www.wikidata.org/wiki/",
)


class ClaimReviewError(ValueError):
    """The document is not a ClaimReview or a Fact Check Tools response."""


class MisshapenError(ClaimReviewError):
    """A part of the document is not of the type its field takes; .path says where."""

    def __init__(self, message: str, *, path: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.path = path


Path = tuple[str | int, ...]
SHOWN_CHARACTERS = 40  # of an unreadable value, quoted in its error
# A number as text: what JSON writes (and a leading + or a bare point), nothing else Python's
# float() reads ("1_000", "inf", "nan").
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Unreadable:
    """A date or rating number given in the document that is not one: where it sits below its
    record's path (`("itemReviewed", "datePublished")`, `("reviewRating", "ratingValue")`),
    the field of the imported row it would have given (`("said_on",)`, `("reviews", 0,
    "rating_value")`, `("sources", 1, "published_at")`), and why it is refused."""

    at: Path
    feeds: Path
    message: str


@dataclass
class ReviewRecord:
    """One reviewed claim, as read from the document (`unreadable`: the dates in it that are
    not dates and rating numbers that are not numbers; a record with any is not imported)."""

    path: tuple[str | int, ...]
    claim_text: str
    speaker_name: str | None
    speaker_kind: str
    speaker_wikidata: str | None
    said_on: date | None
    appearances: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _shown(value: Any) -> str:
    """The value quoted for an error message, cut to its first SHOWN_CHARACTERS characters."""
    try:
        text = value if isinstance(value, str) else orjson.dumps(value).decode()
    except TypeError:  # an integer past 64 bits
        text = str(value)
    cut = text[:SHOWN_CHARACTERS] + ("..." if len(text) > SHOWN_CHARACTERS else "")
    return repr(cut) if isinstance(value, str) else cut


def _parsed_day(value: Any) -> date | None:
    """The day of an ISO 8601 date or date and time (schema.org's Date and DateTime), as
    written (its time and zone dropped); None when the value is neither."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def _parsed_moment(value: str) -> datetime:
    """A date or date and time already read by _parsed_day, as a moment: a date alone is its
    midnight, and a time without a zone is taken as UTC."""
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _parsed_number(value: Any) -> float | None:
    """A finite number, or one written as text (`"4"`, `" 2.5 "`); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str):
        if not DECIMAL.fullmatch(value.strip()):
            return None
        value = value.strip()
    try:
        number = float(value)
    except OverflowError:  # an integer past the floats
        return None
    return number if math.isfinite(number) else None


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    """Reads a record's dates and rating numbers: one that is absent (no key, null or blank)
    is None, and so is one that is not what it should be, which is also kept in `unreadable`.
    `at` is where the holder of a value sits below the record's path, `feeds` the imported
    field the value gives."""

    def __init__(self) -> None:
        self.unreadable: list[Unreadable] = []

    def _refuse(self, at: Path, feeds: Path, message: str) -> None:
        self.unreadable.append(Unreadable(at=at, feeds=feeds, message=message))

    def day(self, holder: dict[str, Any], key: str, at: Path, feeds: Path) -> date | None:
        """The day of `holder[key]`."""
        value = holder.get(key)
        if _absent(value):
            return None
        day = _parsed_day(value)
        if day is None:
            message = (
                f"{_shown(value)} is not a date: give an ISO 8601 date (2024-08-14) "
                "or date and time (2024-08-14T10:00:00Z)"
            )
            self._refuse((*at, key), feeds, message)
        return day

    def number(self, holder: dict[str, Any], key: str, at: Path, feeds: Path) -> float | None:
        """The number `holder[key]` is or writes."""
        value = holder.get(key)
        if _absent(value):
            return None
        number = _parsed_number(value)
        if number is None:
            message = f'{_shown(value)} is not a number: give a finite one such as 4, 2.5 or "4"'
            self._refuse((*at, key), feeds, message)
        return number


def _text(value: Any) -> str | None:
    """A text, an object's name, or the first of a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _wikidata(author: dict[str, Any]) -> str | None:
    same = author.get("sameAs")
    for link in same if isinstance(same, list) else [same]:
        if isinstance(link, str) and link.startswith(WIKIDATA_PREFIXES):
            return link.rstrip("/").rsplit("/", 1)[-1]
    return None


def _appearance(work: dict[str, Any], at: Path, feeds: Path, reader: _Reader) -> dict[str, Any]:
    """One appearance: its URL, title, publisher, and date (its day, and the moment whole)."""
    day = reader.day(work, "datePublished", at, feeds)
    return {
        "url": work["url"],
        "title": _text(work.get("headline") or work.get("name")),
        "publisher": _text(work.get("publisher")),
        "published": day,
        "published_at": None if day is None else _parsed_moment(work["datePublished"]),
    }


def _appearances(item: dict[str, Any], reader: _Reader) -> list[dict[str, Any]]:
    """The claim's appearances. An appearance's date feeds its source's published_at, the
    source placed as records.py places it: one per URL, in the order the URLs first come."""
    found: list[dict[str, Any]] = []
    places: dict[str, int] = {}  # URL -> its source's place
    for key in ("firstAppearance", "appearance"):
        works = item.get(key)
        listed = isinstance(works, list)
        for index, work in enumerate(works if isinstance(works, list) else [works]):
            if isinstance(work, str):
                work = {"url": work}
            if isinstance(work, dict) and isinstance(work.get("url"), str):
                at: Path = ("itemReviewed", key, index) if listed else ("itemReviewed", key)
                place = places.setdefault(work["url"], len(places))
                found.append(_appearance(work, at, ("sources", place, "published_at"), reader))
    return found


RATING_NUMBERS = {
    "ratingValue": "rating_value",
    "bestRating": "best_rating",
    "worstRating": "worst_rating",
}


def _rating(rating: Any, reader: _Reader) -> dict[str, Any]:
    rating = rating if isinstance(rating, dict) else {}
    numbers = {
        field: reader.number(rating, key, ("reviewRating",), ("reviews", 0, field))
        for key, field in RATING_NUMBERS.items()
    }
    return {
        "rating_label": _text(rating.get("alternateName") or rating.get("name")),
        "rating_explanation": _text(rating.get("ratingExplanation")),
        **numbers,
    }


def _dated(
    own: date | None, missing: str, fallbacks: list[tuple[str, date | None]]
) -> tuple[date | None, list[str]]:
    """The claim's own day, else the first fallback that has one, noted."""
    if own is not None:
        return own, []
    for what, day in fallbacks:
        if day is not None:
            return day, [f"no {missing}; said_on taken from {what} {day.isoformat()}"]
    return None, []


def _from_claim_review(path: tuple[str | int, ...], node: dict[str, Any]) -> ReviewRecord:
    item = _object(node.get("itemReviewed"))
    author = _object(item.get("author"))
    reviewer = _object(node.get("author"))
    reader = _Reader()
    own = reader.day(item, "datePublished", ("itemReviewed",), ("said_on",))
    appearances = _appearances(item, reader)
    rating = _rating(node.get("reviewRating"), reader)
    explanation = rating.pop("rating_explanation")
    review = {
        "reviewer": _text(reviewer) or _text(node.get("publisher")),
        "reviewer_url": reviewer.get("url") if isinstance(reviewer.get("url"), str) else None,
        "url": node.get("url") if isinstance(node.get("url"), str) else None,
        "reviewed_on": reader.day(node, "datePublished", (), ("reviews", 0, "reviewed_on")),
        "summary": _text(node.get("reviewBody")) or explanation or _text(node.get("name")),
        "language": _text(node.get("inLanguage")),
        **rating,
    }
    first_published = next((work["published"] for work in appearances if work["published"]), None)
    said_on, notes = (
        (None, [])
        if reader.unreadable  # never dated by a fallback: the record is refused
        else _dated(
            own,
            "datePublished on itemReviewed",
            [
                ("its first appearance's date", first_published),
                ("the review's date", review["reviewed_on"]),
            ],
        )
    )
    return ReviewRecord(
        path=path,
        claim_text=_text(node.get("claimReviewed")) or "",
        speaker_name=_text(author),
        speaker_wikidata=_wikidata(author),
        speaker_kind="organization" if author.get("@type") == "Organization" else "person",
        said_on=said_on,
        appearances=appearances,
        reviews=[review],
        notes=notes,
        unreadable=reader.unreadable,
    )


def _fact_check_review(place: int, review: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    publisher = _object(review.get("publisher"))
    site = publisher.get("site")
    feeds: Path = ("reviews", place, "reviewed_on")
    return {
        "reviewer": _text(publisher) or site,
        "reviewer_url": f"https://{site}" if site else None,
        "url": review.get("url"),
        "reviewed_on": reader.day(review, "reviewDate", ("claimReview", place), feeds),
        "summary": _text(review.get("title")),
        "language": _text(review.get("languageCode")),
        "rating_label": _text(review.get("textualRating")),
        "rating_value": None,
        "best_rating": None,
        "worst_rating": None,
    }


def _review_objects(index: int, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The claim's `claimReview` list; MisshapenError when it is not a list of objects."""
    found = claim.get("claimReview")
    path: tuple[str | int, ...] = ("claims", index, "claimReview")
    if found is None:
        return []
    if not isinstance(found, list):
        raise MisshapenError("claimReview must be a list of objects", path=path)
    for place, review in enumerate(found):
        if not isinstance(review, dict):
            raise MisshapenError("each claimReview must be an object", path=(*path, place))
    return found


def _from_fact_check_tools(index: int, claim: dict[str, Any]) -> ReviewRecord | None:
    reader = _Reader()
    own = reader.day(claim, "claimDate", (), ("said_on",))
    reviews = [
        _fact_check_review(place, review, reader)
        for place, review in enumerate(_review_objects(index, claim))
    ]
    if not reviews:
        return None
    said_on, notes = (
        (None, [])
        if reader.unreadable  # never dated by a fallback: the record is refused
        else _dated(own, "claimDate", [("the review's date", reviews[0]["reviewed_on"])])
    )
    return ReviewRecord(
        path=("claims", index),
        claim_text=_text(claim.get("text")) or "",
        speaker_name=_text(claim.get("claimant")),
        speaker_kind="person",
        speaker_wikidata=None,
        said_on=said_on,
        reviews=reviews,
        notes=notes,
        unreadable=reader.unreadable,
    )


def _is_claim_review(node: Any) -> bool:
    kind = node.get("@type") if isinstance(node, dict) else None
    return kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind)


def _fact_check_records(claims: list[Any]) -> list[ReviewRecord]:
    found = (
        _from_fact_check_tools(index, claim)
        for index, claim in enumerate(claims)
        if isinstance(claim, dict)
    )
    return [record for record in found if record is not None]


def read_documents(document: Any) -> list[ReviewRecord]:
    """Every reviewed claim in a ClaimReview document or a Fact Check Tools response."""
    if isinstance(document, dict) and isinstance(document.get("claims"), list):
        return _fact_check_records(document["claims"])
    nodes: list[tuple[tuple[str | int, ...], Any]]
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        nodes = [(("@graph", index), node) for index, node in enumerate(document["@graph"])]
    elif isinstance(document, list):
        nodes = [((index,), node) for index, node in enumerate(document)]
    else:
        nodes = [((), document)]
    reviews = [(path, node) for path, node in nodes if _is_claim_review(node)]
    if not reviews:
        raise ClaimReviewError("no ClaimReview object and no Fact Check Tools `claims` list found")
    return [_from_claim_review(path, node) for path, node in reviews]
