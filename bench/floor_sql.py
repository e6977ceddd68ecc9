"""Hand-written SQLite for the floor: whole claim documents built as JSON text by SQLite.

A page is chosen first (ids and sort keys only, from an index), then each chosen claim's
document is taken from claim_documents, where the app keeps it ready, or, when there is none,
assembled from the claim and its speaker by json_object with correlated subqueries,
normalised intervals included (approximate figures with the app's default tolerance of 0.1),
so Python only joins the documents. Floats are rendered by SQLite (15 significant digits), so
a few last digits may differ from claimtrack's output; everything else is the same shape.
"""

TOLERANCE = 0.1


def _ts(column: str) -> str:
    """A stored UTC time ('YYYY-MM-DD HH:MM:SS.ffffff') as ISO 8601 with Z, like orjson."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE replace(CASE WHEN {column} LIKE '%.000000' "
        f"THEN substr({column}, 1, 19) ELSE {column} END, ' ', 'T') || 'Z' END"
    )


def _bool(expression: str) -> str:
    return f"json(CASE WHEN {expression} THEN 'true' ELSE 'false' END)"


ROLE = """json((SELECT json_object('title', r.value ->> 'title',
        'organization', r.value ->> 'organization', 'start', r.value ->> 'start',
        'end', r.value ->> 'end')
    FROM json_each(s.roles) AS r
    WHERE (r.value ->> 'start' IS NULL OR r.value ->> 'start' <= c.said_on)
      AND (r.value ->> 'end' IS NULL OR c.said_on <= r.value ->> 'end')
    ORDER BY coalesce(r.value ->> 'start', '') DESC, r.key LIMIT 1))"""

TAGS = """json((SELECT json_group_array(tag) FROM
    (SELECT tag FROM claim_tags WHERE claim_id = c.id ORDER BY tag)))"""

APPEARANCES = """json((SELECT json_group_array(json_object('source_id', source_id,
        'excerpt', excerpt)) FROM
    (SELECT source_id, excerpt FROM appearances WHERE claim_id = c.id
     ORDER BY position, source_id)))"""

SOURCES = f"""json((SELECT json_group_array(json_object('id', a.source_id, 'url', src.url,
        'title', src.title, 'publisher', src.publisher, 'kind', src.kind,
        'published_at', {_ts("src.published_at")}, 'language', src.language,
        'excerpt', a.excerpt)) FROM
    (SELECT source_id, excerpt FROM appearances WHERE claim_id = c.id
     ORDER BY position, source_id) AS a JOIN sources AS src ON src.id = a.source_id))"""

LOW = f"""CASE f.qualifier WHEN 'range' THEN f.norm_lower
    WHEN 'approximately' THEN min(f.norm_value * {1 - TOLERANCE}, f.norm_value * {1 + TOLERANCE})
    WHEN 'at_most' THEN CASE WHEN f.norm_value < 0 THEN NULL ELSE 0.0 END
    WHEN 'less_than' THEN CASE WHEN f.norm_value <= 0 THEN NULL ELSE 0.0 END
    ELSE f.norm_value END"""
HIGH = f"""CASE f.qualifier WHEN 'range' THEN f.norm_upper
    WHEN 'approximately' THEN max(f.norm_value * {1 - TOLERANCE}, f.norm_value * {1 + TOLERANCE})
    WHEN 'at_least' THEN NULL WHEN 'more_than' THEN NULL
    ELSE f.norm_value END"""

FIGURES = f"""json((SELECT json_group_array(json_object('id', f.id,
        'measure_id', f.measure_id, 'measure', m.slug, 'value', f.value, 'unit', f.unit,
        'qualifier', f.qualifier, 'lower', f.lower, 'upper', f.upper, 'as_of', f.as_of,
        'period_start', f.period_start, 'period_end', f.period_end,
        'normalized', json_object('unit', m.unit, 'value', f.norm_value,
            'low', {LOW}, 'high', {HIGH},
            'low_inclusive', {_bool("f.qualifier <> 'more_than'")},
            'high_inclusive', {_bool("f.qualifier <> 'less_than'")})))
    FROM (SELECT * FROM figures WHERE claim_id = c.id ORDER BY position, id) AS f
    JOIN measures AS m ON m.id = f.measure_id))"""

REVIEWS = f"""json((SELECT json_group_array(json_object('id', id, 'claim_id', claim_id,
        'version', version, 'created_at', {_ts("created_at")},
        'updated_at', {_ts("updated_at")}, 'reviewer', reviewer,
        'reviewer_url', reviewer_url, 'url', url, 'rating_label', rating_label,
        'rating_value', rating_value, 'best_rating', best_rating,
        'worst_rating', worst_rating, 'reviewed_on', substr(reviewed_on, 1, 10),
        'summary', summary, 'language', language)) FROM
    (SELECT * FROM reviews WHERE claim_id = c.id ORDER BY id)))"""

DOCUMENT = f"""json_object('id', c.id, 'version', c.version,
    'created_at', {_ts("c.created_at")}, 'updated_at', {_ts("c.updated_at")},
    'speaker_id', c.speaker_id, 'speaker_slug', s.slug, 'speaker_name', s.name,
    'speaker_role', {ROLE}, 'text', c.text, 'quote', {_bool("c.quote")},
    'said_on', c.said_on, 'channel', c.channel, 'language', c.language,
    'tags', {TAGS}, 'appearances', {APPEARANCES}, 'sources', {SOURCES},
    'figures', {FIGURES}, 'reviews', {REVIEWS})"""


def documents(page: str, order: str) -> str:
    """(id, key, document as UTF-8 bytes) for the rows of a page query (id, key), in `order`.
    A ready document in claim_documents (built with the same tolerance) is used as it is; only
    a claim without one is read, with its speaker, to build it."""
    return f"""SELECT page.id, page.key, CAST(coalesce(
    CASE WHEN d.tolerance = {TOLERANCE} THEN d.document END,
    (SELECT {DOCUMENT} FROM claims AS c JOIN speakers AS s ON s.id = c.speaker_id
     WHERE c.id = page.id)) AS BLOB)
