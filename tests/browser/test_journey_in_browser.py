"""A person files the example case in a real browser: every page passes axe-core (WCAG 2.1 AA),
in Swedish and English, with errors shown; the same journey works without JavaScript and at
320 px width without horizontal scrolling."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.support.platform import RunningPlatform, running_platform


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(sqlite_url, tmp_path) as running:
        yield running


def file_case(page: Any, base: str, check: Any) -> str:
    page.goto(base + "/")
    check(page)
    page.get_by_role("link", name="Lämna en synpunkt eller ett klagomål").click()
    check(page)
    page.get_by_role("button", name="Starta e-tjänsten").click()
    assert "/test-idp/authorize" in page.url
    check(page)
    page.get_by_role("button", name="Logga in").click()

    assert page.url.endswith("/sida/vad")
    check(page)
    page.get_by_role("button", name="Fortsätt").click()  # nothing chosen: errors
    assert page.title().startswith("Fel:")
    check(page)
    page.get_by_label("Klagomål").check()
    page.get_by_label("Gator, parker och trafik").check()
    page.get_by_role("button", name="Fortsätt").click()

    check(page)
    page.get_by_label("Beskrivning").fill("Gatlyktan vid Storgatan 12 har varit trasig i två veckor.")
    page.get_by_label("Dag").fill("3")
    page.get_by_label("Månad").fill("11")
    page.get_by_label("År").fill("2026")
    page.get_by_role("button", name="Fortsätt").click()

    check(page)
    page.get_by_label("Namn").fill("Anna Andersson")
    page.get_by_label("E-postadress").fill("anna@example.se")
    page.get_by_label(re.compile("Jag intygar")).check()
    page.get_by_role("button", name="Fortsätt").click()

    assert page.url.endswith("/granska")
    check(page)
    assert "3 november 2026" in page.content()
    page.get_by_role("button", name="Skicka in").click()
    check(page)
    reference = re.search(r"BLK-\d{4}-\d{6}", page.content())
    assert reference
    return reference.group(0)


def test_file_the_example_case_with_zero_axe_violations(browser: Any, platform: RunningPlatform) -> None:
    context = browser.new_context()
    page = context.new_page()
    reference = file_case(page, platform.url, assert_accessible)
    page.goto(platform.url + "/arenden")
    for _ in range(100):
        if "Lämnat till handläggning" in page.content():
            break
        page.wait_for_timeout(100)
        page.reload()
    assert reference in page.content()
    assert "Lämnat till handläggning" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    # English, on any page, with the answers kept.
    page.goto(platform.url + "/e-tjanst/synpunkt/sida/vad?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_other_pages_pass_axe(browser: Any, platform: RunningPlatform, lang: str) -> None:
    """Pages off the main journey: the printable form and the error page."""
    page = browser.new_page()
    page.goto(f"{platform.url}/e-tjanst/synpunkt/utskrift?lang={lang}")
    assert_accessible(page)
    response = page.goto(f"{platform.url}/finns-inte?lang={lang}")
    assert response is not None and response.status == 404
    assert_accessible(page)
    page.close()


def test_without_javascript_at_320_px(browser: Any, platform: RunningPlatform) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    reference = file_case(page, platform.url, assert_no_horizontal_scroll)
    page.goto(platform.url + "/arenden")
    assert reference in page.content()
    assert_no_horizontal_scroll(page)
    context.close()
