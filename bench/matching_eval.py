"""Score claim matching on the labelled queries, next to plain full-text search (BM25) alone.

The store: the demo's claims and tests/matching/stored.json, written on a new SQLite database
(or the PostgreSQL one given). Each query goes to POST /v1/claims/match as a client sends it;
the baseline runs the same words as one full-text query (any word, ranked by BM25 on SQLite,
ts_rank on PostgreSQL) and links its first hit.

- recall@k: of the queries with a target, those with a target among the first k answers;
- precision at the linking threshold: of the queries whose first answer is linkable (`same`
  or `repeat` at or above the threshold; for the baseline, any first hit), those whose first
  answer is a target and whose label is `same` or `repeat`; link recall: of the queries
  labelled `same` or `repeat`, those linked right;
- figure verdict: of the queries whose figure is labelled as agreeing or not, with a target
  among the answers, those where the target's relation says so (`conflicting_figure` for a
  disagreeing figure, any other relation for an agreeing one). The baseline has none (n/a).

Run: python -m bench.matching_eval [--queries FILE ...] [--held-out FILE] [-v] [--database-url]
(`make eval-matching`: the development queries, then the held-out ones apart; -v lists the
development misses only: the held-out set is scored, never read to tune.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from app.claims.listing import fast_runner
from app.claims.schemas import ClaimCreate
from app.claims.service import create_claim
from app.db.migrations import upgrade
from app.db.session import Database
from app.demo.loader import load_into
from app.main import create_app
from app.matching.candidates import full_text_ids
from app.matching.text import search_words
from app.measures.schemas import MeasureCreate
from app.measures.service import create_measure
from app.search.query import MAX_TERMS
from app.settings import Settings
from app.speakers.schemas import SpeakerCreate
from app.speakers.service import create_speaker

FOLDER = Path(__file__).resolve().parents[1] / "tests" / "matching"
STORED = FOLDER / "stored.json"
TARGETS = {"recall@5": 0.95, "precision": 0.97, "figure verdict": 0.98}
LINKED = {"same", "repeat"}
CONFLICT = "conflicting_figure"
ACTOR = "matching evaluation"
Answer = list[dict[str, Any]]  # {"claim_id", "relation", "linkable"}, best first
System = Callable[[dict[str, Any]], Awaitable[Answer]]


@dataclass(frozen=True, slots=True)
class Scores:
    """One system's figures on one part; None where it cannot say."""

    queries: int
    recall_1: float | None
    recall_5: float | None
    precision: float | None
    linked: int
    link_recall: float
    figure_verdict: float | None
    figure_pairs: int


async def load_store(database: Database) -> dict[str, int]:
    """Write the demo and the stored claims; the id of every claim by its text."""
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    async with database.writer() as session, session.begin():
        await load_into(session)
        for speaker in stored["speakers"]:
            await create_speaker(session, SpeakerCreate.model_validate(speaker), actor=ACTOR)
        for measure in stored["measures"]:
            await create_measure(session, MeasureCreate.model_validate(measure), actor=ACTOR)
        for claim in stored["claims"]:
            body = _without(claim, "speaker")
            body["speaker_id"] = claim["speaker"]
            body["figures"] = [
                {"measure_id": figure["measure"], **_without(figure, "measure")}
                for figure in claim.get("figures", [])
            ]
            await create_claim(session, ClaimCreate.model_validate(body), actor=ACTOR)
    rows = await database.fast.fetch("SELECT id, text FROM claims", {})
    return {text: claim_id for claim_id, text in rows}


def _without(item: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != name}


def target_ids(query: dict[str, Any], texts: dict[str, int]) -> set[int]:
    """The ids of the query's targets (text prefixes); an unknown prefix is a broken file."""
    ids = set()
    for prefix in query["targets"]:
        found = [claim_id for text, claim_id in texts.items() if text.startswith(prefix)]
        if len(found) != 1:
            raise SystemExit(f"{query['id']}: target {prefix!r} names {len(found)} claims")
        ids.add(found[0])
    return ids


def _body(query: dict[str, Any]) -> dict[str, Any]:
    fields = ("text", "language", "speaker", "said_on", "figures")
    return {name: query[name] for name in fields if query.get(name) is not None}


def matcher(client: httpx.AsyncClient, seconds: list[float]) -> System:
    """claimtrack's matching, through the API; each request's time is added to seconds."""

    async def run(query: dict[str, Any]) -> Answer:
        started = time.perf_counter()
        response = await client.post("/v1/claims/match", json=_body(query), params={"limit": 10})
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{query['id']}: {response.status_code} {response.text}")
        return list(response.json()["items"])

    return run


def bm25(database: Database) -> System:
    """Full-text search alone: the query's words (as many as a search takes), any of them,
    whole words, ranked."""

    async def run(query: dict[str, Any]) -> Answer:
        words = search_words(query["text"])
        ids = await full_text_ids(
            fast_runner(database.fast), database.dialect, words, prefixes=False, most=MAX_TERMS
        )
        return [{"claim_id": claim_id, "relation": None, "linkable": True} for claim_id in ids[:10]]

    return run


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _figure_right(query: dict[str, Any], answer: Answer, targets: set[int]) -> bool | None:
    """Whether the first target answered has the relation the figure label says; None when the
    query has no figure label or no target was answered (or the system gives no relation)."""
    if query["agree"] is None:
        return None
    found = next((match for match in answer if match["claim_id"] in targets), None)
    if found is None or found["relation"] is None:
        return None
    return (found["relation"] == CONFLICT) == (query["agree"] is False)


