"""The benchmark's workloads: what counts against Datasette, and facets the memo cannot serve."""

import random
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from app.db.fast import MEMO_SIZE
from bench.generate import load_sqlite
from bench.search import (
    SMALL_SCALE_MISSES,
    TARGET_VS_DATASETTE,
    Cell,
    Report,
    parse_args,
    regressions,
)
from bench.workloads import (
    MATRIX,
    MATRIX_PATHS,
    WINDOWS,
    build,
    date_windows,
    filter_matrix,
    sample,
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated claims in a migrated SQLite file."""
    path = tmp_path_factory.mktemp("workloads") / "claims.db"
    load_sqlite(path, 300, seed=5, console=Console(quiet=True))
    return path


def test_facet_windows_are_distinct_and_far_more_than_the_memo_holds(generated: Path) -> None:
    """Every window is a real said_on range, and there are many times more than the memo keeps."""
    db = sqlite3.connect(generated)
    windows = date_windows(db, random.Random(1), 2_000)
    days = {row[0] for row in db.execute("SELECT said_on FROM claims")}
    db.close()
    assert len(set(windows)) == len(windows) == 2_000
    assert all(low < high and low in days and high in days for low, high in windows)
    assert WINDOWS >= 100 * MEMO_SIZE


def test_cached_facets_count_for_no_target_and_the_window_facets_do(generated: Path) -> None:
    """The fixed-URL facets are labelled cached and not shared; the window facets are shared."""
    workloads = {w.key: w for w in build(sample(generated, 1), generated.stem)}
    for key in ("facets_shared", "facets"):
        assert workloads[key].cached and not workloads[key].shared
        assert "(cached)" in workloads[key].title
        assert "datasette" not in workloads[key].paths
    window = workloads["facets_window"]
    assert window.shared and not window.cached
    assert len(set(window.paths["claimtrack"])) == len(window.paths["datasette"]) == WINDOWS
    assert "said_from=" in window.paths["claimtrack"][0]
    assert "said_on__gte=" in window.paths["datasette"][0]


def _report(
    generated: Path, cells: dict[str, dict[str, Cell]], statements: dict[str, int]
) -> Report:
    """A report of the given cells on the workloads they name, at 300 claims."""
    params = sample(generated, 1)
    return Report(
        claims=300,
        engine="sqlite",
        params=params,
        workloads=[w for w in build(params, generated.stem) if w.key in cells],
        cells=cells,
        rss={},
        statements={"claimtrack": statements},
        checks={},
        machine={},
        command="",
    )


def test_the_check_wants_four_times_datasette_on_medians(generated: Path) -> None:
    """3.9x Datasette (median of three) is a regression; one slow repeat of three is not."""
    cells = {
        "get": {"claimtrack": Cell(peaks=[390, 50, 400]), "datasette": Cell(peaks=[100] * 3)},
        "facets": {"claimtrack": Cell(peaks=[1.0] * 3)},
    }
    report = _report(generated, cells, {"get": 1, "facets": 1})
    assert regressions(report) == ["get: claimtrack 390.0 req/s is 3.90x Datasette's 100.0 (< 4x)"]
    report.cells["get"]["claimtrack"] = Cell(peaks=[400, 50, 410])
    assert regressions(report) == []
    # fast refusals (the anonymous meter's 429s) must not pass for throughput
    report.cells["get"]["claimtrack"] = Cell(peaks=[4000] * 3, errors=12)
    assert regressions(report) == ["get: claimtrack gave 12 error responses"]


def test_known_misses_are_held_to_their_own_bar(generated: Path) -> None:
    """A workload listed as a known miss must still not fall below the bar the table gives it."""
    bar, why = SMALL_SCALE_MISSES["search_newest"]
    assert 0 < bar < TARGET_VS_DATASETTE and why
    cells = {"datasette": Cell(peaks=[100.0] * 3), "claimtrack": Cell(peaks=[bar * 100 + 1] * 3)}
    report = _report(generated, {"search_newest": cells}, {"search_newest": 2})
    assert regressions(report) == []
    report.cells["search_newest"]["claimtrack"] = Cell(peaks=[bar * 100 - 1] * 3)
    [found] = regressions(report)
    assert found.startswith("search_newest:") and f"(< {bar:g}x)" in found


def test_the_uncached_facets_are_held_to_4x_datasette(generated: Path) -> None:
    """facets_window left the known misses (4.3-5.3x in six runs): 4.05x passes, 3.95x fails."""
    assert "facets_window" not in SMALL_SCALE_MISSES
    cells = {"datasette": Cell(peaks=[100.0] * 3), "claimtrack": Cell(peaks=[405.0] * 3)}
    report = _report(generated, {"facets_window": cells}, {"facets_window": 1})
    assert regressions(report) == []
    report.cells["facets_window"]["claimtrack"] = Cell(peaks=[395.0] * 3)
    [found] = regressions(report)
    assert found.startswith("facets_window:") and "(< 4x)" in found


def test_every_workloads_paths_are_drawn_anew_per_seed_and_repeat_with_it(
    generated: Path,
) -> None:
    """Ids, speakers, words and windows come from the seed of the run: no fixed list to tune
    to, and a given seed repeats its draw; the command line names it --draw-seed (or, as
    before, --filters-seed) and draws a new one when it is not given."""
    first, again, other = sample(generated, 11), sample(generated, 11), sample(generated, 12)
    assert first == again
    assert (first.ids, first.speakers, first.windows) != (other.ids, other.speakers, other.windows)
    assert (
        parse_args(["--draw-seed", "5"]).draw_seed
        == parse_args(["--filters-seed", "5"]).draw_seed
        == 5
    )
    assert parse_args([]).draw_seed is None


def test_the_filter_matrix_is_every_filter_alone_and_in_pairs_drawn_anew_per_seed(
    generated: Path,
) -> None:
    """55 combinations (ten dimensions, sort included), each path setting exactly its own
    parameters; one seed repeats the draw, another seed draws other values."""
    matrix = filter_matrix(generated, seed=3)
    assert len(matrix) == len(MATRIX) + len(MATRIX) * (len(MATRIX) - 1) // 2 == 55
    spelled = {"said": ("said_from", "said_to")}
    for workload in matrix:
        names = workload.key.removeprefix("filters:").split("+")
        assert workload.kind == "filters" and len(workload.paths["claimtrack"]) == MATRIX_PATHS
        for path in workload.paths["claimtrack"]:
            given = {part.split("=")[0] for part in path.split("?")[1].split("&")} - {"limit"}
            wanted = [spelled.get(name, (name,)) for name in names]
            assert all(given & set(options) for options in wanted), (path, names)
            assert given <= {option for options in wanted for option in options}, path
    assert [w.paths for w in filter_matrix(generated, seed=3)] == [w.paths for w in matrix]
    assert [w.paths for w in filter_matrix(generated, seed=4)] != [w.paths for w in matrix]


def test_a_filter_combination_over_three_statements_fails_the_check(generated: Path) -> None:
    """The CI check fails on a combination whose worst counted path needs four statements."""
    params = sample(generated, 1)
    workloads = filter_matrix(generated, seed=1)[:2]
    first, second = (w.key for w in workloads)
    report = Report(
        claims=300,
        engine="sqlite",
        params=params,
        workloads=workloads,
        cells={key: {"claimtrack": Cell(peaks=[500.0])} for key in (first, second)},
        rss={},
        statements={"claimtrack": {first: 2, second: 3}},
        checks={},
        machine={},
        command="",
    )
    assert regressions(report) == []
    report.statements["claimtrack"][second] = 4
    assert regressions(report) == [f"{second}: 4 SQL statements per request"]
