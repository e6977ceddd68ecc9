"""An independent measure comparison: the benchmark's baseline and a check of claimtrack's answer.

Written from the documented rules (README.md, /work/shared/API.md, the response schema in the
OpenAPI document), not from claimtrack's code: its own SQL on the raw driver, its own intervals,
revisions, summary, conflicts and consensus, its own JSON. It imports nothing of claimtrack.

Rules as documented:
- interval of a figure's words, t the approximation tolerance: exact [v, v]; approximately
  [v(1-t), v(1+t)]; at_least [v, ∞); more_than (v, ∞); at_most [0, v]; less_than [0, v);
  range [lower, upper]; an unbounded end is null and counts as included;
- figures oldest first (as_of, then said_on, then id), each with its first source;
- revision (README "Revisions go by what was said when"): statements are ordered by the
  claim's said_on, then the order claims were recorded in (the claim id). A figure is
  superseded by the first later statement of the same speaker about the same thing with
  another value or interval: the same period if it covers one (an open one runs to its
  as_of), otherwise the same as_of; the same number again supersedes nothing, nor does a
  figure of the same claim. Each superseded figure gives a `restated` revision to the one that
  superseded it. A figure for a later as_of with another value is a `later_as_of` revision,
  both standing. Superseded figures are marked (superseded_by) and left out of summary
  (superseded_left_out counts them), conflicts and consensus unless include_superseded;
  `latest` is the newest standing figure (as_of, then said_on);
- summary: count, speakers, min, max, median, spread (max - min), ratio (max / min, null unless
  min > 0);
- conflict: two figures of different speakers whose as_of lie within window_days and whose
  intervals share no number; gap between the nearest ends, gap_percent of the smaller figure
  (null when it is 0); the most severe (largest gap_percent) first, at most `limit`, with the
  total (where a null gap_percent goes is not documented: as 0 here, as claimtrack does);
- consensus: what the latest figure of every speaker within window_days of the newest as_of
  all allow, from that window's start to the newest as_of; null when they share nothing.
"""

import heapq
import math
import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

INF = math.inf
SQL = """
SELECT f.id, f.claim_id, f.qualifier, f.value, f.unit, f.lower, f.upper, f.norm_value,
       f.norm_lower, f.norm_upper, f.as_of, f.period_start, f.period_end, c.said_on,
       sp.id, sp.name, sp.slug,
       (SELECT a.source_id FROM appearances a WHERE a.claim_id = c.id
        ORDER BY a.position, a.source_id LIMIT 1) AS first_source
FROM figures f JOIN claims c ON c.id = f.claim_id JOIN speakers sp ON sp.id = c.speaker_id
WHERE f.measure_id = {param}
ORDER BY f.as_of, c.said_on, f.id
"""
SOURCES = "SELECT id, url, title FROM sources WHERE id IN ({ids})"
MEASURE = "SELECT id, slug, name, unit FROM measures WHERE slug = {param}"


@dataclass(frozen=True)
class Span:
    """Numbers from low to high; an infinite end is unbounded (and shown as null, included)."""

    low: float
    high: float
    low_in: bool
    high_in: bool

    def json(self) -> dict[str, Any]:
        """The interval fields of the API."""
        return {
            "low": None if self.low == -INF else self.low,
            "high": None if self.high == INF else self.high,
            "low_inclusive": self.low_in or self.low == -INF,
            "high_inclusive": self.high_in or self.high == INF,
        }


def span_of(qualifier: str, v: float, lower: float | None, upper: float | None, t: float) -> Span:
    """The interval a qualifier allows around v (the documented table)."""
    if qualifier == "range":
        return Span(float(lower), float(upper), True, True)  # type: ignore[arg-type]
    if qualifier == "approximately":
        ends = sorted((v * (1 - t), v * (1 + t)))
        return Span(ends[0], ends[1], True, True)
    floor = 0.0 if v > 0 or (v == 0 and qualifier == "at_most") else -INF
    return {
        "exact": Span(v, v, True, True),
        "at_least": Span(v, INF, True, True),
        "more_than": Span(v, INF, False, True),
        "at_most": Span(floor, v, True, True),
        "less_than": Span(floor, v, True, False),
    }[qualifier]


