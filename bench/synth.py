"""Synthetic news claims, deterministic from a seed: words, speakers, sources, claims. Pure.

Everything is made in code (syllables glued into words, drawn with Zipf weights), so the
generator downloads nothing. Values come out engine-neutral (dates, datetimes, JSON text);
the loaders convert them to what each driver wants.
"""

import dataclasses
import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import orjson

from app.core.fields import rating_key, slugify

ONSETS = (
    *("b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kl", "l", "m"),
    *("n", "p", "pl", "pr", "r", "s", "sh", "sk", "st", "t", "th", "tr", "v", "w", "z"),
)
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ei")
CODAS = ["", "", "", "n", "r", "s", "l", "m", "nd", "st", "t", "k"]
FIRST_DAY = date(2015, 1, 1)
DAYS = 3653  # ten years, 2015-01-01 to 2024-12-31
VOCABULARY_SIZE = 40_000
SPEAKERS, SOURCES, MEASURES, TAGS = 5_000, 20_000, 500, 300
CHANNELS: Sequence[str | None] = (
    *("X", "Telegram", "Facebook", "press conference", "TV interview", "parliament"),
    *("radio", "speech", None, None),
)
LANGUAGES = ("en",) * 7 + ("uk", "ru", "de", "fr")
# Claims' languages: a few frequent, a long tail of rare ones (a filter must be fast for both).
CLAIM_LANGUAGES = ("en", "uk", "ru", "de", "fr", "pl", "es", "ar", "ka")
CLAIM_LANGUAGE_WEIGHTS = (60, 10, 10, 8, 8, 2, 1.5, 0.4, 0.1)
SOURCE_KINDS = ("article",) * 6 + ("social_post", "interview", "press_release", "report", "video")
UNITS = (
    ("km²", "quantity"),
    ("people", "count"),
    ("USD", "quantity"),
    ("tonnes", "quantity"),
    ("%", "quantity"),
    ("barrels per day", "quantity"),
    ("MW", "quantity"),
    ("soldiers", "count"),
    ("drones", "count"),
    ("km", "quantity"),
)
QUALIFIERS: tuple[str, ...] = (
    *(("exact",) * 10 + ("approximately",) * 4 + ("more_than", "at_least") * 2),
    *("at_most", "less_than", "range", "range"),
)
RATINGS = ("False", "Misleading", "Mostly false", "Half true", "Mostly true", "True", "Unproven")
# How often fact-checkers give each label (most checked claims are found false or misleading).
RATING_WEIGHTS = (30, 20, 18, 12, 8, 4, 8)
REVIEWERS = ("FactCheck Desk", "Verify Team", "Truth Meter", "StopFake", "Full Fact Lab")


def syllables() -> list[str]:
    """Every syllable the word maker can use."""
    return [o + v + c for o, v, c in itertools.product(ONSETS, VOWELS, CODAS)]


def make_words(rng: random.Random, count: int, *, min_syllables: int = 1) -> list[str]:
    """Distinct lowercase words, short ones first (they get the high Zipf ranks)."""
    parts, seen, words = syllables(), set[str](), list[str]()
    while len(words) < count:
        size = min_syllables + min(3, int(rng.expovariate(1.2)))
        word = "".join(rng.choice(parts) for _ in range(size))
        if word not in seen and 2 <= len(word) <= 14:
            seen.add(word)
            words.append(word)
    jitter = {word: len(word) + rng.random() * 6 for word in words}
    return sorted(words, key=jitter.__getitem__)


