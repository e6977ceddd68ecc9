"""Bulk import: every row checked and written in one transaction, or none written.

Rows come in batches (NDJSON and JSON-array bodies are read as they stream in). Each batch is
read and validated in a worker process (app/core/offload.py), the next one while the current
one is written; then its speakers are found (created when missing), its sources and measures
looked up with one statement per table, its rows matched to existing claims with one more,
and its new claims written set-based (app.claims.writing.insert_claims: one statement per
table), their documents, search text and history with one statement each.

The first bad row stops the writing: the rest of the body is only checked (what would have been
created gets a stand-in), so a failed import answers as fast as validation goes, and the
transaction, rolled back, leaves nothing behind.
"""

import asyncio
from array import array
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import analyze_if_outgrown
from app.claims.figures import Problems
from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.claims.schemas import AppearanceIn, ClaimCreate, ClaimUpdate, FigureIn
from app.claims.service import record_new_claims, update_claim
from app.claims.writing import Lookups, NewClaim, checked_claim, insert_claims, raise_if_any
from app.core.errors import AppError, BadRequest, Unprocessable
from app.core.fields import tag_case
from app.core.json_array import ArrayCutter
from app.core.json_body import parse_json
from app.core.offload import offload
from app.core.problems import validation_errors
from app.db.locks import run_alone_among_imports
from app.db.session import dialect_of
from app.matching.links import refresh_groups
from app.measures.models import Measure
from app.newsroom.import_links import Links, Match
from app.newsroom.places import ImportErrors, Reported, Unlisted, Where, error_count, place
from app.newsroom.resolve import LOOKUP_CHUNK, Resolver
from app.newsroom.rows import ImportFigure, ImportRow, SourceRef, exported, normalize_row
from app.reviews.models import Review
from app.reviews.schemas import ReviewCreate
from app.reviews.service import create_reviews

ClaimKey = tuple[int, date, str]
# A row: its place and its content; bytes are an NDJSON line not read yet.
Row = tuple[Where, Any]
Checked = tuple[Where, bool, ImportRow | Exception]
BATCH_ROWS = 2000
# The first batch's head is validated alone, so writing starts while the rest is validated.
HEAD_ROWS = 250
# Bytes of a body read between turns of the event loop. A server busy elsewhere hands over all
# the body received meanwhile in one piece (hundreds of KB: 20-40 ms of cutting items), which
# would hold every other request up for as long.
SLICE_BYTES = 16 * 1024


# PostgreSQL: the keys as three arrays joined to the claims (a tuple IN of 1,000 keys plans as
# 1,000 index probes OR-ed together, which takes longer to plan than to run).
KEYS_JOINED = text(
    "SELECT c.id, c.speaker_id, c.said_on, c.text FROM claims AS c JOIN unnest("
    "CAST(:speakers AS bigint[]), CAST(:days AS date[]), CAST(:texts AS text[])"
    ") AS k(speaker_id, said_on, text) "
    "ON c.speaker_id = k.speaker_id AND c.said_on = k.said_on AND c.text = k.text ORDER BY c.id"
)


async def _claim_ids(session: AsyncSession, keys: list[ClaimKey]) -> dict[ClaimKey, list[int]]:
    """The existing claims with each (distinct) key (speaker, day, text), in id order.

    Two claims with one speaker, day and text (made with ?duplicate=allow) export as two rows;
    matching them in order keeps both, and importing the same file again matches both.
    """
    found: dict[ClaimKey, list[int]] = {}
    if not keys:
        return found
    if dialect_of(session) == "postgresql":
        speakers, days, texts = zip(*keys, strict=True)
        params = {"speakers": list(speakers), "days": list(days), "texts": list(texts)}
        chunks = [await session.execute(KEYS_JOINED, params)]
    else:
        key = tuple_(Claim.speaker_id, Claim.said_on, Claim.text)
        chunks = [
            await session.execute(
                select(Claim.id, Claim.speaker_id, Claim.said_on, Claim.text)
                .where(key.in_(keys[start : start + LOOKUP_CHUNK]))
                .order_by(Claim.id)
            )
            for start in range(0, len(keys), LOOKUP_CHUNK)
        ]
    for rows in chunks:
        for row in rows:
            found.setdefault((row.speaker_id, row.said_on, row.text), []).append(row.id)
    return found


