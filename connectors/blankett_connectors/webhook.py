"""``webhook``: POST the case envelope as JSON to a URL, signed per the Standard Webhooks spec.

Settings::

    [connectors.arendesystem]
    type = "webhook"
    url = "https://arende.example.se/blankett/cases"
    secret = "env:ARENDE_WEBHOOK_SECRET"   # whsec_<base64 of 24-64 random bytes>
    timeout_seconds = 10                   # optional

Each request carries ``webhook-id`` (the same on every attempt for this case and receiver, so
the receiver can drop repeats), ``webhook-timestamp`` and ``webhook-signature``
(``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``), as https://www.standardwebhooks.com
describes; any Standard Webhooks library verifies them. A 2xx answer means the receiver has the
case; its JSON ``id`` (or ``reference``) becomes the delivery's external id.

What the citizen adds later (a message, a completion answer, a withdrawal) is POSTed to the
same URL as a case record (``recordVersion`` instead of ``envelopeVersion``; see
``blankett/envelope/case-record-v1.schema.json``), signed and deduplicated the same way.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import TYPE_CHECKING, Any, ClassVar, NotRequired, TypedDict

import httpx

from blankett import __version__
from blankett.connectors import (
    Connector,
    ConnectorMisconfigured,
    Delivered,
    Delivery,
    DeliveryResult,
    NeedsPerson,
    RetryLater,
    register,
)

if TYPE_CHECKING:
    from blankett.settings import Settings

SECRET_PREFIX = "whsec_"  # noqa: S105 - the spec's prefix, not a secret
DEFAULT_TIMEOUT_SECONDS = 10.0
_LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


class WebhookOptions(TypedDict):
    url: str
    secret: str
    timeout_seconds: NotRequired[float]


@register
class WebhookConnector(Connector[WebhookOptions]):
    """POSTs each case to one URL; see the module docstring."""

    id = "webhook"
    takes_records = True
    label = "Webhook (Standard Webhooks)"
    max_confidentiality = 2
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "required": ["url", "secret"],
        "additionalProperties": False,
        "properties": {
            "url": {
                "description": "Address the cases are POSTed to (https; http only for tests and loopback).",
                "type": "string",
                "pattern": "^https?://[^/?#\\s]+",
                "format": "uri",
            },
            "secret": {
                "description": "Signing secret shared with the receiver: whsec_ followed by base64.",
                "type": "string",
                "pattern": "^whsec_[A-Za-z0-9+/]+={0,2}$",
                "writeOnly": True,
            },
            "timeout_seconds": {
                "description": "How long to wait for the receiver's answer.",
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 300,
            },
        },
    }

    def __init__(self, name: str, options: WebhookOptions, settings: Settings) -> None:
        super().__init__(name, options, settings)
        self._url = httpx.URL(options["url"])
        if not self._url.host:
            raise ConnectorMisconfigured(f"url {options['url']!r} has no host.")
        if settings.production and self._url.scheme != "https" and self._url.host not in _LOOPBACK_HOSTS:
            raise ConnectorMisconfigured("url must use https in production: cases carry personal data.")
        self._key = decode_secret(options["secret"])
        self._timeout = float(options.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS))
        self._client = httpx.AsyncClient(
            timeout=self._timeout,
            follow_redirects=False,  # a redirected POST is a configuration mistake, not a success
            headers={"user-agent": f"Blankett/{__version__}"},
        )

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        return await self._post(envelope, delivery)

    async def deliver_record(self, record: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        return await self._post(record, delivery)

    async def _post(self, document: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "webhook-id": delivery.idempotency_key,
            "webhook-timestamp": timestamp,
            "webhook-signature": sign(self._key, delivery.idempotency_key, timestamp, body),
        }
        host = self._url.host
        try:
            response = await self._client.post(self._url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            return RetryLater(f"{host} did not answer within {self._timeout:g} s ({type(exc).__name__}).")
        except httpx.HTTPError as exc:  # connection refused or reset, DNS, protocol errors
            return RetryLater(f"Could not reach {host}: {type(exc).__name__}: {exc}")
        return _interpret(host, response)

    async def aclose(self) -> None:
        await self._client.aclose()


def decode_secret(secret: str) -> bytes:
    """The HMAC key in a ``whsec_<base64>`` secret."""
    if not secret.startswith(SECRET_PREFIX):
        raise ConnectorMisconfigured("secret must start with whsec_.")
    encoded = secret[len(SECRET_PREFIX) :]
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConnectorMisconfigured("secret is not whsec_ followed by base64.") from exc
    if not 24 <= len(key) <= 64:
        raise ConnectorMisconfigured(f"secret must decode to 24-64 bytes, not {len(key)}.")
    return key


def sign(key: bytes, message_id: str, timestamp: str, body: bytes) -> str:
    """The ``webhook-signature`` header value: ``v1,<base64 HMAC-SHA256 of id.timestamp.body>``."""
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def _interpret(host: str, response: httpx.Response) -> DeliveryResult:
    status = response.status_code
    answer = f"{host} answered {status} {response.reason_phrase}".rstrip()
    if 200 <= status < 300:
        return Delivered(external_id=_external_id(response))
    if status in (408, 429) or status >= 500:
        return RetryLater(f"{answer}.")
    if 300 <= status < 400:
        return NeedsPerson(f"{answer}: point url at the final address.")
    return NeedsPerson(f"{answer}: the receiver refused the case.")


def _external_id(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for field in ("id", "reference"):
        value = data.get(field)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)[:200]  # the outbox column's width
    return None
