"""The ``email`` connector type: options, checks at start-up, and one delivery per message."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NotRequired, TypedDict

from blankett.connectors import (
    Connector,
    ConnectorMisconfigured,
    ConnectorRejected,
    Delivery,
    DeliveryResult,
    register,
)

from .compose import Addressing, compose, compose_record
from .smtp import Security, SmtpServer, send

if TYPE_CHECKING:
    from blankett.settings import Settings

DEFAULT_TIMEOUT_SECONDS = 10.0  # below the worker's default delivery_timeout_seconds (15)
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "plain": 25}
_LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
_MAILBOX = {
    "type": "string",
    "format": "email",
    "pattern": "^[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+$|^[^@\\s<>,;]+@localhost$",
    "maxLength": 254,
}

# "from" is a Python keyword, so the TypedDict is spelt in its functional form.
EmailOptions = TypedDict(
    "EmailOptions",
    {
        "host": str,
        "port": NotRequired[int],
        "starttls": NotRequired[bool],
        "ssl": NotRequired[bool],
        "ca_file": NotRequired[str],
        "username": NotRequired[str],
        "password": NotRequired[str],
        "from": str,
        "to": str,
        "subject_prefix": NotRequired[str],
        "link_base_url": NotRequired[str],
        "timeout_seconds": NotRequired[float],
    },
)


@register
class EmailConnector(Connector[EmailOptions]):
    """Mails each case to one handler mailbox; see the package docstring."""

    id = "email"
    takes_records = True
    label = "E-post (SMTP)"
    max_confidentiality = 1
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "required": ["host", "from", "to"],
        "additionalProperties": False,
        "dependentRequired": {"username": ["password"], "password": ["username"]},
        "properties": {
            "host": {"description": "SMTP server (name or address).", "type": "string", "minLength": 1},
            "port": {
                "description": "SMTP port; default 587 with STARTTLS, 465 with ssl, 25 without TLS.",
                "type": "integer",
                "minimum": 1,
                "maximum": 65535,
            },
            "starttls": {
                "description": "Use STARTTLS (default true); false only for a relay on loopback.",
                "type": "boolean",
            },
            "ssl": {
                "description": "Implicit TLS from the first byte (port 465) instead of STARTTLS.",
                "type": "boolean",
            },
            "ca_file": {
                "description": "PEM file of the CA(s) to trust instead of the system's.",
                "type": "string",
                "minLength": 1,
            },
            "username": {
                "description": "Login name at the SMTP server (with password).",
                "type": "string",
                "minLength": 1,
            },
            "password": {
                "description": 'Password at the SMTP server; "env:VARIABLE" keeps it out of the file.',
                "type": "string",
                "minLength": 1,
                "writeOnly": True,
            },
            "from": {**_MAILBOX, "description": "Sender address of the messages."},
            "to": {**_MAILBOX, "description": "The handler mailbox the cases are sent to."},
            "subject_prefix": {
                "description": "Text put before the subject.",
                "type": "string",
                "maxLength": 60,
            },
            "link_base_url": {
                "description": "Start of the link to a case; the reference is appended (https://…/arenden/).",
                "type": "string",
                "pattern": "^https?://[^/?#\\s]+",
                "format": "uri",
            },
            "timeout_seconds": {
                "description": "How long to wait for the server at each step.",
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 120,
            },
        },
    }

    def __init__(self, name: str, options: EmailOptions, settings: Settings) -> None:
        super().__init__(name, options, settings)
        security = _security(options)
        host = options["host"]
        if security == "plain" and host not in _LOOPBACK_HOSTS:
            raise ConnectorMisconfigured(
                f"starttls = false sends cases in the clear; it is only allowed for a relay on loopback "
                f"(127.0.0.1, ::1, localhost), not {host!r}. Remove it, or set ssl = true."
            )
        if not (options.get("username", "") + options.get("password", "")).isascii():
            # smtplib sends AUTH in ASCII only; better to say so now than at the first case.
            raise ConnectorMisconfigured(
                "username and password must be ASCII characters only (SMTP AUTH in smtplib)."
            )
        if security == "plain" and "username" in options:
            raise ConnectorMisconfigured(
                "A login needs TLS: remove username and password, or use STARTTLS or ssl."
            )
        self._server = SmtpServer(
            host=host,
            port=int(options.get("port", DEFAULT_PORTS[security])),
            security=security,
            context=_tls_context(options.get("ca_file")) if security != "plain" else None,
            timeout=float(options.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)),
            username=options.get("username"),
            password=options.get("password"),
        )
        self._addressing = Addressing(
            sender=options["from"],
            recipient=options["to"],
            subject_prefix=options.get("subject_prefix", ""),
            link_base_url=options.get("link_base_url"),
        )

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        level = (envelope.get("classification") or {}).get("confidentiality")
        if not isinstance(level, int) or isinstance(level, bool) or level > self.max_confidentiality:
            # The worker checks this too; a connector that carries personal data checks it again.
            raise ConnectorRejected(
                f"Case {delivery.case_reference} is not rated confidentiality 0 or 1; "
                "the email connector does not carry it."
            )
        message = compose(envelope, level, self._addressing, delivery.idempotency_key)
        # smtplib blocks: keep it off the event loop.
        return await asyncio.to_thread(send, self._server, message)

    async def deliver_record(self, record: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        level = (record.get("classification") or {}).get("confidentiality")
        if not isinstance(level, int) or isinstance(level, bool) or level > self.max_confidentiality:
            raise ConnectorRejected(f"Case {delivery.case_reference} is not rated confidentiality 0 or 1.")
        message = compose_record(record, level, self._addressing, delivery.idempotency_key)
        return await asyncio.to_thread(send, self._server, message)


def _security(options: EmailOptions) -> Security:
    implicit = bool(options.get("ssl", False))
    starttls = bool(options.get("starttls", not implicit))
    if implicit and starttls:
        raise ConnectorMisconfigured("Choose one of ssl = true (implicit TLS) and starttls = true, not both.")
    return "ssl" if implicit else "starttls" if starttls else "plain"


def _tls_context(ca_file: str | None) -> ssl.SSLContext:
    if ca_file is not None and not Path(ca_file).is_file():
        raise ConnectorMisconfigured(f"ca_file {ca_file!r} is not a file: give the path of a PEM file.")
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (ssl.SSLError, OSError) as exc:
        raise ConnectorMisconfigured(f"ca_file {ca_file!r} holds no usable PEM certificate: {exc}.") from exc
