"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Set before Django loads: development settings, a throwaway data directory, and
DJANGO_ALLOW_ASYNC_UNSAFE (Playwright's sync API runs an event loop in the test thread).
Without Chromium these tests skip locally and FAIL under CI, so CI never passes by skipping.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

if "DUALPATH_DATA_DIR" not in os.environ:
    _data = Path(tempfile.mkdtemp(prefix="dualpath-test-"))
    (_data / "static").mkdir()
    os.environ["DUALPATH_DATA_DIR"] = str(_data)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dualpath.web.settings")
os.environ.setdefault("DUALPATH_DEV", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DUALPATH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}


def require(path: Path, what: str) -> None:
    """Skip without ``path`` locally; fail in CI, where skipping would hide a broken setup."""
    if path.exists():
        return
    message = f"{what} not found at {path} (scripts/setup with DUALPATH_SYSTEM=1 installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@dataclass
class Transfer:
    """What the browser received for one page load: each response and its gzip size."""

    responses: list[tuple[str, int, int]] = field(default_factory=list)

    def record(self, response: Any) -> None:
        try:
            body = response.body()
        except Exception:  # redirects have no body
            return
        self.responses.append((response.url, len(body), len(gzip.compress(body, 6))))

    @property
    def gzip_bytes(self) -> int:
        return sum(size for _, _, size in self.responses)

    def clear(self) -> None:
        self.responses.clear()


@dataclass
class Phone:
    """A fresh phone-sized browser context with CSP-violation and transfer recording."""

    page: Any
    context: Any
    transfer: Transfer
    csp_errors: list[str]
    base_url: str

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def axe_violations(self) -> list[dict[str, Any]]:
        require(AXE, "axe-core")
        # Evaluated through DevTools, so the page's CSP (rightly) does not apply to it.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result: dict[str, Any] = self.page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        )
        violations: list[dict[str, Any]] = result["violations"]
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
            for v in violations
        ]


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Phone]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    transfer = Transfer()
    csp_errors: list[str] = []
    page.on("response", transfer.record)
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield Phone(page, context, transfer, csp_errors, live_server.url)
    context.close()


def lighthouse_available() -> None:
    require(LIGHTHOUSE, "Lighthouse")
    if shutil.which("node") is None:
        require(Path("/nonexistent/node"), "Node.js")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with empty rate-limit counters (they live in the process's cache)."""
    from django.core.cache import cache

    cache.clear()
