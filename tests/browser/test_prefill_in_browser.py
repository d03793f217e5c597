"""Prefill in a real browser: the contact page shows the e-ID's name and the profile's e-mail
address; check-your-answers with the "save the changed contact details" checkbox passes
axe-core (WCAG 2.1 AA) in Swedish and English, and the ticked box updates the profile."""

from __future__ import annotations

import re
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


def test_the_check_page_with_the_save_back_checkbox_passes_axe(
    browser: Any, platform: RunningPlatform
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{platform.url}/profil")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_label("E-postadress").fill("anna@example.se")
    page.get_by_role("button", name="Spara", exact=True).click()

    page.goto(f"{platform.url}/e-tjanst/synpunkt/sida/vad")
    page.get_by_label("Klagomål").check()
    page.get_by_label("Gator, parker och trafik").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("Beskrivning").fill("Gatlyktan vid Storgatan 12 har varit trasig i två veckor.")
    page.get_by_role("button", name="Fortsätt").click()

    assert page.url.endswith("/sida/kontakt")
    assert page.get_by_label("Namn").input_value() == "Anna Lindqvist"  # from the e-ID
    assert page.get_by_label("E-postadress").input_value() == "anna@example.se"  # from the profile
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("anna.ny@example.se")
    page.get_by_label(re.compile("Jag intygar")).check()
    page.get_by_role("button", name="Fortsätt").click()

    assert page.url.endswith("/granska")
    box = page.get_by_label("Spara de ändrade kontaktuppgifterna i min profil")
    assert box.is_visible()
    assert not box.is_checked()
    assert_accessible(page)
    page.goto(f"{platform.url}/e-tjanst/synpunkt/granska?lang=en")
    assert_accessible(page)
    page.get_by_label("Save the changed contact details to my profile").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    assert re.search(r"BLK-\d{4}-\d{6}", page.content())

    page.goto(f"{platform.url}/profil")
    assert page.locator("#email").input_value() == "anna.ny@example.se"
    context.close()
