"""Every example service filed end to end in headless Chromium, through the UI, with axe-core
(WCAG 2.1 A/AA) on every state a person sees: the start page, each form page empty, its error
state after sending it empty (axe on the first error state of a service, the summary on all of
them: the error markup is the same for every page), the lists of uploaded files, repeat items
added, questions revealed by an answer, check your answers and the receipt.

The journeys alternate between Swedish and English (so error states are checked in both);
check your answers and the receipt of every service are checked in both languages. One
service with a repeat section and one with file uploads are also filed without JavaScript at
320 px width, with no horizontal scroll on any page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, browser  # noqa: F401  (the fixture)
from tests.services.browser_walk import file_in_browser
from tests.services.journeys import BYGGLOV, FORSKOLEPLATS, JOURNEYS
from tests.services.walk import Journey
from tests.support.platform import RunningPlatform

LANGUAGES = {journey.service: ("sv", "en")[index % 2] for index, journey in enumerate(JOURNEYS)}


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: f"{j.service}-{LANGUAGES[j.service]}")
def test_file_every_service_with_no_axe_violations(
    browser: Any,  # noqa: F811
    platform: RunningPlatform,
    journey: Journey,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        file_in_browser(page, platform.url, journey, LANGUAGES[journey.service], assert_accessible)
    finally:
        context.close()


# Forskoleplats adds a guardian (a repeat section); bygglov uploads two drawings.
@pytest.mark.parametrize("journey", [FORSKOLEPLATS, BYGGLOV], ids=lambda j: j.service)
def test_without_javascript_at_320_px(browser: Any, platform: RunningPlatform, journey: Journey) -> None:  # noqa: F811
    assert journey.presses or journey.files
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        file_in_browser(page, platform.url, journey, "sv", assert_no_horizontal_scroll, every_error=True)
    finally:
        context.close()
