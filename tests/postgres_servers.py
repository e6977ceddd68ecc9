"""PostgreSQL servers a test starts itself: a primary on a free port and a streaming standby of
it (pg_basebackup -R, so the copy starts with standby.signal), in a temporary folder.

The server binaries come from /usr/lib/postgresql/*/bin (Debian's layout, the newest version)
or the PATH. PostgreSQL refuses to run as root: as root, the servers run as the `postgres`
user. Without the binaries the tests are skipped, unless CLAIMTRACK_TEST_REQUIRE_POSTGRES=1
(as in CI), which makes that a failure; a server that will not start is always a failure.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import postgres_required
from tests.server.conftest import free_port

OWNER = "postgres"
# Quick to start and to stop; nothing here needs to survive a crash of the machine.
SETTINGS = ("fsync=off", "full_page_writes=off", "listen_addresses=127.0.0.1")


def _binaries() -> Path | None:
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
    )
    if installed:
        return installed[-1]
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", OWNER, "--", *command] if os.geteuid() == 0 else command


@dataclass(frozen=True)
class PostgresServer:
    """One server: its data folder, port and log."""

    binaries: Path
    data: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        """A postgresql:// URL of one of its databases, as the superuser."""
        return f"postgresql://{OWNER}@127.0.0.1:{self.port}/{database}"

    def run(self, tool: str, *args: str) -> str:
        """Run one of the server's tools as the server's owner; its standard output."""
        done = subprocess.run(
            _as_owner([str(self.binaries / tool), *args]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            log = self.data.with_suffix(".log")
            logged = log.read_text() if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {done.stderr}{done.stdout}\n{logged[-2000:]}")
        return done.stdout

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        options = " ".join(f"-c {setting}" for setting in (*SETTINGS, f"port={self.port}"))
        options += " -c unix_socket_directories=''"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.data.with_suffix(".log")),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        """Stop it (fast: open sessions are cut)."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def sql(self, statement: str, database: str = "postgres") -> str:
        """One statement through psql; its output, unaligned."""
        return self.run(
            "psql",
            "-X",
            "-At",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            OWNER,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            statement,
        ).strip()


@dataclass(frozen=True)
class Replicated:
    """A primary and a streaming standby of it."""

    primary: PostgresServer
    standby: PostgresServer


def _folder() -> Path:
    """A folder the server's owner may write (pytest's own are private to the test's user)."""
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=OWNER)
    return folder


@contextmanager
def replicated_postgres() -> Iterator[Replicated]:
    """A running primary and standby, stopped and removed afterwards."""
    binaries = _binaries()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        message = "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
        if postgres_required():
            pytest.fail(message)
        pytest.skip(message + " (set CLAIMTRACK_TEST_REQUIRE_POSTGRES=1 to fail instead)")
    folder = _folder()
    primary = PostgresServer(binaries, folder / "primary", free_port())
    standby = PostgresServer(binaries, folder / "standby", free_port())
    started: list[PostgresServer] = []
    try:
        primary.run("initdb", "-D", str(primary.data), "-U", OWNER, "--auth=trust", "-N")
        primary.start()
        started.append(primary)
        primary.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            OWNER,
            "-D",
            str(standby.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        standby.start()
        started.append(standby)
        yield Replicated(primary, standby)
    finally:
        for server in reversed(started):
            if (server.data / "postmaster.pid").exists():
                server.stop()
        shutil.rmtree(folder, ignore_errors=True)