def zipf_cumulative(count: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights for ranks 1..count (for random.choices)."""
    return list(itertools.accumulate(1.0 / rank**exponent for rank in range(1, count + 1)))


def day(index: int) -> date:
    """The date `index` days after the first day of the ten years."""
    return FIRST_DAY + timedelta(days=index)


def moment(rng: random.Random, on: date) -> datetime:
    """A UTC time on a day, never on a whole second (as SQLAlchemy stores it on SQLite)."""
    clock = time(rng.randrange(24), rng.randrange(60), rng.randrange(60), rng.randrange(1, 10**6))
    return datetime.combine(on, clock, UTC)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker row, with the text its claims carry in search_extra."""

    id: int
    slug: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str | None
    wikidata_id: str | None
    roles_json: str
    created_at: datetime

    @property
    def aliases_json(self) -> str:
        """The aliases as the app stores them (compact JSON)."""
        return orjson.dumps(list(self.aliases)).decode()

    @property
    def search_head(self) -> str:
        """Name, a space, the aliases joined by spaces (the speaker half of search_extra)."""
        return f"{self.name} {' '.join(self.aliases)}"


@dataclass(frozen=True, slots=True)
class Source:
    """A source row."""

    id: int
    url: str
    title: str
    publisher: str
    kind: str
    published_at: datetime
    language: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure row, with the order of magnitude of its figures."""

    id: int
    slug: str
    name: str
    unit: str
    kind: str
    description: str | None
    magnitude: float
    created_at: datetime


@dataclass
class Catalog:
    """Everything claims refer to, and the samplers that pick from it."""

    words: list[str]
    word_weights: list[float]
    speakers: list[Speaker]
    speaker_weights: list[float]
    sources: list[Source]
    source_weights: list[float]
    measures: list[Measure]
    measure_weights: list[float]
    tags: list[str]
    tag_weights: list[float]


@dataclass
class Chunk:
    """Rows of a run of consecutive claims and what they own, engine-neutral."""

    claims: list[tuple[object, ...]] = field(default_factory=list)
    appearances: list[tuple[object, ...]] = field(default_factory=list)
    tags: list[tuple[object, ...]] = field(default_factory=list)
    figures: list[tuple[object, ...]] = field(default_factory=list)
    reviews: list[tuple[object, ...]] = field(default_factory=list)


def _phrase(rng: random.Random, catalog: Catalog, size: int) -> list[str]:
    return rng.choices(catalog.words, cum_weights=catalog.word_weights, k=size)


def _permuted_weights(rng: random.Random, count: int, exponent: float) -> list[float]:
    """Zipf weights over items in a shuffled order (so the busiest is not id 1)."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return list(itertools.accumulate(1.0 / rank**exponent for rank in ranks))


def _roles(rng: random.Random, words: list[str]) -> str:
    roles, start = [], FIRST_DAY - timedelta(days=rng.randrange(3000))
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        end = start + timedelta(days=rng.randrange(300, 2500))
        title = f"{rng.choice(('Minister', 'Governor', 'Spokesperson', 'Director'))} of "
        title += " ".join(words[rng.randrange(2000)].title() for _ in range(2))
        roles.append(
            {
                "title": title,
                "organization": words[rng.randrange(3000)].title() + " Council",
                "start": start.isoformat(),
                "end": None if end > day(DAYS) else end.isoformat(),
            }
        )
        start = end + timedelta(days=1)
    return orjson.dumps(roles).decode()


def _speaker(rng: random.Random, ident: int, names: list[str], words: list[str]) -> Speaker:
    if rng.random() < 0.8:
        first, last = rng.choice(names).title(), rng.choice(names).title()
        name, kind = f"{first} {last}", "person"
        aliases: tuple[str, ...] = (last,) if rng.random() < 0.6 else ()
        if rng.random() < 0.3:
            aliases += (f"the {rng.choice(words[:3000])} minister",)
    else:
        core = " ".join(w.title() for w in rng.sample(words[:5000], 2))
        name, kind = (
            f"{rng.choice(('Ministry of', 'Institute of', 'Office of'))} {core}",
            ("organization"),
        )
        aliases = ("".join(part[0] for part in name.split()).upper(),)
    return Speaker(
        id=ident,
        slug="",
        name=name,
        kind=kind,
        aliases=aliases,
        description=" ".join(_phrase_plain(rng, words, 8)).capitalize() + "."
        if rng.random() < 0.5
        else None,
        wikidata_id=f"Q{rng.randrange(1, 10**8)}" if rng.random() < 0.4 else None,
        roles_json=_roles(rng, words),
        created_at=moment(rng, day(rng.randrange(DAYS))),
    )


def _phrase_plain(rng: random.Random, words: list[str], size: int) -> list[str]:
    return [words[min(len(words) - 1, int(rng.paretovariate(0.8)))] for _ in range(size)]


def _with_unique_slugs(speakers: list[Speaker]) -> list[Speaker]:
    used: set[str] = set()
    unique = []
    for speaker in speakers:
        base = slugify(speaker.name)
        slug, serial = base, 2
        while slug in used:
            slug, serial = f"{base}-{serial}", serial + 1
        used.add(slug)
        unique.append(dataclasses.replace(speaker, slug=slug))
    return unique


def make_speakers(rng: random.Random, words: list[str]) -> list[Speaker]:
    """About five thousand people and organisations, some with aliases and roles."""
    names = make_words(rng, 3000, min_syllables=2)
    speakers = [_speaker(rng, ident, names, words) for ident in range(1, SPEAKERS + 1)]
    return _with_unique_slugs(speakers)


def make_sources(rng: random.Random, catalog_words: list[str]) -> list[Source]:
    """Twenty thousand articles and posts, each with a title."""
    publishers = [
        f"{w.title()} {rng.choice(('News', 'Times', 'Post', 'Daily'))}"
        for w in make_words(rng, 300, min_syllables=2)
    ]
    weights = zipf_cumulative(len(catalog_words), 1.0)
    sources = []
    for ident in range(1, SOURCES + 1):
        publisher = rng.choice(publishers)
        title_words = rng.choices(catalog_words, cum_weights=weights, k=rng.randrange(5, 13))
        published = moment(rng, day(rng.randrange(DAYS)))
        domain = publisher.lower().replace(" ", "") + ".example"
        slug = "-".join(title_words[:6])
        sources.append(
            Source(
                id=ident,
                url=f"https://{domain}/{published:%Y/%m}/{slug}-{ident}",
                title=" ".join(title_words).capitalize(),
                publisher=publisher,
                kind=rng.choice(SOURCE_KINDS),
                published_at=published,
                language=rng.choice(LANGUAGES),
                created_at=published + timedelta(hours=rng.randrange(1, 72)),
            )
        )
    return sources


def make_measures(rng: random.Random, words: list[str]) -> list[Measure]:
    """Five hundred measures, each in one unit with its own order of magnitude."""
    measures, used = [], set[str]()
    for ident in range(1, MEASURES + 1):
        unit, kind = rng.choice(UNITS)
        name = " ".join(rng.sample(words[:4000], 3)).capitalize()
        slug = slugify(name)
        while slug in used:
            slug += "-x"
        used.add(slug)
        measures.append(
            Measure(
                id=ident,
                slug=slug,
                name=name,
                unit=unit,
                kind=kind,
                description=None,
                magnitude=10.0 ** rng.randrange(0, 7),
                created_at=moment(rng, day(rng.randrange(DAYS))),
            )
        )
    return measures


def make_catalog(seed: int) -> Catalog:
    """Words, speakers, sources, measures and tags for a seed."""
    rng = random.Random(seed)
    words = make_words(rng, VOCABULARY_SIZE)
    tag_words = make_words(random.Random(seed + 1), TAGS * 2, min_syllables=2)
    tags = sorted(
        {f"{a}-{b}" if i % 3 else a for i, (a, b) in enumerate(itertools.pairwise(tag_words))}
    )[:TAGS]
    rng.shuffle(tags)
    return Catalog(
        words=words,
        word_weights=zipf_cumulative(len(words), 1.07),
        speakers=make_speakers(rng, words),
        speaker_weights=_permuted_weights(rng, SPEAKERS, 0.85),
        sources=make_sources(rng, words),
        source_weights=_permuted_weights(rng, SOURCES, 0.6),
        measures=make_measures(rng, words),
        measure_weights=_permuted_weights(rng, MEASURES, 0.9),
        tags=tags,
        tag_weights=zipf_cumulative(len(tags), 1.0),
    )


def _value(rng: random.Random, magnitude: float) -> float:
    raw = magnitude * math.exp(rng.gauss(0, 1.2))
    digits = max(0, 2 - math.floor(math.log10(raw)))
    return round(raw, digits)


def _figure(
    rng: random.Random, ident: int, claim_id: int, position: int, measure: Measure, said_on: date
) -> tuple[object, ...]:
    """One figure in the measure's own unit, so norm_* equal the written numbers."""
    qualifier = rng.choice(QUALIFIERS)
    value = _value(rng, measure.magnitude)
    lower = upper = None
    if qualifier == "range":
        lower, upper = round(value * 0.8, 6), round(value * 1.2, 6)
        value = (lower + upper) / 2
    period_start = period_end = None
    if rng.random() < 0.2:
        period_start, period_end = said_on - timedelta(days=rng.randrange(7, 366)), said_on
    return (
        *(ident, claim_id, measure.id, position, value, measure.unit, qualifier, lower, upper),
        *(said_on, period_start, period_end, value, lower, upper),
    )


def _review(rng: random.Random, ident: int, claim_id: int, said_on: date) -> tuple[object, ...]:
    reviewer = rng.choice(REVIEWERS)
    label = rng.choices(range(len(RATINGS)), weights=RATING_WEIGHTS)[0]
    score = min(5, label + 1)
    reviewed = said_on + timedelta(days=rng.randrange(1, 21))
    created = moment(rng, reviewed)
    slug = reviewer.lower().replace(" ", "-")
    return (
        *(ident, claim_id, reviewer, f"https://{slug}.example", f"https://{slug}.example/{ident}"),
        *(RATINGS[label], float(score), 5.0, 1.0, reviewed),
        *("A reviewer's summary of the evidence.", "en", 1, created, created),
        rating_key(RATINGS[label]),  # ?rating= compares it, as the app writes it
    )


@dataclass
class Counters:
    """Next ids of the rows claims own."""

    figure: int = 1
    review: int = 1


def _claim_text(rng: random.Random, catalog: Catalog, figures: list[tuple[object, ...]]) -> str:
    words = _phrase(rng, catalog, rng.randrange(8, 26))
    for figure in figures:
        words.insert(rng.randrange(len(words)), f"{figure[4]:,g} {figure[5]}")
    return " ".join(words).capitalize() + "."


def _language(rng: random.Random) -> str:
    return rng.choices(CLAIM_LANGUAGES, weights=CLAIM_LANGUAGE_WEIGHTS)[0]


def add_claim(
    rng: random.Random, catalog: Catalog, chunk: Chunk, claim_id: int, counters: Counters
) -> None:
    """Append one claim and everything it owns to the chunk."""
    speaker = rng.choices(catalog.speakers, cum_weights=catalog.speaker_weights)[0]
    said_on = day(min(DAYS - 1, int(DAYS * math.sqrt(rng.random()))))
    figures = []
    if rng.random() < 0.5:
        picked = rng.choices(catalog.measures, cum_weights=catalog.measure_weights, k=2)
        for position in range(1 if rng.random() < 0.7 else 2):
            figures.append(
                _figure(rng, counters.figure, claim_id, position, picked[position], said_on)
            )
            counters.figure += 1
    chosen = rng.choices(catalog.sources, cum_weights=catalog.source_weights, k=2)
    sources = list(dict.fromkeys(chosen[: 1 if rng.random() < 0.7 else 2]))
    for position, source in enumerate(sources):
        excerpt = None if rng.random() < 0.6 else " ".join(_phrase(rng, catalog, 10))
        chunk.appearances.append((claim_id, source.id, position, excerpt))
    count = rng.choices((0, 1, 2, 3, 4), weights=(15, 35, 30, 15, 5))[0]
    tags = sorted(set(rng.choices(catalog.tags, cum_weights=catalog.tag_weights, k=count)))
    chunk.tags.extend((claim_id, tag) for tag in tags)
    chunk.figures.extend(figures)
    if rng.random() < 0.02:
        chunk.reviews.append(_review(rng, counters.review, claim_id, said_on))
        counters.review += 1
    titles = " ".join(source.title for source in sorted(sources, key=lambda s: s.id))
    created = moment(rng, said_on + timedelta(days=rng.randrange(0, 3)))
    chunk.claims.append(
        (
            *(claim_id, speaker.id, _claim_text(rng, catalog, figures), rng.random() < 0.4),
            *(said_on, rng.choice(CHANNELS), _language(rng), 1, created, created),
            f"{speaker.search_head} {titles}".strip(" "),
        )
    )


def claim_chunks(catalog: Catalog, seed: int, total: int, size: int) -> Iterator[Chunk]:
    """Claims 1..total in chunks of `size`, the same for the same seed."""
    rng, counters = random.Random(seed * 7919 + 17), Counters()
    for start in range(1, total + 1, size):
        chunk = Chunk()
        for claim_id in range(start, min(total, start + size - 1) + 1):
            add_claim(rng, catalog, chunk, claim_id, counters)
        yield chunk
