"""The command line on a fresh SQLite file: migrate, demo twice, and the SQLite settings."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _claimtrack(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_migrate_then_demo_is_idempotent_and_sqlite_uses_wal(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "claimtrack.db"
    migrated = _claimtrack("migrate", database=database)
    assert migrated.returncode == 0, migrated.stderr
    first = _claimtrack("demo", database=database)
    assert first.returncode == 0, first.stderr
    assert "19 claims" in first.stdout
    second = _claimtrack("demo", database=database)
    assert "nothing added" in second.stdout
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT count(*) FROM claims").fetchone()[0] == 19


def test_migrate_reports_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "migration failed" in result.stderr
    assert "Traceback" not in result.stderr
