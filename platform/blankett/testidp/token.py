"""The token and userinfo endpoints (RFC 6749 §4.1.3, RFC 7636 §4.6, OpenID Connect Core §5.3)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .persons import PERSONS_BY_ID
from .provider import ACCESS_TOKEN_MAX_AGE, CodeGrant, TestProvider, person_claims

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class _Refusal(Exception):
    """An RFC 6749 §5.2 error response."""

    def __init__(self, error: str, description: str, status_code: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status_code = status_code

    def response(self) -> JSONResponse:
        headers = dict(_NO_STORE)
        if self.status_code == 401:
            headers["WWW-Authenticate"] = 'Basic realm="test-idp"'
        body = {"error": self.error, "error_description": self.description}
        return JSONResponse(body, status_code=self.status_code, headers=headers)


async def token_endpoint(provider: TestProvider, request: Request) -> Response:
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        client_id = _authenticate_client(provider, request.headers.get("authorization"), form)
        grant = _check_grant(provider, client_id, form)
    except _Refusal as exc:
        return exc.response()
    provider.redeem(grant)
    person = PERSONS_BY_ID[grant.person_id]
    body: dict[str, Any] = {
        "access_token": provider.issue_access_token(grant),
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_MAX_AGE,
        "id_token": provider.id_token(grant, person),
        "scope": grant.scope,
    }
    return JSONResponse(body, headers=_NO_STORE)


def _authenticate_client(provider: TestProvider, authorization: str | None, form: Mapping[str, str]) -> str:
    """client_secret_basic or client_secret_post (RFC 6749 §2.3.1); exactly one of them."""
    if authorization and "client_secret" in form:
        raise _Refusal("invalid_request", "use one client authentication method, not two")
    if authorization:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            raise _Refusal("invalid_client", "unsupported client authentication", 401)
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise _Refusal("invalid_client", "malformed basic credentials", 401) from None
        raw_id, _, raw_secret = decoded.partition(":")
        client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
    else:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    if "client_id" in form and form["client_id"] != client_id:
        raise _Refusal("invalid_request", "client_id does not match the authenticated client")
    known = hmac.compare_digest(client_id.encode(), provider.client_id.encode())
    if not (known and hmac.compare_digest(secret.encode(), provider.client_secret.encode())):
        raise _Refusal("invalid_client", "client authentication failed", 401)
    return client_id


def _check_grant(provider: TestProvider, client_id: str, form: Mapping[str, str]) -> CodeGrant:
    grant_type = form.get("grant_type")
    if not grant_type:
        raise _Refusal("invalid_request", "grant_type is missing")
    if grant_type != "authorization_code":
        raise _Refusal("unsupported_grant_type", "only authorization_code is supported")
    if not form.get("code"):
        raise _Refusal("invalid_request", "code is missing")
    grant = provider.read_code(form["code"])
    if grant is None:
        raise _Refusal("invalid_grant", "the code is invalid, expired or already used")
    if grant.client_id != client_id:
        raise _Refusal("invalid_grant", "the code was issued to another client")
    if form.get("redirect_uri") != grant.redirect_uri:
        raise _Refusal("invalid_grant", "redirect_uri does not match the authorization request")
    if not _pkce_matches(form.get("code_verifier", ""), grant.code_challenge):
        raise _Refusal("invalid_grant", "code_verifier does not match the code_challenge")
    return grant


def _pkce_matches(verifier: str, challenge: str) -> bool:
    """S256 (RFC 7636 §4.6): BASE64URL(SHA256(verifier)) without padding equals the challenge."""
    if not 43 <= len(verifier) <= 128:
        return False
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hmac.compare_digest(computed.encode(), challenge.encode())


async def userinfo_endpoint(provider: TestProvider, request: Request) -> Response:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return Response(status_code=401, headers={"WWW-Authenticate": 'Bearer realm="test-idp"', **_NO_STORE})
    person = provider.read_access_token(token.strip())
    if person is None:
        challenge = 'Bearer realm="test-idp", error="invalid_token"'
        return Response(status_code=401, headers={"WWW-Authenticate": challenge, **_NO_STORE})
    return JSONResponse({"sub": person.subject, **person_claims(person)}, headers=_NO_STORE)
