"""Bad input gets a clear 4xx and nothing is half-stored."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from blankett.db import Case, Draft, OutboxRow
from tests.support.html import main_form
from tests.support.platform import RunningPlatform, log_in, running_platform

PAGE = "/e-tjanst/synpunkt/sida/vad"


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with running_platform(sqlite_url, tmp_path, max_body_bytes=20_000) as running:
        yield running


@pytest.fixture
def client(platform: RunningPlatform):  # type: ignore[no-untyped-def]
    with platform.client() as client:
        log_in(client, client.get(PAGE))
        yield client


def counts(platform: RunningPlatform) -> tuple[int, int, int]:
    engine = create_engine(platform.settings.database_url)
    with engine.connect() as conn:
        result = tuple(conn.scalar(select(func.count()).select_from(t)) or 0 for t in (Case, OutboxRow, Draft))
    engine.dispose()
    return result  # type: ignore[return-value]


def csrf(client: httpx.Client) -> str:
    return main_form(client.get(PAGE).text).fields["csrf_token"]


def test_missing_csrf_token_is_refused(platform: RunningPlatform, client: httpx.Client) -> None:
    response = client.post(PAGE, data={"category": "beröm", "area": "skola"})
    assert response.status_code == 403
    assert "Ladda om sidan" in response.text
    assert counts(platform) == (0, 0, 0)


def test_wrong_csrf_token_is_refused(platform: RunningPlatform, client: httpx.Client) -> None:
    csrf(client)
    response = client.post(PAGE, data={"csrf_token": "forged", "category": "beröm", "area": "skola"})
    assert response.status_code == 403
    assert counts(platform) == (0, 0, 0)


def test_token_from_another_session_is_refused(platform: RunningPlatform, client: httpx.Client) -> None:
    with platform.client() as other:
        log_in(other, other.get(PAGE))
        theirs = csrf(other)
    csrf(client)
    assert client.post(PAGE, data={"csrf_token": theirs, "category": "beröm"}).status_code == 403


def test_logout_needs_the_csrf_token(client: httpx.Client) -> None:
    assert client.post("/logga-ut", data={"next": "/"}).status_code == 403
    assert client.get("/arenden").url.path == "/arenden"  # still logged in


def test_malformed_post_is_refused(platform: RunningPlatform, client: httpx.Client) -> None:
    response = client.post(PAGE, content=b'{"category": "x"}', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "kunde inte tolkas" in response.text
    broken = client.post(
        PAGE, content=b"--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb",
        headers={"content-type": "multipart/form-data; boundary=xx"},
    )
    assert broken.status_code in {400, 403}
    assert counts(platform) == (0, 0, 0)


def test_oversized_body_is_refused(platform: RunningPlatform, client: httpx.Client) -> None:
    token = csrf(client)
    response = client.post(PAGE, data={"csrf_token": token, "category": "beröm", "padding": "x" * 50_000})
    assert response.status_code == 413
    assert "för stort" in response.text
    assert counts(platform) == (0, 0, 0)


def test_unknown_service_and_page(client: httpx.Client) -> None:
    for path in ("/e-tjanst/finns-inte", "/e-tjanst/finns-inte/sida/vad", "/e-tjanst/synpunkt/sida/finns-inte", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Sidan finns inte" in response.text


def test_sending_without_answers_files_nothing(platform: RunningPlatform, client: httpx.Client) -> None:
    token = csrf(client)
    response = client.post("/e-tjanst/synpunkt/granska", data={"csrf_token": token})
    assert response.url.path == PAGE
    assert counts(platform)[:2] == (0, 0)


def test_invalid_choice_is_an_error_not_a_crash(platform: RunningPlatform, client: httpx.Client) -> None:
    token = csrf(client)
    response = client.post(PAGE, data={"csrf_token": token, "category": "<script>x</script>", "area": "skola"})
    assert response.status_code == 422
    assert "<script>x</script>" not in response.text


def test_open_redirects_are_refused(client: httpx.Client) -> None:
    from blankett.web.login import safe_next

    assert safe_next("https://evil.example/") == "/"
    assert safe_next("//evil.example/") == "/"
    assert safe_next("/arenden") == "/arenden"
