"""The two-way flow end to end: a citizen files a case in a real browser; a case system (a test
client of the case API with client credentials) registers it and requests completion; the
citizen answers in the browser with a file; the case system reads the answer and decides. The
citizen sees every step on the case page (axe-core on each), and gets an e-mail notification
for each step at a real SMTP server, never with the case's content; a client of another
service cannot read the case."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.support import case_system
from tests.browser.conftest import assert_accessible
from tests.browser.test_journey_in_browser import file_case
from tests.notify.support import body_of, log_in_to_profile, notify_platform, profile_with_verified_email, wait_for_messages
from tests.support.platform import RunningPlatform
from tests.support.smtp_server import SmtpServer

PDF = b"%PDF-1.4\n% Beslut\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path, username="blankett", password="hemligt-losen-1").running() as running:
        yield running


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path, server: SmtpServer) -> Iterator[RunningPlatform]:
    with notify_platform(sqlite_url, tmp_path, server) as running:
        yield running


def test_a_case_system_and_the_citizen_handle_a_case_together(
    browser: Any, platform: RunningPlatform, server: SmtpServer, tmp_path: Path
) -> None:
    with platform.client() as profile_client:  # Anna keeps a verified e-mail address in her profile
        log_in_to_profile(profile_client)
        profile_with_verified_email(platform, profile_client, server)
    before = len(server.messages)

    context = browser.new_context()
    page = context.new_page()
    reference = file_case(page, platform.url, assert_accessible)
    case_url = page.url.split("?")[0]

    with case_system(platform, "arende") as api:
        assert api.post(f"/api/v1/cases/{reference}/registration", json={"registrationNumber": "KS 2026/77"}).status_code == 200
        asked = api.post(f"/api/v1/cases/{reference}/completion-requests", json={"text": "Skicka ett foto på lyktan."})
        assert asked.status_code == 200
    with case_system(platform, "gata") as other:  # another department's system, another service
        assert other.get(f"/api/v1/cases/{reference}").status_code == 404

    page.goto(case_url)
    assert "KS 2026/77" in page.content() and "Skicka ett foto på lyktan." in page.content()
    assert_accessible(page)
    photo = tmp_path / "lyktan.pdf"
    photo.write_bytes(PDF)
    page.get_by_label("Ditt svar").fill("Här är fotot.")
    page.get_by_label("Bifoga filer").set_input_files(str(photo))
    page.get_by_role("button", name="Skicka kompletteringen").click()
    assert "Din komplettering är skickad" in page.content()
    assert_accessible(page)

    with case_system(platform, "arende") as api:
        events = api.get(f"/api/v1/cases/{reference}/timeline").json()["events"]
        answer = next(e for e in events if e["kind"] == "completion_answer")
        assert answer["text"] == "Här är fotot."
        assert api.get(answer["documents"][0]["href"]).content == PDF
        decided = api.post(f"/api/v1/cases/{reference}/decision", json={
            "text": "Lyktan lagas vecka 50.",
            "document": {"filename": "Beslut.pdf", "mediaType": "application/pdf",
                         "content": base64.b64encode(PDF).decode()},
        })
        assert decided.status_code == 200

    page.goto(case_url)
    content = page.content()
    assert "Beslut fattat" in content and "Lyktan lagas vecka 50." in content
    assert "Hämta beslutet: Beslut.pdf" in content
    assert_accessible(page)
    context.close()

    # One e-mail per step of case handling (registration, completion request, decision), each a
    # pointer to the case page: the case is rated confidentiality 1.
    messages = wait_for_messages(server, before + 3)[before:]
    assert len(messages) == 3
    for message in messages:
        body = body_of(message)
        assert reference in body and re.search(r"/arenden/[A-Za-z0-9_-]+", body)
        for secret in ("Skicka ett foto", "Lyktan lagas", "Storgatan", "KS 2026/77"):
            assert secret not in body
