"""The embeddable chart page (/v1/measures/{ref}/embed) as a reader sees it, in headless Chromium.

Runs only with CLAIMTRACK_TEST_BROWSER=1 and Debian's chromium, like tests/e2e/test_docs_browser.py,
whose fixtures start the server (a temporary SQLite database with the demo data). The page is
opened at 800x600, device scale factor 1, with every request recorded and any that leaves the
server refused: it must load nothing from anywhere else and log no error. The DOM is checked for
what a reader sees (the chart drawn in its embedded font, the legend inside it, the figures table,
the credit line), then a full-page screenshot is compared with tests/e2e/reference/embed-kursk.png.

The comparison allows antialiasing noise: a pixel differs when one of its channels is off by more
than PIXEL_THRESHOLD, and at most MAX_DIFFERING of the pixels may differ. The credit line's date
(the day of the request) is set to a fixed day before the screenshot. With no reference, or with
CLAIMTRACK_UPDATE_REFERENCE=1, the screenshot becomes the reference and the test fails saying so:
look at the new file before committing it. Each run's screenshot, and on a mismatch an image of
the differing pixels, go to tests/artifacts/e2e/embed/ (with the console and the server's log).

PNGs are read with the standard library (zlib): Pillow is not a dependency. Chromium writes 8-bit
RGB or RGBA without interlacing, which is all that read_png accepts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.e2e import test_docs_browser as docs

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page

MEASURE = "kursk-area-held-by-ukraine"
FAMILY = "Source Sans Pro"  # the family the chart's SVG embeds (app.comparison.chart_fonts)
VIEWPORT = {"width": 800, "height": 600}
REFERENCE = Path(__file__).resolve().parent / "reference" / "embed-kursk.png"
UPDATE_VARIABLE = "CLAIMTRACK_UPDATE_REFERENCE"
PIXEL_THRESHOLD = 48  # of 255: a pixel differs when a channel is off by more (not faint shading)
# The page is mostly white: hiding one legend changes 0.2-0.3 % of its pixels, hiding both 0.5 %,
# so the 1 % often allowed would let a legend go missing. 0.1 % is some 550 pixels of noise.
MAX_DIFFERING = 0.001
FIXED_DAY = "2000-01-01"  # stands in for the credit line's date of today in the screenshot
CREDIT_DATE = re.compile(r"recorded on (\d{4}-\d{2}-\d{2})")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

# The docs test's fixtures, found by pytest under these names: `chromium` (skip unless enabled,
# fail without the browser) and `server` (the demo on a temporary database). `server` writes its
# log into the `artifacts` folder defined below, this test's own.
chromium = docs.chromium
server = docs.server


@pytest.fixture
def artifacts(chromium: Path) -> Path:
    """tests/artifacts/e2e/embed/, emptied: leaves the docs test's files alone."""
    folder = docs.ARTIFACTS / "embed"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- PNG, read and written with zlib ---------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """Decoded pixels: rows of RGB bytes, top to bottom."""

    width: int
    height: int
    rows: list[bytes]


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The (type, payload) of each chunk of a PNG file."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        yield data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length


def _paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    to_left, to_up, to_corner = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else corner


def _unfilter(kind: int, line: bytes, previous: bytes, step: int) -> bytes:
    """Undo one scanline's filter (PNG spec, section 9.2)."""
    if kind == 0:
        return line
    if kind == 2:
        return bytes((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - step] if i >= step else 0
        if kind == 1:
            out[i] = (out[i] + left) & 0xFF
        elif kind == 3:
            out[i] = (out[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            corner = previous[i - step] if i >= step else 0
            out[i] = (out[i] + _paeth(left, previous[i], corner)) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")
    return bytes(out)


def read_png(data: bytes) -> Image:
    """An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) as RGB rows."""
    header, compressed = b"", bytearray()
    for kind, payload in _chunks(data):
        if kind == b"IHDR":
            header = payload
        elif kind == b"IDAT":
            compressed += payload
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace")
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(compressed))
    stride = width * step
    rows, previous = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        previous = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], previous, step)
        rows.append(previous if step == 3 else _rgb(previous))
    return Image(width, height, rows)


