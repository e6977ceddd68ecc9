"""The README's shell examples, run as written against a real server holding the demo data
(issue 15), on SQLite and on PostgreSQL.

Every ```sh block of README.md whose commands use `curl` against `localhost:8000` or
`.venv/bin/claimtrack keys ...` is run, in the order written, against `claimtrack serve` on a
fresh database (tests/server/conftest.py's `server`: a PostgreSQL database of its own, created
and dropped) after `claimtrack demo`. Each command line is run by bash exactly as it stands,
except for these substitutions:

- `localhost:8000` becomes the test server's address (127.0.0.1 and a free port);
- `.venv/bin/claimtrack` becomes the project's command line (the `claimtrack` script beside the
  running Python) with the test database's environment (`CLAIMTRACK_DATABASE_URL`);
- the placeholders `export KEY=ct_...` and `export EDITOR_KEY=ct_...` get the key that the
  `keys create --name NAME` line before them printed (its last line), NAME being the one their
  comment names ("# desk's key").

The commands of one block run in one bash process with `set -eo pipefail`, one at a time, so
that variables carry over, a failing pipe fails the block, and each command's output (standard
output and error together) is checked on its own: no output is a problem document, no `jq`
output is `null`, and each command's own check (CHECKS) holds, including what the README's
comment says of its result. Variables exported in one block carry over to the next ($KEY).

The other blocks are not run here (SKIPPED says why). The test fails naming the README's line
of every command that failed or answered other than the README says.
"""

import json
import os
import re
import select
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.core.problems import PROBLEM_TYPE_BASE
from tests.server import conftest as server_tests
from tests.server.conftest import Server, claimtrack

README = Path(__file__).resolve().parents[1] / "README.md"

# The server tests' module-scoped `server` (one per engine), used here as it is.
server = server_tests.server

# The first command of each block that is not run, and why.
SKIPPED = {
    "make run": "starts a server of its own on port 8000 (and `make test` runs the whole "
    "suite); the test starts one on a free port with migrate and demo instead",
    "docker compose": "needs a Docker engine; tests/test_compose.py checks the compose file "
    "and runs the image's start-up command",
    "uv build --wheel": "builds and installs the wheel and serves on port 8000 for good; "
    "tests/test_package.py runs the installed wheel on both engines",
}

COMMAND_SECONDS = 120


@dataclass(frozen=True)
class Command:
    """One command as written: its first line in README.md and its text, continuation lines
    included."""

    line: int
    text: str


@dataclass(frozen=True)
class Block:
    """A ```sh block: the line of its fence and its commands."""

    line: int
    commands: tuple[Command, ...]

    def runnable(self) -> bool:
        """Whether it runs against a server: curl to localhost:8000 or `claimtrack keys`."""
        return any(
            ("curl" in command.text and "localhost:8000" in command.text)
            or ".venv/bin/claimtrack keys" in command.text
            for command in self.commands
        )


def shell_blocks(readme: str) -> list[Block]:
    """The ```sh blocks of the README, each command with its line (1-based)."""
    blocks: list[Block] = []
    commands: list[Command] | None = None
    pending: list[str] = []
    start = 0
    for number, line in enumerate(readme.splitlines(), start=1):
        if commands is None:
            if line.strip() == "```sh":
                commands, start = [], number
            continue
        if line.startswith("```"):
            blocks.append(Block(line=start, commands=tuple(commands)))
            commands = None
            continue
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending.append(line)
        if not line.endswith("\\"):
            commands.append(Command(line=number - len(pending) + 1, text="\n".join(pending)))
            pending = []
    return blocks


def skip_reason(block: Block) -> str | None:
    """Why a block is not run, if SKIPPED says."""
    first = block.commands[0].text if block.commands else ""
    return next((why for start, why in SKIPPED.items() if first.startswith(start)), None)


