"""The whole case journey over real HTTP: log in through the test identity provider with real
redirects and tokens, fill, check, send, let the worker deliver to a real webhook receiver that
verifies the signature, and see the status change on "My cases". On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import httpx
import pytest

from tests.support.html import main_form
from tests.support.platform import RunningPlatform, log_in, running_platform
from tests.support.webhook_receiver import WebhookReceiver

ANSWERS = {
    "vad": {"category": "klagomål", "area": "gata-park"},
    "beskrivning": {
        "description": "Gatlyktan vid Storgatan 12 har varit trasig i två veckor.",
        "happenedOn[day]": "3", "happenedOn[month]": "11", "happenedOn[year]": "2026",
    },
    "kontakt": {"contact.name": "Anna Andersson", "contact.email": "anna@example.se", "contact.wantsReply": "true", "consent": "true"},
}


def submit_page(client: httpx.Client, response: httpx.Response, values: dict[str, str]) -> httpx.Response:
    form = main_form(response.text)
    data = {**form.fields, **values}
    return client.post(str(response.url), data=data)


def file_example_case(client: httpx.Client) -> httpx.Response:
    response = client.get("/e-tjanst/synpunkt")
    assert response.status_code == 200
    start = re.search(r'href="(/e-tjanst/synpunkt/sida/[^"]+)"', response.text)
    assert start
    response = client.get(start.group(1))
    response = log_in(client, response)
    for page, values in ANSWERS.items():
        assert response.url.path == f"/e-tjanst/synpunkt/sida/{page}", response.text[:2000]
        response = submit_page(client, response, values)
        assert response.status_code == 200, response.text[:2000]
    assert response.url.path == "/e-tjanst/synpunkt/granska"
    assert "Gatlyktan vid Storgatan 12" in response.text
    assert "3 november 2026" in response.text
    return submit_page(client, response, {})


def wait_for(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_file_a_case_and_see_it_delivered(database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with WebhookReceiver().running() as receiver, running_platform(
        database_url, tmp_path, connectors={"handlaggning": receiver.connector_options()},
    ) as platform, platform.client() as client:
        receipt = file_example_case(client)
        assert receipt.status_code == 200
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert reference, receipt.text[:2000]
        assert "Ditt ärende är inskickat" in receipt.text

        receiver.wait_until(lambda r: len(r.accepted) == 1, timeout=20)
        envelope = next(iter(receiver.envelopes.values()))
        assert envelope["case"]["reference"] == reference.group(0)
        assert envelope["answers"]["contact"]["email"] == "anna@example.se"
        assert envelope["submitter"]["personalNumber"]

        def delivered_on_my_cases() -> bool:
            page = client.get("/arenden")
            return reference.group(0) in page.text and "Lämnat till handläggning" in page.text

        wait_for(delivered_on_my_cases)
        case_link = re.search(r'href="(/arenden/[^"]+)"', client.get("/arenden").text)
        assert case_link
        case_page = client.get(case_link.group(1))
        assert "Ärendet lämnades över till handläggningen" in case_page.text
        assert "ARENDE-" in case_page.text  # the receiver's own id
        assert receiver.requests == 1
        assert receiver.invalid == 0
    # Personal data never reaches a log line, whichever logger wrote it.
    personal_number = envelope["submitter"]["personalNumber"]
    for secret in (personal_number, personal_number[2:8], "anna@example.se", "Anna Andersson"):
        assert secret not in caplog.text
    assert caplog.records  # the check above looked at real log output


def test_a_failing_case_system_delays_but_never_drops(sqlite_url: str, tmp_path: Path) -> None:
    receiver = WebhookReceiver()
    receiver.fail_next(3, status=503)
    with receiver.running(), running_platform(
        sqlite_url, tmp_path, connectors={"handlaggning": receiver.connector_options()},
    ) as platform, platform.client() as client:
        receipt = file_example_case(client)
        assert "Ditt ärende är inskickat" in receipt.text
        assert "väntar på att lämnas över" in client.get(receipt.url.path).text
        receiver.wait_until(lambda r: len(r.accepted) == 1, timeout=30)
        assert receiver.requests == 4
        assert len(set(receiver.calls)) == 1  # every attempt carried the same idempotency key
        wait_for(lambda: "lämnades över till handläggningen" in client.get(receipt.url.path).text)


def test_answers_are_kept_when_a_page_has_errors(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        response = log_in(client, client.get("/e-tjanst/synpunkt/sida/vad"))
        response = submit_page(client, response, ANSWERS["vad"])
        bad = {**ANSWERS["beskrivning"], "description": "Kort", "happenedOn[month]": "13"}
        response = submit_page(client, response, bad)
        assert response.status_code == 422
        assert response.text.count('aria-invalid="true"') >= 2
        assert "<title>Fel:" in response.text
        assert 'class="error-summary"' in response.text
        assert re.search(r">\s*Kort</textarea>", response.text)
        assert 'value="13"' in response.text


def test_language_switch_keeps_answers(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        response = log_in(client, client.get("/e-tjanst/synpunkt/sida/vad"))
        response = submit_page(client, response, ANSWERS["vad"])
        response = client.get("/e-tjanst/synpunkt/sida/vad?lang=en")
        assert '<html lang="en">' in response.text
        assert "What would you like to give?" in response.text
        assert re.search(r'value="klagomål"[^>]*checked|checked[^>]*value="klagomål"', response.text)


def test_other_people_cannot_see_a_case(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform:
        with platform.client() as owner:
            receipt = file_example_case(owner)
            case_path = receipt.url.path
        with platform.client() as stranger:
            assert stranger.get(case_path).status_code == 404
            # A stranger is asked to log in for My cases, and even logged in as someone else
            # gets the same 404 as for a case that does not exist.
            response = stranger.get("/arenden")
            assert "/test-idp/authorize" in str(response.url)
            log_in(stranger, response, person=_other_person(response.text))
            assert stranger.get(case_path).status_code == 404


def _other_person(login_page: str) -> str:
    values = re.findall(r'name="person"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="person"', login_page)
    return [a or b for a, b in values][1]


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with running_platform(sqlite_url, tmp_path) as running:
        yield running


def test_catalogue_and_start_page(platform: RunningPlatform) -> None:
    with platform.client() as client:
        home = client.get("/")
        assert "Lämna en synpunkt eller ett klagomål" in home.text
        start = client.get("/e-tjanst/synpunkt")
        assert "20 dagar" in start.text
        assert "tillitsnivå 2" in start.text or "tillitsnivå 3" in start.text
