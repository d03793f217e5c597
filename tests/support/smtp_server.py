"""A real SMTP server (aiosmtpd) on loopback for the email connector's tests.

It speaks STARTTLS with a certificate from a throw-away CA made with ``cryptography`` (and refuses
MAIL before STARTTLS), or implicit TLS, or plain SMTP; optionally requires a login; records every
message it accepts; and can be told to answer the next messages with a 4xx or 5xx reply::

    with SmtpServer(tmp_path).running() as server:
        options = server.connector_options(to="registrator@kommun.example")
        ...
        assert server.messages[0].tls
"""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import functools
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.support.server import free_port

Mode = Literal["starttls", "ssl", "plain"]


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool  # the message travelled over TLS (STARTTLS or implicit)
    login: str | None  # the user name the client logged in with, if it did

    def parsed(self) -> EmailMessage:
        message = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


class _Handler:
    """aiosmtpd calls the handle_<VERB> hooks by these names."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, smtp: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        failure = self.server._take_failure("RCPT")
        if failure:
            return failure
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        failure = self.server._take_failure("DATA")
        if failure:
            return failure
        transport = smtp.transport
        tls = transport is not None and transport.get_extra_info("ssl_object") is not None
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
        content = envelope.original_content or envelope.content or b""
        assert isinstance(content, bytes)
        with self.server._lock:
            self.server.messages.append(
                ReceivedMessage(str(envelope.mail_from), list(envelope.rcpt_tos), content, tls, login)
            )
        return "250 Message accepted for delivery"


class _Session(Session):
    # aiosmtpd itself still sets the deprecated ``login_data`` after a login; with warnings as
    # errors that warning would break the server thread.
    @property
    def login_data(self) -> Any:
        return self._login_data

    @login_data.setter
    def login_data(self, value: Any) -> None:
        self._login_data = value


class _SMTP(SMTP):
    def _create_session(self) -> Session:
        return _Session(self.loop)


class _Controller(Controller):
    def factory(self) -> SMTP:
        return _SMTP(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    """One SMTP server; ``running()`` starts it on a free loopback port for the block."""

    def __init__(
        self,
        folder: Path,
        mode: Mode = "starttls",
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.mode = mode
        self.username = username
        self.password = password
        self.port = free_port()
        self.messages: list[ReceivedMessage] = []
        self.ca_file = folder / "smtp-test-ca.pem"
        self._cert_file = folder / "smtp-test-server.pem"
        self._key_file = folder / "smtp-test-server.key"
        self._failures: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def fail_next(self, reply: str, count: int = 1, at: Literal["RCPT", "DATA"] = "DATA") -> None:
        """Answer the next ``count`` messages with ``reply`` (e.g. ``"451 4.3.0 Try later"``) at ``at``."""
        with self._lock:
            self._failures.extend([(at, reply)] * count)

    def _take_failure(self, stage: str) -> str | None:
        with self._lock:
            if self._failures and self._failures[0][0] == stage:
                return self._failures.pop(0)[1]
        return None

    def connector_options(self, **overrides: Any) -> dict[str, Any]:
        """Options of an ``email`` connector instance that delivers here."""
        options: dict[str, Any] = {
            "type": "email",
            "host": "127.0.0.1",
            "port": self.port,
            "from": "blankett@kommun.example",
            "to": "registrator@kommun.example",
            "timeout_seconds": 5,
        }
        if self.mode == "plain":
            options["starttls"] = False
        else:
            options["ca_file"] = str(self.ca_file)
            if self.mode == "ssl":
                options.update(ssl=True, starttls=False)
        if self.username is not None:
            options.update(username=self.username, password=self.password)
        return {**options, **overrides}

    @contextlib.contextmanager
    def running(self) -> Iterator[SmtpServer]:
        kwargs: dict[str, Any] = {"hostname": "127.0.0.1", "port": self.port, "server_hostname": "localhost"}
        if self.mode != "plain":
            ca_pem, cert_pem, key_pem = _certificates()
            self.ca_file.write_bytes(ca_pem)
            self._cert_file.write_bytes(cert_pem)
            self._key_file.write_bytes(key_pem)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self._cert_file, self._key_file)
            if self.mode == "ssl":
                kwargs["ssl_context"] = context
            else:
                kwargs.update(tls_context=context, require_starttls=True)
        if self.username is not None:
            # aiosmtpd counts only STARTTLS as TLS for AUTH, so with implicit TLS a login is offered
            # but not required (it warns about requiring it without "TLS").
            starttls = self.mode == "starttls"
            kwargs.update(authenticator=self._authenticate, auth_required=starttls, auth_require_tls=starttls)
        controller = _Controller(_Handler(self), **kwargs)
        controller.start()
        try:
            yield self
        finally:
            controller.stop()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.username
            and auth_data.password.decode() == self.password
        ):
            return AuthResult(success=True, auth_data=auth_data.login)
        return AuthResult(success=False, handled=False)


@functools.cache
def _certificates() -> tuple[bytes, bytes, bytes]:
    """PEM of a throw-away CA, and of a server certificate it issued for 127.0.0.1 and its key."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Blankett test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return (
        ca_cert.public_bytes(serialization.Encoding.PEM),
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
