"""Prefill over real HTTP, logged in through the test identity provider: the name and personal
identity number come from the e-ID, the e-mail address, mobile number and address from the
stored profile; nothing is prefilled without a login; what the person changes is their answer
for the case, and goes to the profile only when they tick the box on check-your-answers."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select

from blankett.db import AuditEvent, Database, Notification, Person
from blankett.notify import VERIFICATION, Profile, read_profile, write_profile
from blankett.security import bound_keyring
from tests.notify.support import run_db, save_profile
from tests.services.journeys import FELANMALAN, MEDBORGARFORSLAG, VARMEPUMP
from tests.services.test_round_trip import delivered
from tests.services.walk import REFERENCE, Journey, fill_page, open_service
from tests.support.html import forms, main_form
from tests.support.platform import RunningPlatform, log_in, running_platform
from tests.web.test_journey import ANSWERS, submit_page

ANNA_NUMBER = "198504129829"  # the test provider's "anna"
STORED = {
    "email": "anna.lindqvist@example.se",
    "mobile": "070-123 45 67",
    "street": "Storgatan 12",
    "postcode": "123 45",
    "city": "Exempelby",
    "channel": "none",
    "language": "sv",
}


def fields(response: httpx.Response) -> dict[str, str]:
    return main_form(response.text).fields


def log_in_with_profile(client: httpx.Client, **profile: str) -> None:
    response = client.get("/profil")
    log_in(client, response, person="anna")
    saved = save_profile(client, **{**STORED, **profile})
    assert saved.status_code == 200, saved.text[:2000]


def walk_to(client: httpx.Client, journey: Journey, page: str, *, logged_in: bool = True) -> httpx.Response:
    """Open the service (already logged in) and fill the pages before ``page``."""
    start = client.get(f"/e-tjanst/{journey.service}")
    response = client.get(f"/e-tjanst/{journey.service}/sida/{next(iter(journey.pages))}")
    assert start.status_code == 200
    assert "/test-idp/" not in str(response.url)
    for earlier in journey.pages:
        if earlier == page:
            return response
        response = fill_page(client, response, journey, earlier)
    raise AssertionError(f"no page {page!r}")


def person_row(platform: RunningPlatform) -> tuple[Person, Profile]:
    async def work(db: Database) -> tuple[Person, Profile]:
        async with db.session() as s:
            row = next(iter(await s.scalars(select(Person))))
            return row, read_profile(row, bound_keyring(db))

    return run_db(platform, work)  # type: ignore[no-any-return]


def mark_email_verified(platform: RunningPlatform) -> None:
    """As the verification link would (its e-mail is no longer waiting)."""

    async def work(db: Database) -> None:
        async with db.session() as s:
            await s.execute(delete(Notification))
            row = next(iter(await s.scalars(select(Person))))
            profile = read_profile(row, bound_keyring(db))
            write_profile(row, dataclasses.replace(profile, email_verified=True), bound_keyring(db))

    run_db(platform, work)


def profile_events(platform: RunningPlatform) -> list[AuditEvent]:
    async def work(db: Database) -> list[AuditEvent]:
        async with db.session() as s:
            return list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "profile.updated")))

    return run_db(platform, work)  # type: ignore[no-any-return]


def verification_mails(platform: RunningPlatform) -> list[Notification]:
    async def work(db: Database) -> list[Notification]:
        async with db.session() as s:
            return list(await s.scalars(select(Notification).where(Notification.kind == VERIFICATION)))

    return run_db(platform, work)  # type: ignore[no-any-return]


def synpunkt_check_page(client: httpx.Client, **contact: str) -> httpx.Response:
    """Fill synpunkt up to check-your-answers; ``contact`` replaces what the contact page shows."""
    response = client.get("/e-tjanst/synpunkt/sida/vad")
    for page in ("vad", "beskrivning"):
        response = submit_page(client, response, ANSWERS[page])
    assert response.url.path == "/e-tjanst/synpunkt/sida/kontakt"
    response = submit_page(client, response, {"consent": "true", **contact})
    assert response.url.path == "/e-tjanst/synpunkt/granska", response.text[:2000]
    return response


def test_the_e_id_and_the_profile_fill_in_the_fields(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in_with_profile(client)

        page = walk_to(client, MEDBORGARFORSLAG, "forslagsstallare")
        shown = fields(page)
        assert shown["proposer.name"] == "Anna Lindqvist"
        assert shown["proposer.email"] == "anna.lindqvist@example.se"
        assert shown["proposer.phone"] == "070-123 45 67"
        assert shown["proposer.address.street"] == "Storgatan 12"
        assert shown["proposer.address.postalCode"] == "123 45"
        assert shown["proposer.address.city"] == "Exempelby"

        # The personal identity number, on fields an answer on the page reveals.
        page = walk_to(client, VARMEPUMP, "sokande")
        assert "person.personnummer" not in fields(page)
        assert fields(page)["email"] == "anna.lindqvist@example.se"
        revealed = client.post(
            str(page.url), data={**fields(page), "applicantType": "person"}
        )  # as a browser
        assert revealed.url.path.endswith("/sida/sokande")
        assert fields(revealed)["person.name"] == "Anna Lindqvist"
        assert fields(revealed)["person.personnummer"] == "19850412-9829"
    for secret in (ANNA_NUMBER, "19850412-9829", "anna.lindqvist@example.se", "Storgatan 12"):
        assert secret not in caplog.text
    assert caplog.records


def test_nothing_is_prefilled_without_a_login(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        response = open_service(client, FELANMALAN)
        for page in list(FELANMALAN.pages)[:-1]:
            response = fill_page(client, response, FELANMALAN, page)
        assert response.url.path.endswith("/sida/kontaktuppgifter")
        shown = fields(response)
        assert not any(shown.get(name) for name in ("contact.name", "contact.email", "contact.phone"))
        assert 'value="Anna' not in response.text


def test_a_changed_value_is_the_answer_and_an_emptied_one_stays_empty(
    sqlite_url: str, tmp_path: Path
) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in_with_profile(client)
        page = walk_to(client, MEDBORGARFORSLAG, "forslagsstallare")
        answers = {**MEDBORGARFORSLAG.pages["forslagsstallare"], "proposer.name": "Anna L. Lindqvist"}
        answers.pop("proposer.email")
        answers.pop("proposer.phone")  # the prefilled values are sent as they are shown ...
        data = {**fields(page), **answers, "proposer.phone": ""}  # ... except the phone, emptied
        check = client.post(str(page.url), data=data)
        assert check.url.path.endswith("/granska"), check.text[:2000]
        assert "Anna L. Lindqvist" in check.text
        assert "anna.lindqvist@example.se" in check.text
        assert "070-123 45 67" not in check.text

        again = client.get("/e-tjanst/medborgarforslag/sida/forslagsstallare?andra=1")
        assert fields(again)["proposer.name"] == "Anna L. Lindqvist"
        assert fields(again).get("proposer.phone", "") == ""  # not prefilled a second time
        # Only the address differs from the profile (the journey's Visby address); the
        # emptied phone never clears the profile.
        assert "Dina svar skiljer sig från din profil: postadress." in check.text

        receipt = submit_page(client, check, {})
        reference = REFERENCE.search(receipt.text)
        assert reference, receipt.text[:2000]
        envelope = delivered(platform, reference.group(0))
        assert envelope["answers"]["proposer"]["name"] == "Anna L. Lindqvist"
        assert envelope["answers"]["proposer"]["email"] == "anna.lindqvist@example.se"
        assert "phone" not in envelope["answers"]["proposer"]
        assert "_prefill" not in envelope["answers"]  # the engine's note stays in the draft
        _row, profile = person_row(platform)
        assert profile.street == "Storgatan 12"  # not ticked: the profile is as it was


def test_no_checkbox_when_the_answers_match_the_profile(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in_with_profile(client, email="ANNA@example.se")
        check = synpunkt_check_page(client)  # the prefilled name and e-mail, unchanged
        assert "ANNA@example.se" in check.text
        assert 'name="save_contact"' not in check.text
        assert "Spara de ändrade kontaktuppgifterna" not in check.text


def test_unticked_leaves_the_profile_alone(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in_with_profile(client)
        check = synpunkt_check_page(client, **{"contact.email": "anna.ny@example.se"})
        checkbox = [f for f in forms(check.text) if "save_contact" in f.names]
        assert checkbox
        assert "save_contact" not in checkbox[0].fields
        assert "Spara de ändrade kontaktuppgifterna i min profil" in check.text
        assert "Dina svar skiljer sig från din profil: e-postadress." in check.text
        english = client.get("/e-tjanst/synpunkt/granska?lang=en")
        assert "Save the changed contact details to my profile" in english.text
        assert "Your answers differ from your profile: e-mail address." in english.text

        receipt = submit_page(client, english, {})
        assert "Your case has been sent" in receipt.text
        _row, profile = person_row(platform)
        assert profile.email == "anna.lindqvist@example.se"
        assert profile_events(platform)
        assert all(
            e.detail.get("service") is None for e in profile_events(platform)
        )


def test_ticked_saves_the_changes_and_a_new_address_needs_confirming(
    database_url: str, tmp_path: Path
) -> None:
    with running_platform(database_url, tmp_path) as platform, platform.client() as client:
        log_in_with_profile(client)
        mark_email_verified(platform)
        check = synpunkt_check_page(client, **{"contact.email": "anna.ny@example.se"})
        receipt = submit_page(client, check, {"save_contact": "yes"})
        assert "Ditt ärende är inskickat" in receipt.text

        _row, profile = person_row(platform)
        assert profile.email == "anna.ny@example.se"
        assert profile.email_verified is False  # a new address is confirmed by its link
        assert (profile.mobile, profile.street, profile.postcode) == ("+46701234567", "Storgatan 12", "12345")
        event = [e for e in profile_events(platform) if e.detail.get("service") == "synpunkt"]
        assert len(event) == 1
        assert event[0].detail["fields"] == ["email"]
        assert "anna.ny" not in str(event[0].detail)
        assert len(verification_mails(platform)) == 1  # the link to confirm the new address

        shown = client.get("/profil")
        assert fields(shown)["email"] == "anna.ny@example.se"
        assert "Adressen är inte bekräftad ännu" in shown.text
