"""Extraction time per kilobyte at 10 KB, 100 KB and 1 MB: the target is linear time.

News-like texts are the annotated corpus's paragraphs repeated in a shuffled order (one
paragraph a line, with their speakers known); the pathological texts are "1 " repeated, one
sentence of figures without a sentence end, and one endless sentence of time phrases ("в
выходные торік ... годом ранее ...", see period_text). Prints ms per KB for each size and the
ratio of the slowest to the fastest per-KB time (within 2x counts as linear).

Then the time of a 20 KB news text against a newsroom's worth of known speakers (the corpus's
own plus 1,000 and 10,000 generated people and organisations, some named after words the text
holds): the target is within 2x of the corpus's own speakers alone.

Run: python -m bench.extraction_speed [--sizes 10,100,1000] [--repeat 1] [--known 1000,10000]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from app.extraction import KnownSpeaker, extract

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "extraction" / "corpus.json"
TARGET_RATIO = 2.0


def _corpus() -> tuple[list[str], list[KnownSpeaker]]:
    """The corpus paragraphs and every speaker they know, deduplicated by id."""
    items = json.loads(CORPUS.read_text())
    speakers = {
        s["id"]: KnownSpeaker(s["id"], tuple(s["names"]), s["kind"], tuple(s.get("titles", ())))
        for item in items
        for s in item.get("speakers", ())
    }
    return [item["text"] for item in items], list(speakers.values())


def news_text(size: int, paragraphs: list[str], seed: int = 7) -> str:
    """About size bytes of corpus paragraphs in a shuffled order, one per line."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        para = rng.choice(paragraphs)
        out.append(para)
        total += len(para.encode()) + 1
    return "\n".join(out)


def pathological_text(size: int) -> str:
    """One endless sentence of figures: '1 1 1 ...'."""
    return "1 " * (size // 2)


PERIOD_PHRASES = (
    "в выходные торік 5 по итогам года в прошлом году 7 годом ранее на 1 октября "
    "у вихідні наступного року 3 over the weekend last year 4 "
)


def period_text(size: int) -> str:
    """One endless sentence of time phrases and figures, English, Ukrainian and Russian: each
    phrase a period finder reads, each looking back for the words around it."""
    return (PERIOD_PHRASES * (size // len(PERIOD_PHRASES) + 1))[:size]


SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mel",
    "an",
    "vo",
    "sta",
    "lin",
    "ber",
    "gov",
    "ski",
    "en",
    "ur",
    "dem",
    "pal",
    "o",
    "na",
    "sev",
]
COMMON = [
    "The",
    "Ministry",
    "Minister",
    "Russian",
    "Ukrainian",
    "President",
    "Governor",
    "Institute",
    "Army",
]


def many_speakers(count: int, seed: int = 11) -> list[KnownSpeaker]:
    """count generated speakers: two-word people, and organisations named after common words."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()

    made = []
    for n in range(count):
        if n % 4 == 0:
            name = f"{rng.choice(COMMON)} of {word()}"
            made.append(KnownSpeaker(-1 - n, (name, word().upper()), "organization", ()))
        else:
            made.append(KnownSpeaker(-1 - n, (f"{word()} {word()}",), "person", ("official",)))
    return made


def _ms_per_kb(run: Callable[[], object], size: int, repeat: int) -> float:
    """Best-of-repeat milliseconds per kilobyte."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best * 1000 / (size / 1024)


def main() -> None:
    """Time both kinds of text at every size and print the per-KB ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000", help="sizes in KB")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--known", default="1000,10000", help="extra known speakers")
    args = parser.parse_args()
    sizes = [int(s) * 1024 for s in args.sizes.split(",")]
    paragraphs, speakers = _corpus()
    extract(news_text(2048, paragraphs), speakers=speakers)  # compile the patterns first
    kinds: dict[str, Callable[[int], str]] = {
        "news": lambda n: news_text(n, paragraphs),
        "'1 ' * N": pathological_text,
        "periods": period_text,
    }
    print(f"{'text':<10}{'size':>8}{'ms/KB':>10}")
    for name, make in kinds.items():
        rates = []
        for size in sizes:
            text = make(size)
            rate = _ms_per_kb(lambda t=text: extract(t, speakers=speakers), size, args.repeat)
            rates.append(rate)
            print(f"{name:<10}{size // 1024:>6}KB{rate:>10.3f}", flush=True)
        ratio = max(rates) / min(rates)
        verdict = "linear" if ratio <= TARGET_RATIO else "NOT linear"
        print(f"{name:<10} max/min per-KB ratio {ratio:.2f} ({verdict}, target <= {TARGET_RATIO})")
    text, size = news_text(20 * 1024, paragraphs), 20 * 1024
    alone = _ms_per_kb(lambda: extract(text, speakers=speakers), size, args.repeat)
    print(f"{'known':<10}{len(speakers):>8}{alone:>10.3f}  (20 KB news, the corpus's speakers)")
    for extra in (int(n) for n in args.known.split(",") if n):
        known = speakers + many_speakers(extra)
        rate = _ms_per_kb(lambda k=known: extract(text, speakers=k), size, args.repeat)
        verdict = "ok" if rate <= TARGET_RATIO * alone else "SLOW"
        print(f"{'known':<10}{len(known):>8}{rate:>10.3f}  {rate / alone:.2f}x alone ({verdict})")


if __name__ == "__main__":
    main()