class Shell:
    """One bash process (`set -eo pipefail`) fed one command at a time; each command's output
    comes back apart, up to a marker the shell prints after it."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.marker = f"@@readme-{uuid.uuid4().hex}@@"
        read_end, self._write_end = os.pipe()
        self._process = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", f"/dev/fd/{read_end}"],
            pass_fds=(read_end,),
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,  # commands are not fed to what the commands read
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        os.close(read_end)
        self.run("set -eo pipefail")

    def run(self, command: str) -> tuple[str, int | None]:
        """Run a command: its output, and None, or the shell's exit status if it ended."""
        if self._process.poll() is not None:
            return "", self._process.returncode
        try:
            os.write(self._write_end, f"{command}\nprintf '\\n%s\\n' {self.marker}\n".encode())
        except BrokenPipeError:
            return "", self._process.wait()
        assert self._process.stdout is not None
        stream = self._process.stdout.fileno()
        seen = b""
        end = f"\n{self.marker}\n".encode()
        deadline = time.monotonic() + COMMAND_SECONDS
        while not seen.endswith(end):
            ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                self.close()
                return seen.decode(errors="replace") + f"\n(no end in {COMMAND_SECONDS} s)", -1
            chunk = os.read(stream, 65536)
            if not chunk:
                return seen.decode(errors="replace"), self._process.wait()
            seen += chunk
        return seen[: -len(end)].decode(errors="replace"), None

    def close(self) -> None:
        """End the shell (if still running) and wait for it."""
        if self._write_end < 0:
            return
        os.close(self._write_end)
        self._write_end = -1
        if self._process.poll() is None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        assert self._process.stdout is not None
        self._process.stdout.close()


# ---- what each command's answer must be ----


@dataclass
class Answer:
    """What a command printed, where it ran, and a way to read the shell's variables."""

    command: Command
    output: str
    folder: Path
    read_variable: Callable[[str], str]

    def values(self) -> list[Any]:
        """The JSON values printed (jq prints one after another)."""
        decoder = json.JSONDecoder()
        found: list[Any] = []
        text = self.output.strip()
        position = 0
        while position < len(text):
            value, position = decoder.raw_decode(text, position)
            found.append(value)
            while position < len(text) and text[position].isspace():
                position += 1
        return found

    def value(self) -> Any:
        """The one JSON value printed."""
        values = self.values()
        assert len(values) == 1, f"expected one JSON value, got {len(values)}"
        return values[0]

    def body(self) -> Any:
        """The JSON the command sends with -d."""
        sent = re.search(r"-d '([^']*)'", self.command.text)
        assert sent, "the command sends no -d '...'"
        return json.loads(sent.group(1))


DEMO_SPEAKERS = {"Vyacheslav Gladkov", "Institute for the Study of War", "Volodymyr Zelensky"}


def speaker_names(answer: Answer) -> None:
    names = answer.values()
    assert all(isinstance(name, str) for name in names), names
    assert set(names) >= DEMO_SPEAKERS, names


def zelensky_found(answer: Answer) -> None:
    assert answer.values() == ["Volodymyr Zelensky"]


def figures_listed(answer: Answer) -> None:
    figures = answer.value()
    assert isinstance(figures, list) and figures, figures
    assert all(figure["measure"] and figure["normalized"] for figure in figures), figures


def claims_counted(answer: Answer) -> None:  # the alias "ISW" names the speaker
    count = answer.value()
    assert isinstance(count, int) and count > 0, count


def search_found(answer: Answer) -> None:
    found = answer.values()
    assert 0 < len(found) <= 5, found
    assert all(item["speaker_name"] and item["text"] for item in found), found
    assert all("square" in item["text"].lower() for item in found), found


def facets_counted(answer: Answer) -> None:
    facets = answer.value()["facets"]
    assert facets["speaker"] and facets["tag"], facets


def comparison_shown(answer: Answer) -> None:  # "Where the figures disagree"
    shown = answer.value()
    assert shown["summary"]["count"] >= 2, shown
    assert shown["conflicts"], "no conflicts where the README shows figures disagreeing"


def summary_in_square_miles(answer: Answer) -> None:  # 1,000 km² is 386.1 sq mi
    summary = answer.value()
    assert summary["max"] == pytest.approx(1000 / 2.589988110336), summary


def chart_saved(answer: Answer) -> None:
    chart = (answer.folder / "kursk.svg").read_text()
    assert chart.startswith("<svg") and chart.rstrip().endswith("</svg>"), chart[:200]


def embed_saved(answer: Answer) -> None:
    page = (answer.folder / "kursk.html").read_text()
    assert page.lower().startswith("<!doctype html") and "<svg" in page, page[:200]


def rates_compared(answer: Answer) -> None:  # "more than 125 km²/day vs 6.018"
    rates = [pair["rates"] for pairs in answer.values() for pair in pairs if pair.get("rates")]
    assert rates, "no pair with rates"
    assert any(
        (rate["a"], rate["a_qualifier"], rate["b"], rate["unit"])
        == (125, "more_than", 6.018, "km²/day")
        for rate in rates
    ), rates


