"""The citizen answers a completion request, writes to case handling and withdraws a case in a
real browser at 320 px: every state of the case page and the withdrawal page passes axe-core
(WCAG 2.1 AA) in Swedish and English, and the same steps work with JavaScript off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.support import api_platform, case_system
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_journey_in_browser import file_case
from tests.support.platform import RunningPlatform


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with api_platform(sqlite_url, tmp_path) as running:
        yield running


@pytest.mark.parametrize(("lang", "javascript"), [("sv", True), ("en", True), ("sv", False)])
def test_case_page_actions(browser: Any, platform: RunningPlatform, tmp_path: Path, lang: str, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 320, "height": 640})
    page = context.new_page()

    def _check(page: Any) -> None:
        if javascript:  # axe-core is a script: it runs where scripts do
            assert_accessible(page)
        assert_no_horizontal_scroll(page)

    reference = file_case(page, platform.url, lambda p: None)
    with case_system(platform, "arende") as api:
        api.post(f"/api/v1/cases/{reference}/completion-requests", json={"text": "Skicka ett foto på lyktan."})
    page.goto(f"{platform.url}/arenden?lang={lang}")
    page.get_by_role("link", name=reference).click()
    _check(page)

    send = "Skicka kompletteringen" if lang == "sv" else "Send the completion"
    page.get_by_role("button", name=send).click()  # empty: errors, still accessible
    assert page.title().startswith("Fel:" if lang == "sv" else "Error:")
    _check(page)
    photo = tmp_path / "lyktan.pdf"
    photo.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Ditt svar" if lang == "sv" else "Your answer").fill("Här är fotot.")
    page.get_by_label("Bifoga filer" if lang == "sv" else "Attach files").set_input_files(str(photo))
    page.get_by_role("button", name=send).click()
    assert "lyktan.pdf" in page.content()
    _check(page)

    page.get_by_label("Ditt meddelande" if lang == "sv" else "Your message").fill("Tack!")
    page.get_by_role("button", name="Skicka meddelandet" if lang == "sv" else "Send the message").click()
    _check(page)

    page.get_by_role("link", name="Återkalla ärendet" if lang == "sv" else "Withdraw the case").click()
    _check(page)
    page.get_by_role("button", name="Ja, återkalla ärendet" if lang == "sv" else "Yes, withdraw the case").click()
    assert ("Återkallad" if lang == "sv" else "Withdrawn") in page.content()
    _check(page)
    context.close()
