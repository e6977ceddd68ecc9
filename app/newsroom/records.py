"""ClaimReview records turned into bulk-import rows."""

from collections.abc import Iterable
from typing import Any

from app.newsroom.claimreview_in import ReviewRecord

UNATTRIBUTED = "Unattributed"


def _speaker(record: ReviewRecord) -> Any:
    name = record.speaker_name or UNATTRIBUTED
    if record.speaker_wikidata is None and record.speaker_kind == "person":
        return name
    return {"name": name, "kind": record.speaker_kind, "wikidata_id": record.speaker_wikidata}


def _review(record: ReviewRecord) -> dict[str, Any]:
    return {key: value for key, value in record.review.items() if value is not None}


def _sources(record: ReviewRecord) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for work in record.appearances:
        seen.setdefault(work["url"], {"url": work["url"], "title": work["title"]})
    return list(seen.values())


def review_rows(records: Iterable[ReviewRecord]) -> list[tuple[int, dict[str, Any]]]:
    """One import row per reviewed claim, numbered from 1 in document order."""
    return [
        (
            record.index + 1,
            {
                "speaker": _speaker(record),
                "text": record.claim_text,
                "said_on": record.said_on,
                "sources": _sources(record),
                "reviews": [_review(record)],
            },
        )
        for record in records
    ]