def key_printed(answer: Answer) -> None:  # "the key is the last line"
    asked = re.search(r"--name (\S+) --scope (\S+)", answer.command.text)
    assert asked
    name, scope = asked.groups()
    assert f"created {scope} key '{name}'" in answer.output
    assert re.fullmatch(r"ct_[\w-]+", answer.output.strip().splitlines()[-1])


def keys_listed(answer: Answer) -> None:
    rows = answer.output.splitlines()
    for name, scope in (("partner", "read"), ("desk", "write"), ("editor", "admin")):
        assert any(name in row and scope in row for row in rows), (name, scope)


def key_revoked(answer: Answer) -> None:
    assert answer.output.strip() == "revoked key 'partner'"


def key_exported(answer: Answer) -> None:
    assert answer.output == ""
    name = re.match(r"export (\w+)=", answer.command.text)
    assert name and re.fullmatch(r"ct_[\w-]+", answer.read_variable(name.group(1)))


def speaker_created(answer: Answer) -> None:
    created = answer.value()
    assert created["name"] == answer.body()["name"] and created["version"] == 1, created


def aliases_changed(answer: Answer) -> None:
    changed = answer.value()
    assert changed["aliases"] == answer.body()["aliases"] and changed["version"] == 2, changed


def history_listed(answer: Answer) -> None:
    versions = answer.values()
    assert [version["version"] for version in versions] == [1, 2], versions
    assert versions[-1]["actor"] == "desk" and "aliases" in versions[-1]["changes"], versions


def speaker_reverted(answer: Answer) -> None:  # to version 1: the demo's aliases
    reverted = answer.value()
    assert reverted["aliases"] == ["ISW"] and reverted["version"] == 3, reverted


def duplicate_made(answer: Answer) -> None:  # "a second record: v-gladkov"
    assert answer.output == ""
    made = answer.read_variable("ID")
    assert made.isdigit(), f"ID is {made!r}"


def speakers_merged(answer: Answer) -> None:
    merged = answer.value()
    assert merged["slug"] == "vyacheslav-gladkov" and "V. Gladkov" in merged["aliases"], merged


def merge_in_history(answer: Answer) -> None:  # 'action "merged"; $ID was v-gladkov'
    last = answer.value()
    assert last["action"] == "merged" and last["snapshot"]["slug"] == "v-gladkov", last


def merge_undone(answer: Answer) -> None:  # "the old slug is its own again"
    back = answer.value()
    assert back["slug"] == "v-gladkov" and back["id"] == int(answer.read_variable("ID")), back


# A regular expression a command as written matches (exactly one per command), and its check.
CHECKS: list[tuple[str, Callable[[Answer], None]]] = [
    (r"/v1/speakers \| jq '\.items\[\]\.name'", speaker_names),
    (r"/v1/speakers\?q=zelensk", zelensky_found),
    (r"speaker=volodymyr-zelensky&has_figures=true", figures_listed),
    (r"/v1/claims\?speaker=ISW'", claims_counted),
    (r"/v1/claims\?q=kursk\+square", search_found),
    (r"/v1/claims/facets\?facet=speaker,tag", facets_counted),
    (r"/comparison \| jq '\{summary, conflicts\}'", comparison_shown),
    (r"/comparison\?unit=sq\+mi", summary_in_square_miles),
    (r"/chart\.svg > kursk\.svg", chart_saved),
    (r"/embed > kursk\.html", embed_saved),
    (r"/v1/compare\?claims=", rates_compared),
    (r"claimtrack keys create ", key_printed),
    (r"claimtrack keys list", keys_listed),
    (r"claimtrack keys revoke partner", key_revoked),
    (r"^export \w+=ct_\.\.\.", key_exported),
    (r"Idempotency-Key: 3f7c", speaker_created),
    (r"-X PATCH localhost:8000/v1/speakers/isw ", aliases_changed),
    (r"/v1/speakers/isw/history", history_listed),
    (r"/v1/speakers/isw/revert", speaker_reverted),
    (r"^ID=\$\(curl .*V\. Gladkov", duplicate_made),
    (r"/vyacheslav-gladkov/merge", speakers_merged),
    (r"/v1/speakers/\$ID/history", merge_in_history),
    (r"/v1/speakers/\$ID/revert", merge_undone),
]


def check_for(command: Command) -> Callable[[Answer], None] | str:
    """The one check of a command, or what is wrong: none, or more than one, in CHECKS."""
    found = [check for pattern, check in CHECKS if re.search(pattern, command.text, re.S)]
    if len(found) == 1:
        return found[0]
    return f"{len(found)} checks in CHECKS match the command (want one)"


