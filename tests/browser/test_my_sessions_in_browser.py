"""My sessions and the session warning in a real browser: the sessions page, a page with the
session timer, and the warning dialog pass axe-core (WCAG 2.1 AA) in Swedish and English; the
dialog extends the session with JavaScript and the plain form does without."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.browser.conftest import assert_accessible
from tests.support.platform import RunningPlatform, running_platform


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(sqlite_url, tmp_path) as running:
        yield running


def log_in(page: Any, platform: RunningPlatform, path: str) -> None:
    page.goto(f"{platform.url}{path}")
    assert "/test-idp/authorize" in page.url
    page.get_by_role("button", name="Logga in").click()  # the test provider speaks Swedish
    assert page.url.startswith(f"{platform.url}{path.split('?')[0]}")


def leave_idle(platform: RunningPlatform, context: Any, seconds_left: int) -> None:
    """As if the person had done nothing until ``seconds_left`` of the idle timeout remain."""
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "blankett_session")
    session_id = URLSafeSerializer(platform.settings.secret_key, salt="blankett.session").loads(cookie)
    now = datetime.now(UTC)
    idle = timedelta(minutes=platform.settings.session_idle_minutes)
    engine = create_engine(sync_url(platform.settings.database_url))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE web_sessions SET last_seen_at = :seen, expires_at = :expires WHERE id = :id"),
            {
                "seen": now + timedelta(seconds=seconds_left) - idle,
                "expires": now + timedelta(seconds=seconds_left),
                "id": session_id,
            },
        )
    engine.dispose()


@pytest.mark.parametrize(
    ("lang", "heading", "stay"),
    [
        ("sv", "Du loggas snart ut", "Fortsätt vara inloggad"),
        ("en", "You will soon be logged out", "Stay logged in"),
    ],
)
def test_sessions_page_and_warning_pass_axe(
    browser: Any, platform: RunningPlatform, lang: str, heading: str, stay: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    log_in(page, platform, f"/sessioner?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".session-list > li").count() == 1
    assert_accessible(page)

    # Loading a page is activity; then nothing happens for 28.5 minutes (the page's clock runs
    # ahead, the database says the same), and the script asks the server and opens the warning.
    page.clock.install()
    page.goto(f"{platform.url}/arenden")
    leave_idle(platform, context, 90)
    page.clock.fast_forward("28:30")
    dialog = page.get_by_role("alertdialog", name=heading)
    dialog.wait_for(state="visible", timeout=10_000)
    assert page.evaluate("() => document.activeElement.textContent.trim()") == stay
    assert_accessible(page)
    dialog.get_by_role("button", name=stay).click()
    dialog.wait_for(state="hidden", timeout=10_000)
    left = page.evaluate("() => fetch('/sessioner/status').then(r => r.json())")
    assert left["seconds_left"] > 29 * 60
    assert_accessible(page)
    context.close()


def test_extend_works_without_javascript(browser: Any, platform: RunningPlatform) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, platform, "/arenden")
    page.goto(f"{platform.url}/arenden?lang=en")
    assert page.get_by_role("alertdialog").count() == 0  # the dialog needs the script
    leave_idle(platform, context, 90)
    page.get_by_role("button", name="Extend the login").click()
    assert page.url == f"{platform.url}/arenden?lang=en"  # back on the same page
    assert "if you do nothing" in page.locator(".session-timer").inner_text()
    assert expires_in(platform, context) > timedelta(minutes=29)
    context.close()


def expires_in(platform: RunningPlatform, context: Any) -> timedelta:
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "blankett_session")
    session_id = URLSafeSerializer(platform.settings.secret_key, salt="blankett.session").loads(cookie)
    engine = create_engine(sync_url(platform.settings.database_url))
    with engine.connect() as conn:
        expires = conn.execute(
            text("SELECT expires_at FROM web_sessions WHERE id = :id"), {"id": session_id}
        ).scalar_one()
    engine.dispose()
    expires = datetime.fromisoformat(expires) if isinstance(expires, str) else expires
    return expires.replace(tzinfo=UTC) - datetime.now(UTC)
