"""The import benchmark runs end to end at a tiny size, and its CI check fails slow imports."""

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bench.imports import Result, failures, main
from tests.conftest import BACKENDS, empty_database


@pytest.mark.parametrize("engine", BACKENDS)
def test_the_import_benchmark_runs_at_a_tiny_size(engine: str, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    with empty_database(engine, tmp_path) as url:
        argv = ["--rows", "40", "--engine", engine, "--work", str(tmp_path / "work")]
        argv += ["--runs", "raw,api,invalid", "--json", str(report)]
        argv += ["--pg-database", make_url(url).database or ""] if engine != "sqlite" else []
        assert main(argv) == 0
    runs = {result["run"]: result for result in json.loads(report.read_text())}
    assert runs["raw loader"]["status"] == "done"
    assert runs["api"]["status"] == "200" and runs["api"]["rss_mb"] > 0, runs
    assert runs["invalid (until 422)"]["status"] == "422", runs


def test_the_small_check_fails_an_import_under_a_thousand_rows_a_second() -> None:
    slow = Result("sqlite", "api", 10_000, 20.0, "200")
    fast = Result("sqlite", "cli", 10_000, 2.0, "exit 0")
    broken = Result("postgresql", "invalid (until 422)", 10_000, 1.0, "500")
    assert failures([fast]) == []
    assert failures([slow, fast, broken]) == [
        "sqlite api: 500 rows/s < 1000",
        "postgresql invalid (until 422): 500",
    ]


def test_a_slow_command_line_import_is_reported_not_failed() -> None:
    slow_cli = Result("postgresql", "cli", 10_000, 12.0, "exit 0")
    assert failures([slow_cli]) == []


def test_without_enforce_rate_only_a_broken_import_fails_the_small_check() -> None:
    slow = Result("sqlite", "api", 10_000, 20.0, "200")
    broken = Result("postgresql", "api", 10_000, 1.0, "500")
    assert failures([slow], enforce_rate=False) == []
    assert failures([slow, broken], enforce_rate=False) == ["postgresql api: 500"]
