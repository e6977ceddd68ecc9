"""The rows of a bulk import: the claim write form with speakers, sources and measures named.

A row may also be a claim as exported (`GET /v1/claims?format=ndjson`): its read-only fields
are dropped and its speaker, sources and measures become references, so an export imports
into an empty database unchanged.
"""

from typing import Any, Literal

from pydantic import Field

from app.claims.schemas import FigureWords, Offset, Qualifier
from app.core.errors import Unprocessable
from app.core.fields import (
    Amount,
    Day,
    Description,
    Language,
    LongText,
    Moment,
    Name,
    Slug,
    Tag,
    Title,
)
from app.core.schemas import StrictInput
from app.measures.schemas import MeasureKind, NounList, UnitText
from app.reviews.schemas import ReviewCreate
from app.sources.schemas import SourceKind, SourceText, Url
from app.speakers.schemas import SpeakerCreate

# An exported claim's fields that import leaves alone (a repeat link comes in as `repeat_of`,
# naming its original by `export_id`; the original's `repeats` list says the same again).
READ_ONLY = frozenset(
    {
        "id", "version", "created_at", "updated_at", "speaker_id", "appearances", "references",
        "repeats", "known_reviews",
    }
)  # fmt: skip


class MeasureRef(StrictInput):
    """A measure named by slug, created with this unit (and name) when missing."""

    slug: Slug
    unit: UnitText
    name: Title | None = None
    kind: MeasureKind | None = None
    description: Description | None = None
    nouns: NounList = Field(default_factory=list)


class SourceRef(StrictInput):
    """A source named by URL, created with these fields when missing."""

    url: Url
    title: Title | None = None
    publisher: Name | None = None
    kind: SourceKind = "article"
    published_at: Moment | None = None
    language: Language | None = None
    text: SourceText | None = None
    excerpt: LongText | None = None


class ImportFigure(StrictInput):
    """A figure whose measure is named by slug (or described, to be created)."""

    measure: Slug | MeasureRef
    value: Amount | None = None
    unit: UnitText
    qualifier: Qualifier = "exact"
    lower: Amount | None = None
    upper: Amount | None = None
    as_of: Day | None = None
    period_start: Day | None = None
    period_end: Day | None = None
    text: FigureWords | None = None
    start: Offset | None = None
    end: Offset | None = None


class ImportedLink(StrictInput):
    """The claim a row repeats: another row of the same import, named by its `export_id`."""

    claim_id: int = Field(description="The `export_id` of the row it repeats.")
    how: Literal["matching", "editor"] = "editor"
    linked_by: Name | None = Field(default=None, description="Who linked it (default: the key).")
    score: float | None = Field(default=None, ge=0, le=1)
    confirmed: bool = True
    linked_at: Moment | None = Field(default=None, description="Ignored: the link is new.")


class ImportRow(StrictInput):
    """One claim to import."""

    speaker: Name | SpeakerCreate = Field(description="A name, alias or slug; or a speaker.")
    text: LongText
    quote: bool = False
    said_on: Day
    channel: Name | None = None
    language: Language | None = None
    sources: list[Url | SourceRef] = Field(default_factory=list, max_length=50)
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    figures: list[ImportFigure] = Field(default_factory=list, max_length=100)
    reviews: list[ReviewCreate] = Field(default_factory=list, max_length=50)
    export_id: int | None = Field(
        default=None,
        description="The claim's id where it came from (an exported claim's `id`): what "
        "another row's `repeat_of` names.",
    )
    repeat_of: ImportedLink | None = Field(
        default=None,
        description="Link the claim as a repeat of another row of this import (an exported "
        "claim's `repeat_of`); reported under `repeat_links`.",
    )


def _references(raw: dict[str, Any]) -> dict[str, Any]:
    """What an exported claim carries of its speaker and measures (see app.claims.export)."""
    references = raw.get("references")
    return references if isinstance(references, dict) else {}


def _speaker(raw: dict[str, Any]) -> Any:
    if "speaker" in raw or "speaker_name" not in raw:
        return raw.get("speaker")
    if isinstance(speaker := _references(raw).get("speaker"), dict):
        return speaker
    role = raw.get("speaker_role")
    speaker = {"name": raw["speaker_name"], "slug": raw.get("speaker_slug")}
    return {**speaker, "roles": [role]} if role else speaker


def _figure(raw: Any, measures: dict[str, Any]) -> Any:
    if not isinstance(raw, dict) or "normalized" not in raw:
        return raw
    keep = {k: v for k, v in raw.items() if k not in {"id", "measure_id", "normalized"}}
    normalized = raw.get("normalized") or {}
    slug = keep.get("measure")
    if isinstance(slug, str) and isinstance(measures.get(slug), dict):
        keep["measure"] = measures[slug]
    elif isinstance(slug, str) and isinstance(normalized, dict) and normalized.get("unit"):
        keep["measure"] = {"slug": slug, "unit": normalized["unit"]}
    return keep


def _measures(raw: dict[str, Any]) -> dict[str, Any]:
    listed = _references(raw).get("measures")
    if not isinstance(listed, list):
        return {}
    return {m["slug"]: m for m in listed if isinstance(m, dict) and isinstance(m.get("slug"), str)}


def _review(raw: Any) -> Any:
    dropped = {"id", "claim_id", "version", "created_at", "updated_at"}
    return {k: v for k, v in raw.items() if k not in dropped} if isinstance(raw, dict) else raw


def _source(raw: Any) -> Any:
    return {k: v for k, v in raw.items() if k != "id"} if isinstance(raw, dict) else raw


def exported(raw: Any) -> bool:
    """Whether a row is a claim as claimtrack exports it (read-only fields and all)."""
    return isinstance(raw, dict) and "id" in raw and "version" in raw


# Fields of the write form (POST /v1/claims) an import row names otherwise: dropped from an
# exported claim, whose read form repeats them, they would be dropped silently from a row.
WRITE_FORM = {
    "appearances": "an import row names its sources under `sources`, by URL",
    "speaker_id": "an import row names its speaker under `speaker`, by name, alias or slug",
}


def normalize_row(raw: Any) -> Any:
    """A row in import form, whether it came in import form or as an exported claim; a row
    that is neither but uses a field of the write form is refused, naming it."""
    if not isinstance(raw, dict):
        return raw
    if not exported(raw):
        for field, instead in WRITE_FORM.items():
            if field in raw:
                raise Unprocessable(f"{field} is not taken here: {instead}", loc=[field])
    row = {k: v for k, v in raw.items() if k not in READ_ONLY and not k.startswith("speaker_")}
    row["speaker"] = _speaker(raw)
    if exported(raw):
        row["export_id"] = raw["id"]
    if isinstance(raw.get("figures"), list):
        measures = _measures(raw)
        row["figures"] = [_figure(item, measures) for item in raw["figures"]]
    if isinstance(raw.get("reviews"), list):
        row["reviews"] = [_review(item) for item in raw["reviews"]]
    if isinstance(raw.get("sources"), list):
        row["sources"] = [_source(item) for item in raw["sources"]]
    return row
