"""Every page of every example service in headless Chromium with axe-core (WCAG 2.1 A/AA):
the start page, each form page empty, and each page's error state after sending it empty
(axe runs on the first error state of a service; the others are checked for their summary,
to keep the suite within a minute: the error markup is the same for every page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, browser  # noqa: F401  (the fixture)
from tests.services.journeys import JOURNEYS
from tests.services.walk import Journey
from tests.support.platform import RunningPlatform


def start(page: Any, base: str, journey: Journey) -> None:
    page.goto(f"{base}/e-tjanst/{journey.service}")
    assert_accessible(page)
    page.get_by_role("button", name="Starta e-tjänsten").or_(
        page.get_by_role("link", name="Starta e-tjänsten")
    ).click()
    if not journey.anonymous:
        assert "/test-idp/authorize" in page.url
        page.get_by_role("button", name="Logga in").click()
    assert "/sida/" in page.url, page.url


def upload_files(page: Any, journey: Journey, page_id: str) -> None:
    """Choose the journey's files and press "Ladda upp": the list of files must pass axe too."""
    for name, files in journey.files.get(page_id, {}).items():
        if not files:
            continue
        page.set_input_files(
            f'input[type="file"][name="{name}"]',
            files=[{"name": n, "mimeType": t, "buffer": content} for n, content, t in files],
        )
        page.locator(f'input[type="file"][name="{name}"] ~ button[name="_upload"]').click()
        for file_name, _, _ in files:
            assert page.get_by_role("link", name=file_name).is_visible(), page.content()[:3000]
        assert_accessible(page)


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.service)
def test_every_page_has_no_axe_violations(browser: Any, platform: RunningPlatform, journey: Journey) -> None:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    try:
        start(page, platform.url, journey)
        error_checked = False
        for page_id in journey.pages:
            page.goto(f"{platform.url}/e-tjanst/{journey.service}/sida/{page_id}")
            assert page.url.endswith(f"/sida/{page_id}"), page.url
            assert_accessible(page)
            upload_files(page, journey, page_id)
            page.get_by_role("button", name="Fortsätt").first.click()
            if page.title().startswith("Fel:"):
                assert page.locator(".error-summary").is_visible()
                if not error_checked:
                    assert_accessible(page)
                    error_checked = True
        assert error_checked, "no page of the service showed an error state"
    finally:
        context.close()
