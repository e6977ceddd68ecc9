"""SQL that builds each claim's whole read form as JSON text, on SQLite and PostgreSQL.

The service's hot read paths let the database assemble the documents (speaker role on the day,
sources, figures with their normalised interval, reviews, tags), so Python only joins them.
The interval is generated from app.comparison.intervals.RULES, the table figure_interval
reads; `:tolerance` is the approximation tolerance. Timestamps come out as ISO 8601 in UTC
with `Z`, as everywhere else.
"""

from collections.abc import Callable
from functools import lru_cache

from app.comparison.intervals import RULES, End, Rule
from app.db.sqlite_functions import JSON_NUMBER

SQLITE = {
    "object": "json_object",
    "array": "json_group_array",
    "nest": "json({})",
    "bool": "json(CASE WHEN {} THEN 'true' ELSE 'false' END)",
    "min": "min({}, {})",
    "max": "max({}, {})",
    "day": "substr({}, 1, 10)",
    "text_day": "{}",
    "empty": "{}",
    "to_text": "{}",
}
POSTGRES = {
    "object": "json_build_object",
    "array": "json_agg",
    "nest": "{}",
    "bool": "({})",
    "min": "LEAST({}, {})",
    "max": "GREATEST({}, {})",
    "day": "{}",
    "text_day": "CAST({} AS text)",
    "empty": "coalesce({}, '[]'::json)",
    "to_text": "CAST({} AS text)",
}


def _number(dialect: str, expression: str) -> str:
    """A double as a JSON number that reads back as the same double.

    SQLite's JSON functions write 15 significant digits: ct_json_number (app/db/sqlite_functions)
    writes the shortest exact text. PostgreSQL already writes the shortest exact form.
    """
    if dialect != "sqlite":
        return expression
    return f"json({JSON_NUMBER}({expression}))"


def _timestamp(dialect: str, column: str) -> str:
    if dialect == "sqlite":
        trimmed = (
            f"CASE WHEN {column} LIKE '%.000000' THEN substr({column}, 1, 19) ELSE {column} END"
        )
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE replace({trimmed}, ' ', 'T') || 'Z' END"
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"WHEN date_part('microseconds', {utc})::int % 1000000 = 0 "
        f'THEN to_char({utc}, \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') '
        f'ELSE to_char({utc}, \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') END'
    )


def _role(dialect: str) -> str:
    if dialect == "sqlite":
        return """json((SELECT json_object('title', r.value ->> 'title',
            'organization', r.value ->> 'organization', 'start', r.value ->> 'start',
            'end', r.value ->> 'end')
        FROM json_each(s.roles) AS r
        WHERE (r.value ->> 'start' IS NULL OR r.value ->> 'start' <= c.said_on)
          AND (r.value ->> 'end' IS NULL OR c.said_on <= r.value ->> 'end')
        ORDER BY coalesce(r.value ->> 'start', '') DESC, r.key LIMIT 1))"""
    return """(SELECT json_build_object('title', r ->> 'title',
            'organization', r ->> 'organization', 'start', r ->> 'start', 'end', r ->> 'end')
        FROM jsonb_array_elements(s.roles) WITH ORDINALITY AS roles(r, n)
        WHERE (r ->> 'start' IS NULL OR r ->> 'start' <= CAST(c.said_on AS text))
          AND (r ->> 'end' IS NULL OR CAST(c.said_on AS text) <= r ->> 'end')
        ORDER BY coalesce(r ->> 'start', '') DESC, n LIMIT 1)"""


def _list(dialect: str, element: str, rows: str, order: str) -> str:
    """A JSON array of `element` over `rows` (a FROM … WHERE …), ordered; [] when empty."""
    if dialect == "sqlite":
        ordered = f"(SELECT * FROM {rows} ORDER BY {order})"
        return f"json((SELECT json_group_array({element}) FROM {ordered}))"
    return f"coalesce((SELECT json_agg({element} ORDER BY {order}) FROM {rows}), '[]'::json)"


def _end_sql(end: End, *, high_inclusive: bool, approx: tuple[str, str]) -> str:
    """One end of RULES as SQL over a figure row `f` (NULL for an unbounded end)."""
    match end:
        case "value":
            return "f.norm_value"
        case "lower":
            return "f.norm_lower"
        case "upper":
            return "f.norm_upper"
        case "approx_low":
            return approx[0]
        case "approx_high":
            return approx[1]
        case "floor":
            # floor_applies, in SQL
            zero_allowed = " OR f.norm_value = 0" if high_inclusive else ""
            return f"CASE WHEN f.norm_value > 0{zero_allowed} THEN 0.0 ELSE NULL END"
        case "none":
            return "NULL"


