"""The oversight page passes axe-core (WCAG 2.1 AA) in Swedish and English and fits 320 px."""

from __future__ import annotations

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


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_classification_page_passes_axe(browser: Any, platform: RunningPlatform, lang: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{platform.url}/admin/klassning?lang={lang}")
    page.get_by_label("Olof Strand").check()
    page.get_by_role("button", name="Logga in").click()
    assert page.url.split("?")[0].endswith("/admin/klassning")
    heading = "Informationsklassning av e-tjänsterna" if lang == "sv" else "Security classification of the e-services"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    context.close()
