"""`claimtrack import` and `claimtrack export`, with progress bars, straight on the database."""

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select

from app.claims.export import (
    BATCH,
    EXPORT_SORT,
    claim_batches,
    csv_stream,
    flat_rows,
    ndjson_stream,
)
from app.claims.listing import ClaimFilters
from app.claims.refs import resolve_refs
from app.db.session import Database
from app.measures.models import Measure
from app.measures.schemas import MeasureRead
from app.newsroom.claimreview_out import ld_json
from app.newsroom.import_links import Match
from app.newsroom.importer import Row, import_rows, json_array_batches, ndjson_batches
from app.newsroom.router import claimreview_documents
from app.settings import Settings
from app.sources.models import Source
from app.sources.schemas import SourceRead
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerRead

ACTOR = "claimtrack import"
console = Console(stderr=True)
BLOCK_BYTES = 1 << 20


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


async def read_rows(path: Path, max_line: int | None = None) -> AsyncIterator[list[Row]]:
    """Rows of an NDJSON file numbered by line, or of a JSON array by position from 0, read as
    the file goes, in batches (a line or item past `max_line` bytes is an error row)."""

    async def blocks() -> AsyncIterator[bytes]:
        with path.open("rb") as source:
            while block := source.read(BLOCK_BYTES):
                yield block

    if path.suffix == ".json":
        rows = json_array_batches(blocks(), max_item=max_line)
    else:
        rows = ndjson_batches(blocks(), max_line=max_line)
    async for batch in rows:
        yield batch


async def run_import(
    settings: Settings, path: Path, *, dry_run: bool, match: Match = "exact"
) -> dict[str, Any]:
    """Import a file in one transaction (rolled back for a dry run)."""
    database = Database.connect(settings)
    try:
        with _progress() as progress:
            task = progress.add_task(f"importing {path.name}", total=None)
            async with database.writer() as session:
                result = await import_rows(
                    session,
                    read_rows(path, settings.max_body_bytes),
                    actor=ACTOR,
                    progress=lambda rows: progress.advance(task, rows),
                    match=match,
                    tolerance=settings.approx_tolerance,
                )
                await (session.rollback() if dry_run else session.commit())
    finally:
        await database.dispose()
    # Every row's claim is too long to print; the rows that left something out are not.
    left_out = result["claims"].left_out()
    summary = {"dry_run": dry_run, **{k: v for k, v in result.items() if k != "claims"}}
    return {**summary, "not_applied": left_out} if left_out else summary


async def _claimreview_stream(
    database: Database, documents: AsyncIterator[list[bytes]]
) -> AsyncIterator[bytes]:
    yield b"["
    first = True
    async for page in documents:
        reviewed = [claim for claim in map(orjson.loads, page) if claim["reviews"]]
        async with database.reader() as session:
            documents_of_page = await claimreview_documents(session, reviewed)
        for document in documents_of_page:
            yield (b"" if first else b",\n") + ld_json(document)
            first = False
    yield b"]\n"


Batches = AsyncIterator[list[bytes]]


async def _export(
    settings: Settings,
    output: BinaryIO,
    label: str,
    batches: Callable[[Database], Batches],
    chunks: Callable[[Database, Batches], AsyncIterator[bytes]],
) -> int:
    """Write what `chunks` makes of `batches` to the output, a progress bar counting the
    batches' documents; how many there were."""
    database = Database.connect(settings)
    count = 0
    try:
        with _progress() as progress:
            task = progress.add_task(f"exporting {label}", total=None)

            async def counted() -> Batches:
                nonlocal count
                async for batch in batches(database):
                    count += len(batch)
                    progress.advance(task, len(batch))
                    yield batch

            async for chunk in chunks(database, counted()):
                output.write(chunk)
    finally:
        await database.dispose()
    output.flush()
    return count


async def run_export(
    settings: Settings, output: BinaryIO, *, kind: str, filters: ClaimFilters | None = None
) -> int:
    """Write every claim the filters select (all without them), or their ClaimReviews, to the
    output; the number of claims."""

    async def batches(database: Database) -> Batches:
        fast = database.primary.fast
        selected = await resolve_refs(filters or ClaimFilters(), fast)
        async for batch in claim_batches(
            database.primary,
            database.dialect,
            filters=selected,
            sort=EXPORT_SORT,
            tolerance=settings.approx_tolerance,
        ):
            yield batch

    def chunks(database: Database, counted: Batches) -> AsyncIterator[bytes]:
        if kind == "claimreview":
            return _claimreview_stream(database, counted)
        if kind == "ndjson":
            return ndjson_stream(counted, database.primary)
        return csv_stream(counted)

    return await _export(settings, output, kind, batches, chunks)


TABLES: dict[str, tuple[Any, Any]] = {
    "speakers": (Speaker, SpeakerRead),
    "sources": (Source, SourceRead),
    "measures": (Measure, MeasureRead),
}


async def _table_batches(database: Database, what: str) -> AsyncIterator[list[bytes]]:
    """Every row of a table in its API read form (UTF-8 JSON), in id order, BATCH at a time."""
    model, read = TABLES[what]
    after = 0
    async with database.reader() as session:
        while True:
            statement = select(model).where(model.id > after).order_by(model.id).limit(BATCH)
            rows = list((await session.execute(statement)).scalars())
            if not rows:
                return
            yield [orjson.dumps(read.model_validate(row).model_dump(mode="json")) for row in rows]
            after = rows[-1].id


async def run_table_export(settings: Settings, output: BinaryIO, *, what: str, kind: str) -> int:
    """Write every speaker, source or measure (what) as NDJSON or CSV; how many."""

    def chunks(_database: Database, counted: Batches) -> AsyncIterator[bytes]:
        if kind == "csv":
            fields = list(TABLES[what][1].model_fields)
            return csv_stream(counted, fields, flat_rows(fields))
        return (b"".join(line + b"\n" for line in batch) async for batch in counted)

    return await _export(
        settings, output, what, lambda database: _table_batches(database, what), chunks
    )


def stdout() -> BinaryIO:
    """Standard output, for bytes."""
    return sys.stdout.buffer