def _interval(dialect: str) -> dict[str, str]:
    """The `normalized` interval's ends and flags, generated from the qualifier table RULES."""
    f = SQLITE if dialect == "sqlite" else POSTGRES
    kind = "REAL" if dialect == "sqlite" else "double precision"
    below = f"f.norm_value * (1 - CAST(:tolerance AS {kind}))"
    above = f"f.norm_value * (1 + CAST(:tolerance AS {kind}))"
    approx = (f["min"].format(below, above), f["max"].format(below, above))

    def case(of: Callable[[Rule], str]) -> str:
        arms = " ".join(f"WHEN '{name}' THEN {of(rule)}" for name, rule in RULES.items())
        return f"CASE f.qualifier {arms} END"

    def flag(of: Callable[[Rule], bool]) -> str:
        return f["bool"].format(case(lambda rule: "TRUE" if of(rule) else "FALSE"))

    return {
        "low": case(lambda r: _end_sql(r.low, high_inclusive=r.high_inclusive, approx=approx)),
        "high": case(lambda r: _end_sql(r.high, high_inclusive=r.high_inclusive, approx=approx)),
        "low_inclusive": flag(lambda r: r.low_inclusive),
        "high_inclusive": flag(lambda r: r.high_inclusive),
    }


def _figures(dialect: str) -> str:
    f = SQLITE if dialect == "sqlite" else POSTGRES
    interval = _interval(dialect)

    def num(expression: str) -> str:
        return _number(dialect, expression)

    element = f"""{f["object"]}('id', f.id, 'measure_id', f.measure_id, 'measure', m.slug,
        'value', {num("f.value")}, 'unit', f.unit, 'qualifier', f.qualifier,
        'lower', {num("f.lower")}, 'upper', {num("f.upper")}, 'as_of', f.as_of,
        'period_start', f.period_start, 'period_end', f.period_end,
        'text', f.text, 'start', f.start, 'end', f."end",
        'normalized', {f["object"]}('unit', m.unit, 'value', {num("f.norm_value")},
            'low', {num(interval["low"])}, 'high', {num(interval["high"])},
            'low_inclusive', {interval["low_inclusive"]},
            'high_inclusive', {interval["high_inclusive"]}))"""
    if dialect == "sqlite":
        return f"""json((SELECT json_group_array({element}) FROM
            (SELECT * FROM figures WHERE claim_id = c.id ORDER BY position, id) AS f
            JOIN measures AS m ON m.id = f.measure_id))"""
    return f"""coalesce((SELECT json_agg({element} ORDER BY f.position, f.id) FROM figures AS f
        JOIN measures AS m ON m.id = f.measure_id WHERE f.claim_id = c.id), '[]'::json)"""


def _sources(dialect: str) -> str:
    f = SQLITE if dialect == "sqlite" else POSTGRES
    element = f"""{f["object"]}('id', a.source_id, 'url', src.url, 'title', src.title,
        'publisher', src.publisher, 'kind', src.kind,
        'published_at', {_timestamp(dialect, "src.published_at")}, 'language', src.language,
        'excerpt', a.excerpt)"""
    if dialect == "sqlite":
        return f"""json((SELECT json_group_array({element}) FROM
            (SELECT source_id, excerpt FROM appearances WHERE claim_id = c.id
             ORDER BY position, source_id) AS a JOIN sources AS src ON src.id = a.source_id))"""
    return f"""coalesce((SELECT json_agg({element} ORDER BY a.position, a.source_id)
        FROM appearances AS a JOIN sources AS src ON src.id = a.source_id
        WHERE a.claim_id = c.id), '[]'::json)"""


def _reviews(dialect: str, rows: str = "reviews WHERE claim_id = c.id") -> str:
    """The reviews in `rows` (a FROM … WHERE … over reviews), oldest first."""
    f = SQLITE if dialect == "sqlite" else POSTGRES
    element = f"""{f["object"]}('id', id, 'claim_id', claim_id, 'version', version,
        'created_at', {_timestamp(dialect, "created_at")},
        'updated_at', {_timestamp(dialect, "updated_at")}, 'reviewer', reviewer,
        'reviewer_url', reviewer_url, 'url', url, 'rating_label', rating_label,
        'rating_value', {_number(dialect, "rating_value")},
        'best_rating', {_number(dialect, "best_rating")},
        'worst_rating', {_number(dialect, "worst_rating")},
        'reviewed_on', {f["day"].format("reviewed_on")}, 'summary', summary,
        'language', language)"""
    return _list(dialect, element, rows, "id")


REPEATS = "repeat_links WHERE repeat_of_id = c.id"  # the claims linked as repeats of c
# The original of claim c's group: what c repeats, or c itself.
ORIGINAL = "coalesce((SELECT l.repeat_of_id FROM repeat_links AS l WHERE l.claim_id = c.id), c.id)"


def _repeat_of(dialect: str) -> str:
    """The link of a claim that repeats another (null for one that does not)."""
    f = SQLITE if dialect == "sqlite" else POSTGRES
    link = f"""{f["object"]}('claim_id', l.repeat_of_id, 'how', l.how, 'linked_by', l.linked_by,
        'score', {_number(dialect, "l.score")}, 'confirmed', {f["bool"].format("l.confirmed")},
        'linked_at', {_timestamp(dialect, "l.linked_at")})"""
    return f["nest"].format(f"(SELECT {link} FROM repeat_links AS l WHERE l.claim_id = c.id)")


