"""The platform with the case API, an SMTP server for notifications, and a citizen with a profile."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from blankett.app import create_app
from blankett.db import Database, Notification
from blankett.notify import Notifier
from blankett.security import bind_keyring, keyring_from_settings
from tests.api.support import CLIENTS, two_services
from tests.support.html import main_form
from tests.support.platform import RunningPlatform, log_in, platform_settings
from tests.support.server import free_port, serve_in_thread
from tests.support.smtp_server import ReceivedMessage, SmtpServer

SMTP_USER, SMTP_PASSWORD = "blankett", "hemligt-losen-1"
POINTER_SV = "Du har fått ett nytt meddelande i ärende {ref}. Logga in på {link} för att läsa det."
POINTER_EN = "You have a new message in case {ref}. Log in at {link} to read it."


def smtp_values(server: SmtpServer) -> dict[str, Any]:
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "smtp_ca_file": str(server.ca_file),
        "smtp_username": SMTP_USER,
        "smtp_password": SMTP_PASSWORD,
        "mail_from": "e-tjanster@kommun.example",
    }


@contextlib.contextmanager
def notify_platform(
    database_url: str, tmp_path: Path, server: SmtpServer | None, *, confidentiality: int = 1, **values: Any
) -> Iterator[RunningPlatform]:
    """The case-API platform (tests.api.support), synpunkt rated ``confidentiality``, mail to ``server``."""
    port = free_port()
    dirs = two_services(tmp_path)
    toml = Path(dirs["services_dir"]) / "synpunkt.toml"
    toml.write_text(toml.read_text().replace("confidentiality = 1", f"confidentiality = {confidentiality}"))
    mail = smtp_values(server) if server is not None else {}
    settings = platform_settings(database_url, tmp_path / "var", port, None, **dirs, **{**mail, **values})
    settings = dataclasses.replace(settings, api_clients=CLIENTS)
    app = create_app(settings)
    with serve_in_thread(app, port) as url:
        yield RunningPlatform(url, settings, app)


def run_db(platform: RunningPlatform, work: Any) -> Any:
    """Run ``await work(db)`` against the platform's database, with its keys."""

    async def run() -> Any:
        db = Database(platform.settings.database_url)
        bind_keyring(db, keyring_from_settings(platform.settings))
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def notify_pass(platform: RunningPlatform, worker_id: str = "test-worker") -> bool:
    """One pass of the notification sender, as the worker makes it."""
    return bool(run_db(platform, lambda db: Notifier(platform.settings, db, worker_id).run_once()))


def notifications(platform: RunningPlatform) -> list[Notification]:
    async def work(db: Database) -> list[Notification]:
        async with db.session() as s:
            return list(await s.scalars(select(Notification).order_by(Notification.id)))

    return list(run_db(platform, work))


def log_in_to_profile(client: httpx.Client, person: str | None = None) -> httpx.Response:
    response = client.get("/profil")
    if "/test-idp/authorize" in str(response.url):
        response = log_in(client, response, person=person)
    assert response.url.path == "/profil", response.url
    return response


def save_profile(client: httpx.Client, **values: str) -> httpx.Response:
    page = client.get("/profil")
    form = main_form(page.text)
    return client.post("/profil", data={**form.fields, **values})


def body_of(message: ReceivedMessage) -> str:
    part = message.parsed().get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def verification_link(message: ReceivedMessage) -> str:
    found = re.search(r"https?://\S+/profil/bekrafta/\S+", body_of(message))
    assert found, body_of(message)
    return found.group(0)


def wait_for_messages(server: SmtpServer, count: int, timeout: float = 20.0) -> list[ReceivedMessage]:
    deadline = time.monotonic() + timeout
    while len(server.messages) < count:
        assert time.monotonic() < deadline, f"expected {count} messages, got {len(server.messages)}"
        time.sleep(0.05)
    return list(server.messages)


def profile_with_verified_email(
    platform: RunningPlatform,
    client: httpx.Client,
    server: SmtpServer,
    email: str = "anna@example.se",
    **values: str,
) -> None:
    """Give the logged-in citizen an e-mail address, and open the verification link sent to it."""
    before = len(server.messages)
    saved = save_profile(client, email=email, channel="email", **values)
    assert saved.status_code == 200 and saved.url.query == b"lank=1", saved.text[:2000]
    if not platform.settings.worker_in_process:
        notify_pass(platform)
    message = wait_for_messages(server, before + 1)[before]
    assert message.rcpt_tos == [email]
    opened = client.get(verification_link(message))
    assert opened.status_code == 200, opened.text[:2000]