FROM ({page}) AS page LEFT JOIN claim_documents AS d ON d.claim_id = page.id
ORDER BY {order}"""


ONE = f"""SELECT CAST(coalesce(CASE WHEN d.tolerance = {TOLERANCE} THEN d.document END,
    {DOCUMENT}) AS BLOB), c.version
FROM claims AS c JOIN speakers AS s ON s.id = c.speaker_id
LEFT JOIN claim_documents AS d ON d.claim_id = c.id WHERE c.id = :id"""


# More matches than this: walk the said_on index newest first and ask FTS5 about each claim
# (a word in most claims fills a page after a few dozen probes); more than WALKED: walk it
# against the matches collected once; fewer: collect the matches and sort them.
FREQUENT = 5000
WALKED = 1000
COUNT_MATCHES = f"""SELECT count(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :match
    LIMIT {FREQUENT})"""


def said_on_page(*, speaker: bool, after: bool, match: str | None = None) -> str:
    """Newest first (said_on, id descending): maybe one speaker's, maybe after a cursor, maybe
    only the claims matching :match, `match` saying how ('probe', 'walk' or 'collect')."""
    where, table = [], "claims"
    if speaker:
        where.append("speaker_id = :speaker")
    if match == "probe":
        where.append(
            "EXISTS (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :match AND rowid = claims.id)"
        )
    elif match in ("collect", "walk"):
        where.append("id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :match)")
    if match == "walk":
        index = "ix_claims_speaker_said_on_id" if speaker else "ix_claims_said_on_id_speaker"
        table = f"claims INDEXED BY {index}"
    if after:
        where.append("(said_on, id) < (:after_key, :after_id)")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return documents(
        f"""SELECT id, said_on AS key FROM {table} {clause}
       ORDER BY said_on DESC, id DESC LIMIT :limit + 1""",
        "page.key DESC, page.id DESC",
    )


def relevance_page(*, after: bool) -> str:
    """Best matches first, maybe after a cursor: those whose own text (the `text` column)
    matches come first, then by day said, newest first, then id descending (claimtrack's
    relevance on both engines)."""
    clause = "WHERE score > :after_key OR (score = :after_key AND id < :after_id)" if after else ""
    own = "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :own_match)"
    day = "CAST(julianday(c.said_on) - 1721424.5 AS INTEGER)"
    return documents(
        f"""SELECT id, score AS key FROM (SELECT c.id AS id,
       CAST(-((CASE WHEN {own} THEN 10000000 ELSE 0 END) + {day}) AS REAL) AS score
       FROM claims_fts JOIN claims AS c ON c.id = claims_fts.rowid
       WHERE claims_fts MATCH :match) {clause}
       ORDER BY score, id DESC LIMIT :limit + 1""",
        "page.key, page.id DESC",
    )


FACETS = {
    "speaker": """SELECT CAST(s.id AS TEXT) AS value, s.name, s.slug, n FROM
        (SELECT speaker_id, count(*) AS n FROM claims GROUP BY speaker_id)
        JOIN speakers AS s ON s.id = speaker_id ORDER BY n DESC, value LIMIT :size""",
    "measure": """SELECT CAST(m.id AS TEXT) AS value, m.name, m.slug, n FROM
        (SELECT measure_id, count(DISTINCT claim_id) AS n FROM figures NOT INDEXED
         GROUP BY measure_id)
        JOIN measures AS m ON m.id = measure_id ORDER BY n DESC, value LIMIT :size""",
    "tag": """SELECT tag AS value, tag, NULL, count(*) AS n FROM claim_tags
        GROUP BY tag ORDER BY n DESC, value LIMIT :size""",
    # Years as index ranges: no sort of a million substr() values.
    "year": """WITH RECURSIVE years(y) AS (
            SELECT CAST(substr(min(said_on), 1, 4) AS INTEGER) FROM claims
            UNION ALL SELECT y + 1 FROM years
            WHERE y < (SELECT CAST(substr(max(said_on), 1, 4) AS INTEGER) FROM claims))
        SELECT * FROM (SELECT printf('%04d', y) AS value, printf('%04d', y), NULL,
            (SELECT count(*) FROM claims WHERE said_on >= printf('%04d-01-01', y)
             AND said_on < printf('%04d-01-01', y + 1)) AS n FROM years)
        WHERE n > 0 ORDER BY n DESC, value LIMIT :size""",
}