def _known_reviews(dialect: str) -> str:
    """The reviews of the other claims of c's group: what was checked of the same claim.

    Each part is an index look-up (the original's reviews, then each other repeat's), never a
    pass over the reviews: a claim without links costs two probes of repeat_links.
    """
    of_original = (
        "SELECT r.* FROM repeat_links AS l JOIN reviews AS r ON r.claim_id = l.repeat_of_id "
        "WHERE l.claim_id = c.id"
    )
    of_repeats = (
        "SELECT r.* FROM repeat_links AS g JOIN reviews AS r ON r.claim_id = g.claim_id "
        f"WHERE g.repeat_of_id = {ORIGINAL} AND g.claim_id <> c.id"
    )
    return _reviews(dialect, f"({of_original} UNION ALL {of_repeats}) AS reviews")


def _links(dialect: str) -> str:
    """The fields of a claim's repeat links, read from repeat_links."""
    repeats = _list(dialect, "claim_id", REPEATS, "claim_id")
    return (
        f"'repeat_of', {_repeat_of(dialect)}, 'repeats', {repeats}, "
        f"'known_reviews', {_known_reviews(dialect)}"
    )


def _no_links(dialect: str) -> str:
    """The same fields for a claim linked to none: no look-up at all."""
    empty = "json('[]')" if dialect == "sqlite" else "'[]'::json"
    return f"'repeat_of', NULL, 'repeats', {empty}, 'known_reviews', {empty}"


@lru_cache
def document(dialect: str, *, links: bool = True) -> str:
    """A claim's read form as JSON text, for a row `c` of claims joined to its speaker `s`.

    links=False writes the repeat-link fields empty without looking: right only for a claim
    that no link names (app.claims.derived builds those apart, most claims being such).
    """
    f = SQLITE if dialect == "sqlite" else POSTGRES
    appearance = f"{f['object']}('source_id', source_id, 'excerpt', excerpt)"
    appearances = _list(
        dialect, appearance, "appearances WHERE claim_id = c.id", "position, source_id"
    )
    built = f"""{f["object"]}('id', c.id, 'version', c.version,
        'created_at', {_timestamp(dialect, "c.created_at")},
        'updated_at', {_timestamp(dialect, "c.updated_at")},
        'speaker_id', c.speaker_id, 'speaker_slug', s.slug, 'speaker_name', s.name,
        'speaker_role', {_role(dialect)}, 'text', c.text, 'quote', {f["bool"].format("c.quote")},
        'said_on', c.said_on, 'channel', c.channel, 'language', c.language,
        'tags', {_list(dialect, "tag", "claim_tags WHERE claim_id = c.id", "tag")},
        'appearances', {appearances},
        'sources', {_sources(dialect)}, 'figures', {_figures(dialect)},
        'reviews', {_reviews(dialect)}, {_links(dialect) if links else _no_links(dialect)})"""
    return f["to_text"].format(built)


def documents_sql(
    dialect: str, page: str, order: str, *, with_version: bool = False, with_text: bool = False
) -> str:
    """(id, key, document as UTF-8 JSON bytes) for the rows of a page query giving (id, key),
    sorted by `order`; with_version adds the claim's version and whether the version alone
    tells the document (1 or 0; and drops ids of no claim),
    with_text its text (what a search's snippets are cut from, without parsing documents).

    The ready-made document is used when it was built with the same tolerance; otherwise (a
    claim written before its document, another tolerance) it is built on the spot. Only then
    are the claim and its speaker read: a page of ready documents costs one lookup per claim.
    """
    tolerance = (
        "CAST(:tolerance AS REAL)"
        if dialect == "sqlite"
        else "CAST(:tolerance AS double precision)"
    )
    ready = f"CASE WHEN d.tolerance = {tolerance} THEN d.document END"
    built = f"""(SELECT {document(dialect)}
        FROM claims AS c JOIN speakers AS s ON s.id = c.speaker_id WHERE c.id = page.id)"""
    # Bytes, not text: the documents go out as they are, never decoded and encoded again.
    whole = f"coalesce({ready}, {built})"
    whole = f"CAST({whole} AS BLOB)" if dialect == "sqlite" else f"convert_to({whole}, 'UTF8')"
    version, checked = "", ""
    if with_version:
        # Settled: the ready document is this version's, and nothing outside the claim has
        # changed it since this version was written (what If-None-Match may answer 304 for).
        version = f""",
       v.version AS version,
       CASE WHEN d.tolerance = {tolerance} AND d.built_version = v.version
            AND (d.outside_version IS NULL OR d.outside_version < v.version)
            THEN 1 ELSE 0 END AS settled"""
        checked = " JOIN claims AS v ON v.id = page.id"
    if with_text:
        version += ",\n       (SELECT t.text FROM claims AS t WHERE t.id = page.id) AS text"
    return f"""SELECT page.id, page.key, {whole} AS document{version}
FROM ({page}) AS page{checked} LEFT JOIN claim_documents AS d ON d.claim_id = page.id
ORDER BY {order}"""