async def evaluate(
    queries: Sequence[dict[str, Any]], system: System, texts: dict[str, int], misses: list[str]
) -> Scores:
    """Score one system on queries; what it got wrong is added to misses."""
    with_target = recall_1 = recall_5 = linked = right_links = wanted_links = 0
    figure_pairs = figures_right = 0
    for query in queries:
        targets = target_ids(query, texts)
        answer = await system(query)
        ranked = [match["claim_id"] for match in answer]
        if targets:
            with_target += 1
            recall_1 += bool(targets & set(ranked[:1]))
            recall_5 += bool(targets & set(ranked[:5]))
            if not targets & set(ranked[:5]):
                misses.append(f"{query['id']} ({query['kind']}): no target in the first five")
        should_link = query["relation"] in LINKED
        wanted_links += should_link
        if answer and answer[0]["linkable"]:
            linked += 1
            good = should_link and answer[0]["claim_id"] in targets
            right_links += good
            if not good:
                misses.append(f"{query['id']} ({query['kind']}): linked to {answer[0]['claim_id']}")
        elif should_link:
            misses.append(f"{query['id']} ({query['kind']}): not linked")
        verdict = _figure_right(query, answer, targets)
        if verdict is not None:
            figure_pairs += 1
            figures_right += verdict
            if not verdict:
                misses.append(f"{query['id']} ({query['kind']}): wrong figure relation")
    return Scores(
        queries=len(queries),
        recall_1=_ratio(recall_1, with_target),
        recall_5=_ratio(recall_5, with_target),
        precision=_ratio(right_links, linked),
        linked=linked,
        link_recall=right_links / wanted_links if wanted_links else 0.0,
        figure_verdict=_ratio(figures_right, figure_pairs),
        figure_pairs=figure_pairs,
    )


def _timing(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, len(ordered) * 99 // 100)]
    return f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _print(name: str, ours: Scores, baseline: Scores) -> list[str]:
    """The part's table; the names of the targets missed."""
    print(f"{name}: {ours.queries} queries")
    print(f"  {'metric':<22}{'claimtrack':>12}{'BM25 alone':>12}{'target':>9}")
    rows = [
        ("recall@1", ours.recall_1, baseline.recall_1),
        ("recall@5", ours.recall_5, baseline.recall_5),
        ("precision", ours.precision, baseline.precision),
        ("link recall", ours.link_recall, baseline.link_recall),
        ("figure verdict", ours.figure_verdict, baseline.figure_verdict),
    ]
    below = []
    for metric, mine, theirs in rows:
        goal = TARGETS.get(metric)
        print(f"  {metric:<22}{_cell(mine):>12}{_cell(theirs):>12}{_cell(goal):>9}")
        if goal is not None and (mine is None or mine < goal):
            below.append(f"{name} {metric}")
    print(
        f"  links made: {ours.linked} (BM25: {baseline.linked}); figure pairs: {ours.figure_pairs}"
    )
    return below


async def _print_kinds(
    queries: Sequence[dict[str, Any]], ours: System, baseline: System, texts: dict[str, int]
) -> None:
    """recall@1 and the links made (of them right) per kind of pair, beside BM25's recall@1."""
    print(f"  {'kind':<14}{'queries':>8}{'recall@1':>10}{'BM25':>7}{'links (right)':>15}")
    for kind in sorted({query["kind"] for query in queries}):
        part = [query for query in queries if query["kind"] == kind]
        mine = await evaluate(part, ours, texts, [])
        theirs = await evaluate(part, baseline, texts, [])
        right = round((mine.precision or 0) * mine.linked)
        recall = "n/a" if mine.recall_1 is None else f"{mine.recall_1:.2f}"
        bm25_recall = "n/a" if theirs.recall_1 is None else f"{theirs.recall_1:.2f}"
        links = f"{mine.linked} ({right})"
        print(f"  {kind:<14}{len(part):>8}{recall:>10}{bm25_recall:>7}{links:>15}")


async def run_parts(
    parts: list[tuple[str, list[dict[str, Any]], bool]], database_url: str
) -> list[str]:
    """Score every part on a store made once (a migrated database); the targets missed."""
    settings = Settings(
        database_url=database_url, rate_limit_per_minute=0, anonymous_rate_limit_per_minute=0
    )
    app = create_app(settings)
    below: list[str] = []
    async with app.router.lifespan_context(app):
        database: Database = app.state.db
        texts = await load_store(database)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://eval") as client:
            for number, (name, queries, verbose) in enumerate(parts):
                if number:
                    print()
                misses: list[str] = []
                seconds: list[float] = []
                ours = await evaluate(queries, matcher(client, seconds), texts, misses)
                baseline = await evaluate(queries, bm25(database), texts, [])
                below += _print(name, ours, baseline)
                print(f"  POST /v1/claims/match over ASGI, {len(texts)} claims: {_timing(seconds)}")
                await _print_kinds(queries, matcher(client, []), bm25(database), texts)
                if verbose:
                    print("\n".join(f"  miss: {miss}" for miss in misses))
    return below


def main(argv: list[str] | None = None) -> int:
    """Score the development queries, then the held-out ones apart; non-zero below target."""
    parser = argparse.ArgumentParser(description="Score claim matching on labelled queries.")
    parser.add_argument("--queries", type=Path, action="append", help="development queries")
    parser.add_argument(
        "--held-out", type=Path, action="append", help="held-out queries: scored, never tuned to"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list development misses")
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args(argv)
    parts = []
    for path in args.queries or [FOLDER / "dev.json"]:
        parts.append(
            (f"development ({path.name})", json.loads(path.read_text("utf-8")), args.verbose)
        )
    for path in args.held_out or []:
        parts.append((f"held out ({path.name})", json.loads(path.read_text("utf-8")), False))
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/matching.db"
        upgrade(url)
        below = asyncio.run(run_parts(parts, url))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
