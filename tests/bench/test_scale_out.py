"""The scale-out benchmark runs end to end at a tiny size on a primary and standby it starts."""

import json
import shutil
from pathlib import Path

import pytest

from bench.postgres_servers import missing
from bench.scale_out import main
from tests.conftest import postgres_required


def test_the_scale_out_benchmark_reads_the_replica_and_keeps_read_your_writes(
    tmp_path: Path,
) -> None:
    reason = missing() or (None if shutil.which("wrk") else "wrk is not installed")
    if reason is not None:
        if postgres_required():
            pytest.fail(reason)
        pytest.skip(reason)
    report = tmp_path / "scale_out.json"
    argv = ["--claims", "2000", "--seconds", "1", "--repeats", "1", "--writes", "5"]
    argv += ["--json", str(report)]
    assert main(argv) == 0
    results = json.loads(report.read_text())
    reading = {run["setup"]: run for run in results["throughput"]}
    assert all(run["rate"] > 0 and run["errors"] == 0 for run in reading.values()), reading
    replicated = reading["two instances, one replica"]
    assert replicated["standby_cpu_ms"] > replicated["primary_cpu_ms"], replicated
    assert all(pair["stale_reads_with_position"] == 0 for pair in results["read_your_writes"])