def distance(x: Span, y: Span) -> float:
    """How far apart the nearest ends are; 0 when they overlap or touch."""
    return max(0.0, y.low - x.high, x.low - y.high)


def common(spans: list[Span]) -> Span | None:
    """What every interval allows, or None."""
    low = max(spans, key=lambda s: (s.low, not s.low_in))
    high = min(spans, key=lambda s: (s.high, s.high_in))
    shared = Span(low.low, high.high, low.low_in, high.high_in)
    if shared.low > shared.high or (
        shared.low == shared.high and not (low.low_in and high.high_in)
    ):
        return None
    return shared


@dataclass(eq=False)
class Fig:
    """One figure of the measure, in the measure's unit."""

    id: int
    claim_id: int
    qualifier: str
    value: float
    span: Span
    as_of: date
    period: tuple[date | None, date | None]
    said_on: date
    speaker: dict[str, Any]
    written: dict[str, Any]
    source: int | None
    order: int = 0
    superseded_by: "Fig | None" = None

    def ref(self) -> dict[str, Any]:
        """The short form inside revisions, conflicts and latest."""
        return {
            "figure_id": self.id,
            "claim_id": self.claim_id,
            "speaker": self.speaker["name"],
            "speaker_id": self.speaker["id"],
            "qualifier": self.qualifier,
            "value": self.value,
            **self.span.json(),
            "as_of": self.as_of,
            "said_on": self.said_on,
        }

    def statement(self) -> tuple[date, int]:
        """When it was said: the claim's said_on, then the order claims were recorded in."""
        return self.said_on, self.claim_id

    def thing(self) -> tuple[Any, ...]:
        """What it is about: its period if it covers one (an open one runs to its as_of),
        otherwise its as_of. Not documented, so as claimtrack does: a figure with only a
        period_end covers a period too (from an open start), and a figure with a period is
        never about the same thing as one without, even on the same as_of."""
        start, end = self.period
        if start is not None or end is not None:
            return ("period", start, end if end is not None else self.as_of)
        return ("as_of", self.as_of)


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def read_figures(rows: list[Any], tolerance: float) -> list[Fig]:
    """Figures from the rows of SQL, oldest first."""
    found = []
    for order, row in enumerate(rows):
        fid, cid, qualifier, value, unit, lower, upper, norm, nlow, nhigh = row[:10]
        as_of, start, end, said_on, speaker_id, name, slug, source = row[10:]
        found.append(
            Fig(
                id=fid,
                claim_id=cid,
                qualifier=qualifier,
                value=norm,
                span=span_of(qualifier, norm, nlow, nhigh, tolerance),
                as_of=_day(as_of),
                period=(_day(start), _day(end)),
                said_on=_day(said_on),
                speaker={"id": speaker_id, "slug": slug, "name": name},
                written={"value": value, "unit": unit, "lower": lower, "upper": upper},
                source=source,
                order=order,
            )
        )
    return found


def supersede(own: list[Fig]) -> None:
    """Marks each of one speaker's figures with the first later statement about the same thing
    with another value or interval, if there is one. A statement of the same claim is not
    later (same said_on, same claim), so figures of one claim supersede nothing."""
    things: dict[tuple[Any, ...], list[Fig]] = {}
    for fig in own:
        things.setdefault(fig.thing(), []).append(fig)
    for same in things.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda f: (*f.statement(), f.id))
        for at, fig in enumerate(same):
            said = fig.statement()
            for later in same[at + 1 :]:
                if later.statement() > said and (later.value, later.span) != (fig.value, fig.span):
                    fig.superseded_by = later
                    break


