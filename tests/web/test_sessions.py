"""The session cookie: signed, HttpOnly, SameSite=Lax, Secure in production; a new id at login."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support.platform import log_in, running_platform


def session_cookie_header(response: httpx.Response) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith("blankett_session=")]
    assert headers, "no session cookie set"
    return headers[-1]


def test_cookie_flags_and_a_new_id_at_login(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, httpx.Client(base_url=platform.url) as client:
        first = client.get("/logga-in", params={"next": "/arenden"}, follow_redirects=False)
        header = session_cookie_header(first)
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
        before = client.cookies["blankett_session"]
        client.follow_redirects = True
        log_in(client, client.get(first.headers["location"]))
        after = client.cookies["blankett_session"]
        assert after != before  # no session fixation
        # The old id no longer works: it was deleted at login.
        with httpx.Client(base_url=platform.url, cookies={"blankett_session": before}) as stale:
            assert stale.get("/arenden").headers["location"].startswith("/logga-in")


def test_a_tampered_cookie_is_ignored(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in(client, client.get("/arenden"))
        forged = client.cookies["blankett_session"][:-2] + "xx"
        with httpx.Client(base_url=platform.url, cookies={"blankett_session": forged}) as other:
            assert other.get("/arenden").headers["location"].startswith("/logga-in")


def test_secure_cookie_in_production(sqlite_url: str, tmp_path: Path) -> None:
    # Production needs a real provider; the test provider's discovery URL stands in for one.
    from blankett.web.sessions import SessionMiddleware
    from blankett.settings import load_settings

    settings = load_settings(environ={}, values={
        "environment": "production", "test_idp_enabled": False, "var_dir": str(tmp_path),
        "oidc_discovery_url": "https://idp.example/.well-known/openid-configuration", "secret_key": "k" * 48,
    })
    middleware = SessionMiddleware(lambda *a: None, settings=settings, db=None)  # type: ignore[arg-type]
    assert "Secure" in middleware._cookie("value", 60)


def test_logout_ends_the_session(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in(client, client.get("/arenden"))
        page = client.get("/arenden")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        old = client.cookies["blankett_session"]
        client.post("/logga-ut", data={"csrf_token": token})
        with httpx.Client(base_url=platform.url, cookies={"blankett_session": old}) as replay:
            assert replay.get("/arenden").headers["location"].startswith("/logga-in")


