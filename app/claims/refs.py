"""Speakers, measures and sources named as people name them in the list's filters.

`?speaker=` and `?measure=` take an id, a slug, a name or (speakers) an alias, in any case,
accents and spacing (name_key, as identity checks compare names), or the slug of one merged
away; `?source=` an id, the source's URL (as imports name sources) or its title (as names
are compared; a title two sources share names neither: 422 listing them). Each is turned into
its id before the claims are read, so one query shape serves every form; one that names
nothing is a 404 naming the parameter, not an empty list that reads as "no claims".

An id or a live slug costs one indexed look-up; only a name, an alias or a merged-away slug
reads the table's names, once per data version (FastReads.remembered): while nothing is
written, a request reads the data version, not the table.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import orjson
from pydantic import AfterValidator, BaseModel, Field

from app.core.errors import NotFound, Unprocessable
from app.core.fields import MAX_ID, SLUG_PATTERN, Id
from app.core.identity import name_key
from app.db.fast import FastReads
from app.db.lookup import LookupText
from app.sources.urls import normalize_url

# (table, whether its rows have aliases)
TABLES = {"speaker": ("speakers", True), "measure": ("measures", False)}

NUMBER = re.compile(r"\s*[+-]?\d+\s*")


def _not_a_number(value: str) -> str:
    """A name: digits alone are an id, and one out of range is no name either."""
    if NUMBER.fullmatch(value):
        raise ValueError(f"an id is a whole number from 1 to {MAX_ID:,}")
    return value


IdOrName = Annotated[
    Id | Annotated[LookupText, AfterValidator(_not_a_number)],
    Field(union_mode="left_to_right", examples=[3, "isw", "Volodymyr Zelensky"]),
]

F = TypeVar("F", bound=BaseModel)
SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class Names:
    """A table's rows by the name_key of each slug, name, alias and merged-away slug; `shared`
    holds the keys that name several rows alike (two speakers of one name, made with
    ?duplicate=allow): which one is meant is not guessed."""

    keys: dict[str, int]
    ids: frozenset[int]
    shared: dict[str, tuple[int, ...]] = field(default_factory=dict)


def _strings(value: Any) -> Iterable[str]:
    """A JSON list column as read raw (text on SQLite and asyncpg, a list elsewhere)."""
    if isinstance(value, str | bytes):
        value = orjson.loads(value)
    return [item for item in value or () if isinstance(item, str)]


async def names_of(fast: FastReads, kind: str) -> Names:
    """The names of every speaker or measure (kind), as of the current data version."""
    table, has_aliases = TABLES[kind]

    async def read() -> Names:
        columns = "id, slug, name" + (", aliases" if has_aliases else "")
        rows = await fast.fetch(f"SELECT {columns} FROM {table} ORDER BY id", {})
        merged = await fast.fetch(
            "SELECT from_slug, into_id FROM merges WHERE kind = :kind ORDER BY id", {"kind": table}
        )
        # Tiers, weakest first: a merged-away slug, an alias, a name, a slug. A key is the
        # row's of the strongest tier that has it; two rows in that tier share it.
        tiers: list[dict[str, list[int]]] = [{}, {}, {}, {}]
        for from_slug, into_id in merged:
            tiers[0][name_key(from_slug)] = [into_id]  # the latest merge of a slug wins
        for row in rows:
            labels = [(1, alias) for alias in _strings(row[3])] if has_aliases else []
            for rank, label in (*labels, (2, row[2]), (3, row[1])):
                named = tiers[rank].setdefault(name_key(label), [])
                if row[0] not in named:
                    named.append(row[0])
        keys: dict[str, int] = {}
        shared: dict[str, tuple[int, ...]] = {}
        for tier in tiers:
            for key, owners in tier.items():
                keys[key] = owners[0]
                if len(owners) > 1:
                    shared[key] = tuple(owners)
                else:
                    shared.pop(key, None)
        return Names(keys, frozenset(row[0] for row in rows), shared)

    found: Names = await fast.remembered(("names", table), read)
    return found


async def _indexed_pairs(
    fast: FastReads, refs: Sequence[tuple[str, int | str]]
) -> list[int | None]:
    """The id of the live row each (kind, reference) names (an id or a slug; a source's id or
    URL), or None: one statement for all of them (index look-ups)."""
    parts, params = [], {}
    for at, (kind, value) in enumerate(refs):
        table, text_column = ("sources", "url") if kind == SOURCE else (TABLES[kind][0], "slug")
        column = "id" if isinstance(value, int) else text_column
        parts.append(f"(SELECT id FROM {table} WHERE {column} = :ref{at})")
        params[f"ref{at}"] = _stored_url(value) if kind == SOURCE else value
    row = (await fast.fetch("SELECT " + ", ".join(parts), params))[0]
    return [None if found is None else int(found) for found in row]


def _stored_url(value: int | str) -> int | str:
    """A URL as a write stores it (its case, port, fragment and tracking parameters as
    app.sources.urls leaves them), so the link as it was copied finds its source."""
    if isinstance(value, int):
        return value
    try:
        return normalize_url(value)
    except ValueError:  # not a URL: a title, looked up by name
        return value


async def _indexed(fast: FastReads, refs: dict[str, int | str]) -> dict[str, int | None]:
    """As _indexed_pairs, one reference per kind, by kind."""
    return dict(zip(refs, await _indexed_pairs(fast, list(refs.items())), strict=True))


async def _by_name(
    fast: FastReads, kind: str, value: int | str, loc: Sequence[str | int] | None = None
) -> int | None:
    """The id of the live row with this name, alias or merged-away slug, or None."""
    if not isinstance(value, str):
        return None
    names = await names_of(fast, kind)
    key = name_key(value)
    shared = names.shared.get(key)
    if shared is not None:
        raise several(kind, value, shared, loc or ["query", kind])
    found = names.keys.get(key)
    return found if found in names.ids else None


def _unknown(kind: str, value: int | str, loc: list[str]) -> NotFound:
    if kind == SOURCE:
        forms = "id, URL or title"
    else:
        forms = "id, slug, name or alias" if TABLES[kind][1] else "id, slug or name"
    return NotFound(
        f"{kind} {value!r}: no {kind} has this {forms}",
        errors=[{"loc": loc, "msg": "names nothing", "type": "not_found"}],
    )


SOURCE = "source"
SHOWN = 5  # ids listed when a title names several sources


async def _titles(fast: FastReads) -> dict[str, tuple[int, ...]]:
    """The ids of the sources of each title (name_key), as of the current data version."""

    async def read() -> dict[str, tuple[int, ...]]:
        rows = await fast.fetch(
            "SELECT id, title FROM sources WHERE title IS NOT NULL ORDER BY id", {}
        )
        titles: dict[str, list[int]] = {}
        for source_id, title in rows:
            titles.setdefault(name_key(title), []).append(int(source_id))
        return {key: tuple(ids) for key, ids in titles.items()}

    found: dict[str, tuple[int, ...]] = await fast.remembered(("titles", "sources"), read)
    return found


def several(
    kind: str, value: int | str, ids: tuple[int, ...], loc: Sequence[str | int]
) -> Unprocessable:
    """The 422 for a name several rows share: their ids listed, which one is not guessed."""
    listed = ", ".join(map(str, ids[:SHOWN])) + (", ..." if len(ids) > SHOWN else "")
    forms = "the id or the URL" if kind == SOURCE else "the id or the slug"
    what = "the title" if kind == SOURCE else "a name"
    why = f"is {what} of {len(ids)} {kind}s (ids {listed}): give {forms} of one"
    # the entry says it whole: an import lists entries, not the detail
    return Unprocessable(
        f"{kind} {value!r} {why}",
        errors=[
            {
                "loc": list(loc),
                "msg": f"names several {kind}s: {value!r} {why}",
                "type": "ambiguous",
            }
        ],
    )


async def resolve_source(fast: FastReads, value: int | str, loc: list[str]) -> int:
    """The id of the source this id, URL or title names; 404 naming `loc` when none does,
    422 when a title is several sources' (listing them: which one is not guessed)."""
    found = (await _indexed(fast, {SOURCE: value}))[SOURCE]
    return found if found is not None else await _by_title(fast, value, loc)


