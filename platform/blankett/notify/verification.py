"""The link that verifies a person's e-mail address: signed, expiring, and for one address only.

The token is an itsdangerous ``URLSafeTimedSerializer`` value keyed from ``secret_key`` with its
own salt, so no other signed value of the platform (session cookies, ...) passes for one. It
carries the person's id and a keyed hash of the address, never the address itself: the link
sits in mailboxes and access logs. A link for an address the profile no longer has does not
verify the new one.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..security import blind_index

SALT = "blankett.email-verification"
Outcome = Literal["valid", "expired", "invalid"]


def address_digest(secret_key: str, email: str) -> str:
    return blind_index(secret_key, b"blankett.email-digest", email.strip().lower())[:32]


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def verification_token(secret_key: str, person_id: str, email: str) -> str:
    return _serializer(secret_key).dumps({"p": person_id, "e": address_digest(secret_key, email)})


@dataclass(frozen=True)
class Checked:
    outcome: Outcome
    person_id: str | None = None
    digest: str | None = None

    def matches(self, secret_key: str, email: str) -> bool:
        """Whether the link was made for ``email`` (the profile's address now)."""
        return (
            bool(email)
            and self.digest is not None
            and hmac.compare_digest(self.digest, address_digest(secret_key, email))
        )


def check_token(secret_key: str, token: str, max_age_seconds: int) -> Checked:
    """What the token says, if its signature holds and it is younger than ``max_age_seconds``."""
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        return Checked("expired")
    except BadSignature:
        return Checked("invalid")
    if not isinstance(data, dict) or not isinstance(data.get("p"), str) or not isinstance(data.get("e"), str):
        return Checked("invalid")
    return Checked("valid", data["p"], data["e"])
