"""Claims with reviews as schema.org ClaimReview JSON-LD, one object per review. Pure."""

from typing import Any

import orjson

WIKIDATA = "https://www.wikidata.org/wiki/"


def _speaker(claim: dict[str, Any], speaker: dict[str, Any]) -> dict[str, Any]:
    author: dict[str, Any] = {
        "@type": "Organization" if speaker.get("kind") == "organization" else "Person",
        "name": claim["speaker_name"],
    }
    if speaker.get("wikidata_id"):
        author["sameAs"] = WIKIDATA + speaker["wikidata_id"]
    return author


def _appearance(source: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source["url"]}
    if source.get("title"):
        work["headline"] = source["title"]
    if source.get("published_at"):
        work["datePublished"] = source["published_at"]
    if source.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    return work


def _first(sources: list[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [source for source in sources if source.get("published_at")]
    if dated:
        return min(dated, key=lambda source: str(source["published_at"]))
    return sources[0] if sources else None


def _item_reviewed(claim: dict[str, Any], speaker: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _speaker(claim, speaker),
        "datePublished": claim["said_on"],
    }
    if claim["sources"]:
        item["appearance"] = [_appearance(source) for source in claim["sources"]]
        first = _first(claim["sources"])
        assert first is not None
        item["firstAppearance"] = _appearance(first)
    return item


def _rating(review: dict[str, Any]) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": review["rating_label"]}
    for key, prop in (
        ("rating_value", "ratingValue"),
        ("best_rating", "bestRating"),
        ("worst_rating", "worstRating"),
    ):
        if review.get(key) is not None:
            rating[prop] = review[key]
    return rating


def claim_reviews(claim: dict[str, Any], speaker: dict[str, Any]) -> list[dict[str, Any]]:
    """One ClaimReview per review of a claim (read form), with the speaker's kind and wikidata."""
    documents = []
    for review in claim["reviews"]:
        author: dict[str, Any] = {"@type": "Organization", "name": review["reviewer"]}
        if review.get("reviewer_url"):
            author["url"] = review["reviewer_url"]
        document: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": review["url"],
            "claimReviewed": claim["text"],
            "author": author,
            "reviewRating": _rating(review),
            "itemReviewed": _item_reviewed(claim, speaker),
        }
        if review.get("reviewed_on"):
            document["datePublished"] = review["reviewed_on"]
        if review.get("summary"):
            document["reviewBody"] = review["summary"]
        if review.get("language"):
            document["inLanguage"] = review["language"]
        documents.append(document)
    return documents


# JSON-LD is pasted into <script type="application/ld+json">: a "</script>" inside a string
# would end the script. These characters occur only inside strings, where \u escapes mean
# the same text to every JSON reader.
_SCRIPT_SAFE = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


def ld_json(content: Any) -> bytes:
    """JSON-LD bytes safe to paste into an HTML script element."""
    encoded = orjson.dumps(content, option=orjson.OPT_UTC_Z)
    for raw, escaped in _SCRIPT_SAFE:
        encoded = encoded.replace(raw, escaped)
    return encoded
