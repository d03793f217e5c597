"""The handler inbox in a real browser: the list, a case, its error state and a decision pass
axe-core (WCAG 2.1 AA) in Swedish and English, and fit a 320 px screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_journey_in_browser import file_case
from tests.support.platform import RunningPlatform
from tests.web.test_inbox import inbox_platform


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with inbox_platform(sqlite_url, tmp_path) as running:
        yield running


def _check(page: Any) -> None:
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_inbox_pages_pass_axe(browser: Any, platform: RunningPlatform, lang: str) -> None:
    citizen = browser.new_context()
    reference = file_case(citizen.new_page(), platform.url, lambda p: None)
    citizen.close()

    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{platform.url}/handlaggning?lang={lang}")
    page.get_by_label("Sara Berg").check()
    page.get_by_role("button", name="Logga in").click()
    for _ in range(100):  # the worker hands the case to the inbox
        if reference in page.content():
            break
        page.wait_for_timeout(100)
        page.reload()
    _check(page)
    page.get_by_role("link", name=reference).click()
    _check(page)

    request = "Skicka begäran" if lang == "sv" else "Send the request"
    page.get_by_role("button", name=request).click()  # empty: errors at the fields
    assert page.title().startswith("Fel:" if lang == "sv" else "Error:")
    _check(page)

    decision = "Beslut" if lang == "sv" else "Decision"
    page.get_by_label(decision, exact=True).fill("Lyktan lagas vecka 50.")
    page.get_by_role("button", name="Spara beslutet" if lang == "sv" else "Save the decision").click()
    assert ("Beslut fattat" if lang == "sv" else "Decided") in page.content()
    _check(page)
    context.close()
