"""ClaimReview JSON-LD and Google Fact Check Tools responses, read into plain records. Pure.

Accepted: one ClaimReview object, a list of them, a page's `@graph` (other node types are
skipped), or a `claims:search` response (`{"claims": [{"text", "claimant", "claimDate",
"claimReview": [{"publisher", "url", "title", "reviewDate", "textualRating",
"languageCode"}]}]}`). Dates are reduced to their day.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

WIKIDATA_PREFIXES = (
    "https://www.wikidata.org/wiki/",
    "http://www.wikidata.org/entity/",
    "https://www.wikidata.org/entity/",
    "http://www.wikidata.org/wiki/",
)


class ClaimReviewError(ValueError):
    """The document is not a ClaimReview or a Fact Check Tools response."""


@dataclass
class ReviewRecord:
    """One reviewed claim, as read from the document."""

    index: int
    claim_text: str
    speaker_name: str | None
    speaker_kind: str
    speaker_wikidata: str | None
    said_on: date | None
    appearances: list[dict[str, Any]] = field(default_factory=list)
    review: dict[str, Any] = field(default_factory=dict)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


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


def _appearances(item: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for key in ("firstAppearance", "appearance"):
        works = item.get(key)
        for work in works if isinstance(works, list) else [works]:
            if isinstance(work, str):
                work = {"url": work}
            if isinstance(work, dict) and isinstance(work.get("url"), str):
                found.append(
                    {
                        "url": work["url"],
                        "title": _text(work.get("headline") or work.get("name")),
                        "published": _day(work.get("datePublished")),
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
        "rating_value": number("ratingValue"),
        "best_rating": number("bestRating"),
        "worst_rating": number("worstRating"),
    }


def _from_claim_review(index: int, node: dict[str, Any]) -> ReviewRecord:
    item = _object(node.get("itemReviewed"))
    author = _object(item.get("author"))
    reviewer = _object(node.get("author"))
    appearances = _appearances(item)
    said_on = _day(item.get("datePublished")) or next(
        (work["published"] for work in appearances if work["published"]), None
    )
    review = {
        "reviewer": _text(reviewer) or _text(node.get("publisher")),
        "reviewer_url": reviewer.get("url") if isinstance(reviewer.get("url"), str) else None,
        "url": node.get("url") if isinstance(node.get("url"), str) else None,
        "reviewed_on": _day(node.get("datePublished")),
        "summary": _text(node.get("reviewBody")) or _text(node.get("name")),
        "language": _text(node.get("inLanguage")),
        **_rating(node.get("reviewRating")),
    }
    return ReviewRecord(
        index=index,
        claim_text=_text(node.get("claimReviewed")) or "",
        speaker_name=_text(author),
        speaker_wikidata=_wikidata(author),
        speaker_kind="organization" if author.get("@type") == "Organization" else "person",
        said_on=said_on or review["reviewed_on"],
        appearances=appearances,
        review=review,
    )


def _from_fact_check_tools(start: int, claim: dict[str, Any]) -> list[ReviewRecord]:
    records = []
    for offset, review in enumerate(claim.get("claimReview") or []):
        publisher = _object(review.get("publisher"))
        site = publisher.get("site")
        records.append(
            ReviewRecord(
                index=start + offset,
                claim_text=_text(claim.get("text")) or "",
                speaker_name=_text(claim.get("claimant")),
                speaker_kind="person",
                speaker_wikidata=None,
                said_on=_day(claim.get("claimDate")) or _day(review.get("reviewDate")),
                review={
                    "reviewer": _text(publisher) or site,
                    "reviewer_url": f"https://{site}" if site else None,
                    "url": review.get("url"),
                    "reviewed_on": _day(review.get("reviewDate")),
                    "summary": _text(review.get("title")),
                    "language": _text(review.get("languageCode")),
                    "rating_label": _text(review.get("textualRating")),
                    "rating_value": None,
                    "best_rating": None,
                    "worst_rating": None,
                },
            )
        )
    return records


def _is_claim_review(node: Any) -> bool:
    kind = node.get("@type") if isinstance(node, dict) else None
    return kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind)


def read_documents(document: Any) -> list[ReviewRecord]:
    """Every reviewed claim in a ClaimReview document or a Fact Check Tools response."""
    if isinstance(document, dict) and isinstance(document.get("claims"), list):
        records: list[ReviewRecord] = []
        for claim in document["claims"]:
            if isinstance(claim, dict):
                records += _from_fact_check_tools(len(records), claim)
        return records
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document = document["@graph"]
    nodes = document if isinstance(document, list) else [document]
    reviews = [node for node in nodes if _is_claim_review(node)]
    if not reviews:
        raise ClaimReviewError("no ClaimReview object and no Fact Check Tools `claims` list found")
    return [_from_claim_review(index, node) for index, node in enumerate(reviews)]
