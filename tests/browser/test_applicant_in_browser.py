""""Vem ansöker du för?" and the page that turns a minor away, in a real browser with axe-core
(WCAG 2.1 A/AA): the choice with a child's number under its option, its error state, and the
stop page, in Swedish and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.support.platform import RunningPlatform, running_platform


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(sqlite_url, tmp_path) as running:
        yield running


def log_in_as(page: Any, person: str) -> None:
    assert "/test-idp/authorize" in page.url, page.url
    page.locator(f'input[name="person"][value="{person}"]').check()
    page.locator('button[name="action"][value="login"]').click()


@pytest.mark.parametrize(("lang", "child", "wrong"), [
    ("sv", "Mitt barn", "Ange ett giltigt personnummer"),
    ("en", "My child", "Enter a valid 12-digit personal identity number"),
])
def test_the_choice_and_its_errors_pass_axe(
    browser: Any, platform: RunningPlatform, lang: str, child: str, wrong: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{platform.url}/e-tjanst/parkeringstillstand/sokande?lang={lang}")
        log_in_as(page, "anna")
        assert page.url.split("?")[0].endswith("/sokande")
        assert_accessible(page)
        page.get_by_label(child, exact=True).check()
        page.locator("#child_number").fill("20230315-1234")
        page.locator("#child_name").fill("Elsa Andersson")
        page.locator("main form button[type=submit]").click()
        assert wrong in page.locator(".error-summary").inner_text()
        assert page.locator("#child_name").input_value() == "Elsa Andersson"  # kept
        assert_accessible(page)
        page.locator("#child_number").fill("20230315-1233")
        page.locator("main form button[type=submit]").click()
        assert page.url.endswith("/sida/forare-passagerare"), page.url
    finally:
        context.close()


def test_the_page_that_turns_a_minor_away_passes_axe(browser: Any, platform: RunningPlatform) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{platform.url}/e-tjanst/parkeringstillstand/sida/forare-passagerare")
        log_in_as(page, "maja")
        assert page.url.endswith("/sokande"), page.url
        assert "Be din vårdnadshavare att ansöka för dig" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        context.close()
