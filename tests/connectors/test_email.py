"""The email connector against a real SMTP server (aiosmtpd) on loopback, STARTTLS included."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blankett.connectors import (
    ConnectorRegistry,
    Delivered,
    Delivery,
    NeedsPerson,
    RetryLater,
    build_connectors,
)
from blankett.envelope import build_envelope
from blankett.errors import ConfigurationError, ConnectorRejected
from tests.connectors.helpers import make_settings
from tests.envelope.samples import CLASSIFICATION, sample_case
from tests.support.server import free_port
from tests.support.smtp_server import SmtpServer

KEY = "idem-" + "b" * 40
REFERENCE = "BLK-2026-000001"
MESSAGE_ID = f"<blankett.{KEY}@kommun.example>"
SECRETS = ("Fler bänkar", "199001011234", "Tove", "Svensson", "förslag")


def _envelope(confidentiality: int = 1) -> dict[str, Any]:
    case = sample_case()
    case.meta = {**case.meta, "classification": {**CLASSIFICATION, "confidentiality": confidentiality}}
    return build_envelope(case)


def _connector(tmp_path: Path, options: dict[str, Any]) -> Any:
    registry = ConnectorRegistry()
    registry.load_builtins()
    return build_connectors(make_settings(tmp_path, connectors={"brevlada": options}), registry)["brevlada"]


def _deliver(
    tmp_path: Path, options: dict[str, Any], envelope: dict[str, Any] | None = None, attempt: int = 1
) -> Any:
    connector = _connector(tmp_path, options)
    delivery = Delivery(idempotency_key=KEY, attempt=attempt, case_reference=REFERENCE)
    return asyncio.run(connector.deliver(envelope or _envelope(), delivery))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path, username="blankett", password="hemligt-losen-1").running() as running:
        yield running


def test_confidentiality_0_mails_the_whole_case_over_starttls(tmp_path: Path, server: SmtpServer) -> None:
    envelope = _envelope(0)
    options = server.connector_options(
        subject_prefix="[E-tjänst] ", link_base_url="https://arende.kommun.example/arenden/"
    )
    assert _deliver(tmp_path, options, envelope) == Delivered(external_id=MESSAGE_ID)
    [received] = server.messages
    assert received.tls
    assert received.login == "blankett"
    assert (received.mail_from, received.rcpt_tos) == (
        "blankett@kommun.example",
        ["registrator@kommun.example"],
    )
    message = received.parsed()
    assert message["Subject"] == f"[E-tjänst] {REFERENCE} \N{EN DASH} Lämna en synpunkt eller ett klagomål"
    assert message["Message-ID"].strip() == MESSAGE_ID  # a long header may be folded
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "description: Fler bänkar i parken, tack." in text
    assert "Inlämnat av: Tove Svensson" in text
    assert f"Länk: https://arende.kommun.example/arenden/{REFERENCE}" in text
    assert "Inkom: 2026-11-22 10:15 CET" in text  # Swedish time
    assert text.index("Ett nytt ärende") < text.index("A new case")  # Swedish first
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"{REFERENCE}.json"
    assert json.loads(attachment.get_content()) == envelope


def test_confidentiality_1_mails_only_a_pointer(tmp_path: Path, server: SmtpServer) -> None:
    options = server.connector_options(link_base_url="https://arende.kommun.example/arenden/")
    assert _deliver(tmp_path, options, _envelope(1)) == Delivered(external_id=MESSAGE_ID)
    [received] = server.messages
    message = received.parsed()
    assert list(message.iter_attachments()) == []
    text = message.get_content()
    assert REFERENCE in text
    assert "e-tjänsten Lämna en synpunkt eller ett klagomål" in text
    assert f"https://arende.kommun.example/arenden/{REFERENCE}" in text
    assert "konfidentialitet 1" in text
    for secret in SECRETS:
        assert secret not in text
        assert secret.encode() not in received.content


def test_the_server_refuses_mail_before_starttls(tmp_path: Path, server: SmtpServer) -> None:
    # A client that skips STARTTLS (allowed only towards loopback) meets the server's refusal.
    plain = {
        key: v
        for key, v in server.connector_options(starttls=False).items()
        if key not in {"username", "password", "ca_file"}
    }
    result = _deliver(tmp_path, plain)
    assert isinstance(result, NeedsPerson)
    assert "answered 530" in result.reason
    assert "STARTTLS" in result.reason
    assert server.messages == []


def test_a_repeated_attempt_carries_the_same_message_id(tmp_path: Path, server: SmtpServer) -> None:
    _deliver(tmp_path, server.connector_options(), attempt=1)
    _deliver(tmp_path, server.connector_options(), attempt=2)
    assert [m.parsed()["Message-ID"].strip() for m in server.messages] == [MESSAGE_ID, MESSAGE_ID]


@pytest.mark.parametrize(
    ("reply", "at", "expected"),
    [
        ("451 4.3.0 Try again later", "DATA", RetryLater),
        ("452 4.2.2 Mailbox full <registrator@kommun.example>", "RCPT", RetryLater),
        ("550 5.1.1 <registrator@kommun.example>: Recipient address rejected", "RCPT", NeedsPerson),
        ("554 5.7.1 Message refused", "DATA", NeedsPerson),
    ],
)
def test_4xx_replies_are_retried_and_5xx_need_a_person(
    tmp_path: Path, server: SmtpServer, reply: str, at: Any, expected: type
) -> None:
    server.fail_next(reply, at=at)
    result = _deliver(tmp_path, server.connector_options())
    assert type(result) is expected
    assert f"answered {reply[:3]}" in result.reason
    assert "kommun.example" not in result.reason.replace("127.0.0.1", "")  # addresses are cut out
    assert server.messages == []
    assert isinstance(
        _deliver(tmp_path, server.connector_options(), attempt=2), Delivered
    )  # next time it goes


def test_a_server_that_is_down_is_retried(tmp_path: Path) -> None:
    options = SmtpServer(tmp_path, mode="plain").connector_options(port=free_port())
    result = _deliver(tmp_path, options)
    assert isinstance(result, RetryLater)
    assert "ConnectionRefusedError" in result.reason


def test_a_silent_server_is_retried_without_blocking_the_event_loop(tmp_path: Path) -> None:
    with socket.socket() as listener:  # accepts connections, never says a word
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        options = SmtpServer(tmp_path, mode="plain").connector_options(
            port=listener.getsockname()[1], timeout_seconds=0.5
        )
        connector = _connector(tmp_path, options)

        async def go() -> tuple[Any, int]:
            ticks = 0

            async def tick() -> None:
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.01)
                    ticks += 1

            ticker = asyncio.create_task(tick())
            result = await connector.deliver(_envelope(), Delivery(KEY, 1, REFERENCE))
            ticker.cancel()
            return result, ticks

        result, ticks = asyncio.run(go())
    assert isinstance(result, RetryLater)
    assert "did not answer within 0.5 s" in result.reason
    assert ticks > 20  # the loop kept running while smtplib waited in its thread


def test_an_untrusted_certificate_needs_a_person(tmp_path: Path, server: SmtpServer) -> None:
    options = {k: v for k, v in server.connector_options().items() if k != "ca_file"}  # the system's CAs
    result = _deliver(tmp_path, options)
    assert isinstance(result, NeedsPerson)
    assert "did not verify" in result.reason
    assert "ca_file" in result.reason
    assert server.messages == []


def test_a_wrong_password_needs_a_person(tmp_path: Path, server: SmtpServer) -> None:
    result = _deliver(tmp_path, server.connector_options(password="fel"))
    assert isinstance(result, NeedsPerson)
    assert "refused the login (535)" in result.reason
    assert "fel" not in result.reason


def test_implicit_tls(tmp_path: Path) -> None:
    with SmtpServer(tmp_path, mode="ssl", username="blankett", password="x").running() as server:
        assert _deliver(tmp_path, server.connector_options()) == Delivered(external_id=MESSAGE_ID)
        assert server.messages[0].tls
        assert server.messages[0].login == "blankett"


def test_a_plain_relay_on_loopback(tmp_path: Path) -> None:
    with SmtpServer(tmp_path, mode="plain").running() as server:
        assert _deliver(tmp_path, server.connector_options()) == Delivered(external_id=MESSAGE_ID)
        assert not server.messages[0].tls


def test_a_case_above_confidentiality_1_is_refused(tmp_path: Path, server: SmtpServer) -> None:
    with pytest.raises(ConnectorRejected, match="not rated confidentiality 0 or 1"):
        _deliver(tmp_path, server.connector_options(), _envelope(2))
    assert server.messages == []


BASE = {"type": "email", "host": "smtp.kommun.example", "from": "a@kommun.example", "to": "b@kommun.example"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"starttls": False}, "only allowed for a relay on loopback"),
        ({"ssl": True, "starttls": True}, "Choose one of ssl = true"),
        ({"username": "u"}, "'password' is a dependency of 'username'"),
        ({"to": "not-an-address"}, "/to"),
        ({"port": 0}, "/port"),
        ({"ca_file": "/nonexistent/ca.pem"}, "ca_file '/nonexistent/ca.pem' is not a file"),
        ({"host": "127.0.0.1", "starttls": False, "username": "u", "password": "p"}, "A login needs TLS"),
        ({"smtp": "x"}, "Additional properties are not allowed"),
        ({"username": "u", "password": "lösen"}, "must be ASCII"),
    ],
)
def test_options_are_checked_with_clear_errors(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as raised:
        _connector(tmp_path, {**BASE, **options})
    assert "connectors.brevlada" in str(raised.value)


def test_a_bad_password_value_is_never_shown(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as raised:
        _connector(tmp_path, {**BASE, "username": "u", "password": ""})
    assert "not shown: it is secret" in str(raised.value)


def _record(confidentiality: int) -> dict[str, Any]:
    from blankett.db import CaseEvent, utcnow
    from blankett.envelope import build_record, validate_record

    case = sample_case()
    case.meta = {**case.meta, "classification": {**CLASSIFICATION, "confidentiality": confidentiality}}
    event = CaseEvent(id=41, case_id=1, at=utcnow(), kind="completion_answer", actor="person:x", data={})
    attachment = {"id": "d1", "fileName": "foto.pdf", "contentType": "application/pdf", "size": 9, "sha256": "0" * 64}
    record = build_record(case, event, "Lyktan nr 4711 vid skolan.", [attachment])
    validate_record(record)
    return record


@pytest.mark.parametrize("confidentiality", [0, 1])
def test_a_later_record_is_mailed_with_its_text_only_at_confidentiality_0(
    tmp_path: Path, server: SmtpServer, confidentiality: int
) -> None:
    connector = _connector(tmp_path, server.connector_options(link_base_url="https://arende.kommun.example/arenden/"))
    delivery = Delivery(idempotency_key=KEY, attempt=1, case_reference=REFERENCE)
    assert asyncio.run(connector.deliver_record(_record(confidentiality), delivery)) == Delivered(external_id=MESSAGE_ID)
    [received] = server.messages
    message = received.parsed()
    assert message["Subject"] == f"{REFERENCE} \N{EN DASH} Komplettering från den sökande"
    text = message.get_content()
    assert f"https://arende.kommun.example/arenden/{REFERENCE}" in text
    assert "Bifogade filer: 1" in text and "foto.pdf" not in text  # files stay in the platform
    assert ("Lyktan nr 4711 vid skolan." in text) == (confidentiality == 0)
    assert list(message.iter_attachments()) == []
