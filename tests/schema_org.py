"""The schema.org properties of the types ClaimReview uses (inherited ones included), and
Google Search's required fields for ClaimReview, for checking emitted JSON-LD."""

from typing import Any

THING = {
    "@context",
    "@type",
    "@id",
    "additionalType",
    "alternateName",
    "description",
    "disambiguatingDescription",
    "identifier",
    "image",
    "mainEntityOfPage",
    "name",
    "potentialAction",
    "sameAs",
    "subjectOf",
    "url",
}
CREATIVE_WORK = THING | {
    "about",
    "abstract",
    "author",
    "citation",
    "contributor",
    "creator",
    "dateCreated",
    "dateModified",
    "datePublished",
    "headline",
    "inLanguage",
    "isPartOf",
    "keywords",
    "publisher",
    "text",
    "version",
}
REVIEW = CREATIVE_WORK | {
    "associatedClaimReview",
    "associatedMediaReview",
    "associatedReview",
    "itemReviewed",
    "negativeNotes",
    "positiveNotes",
    "reviewAspect",
    "reviewBody",
    "reviewRating",
}
PROPERTIES: dict[str, set[str]] = {
    "ClaimReview": REVIEW | {"claimReviewed"},
    "Claim": CREATIVE_WORK | {"appearance", "claimInterpreter", "firstAppearance"},
    "CreativeWork": CREATIVE_WORK,
    "Rating": THING
    | {"author", "bestRating", "ratingExplanation", "ratingValue", "reviewAspect", "worstRating"},
    "Organization": THING
    | {"address", "email", "founder", "legalName", "logo", "parentOrganization"},
    "Person": THING
    | {"affiliation", "birthDate", "familyName", "givenName", "jobTitle", "worksFor"},
}
GOOGLE_REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "url"},
    "Rating": {"alternateName"},
}


def problems(node: Any, path: str = "$") -> list[str]:
    """Every property a node (and the nodes inside it) uses that its type does not define."""
    found: list[str] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            found += problems(item, f"{path}[{index}]")
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    allowed = PROPERTIES.get(kind) if isinstance(kind, str) else None
    if allowed is None:
        return [f"{path}: unknown or missing @type {kind!r}"]
    found += [f"{path}.{key}: not a property of {kind}" for key in node if key not in allowed]
    found += [
        f"{path}: {kind} needs {key}" for key in GOOGLE_REQUIRED.get(kind, ()) if key not in node
    ]
    for key, value in node.items():
        if isinstance(value, dict | list):
            found += problems(value, f"{path}.{key}")
    return found
