"""The libraries made for extraction's sub-tasks, measured against what claimtrack has.

Issue 13 asks to use libraries made for the job where they serve, measured against the
extractor's own code. Three of them, each on the annotated corpora (the development ones
together; the held-out ones pooled, aggregate scores only):

- **language** (`app/extraction/text/language.py` against lingua, restricted to English,
  Ukrainian and Russian): accuracy on every paragraph's `language` label and on each of its
  sentences (labelled as their paragraph), and texts per second;
- **sentences** (`app/extraction/text/sentences.py` against pysbd, Russian rules for Ukrainian
  text, which pysbd lacks): the extraction scored with each splitter in turn
  (bench.extraction_eval's metrics), and paragraphs split per second;
- **dates** (the extractor's period finders against dateparser's `search_dates`, relative to
  each paragraph's said_on, in its language): of the dates the annotations state (a figure's
  as_of, a period's first day), the share found among the dates each reads in the paragraph,
  and paragraphs per second.

Run: python -m bench.extraction_libraries --corpus FILE ... --held-out FILE ...
(`make eval-extraction-libraries` installs the three libraries, the `eval-libraries` extra,
and runs it on the corpora `make eval-extraction` scores.) The app uses none of them: the
figures say why (bench/README.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.extraction.periods.resolve import find_periods
from app.extraction.text.language import detect_language
from app.extraction.text.sentences import Sentence, paragraphs, split_sentences
from bench.extraction_eval import evaluate

extract_module = importlib.import_module("app.extraction.extract")  # the module, not the function
Item = dict[str, Any]
PYSBD_LANGUAGE = {"en": "en", "ru": "ru", "uk": "ru"}
DATEPARSER_LANGUAGE = {"en": "en", "ru": "ru", "uk": "uk"}


def _load(paths: Sequence[Path]) -> list[Item]:
    return [item for path in paths for item in json.loads(path.read_text(encoding="utf-8"))]


def _rate(work: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    """Inputs handled per second (one pass, after one warm-up call)."""
    if not inputs:
        return 0.0
    work(inputs[0])
    started = time.perf_counter()
    for value in inputs:
        work(value)
    return len(inputs) / (time.perf_counter() - started)


# Language


def _lingua() -> Callable[[str], str | None]:
    from lingua import Language, LanguageDetectorBuilder

    codes = {Language.ENGLISH: "en", Language.UKRAINIAN: "uk", Language.RUSSIAN: "ru"}
    detector = LanguageDetectorBuilder.from_languages(*codes).build()

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return None if found is None else codes[found]

    return detect


def _sentences(items: Sequence[Item]) -> list[tuple[str, str, str]]:
    """(language, sentence, its paragraph) for every sentence of the paragraphs."""
    return [
        (item.get("language", "en"), item["text"][s.start : s.end], item["text"])
        for item in items
        for s in split_sentences(item["text"])
    ]


def language_rows(items: Sequence[Item]) -> list[tuple[str, str, str, str]]:
    """Rows (texts, detector, accuracy, texts/s) for paragraphs and sentences."""
    detectors = {"claimtrack": detect_language, "lingua": _lingua()}
    rows = []
    with_paragraphs = _sentences(items)
    whole = [(item.get("language", "en"), item["text"]) for item in items]
    parts = [(language, text) for language, text, _paragraph in with_paragraphs]
    for kind, labelled in (("paragraphs", whole), ("sentences", parts)):
        texts = [text for _language, text in labelled]
        for name, detect in detectors.items():
            right = sum(detect(text) == language for language, text in labelled)
            if kind == "sentences":  # as /v1/extract answers: the sentence's, else the text's
                fallback = sum(
                    (detect(text) or detect(paragraph)) == language
                    for language, text, paragraph in with_paragraphs
                )
                rows.append(
                    (f"{kind}, else paragraph", name, f"{fallback / len(labelled):.3f}", "")
                )
            rows.append(
                (
                    f"{kind} ({len(labelled)})",
                    name,
                    f"{right / len(labelled):.3f}",
                    f"{_rate(detect, texts):,.0f}",
                )
            )
    return rows


# Sentences


def _pysbd_splitter() -> Callable[[str], list[Sentence]]:
    import pysbd

    segmenters: dict[str, Any] = {}

    def split(text: str) -> list[Sentence]:
        found = []
        for index, (start, end) in enumerate(paragraphs(text)):
            language = PYSBD_LANGUAGE.get(detect_language(text[start:end]) or "en", "en")
            if language not in segmenters:
                segmenters[language] = pysbd.Segmenter(language=language, char_span=True)
            for span in segmenters[language].segment(text[start:end]):
                sentence = span.sent.rstrip()
                if sentence.strip():
                    found.append(
                        Sentence(start + span.start, start + span.start + len(sentence), index)
                    )
        return found

    return split


@contextmanager
def _splitter(split: Callable[[str], list[Sentence]]) -> Iterator[None]:
    """The extractor with another sentence splitter."""
    kept = extract_module.split_sentences
    extract_module.split_sentences = split  # type: ignore[assignment]
    try:
        yield
    finally:
        extract_module.split_sentences = kept  # type: ignore[assignment]


def sentence_rows(parts: dict[str, list[Item]]) -> list[tuple[str, ...]]:
    """Rows (part, splitter, precision, recall, period, attribution, paragraphs/s)."""
    splitters = {"claimtrack": split_sentences, "pysbd": _pysbd_splitter()}
    rows = []
    for part, items in parts.items():
        texts = [item["text"] for item in items]
        for name, split in splitters.items():
            with _splitter(split):
                scores = evaluate(items)
            rows.append(
                (
                    part,
                    name,
                    f"{scores.precision:.3f}",
                    f"{scores.recall:.3f}",
                    f"{scores.period or 0:.3f}",
                    f"{scores.speaker or 0:.3f}",
                    f"{_rate(split, texts):,.0f}",
                )
            )
    return rows


# Dates


def _stated_dates(item: Item) -> set[date]:
    """The days the annotations state: each figure's as_of and first day of its period."""
    days = set()
    for figure in item["figures"]:
        for key in ("as_of", "period_start"):
            if figure.get(key):
                days.add(date.fromisoformat(figure[key]))
    return days