def _revision(kind: str, old: Fig, new: Fig) -> dict[str, Any]:
    change = new.value - old.value
    days = (new.as_of - old.as_of).days
    return {
        "kind": kind,
        "from": old.ref(),
        "to": new.ref(),
        "days": days,
        "days_between_as_of": days,
        "days_between_statements": (new.said_on - old.said_on).days,
        "change": change,
        # Not documented: percent of the earlier value's magnitude (as claimtrack does).
        "change_percent": change / abs(old.value) * 100 if old.value else None,
    }


def _revisions(own: list[Fig]) -> list[tuple[str, Fig, Fig]]:
    """(kind, earlier, later) of one speaker's figures (oldest first, superseded ones marked):
    every restatement, and each standing figure of a later as_of than the standing figure
    just before it, with another value.

    Which standing figures a later_as_of revision pairs is not documented ("a figure for a
    later as_of with another value"): as claimtrack does, only neighbours in the figures'
    order, so two standing figures of one as_of (a period and a point, or one claim's) give
    one revision from the second to the next as_of, none from the figure before them to
    both."""
    found = [("restated", fig, by) for fig in own if (by := fig.superseded_by) is not None]
    before: Fig | None = None  # the standing figure just before
    for fig in own:
        if fig.superseded_by is not None:
            continue
        if before is not None and before.as_of < fig.as_of and before.value != fig.value:
            found.append(("later_as_of", before, fig))
        before = fig
    return found


def _said_order(revision: tuple[str, Fig, Fig]) -> tuple[Any, ...]:
    """Revisions in the order they were said: by the later figure's statement, then the
    earlier one's (not documented; claimtrack's order)."""
    _, old, new = revision
    return (*new.statement(), new.id, *old.statement(), old.id)


def speaker_groups(figures: list[Fig]) -> list[dict[str, Any]]:
    """Per speaker, in order of first appearance: count, superseded, latest standing figure,
    revisions; marks the superseded figures."""
    groups: dict[int, list[Fig]] = {}
    for fig in figures:
        groups.setdefault(fig.speaker["id"], []).append(fig)
    out = []
    for own in groups.values():
        supersede(own)
        found = _revisions(own)
        standing = [fig for fig in own if fig.superseded_by is None]
        speaker = own[0].speaker
        out.append(
            {
                "speaker": {"id": speaker["id"], "name": speaker["name"]},
                "count": len(own),
                "superseded": len(own) - len(standing),
                # A figure superseded is superseded by a later one, so one always stands.
                "latest": standing[-1].ref(),
                "revisions": [_revision(*item) for item in sorted(found, key=_said_order)],
                "revisions_total": len(found),
            }
        )
    return out


def summary(figures: list[Fig], left_out: int) -> dict[str, Any]:
    """Count, speakers, min, max, median, spread, ratio; the superseded figures left out."""
    values = [fig.value for fig in figures]
    if not values:
        empty = ("min", "max", "median", "spread", "ratio")
        return {"count": 0, "speakers": 0, **dict.fromkeys(empty), "superseded_left_out": left_out}
    low, high = min(values), max(values)
    return {
        "count": len(values),
        "speakers": len({fig.speaker["id"] for fig in figures}),
        "min": low,
        "max": high,
        "median": statistics.median(values),
        "spread": high - low,
        "ratio": high / low if low > 0 else None,
        "superseded_left_out": left_out,
    }


def _conflict(a: Fig, b: Fig) -> dict[str, Any]:
    gap = distance(a.span, b.span)
    smaller = min(a.value, b.value)
    return {
        "a": a.ref(),
        "b": b.ref(),
        "gap": gap,
        "gap_percent": gap / smaller * 100 if smaller else None,
        "days_apart": abs((b.as_of - a.as_of).days),
    }


