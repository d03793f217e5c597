"""How notifications leave the platform: e-mail over SMTP with STARTTLS, SMS through a sender.

Both senders raise ``NotificationUnavailable`` (try again later) or ``NotificationRejected``
(do not); their messages never carry an address or a text, because they end up in logs and in
``notifications.last_error``.

An SMS sender is anything with ``async send(number, text, *, notification_id)``. The built-in
one, ``LoggingSmsSender`` (``sms_sender = "log"``), sends nothing: it logs that an SMS went out,
without the number or the text, until a gateway is connected. Example of a real one::

    class GatewaySmsSender:
        async def send(self, number: str, text: str, *, notification_id: int) -> None:
            response = await self.http.post("/sms", json={"to": number, "text": text})
            if response.status_code >= 500:
                raise NotificationUnavailable(f"gateway answered {response.status_code}")
"""

from __future__ import annotations

import asyncio
import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigurationError, NotificationRejected, NotificationUnavailable

if TYPE_CHECKING:
    from ..settings import Settings

logger = logging.getLogger("blankett.notify")

# Servers echo addresses in their replies ("<x@y>: Recipient address rejected").
_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


class EmailSender(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


class SmsSender(Protocol):
    async def send(self, number: str, text: str, *, notification_id: int) -> None: ...


class LoggingSmsSender:
    """Logs that an SMS went out: the notification's id and the text's length, nothing personal."""

    async def send(self, number: str, text: str, *, notification_id: int) -> None:
        logger.info(
            "SMS for notification %s handed to the logging SMS sender (%d characters; no gateway).",
            notification_id,
            len(text),
        )


@dataclass(frozen=True)
class SmtpSender:
    """One SMTP server; STARTTLS unless it is a relay on loopback (the settings check that)."""

    host: str
    port: int
    starttls: bool
    context: ssl.SSLContext | None
    timeout: float
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # keep the password out of tracebacks
        return f"SmtpSender({self.host!r}, {self.port}, starttls={self.starttls})"

    async def send(self, message: EmailMessage) -> None:
        # smtplib blocks: keep it off the event loop.
        await asyncio.to_thread(self._send_reporting, message)

    def _send_reporting(self, message: EmailMessage) -> None:
        where = f"{self.host}:{self.port}"
        try:
            self._send(message)
        except smtplib.SMTPNotSupportedError as exc:  # no STARTTLS or no AUTH offered
            raise NotificationRejected(f"{where} cannot be used as configured: {_clean(str(exc))}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise NotificationRejected(f"{where} refused the login ({exc.smtp_code}).") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (0, b""))
            raise _by_reply(where, code, text) from exc
        except smtplib.SMTPResponseException as exc:
            raise _by_reply(where, exc.smtp_code, exc.smtp_error) from exc
        except ssl.SSLCertVerificationError as exc:
            raise NotificationRejected(
                f"The certificate of {where} did not verify ({exc.verify_message})."
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:  # refused, reset, DNS, timeouts, disconnects
            raise NotificationUnavailable(
                f"Could not send through {where}: {type(exc).__name__}: {_clean(str(exc))}"
            ) from exc

    def _send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
            client.ehlo()
            if self.starttls:
                # Raises SMTPNotSupportedError when not offered: never a fallback to the clear.
                client.starttls(context=self.context)
                client.ehlo()
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


def _by_reply(where: str, code: int, text: bytes | str) -> Exception:
    answer = f"{where} answered {code} {_clean(text)}".rstrip()
    if 500 <= code < 600:
        return NotificationRejected(f"{answer}.")
    return NotificationUnavailable(f"{answer}: will try again.")


def _clean(text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = _ADDRESS.sub("<address>", " ".join(text.split()))
    return text if len(text) <= 160 else text[:157] + "..."


@dataclass(frozen=True)
class Senders:
    email: EmailSender | None  # None: smtp_host is not set
    sms: SmsSender
    mail_from: str


def senders_from_settings(settings: Settings) -> Senders:
    email: EmailSender | None = None
    if settings.smtp_host:
        email = SmtpSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            starttls=settings.smtp_starttls,
            context=_tls_context(settings.smtp_ca_file) if settings.smtp_starttls else None,
            timeout=settings.delivery_timeout_seconds,
            username=settings.smtp_username,
            password=settings.smtp_password,
        )
    return Senders(email=email, sms=LoggingSmsSender(), mail_from=settings.mail_from)


def _tls_context(ca_file: str) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=ca_file or None)
    except (ssl.SSLError, OSError) as exc:
        raise ConfigurationError(f"smtp_ca_file {ca_file!r} holds no usable PEM certificate: {exc}.") from exc
