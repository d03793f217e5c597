"""How the platform authenticates itself at the provider's token endpoint.

``client_secret_basic`` sends the shared secret; ``private_key_jwt`` signs a short-lived
assertion with the platform's own key instead (Sweden Connect accepts only that). The key
is a PEM file (RSA or EC P-256); its public half, from ``client_jwks``, is what gets
registered at the provider.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from authlib.oauth2.rfc7523 import PrivateKeyJWT  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from joserfc.jwk import ECKey, RSAKey

from ..errors import ConfigurationError

CLIENT_SECRET_BASIC = "client_secret_basic"  # noqa: S105 - a method name, not a secret
PRIVATE_KEY_JWT = "private_key_jwt"
CLIENT_AUTH_METHODS = (CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT)

ClientKey = RSAKey | ECKey


def load_client_key(path: str | Path) -> ClientKey:
    """The private key at ``path`` as a JWK with an RFC 7638 thumbprint as ``kid``."""
    try:
        pem = Path(path).read_bytes()
        private = load_pem_private_key(pem, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"Cannot read the OpenID client key at {path} ({type(exc).__name__}): "
            "point oidc_client_key_path at an unencrypted PEM private key (RSA or EC P-256)."
        ) from exc
    if isinstance(private, rsa.RSAPrivateKey):
        key: ClientKey = RSAKey.import_key(pem, parameters={"use": "sig", "alg": "RS256"})
    elif isinstance(private, ec.EllipticCurvePrivateKey) and isinstance(private.curve, ec.SECP256R1):
        key = ECKey.import_key(pem, parameters={"use": "sig", "alg": "ES256"})
    else:
        raise ConfigurationError(f"The OpenID client key at {path} must be RSA or EC P-256.")
    key.ensure_kid()
    return key


def client_jwks(path: str | Path) -> dict[str, Any]:
    """The public key set to register at the provider for ``private_key_jwt``."""
    return {"keys": [load_client_key(path).as_dict(private=False)]}


class IssuerAudienceJWT(PrivateKeyJWT):  # type: ignore[misc]
    """``private_key_jwt`` whose audience is the provider's issuer, not its token endpoint.

    The issuer as sole audience is what FAPI 2.0 and the 2025 OpenID Connect errata ask for
    (an assertion meant for one endpoint must not be usable at another); providers that
    follow the older wording accept it too. The issuer is known only after discovery, so
    ``audience`` is set when the metadata arrives.
    """

    def __init__(self, key: ClientKey) -> None:
        alg = "ES256" if isinstance(key, ECKey) else "RS256"
        super().__init__(token_endpoint=None, headers={"kid": key.kid}, alg=alg)
        self.audience: str | None = None

    def sign(self, auth: Any, token_endpoint: str) -> Any:
        return super().sign(auth, self.audience or token_endpoint)