async def _figures(resolver: Resolver, row: ImportRow) -> list[FigureIn]:
    figures = []
    for index, figure in enumerate(row.figures):
        try:
            measure = await resolver.measure(figure.measure)
        except Unprocessable as error:
            raise Unprocessable(error.detail, loc=["figures", index, "measure"]) from None
        fields = figure.model_dump(exclude={"measure"}, exclude_none=True)
        try:
            figures.append(FigureIn(measure_id=measure.id, **fields))
        except ValidationError as error:  # a rule spanning its fields: placed in the row
            errors = [
                {**item, "loc": ["figures", index, *item["loc"]]}
                for item in validation_errors(error.errors())
            ]
            raise Unprocessable(errors[0]["msg"], errors=errors) from None
    return figures


Written = tuple[str, float | None, str, str, float | None, float | None]


def _written(
    measure: str, value: Any, unit: str, qualifier: str, lower: Any, upper: Any
) -> Written:
    """A figure by its words: measure slug, value, unit as written, qualifier, bounds."""
    as_float = [None if x is None else float(x) for x in (value, lower, upper)]
    return (measure, as_float[0], unit, qualifier, as_float[1], as_float[2])


def _value(figure: ImportFigure) -> Any:
    """The figure's value as a write stores it: a range without one has its middle."""
    if figure.value is None and figure.lower is not None and figure.upper is not None:
        return (figure.lower + figure.upper) / 2
    return figure.value


async def _not_applied(
    session: AsyncSession, rows: dict[int, tuple[int, ImportRow]]
) -> dict[int, list[str]]:
    """For rows (by position) matched to stored claims (claim id, row): which of the row's
    figures and tags the claim does not have. A match adds only sources and reviews, so these
    are the row's words the import leaves out; the report names them, never dropping them
    silently. A figure is compared by its words (measure, value, unit as written, qualifier,
    bounds), as an export writes it back: "km2" where "km²" is stored is named too."""
    claim_ids = sorted({claim_id for claim_id, _row in rows.values()})
    figures: dict[int, Counter[Written]] = {}
    tags: dict[int, set[str]] = {}
    for start in range(0, len(claim_ids), LOOKUP_CHUNK):
        chunk = claim_ids[start : start + LOOKUP_CHUNK]
        stored = await session.execute(
            select(
                Figure.claim_id, Measure.slug, Figure.value, Figure.unit, Figure.qualifier,
                Figure.lower, Figure.upper,
            )
            .join(Measure, Measure.id == Figure.measure_id)
            .where(Figure.claim_id.in_(chunk))
        )  # fmt: skip
        for claim_id, slug, value, unit, qualifier, lower, upper in stored:
            written = _written(slug, value, unit, qualifier, lower, upper)
            figures.setdefault(claim_id, Counter())[written] += 1
        found = await session.execute(
            select(ClaimTag.claim_id, ClaimTag.tag).where(ClaimTag.claim_id.in_(chunk))
        )
        for claim_id, tag in found:
            tags.setdefault(claim_id, set()).add(tag)
    left_out: dict[int, list[str]] = {}
    for position, (claim_id, row) in rows.items():
        said = Counter(
            _written(
                f.measure if isinstance(f.measure, str) else f.measure.slug,
                *(_value(f), f.unit, f.qualifier, f.lower, f.upper),
            )
            for f in row.figures
        )
        fields = ["figures"] if said - figures.get(claim_id, Counter()) else []
        if {tag_case(tag) for tag in row.tags} - tags.get(claim_id, set()):
            fields.append("tags")
        if fields:
            left_out[position] = fields
    return left_out


async def _review_urls(session: AsyncSession, claim_ids: list[int]) -> set[tuple[int, str]]:
    """(claim id, review URL) of every review the claims have, LOOKUP_CHUNK claims a statement."""
    found: set[tuple[int, str]] = set()
    for start in range(0, len(claim_ids), LOOKUP_CHUNK):
        chunk = claim_ids[start : start + LOOKUP_CHUNK]
        statement = select(Review.claim_id, Review.url).where(Review.claim_id.in_(chunk))
        found.update((row.claim_id, row.url) for row in await session.execute(statement))
    return found