def _ours(item: Item) -> set[date]:
    said_on = date.fromisoformat(item["said_on"])
    days: set[date] = set()
    for s in split_sentences(item["text"]):
        for p in find_periods(item["text"][s.start : s.end], said_on):
            days.update(day for day in (p.period_start, p.period_end, p.as_of) if day)
    return days


def _dateparser(item: Item) -> set[date]:
    from dateparser.search import search_dates

    said_on = date.fromisoformat(item["said_on"])
    language = DATEPARSER_LANGUAGE.get(item.get("language", "en"), "en")
    settings = {"RELATIVE_BASE": datetime(said_on.year, said_on.month, said_on.day)}
    found = search_dates(item["text"], languages=[language], settings=settings) or []
    return {moment.date() for _text, moment in found}


def date_rows(parts: dict[str, list[Item]]) -> list[tuple[str, ...]]:
    """Rows (part, reader, stated dates found, paragraphs/s)."""
    readers = {"claimtrack": _ours, "dateparser": _dateparser}
    rows = []
    for part, items in parts.items():
        stated = [(item, _stated_dates(item)) for item in items]
        total = sum(len(days) for _item, days in stated)
        for name, read in readers.items():
            found = sum(len(days & read(item)) for item, days in stated)
            rows.append(
                (part, name, f"{found / total:.3f} of {total}", f"{_rate(read, items):,.1f}")
            )
    return rows


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    return table


def main(argv: list[str] | None = None) -> int:
    """Print the three comparisons."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--held-out", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    parts = {"development": _load(args.corpus), "held out (pooled)": _load(args.held_out)}
    parts = {name: items for name, items in parts.items() if items}
    console = Console(width=120)
    everything = [item for items in parts.values() for item in items]
    console.print(
        _table("language", ("texts", "detector", "accuracy", "texts/s"), language_rows(everything))
    )
    columns = ("part", "splitter", "precision", "recall", "period", "attribution", "paragraphs/s")
    console.print(
        _table("sentences: extraction scored with each splitter", columns, sentence_rows(parts))
    )
    columns = ("part", "reader", "stated dates found", "paragraphs/s")
    console.print(_table("dates read from the paragraphs", columns, date_rows(parts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
