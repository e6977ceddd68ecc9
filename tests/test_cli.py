"""The command line on a fresh SQLite file: migrate, demo twice, and the SQLite settings."""

import csv
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson

from app.db.migrations import downgrade, head_revision, schema_state, upgrade


def _claimtrack(
    *args: str, database: Path, settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": f"sqlite:///{database}", **(settings or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_migrate_then_demo_is_idempotent_and_sqlite_uses_wal(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "claimtrack.db"
    migrated = _claimtrack("migrate", database=database)
    assert migrated.returncode == 0, migrated.stderr
    first = _claimtrack("demo", database=database)
    assert first.returncode == 0, first.stderr
    assert "20 claims" in first.stdout
    second = _claimtrack("demo", database=database)
    assert "nothing added" in second.stdout
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT count(*) FROM claims").fetchone()[0] == 20


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


def test_settings_that_cannot_work_are_a_message_naming_them(tmp_path: Path) -> None:
    replicas = {"CLAIMTRACK_DATABASE_REPLICA_URLS": "postgresql://replica/claimtrack"}
    result = _claimtrack("serve", database=tmp_path / "x.db", settings=replicas)
    assert result.returncode == 2
    assert "CLAIMTRACK_DATABASE_REPLICA_URLS needs a PostgreSQL" in result.stderr
    assert "SQLite has no replicas" in result.stderr
    assert "Traceback" not in result.stderr
    port = _claimtrack("migrate", database=tmp_path / "x.db", settings={"CLAIMTRACK_PORT": "x"})
    assert port.returncode == 2
    assert "CLAIMTRACK_PORT: Input should be a valid integer" in port.stderr


def test_export_then_import_from_the_command_line(tmp_path: Path) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    for step in (("migrate",), ("demo",)):
        assert _claimtrack(*step, database=source).returncode == 0
    exported = tmp_path / "claims.ndjson"
    done = _claimtrack("export", "--format", "ndjson", "--output", str(exported), database=source)
    assert done.returncode == 0 and "exported 20 claims" in done.stderr
    assert _claimtrack("migrate", database=target).returncode == 0
    dry = _claimtrack("import", str(exported), "--dry-run", database=target)
    assert '"dry_run": true' in dry.stdout
    imported = _claimtrack("import", str(exported), database=target)
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM claims").fetchone()[0] == 20
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"speaker": "X", "said_on": "bad"}\n')
    refused = _claimtrack("import", str(bad), database=target)
    assert refused.returncode == 1 and "nothing was imported" in refused.stderr


def test_keys_create_prints_the_key_alone_on_the_last_line(tmp_path: Path) -> None:
    database = tmp_path / "keys.db"
    _claimtrack("migrate", database=database)
    created = _claimtrack("keys", "create", "--name", "desk", "--scope", "admin", database=database)
    assert created.returncode == 0
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("ct_") and " " not in token
    listed = _claimtrack("keys", "list", database=database)
    assert "desk" in listed.stdout and token not in listed.stdout
    assert _claimtrack("keys", "revoke", "desk", database=database).returncode == 0
    assert _claimtrack("keys", "revoke", "nobody", database=database).returncode == 1


def test_a_key_cannot_take_a_name_the_command_line_writes_under(tmp_path: Path) -> None:
    """History records the demo's and the command line's imports as "claimtrack demo" and
    "claimtrack import", and a write key deletes a claim it alone wrote by the names in its
    history: a key of either name could delete the demo's claims (black-box audit)."""
    database = tmp_path / "keys.db"
    _claimtrack("migrate", database=database)
    for name in ("claimtrack demo", "Claimtrack Import", " claimtrack  anything", "claimtrack"):
        refused = _claimtrack("keys", "create", "--name", name, database=database)
        assert refused.returncode != 0, (name, refused.stdout)
        assert "the command line's own" in refused.stderr, (name, refused.stderr)
        assert "Traceback" not in refused.stderr
    made = _claimtrack("keys", "create", "--name", "claimtrack-bot", database=database)
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(database) as connection:
        names = [name for (name,) in connection.execute("SELECT name FROM api_keys")]
    assert names == ["claimtrack-bot"]


def test_an_import_from_the_command_line_names_what_matched_rows_leave_out(
    tmp_path: Path,
) -> None:
    """Its summary leaves each row's claim out, but not the rows whose figures or tags the
    matched claim does not have: those were not recorded, and the user must see it."""
    database = tmp_path / "claimtrack.db"
    assert _claimtrack("migrate", database=database).returncode == 0
    row = {
        "speaker": "Ingrid Halvorsen",
        "text": "Varde held 1,200 tonnes",
        "said_on": "2023-05-01",
    }
    first, second = tmp_path / "first.ndjson", tmp_path / "second.ndjson"
    first.write_bytes(orjson.dumps(row) + b"\n")
    second.write_bytes(orjson.dumps(row) + b"\n" + orjson.dumps({**row, "tags": ["port"]}) + b"\n")
    assert _claimtrack("import", str(first), database=database).returncode == 0
    again = _claimtrack("import", str(second), database=database)
    assert again.returncode == 0, again.stderr
    summary = orjson.loads(again.stdout)
    assert summary["not_applied"] == [
        {"line": 2, "id": 1, "status": "matched", "not_applied": ["tags"]}
    ]
    assert "not_applied" not in orjson.loads(
        _claimtrack("import", str(first), database=database).stdout
    )