async def _by_title(fast: FastReads, value: int | str, loc: list[str]) -> int:
    """The id of the one source with this title; 404 or 422 as resolve_source says."""
    ids = () if isinstance(value, int) else (await _titles(fast)).get(name_key(value), ())
    if not ids:
        raise _unknown(SOURCE, value, loc)
    if len(ids) > 1:
        raise several(SOURCE, value, ids, loc)
    return ids[0]


async def resolve_ref(fast: FastReads, kind: str, value: int | str, loc: list[str]) -> int:
    """The id of the speaker or measure (kind) this id, slug, name or alias names; 404 naming
    `loc` when there is none."""
    found = (await _indexed(fast, {kind: value}))[kind] if _sql_reads(value) else None
    if found is None:
        found = await _by_name(fast, kind, value, loc)
    if found is None:
        raise _unknown(kind, value, loc)
    return found


def _sql_reads(value: int | str) -> bool:
    """Whether the claims query finds this reference itself (an id, or a slug, live or merged
    away: app.claims.sql.pages)."""
    return isinstance(value, int) or SLUG.fullmatch(value) is not None


def has_refs(filters: BaseModel) -> bool:
    """Whether the filters name a speaker, a measure or a source."""
    return any(getattr(filters, kind, None) is not None for kind in (*TABLES, SOURCE))