def common_faults(command: Command, output: str) -> list[str]:
    """What no answer may be: a problem document, a `null` where jq was to find data, or
    nothing at all from a curl that prints its answer."""
    faults = []
    if PROBLEM_TYPE_BASE in output:
        faults.append("the answer is a problem document (an error)")
    if "| jq" in command.text and "null" in (line.strip() for line in output.splitlines()):
        faults.append("jq printed null: the path finds nothing")
    if command.text.startswith("curl") and ">" not in command.text and not output.strip():
        faults.append("curl printed nothing")
    return faults


# ---- running the blocks ----


@dataclass
class Session:
    """What carries from block to block, as in one terminal: exported variables and keys."""

    env: dict[str, str]
    folder: Path
    substitutions: dict[str, str]
    keys: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def as_run(self, command: Command) -> str:
        """The command with the documented substitutions made."""
        text = command.text
        for written, here in self.substitutions.items():
            text = text.replace(written, here)
        placeholder = re.match(r"export (\w+)=ct_\.\.\.\s+# (\w+)'s key", text)
        if placeholder:
            holder = placeholder.group(2)
            assert holder in self.keys, f"no `keys create --name {holder}` line before"
            text = text.replace("ct_...", shlex.quote(self.keys[holder]), 1)
        return text

    def fail(self, command: Command, why: str, output: str) -> None:
        shown = output if len(output) < 3000 else output[:3000] + "..."
        self.failures.append(
            f"README.md line {command.line}: `{command.text}`\n  {why}\n  output: {shown!r}"
        )

    def run_block(self, block: Block) -> None:
        """Run a block's commands in one shell, check each answer, keep what it exported."""
        shell = Shell(self.env, self.folder)
        try:
            for command in block.commands:
                try:
                    text = self.as_run(command)
                except AssertionError as error:
                    self.fail(command, str(error), "")
                    return
                output, ended = shell.run(text)
                if ended is not None:
                    self.fail(command, f"the shell stopped here, exit status {ended}", output)
                    return
                self.check(command, output, shell)
            exported, _ = shell.run("env -0")
            self.carry(exported)
        finally:
            shell.close()

    def check(self, command: Command, output: str, shell: Shell) -> None:
        """Check a command's answer: first what no answer may be, then its own check."""
        made = re.search(r"keys create --name (\S+)", command.text)
        if made and output.strip():
            self.keys[made.group(1)] = output.strip().splitlines()[-1]
        faults = common_faults(command, output)
        check = check_for(command)
        if isinstance(check, str):
            faults.append(check)
        for fault in faults:
            self.fail(command, fault, output)
        if faults or isinstance(check, str):
            return

        def read_variable(name: str) -> str:
            return shell.run(f"printf '%s' \"${name}\"")[0]

        try:
            check(Answer(command, output, self.folder, read_variable))
        except (AssertionError, ValueError, KeyError, TypeError, OSError) as error:
            self.fail(command, f"{type(error).__name__}: {error}", output)

    def carry(self, exported: str) -> None:
        """Keep the variables the block exported or changed for the blocks after it."""
        for entry in exported.split("\0"):
            name, _, value = entry.partition("=")
            if name and name not in {"_", "SHLVL", "PWD", "OLDPWD"}:
                self.env[name] = value


@pytest.fixture(scope="module")
def demo_server(server: Server) -> Server:
    """The server tests' server (one per engine) with the demo data loaded."""
    claimtrack("demo", env=server.env)
    return server


def test_every_shell_example_is_run_or_skipped_for_a_reason_and_each_command_checked() -> None:
    blocks = shell_blocks(README.read_text())
    assert any(block.runnable() for block in blocks)
    for block in blocks:
        if block.runnable():
            for command in block.commands:
                check = check_for(command)
                assert not isinstance(check, str), f"README.md line {command.line}: {check}"
        else:
            assert skip_reason(block), f"README.md line {block.line}: not run, and no reason"
    for start in SKIPPED:
        assert any(skip_reason(block) == SKIPPED[start] for block in blocks), f"no block {start}"


def test_readme_examples_run_as_written(demo_server: Server, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("claimtrack")
    session = Session(
        env=dict(demo_server.env),
        folder=tmp_path,
        substitutions={
            "localhost:8000": demo_server.url.removeprefix("http://"),
            ".venv/bin/claimtrack": shlex.quote(str(cli))
            if cli.exists()
            else f"{shlex.quote(sys.executable)} -m app",
        },
    )
    for block in shell_blocks(README.read_text()):
        if block.runnable():
            session.run_block(block)
    if session.failures:
        pytest.fail("\n\n".join(session.failures), pytrace=False)