def conflict_list(figures: list[Fig], window: int, limit: int) -> tuple[list[Any], int]:
    """The `limit` most severe conflicts (largest gap_percent first, then largest gap; a null
    one, against a figure of 0, counts as 0: the documents leave its place open), and how many
    there are. Figures are taken by as_of, so each is paired only with the later ones up to
    `window` days on. Two intervals share no number when one ends below the other's start, or
    at it with either end excluded (inlined: the baseline's hot loop).

    Not documented, so as claimtrack does: figures of one as_of are taken by figure id (not
    said_on), the earlier of a pair is `a`, and conflicts of equal severity come in the order of
    their later figure, then their earlier one."""
    figures = sorted(figures, key=lambda fig: (fig.as_of, fig.id))
    days = [fig.as_of.toordinal() for fig in figures]
    speakers = [fig.speaker["id"] for fig in figures]
    lows, highs = [f.span.low for f in figures], [f.span.high for f in figures]
    low_in, high_in = [f.span.low_in for f in figures], [f.span.high_in for f in figures]
    values = [fig.value for fig in figures]
    keyed = []
    for i in range(len(figures)):
        day, speaker, low, high = days[i], speakers[i], lows[i], highs[i]
        for j in range(i + 1, len(figures)):
            if days[j] - day > window:
                break
            if speakers[j] == speaker:
                continue
            other_low, other_high = lows[j], highs[j]
            if (
                high < other_low
                or (high == other_low and not (high_in[i] and low_in[j]))
                or other_high < low
                or (other_high == low and not (high_in[j] and low_in[i]))
            ):
                gap = max(0.0, other_low - high, low - other_high)
                smaller = min(values[i], values[j])
                keyed.append((gap / smaller * 100 if smaller else 0.0, gap, -j, -i))
    top = heapq.nlargest(limit, keyed)
    return [_conflict(figures[-i], figures[-j]) for *_, j, i in top], len(keyed)


def consensus(figures: list[Fig], window: int) -> dict[str, Any] | None:
    """What the latest figure of each speaker in the final window all allow."""
    if not figures:
        return None
    newest = max(fig.as_of for fig in figures)
    start = date.fromordinal(newest.toordinal() - window)
    latest: dict[int, Fig] = {}
    for fig in figures:
        latest[fig.speaker["id"]] = fig
    chosen = sorted((f for f in latest.values() if f.as_of >= start), key=lambda f: f.order)
    shared = common([fig.span for fig in chosen])
    if shared is None:
        return None
    return {
        **shared.json(),
        "from": start,
        "to": newest,
        "figure_ids": [fig.id for fig in chosen],
    }


def figure_document(fig: Fig, measure: str, sources: dict[int, Any]) -> dict[str, Any]:
    """A figure in full, with the figure that superseded it (or null)."""
    return {
        "figure_id": fig.id,
        "claim_id": fig.claim_id,
        "speaker": fig.speaker,
        "measure": measure,
        "qualifier": fig.qualifier,
        "value": fig.value,
        "interval": fig.span.json(),
        "as_of": fig.as_of,
        "period_start": fig.period[0],
        "period_end": fig.period[1],
        "said_on": fig.said_on,
        "written": fig.written,
        "source": sources.get(fig.source) if fig.source is not None else None,
        "superseded_by": fig.superseded_by.id if fig.superseded_by is not None else None,
    }


def comparison(
    measure: dict[str, Any],
    figures: list[Fig],
    sources: dict[int, Any],
    *,
    window: int = 7,
    limit: int = 500,
    include_superseded: bool = False,
) -> bytes:
    """The whole comparison as JSON bytes: superseded figures are listed and marked, and counted
    in summary, conflicts and consensus only with `include_superseded`."""
    groups = speaker_groups(figures)
    counted = (
        figures if include_superseded else [fig for fig in figures if fig.superseded_by is None]
    )
    found, total = conflict_list(counted, window, limit)
    document = {
        "measure": measure,
        "unit": measure["unit"],
        "window_days": window,
        "from": None,
        "to": None,
        "include_superseded": include_superseded,
        "figures": [figure_document(fig, measure["slug"], sources) for fig in figures],
        "figures_total": len(figures),
        "figures_next_cursor": None,
        "by_speaker": groups,
        "by_speaker_total": len(groups),
        "by_speaker_next_cursor": None,
        "summary": summary(counted, len(figures) - len(counted)),
        "conflicts": found,
        "conflicts_total": total,
        "consensus": consensus(counted, window),
    }
    return orjson.dumps(document)