def _rgb(rgba: bytes) -> bytes:
    """RGBA bytes without the alpha (screenshots are opaque)."""
    out = bytearray(len(rgba) // 4 * 3)
    out[0::3], out[1::3], out[2::3] = rgba[0::4], rgba[1::4], rgba[2::4]
    return bytes(out)


def write_png(image: Image) -> bytes:
    """An 8-bit RGB PNG of the image (no filtering)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        checksum = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in image.rows)
    return b"".join(
        (
            PNG_SIGNATURE,
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(raw, 9)),
            chunk(b"IEND", b""),
        )
    )


@dataclass(frozen=True)
class Difference:
    """How a screenshot differs from its reference, with an image of where."""

    differing: int
    total: int
    picture: Image

    @property
    def share(self) -> float:
        """The share of the pixels that differ."""
        return self.differing / self.total


def compare(actual: Image, expected: Image, threshold: int = PIXEL_THRESHOLD) -> Difference:
    """Count the pixels where a channel differs by more than the threshold; the picture shows
    the reference faded, with the differing pixels in red."""
    if (actual.width, actual.height) != (expected.width, expected.height):
        raise ValueError(
            f"the screenshot is {actual.width}x{actual.height} pixels, "
            f"the reference {expected.width}x{expected.height}"
        )
    differing, rows = 0, []
    for got, want in zip(actual.rows, expected.rows, strict=True):
        faded = bytes(192 + (value >> 2) for value in want)
        if got == want:
            rows.append(faded)
            continue
        out = bytearray(faded)
        for x in range(0, len(want), 3):
            if any(abs(got[x + c] - want[x + c]) > threshold for c in range(3)):
                differing += 1
                out[x : x + 3] = b"\xff\x00\x00"
        rows.append(bytes(out))
    picture = Image(expected.width, expected.height, rows)
    return Difference(differing, expected.width * expected.height, picture)


def updating_reference() -> bool:
    """Whether CLAIMTRACK_UPDATE_REFERENCE asks to replace the reference screenshot."""
    return os.environ.get(UPDATE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def check_against_reference(shot: bytes, folder: Path) -> None:
    """Fail unless the screenshot matches the reference within the tolerance; write the
    reference (and fail, saying so) when there is none or when asked to."""
    if updating_reference() or not REFERENCE.is_file():
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_bytes(shot)
        why = f"{UPDATE_VARIABLE} is set" if updating_reference() else "there was none"
        pytest.fail(
            f"wrote the reference {REFERENCE.relative_to(docs.ROOT)} ({why}): look at it, "
            f"then run the test again without {UPDATE_VARIABLE} to compare with it",
            pytrace=False,
        )
    try:
        difference = compare(read_png(shot), read_png(REFERENCE.read_bytes()))
    except ValueError as exc:
        pytest.fail(f"cannot compare with {REFERENCE.name}: {exc}", pytrace=False)
    report = (
        f"{difference.differing} of {difference.total} pixels ({difference.share:.3%}) differ "
        f"from {REFERENCE.name} by more than {PIXEL_THRESHOLD} in a channel"
    )
    (folder / "comparison.txt").write_text(report + "\n", encoding="utf-8")
    if difference.share > MAX_DIFFERING:
        (folder / "embed-kursk-diff.png").write_bytes(write_png(difference.picture))
        pytest.fail(
            f"{report}, over the {MAX_DIFFERING:.1%} allowed; see embed-kursk.png and "
            f"embed-kursk-diff.png in {folder.relative_to(docs.ROOT)} (if the change is "
            f"intended, rerun with {UPDATE_VARIABLE}=1)",
            pytrace=False,
        )


# --- the browser ----------------------------------------------------------------------------


@dataclass
class Traffic:
    """What the page asked for and what it logged."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record(self, context: BrowserContext, page: Page) -> None:
        """Listen to the context's requests and the page's console."""
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failed.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        line = f"{message.type}: {message.text}"
        self.console.append(line)
        if message.type == "error":
            self.errors.append(line)


@dataclass
class Browser:
    """A page of a fresh headless chromium, with what it requested and logged."""

    page: Page
    context: BrowserContext
    traffic: Traffic


@pytest.fixture
def browser(chromium: Path, server: docs.Server, tmp_path: Path) -> Iterator[Browser]:
    """An 800x600 page at device scale factor 1; requests that leave the server are refused."""
    sync_api = docs._playwright()
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=tmp_path / "chromium-profile",
            executable_path=str(chromium),
            headless=True,
            args=docs.CHROMIUM_FLAGS,
            viewport=VIEWPORT,
            device_scale_factor=1,
            locale="en-US",
            color_scheme="light",
        )
        try:
            context.set_default_timeout(docs.STEP_TIMEOUT_MS)
            context.route(lambda url: not on_server(url, server.base_url), lambda r: r.abort())
            page = context.pages[0] if context.pages else context.new_page()
            traffic = Traffic()
            traffic.record(context, page)
            # CSP violations are logged to the console too; this catches them by their event.
            page.add_init_script(
                "window.__violations = [];"
                "document.addEventListener('securitypolicyviolation', e => "
                "window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
            )
            yield Browser(page=page, context=context, traffic=traffic)
        finally:
            context.close()


