"""Signing through the OpenID provider: the OIDC Sweden signature extension, or a re-authentication.

The Swedish OpenID Connect profile's signature extension ("Signature Extension for OpenID
Connect", id.oidc.se) lets a relying party ask for a signature within an ordinary
authorization request: the scope ``https://id.oidc.se/scope/sign`` plus the request parameter
``https://id.oidc.se/param/signRequest``, base64 of a JSON object with ``tbs_text`` (what the
person is shown that they sign) and ``sign_data`` (base64 of what is signed, here a SHA-256).
The provider returns the signature in the claim ``https://id.oidc.se/claim/userSignature``.
A provider that does not list the sign scope in its discovery metadata signs nothing: the
platform then asks for a fresh authentication (``prompt=login``) and records that instead.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

SIGN_SCOPE = "https://id.oidc.se/scope/sign"
SIGN_REQUEST_PARAM = "https://id.oidc.se/param/signRequest"
USER_SIGNATURE_CLAIM = "https://id.oidc.se/claim/userSignature"

METHOD_SIGN = "oidc-sweden-sign"
METHOD_REAUTHENTICATION = "oidc-reauthentication"


@dataclass(frozen=True)
class SignRequest:
    """What the person signs: the text they are shown, and the data (bytes) the signature covers."""

    tbs_text: str
    sign_data: bytes

    def encode(self) -> str:
        """The value of the ``signRequest`` parameter."""
        body = {"tbs_text": self.tbs_text, "sign_data": base64.b64encode(self.sign_data).decode("ascii")}
        return base64.b64encode(json.dumps(body, ensure_ascii=False).encode("utf-8")).decode("ascii")

    @classmethod
    def decode(cls, value: str) -> SignRequest | None:
        """The request a ``signRequest`` parameter carries; None when it is not one."""
        try:
            body = json.loads(base64.b64decode(value, validate=True).decode("utf-8"))
            text, data = body["tbs_text"], base64.b64decode(body["sign_data"], validate=True)
        except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None
        return cls(text, data) if isinstance(text, str) and text and data else None


def supports_sign_request(metadata: dict[str, Any]) -> bool:
    """Whether a provider's discovery metadata offers the signature extension (its sign scope)."""
    scopes = metadata.get("scopes_supported")
    return isinstance(scopes, list) and SIGN_SCOPE in scopes
