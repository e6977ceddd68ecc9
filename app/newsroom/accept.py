"""Candidates become claims: POST /v1/extract/accept takes the candidates a journalist chose
(as POST /v1/extract returned them, measures picked) and records them through the import, in
one transaction: new speakers by name, the article as their source (each claim's sentence as
its excerpt), each figure with the words and offsets it was read from."""

from typing import Any

from pydantic import ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.schemas import Offset
from app.core.errors import Unprocessable
from app.core.fields import Day, Id, IdOrSlug, Language, Name, Tag
from app.core.schemas import StrictInput
from app.extraction.text.language import detect_language
from app.measures.models import Measure
from app.newsroom.rows import ImportFigure, SourceRef
from app.sources.models import Source
from app.speakers.models import Speaker

MAX_ACCEPTED = 500


class AcceptedFigure(ImportFigure):
    """A candidate's figure with its measure chosen: `measure_id` (id or slug), or `measure`."""

    measure: Any = None
    measure_id: IdOrSlug | None = Field(
        default=None, description="The measure chosen (one of `measure_suggestions`, say)."
    )
    measure_suggestions: list[dict[str, Any]] | None = Field(
        default=None, description="As extract returned them; ignored."
    )


class AcceptedCandidate(StrictInput):
    """A candidate as POST /v1/extract returned it, with its speaker and measures settled."""

    sentence: str = Field(min_length=1, max_length=100_000, description="The claim's text.")
    start: Offset | None = None
    end: Offset | None = None
    speaker_id: Id | None = Field(default=None, description="A known speaker; or speaker_name.")
    speaker_name: Name | None = Field(
        default=None, description="Without speaker_id: found by name or alias, else created."
    )
    quote: bool = False
    language: Language | None = Field(
        default=None,
        description="As POST /v1/extract gave it; else the body's language, else the "
        "sentence's as detected.",
    )
    figures: list[AcceptedFigure] = Field(default_factory=list, max_length=100)
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    source: dict[str, Any] | None = Field(default=None, description="Ignored (see the body's).")
    matches: list[dict[str, Any]] | None = Field(default=None, description="Ignored.")


ACCEPT_EXAMPLE: dict[str, Any] = {
    "said_on": "2024-08-14",
    "language": "en",
    "source": {
        "url": "https://news.example/kursk",
        "title": "Ukraine advances in Kursk",
        "text": "We control more than 1,000 square kilometres, the commander said.",
    },
    "candidates": [
        {
            "sentence": "We control more than 1,000 square kilometres, the commander said.",
            "start": 0,
            "end": 65,
            "speaker_id": None,
            "speaker_name": "Oleksandr Syrskyi",
            "quote": False,
            "figures": [
                {
                    "measure_id": "kursk-area-held-by-ukraine",
                    "value": 1000,
                    "unit": "square kilometres",
                    "qualifier": "more_than",
                    "text": "more than 1,000 square kilometres",
                    "start": 11,
                    "end": 44,
                }
            ],
        }
    ],
}


class AcceptRequest(StrictInput):
    """The chosen candidates of one article, and the article they came from."""

    model_config = ConfigDict(json_schema_extra={"examples": [ACCEPT_EXAMPLE]})

    said_on: Day = Field(description="When the claims were said (or published).")
    language: Language | None = Field(
        default=None, description="The language of candidates that do not name theirs."
    )
    source: SourceRef = Field(description="The article: created when its URL is new.")
    candidates: list[AcceptedCandidate] = Field(min_length=1, max_length=MAX_ACCEPTED)


