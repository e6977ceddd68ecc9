"""The hostile-load benchmark still runs: a tiny configuration, end to end, every figure out."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    *("--claims", "200", "--no-cache", "--duration", "1", "--ramp", "0.3", "--rate", "20"),
    *("--rounds", "2"),
    *("--extract-clients", "1", "--extract-kb", "2", "--import-rows", "50", "--slow", "5"),
]


def test_the_python_load_pools_every_latency(tmp_path: Path) -> None:
    out = tmp_path / "hostile.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.hostile", *TINY, "--load", "python", "--slow", "0",
         "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=280,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    quiet = json.loads(out.read_text())["phases"]["quiet"]
    assert quiet["requests"] == 40 and quiet["statuses"] == {"200": 40}


def test_the_hostile_benchmark_reports_both_phases_the_attacks_and_the_peak_rss(
    tmp_path: Path,
) -> None:
    out = tmp_path / "hostile.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.hostile", *TINY, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    quiet, attacked = result["phases"]["quiet"], result["phases"]["under attack"]
    # two rounds of each phase, wrk paced at 20 requests a second for 1 s each
    assert 30 <= quiet["requests"] <= 50 and 30 <= attacked["requests"] <= 50
    assert set(quiet["statuses"]) == {"200"}
    assert len(result["rounds"]) == 2
    assert all(r["quiet_p99_ms"] > 0 and r["attack_p99_ms"] > 0 for r in result["rounds"])
    assert 0 < quiet["p50_ms"] <= quiet["p99_ms"]
    assert result["p99_ratio"] > 0 and 0 < result["peak_rss_mb"] < 2000
    attacks = result["attacks"]
    assert sum(attacks["import_statuses"].values()) >= 1
    assert set(attacks["import_statuses"]) <= {"422", "429"}
    assert attacks["slow_connections_opened"] >= 5
    assert "p99 under attack / quiet" in done.stdout
