"""A real browser (Debian's Chromium, driven by Playwright) on the real web app, served on
loopback over HTTP with CSRF on, and axe-core to check each page for WCAG 2.1 A/AA."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from intake.app import create_app
from tests.js_tools import ensure_node_modules, required

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (ensure_node_modules() / "node_modules" / "axe-core" / "axe.min.js").read_text()


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        required("Debian's chromium is not installed (apt-get install chromium; `make test` does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served(sqlite_system):
    """The app on a free loopback port; yields its base URL."""
    app = create_app(sqlite_system.runtime)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


class Axe:
    """Runs axe-core in a page (the page's CSP is bypassed for the injected script only)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.checked: list[str] = []

    def violations(self, page) -> list[str]:
        page.add_script_tag(content=self.source)
        found = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
            WCAG,
        )
        self.checked.append(page.url)
        return found


@pytest.fixture
def axe(axe_source) -> Axe:
    return Axe(axe_source)


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    context.close()