def on_server(url: str, base_url: str) -> bool:
    """Whether a request stays on the server (or is a data: URL, which fetches nothing)."""
    return url.startswith((f"{base_url}/", "data:"))


# --- what a reader sees -----------------------------------------------------------------------

# Geometry of the chart, in CSS pixels, measured in the page.
CHART_JS = """() => {
  const svg = document.querySelector('figure svg');
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, legend: !!t.closest('.role-legend'),
            family: getComputedStyle(t).fontFamily,
            left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  });
  const faces = [...document.fonts].map(f => ({family: f.family.replace(/["']/g, ''),
                                             weight: f.weight, status: f.status}));
  return {box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                width: box.width, height: box.height}, texts, faces};
}"""


def figures_over_http(base_url: str) -> list[dict[str, Any]]:
    """The measure's figures as the API lists them, with the embed page's (default) filters."""
    listed = httpx.get(f"{base_url}/v1/measures/{MEASURE}/figures?limit=100", timeout=10)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["next_cursor"] is None and body["total"] == len(body["items"])
    return list(body["items"])


def check_chart(browser: Browser) -> None:
    """The SVG is drawn with a size, in the embedded font, with no text outside it."""
    page = browser.page
    page.evaluate("() => document.fonts.ready.then(() => true)")
    chart = page.evaluate(CHART_JS)
    assert chart is not None, "the page has no <figure><svg>"
    box = chart["box"]
    assert box["width"] > 0 and box["height"] > 0, f"the chart has no size: {box}"
    loaded = {face["weight"] for face in chart["faces"] if face["family"] == FAMILY}
    assert chart["faces"] and all(face["status"] == "loaded" for face in chart["faces"]), chart
    assert {"normal", "bold"} <= loaded, f"the embedded faces are not loaded: {chart['faces']}"
    texts = chart["texts"]
    assert any(text["legend"] for text in texts), "the chart has no legend text"
    for text in texts:
        assert text["family"].strip("'\" ").startswith(FAMILY), text
        inside = (
            text["left"] >= box["left"] - 0.5
            and text["right"] <= box["right"] + 0.5
            and text["top"] >= box["top"] - 0.5
            and text["bottom"] <= box["bottom"] + 0.5
        )
        assert inside, f"{text['text']!r} is cut off by the chart's edge: {text} vs {box}"
    check_drawn_in(browser, FAMILY, ".role-legend text")