async def _slugs(session: AsyncSession, model: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    found = await session.execute(select(model.id, model.slug).where(model.id.in_(ids)))
    return {row_id: slug for row_id, slug in found.all()}  # noqa: C416


def _missing(kind: str, ref: int, loc: list[str | int]) -> Unprocessable:
    return Unprocessable(f"{kind} {ref} does not exist", loc=loc)


def _check_words(text: str, candidate: AcceptedCandidate, loc: list[str | int]) -> None:
    """422 when the source's text does not hold the candidate's sentence or a figure's words
    where their offsets say (they were read from another text, or edited)."""
    spans: list[tuple[int | None, int | None, str | None, list[str | int]]] = [
        (candidate.start, candidate.end, candidate.sentence, [*loc, "start"])
    ]
    spans += [
        (figure.start, figure.end, figure.text, [*loc, "figures", number, "start"])
        for number, figure in enumerate(candidate.figures)
    ]
    for start, end, words, at in spans:
        if start is None or end is None or words is None:
            continue
        found = text[start:end]
        if found != words:
            raise Unprocessable(
                f"source.text holds {found[:80]!r} at {start}..{end}, not {words[:80]!r}: "
                "offsets are into the text sent to POST /v1/extract",
                loc=at,
            )


async def _same_text(session: AsyncSession, source: SourceRef) -> None:
    """422 when the source is recorded with another text: it keeps its fields, so the offsets
    checked against the text sent would not point into the one it holds."""
    found = await session.execute(select(Source.id, Source.text).where(Source.url == source.url))
    row = found.first()
    if row is not None and row.text is not None and row.text != source.text:
        raise Unprocessable(
            f"source {row.id} ({source.url}) holds another text, and the offsets would not point "
            f"into it: send the text it holds, or change it first (PATCH /v1/sources/{row.id})",
            loc=["body", "source", "text"],
        )


async def import_rows_of(session: AsyncSession, body: AcceptRequest) -> list[tuple[Any, Any]]:
    """The import rows (with their places in the body) that record the accepted candidates;
    422 naming a candidate without a speaker, a figure without a measure, an unknown id."""
    speaker_ids = {c.speaker_id for c in body.candidates if c.speaker_id is not None}
    measure_ids = {
        f.measure_id for c in body.candidates for f in c.figures if isinstance(f.measure_id, int)
    }
    speakers = await _slugs(session, Speaker, speaker_ids)
    measures = await _slugs(session, Measure, measure_ids)
    if body.source.text is not None:
        await _same_text(session, body.source)
    source = body.source.model_dump(exclude_none=True, mode="json")
    rows = []
    for index, candidate in enumerate(body.candidates):
        loc: list[str | int] = ["body", "candidates", index]
        if candidate.speaker_id is not None:
            if candidate.speaker_id not in speakers:
                raise _missing("speaker", candidate.speaker_id, [*loc, "speaker_id"])
            speaker: str = speakers[candidate.speaker_id]
        elif candidate.speaker_name is not None:
            speaker = candidate.speaker_name
        else:
            raise Unprocessable(
                "a candidate needs its speaker: speaker_id or speaker_name",
                loc=[*loc, "speaker_id"],
            )
        if body.source.text is not None:
            _check_words(body.source.text, candidate, loc)
        figures = []
        for number, figure in enumerate(candidate.figures):
            at = [*loc, "figures", number, "measure_id"]
            measure = figure.measure if figure.measure_id is None else figure.measure_id
            if isinstance(measure, int):
                if measure not in measures:
                    raise _missing("measure", measure, at)
                measure = measures[measure]
            if measure is None:
                raise Unprocessable(
                    "choose the figure's measure (measure_id: one of its measure_suggestions, "
                    "or another)",
                    loc=at,
                )
            fields = figure.model_dump(
                mode="json",
                exclude_none=True,
                exclude={"measure", "measure_id", "measure_suggestions"},
            )
            figures.append({**fields, "measure": measure})
        row = {
            "speaker": speaker,
            "text": candidate.sentence,
            "quote": candidate.quote,
            "said_on": body.said_on.isoformat(),
            "language": candidate.language or body.language or detect_language(candidate.sentence),
            "sources": [{**source, "excerpt": candidate.sentence}],
            "tags": candidate.tags,
            "figures": figures,
        }
        rows.append((("candidates", index), {k: v for k, v in row.items() if v is not None}))
    return rows
