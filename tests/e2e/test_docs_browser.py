"""An admin edits a claim through Swagger UI at /docs, in headless Chromium.

Runs only with CLAIMTRACK_TEST_BROWSER=1 and Debian's chromium (`apt-get install -y chromium`);
with the variable set, a missing browser is a failure, not a skip. Playwright drives the system
chromium and never downloads a browser of its own. A real server is started on a temporary
SQLite database with the demo claims and an admin key; screenshots of every step (and of the
page where a step failed) go to tests/artifacts/e2e/.

Swagger UI's script and style come from a CDN by default. Requests that leave the server are
answered from a local copy of those files when a package ships them (fastapi-offline or
swagger-ui-bundle-v2) and refused otherwise, as this machine has no network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from bench.servers import free_port

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Route

ENABLE_VARIABLE = "CLAIMTRACK_TEST_BROWSER"
CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "e2e"
ADMIN_NAME = "e2e-admin"
NEW_TEXT = "Edited through the docs"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STEP_TIMEOUT_MS = 15_000
SERVER_START_SECONDS = 30.0
CLI_SECONDS = 60.0
LOCKED = re.compile(r"(^|\s)locked(\s|$)")  # the Authorize button's class once authorised
ASSET_NAMES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png", "redoc.standalone.js")

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


@dataclass(frozen=True)
class Server:
    """A running claimtrack server and an admin key for it."""

    base_url: str
    admin_key: str


@dataclass
class Steps:
    """Names the step in progress and screenshots each one into the artifacts folder."""

    page: Page
    folder: Path
    current: str = "start"
    done: int = 0
    console: list[str] = field(default_factory=list)

    def begin(self, name: str) -> None:
        """Mark the start of a step."""
        self.current = name

    def finish(self) -> None:
        """Screenshot the page at the end of the step in progress."""
        self.done += 1
        self.page.screenshot(path=self.folder / f"{self.done:02d}-{self.current}.png")

    def failed(self) -> None:
        """Keep a full-page screenshot and the HTML of the page where a step failed."""
        stem = f"FAILED-{self.done + 1:02d}-{self.current}"
        self.page.screenshot(path=self.folder / f"{stem}.png", full_page=True)
        (self.folder / f"{stem}.html").write_text(self.page.content(), encoding="utf-8")


# --- enabling, the browser and its offline assets ---------------------------------------------


def browser_tests_enabled() -> bool:
    """Whether CLAIMTRACK_TEST_BROWSER asks for the browser tests."""
    return os.environ.get(ENABLE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's chromium: skip without CLAIMTRACK_TEST_BROWSER=1, fail if it is then missing."""
    if not browser_tests_enabled():
        pytest.skip(
            f"browser test: set {ENABLE_VARIABLE}=1 and install Debian's chromium "
            "(apt-get install -y chromium) to run it"
        )
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{ENABLE_VARIABLE} is set but {CHROMIUM} is missing: apt-get install -y chromium",
            pytrace=False,
        )
    return CHROMIUM


def local_docs_assets() -> Path | None:
    """A folder with Swagger UI's dist files from an installed package, if there is one."""
    folders = _package_folders("fastapi_offline", "static")
    folders += _package_folders("swagger_ui_bundle", "vendor/swagger-ui-5.*")
    return next((f for f in folders if (f / "swagger-ui-bundle.js").is_file()), None)


def _package_folders(package: str, pattern: str) -> list[Path]:
    """The folders matching a pattern inside an installed package (none if it is absent)."""
    try:
        root = Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return []
    return sorted(root.glob(pattern), reverse=True)


def offsite_assets(base_url: str) -> list[str]:
    """The script and style URLs of /docs that are not served by the server itself."""
    html = httpx.get(f"{base_url}/docs", timeout=10).text
    urls = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    return [url for url in urls if not url.startswith(base_url)]


def check_assets_available(base_url: str) -> Path | None:
    """Fail early, with the remedy, when /docs needs a CDN and no local copy exists."""
    offsite = offsite_assets(base_url)
    needed = [url for url in offsite if url.endswith((".js", ".css"))]
    if not needed:
        return None
    local = local_docs_assets()
    if local is None:
        pytest.fail(
            f"/docs loads {needed} from a CDN, unreachable here, and no local copy is installed: "
            "serve Swagger UI from the app (fastapi-offline) or install it for the test",
            pytrace=False,
        )
    return local


def offline_router(local: Path | None) -> Callable[[Route], None]:
    """A route handler: off-server requests get the local copy of an asset or are refused."""

    def handle(route: Route) -> None:
        name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
        if local is not None and name in ASSET_NAMES and (local / name).is_file():
            route.fulfill(path=local / name)
        else:
            route.abort()

    return handle