def check_drawn_in(browser: Browser, family: str, selector: str) -> None:
    """The glyphs of these elements were drawn from the web font itself, not a stand-in
    (Chromium's own account, CSS.getPlatformFontsForNode)."""
    cdp = browser.context.new_cdp_session(browser.page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        assert found["nodeIds"], f"no {selector} in the page"
        for node in found["nodeIds"]:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            used = {(font["familyName"], font["isCustomFont"]) for font in fonts}
            assert used == {(family, True)}, f"{selector} drawn in {fonts}"
    finally:
        cdp.detach()


def check_table(browser: Browser, figures: list[dict[str, Any]]) -> None:
    """A table with a header row and one row per figure, as assistive technology reads it."""
    table = browser.page.get_by_role("table")
    docs.expect(table).to_be_visible()
    headers = table.get_by_role("columnheader")
    docs.expect(headers).to_have_text(["Who", "Said", "In km²", "As of", "Source"])
    rows = table.get_by_role("row")
    docs.expect(rows).to_have_count(1 + len(figures))
    docs.expect(rows.first.get_by_role("columnheader")).to_have_count(5)
    shown = [
        (cells[0].strip(), cells[3].strip())
        for cells in (row.get_by_role("cell").all_inner_texts() for row in rows.all()[1:])
    ]
    listed = [(figure["speaker"]["name"], figure["as_of"]) for figure in figures]
    assert sorted(shown) == sorted(listed)


def check_credit(browser: Browser, figures: int) -> str:
    """The credit line is visible and says what the chart shows; its date (today's)."""
    credit = browser.page.locator("figcaption.credit")
    docs.expect(credit).to_be_visible()
    docs.expect(credit).to_contain_text(f"Chart and data: claimtrack, {figures} figures")
    box = credit.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"]
    found = CREDIT_DATE.search(credit.inner_text())
    assert found is not None, credit.inner_text()
    today = datetime.now(UTC).date()
    assert found[1] in {today.isoformat(), (today - timedelta(days=1)).isoformat()}
    return found[1]


def screenshot(browser: Browser, day: str, folder: Path) -> bytes:
    """The whole page, the credit line's date replaced with FIXED_DAY, saved to the folder."""
    browser.page.locator("figcaption.credit").evaluate(
        "(credit, [day, fixed]) => { credit.textContent = credit.textContent"
        ".replace('recorded on ' + day, 'recorded on ' + fixed); }",
        [day, FIXED_DAY],
    )
    path = folder / "embed-kursk.png"
    browser.page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
    return path.read_bytes()


def check_page(browser: Browser, server: docs.Server, folder: Path) -> None:
    """Open the embed page and check it as a reader sees it, then against the reference."""
    figures = figures_over_http(server.base_url)
    url = f"{server.base_url}/v1/measures/{MEASURE}/embed"
    response = browser.page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    check_chart(browser)
    check_table(browser, figures)
    day = check_credit(browser, len(figures))
    shot = screenshot(browser, day, folder)
    traffic = browser.traffic
    offsite = [asked for asked in traffic.requests if not on_server(asked, server.base_url)]
    assert offsite == [], f"the page asked for {offsite}"
    assert traffic.requests[0] == url and traffic.failed == [], traffic
    assert traffic.errors == [], f"the console logged {traffic.errors}"
    violations = browser.page.evaluate("window.__violations")
    assert violations == [], f"Content-Security-Policy violations: {violations}"
    check_against_reference(shot, folder)


def test_the_embed_page_as_a_reader_sees_it(
    browser: Browser, server: docs.Server, artifacts: Path
) -> None:
    """The demo measure's embed page: self-contained, legible, and as the reference shows it."""
    try:
        check_page(browser, server, artifacts)
    except Exception:
        browser.page.screenshot(path=artifacts / "FAILED.png", full_page=True)
        (artifacts / "FAILED.html").write_text(browser.page.content(), encoding="utf-8")
        raise
    finally:
        traffic = browser.traffic
        log = {"requests": traffic.requests, "failed": traffic.failed, "console": traffic.console}
        (artifacts / "traffic.json").write_text(json.dumps(log, indent=2), encoding="utf-8")
