"""OAuth 2.0 client credentials (RFC 6749 §4.4) for the case API, on authlib.

The platform is its own authorization server: ``POST /api/oauth/token`` with HTTP Basic
(``client_secret_basic``) issues a short-lived JWT access token (RFC 9068, ``typ`` at+jwt),
signed HS256 with a key derived from ``secret_key``. Tokens are self-contained, so nothing is
stored; every API call checks the signature, issuer, audience, expiry and scope, and that the
client is still configured with that scope (a client removed from the settings is locked out
at once, not when its token runs out).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    AuthorizationServer,
    OAuth2Error,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.util import extract_basic_authorization  # type: ignore[import-untyped]
from authlib.oauth2.rfc6750 import InsufficientScopeError  # type: ignore[import-untyped]
from authlib.oauth2.rfc9068 import (  # type: ignore[import-untyped]
    JWTBearerTokenGenerator,
    JWTBearerTokenValidator,
)
from joserfc.jwk import OctKey
from starlette.requests import Request

from ..errors import InsufficientScope, TokenInvalid
from ..settings import Settings
from .clients import SCOPES, ApiClient

TOKEN_PATH = "/api/oauth/token"
_KEY_LABEL = b"blankett/api/access-token/v1"


def signing_key(secret_key: str) -> OctKey:
    """The access-token key: derived, so the cookie signer and the tokens never share a key."""
    return OctKey.import_key(hmac.new(secret_key.encode(), _KEY_LABEL, hashlib.sha256).digest())


class _Generator(JWTBearerTokenGenerator):  # type: ignore[misc]
    def __init__(self, issuer: str, audience: str, key: OctKey, lifetime: int) -> None:
        super().__init__(issuer, alg="HS256", expires_generator=lifetime)
        self.audience, self.key = audience, key

    def get_jwks(self) -> OctKey:
        return self.key

    def get_audiences(self, client: ApiClient, user: Any, scope: str) -> str:
        return self.audience


class _Validator(JWTBearerTokenValidator):  # type: ignore[misc]
    def __init__(self, issuer: str, audience: str, key: OctKey) -> None:
        super().__init__(issuer, audience)
        self.key = key

    def get_jwks(self) -> OctKey:
        return self.key


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    """authlib's authorization server, with the configured clients and nothing else."""

    def __init__(self, settings: Settings, clients: dict[str, ApiClient]) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.clients = clients
        self.issuer = settings.base_url
        self.audience = f"{settings.base_url}/api"
        key = signing_key(settings.secret_key)
        self.register_grant(ClientCredentialsGrant)
        self.register_token_generator(
            "default", _Generator(self.issuer, self.audience, key, settings.api_token_seconds)
        )
        self.validator = _Validator(self.issuer, self.audience, key)

    def query_client(self, client_id: str) -> ApiClient | None:
        return self.clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Nothing to save: the tokens are self-contained."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No signals are listened to."""

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request  # built by ``issue`` from the Starlette request

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, dict[str, Any], dict[str, str]]:
        return status, dict(body), dict(headers)

    def issue(self, headers: Any, form: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str], ApiClient | None]:
        """Run the token endpoint: ``(status, body, headers, the authenticated client or None)``."""
        request = OAuth2Request("POST", self.issuer + TOKEN_PATH, headers=headers)
        request.payload = BasicOAuth2Payload(form)
        status, body, response_headers = self.create_token_response(request)
        return status, body, response_headers, request.client if status == 200 else None

    def claimed_client(self, headers: Any) -> str | None:
        """The configured client a refused request named, for the audit trail (never other input)."""
        client_id, _ = extract_basic_authorization(headers)
        return client_id if client_id in self.clients else None

    def authenticate(self, request: Request, scope: str) -> ApiClient:
        """The client behind the request's Bearer token, if the token is good and grants ``scope``."""
        kind, _, token = request.headers.get("authorization", "").partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            raise TokenInvalid("no Bearer token")
        try:
            claims = self.validator.authenticate_token(token.strip())
            self.validator.validate_token(claims, [scope], None)
        except InsufficientScopeError as exc:
            raise InsufficientScope(f"token lacks {scope}") from exc
        except OAuth2Error as exc:
            raise TokenInvalid(f"token refused: {exc.error}") from exc
        client = self.clients.get(str(claims.get("client_id")))
        if client is None:
            raise TokenInvalid("token of a client no longer configured")
        if scope not in client.scopes:
            raise InsufficientScope(f"client no longer has {scope}")
        return client
