"""The built package stands alone: the wheel, installed (not editable) with the locked
dependencies into a fresh virtualenv, run from a folder outside the repository, migrates,
loads the demo, exports, and serves it over HTTP, on SQLite and on PostgreSQL.

The wheel is built once per session (through its sdist, as `uv build` does) with the uv that
`make` installs beside the interpreter; uv's cache makes the install quick, and offline once
warm (each uv step tries --offline first).
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKENDS, empty_database
from tests.server.conftest import free_port

STEP_TIMEOUT = 180
READY_TIMEOUT = 60
DEMO_CLAIMS = 20


@dataclass(frozen=True)
class Installed:
    """The fresh virtualenv the wheel went into, and a folder outside the repository."""

    bin: Path
    workdir: Path

    def env(self, database_url: str) -> dict[str, str]:
        """The environment of its commands: no CLAIMTRACK_* or Python path from this run."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("CLAIMTRACK_")
            and key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
        }
        env |= {
            "CLAIMTRACK_DATABASE_URL": database_url,
            "CLAIMTRACK_WORKERS": "1",
            "CLAIMTRACK_LOG_LEVEL": "warning",
            "PATH": f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
        }
        return env

    def run(self, *args: str, env: dict[str, str]) -> str:
        """Run a command of the virtualenv in the outside folder; its standard output."""
        done = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            env=env,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}"
        return done.stdout


def _uv_binary() -> str:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.fail("uv is missing: `make .venv/.installed-dev` installs it into .venv")
    return uv


def _uv(*args: str | Path, cwd: Path) -> None:
    """Run uv from its cache alone when it can, else with the index."""
    command = [_uv_binary(), *map(str, args)]
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    for attempt in (["--offline"], []):
        done = subprocess.run(
            [*command, *attempt],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        if done.returncode == 0:
            return
    raise AssertionError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Installed:
    """claimtrack's wheel and the locked runtime dependencies in a new virtualenv."""
    folder = tmp_path_factory.mktemp("package")
    dist, venv, requirements = folder / "dist", folder / "venv", folder / "requirements.txt"
    _uv("build", "--quiet", "--out-dir", dist, cwd=repo_root)
    (wheel,) = dist.glob("claimtrack-*.whl")
    _uv("export", "--quiet", "--frozen", "--no-emit-project", "-o", requirements, cwd=repo_root)
    _uv("venv", "--quiet", "--python", sys.executable, venv, cwd=folder)
    python = venv / "bin" / "python"
    install = ("pip", "install", "--quiet", "--compile-bytecode", "--python", python)
    _uv(*install, "-r", requirements, cwd=folder)
    _uv(*install, "--no-deps", wheel, cwd=folder)
    workdir = folder / "outside"
    workdir.mkdir()
    return Installed(bin=venv / "bin", workdir=workdir)


@contextlib.contextmanager
def serving(installed: Installed, env: dict[str, str]) -> Iterator[str]:
    """`claimtrack serve` on a free port, in a process group of its own stopped afterwards."""
    port = free_port()
    log = installed.workdir / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(installed.bin / "claimtrack"), "serve", "--port", str(port)],
            env=env,
            cwd=installed.workdir,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if process.poll() is not None:
                raise AssertionError(f"serve exited {process.returncode}:\n{log.read_text()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/readyz", timeout=2, trust_env=False).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"serve not ready in {READY_TIMEOUT} s:\n{log.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        for number, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, number)
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue


def test_the_wheel_holds_the_code_it_runs(installed: Installed, repo_root: Path) -> None:
    """The installed app is the wheel's copy, with the migrations inside it."""
    env = installed.env("sqlite://")
    found = installed.run(
        "python",
        "-c",
        "import app; from app.db.migrations import MIGRATIONS_DIR, head_revision;"
        "print(app.__file__); print(MIGRATIONS_DIR); print(head_revision())",
        env=env,
    ).split()
    site_packages = installed.bin.parent / "lib"
    assert all(Path(path).is_relative_to(site_packages) for path in found[:2]), found
    assert not any(Path(path).is_relative_to(repo_root) for path in found[:2]), found
    assert (Path(found[1]) / "env.py").is_file()
    assert (Path(found[1]) / "script.py.mako").is_file()
    assert found[2] != "None"


@pytest.mark.parametrize("kind", BACKENDS)
def test_the_wheel_migrates_loads_the_demo_and_serves(
    installed: Installed, kind: str, tmp_path: Path
) -> None:
    """migrate, demo, keys, export, import and serve, run from the installed wheel alone."""
    with empty_database(kind, tmp_path) as database_url:
        env = installed.env(database_url)
        assert "newest schema" in installed.run("claimtrack", "migrate", env=env)
        assert f"{DEMO_CLAIMS} claims" in installed.run("claimtrack", "demo", env=env)
        key = installed.run("claimtrack", "keys", "create", "--name", "package", env=env)
        exported = tmp_path / "claims.ndjson"
        installed.run("claimtrack", "export", "--format", "ndjson", "-o", str(exported), env=env)
        assert len(exported.read_bytes().splitlines()) == DEMO_CLAIMS
        report = installed.run("claimtrack", "import", "--dry-run", str(exported), env=env)
        assert f'"rows": {DEMO_CLAIMS}' in report
        with serving(installed, env) as url, httpx.Client(base_url=url, trust_env=False) as http:
            ready = http.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["status"] == "ok"
            claims = http.get("/v1/claims", params={"count": "true", "limit": 100})
            assert claims.status_code == 200, claims.text
            assert claims.json()["total"] == DEMO_CLAIMS
            assert len(claims.json()["items"]) == DEMO_CLAIMS
            docs = http.get("/docs")
            assert docs.status_code == 200
            token = key.strip().splitlines()[-1]
            created = http.post(
                "/v1/speakers",
                json={"name": "Package Test"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert created.status_code == 201, created.text
