"""My profile in a real browser: logged in through the built-in test identity provider, the page,
its error state, the delete confirmation and the verification page pass axe-core (WCAG 2.1 AA),
in Swedish and English."""

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


@pytest.mark.parametrize(
    ("lang", "save", "email_label", "error"),
    [
        ("sv", "Spara", "E-postadress", "Skriv e-postadressen i rätt format"),
        ("en", "Save", "E-mail address", "Enter the e-mail address in the correct format"),
    ],
)
def test_the_profile_page_passes_axe(
    browser: Any, platform: RunningPlatform, lang: str, save: str, email_label: str, error: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{platform.url}/profil?lang={lang}")
    assert "/test-idp/authorize" in page.url
    page.get_by_role("button", name="Logga in").click()  # the test provider speaks Swedish
    assert page.url.endswith("/profil")
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)

    page.get_by_label(email_label).fill("anna@")
    page.locator("#mobile").fill("070-123 45 67")
    page.locator("#channel-email").check()
    page.get_by_role("button", name=save, exact=True).click()
    assert page.title().startswith("Fel:" if lang == "sv" else "Error:")
    assert error in page.content()
    assert page.locator("#email").input_value() == "anna@"  # kept
    assert page.locator("#mobile").input_value() == "070-123 45 67"
    assert_accessible(page)

    page.get_by_label(email_label).fill("anna@example.se")
    page.get_by_role("button", name=save, exact=True).click()
    assert page.url.endswith("/profil?lank=1")
    assert_accessible(page)  # the notice, and the address waiting for its link

    page.goto(f"{platform.url}/profil/radera")
    assert_accessible(page)
    page.goto(f"{platform.url}/profil/bekrafta/not-a-token")
    assert_accessible(page)
    context.close()
