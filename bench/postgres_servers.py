"""PostgreSQL servers of our own, for the replica tests and the scale-out benchmark: a primary
on a free port and a streaming standby of it (pg_basebackup -R, so the copy starts with
standby.signal), in a temporary folder.

The server binaries come from /usr/lib/postgresql/*/bin (Debian's layout, the newest version)
or the PATH. PostgreSQL refuses to run as root: as root, the servers run as the `postgres`
user (through runuser).
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import free_port, process_tree

OWNER = "postgres"
# Quick to start and to stop; nothing here needs to survive a crash of the machine.
# Room for every instance's pools (README, "Connections": up to 3 x CLAIMTRACK_DB_POOL_SIZE per
# worker on each server): at the default 100, two instances of the scale-out benchmark under
# load were refused connections (503s counted as failed reads).
SETTINGS = (
    "fsync=off",
    "full_page_writes=off",
    "listen_addresses=127.0.0.1",
    "max_connections=300",
)


def binaries() -> Path | None:
    """The folder of initdb, pg_ctl and pg_basebackup; None when they are not installed."""
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

    def pids(self) -> list[int]:
        """The server's processes (the postmaster and its children) alive now."""
        postmaster = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        return process_tree(postmaster)

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


def missing() -> str | None:
    """Why these servers cannot be started here, if they cannot."""
    if binaries() is None:
        return "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser (to run PostgreSQL as postgres) is missing"
    return None


@contextmanager
def replicated_postgres(
    before_standby: Callable[[PostgresServer], None] | None = None,
) -> Iterator[Replicated]:
    """A running primary and standby, stopped and removed afterwards; `before_standby` is
    given the primary before the standby is copied from it (to load it, say)."""
    found = binaries()
    if found is None:
        raise RuntimeError(missing())
    folder = _folder()
    primary = PostgresServer(found, folder / "primary", free_port())
    standby = PostgresServer(found, folder / "standby", free_port())
    started: list[PostgresServer] = []
    try:
        primary.run("initdb", "-D", str(primary.data), "-U", OWNER, "--auth=trust", "-N")
        primary.start()
        started.append(primary)
        if before_standby is not None:
            before_standby(primary)
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
