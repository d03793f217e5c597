"""Headless Chromium (Debian's `chromium`, driven by Playwright) with axe-core from npm.

Never `playwright install`: the browser is the system one at /usr/bin/chromium. Locally these
tests skip when Chromium or axe-core is missing; in CI they fail instead (.ci/run installs both).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.support.databases import require

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Flags for a closed network: without them Chromium keeps calling home and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


# Module scope, not session: Playwright's sync API keeps an event loop running in the main
# thread while it is open, and tests after the browser modules call asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    require(AXE.exists(), "browser tests need axe-core: run `npm install` in the repository root")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "browser tests need the playwright package (pip install -e '.[test]')")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def assert_accessible(page: Any) -> None:
    """Run axe-core on the page as it is now: no WCAG 2.1 A/AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {page.url}:\n{json.dumps(violations, indent=2, ensure_ascii=False)}"


def assert_no_horizontal_scroll(page: Any) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls horizontally by {overflow}px at {page.viewport_size}"