async def _appearances(
    session: AsyncSession, claim_ids: list[int]
) -> dict[int, list[AppearanceIn]]:
    """Each claim's appearances in order, LOOKUP_CHUNK claims a statement."""
    found: dict[int, list[AppearanceIn]] = {claim_id: [] for claim_id in claim_ids}
    for start in range(0, len(claim_ids), LOOKUP_CHUNK):
        statement = (
            select(Appearance.claim_id, Appearance.source_id, Appearance.excerpt)
            .where(Appearance.claim_id.in_(claim_ids[start : start + LOOKUP_CHUNK]))
            .order_by(Appearance.claim_id, Appearance.position)
        )
        for row in await session.execute(statement):
            found[row.claim_id].append(AppearanceIn(source_id=row.source_id, excerpt=row.excerpt))
    return found


def _missing_reviews(
    claim_id: int,
    reviews: list[ReviewCreate],
    resolver: Resolver,
    known: set[tuple[int, str]],
) -> list[tuple[int, ReviewCreate]]:
    """The reviews the claim lacks (by URL; `known` holds the ones it has, and takes these)."""
    missing = []
    for review in reviews:
        if (claim_id, review.url) in known:
            resolver.matched["reviews"] += 1
        else:
            missing.append((claim_id, review))
            known.add((claim_id, review.url))
            resolver.created["reviews"] += 1
    return missing


async def _link_appearances(
    session: AsyncSession,
    claim_id: int,
    kept: list[AppearanceIn],
    appearances: list[AppearanceIn],
    actor: str,
) -> None:
    """Add the appearances a matched claim lacks (it has `kept`), as a change to it (history,
    documents)."""
    known = {appearance.source_id for appearance in kept}
    missing = [appearance for appearance in appearances if appearance.source_id not in known]
    if missing:
        data = ClaimUpdate(appearances=[*kept, *missing])
        await update_claim(session, claim_id, data, expected_version=None, actor=actor)


def _read(raw: Any) -> Any:
    """An NDJSON line or array item read (or the error that says why it cannot be); any other
    row as it is."""
    if not isinstance(raw, bytes):
        return raw
    try:
        return parse_json(raw)
    except (BadRequest, Unprocessable) as error:  # not JSON; NaN or Infinity where a number goes
        return error


def _validated(batch: list[Row], detailed: int | None = None) -> tuple[list[Checked], Unlisted]:
    """Each row of a batch read into an ImportRow, or the error that stopped it (CPU only);
    past the first `detailed` bad rows (None: all), bad rows are only counted (Unlisted)."""
    checked: list[Checked] = []
    unlisted = Unlisted()
    bad = 0
    for where, raw in batch:
        content = _read(raw)
        try:
            if isinstance(content, AppError):
                raise content
            row = ImportRow.model_validate(normalize_row(content))
            checked.append((where, exported(content), row))
        except (ValidationError, AppError) as error:
            bad += 1
            if detailed is None or bad <= detailed:
                checked.append((where, False, Reported.of(error)))
            else:
                unlisted = unlisted.counted(where, error_count(error))
    return checked, unlisted


async def batches(rows: Iterable[Row]) -> AsyncIterator[list[Row]]:
    """Rows already at hand, BATCH_ROWS at a time."""
    remaining = iter(rows)
    while batch := list(islice(remaining, BATCH_ROWS)):
        yield batch


LEFT_OUT = {"figures": 1, "tags": 2}  # what a matched row may leave out, in the report's order


