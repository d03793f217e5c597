"""Notifications to the case owner over a real SMTP server (aiosmtpd, STARTTLS and login) on
loopback, after the case API changes the case: content only at confidentiality 0, nothing with
channel "none" or an unverified address, retries after SMTP failures, SMS through the logging
sender, and several workers claiming rows safely. On SQLite and PostgreSQL where it matters."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from blankett.db import Database, Notification, Person, utcnow
from blankett.notify import Profile, claim_due, write_profile
from tests.api.support import case_system
from tests.notify.support import (
    POINTER_EN,
    POINTER_SV,
    body_of,
    log_in_to_profile,
    notifications,
    notify_pass,
    notify_platform,
    profile_with_verified_email,
    run_db,
    save_profile,
    wait_for_messages,
)
from tests.support.html import main_form
from tests.support.platform import RunningPlatform
from tests.support.smtp_server import SmtpServer
from tests.web.test_journey import file_example_case

SECRET_TEXT = "Skicka gärna ett foto på lyktan vid Storgatan 12."


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path, username="blankett", password="hemligt-losen-1").running() as server:
        yield server


def _file(citizen: httpx.Client) -> tuple[str, str]:
    receipt = file_example_case(citizen)
    found = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
    assert found
    return found.group(0), receipt.url.path  # reference, /arenden/<public_id>


def test_case_api_changes_reach_the_owner_by_email(
    database_url: str, tmp_path: Path, smtp: SmtpServer
) -> None:
    """The worker inside the platform sends them; confidentiality 1: the pointer only."""
    with notify_platform(database_url, tmp_path, smtp) as platform, platform.client() as citizen:
        ref, case_path = _file(citizen)
        profile_with_verified_email(platform, citizen, smtp)
        link = f"{platform.url}{case_path}"
        with case_system(platform, "arende") as api:
            assert (
                api.post(
                    f"/api/v1/cases/{ref}/registration", json={"registrationNumber": "KS 2026/1"}
                ).status_code
                == 200
            )
            wait_for_messages(smtp, 2)
            assert api.post(f"/api/v1/cases/{ref}/messages", json={"text": SECRET_TEXT}).status_code == 200
            wait_for_messages(smtp, 3)
            asked = api.post(f"/api/v1/cases/{ref}/completion-requests", json={"text": SECRET_TEXT})
            assert asked.status_code == 200
            wait_for_messages(smtp, 4)
            decided = api.post(f"/api/v1/cases/{ref}/decision", json={"text": SECRET_TEXT})
            assert decided.status_code == 200
            messages = wait_for_messages(smtp, 5)
        for message in messages[1:]:
            assert message.tls and message.login == "blankett"
            assert message.rcpt_tos == ["anna@example.se"]
            assert message.mail_from == "e-tjanster@kommun.example"
            body = body_of(message)
            assert POINTER_SV.format(ref=ref, link=link) in body
            assert POINTER_EN.format(ref=ref, link=link) in body
            assert body.index(POINTER_SV.format(ref=ref, link=link)) < body.index(
                POINTER_EN.format(ref=ref, link=link)
            )
            assert "foto" not in body and "Registrerad" not in body  # no content above confidentiality 0
            assert message.parsed()["Subject"] == f"Nytt i ärende {ref}"
    rows = notifications(platform)
    # One each: a completion request and a decision bring their status change along.
    assert [(n.kind, n.state) for n in rows] == [
        ("email_verification", "sent"),
        ("status", "sent"),
        ("message", "sent"),
        ("completion_request", "sent"),
        ("decision", "sent"),
    ]
    assert all(n.attempts == 1 and n.sent_at is not None for n in rows)


def test_content_is_quoted_at_confidentiality_0(sqlite_url: str, tmp_path: Path, smtp: SmtpServer) -> None:
    with (
        notify_platform(sqlite_url, tmp_path, smtp, confidentiality=0, worker_in_process=False) as platform,
        platform.client() as citizen,
    ):
        ref, case_path = _file(citizen)
        profile_with_verified_email(platform, citizen, smtp, language="en")
        with case_system(platform, "arende") as api:
            api.post(f"/api/v1/cases/{ref}/status", json={"status": "in_progress"})
            notify_pass(platform)
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": SECRET_TEXT})
            notify_pass(platform)
        status, message = (body_of(m) for m in smtp.messages[1:3])
    assert status.startswith(f"Case {ref} now has the status: In progress.")  # English first, as preferred
    assert f"Ärende {ref} har nu status: Under handläggning." in status
    assert message.startswith(f"You have a new message in case {ref}:")
    assert SECRET_TEXT in message
    assert f"{platform.url}{case_path}" in message


def test_nothing_is_sent_without_a_verified_address_or_with_notifications_off(
    database_url: str, tmp_path: Path, smtp: SmtpServer
) -> None:
    with (
        notify_platform(database_url, tmp_path, smtp, worker_in_process=False) as platform,
        platform.client() as citizen,
    ):
        ref, _ = _file(citizen)
        with case_system(platform, "arende") as api:
            api.post(
                f"/api/v1/cases/{ref}/messages", json={"text": "Utan profil"}
            )  # no profile: channel none
            save_profile(citizen, email="anna@example.se", channel="email")  # not verified yet
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Overifierad"})
            notify_pass(platform)
            assert len(smtp.messages) == 1 and "/profil/bekrafta/" in body_of(
                smtp.messages[0]
            )  # the link only
            assert [n.kind for n in notifications(platform)] == ["email_verification"]

            citizen.get(re.search(r"https?://\S+/profil/bekrafta/\S+", body_of(smtp.messages[0])).group(0))  # type: ignore[union-attr]
            save_profile(citizen, channel="none")
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Avstängt"})
            assert notify_pass(platform) is False
            assert len(smtp.messages) == 1

            # Queued while turned on, turned off before it went out: skipped, not sent.
            save_profile(citizen, channel="email")
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Sent på"})
            save_profile(citizen, channel="none")
            notify_pass(platform)
        assert len(smtp.messages) == 1
        last = notifications(platform)[-1]
        assert (last.kind, last.state) == ("message", "skipped")
        assert last.last_error == "Notifications are turned off in the profile."


def test_a_failing_smtp_server_is_retried(database_url: str, tmp_path: Path, smtp: SmtpServer) -> None:
    with (
        notify_platform(database_url, tmp_path, smtp, worker_in_process=False) as platform,
        platform.client() as citizen,
    ):
        ref, _ = _file(citizen)
        profile_with_verified_email(platform, citizen, smtp)
        smtp.fail_next("451 4.3.0 <anna@example.se> Try again later")
        with case_system(platform, "arende") as api:
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Hej"})
        notify_pass(platform)
        row = notifications(platform)[-1]
        assert (row.state, row.attempts) == ("pending", 1)
        assert row.last_error is not None and "451" in row.last_error
        assert "anna@example.se" not in row.last_error  # addresses are cut out of stored errors
        _make_due(platform)
        notify_pass(platform)
        row = notifications(platform)[-1]
        assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)
        assert len(smtp.messages) == 2

        smtp.fail_next("550 5.1.1 No such mailbox")  # refused for good: no retry
        with case_system(platform, "arende") as api:
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Hej igen"})
        notify_pass(platform)
        row = notifications(platform)[-1]
        assert (row.state, row.attempts) == ("failed", 1)
        assert row.last_error is not None and "550" in row.last_error


def _make_due(platform: RunningPlatform) -> None:
    async def work(db: Database) -> None:
        async with db.session() as s:
            await s.execute(
                update(Notification).where(Notification.state == "pending").values(next_attempt_at=utcnow())
            )

    run_db(platform, work)


def test_sms_goes_through_the_logging_sender_without_the_number(
    sqlite_url: str, tmp_path: Path, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        notify_platform(sqlite_url, tmp_path, smtp, worker_in_process=False) as platform,
        platform.client() as citizen,
    ):
        ref, _ = _file(citizen)
        log_in_to_profile(citizen)
        saved = save_profile(citizen, mobile="070-123 45 67", channel="sms")
        assert saved.status_code == 200
        with case_system(platform, "arende") as api:
            api.post(f"/api/v1/cases/{ref}/messages", json={"text": SECRET_TEXT})
        notify_pass(platform)
    row = notifications(platform)[-1]
    assert (row.kind, row.channel, row.state) == ("message", "sms", "sent")
    assert f"SMS for notification {row.id} handed to the logging SMS sender" in caplog.text
    for number in ("070-123 45 67", "0701234567", "+46701234567", "46701234567", "701234567", "123 45 67"):
        assert number not in caplog.text
    assert "foto" not in caplog.text
    assert smtp.messages == []


def test_several_workers_never_claim_the_same_notification(database_url: str, tmp_path: Path) -> None:
    from blankett.settings import load_settings

    settings = load_settings(
        environ={},
        values={
            "var_dir": str(tmp_path),
            "database_url": database_url,
            "secret_key": "k" * 40,
            "smtp_host": "127.0.0.1",
            "mail_from": "e-tjanster@kommun.example",
        },
    )

    async def run() -> tuple[list[int], list[int]]:
        setup = Database(database_url)
        async with setup.session() as s:
            for i in range(12):
                person = Person(id=f"p-{i:02d}", identity_key=f"{i:064d}", profile={})
                write_profile(person, Profile(email=f"p{i}@example.se", channel="email"), None)
                s.add(person)
                await s.flush()
                s.add(Notification(person_id=person.id, kind="email_verification", channel="email"))
        await setup.dispose()
        one, two = Database(database_url), Database(database_url)
        try:
            first, second = await asyncio.gather(
                claim_due(one, settings, "worker-1", limit=8), claim_due(two, settings, "worker-2", limit=8)
            )
        finally:
            await one.dispose()
            await two.dispose()
        return [o.id for o in first], [o.id for o in second]

    first, second = asyncio.run(run())
    assert not set(first) & set(second)
    assert len(first) + len(second) == 12


def test_a_crashed_workers_lease_runs_out(sqlite_url: str, tmp_path: Path) -> None:
    from blankett.settings import load_settings

    settings = load_settings(
        environ={},
        values={
            "var_dir": str(tmp_path),
            "database_url": sqlite_url,
            "secret_key": "k" * 40,
            "smtp_host": "127.0.0.1",
            "mail_from": "e-tjanster@kommun.example",
        },
    )

    async def run() -> tuple[int, int, int]:
        db = Database(sqlite_url)
        try:
            async with db.session() as s:
                person = Person(id="p-1", identity_key="1" * 64, profile={})
                write_profile(person, Profile(email="p@example.se", channel="email"), None)
                s.add(person)
                await s.flush()
                s.add(Notification(person_id=person.id, kind="email_verification", channel="email"))
            taken = await claim_due(db, settings, "crashed")
            again = await claim_due(db, settings, "other")  # the lease still holds
            async with db.session() as s:
                await s.execute(update(Notification).values(locked_until=utcnow() - timedelta(seconds=1)))
            after = await claim_due(db, settings, "other")
            return len(taken), len(again), after[0].attempts
        finally:
            await db.dispose()

    assert asyncio.run(run()) == (1, 0, 2)


def test_the_owners_own_actions_notify_nobody(sqlite_url: str, tmp_path: Path, smtp: SmtpServer) -> None:
    with notify_platform(sqlite_url, tmp_path, smtp, worker_in_process=False) as platform, \
            platform.client() as citizen:
        _ref, case_path = _file(citizen)
        profile_with_verified_email(platform, citizen, smtp)
        confirm = citizen.get(f"{case_path}/aterkalla")
        assert confirm.status_code == 200
        withdrawn = citizen.post(f"{case_path}/aterkalla", data=main_form(confirm.text).fields)
        assert withdrawn.status_code == 200 and "Återkallad" in citizen.get(case_path).text
        assert [n.kind for n in notifications(platform)] == ["email_verification"]
