"""The staff oversight pages (the classification, the form authors' page with its problems) pass
axe-core (WCAG 2.1 AA) in Swedish and English and fit 320 px."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blankett.web.texts import translate
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.support.platform import RunningPlatform, running_platform
from tests.web.test_authors import forms_with_problems


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    # Forms with problems, so the authors' page shows its problem tables too.
    with running_platform(sqlite_url, tmp_path, forms_dir=str(forms_with_problems(tmp_path))) as running:
        yield running


@contextlib.contextmanager
def as_olof(browser: Any, platform: RunningPlatform, path: str, lang: str) -> Iterator[Any]:
    """The page at ``path`` at 320 px, Olof (administrator, form author) logged in; checked with
    axe-core and for horizontal scrolling once the test has looked at it."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{platform.url}{path}?lang={lang}")
    page.get_by_label("Olof Strand").check()
    page.get_by_role("button", name="Logga in").click()
    assert page.url.split("?")[0].endswith(path)
    yield page
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_classification_page_passes_axe(browser: Any, platform: RunningPlatform, lang: str) -> None:
    with as_olof(browser, platform, "/admin/klassning", lang) as page:
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == translate("admin_classification_heading", lang)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_form_authors_page_passes_axe(browser: Any, platform: RunningPlatform, lang: str) -> None:
    with as_olof(browser, platform, "/forfattare", lang) as page:
        assert page.get_by_role("table").count() == 2  # the two broken forms' problems
