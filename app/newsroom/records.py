"""ClaimReview records turned into bulk-import rows."""

from collections.abc import Iterable
from typing import Any

from app.core.errors import Unprocessable
from app.newsroom.claimreview_in import ReviewRecord

UNATTRIBUTED = "Unattributed"


def _speaker(record: ReviewRecord) -> Any:
    name = record.speaker_name or UNATTRIBUTED
    if record.speaker_wikidata is None and record.speaker_kind == "person":
        return name
    return {"name": name, "kind": record.speaker_kind, "wikidata_id": record.speaker_wikidata}


def _review(review: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in review.items() if value is not None}


SOURCE_FIELDS = ("title", "publisher", "published_at")


def _sources(record: ReviewRecord) -> list[dict[str, Any]]:
    """One source per URL, in the order the URLs first come (the places the reader counted),
    each field from the first appearance of the URL that has it. A source already recorded
    keeps its own fields: the import only looks it up (resolve.py)."""
    sources: dict[str, dict[str, Any]] = {}
    for work in record.appearances:
        source = sources.setdefault(work["url"], {"url": work["url"]})
        for key in SOURCE_FIELDS:
            if source.get(key) is None and work[key] is not None:
                source[key] = work[key].isoformat() if key == "published_at" else work[key]
    return list(sources.values())


def _unreadable(record: ReviewRecord) -> Unprocessable:
    """The 422 for a record with dates or rating numbers that are not: an error for each, at
    the value in the document (`at`, below the record's place) and naming the field it would
    have given."""
    errors = [
        {"loc": list(bad.feeds), "at": list(bad.at), "msg": bad.message, "type": "value_error"}
        for bad in record.unreadable
    ]
    return Unprocessable(record.unreadable[0].message, errors=errors)


def _row(record: ReviewRecord) -> dict[str, Any] | Unprocessable:
    if record.unreadable:
        return _unreadable(record)
    if record.said_on is None:
        return Unprocessable(
            "the claim has no date, and neither have its appearances or its review",
            loc=["said_on"],
        )
    return {
        "speaker": _speaker(record),
        "text": record.claim_text,
        "said_on": record.said_on,
        "sources": _sources(record),
        "reviews": [_review(review) for review in record.reviews],
    }


def review_rows(records: Iterable[ReviewRecord]) -> list[tuple[tuple[str | int, ...], Any]]:
    """One import row per reviewed claim, with its place in the document (or why it has none)."""
    return [(record.path, _row(record)) for record in records]
