"""Hand one message to an SMTP server (blocking: run it in a thread) and say what became of it."""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

from blankett.connectors import Delivered, DeliveryResult, NeedsPerson, RetryLater

Security = Literal["starttls", "ssl", "plain"]

# Servers echo addresses in their replies ("<x@y>: Recipient address rejected"); reasons are
# shown to operators and logged, so addresses are cut out.
_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to connect; ``password`` never leaves this object except to ``login``."""

    host: str
    port: int
    security: Security
    context: ssl.SSLContext | None
    timeout: float
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # keep the password out of tracebacks
        return f"SmtpServer({self.host!r}, {self.port}, {self.security!r})"


def send(server: SmtpServer, message: EmailMessage) -> DeliveryResult:
    """Send ``message``; ``Delivered`` carries its Message-ID. Never raises for SMTP trouble."""
    where = f"{server.host}:{server.port}"
    try:
        _send(server, message)
    except smtplib.SMTPNotSupportedError as exc:  # no STARTTLS or no AUTH offered
        return NeedsPerson(f"{where} cannot be used as configured: {exc}")
    except smtplib.SMTPAuthenticationError as exc:
        return NeedsPerson(f"{where} refused the login ({exc.smtp_code}): check username and password.")
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (0, b""))
        return _by_reply(where, code, text, "refused the recipient")
    except smtplib.SMTPResponseException as exc:
        return _by_reply(where, exc.smtp_code, exc.smtp_error, "refused the message")
    except ssl.SSLCertVerificationError as exc:
        return NeedsPerson(
            f"The certificate of {where} did not verify ({exc.verify_message}): "
            "point ca_file at the CA that issued it, or fix the server's certificate."
        )
    except (smtplib.SMTPException, OSError) as exc:  # refused, reset, DNS, TLS trouble, disconnects
        # smtplib reports a timeout while reading a reply as a disconnect caused by it.
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            return RetryLater(f"{where} did not answer within {server.timeout:g} s.")
        return RetryLater(f"Could not deliver through {where}: {type(exc).__name__}: {_clean(str(exc))}")
    return Delivered(external_id=str(message["Message-ID"])[:200])


def _send(server: SmtpServer, message: EmailMessage) -> None:
    client: smtplib.SMTP
    if server.security == "ssl":
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=server.context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    with client:
        client.ehlo()
        if server.security == "starttls":
            # starttls() raises SMTPNotSupportedError when the server does not offer it: we never
            # fall back to sending in the clear.
            client.starttls(context=server.context)
            client.ehlo()
        if server.username is not None and server.password is not None:
            client.login(server.username, server.password)
        client.send_message(message)


def _by_reply(where: str, code: int, text: bytes | str, what: str) -> DeliveryResult:
    answer = f"{where} answered {code} {_clean(text)}".rstrip()
    if 400 <= code < 500:
        return RetryLater(f"{answer}: will try again.")
    if 500 <= code < 600:
        return NeedsPerson(f"{answer}: the server {what}.")
    return RetryLater(f"{answer}.")


def _clean(text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = _ADDRESS.sub("<address>", " ".join(text.split()))
    return text if len(text) <= 160 else text[:157] + "..."