def test_import_from_the_command_line_reads_rows_in_a_worker_process(tmp_path: Path) -> None:
    """The command line's import reads its rows in a spawned worker process, as the server does."""
    database = tmp_path / "claimtrack.db"
    assert _claimtrack("migrate", database=database).returncode == 0
    rows = tmp_path / "rows.json"
    rows.write_text(
        '[{"speaker": "Ingrid Halvorsen", "text": "Varde harbour handled 1,200 tonnes",'
        ' "said_on": "2023-05-01"}]'
    )
    imported = _claimtrack("import", str(rows), database=database)
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM claims").fetchone() == (1,)


def test_the_served_app_freezes_its_start_up_heap(tmp_path: Path) -> None:
    """A full garbage collection then skips the objects every request keeps (no 100+ ms
    pauses); apps built for tests are not frozen. The served process also hands the interpreter
    between threads every 0.5 ms, not Python's 5 ms."""
    script = (
        "import asyncio, gc, sys\n"
        "from app.main import create_app, serve_app\n"
        "async def started(app):\n"
        "    async with app.router.lifespan_context(app):\n"
        "        return gc.get_freeze_count()\n"
        "if __name__ == '__main__':\n"
        "    plain = asyncio.run(started(create_app())), sys.getswitchinterval()\n"
        "    print(*plain, asyncio.run(started(serve_app())), sys.getswitchinterval())\n"
    )
    (tmp_path / "probe.py").write_text(script)
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    done = subprocess.run(
        [sys.executable, str(tmp_path / "probe.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path.cwd(),
    )
    assert done.returncode == 0, done.stderr
    plain, plain_switch, served, served_switch = map(float, done.stdout.split())
    assert plain == 0
    assert plain_switch == 0.005
    assert served > 100_000
    assert served_switch == 0.0005


def test_import_of_a_json_file_that_is_not_one_array_is_refused_with_nothing_written(
    tmp_path: Path,
) -> None:
    database = tmp_path / "claimtrack.db"
    assert _claimtrack("migrate", database=database).returncode == 0
    rows = tmp_path / "rows.json"
    rows.write_text('[{"speaker": "Ingrid Halvorsen", "text": "Unclosed", "said_on": "2023-05-01"}')
    refused = _claimtrack("import", str(rows), database=database)
    assert refused.returncode != 0
    assert "the JSON array is not closed" in refused.stderr + refused.stdout
    assert "Traceback" not in refused.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM claims").fetchone() == (0,)


def test_version_is_printed_without_a_database(tmp_path: Path) -> None:
    from app import __version__

    done = _claimtrack("--version", database=tmp_path / "absent" / "never.db")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"claimtrack {__version__}\n"
    assert not (tmp_path / "absent").exists()


def test_bad_rows_are_named_by_line_and_field_as_the_file_has_them(tmp_path: Path) -> None:
    database = tmp_path / "claimtrack.db"
    assert _claimtrack("migrate", database=database).returncode == 0
    rows = tmp_path / "rows.ndjson"
    good = '{"speaker": "Ingrid Halvorsen", "text": "Fine", "said_on": "2023-05-01"}'
    bad = '{"speaker": "Ingrid Halvorsen", "text": "Bad", "said_on": "someday", "figures": [{}]}'
    rows.write_text(f"{good}\n\n{bad}\nnot json\n")
    refused = _claimtrack("import", str(rows), database=database)
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert "  line 3, said_on: must be an ISO 8601 date such as 2024-08-14" in lines
    assert "  line 3, figures[0].unit: Field required" in lines
    assert any(line.startswith("  line 4: ") for line in lines)
    assert "body." not in refused.stderr
    as_array = tmp_path / "rows.json"
    as_array.write_text(f"[{good}, {bad}]")
    refused = _claimtrack("import", str(as_array), database=database)
    assert "  $[1].said_on: must be an ISO 8601 date such as 2024-08-14" in refused.stderr


def test_help_shows_flags_as_flags_and_values_by_name(tmp_path: Path) -> None:
    database = tmp_path / "claimtrack.db"
    shown = _claimtrack("import", "--help", database=database).stdout
    assert re.search(r"--dry-run +Report, write nothing\.", shown)
    assert re.search(r"--match HOW +exact ", shown)  # a value, by name
    assert "<bool>" not in shown
    shown = _claimtrack("export", "--help", database=database).stdout
    assert "--format FORMAT" in shown and "-o, --output FILE" in shown


def test_export_takes_the_lists_filters_and_names_a_bad_one(tmp_path: Path) -> None:
    database = tmp_path / "claimtrack.db"
    for step in (("migrate",), ("demo",)):
        assert _claimtrack(*step, database=database).returncode == 0
    done = _claimtrack(
        "export", "--format", "csv", "--speaker", "isw", "--said-to", "2024-08-31",
        database=database,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert rows and {row["speaker_slug"] for row in rows} == {"isw"}
    counted = int(done.stderr.split("exported ")[1].split()[0])
    assert counted == len({row["claim_id"] for row in rows})
    everything = _claimtrack("export", database=database)
    assert "exported 20 claims" in everything.stderr
    refused = _claimtrack("export", "--said-from", "last spring", database=database)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: --said-from: ")


def test_speakers_sources_and_measures_export_as_ndjson_and_csv(tmp_path: Path) -> None:
    database = tmp_path / "claimtrack.db"
    for step in (("migrate",), ("demo",)):
        assert _claimtrack(*step, database=database).returncode == 0
    speakers = _claimtrack("export", "--what", "speakers", database=database)
    assert speakers.returncode == 0, speakers.stderr
    lines = [orjson.loads(line) for line in speakers.stdout.splitlines()]
    assert "isw" in {line["slug"] for line in lines}
    assert speakers.stderr.strip().endswith(f"exported {len(lines)} speakers")
    table = _claimtrack("export", "--what", "measures", "--format", "csv", database=database)
    rows = list(csv.DictReader(io.StringIO(table.stdout.lstrip("\ufeff"))))
    assert {"kursk-area-held-by-ukraine", "kursk-communities-held-by-ukraine"} <= {
        row["slug"] for row in rows
    }
    assert all(row["version"].isdigit() for row in rows)
    sources = _claimtrack("export", "--what", "sources", "--format", "csv", database=database)
    assert sources.returncode == 0 and "https://" in sources.stdout
    refused = _claimtrack("export", "--what", "speakers", "--tag", "x", database=database)
    assert refused.returncode == 2 and "without filters" in refused.stderr


def test_reviewed_claims_export_as_claimreview(tmp_path: Path) -> None:
    database = tmp_path / "claimtrack.db"
    assert _claimtrack("migrate", database=database).returncode == 0
    rows = tmp_path / "rows.ndjson"
    review = {"reviewer": "Desk", "rating_label": "False", "url": "https://desk.example/r/1"}
    reviewed = {"speaker": "Ingrid Halvorsen", "text": "Reviewed", "said_on": "2023-05-01"}
    plain = {"speaker": "Ingrid Halvorsen", "text": "Not reviewed", "said_on": "2023-05-02"}
    lines = [orjson.dumps({**reviewed, "reviews": [review]}), orjson.dumps(plain)]
    rows.write_bytes(b"\n".join(lines))
    assert _claimtrack("import", str(rows), database=database).returncode == 0
    done = _claimtrack("export", "--format", "claimreview", database=database)
    assert done.returncode == 0, done.stderr
    [document] = orjson.loads(done.stdout)
    assert document["@type"] == "ClaimReview" and document["claimReviewed"] == "Reviewed"
    assert document["url"] == "https://desk.example/r/1"
    assert "exported 2 claims" in done.stderr


def _on(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": url, "CLAIMTRACK_PORT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_commands_on_a_database_never_migrated_say_to_migrate(scratch_database_url: str) -> None:
    """Each command that reads or writes says what is wrong in a line, not a traceback; serve
    refuses to start (every request would fail) before it binds its port."""
    for command in (("keys", "list"), ("keys", "create", "--name", "a"), ("export",), ("serve",)):
        result = _on(scratch_database_url, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "is not migrated" in result.stderr, (command, result.stderr)
        assert "run `claimtrack migrate` first" in result.stderr
        assert "Traceback" not in result.stderr and "sqlalche.me" not in result.stderr
    assert "Started server" not in result.stderr
    assert _on(scratch_database_url, "migrate").returncode == 0
    listed = _on(scratch_database_url, "keys", "list")
    assert listed.returncode == 0, listed.stderr


def test_serve_refuses_a_schema_older_than_its_own(scratch_database_url: str) -> None:
    """A database at an older migration of this code: migrate brings it up, serve says so."""
    upgrade(scratch_database_url)
    downgrade(scratch_database_url, "-1")
    result = _on(scratch_database_url, "serve")
    assert result.returncode == 1
    assert "has an older schema: run `claimtrack migrate` first" in result.stderr
    assert schema_state(None) == "none"
    assert schema_state(head_revision()) == "current"
    assert schema_state("f00dfeedbeef") == "unknown"


def test_a_database_that_does_not_answer_is_named_with_the_reason() -> None:
    for url in (
        "postgresql://nobody@127.0.0.1:1/none",
        "postgresql://nobody@no-such-host.invalid/x",
    ):
        result = _on(url, "keys", "list")
        assert result.returncode == 1, result.stderr
        assert f"error: the database at {url} does not answer" in result.stderr
        assert "Traceback" not in result.stderr
