"""My sessions, logging out everywhere, the session timer and per-service timeouts, over real HTTP
with logins through the built-in test provider. Time passes by moving the session's timestamps
back in the database, never by sleeping."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from blankett.web.devices import describe_device
from tests.support.html import forms
from tests.support.platform import RunningPlatform, log_in, running_platform

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
LOCAL = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def platform(database_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(database_url, tmp_path) as running:
        yield running


def client(platform: RunningPlatform, user_agent: str = FIREFOX) -> httpx.Client:
    return httpx.Client(
        base_url=platform.url, follow_redirects=True, timeout=20, headers={"user-agent": user_agent}
    )


@contextlib.contextmanager
def logged_in(
    platform: RunningPlatform, person: str = "anna", user_agent: str = FIREFOX, path: str = "/arenden"
) -> Iterator[httpx.Client]:
    with client(platform, user_agent) as browser:
        landed = log_in(browser, browser.get(path), person=person)
        assert landed.url.path == path
        yield browser


def session_id(platform: RunningPlatform, browser: httpx.Client) -> str:
    signer = URLSafeSerializer(platform.settings.secret_key, salt="blankett.session")
    return str(signer.loads(browser.cookies["blankett_session"]))


def sql(platform: RunningPlatform, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(sync_url(platform.settings.database_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def session_row(platform: RunningPlatform, browser: httpx.Client) -> Any:
    rows = sql(
        platform,
        "SELECT person_id, created_at, last_seen_at, expires_at FROM web_sessions WHERE id = :id",
        id=session_id(platform, browser),
    )
    return rows[0] if rows else None


def as_utc(value: Any) -> datetime:
    if isinstance(value, str):  # SQLite through plain SQL
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def move_back(
    platform: RunningPlatform, browser: httpx.Client, *, seen: timedelta, started: timedelta | None = None
) -> None:
    """As if the last request was ``seen`` ago (and the login ``started`` ago)."""
    now = datetime.now(UTC)
    row = session_row(platform, browser)
    idle = as_utc(row.expires_at) - as_utc(row.last_seen_at)
    created = now - started if started is not None else as_utc(row.created_at)
    sql(
        platform,
        "UPDATE web_sessions SET last_seen_at = :seen, expires_at = :expires, created_at = :created"
        " WHERE id = :id",
        seen=now - seen,
        expires=now - seen + idle,
        created=created,
        id=session_id(platform, browser),
    )


def csrf(page: httpx.Response) -> str:
    return page.text.split('name="csrf_token" value="')[1].split('"')[0]


def listed(page: httpx.Response) -> list[str]:
    return re.findall(r'<h2 class="session-device">([^<]*)', page.text)


def test_the_device_description_is_rough() -> None:
    assert describe_device(FIREFOX) == "Firefox, Linux"
    assert describe_device(IPHONE) == "Safari, iPhone"
    edge = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
        "Safari/537.36 Edg/126.0"
    )
    assert describe_device(edge) == "Edge, Windows"
    assert describe_device("python-httpx/0.28.1") == ""
    assert describe_device(None) == ""


def test_my_sessions_lists_mine_and_ends_another(platform: RunningPlatform) -> None:
    with (
        logged_in(platform, "anna", FIREFOX) as computer,
        logged_in(platform, "anna", IPHONE) as phone,
        logged_in(platform, "erik", FIREFOX) as someone_else,
    ):
        assert session_row(platform, computer).person_id == session_row(platform, phone).person_id
        assert "/sessioner" in computer.get("/arenden").text  # linked from My pages
        page = computer.get("/sessioner")
        assert listed(page) == ["Firefox, Linux ", "Safari, iPhone"]  # this browser first
        assert "Den här webbläsaren" in page.text
        assert page.text.count("Den här webbläsaren") == 1
        assert "Tillitsnivå" in page.text
        assert session_id(platform, phone) not in page.text  # sessions are named by a hash
        assert len(listed(someone_else.get("/sessioner"))) == 1  # not Anna's

        end = [f for f in forms(page.text) if f.action == "/sessioner/avsluta"]
        assert len(end) == 1  # only the other one can be ended here
        done = computer.post("/sessioner/avsluta", data=end[0].fields)
        assert done.url.path == "/sessioner"
        assert "Inloggningen är avslutad." in done.text
        assert listed(done) == ["Firefox, Linux "]
        # The phone is logged out at its next request.
        assert "/test-idp/authorize" in str(phone.get("/arenden").url)
        assert computer.get("/arenden").url.path == "/arenden"
        assert someone_else.get("/arenden").url.path == "/arenden"
        actions = [row[0] for row in sql(platform, "SELECT action FROM audit_events ORDER BY id")]
        assert "session.ended" in actions


def test_log_out_everywhere_ends_every_session_of_the_person(platform: RunningPlatform) -> None:
    with (
        logged_in(platform, "anna", FIREFOX) as computer,
        logged_in(platform, "anna", IPHONE) as phone,
        logged_in(platform, "erik", FIREFOX) as someone_else,
    ):
        page = computer.get("/sessioner")
        everywhere = next(f for f in forms(page.text) if f.action == "/sessioner/logga-ut-overallt")
        assert computer.post("/sessioner/logga-ut-overallt", data={"csrf_token": "wrong"}).status_code == 403
        # Through the provider's end-session endpoint and back to the start page.
        ended = computer.post("/sessioner/logga-ut-overallt", data=everywhere.fields, follow_redirects=False)
        assert "/test-idp/" in ended.headers["location"]
        for browser in (computer, phone):
            assert "/test-idp/authorize" in str(browser.get("/arenden").url)
        assert someone_else.get("/arenden").url.path == "/arenden"
        rows = sql(platform, "SELECT actor, detail FROM audit_events WHERE action = 'logout.everywhere'")
        assert len(rows) == 1
        assert rows[0].actor.startswith("person:")
        assert (
            sql(
                platform,
                "SELECT count(*) FROM web_sessions WHERE person_id = :p",
                p=rows[0].actor.removeprefix("person:"),
            )[0][0]
            == 0
        )


def test_every_page_says_when_the_session_ends(platform: RunningPlatform) -> None:
    with logged_in(platform) as browser:
        for lang, words in (
            ("sv", "Du loggas ut kl. {} om du inte gör något."),
            ("en", "You will be logged out at {} if you do nothing."),
        ):
            page = browser.get("/arenden", params={"lang": lang})
            row = session_row(platform, browser)
            ends = as_utc(row.expires_at)
            assert ends - as_utc(row.last_seen_at) == timedelta(minutes=30)
            shown = {f"{(ends - timedelta(seconds=s)).astimezone(LOCAL):%H:%M}" for s in (0, 2)}
            assert any(words.format(time) in page.text for time in shown), page.text
            assert 'action="/sessioner/forlang"' in page.text
            assert "session-timer.js" in page.text
        # Nobody logged in: no timer.
        with client(platform) as anonymous:
            assert "session-timer" not in anonymous.get("/").text


def test_near_the_absolute_end_the_page_says_so_and_offers_no_extension(platform: RunningPlatform) -> None:
    with logged_in(platform) as browser:
        move_back(platform, browser, seen=timedelta(seconds=10), started=timedelta(hours=11, minutes=50))
        page = browser.get("/arenden")
        assert "när du har varit inloggad så länge som en inloggning får vara" in page.text
        assert 'action="/sessioner/forlang"' not in page.text


def test_extend_moves_the_expiry(platform: RunningPlatform) -> None:
    with logged_in(platform) as browser:
        token = csrf(browser.get("/arenden"))
        move_back(platform, browser, seen=timedelta(minutes=10))
        # Asking how long is left is not activity.
        status = browser.get("/sessioner/status").json()
        assert status["logged_in"]
        assert 19 * 60 <= status["seconds_left"] <= 20 * 60
        assert browser.get("/sessioner/status").json()["seconds_left"] <= 20 * 60
        before = as_utc(session_row(platform, browser).expires_at)

        # Without JavaScript: a form post that returns to the page it came from.
        back = browser.post("/sessioner/forlang", data={"csrf_token": token, "next": "/arenden?lang=en"})
        assert back.url.path == "/arenden"
        assert back.url.query == b"lang=en"
        after = as_utc(session_row(platform, browser).expires_at)
        assert after - before >= timedelta(minutes=9)

        # The warning script asks for JSON.
        move_back(platform, browser, seen=timedelta(minutes=10))
        body = browser.post(
            "/sessioner/forlang", data={"csrf_token": token}, headers={"accept": "application/json"}
        ).json()
        assert body["seconds_left"] >= 29 * 60
        assert body["extendable"]
        assert body["text"].startswith("You will be logged out at")
        assert browser.post("/sessioner/forlang", data={"csrf_token": "wrong"}).status_code == 403
        assert (
            browser.post("/sessioner/forlang", data={"csrf_token": token, "next": "//evil.example"}).url.path
            == "/"
        )


def test_an_idle_session_ends_on_a_page_that_says_why(platform: RunningPlatform) -> None:
    with logged_in(platform) as browser:
        move_back(platform, browser, seen=timedelta(minutes=31))
        page = browser.get("/arenden")
        assert page.url.path == "/utloggad"
        # Through the provider's logout, which hands the reason back in state.
        assert [r.url.path for r in page.history] == ["/arenden", "/test-idp/logout"]
        assert page.url.params["state"] == "orsak=inaktivitet"
        assert "Du har loggats ut" in page.text
        assert "inte hade gjort något" in page.text
        assert "finns kvar" in page.text
        old = sql(platform, "SELECT count(*) FROM web_sessions WHERE person_id IS NOT NULL")[0][0]
        assert old == 0  # the page itself runs in a fresh session of nobody
        # Next time it is simply a person who is not logged in.
        assert "/test-idp/authorize" in str(browser.get("/arenden").url)


def test_the_timer_script_is_told_and_the_next_page_view_ends_the_session(platform: RunningPlatform) -> None:
    with logged_in(platform) as browser:
        move_back(platform, browser, seen=timedelta(minutes=31))
        # A script cannot follow the redirect to the provider's logout: it is told, and the
        # session waits for the page view the script then makes.
        script = {"accept": "application/json", "sec-fetch-mode": "cors"}
        status = browser.get("/sessioner/status", headers=script)
        assert (status.status_code, status.json()) == (401, {"logged_in": False, "seconds_left": 0})
        page = browser.get("/arenden", headers={"sec-fetch-mode": "navigate"})
        assert [r.url.path for r in page.history] == ["/arenden", "/test-idp/logout"]
        assert page.url.params["state"] == "orsak=inaktivitet"
        assert "inte hade gjort något" in page.text


def test_a_stricter_service_shortens_the_session(platform: RunningPlatform) -> None:
    # Ekonomiskt bistånd is confidentiality 3: 15 minutes idle, 4 hours in all, no drafts kept.
    service = platform.app.state.catalog.get("ekonomiskt-bistand")
    assert service.controls.session_idle_minutes < platform.settings.session_idle_minutes
    with (
        logged_in(platform) as relaxed,
        logged_in(platform, path="/e-tjanst/ekonomiskt-bistand/sida/period") as strict,
    ):
        row = session_row(platform, strict)
        assert as_utc(row.expires_at) - as_utc(row.last_seen_at) == timedelta(
            minutes=service.controls.session_idle_minutes
        )
        move_back(platform, relaxed, seen=timedelta(minutes=16))
        assert relaxed.get("/arenden").url.path == "/arenden"  # 30 minutes for this one
        move_back(platform, strict, seen=timedelta(minutes=16))
        page = strict.get("/arenden")  # the stricter times stay for the rest of the session
        assert page.url.path == "/utloggad"
        assert "får av säkerhetsskäl inte spara påbörjade svar" in page.text


def test_a_login_older_than_the_service_allows_must_log_in_again(platform: RunningPlatform) -> None:
    with logged_in(platform) as browser:
        move_back(platform, browser, seen=timedelta(seconds=5), started=timedelta(hours=5))
        page = browser.get("/e-tjanst/ekonomiskt-bistand/sida/period")
        assert "/test-idp/authorize" in str(page.url)
        landed = log_in(browser, page, person="anna")
        assert landed.url.path == "/e-tjanst/ekonomiskt-bistand/sida/period"
        assert datetime.now(UTC) - as_utc(session_row(platform, browser).created_at) < timedelta(minutes=1)


def test_a_staff_session_follows_the_shorter_staff_timeouts(platform: RunningPlatform) -> None:
    settings = platform.settings
    assert settings.staff_session_idle_minutes < settings.session_idle_minutes
    with (
        logged_in(platform, "sara", path="/handlaggning") as staff,
        logged_in(platform, "anna") as citizen,
    ):
        row = session_row(platform, staff)
        assert as_utc(row.expires_at) - as_utc(row.last_seen_at) == timedelta(
            minutes=settings.staff_session_idle_minutes
        )
        move_back(platform, citizen, seen=timedelta(minutes=16))
        assert citizen.get("/arenden").url.path == "/arenden"  # 30 minutes for a citizen
        move_back(platform, staff, seen=timedelta(minutes=16))
        page = staff.get("/handlaggning")
        assert page.url.path == "/utloggad"
        assert "inte hade gjort något" in page.text


def test_a_staff_session_ends_after_the_staff_absolute_timeout(platform: RunningPlatform) -> None:
    with logged_in(platform, "sara", path="/handlaggning") as staff:
        move_back(platform, staff, seen=timedelta(seconds=10), started=timedelta(hours=8, minutes=1))
        page = staff.get("/handlaggning")
        assert page.url.path == "/utloggad"
        assert page.url.params["state"] == "orsak=tid"
        assert "så länge som en inloggning får vara" in page.text
