"""Streaming exports of a claim selection, CSV or NDJSON, in constant memory.

CSV has one row per figure: a claim with three figures gives three rows that repeat the claim's
columns, a claim without figures one row with the figure columns empty. Lists inside a claim (tags,
source URLs, review ratings as "reviewer: rating") are joined with " | ". Numbers are written as
people write them (300, not 300.0; 0.25), yes/no columns as true/false. Text that a spreadsheet
would run as a formula (starting with =, +, -, @, also after spaces, zero-width characters or a
BOM, or with their fullwidth forms) gets a leading apostrophe. The file starts with a UTF-8 BOM so
that spreadsheet programs read it as UTF-8. NDJSON has one claim per line, in the same form as the
JSON list plus `references` (the claim's speaker and measures whole, for import).
"""

import csv
import io
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import select

from app.claims.listing import ClaimFilters, fast_runner, page_claims
from app.db.replicas import ReadTarget
from app.measures.models import Measure
from app.measures.schemas import MeasureCreate
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate

BATCH = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet skips before it sees a formula's first character: spaces of any kind,
# zero-width characters, a byte order mark. Fullwidth ＝＋－＠ count as = + - @ (NFKC).
INVISIBLE_LEAD = (
    " \t\r\n\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
CLAIM_COLUMNS = (
    "claim_id",
    "said_on",
    "speaker_id",
    "speaker_slug",
    "speaker_name",
    "speaker_role",
    "text",
    "quote",
    "channel",
    "language",
    "tags",
    "source_urls",
    "review_ratings",
    "version",
    "created_at",
    "updated_at",
)
FIGURE_COLUMNS = (
    "figure_id",
    "measure",
    "value",
    "unit",
    "qualifier",
    "lower",
    "upper",
    "as_of",
    "period_start",
    "period_end",
    "normalized_unit",
    "normalized_value",
    "normalized_low",
    "normalized_high",
)
HEADER = CLAIM_COLUMNS + FIGURE_COLUMNS
# An export's order unless the client sorts it: the order the claims were recorded in. An import
# records rows in file order, and a restated figure supersedes by said_on and then that order, so
# an export re-imported keeps which of one day's restatements stands (newest first, two claims
# of one speaker and day came back recorded the other way round, and the earlier figure stood).
EXPORT_SORT = "created_at"


async def claim_batches(
    reads: ReadTarget,
    dialect: str,
    *,
    filters: ClaimFilters,
    sort: str | None,
    tolerance: float,
) -> AsyncIterator[list[bytes]]:
    """Every matching claim (UTF-8 JSON), a batch at a time, one statement a batch."""
    run, cursor = fast_runner(reads.fast), None
    while True:
        page = await page_claims(
            run,
            dialect,
            filters=filters,
            sort=sort,
            limit=BATCH,
            cursor=cursor,
            count=False,
            tolerance=tolerance,
        )
        yield page.documents
        cursor = page.next_cursor
        if cursor is None:
            return


def _runs_as_formula(text: str) -> bool:
    if text.startswith(FORMULA_STARTS):
        return True
    visible = text.lstrip(INVISIBLE_LEAD)
    return bool(visible) and unicodedata.normalize("NFKC", visible[0]).startswith(FORMULA_STARTS)


# Whole numbers below this are written without a decimal point (beyond it a float has no
# exact integer digits to show, and the shortest float text, 1e+16, is what it holds).
WHOLE_LIMIT = 1e15


def _cell(value: Any) -> Any:
    if isinstance(value, str) and _runs_as_formula(value):
        return "'" + value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < WHOLE_LIMIT:
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _claim_cells(claim: dict[str, Any]) -> list[Any]:
    role = claim["speaker_role"]
    return [
        claim["id"],
        claim["said_on"],
        claim["speaker_id"],
        claim["speaker_slug"],
        claim["speaker_name"],
        role["title"] if role else None,
        claim["text"],
        claim["quote"],
        claim["channel"],
        claim["language"],
        " | ".join(claim["tags"]),
        " | ".join(source["url"] for source in claim["sources"]),
        " | ".join(
            f"{review['reviewer']}: {review['rating_label']}" for review in claim["reviews"]
        ),
        claim["version"],
        claim["created_at"],
        claim["updated_at"],
    ]


def _figure_cells(figure: dict[str, Any] | None) -> list[Any]:
    if figure is None:
        return [None] * len(FIGURE_COLUMNS)
    normalized = figure["normalized"]
    return [
        figure["id"],
        figure["measure"],
        figure["value"],
        figure["unit"],
        figure["qualifier"],
        figure["lower"],
        figure["upper"],
        figure["as_of"],
        figure["period_start"],
        figure["period_end"],
        normalized["unit"],
        normalized["value"],
        normalized["low"],
        normalized["high"],
    ]


def csv_rows(claims: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    """The CSV rows of some claims: one per figure, or one for a claim without figures."""
    for claim in claims:
        cells = _claim_cells(claim)
        for figure in claim["figures"] or [None]:
            yield [_cell(value) for value in cells + _figure_cells(figure)]


async def csv_stream(
    batches: AsyncIterator[list[bytes]],
    header: Sequence[str] = HEADER,
    rows: Callable[[Iterable[dict[str, Any]]], Iterable[list[Any]]] = csv_rows,
) -> AsyncIterator[bytes]:
    """A CSV file with a header row, written batch by batch (claims unless told otherwise)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode()
    async for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows(orjson.loads(document) for document in batch))
        yield buffer.getvalue().encode()


def flat_rows(fields: Sequence[str]) -> Callable[[Iterable[dict[str, Any]]], Iterable[list[Any]]]:
    """CSV rows of plain documents: the fields in order, lists of text joined with " | ",
    anything else nested as JSON; cells as a claim export writes them."""

    def flat(value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return " | ".join(value)
        if isinstance(value, list | dict):
            return orjson.dumps(value).decode()
        return value

    def rows(documents: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
        for document in documents:
            yield [_cell(flat(document.get(field))) for field in fields]

    return rows


def table_file(documents: Sequence[dict[str, Any]], fields: Sequence[str], kind: str) -> bytes:
    """Plain read forms as one CSV file (a header, a row each; as flat_rows writes them, with
    a BOM) or as NDJSON (a document a line)."""
    if kind == "ndjson":
        return b"".join(orjson.dumps(document) + b"\n" for document in documents)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(fields)
    writer.writerows(flat_rows(fields)(documents))
    return ("\ufeff" + buffer.getvalue()).encode()


async def ndjson_stream(
    batches: AsyncIterator[list[bytes]], reads: ReadTarget
) -> AsyncIterator[bytes]:
    """One claim per line, with its `references` (see with_references)."""
    async for batch in batches:
        yield b"".join(document + b"\n" for document in await with_references(reads, batch))


async def with_references(reads: ReadTarget, batch: list[bytes]) -> list[bytes]:
    """The claims with `references`: their speaker and measures whole, in the import form.

    A claim's read form names its speaker and measures; `references` carries what it takes to
    create them as they are (aliases, roles, kinds, names, descriptions), so an export imports
    into an empty database unchanged. Two statements a batch.
    """
    claims = [orjson.loads(document) for document in batch]
    speaker_ids = {claim["speaker_id"] for claim in claims}
    measure_ids = {figure["measure_id"] for claim in claims for figure in claim["figures"]}
    async with reads.session() as session:
        speakers = await session.execute(select(Speaker).where(Speaker.id.in_(speaker_ids)))
        speaker_forms = {
            row.id: SpeakerCreate.model_validate(row, from_attributes=True).model_dump(mode="json")
            for row in speakers.scalars()
        }
        measures = await session.execute(select(Measure).where(Measure.id.in_(measure_ids)))
        measure_forms = {
            row.id: MeasureCreate.model_validate(row, from_attributes=True).model_dump(mode="json")
            for row in measures.scalars()
        }
    for claim in claims:
        used = dict.fromkeys(figure["measure_id"] for figure in claim["figures"])
        claim["references"] = {
            "speaker": speaker_forms[claim["speaker_id"]],
            "measures": [measure_forms[measure_id] for measure_id in used],
        }
    return [orjson.dumps(claim) for claim in claims]