async def resolve_refs(filters: F, fast: FastReads, *, lazy: bool = False) -> F:
    """The filters with `speaker`, `measure` and `source` that the claims query can read (an
    id or a live slug as given, a name, an alias, a URL or a title as its id); 404 naming the
    parameter when one names nothing.

    lazy: leave ids and slug-shaped values to the claims query (no statement for them), and
    resolve only names; a caller whose page comes back empty calls again without `lazy`, to
    tell an unknown reference (404) from one with no claims, or an alias shaped like a slug.
    """
    wanted: dict[str, int | str] = {}
    for kind in TABLES:
        value = getattr(filters, kind, None)
        if value is not None and not (lazy and _sql_reads(value)):
            wanted[kind] = value
    updates: dict[str, int] = {}
    source: int | str | None = getattr(filters, SOURCE, None)
    # The claims query reads a source by id only: a URL or title is always turned into one.
    if source is not None and lazy and isinstance(source, int):
        source = None
    if not wanted and source is None:
        return filters
    indexed = {kind: value for kind, value in wanted.items() if _sql_reads(value)}
    if source is not None:
        indexed[SOURCE] = source
    ids = await _indexed(fast, indexed) if indexed else {}  # one statement for all of them
    if source is not None:
        found_source = ids.get(SOURCE)
        if found_source is None:
            found_source = await _by_title(fast, source, ["query", SOURCE])
        if found_source != source:
            updates[SOURCE] = found_source
    for kind, value in wanted.items():
        if ids.get(kind) is not None:
            continue  # an id or a slug the claims query reads as it is
        found = await _by_name(fast, kind, value)
        if found is None:
            raise _unknown(kind, value, ["query", kind])
        updates[kind] = found
    return filters.model_copy(update=updates) if updates else filters


B = TypeVar("B", bound=BaseModel)


def _sent_as(model: BaseModel, field: str) -> str:
    """The name the body sent `field` under (`speaker` for speaker_id, as imports write it)."""
    sent_as = getattr(model, "sent_as", None)
    return field if sent_as is None else str(sent_as(field))


async def named_refs(fast: FastReads, body: B) -> B:
    """A write's body (a claim's, or a match's) with its speaker (`speaker_id`) and its
    figures' measures as ids wherever they were named by a name, an alias or a merged-away
    slug, as imports take them; a name several rows share is a 422 listing them. Ids are left
    as they are and so is what names nothing (the write's own check says so, a 422); the
    slugs of all of them are looked up in one statement, the names in the names read once per
    data version."""
    places: dict[tuple[str, str], list[str | int]] = {}  # each distinct reference: where first
    speaker = getattr(body, "speaker_id", None)
    if isinstance(speaker, str):
        places[("speaker", speaker)] = ["body", _sent_as(body, "speaker_id")]
    figures = getattr(body, "figures", None) or []
    for index, figure in enumerate(figures):
        if isinstance(figure.measure_id, str):
            places.setdefault(
                ("measure", figure.measure_id),
                ["body", "figures", index, _sent_as(figure, "measure_id")],
            )
    if not places:
        return body
    slugs = [ref for ref in places if SLUG.fullmatch(ref[1])]
    ids: dict[tuple[str, str], int | None] = dict(
        zip(slugs, await _indexed_pairs(fast, slugs), strict=True) if slugs else ()
    )
    for ref, loc in places.items():
        if ids.get(ref) is None:
            ids[ref] = await _by_name(fast, ref[0], ref[1], loc)
    updates: dict[str, Any] = {}
    if isinstance(speaker, str) and ids[("speaker", speaker)] is not None:
        updates["speaker_id"] = ids[("speaker", speaker)]
    if any(isinstance(f.measure_id, str) and ids[("measure", f.measure_id)] for f in figures):
        updates["figures"] = [
            figure.model_copy(update={"measure_id": ids[("measure", figure.measure_id)]})
            if isinstance(figure.measure_id, str) and ids[("measure", figure.measure_id)]
            else figure
            for figure in figures
        ]
    return body.model_copy(update=updates) if updates else body