# --- the server -------------------------------------------------------------------------------


def run_cli(env: dict[str, str], *commands: list[str]) -> list[str]:
    """Run `python -m app COMMAND` for each command at once; their stdouts, or fail with output."""
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "app", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    try:
        outputs = [process.communicate(timeout=CLI_SECONDS) for process in running]
    except subprocess.TimeoutExpired:
        for process in running:
            process.kill()
        pytest.fail(f"`app` {commands} took over {CLI_SECONDS} s", pytrace=False)
    for command, process, (out, err) in zip(commands, running, outputs, strict=True):
        if process.returncode != 0:
            pytest.fail(f"`app {' '.join(command)}` failed:\n{out}\n{err}", pytrace=False)
    return [out for out, _ in outputs]


def wait_ready(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    """Poll /readyz until it answers 200, failing if the server dies or takes too long."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited early:\n{log.read_text()}", pytrace=False)
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    message = f"the server was not ready in {SERVER_START_SECONDS} s:\n{log.read_text()}"
    pytest.fail(message, pytrace=False)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start `python -m app serve` in the background, its output going to a log file."""
    with log.open("wb") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def last_line(printed: str) -> str:
    """The last line of a command's output: where `keys create` prints the new key."""
    return printed.strip().splitlines()[-1].strip()


@pytest.fixture
def artifacts(chromium: Path) -> Path:
    """tests/artifacts/e2e/, emptied: this run's screenshots, console and server log."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def server(chromium: Path, artifacts: Path, tmp_path: Path) -> Iterator[Server]:
    """A real server on a new SQLite database with the demo claims and an admin key."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("CLAIMTRACK_")}
    env.update(
        CLAIMTRACK_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
        CLAIMTRACK_HOST="127.0.0.1",
        CLAIMTRACK_PORT=str(port),
        CLAIMTRACK_LOG_LEVEL="warning",
    )
    run_cli(env, ["migrate"])
    log = artifacts / "server.log"
    process = start_server(env, port, log)  # it boots while the demo and the key are made
    base_url = f"http://127.0.0.1:{port}"
    try:
        admin = ["keys", "create", "--name", ADMIN_NAME, "--scope", "admin"]
        _, printed = run_cli(env, ["demo"], admin)  # SQLite in WAL with a busy timeout
        key = last_line(printed)
        wait_ready(process, base_url, log)
        yield Server(base_url=base_url, admin_key=key)
    finally:
        stop(process)


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture
def page(chromium: Path, server: Server, tmp_path: Path) -> Iterator[Page]:
    """A page of a fresh headless chromium profile, with off-server requests kept local."""
    sync_api = _playwright()
    local = check_assets_available(server.base_url)
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=tmp_path / "chromium-profile",
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            context.set_default_timeout(STEP_TIMEOUT_MS)
            base = server.base_url
            context.route(lambda url: not url.startswith(base), offline_router(local))
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _playwright() -> Any:
    """Playwright's sync API; its absence is a failure once the browser test is enabled."""
    try:
        from playwright import sync_api
    except ImportError as exc:
        pytest.fail(f"{ENABLE_VARIABLE} is set but Playwright is missing: {exc}", pytrace=False)
    return sync_api


@pytest.fixture
def steps(page: Page, artifacts: Path) -> Iterator[Steps]:
    """Per-step screenshots, and the failing step's page kept when the test fails."""
    recorder = Steps(page=page, folder=artifacts)
    page.on("console", lambda message: recorder.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: recorder.console.append(f"pageerror: {error}"))
    yield recorder
    (artifacts / "console.txt").write_text("\n".join(recorder.console), encoding="utf-8")


# --- Swagger UI -------------------------------------------------------------------------------


def expect(target: Any) -> Any:
    """Playwright's auto-retrying assertions, waiting as long as an action would."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=STEP_TIMEOUT_MS)
    return playwright_expect(target)


def open_docs(page: Page, base_url: str) -> None:
    """Open /docs and wait for Swagger UI to render the document."""
    page.goto(f"{base_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("claimtrack")


def authorize(page: Page, key: str) -> None:
    """Paste the key into the ApiKey (bearer) scheme of the Authorize dialog, then close it."""
    page.locator(".scheme-container button.authorize").click()
    dialog = page.locator(".dialog-ux .modal-ux")
    scheme = dialog.locator(".auth-container").filter(has_text="ApiKey")
    scheme.locator("input").fill(key)
    scheme.locator("button.authorize", has_text="Authorize").click()
    expect(scheme.locator("button", has_text="Logout")).to_be_visible()
    dialog.locator("button.btn-done", has_text="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".scheme-container button.authorize")).to_have_class(LOCKED)


def operation(page: Page, method: str, path: str) -> Locator:
    """The block of one operation, expanded."""
    block = page.locator(f".opblock.opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]')
    )
    block.locator(".opblock-summary-control").click()
    expect(block.locator(".opblock-body")).to_be_visible()
    return block


def try_it_out(block: Locator) -> None:
    """Switch an operation to editable mode."""
    block.get_by_role("button", name="Try it out").click()
    expect(block.locator("button.execute")).to_be_visible()


def fill_parameter(block: Locator, name: str, value: str) -> None:
    """Type a value into a path, query or header parameter's field."""
    block.locator(f'tr[data-param-name="{name}"] input').fill(value)


def fill_body(block: Locator, body: dict[str, Any]) -> None:
    """Replace the example in the request body editor with a JSON document."""
    editor = block.locator("textarea.body-param__text")
    editor.fill("")
    editor.fill(json.dumps(body))


def execute(block: Locator, status: int) -> None:
    """Send the request and wait for the live response with the given status."""
    block.locator("button.execute").click()
    live = block.locator(".live-responses-table tr.response")
    expect(live.locator(".response-col_status")).to_have_text(str(status))
    live.scroll_into_view_if_needed()


def response_body(block: Locator) -> Any:
    """The JSON body of an operation's live response, as Swagger UI shows it."""
    shown = block.locator(".live-responses-table tr.response .highlight-code pre")
    return json.loads(shown.inner_text())


def response_headers(block: Locator) -> str:
    """The response headers of an operation's live response, as one text."""
    shown = block.locator(".live-responses-table tr.response div").filter(
        has=block.page.locator("h5", has_text="Response headers")
    )
    return shown.locator("pre").inner_text()


# --- the test ---------------------------------------------------------------------------------


def current_claim(base_url: str) -> tuple[int, int, str]:
    """A demo claim's id, version and ETag, read over plain HTTP."""
    listed = httpx.get(f"{base_url}/v1/claims", params={"limit": 1}, timeout=10)
    assert listed.status_code == 200, listed.text
    claim = listed.json()["items"][0]
    one = httpx.get(f"{base_url}/v1/claims/{claim['id']}", timeout=10)
    assert one.headers["etag"] == f'"{claim["version"]}"'
    return int(claim["id"]), int(claim["version"]), str(one.headers["etag"])


def assert_edit_recorded(history: dict[str, Any], version: int) -> None:
    """The history's last entry is the new version: an update by the admin key, new text."""
    last = history["items"][-1]
    assert (last["version"], last["action"], last["actor"]) == (version, "update", ADMIN_NAME)
    assert last["changes"]["text"]["to"] == NEW_TEXT
    assert last["snapshot"]["text"] == NEW_TEXT


def run_admin_edit(page: Page, steps: Steps, server: Server) -> None:
    """The whole walk through the docs: authorize, PATCH a claim, read its history."""
    claim_id, version, etag = current_claim(server.base_url)
    path = "/v1/claims/{claim_id}"
    steps.begin("open-docs")
    open_docs(page, server.base_url)
    steps.finish()
    steps.begin("authorize")
    authorize(page, server.admin_key)
    steps.finish()
    steps.begin("patch-filled")
    patch = operation(page, "patch", path)
    try_it_out(patch)
    fill_parameter(patch, "claim_id", str(claim_id))
    fill_parameter(patch, "If-Match", etag)
    fill_body(patch, {"text": NEW_TEXT})
    patch.scroll_into_view_if_needed()
    steps.finish()
    steps.begin("patch-executed")
    execute(patch, 200)
    edited = response_body(patch)
    assert (edited["text"], edited["version"]) == (NEW_TEXT, version + 1)
    assert f'etag: "{version + 1}"' in response_headers(patch)
    steps.finish()
    steps.begin("history")
    patch.locator(".opblock-summary-control").click()
    history_op = operation(page, "get", f"{path}/history")
    try_it_out(history_op)
    fill_parameter(history_op, "claim_id", str(claim_id))
    execute(history_op, 200)
    assert_edit_recorded(response_body(history_op), version + 1)
    steps.finish()
    over_http = httpx.get(f"{server.base_url}/v1/claims/{claim_id}/history", timeout=10)
    assert_edit_recorded(over_http.json(), version + 1)


def test_admin_edits_a_claim_through_swagger_ui(page: Page, steps: Steps, server: Server) -> None:
    """An admin authorises in /docs, edits a claim with If-Match, and sees it in the history."""
    try:
        run_admin_edit(page, steps, server)
    except BaseException:
        steps.failed()
        raise
    finally:
        page.screenshot(path=steps.folder / "final.png")
