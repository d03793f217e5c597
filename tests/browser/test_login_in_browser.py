"""Logging in with Chromium through the independent provider's own pages (the Node oidc-provider),
with the built-in test provider configured beside it: the login choice page and the profile page
pass axe-core (WCAG 2.1 AA), in Swedish and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.support.oidc_provider import NodeProvider
from tests.support.oidc_provider.two_providers import LABELS, platform_on_sqlite
from tests.support.platform import RunningPlatform


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningPlatform, NodeProvider]]:
    with platform_on_sqlite(tmp_path_factory.mktemp("login-in-browser")) as running:
        yield running


@pytest.mark.parametrize(("lang", "heading"), [("sv", "Välj e-legitimation"), ("en", "Choose your e-ID")])
def test_log_in_through_the_independent_provider(
    browser: Any, both: tuple[RunningPlatform, NodeProvider], lang: str, heading: str
) -> None:
    platform, op = both
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{platform.url}/profil?lang={lang}")
    assert page.url.startswith(f"{platform.url}/logga-in?")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)

    page.get_by_role("link", name=LABELS["node"][lang == "en"]).click()
    assert page.url.startswith(f"{op.issuer}/interaction/")  # the provider's own login page
    page.get_by_label("Person").select_option("anna")
    page.get_by_role("button", name="Logga in").click()
    assert page.url == f"{platform.url}/profil"
    assert page.locator("html").get_attribute("lang") == lang
    assert "Anna Lindqvist" in page.content()
    assert_accessible(page)
    context.close()