class Report:
    """Each row's claim, by the row's place: lines and ids packed, for imports of millions."""

    def __init__(self) -> None:
        """Empty."""
        self._lines = array("q")
        self._paths: list[Where] = []
        self._ids = array("q")
        self._created = bytearray()
        # what each row leaves out, as bits of LEFT_OUT (a byte a row, like the rest: a matched
        # file of millions of edited rows keeps its report small, and a slice reads its own)
        self._left_out = bytearray()

    def add(
        self, where: Where, claim_id: int, *, created: bool, not_applied: list[str] | None = None
    ) -> None:
        """Note a row's claim (and, for a matched one, what of the row it leaves out)."""
        self._left_out.append(sum(LEFT_OUT[field] for field in not_applied) if not_applied else 0)
        if isinstance(where, int):
            self._lines.append(where)
        else:
            self._paths.append(where)
        self._ids.append(claim_id)
        self._created.append(created)

    def items(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """The report's `claims` (a slice of them)."""
        places = self._paths or self._lines
        found = [
            {**place(where), "id": claim_id, "status": "created" if created else "matched"}
            for where, claim_id, created in zip(
                places[start:stop], self._ids[start:stop], self._created[start:stop], strict=True
            )
        ]
        for entry, bits in zip(found, self._left_out[start:stop], strict=True):
            if bits:
                entry["not_applied"] = [field for field, bit in LEFT_OUT.items() if bits & bit]
        return found

    def left_out(self) -> list[dict[str, Any]]:
        """The entries of the matched rows that leave something out (`not_applied`), alone:
        what a summary without every row's entry must still show."""
        return [self.items(at, at + 1)[0] for at, bits in enumerate(self._left_out) if bits]

    def json(self) -> bytes:
        """The report's `claims` as a JSON array, made a slice at a time (bounded memory)."""
        size = len(self._ids)
        parts = [
            orjson.dumps(self.items(at, at + BATCH_ROWS))[1:-1] for at in range(0, size, BATCH_ROWS)
        ]
        return b"[" + b",".join(parts) + b"]"


@dataclass
class Pending:
    """A valid row with its speaker and sources found: what is left is to match or create."""

    where: Where
    row: ImportRow
    key: ClaimKey
    appearances: list[AppearanceIn]
    exported: bool


class Import:
    """One import under way: its resolver, report and errors."""

    def __init__(
        self, session: AsyncSession, *, actor: str, read_from_document: bool, match: Match
    ) -> None:
        """Nothing imported yet."""
        self.session, self.actor, self.match = session, actor, match
        self.links = Links()
        self.resolver = Resolver(session, actor=actor)
        self.errors = ImportErrors(read_from_document=read_from_document)
        self.report = Report()
        self.seen: Counter[ClaimKey] = Counter()
        self.count = 0

    def _fail(self, where: Where, error: Exception) -> None:
        self.errors.add(where, error)
        self.resolver.checking_only = True

    async def take(self, batch: list[Checked], unlisted: Unlisted, size: int) -> None:
        """Check a batch of `size` rows and, while every row so far is good, write it; its
        bad rows past the listed ones are `unlisted` (they come after the listed ones)."""
        self.count += size
        good = []
        for where, is_exported, row in batch:
            if isinstance(row, Exception):
                self._fail(where, row)
            else:
                good.append((where, is_exported, row))
        if unlisted.rows:
            self.errors.add_unlisted(unlisted)
            self.resolver.checking_only = True
        await self.resolver.look_up(row for _where, _exported, row in good)
        run: list[Pending] = []
        keys: set[ClaimKey] = set()
        for where, is_exported, row in good:
            pending = await self._pending(where, row, is_exported)
            if pending is None:
                continue
            if pending.key in keys:  # a key twice: the first claim is written before the second
                await self._run(run)
                run, keys = [], set()
            run.append(pending)
            keys.add(pending.key)
        await self._run(run)

    async def _pending(self, where: Where, row: ImportRow, is_exported: bool) -> Pending | None:
        try:
            speaker_id = await self.resolver.speaker(row.speaker)
            appearances = [
                AppearanceIn(
                    source_id=self.resolver.source(source),
                    excerpt=source.excerpt if isinstance(source, SourceRef) else None,
                )
                for source in row.sources
            ]
        except (ValidationError, AppError) as error:
            self._fail(where, error)
            return None
        key = (speaker_id, row.said_on, row.text)
        return Pending(where, row, key, appearances, is_exported)

    async def _new_claim(self, pending: Pending) -> NewClaim | None:
        """The row's claim checked and ready to insert, or None after noting what is wrong."""
        row = pending.row
        try:
            data = ClaimCreate(
                speaker_id=pending.key[0],
                text=row.text,
                quote=row.quote,
                said_on=row.said_on,
                channel=row.channel,
                language=row.language,
                appearances=pending.appearances,
                tags=row.tags,
                figures=await _figures(self.resolver, row),
            )
            problems = Problems()
            found = Lookups(
                speakers={data.speaker_id: pending.key[0]},
                sources={appearance.source_id for appearance in data.appearances},
                measures=self.resolver.measures_by_id(),
            )
            checked = checked_claim(data, found, problems)
            raise_if_any(problems)
        except (ValidationError, AppError) as error:
            self._fail(pending.where, error)
            return None
        return checked

    async def _run(self, run: list[Pending]) -> None:
        """Match or create the claims of rows whose keys differ, the new ones set-based."""
        checking = self.resolver.checking_only
        skip = checking or self.match == "none"
        existing = {} if skip else await _claim_ids(self.session, [p.key for p in run])
        matched: dict[int, int] = {}
        new: list[tuple[Pending, NewClaim]] = []
        for index, pending in enumerate(run):
            ids = existing.get(pending.key, [])
            # `seen` counts exported claims by key: each is a claim of its own, while other
            # rows naming one claim twice (two reviews of it, say) mean that one claim.
            occurrence = self.seen[pending.key] if pending.exported else 0
            if occurrence < len(ids):
                matched[index] = ids[occurrence]
            elif (claim := await self._new_claim(pending)) is not None:
                new.append((pending, claim))
        if self.resolver.checking_only:
            return
        created = await insert_claims(self.session, [claim for _pending, claim in new])
        new_ids = iter(item["id"] for item in created)
        self.resolver.tally("claims", created=len(created), matched=len(matched))
        await analyze_if_outgrown(self.session, self.resolver.created["claims"])
        kept = await _appearances(self.session, list(matched.values()))
        reviewed = await _review_urls(
            self.session, [matched[i] for i, p in enumerate(run) if i in matched and p.row.reviews]
        )
        left_out = await _not_applied(
            self.session,
            {
                index: (claim_id, run[index].row)
                for index, claim_id in matched.items()
                if run[index].row.figures or run[index].row.tags
            },
        )
        reviews: list[tuple[int, ReviewCreate]] = []
        for index, pending in enumerate(run):
            claim_id = matched[index] if index in matched else next(new_ids)
            if index in matched:
                await _link_appearances(
                    self.session, claim_id, kept[claim_id], pending.appearances, self.actor
                )
            reviews += _missing_reviews(claim_id, pending.row.reviews, self.resolver, reviewed)
            self.report.add(
                pending.where,
                claim_id,
                created=index not in matched,
                not_applied=left_out.get(index),
            )
            self.links.note(
                pending, claim_id, similar=self.match == "similar" and index not in matched
            )
            if pending.exported:
                self.seen[pending.key] += 1
        await create_reviews(self.session, reviews, actor=self.actor)
        made = {item["id"] for item in created}
        await refresh_groups(self.session, sorted({i for i, _review in reviews} - made))
        await record_new_claims(self.session, created, actor=self.actor)  # documents too

    async def link(self, tolerance: float) -> None:
        """Make the repeat links the rows asked for, or matching finds (after every row)."""
        if not self.errors.bad_rows:
            await self.links.make(self.session, actor=self.actor, tolerance=tolerance)

    def result(self) -> dict[str, Any]:
        """The report; 422 listing the bad rows when there is any."""
        if self.errors.bad_rows:
            raise self.errors.problem(self.count)
        links = {"repeat_links": self.links.report()} if self.links.asked else {}
        return {"rows": self.count, **self.resolver.counts(), **links, "claims": self.report}


async def import_rows(
    session: AsyncSession,
    rows: AsyncIterable[list[Row]],
    *,
    actor: str,
    progress: Callable[[int], object] | None = None,
    read_from_document: bool = False,
    match: Match,
    tolerance: float,
) -> dict[str, Any]:
    """Import every row or none: 422 listing each bad row by its place, with nothing written;
    the counts, and under `claims` the Report of each row's claim.

    `rows` come in batches (see `batches`); a row may be an AppError instead, when reading it
    from its document failed. Rows `read_from_document` (ClaimReview) are reported at their
    item's path, with the field apart. Each batch is read and validated in a worker process,
    so the event loop serves on, while the batch before it is written.
    """
    await run_alone_among_imports(session)
    state = Import(session, actor=actor, read_from_document=read_from_document, match=match)
    ahead: asyncio.Future[tuple[int, tuple[list[Checked], Unlisted]]] | None = None
    try:
        async for batch in _headed(rows):
            # The errors listed so far only grow: the room now is at least the room then.
            checking = _validate(batch, state.errors.room())
            previous, ahead = ahead, asyncio.ensure_future(checking)
            if previous is not None:
                await _take(state, await previous, progress)
        if ahead is not None:
            await _take(state, await ahead, progress)
    finally:
        if ahead is not None and not ahead.done():
            ahead.cancel()
    await state.link(tolerance)
    return state.result()


async def _headed(rows: AsyncIterable[list[Row]]) -> AsyncIterator[list[Row]]:
    """The batches, the first one's HEAD_ROWS apart (nothing is written before a batch is
    validated: a small first batch starts the writes sooner)."""
    first = True
    async for batch in rows:
        if first and len(batch) > HEAD_ROWS:
            yield batch[:HEAD_ROWS]
            batch = batch[HEAD_ROWS:]
        first = False
        yield batch


async def _validate(batch: list[Row], detailed: int) -> tuple[int, tuple[list[Checked], Unlisted]]:
    return len(batch), await offload().run(_validated, batch, detailed)


async def _take(
    state: Import,
    validated: tuple[int, tuple[list[Checked], Unlisted]],
    progress: Callable[[int], object] | None,
) -> None:
    size, (checked, unlisted) = validated
    await state.take(checked, unlisted, size)
    if progress is not None:
        progress(size)


BOM = b"\xef\xbb\xbf"  # UTF-8's byte order mark, which a file saved by a spreadsheet may open with


async def _slices(blocks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """The body's blocks in pieces of at most SLICE_BYTES, the event loop turning between; a
    byte order mark the body opens with is left out (RFC 8259 lets a parser ignore it: line 1
    was a 422 for it, though claimtrack's own CSV exports open with one)."""
    opening: bytes | None = b""  # the body's first bytes until they show whether a BOM opens it
    async for block in blocks:
        if opening is not None:
            opening += block
            if len(opening) < len(BOM) and BOM.startswith(opening):
                continue
            block, opening = opening.removeprefix(BOM), None
        if len(block) <= SLICE_BYTES:
            yield block
            continue
        view = memoryview(block)
        for start in range(0, len(block), SLICE_BYTES):
            yield bytes(view[start : start + SLICE_BYTES])
            await asyncio.sleep(0)
    if opening:
        yield opening  # a body shorter than a BOM, that begins like one


async def ndjson_batches(
    blocks: AsyncIterable[bytes], *, max_line: int | None = None
) -> AsyncIterator[list[Row]]:
    """The NDJSON lines of a body as its blocks arrive, numbered from 1 (blank ones skipped),
    BATCH_ROWS to a batch: memory holds a batch, never the body. A line longer than `max_line`
    bytes (what one claim may take) is not kept: its row is the error that says so."""
    number, batch, parts, size = 0, list[Row](), list[bytes](), 0

    def too_long(length: int) -> bool:
        return max_line is not None and length > max_line

    def add(line: bytes, length: int) -> None:
        if too_long(length):
            batch.append((number, BadRequest(f"the line is longer than {max_line:,} bytes")))
        elif line.strip():
            batch.append((number, line))

    async for block in _slices(blocks):
        *complete, rest = block.split(b"\n")
        for line in complete:
            number += 1
            add(b"".join((*parts, line)), size + len(line))
            parts, size = [], 0
        if rest:
            size += len(rest)
            # Past the limit the line is only measured: a line without end holds no memory.
            if too_long(size):
                parts = []
            else:
                parts.append(rest)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if size:
        number += 1
        add(b"".join(parts), size)
    if batch:
        yield batch


async def json_array_batches(
    blocks: AsyncIterable[bytes], *, max_item: int | None = None
) -> AsyncIterator[list[Row]]:
    """The items of a JSON array body as its blocks arrive, placed by their index, BATCH_ROWS
    to a batch; each item's text is parsed with its row, like an NDJSON line. An item longer
    than `max_item` bytes is not kept: its row is the error that says so."""
    cutter, batch, index = ArrayCutter(max_item), list[Row](), 0
    async for block in _slices(blocks):
        for item in cutter.feed(block):
            if item is None:
                batch.append(((index,), BadRequest(f"the item is longer than {max_item:,} bytes")))
            else:
                batch.append(((index,), item))
            index += 1
            if len(batch) == BATCH_ROWS:  # a slice of small items may hold several batches
                yield batch
                batch = []
    cutter.close()
    if batch:
        yield batch