def paged(
    whole: dict[str, Any], *, figures: int = 100, speakers: int = 100, revisions: int = 3
) -> dict[str, Any]:
    """The whole answer as the comparison lists it by default (API.md): the first `figures`
    figures and `speakers` speakers, each speaker's latest `revisions` revisions, with the
    totals; a next cursor (opaque: only whether there is one is compared) where more remain."""
    shown = [
        {**group, "revisions": group["revisions"][max(0, len(group["revisions"]) - revisions) :]}
        if revisions
        else {**group, "revisions": []}
        for group in whole["by_speaker"][:speakers]
    ]
    more_figures = len(whole["figures"]) > figures
    more_speakers = len(whole["by_speaker"]) > speakers
    return {
        **whole,
        "figures": whole["figures"][:figures],
        "figures_next_cursor": "more" if more_figures and figures else None,
        "by_speaker": shown,
        "by_speaker_next_cursor": "more" if more_speakers else None,
    }


def build(
    measure: dict[str, Any],
    rows: list[Any],
    sources: list[Any],
    tolerance: float,
    *,
    include_superseded: bool = False,
) -> bytes:
    """The comparison from the rows of MEASURE, SQL and SOURCES."""
    by_id = {sid: {"id": sid, "url": url, "title": title} for sid, url, title in sources}
    figures = read_figures(rows, tolerance)
    return comparison(measure, figures, by_id, include_superseded=include_superseded)


def differences(ours: Any, theirs: Any, path: str = "", *, rel: float = 1e-9) -> list[str]:
    """Where two JSON values differ (floats within a relative tolerance), as paths; conflicts
    are matched by their pair of figure ids, so one missing pair reads as one difference."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = [f"{path}.{key}: missing in claimtrack" for key in ours.keys() - theirs.keys()]
        found += [f"{path}.{key}: only in claimtrack" for key in theirs.keys() - ours.keys()]
        for key in sorted(ours.keys() & theirs.keys()):
            if key.endswith("_next_cursor"):  # opaque: whether there is one
                if (ours[key] is None) != (theirs[key] is None):
                    found.append(
                        f"{path}.{key}: baseline {ours[key]!r}, claimtrack {theirs[key]!r}"
                    )
            elif key == "conflicts":
                found += _conflict_differences(ours[key], theirs[key], f"{path}.{key}", rel)
            else:
                found += differences(ours[key], theirs[key], f"{path}.{key}", rel=rel)
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        found = [] if len(ours) == len(theirs) else [f"{path}: {len(ours)} vs {len(theirs)} items"]
        for index, (a, b) in enumerate(zip(ours, theirs, strict=False)):
            found += differences(a, b, f"{path}[{index}]", rel=rel)
        return found
    if _number(ours) and _number(theirs):
        if math.isclose(ours, theirs, rel_tol=rel, abs_tol=1e-12):
            return []
    elif ours == theirs:
        return []
    return [f"{path}: baseline {ours!r}, claimtrack {theirs!r}"]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _conflict_differences(ours: Any, theirs: Any, path: str, rel: float) -> list[str]:
    def pairs(items: list[Any]) -> dict[tuple[int, int], tuple[int, Any]]:
        return {
            (item["a"]["figure_id"], item["b"]["figure_id"]): (index, item)
            for index, item in enumerate(items)
        }

    mine, yours = pairs(ours), pairs(theirs)
    found = [f"{path}: pair {key} only in the baseline" for key in sorted(mine.keys() - yours)]
    found += [f"{path}: pair {key} only in claimtrack" for key in sorted(yours.keys() - mine)]
    for key in sorted(mine.keys() & yours.keys()):
        (at, a), (other_at, b) = mine[key], yours[key]
        if at != other_at:
            found.append(f"{path}: pair {key} at {at} in the baseline, {other_at} in claimtrack")
        found += differences(a, b, f"{path}{list(key)}", rel=rel)
    return found
