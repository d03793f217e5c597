"""My profile over real HTTP: contact details once, errors next to the fields with every answer
kept, CSRF on every POST, Swedish and English, sealed at rest, "download my data", "delete my
profile", and the e-mail verification link (valid, expired, tampered, for an old address)."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from blankett.db import Database, Person
from blankett.notify import verification_token
from tests.notify.support import (
    log_in_to_profile,
    notifications,
    notify_pass,
    notify_platform,
    run_db,
    save_profile,
    verification_link,
    wait_for_messages,
)
from tests.support.html import forms
from tests.support.platform import running_platform
from tests.support.smtp_server import SmtpServer
from tests.web.test_journey import file_example_case


def _person_row(platform, person_id: str | None = None) -> Person:  # type: ignore[no-untyped-def]
    async def work(db: Database) -> Person:
        async with db.session() as s:
            query = select(Person) if person_id is None else select(Person).where(Person.id == person_id)
            return next(iter(await s.scalars(query)))

    return run_db(platform, work)  # type: ignore[no-any-return]


def test_the_profile_needs_a_login_and_keeps_contact_details(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        assert "/test-idp/authorize" in str(client.get("/profil").url)
        page = log_in_to_profile(client)
        assert 'href="/profil"' in page.text  # linked from the header
        assert "<h1>Min profil</h1>" in page.text
        saved = save_profile(
            client,
            email="anna.andersson@example.se",
            mobile="+46 70 123 45 67",
            street="Storgatan 12",
            postcode="12345",
            city="Exempelby",
            channel="sms",
            language="en",
        )
        assert saved.status_code == 200 and saved.url.path == "/profil"
        assert "Dina uppgifter är sparade." in saved.text
        fields = max(forms(saved.text), key=lambda f: len(f.names)).fields
        assert fields["mobile"] == "070-123 45 67" and fields["postcode"] == "123 45"
        assert fields["email"] == "anna.andersson@example.se" and fields["channel"] == "sms"
        assert fields["language"] == "en"
        assert "Adressen är inte bekräftad ännu" in saved.text

        row = _person_row(platform)
        assert row.sealed and row.key_id  # contact details sealed at rest
        assert row.profile == {"language": "en", "channel": "sms", "email_verified": False}
        assert "anna.andersson" not in row.sealed and "Storgatan" not in row.sealed

        english = client.get("/profil?lang=en")
        assert "<h1>My profile</h1>" in english.text and "Download my data (JSON)" in english.text
    for secret in ("anna.andersson@example.se", "123 45 67", "1234567", "Storgatan 12"):
        assert secret not in caplog.text
    assert caplog.records


def test_errors_are_shown_next_to_the_fields_and_answers_kept(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in_to_profile(client)
        bad = save_profile(
            client,
            email="anna@",
            mobile="08-123 456 78",
            street="Storgatan 12",
            postcode="123",
            city="",
            channel="sms",
            language="sv",
        )
        assert bad.status_code == 422
        assert "<title>Fel:" in bad.text and 'class="error-summary"' in bad.text
        for field, message in [
            ("email", "Skriv e-postadressen i rätt format"),
            ("mobile", "Skriv ett svenskt mobilnummer"),
            ("postcode", "Skriv postnumret med fem siffror"),
            ("city", "Fyll i postort"),
        ]:
            assert f'<a href="#{field}">{message}' in bad.text
            assert f'id="{field}-error"' in bad.text
            assert re.search(rf'id="{field}" name="{field}"[^>]*aria-invalid="true"', bad.text), field
        assert bad.text.count('aria-invalid="true"') == 4
        assert (
            'value="anna@"' in bad.text and 'value="08-123 456 78"' in bad.text and 'value="123"' in bad.text
        )
        assert re.search(r'value="sms" checked', bad.text)

        english = save_profile(
            client, channel="email", email="", language="en", mobile="", street="", postcode="", city=""
        )
        assert english.status_code == 422
        assert (
            "Fyll i en e-postadress för att få aviseringar med e-post" in english.text
        )  # the page's language
        in_english = client.post(
            "/profil?lang=en", data={**max(forms(english.text), key=lambda f: len(f.names)).fields}
        )
        assert "Enter an e-mail address to get notifications by e-mail" in in_english.text
        assert _person_row(platform).profile == {}  # nothing stored from a page with errors


def test_every_post_needs_the_csrf_token(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        log_in_to_profile(client)
        for path in ("/profil", "/profil/skicka-lank", "/profil/radera"):
            assert (
                client.post(path, data={"email": "x@example.se", "csrf_token": "wrong"}).status_code == 403
            ), path
            assert client.post(path, data={"email": "x@example.se"}).status_code == 403, path
        assert _person_row(platform).profile == {}


def test_download_my_data_and_delete_my_profile(sqlite_url: str, tmp_path: Path) -> None:
    with (
        notify_platform(sqlite_url, tmp_path, None, worker_in_process=False) as platform,
        platform.client() as client,
    ):
        receipt = file_example_case(client)
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text).group(0)  # type: ignore[union-attr]
        save_profile(client, email="anna@example.se", mobile="0701234567", channel="email", language="sv")
        download = client.get("/profil/mina-uppgifter.json")
        assert download.status_code == 200
        assert download.headers["content-disposition"].startswith("attachment;")
        data = json.loads(download.text)
        assert data["profile"]["email"] == "anna@example.se" and data["profile"]["mobile"] == "+46701234567"
        assert data["person"]["personalNumber"] and data["person"]["givenName"]
        [case] = data["cases"]
        assert (
            case["reference"] == reference and case["status"] == "received" and case["service"] == "synpunkt"
        )
        assert case["submittedAt"] and case["link"].endswith(receipt.url.path)
        assert [n["kind"] for n in data["notifications"]] == ["email_verification"]
        assert "Gatlyktan" not in download.text  # the answers stay on the case page

        confirm = client.get("/profil/radera")
        assert "Dina ärenden finns kvar" in confirm.text and "gallring" in confirm.text
        deleted = client.post(
            "/profil/radera", data=max(forms(confirm.text), key=lambda f: len(f.names)).fields
        )
        assert deleted.url.path == "/profil" and "Din profil är raderad" in deleted.text
        row = _person_row(platform)
        assert row.profile == {} and row.sealed is None and row.key_id is None
        assert notifications(platform)[0].state == "skipped"  # the waiting verification link never goes
        assert reference in client.get("/arenden").text  # the case stays
        assert json.loads(client.get("/profil/mina-uppgifter.json").text)["profile"]["email"] == ""


def test_the_verification_link(sqlite_url: str, tmp_path: Path) -> None:
    with (
        SmtpServer(tmp_path, username="blankett", password="hemligt-losen-1").running() as smtp,
        notify_platform(sqlite_url, tmp_path, smtp, worker_in_process=False) as platform,
        platform.client() as client,
    ):
        log_in_to_profile(client)
        saved = save_profile(client, email="anna@example.se", channel="email")
        assert "Vi skickar en länk till din e-postadress" in saved.text
        notify_pass(platform)
        [message] = wait_for_messages(smtp, 1)
        assert message.parsed()["Subject"] == "Bekräfta din e-postadress"
        link = verification_link(message)
        token = link.rsplit("/", 1)[1]
        assert "anna" not in token  # the token carries a keyed hash of the address, not the address

        tampered = client.get(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"))
        assert tampered.status_code == 400 and "Länken fungerar inte" in tampered.text
        assert "Adressen är inte bekräftad" in client.get("/profil").text

        person_id = _person_row(platform).id
        secret = platform.settings.secret_key
        long_ago = time.time() - 49 * 3600  # email_verification_hours is 48
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("itsdangerous.timed.time.time", lambda: long_ago)
            old = verification_token(secret, person_id, "anna@example.se")
        expired = client.get(f"/profil/bekrafta/{old}")
        assert expired.status_code == 400 and "Länken har gått ut" in expired.text

        with platform.client() as stranger:  # the link works without a login
            opened = stranger.get(link)
        assert opened.status_code == 200 and "Din e-postadress är bekräftad" in opened.text
        assert "Adressen är bekräftad." in client.get("/profil").text
        assert _person_row(platform).profile["email_verified"] is True

        # A new address is not verified, and the old link does not verify it.
        changed = save_profile(client, email="anna.ny@example.se")
        assert "Adressen är inte bekräftad" in changed.text
        stale = client.get(link)
        assert stale.status_code == 400 and "inte längre finns i din profil" in stale.text
        notify_pass(platform)
        fresh = wait_for_messages(smtp, 2)[1]
        assert fresh.rcpt_tos == ["anna.ny@example.se"]
        assert client.get(verification_link(fresh)).status_code == 200
        # Another person's token signed with another salt (the session cookie's) is refused.
        assert client.get(f"/profil/bekrafta/{client.cookies.get('blankett_session')}").status_code == 400


def test_sending_the_link_again_queues_one(sqlite_url: str, tmp_path: Path) -> None:
    with (
        notify_platform(sqlite_url, tmp_path, None, worker_in_process=False) as platform,
        platform.client() as client,
    ):
        log_in_to_profile(client)
        page = save_profile(client, email="anna@example.se", channel="none")
        resend = next(f for f in forms(page.text) if f.action == "/profil/skicka-lank")
        for _ in range(3):
            assert client.post("/profil/skicka-lank", data=resend.fields).status_code == 200
        assert [n.kind for n in notifications(platform)] == ["email_verification"]
        notify_pass(platform)  # no smtp_host: skipped, and says why
        row = notifications(platform)[0]
        assert (row.state, row.last_error) == ("skipped", "No SMTP server is configured (smtp_host).")


def test_a_person_without_keys_in_tests_still_works() -> None:
    """Rows built by hand without a keyring keep the contact details readable in the profile."""
    from blankett.notify import Profile, read_profile, write_profile

    person = Person(id="p", identity_key="k", profile={})
    write_profile(person, Profile(email="a@example.se", channel="email"), None)
    assert read_profile(person, None).email == "a@example.se" and person.sealed is None
