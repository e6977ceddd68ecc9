"""ClaimReview JSON-LD and Google Fact Check Tools responses, read into plain records. Pure.

Accepted: one ClaimReview object, a list of them, a page's `@graph` (other node types are
skipped), or a `claims:search` response (`{"claims": [{"text", "claimant", "claimDate",
"claimReview": [{"publisher", "url", "title", "reviewDate", "textualRating",
"languageCode"}]}]}`). Dates are reduced to their day. Each record knows where it sits in the
document (`claims[3]`, `@graph[1]`), and notes what was inferred: a claim without a date of its
own is dated by its first appearance or its (first) review. A date that is there but is not one
(`"2024-13-45"`, `"garbage"`, a number) is never passed over for another: the record keeps it as
an UnreadableDate, and its row is refused (records.py).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
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
SHOWN_CHARACTERS = 40  # of an unreadable date, quoted in its error


@dataclass(frozen=True)
class UnreadableDate:
    """A date given in the document that is not a date: where it sits below its record's path
    (`("itemReviewed", "datePublished")`), the field of the imported row it would have given
    (`("said_on",)`, `("reviews", 0, "reviewed_on")`; empty for an appearance's date, only
    ever a fallback), and why it is refused."""

    at: Path
    feeds: Path
    message: str


@dataclass
class ReviewRecord:
    """One reviewed claim, as read from the document (`unreadable`: the dates in it that are
    not dates; a record with any is not imported)."""

    path: tuple[str | int, ...]
    claim_text: str
    speaker_name: str | None
    speaker_kind: str
    speaker_wikidata: str | None
    said_on: date | None
    appearances: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: list[UnreadableDate] = field(default_factory=list)


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


class _Dates:
    """Reads a record's dates: a date that is absent (no key, null or blank) is None, and so is
    one that is not a date, which is also kept in `unreadable`."""

    def __init__(self) -> None:
        self.unreadable: list[UnreadableDate] = []

    def day(self, holder: dict[str, Any], key: str, at: Path, feeds: Path = ()) -> date | None:
        """The day of `holder[key]`; `at` is where the holder sits below the record's path,
        `feeds` the imported field the day gives."""
        value = holder.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        day = _parsed_day(value)
        if day is None:
            message = (
                f"{_shown(value)} is not a date: give an ISO 8601 date (2024-08-14) "
                "or date and time (2024-08-14T10:00:00Z)"
            )
            self.unreadable.append(UnreadableDate(at=(*at, key), feeds=feeds, message=message))
        return day


def _text(value: Any) -> str | None:
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


def _appearances(item: dict[str, Any], dates: _Dates) -> list[dict[str, Any]]:
    found = []
    for key in ("firstAppearance", "appearance"):
        works = item.get(key)
        listed = isinstance(works, list)
        for index, work in enumerate(works if isinstance(works, list) else [works]):
            if isinstance(work, str):
                work = {"url": work}
            if isinstance(work, dict) and isinstance(work.get("url"), str):
                at: Path = ("itemReviewed", key, index) if listed else ("itemReviewed", key)
                found.append(
                    {
                        "url": work["url"],
                        "title": _text(work.get("headline") or work.get("name")),
                        "published": dates.day(work, "datePublished", at),
                    }
                )
    return found


def _rating(rating: Any) -> dict[str, Any]:
    rating = rating if isinstance(rating, dict) else {}

    def number(key: str) -> float | None:
        try:
            return float(rating[key]) if rating.get(key) not in (None, "") else None
        except (TypeError, ValueError):
            return None

    return {
        "rating_label": _text(rating.get("alternateName") or rating.get("name")),
        "rating_explanation": _text(rating.get("ratingExplanation")),
        "rating_value": number("ratingValue"),
        "best_rating": number("bestRating"),
        "worst_rating": number("worstRating"),
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
    dates = _Dates()
    own = dates.day(item, "datePublished", ("itemReviewed",), ("said_on",))
    appearances = _appearances(item, dates)
    rating = _rating(node.get("reviewRating"))
    explanation = rating.pop("rating_explanation")
    review = {
        "reviewer": _text(reviewer) or _text(node.get("publisher")),
        "reviewer_url": reviewer.get("url") if isinstance(reviewer.get("url"), str) else None,
        "url": node.get("url") if isinstance(node.get("url"), str) else None,
        "reviewed_on": dates.day(node, "datePublished", (), ("reviews", 0, "reviewed_on")),
        "summary": _text(node.get("reviewBody")) or explanation or _text(node.get("name")),
        "language": _text(node.get("inLanguage")),
        **rating,
    }
    first_published = next((work["published"] for work in appearances if work["published"]), None)
    said_on, notes = (
        (None, [])
        if dates.unreadable  # never dated by a fallback: the record is refused
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
        unreadable=dates.unreadable,
    )


def _fact_check_review(place: int, review: dict[str, Any], dates: _Dates) -> dict[str, Any]:
    publisher = _object(review.get("publisher"))
    site = publisher.get("site")
    feeds: Path = ("reviews", place, "reviewed_on")
    return {
        "reviewer": _text(publisher) or site,
        "reviewer_url": f"https://{site}" if site else None,
        "url": review.get("url"),
        "reviewed_on": dates.day(review, "reviewDate", ("claimReview", place), feeds),
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
    dates = _Dates()
    own = dates.day(claim, "claimDate", (), ("said_on",))
    reviews = [
        _fact_check_review(place, review, dates)
        for place, review in enumerate(_review_objects(index, claim))
    ]
    if not reviews:
        return None
    said_on, notes = (
        (None, [])
        if dates.unreadable  # never dated by a fallback: the record is refused
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
        unreadable=dates.unreadable,
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
