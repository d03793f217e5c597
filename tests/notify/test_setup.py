"""The mail settings, the sealed profile under key rotation, and what notifications say."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from blankett.db import Database, Person
from blankett.errors import ConfigurationError, ProtectedDataError
from blankett.notify import CaseNews, Profile, case_email, case_sms, read_profile, write_profile
from blankett.security import Keyring, key_usage, rotate
from blankett.settings import load_settings

BASE = {"secret_key": "k" * 40}


def _settings(tmp_path: Path, environ: dict[str, str] | None = None, **values: object):  # type: ignore[no-untyped-def]
    return load_settings(environ=environ or {}, values={"var_dir": str(tmp_path), **BASE, **values})


def test_the_smtp_password_comes_from_the_environment(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        {"SMTP_SECRET": "hemligt"},
        smtp_host="smtp.kommun.example",
        mail_from="e@kommun.example",
        smtp_username="blankett",
        smtp_password="env:SMTP_SECRET",
    )
    assert settings.smtp_password == "hemligt"
    assert "hemligt" not in repr(settings)
    with pytest.raises(ConfigurationError, match="SMTP_SECRET"):
        _settings(tmp_path, smtp_password="env:SMTP_SECRET")


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"smtp_host": "smtp.kommun.example"}, "mail_from"),
        (
            {"smtp_host": "smtp.kommun.example", "mail_from": "e@kommun.example", "smtp_starttls": False},
            "in the clear",
        ),
        ({"smtp_host": "127.0.0.1", "mail_from": "e@kommun.example", "smtp_username": "u"}, "together"),
        ({"sms_sender": "gateway"}, "sms_sender"),
        ({"email_verification_hours": 0}, "email_verification_hours"),
    ],
)
def test_unsafe_mail_settings_are_refused(tmp_path: Path, values: dict[str, object], reason: str) -> None:
    with pytest.raises(ConfigurationError, match=reason):
        _settings(tmp_path, **values)


def test_a_relay_on_loopback_may_go_without_starttls(tmp_path: Path) -> None:
    assert not _settings(
        tmp_path, smtp_host="127.0.0.1", mail_from="e@kommun.example", smtp_starttls=False
    ).smtp_starttls


def test_the_sealed_profile_is_bound_to_its_person() -> None:
    keyring = Keyring.generate()
    anna, bo = Person(id="anna", identity_key="a", profile={}), Person(id="bo", identity_key="b", profile={})
    write_profile(anna, Profile(email="anna@example.se", mobile="+46701234567", channel="sms"), keyring)
    assert anna.profile == {"language": "sv", "channel": "sms", "email_verified": False}
    assert read_profile(anna, keyring).mobile == "+46701234567"
    bo.sealed, bo.key_id, bo.wrapped_key = anna.sealed, anna.key_id, anna.wrapped_key
    with pytest.raises(ProtectedDataError):
        read_profile(bo, keyring)


def test_key_rotation_rewraps_profiles(sqlite_url: str) -> None:
    old = Keyring.generate("k1")
    both = Keyring({**old.keys, "k2": Keyring.generate("k2").keys["k2"]}, "k2")

    async def run() -> tuple[object, object, str]:
        db = Database(sqlite_url)
        try:
            async with db.session() as s:
                person = Person(id="p-1", identity_key="1" * 64, profile={})
                write_profile(person, Profile(email="p@example.se", channel="email"), old)
                s.add(person)
            report = await rotate(db, both, actor="test")
            usage = await key_usage(db)
            async with db.session() as s:
                row = await s.get(Person, "p-1")
                assert row is not None
                email = read_profile(row, Keyring({"k2": both.keys["k2"]}, "k2")).email
            return report.rewrapped["persons"], usage["persons"], email
        finally:
            await db.dispose()

    rewrapped, usage, email = asyncio.run(run())
    assert rewrapped == 1 and usage == {"k2": 1} and email == "p@example.se"


def test_above_confidentiality_0_only_the_pointer() -> None:
    news = CaseNews("decision", "BLK-2026-000007", "https://e.kommun.example/arenden/abc", "decided", None)
    written = case_email(news, "sv", quote=False)
    assert written.body.startswith(
        "Du har fått ett nytt meddelande i ärende BLK-2026-000007. "
        "Logga in på https://e.kommun.example/arenden/abc för att läsa det.\n"
    )
    assert "You have a new message in case BLK-2026-000007." in written.body
    assert "beslut" not in written.body.lower()
    quoted = CaseNews(
        "decision", "BLK-2026-000007", "https://e.kommun.example/arenden/abc", "decided", "Bifall."
    )
    assert case_sms(quoted, "en") == (
        "You have a new message in case BLK-2026-000007. "
        "Log in at https://e.kommun.example/arenden/abc to read it."
    )
    assert "Bifall." in case_email(quoted, "sv", quote=True).body
