"""Browser fixtures: a static HTTP server on 127.0.0.1 for this folder (the
check pages and node_modules), and headless Debian Chromium driven by
Playwright. Tests skip, saying what is missing, when Chromium or the npm
packages are not installed (.ci/run installs both)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
NPM_BUNDLES = {
    "bpmn-js": HERE / "node_modules" / "bpmn-js" / "dist" / "bpmn-navigated-viewer.production.min.js",
    "mermaid": HERE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js",
}


def chromium_path() -> Path | None:
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def static_server() -> Iterator[str]:
    missing = [name for name, bundle in NPM_BUNDLES.items() if not bundle.is_file()]
    if missing:
        pytest.skip(
            f"BROWSER TESTS SKIPPED: npm packages {', '.join(missing)} are not installed; "
            f"run `npm ci` in {HERE}"
        )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(HERE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Module scope, not session: Playwright's sync API keeps an asyncio loop
# running in the main thread while it is open, and every later test that
# calls asyncio.run() would fail with "cannot be called from a running loop".
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "BROWSER TESTS SKIPPED: Chromium not found; install it with `apt-get install -y chromium`"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "BROWSER TESTS SKIPPED: the Python package playwright is not installed (uv sync --group dev)"
        )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def open_page(browser: Any, url: str, ready: str) -> Any:
    """A fresh page at `url`, after the global `ready` is true; page errors are collected."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # Everything the page needs comes from our loopback server; refuse the rest.
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(url.split("/", 3)[0] + "//127.0.0.1")
            else route.abort()
        ),
    )
    page.goto(url)
    page.wait_for_function(f"window.{ready} === true")
    return page
