"""What the test provider knows and signs: requests, codes, access tokens and ID tokens.

Everything a later step needs travels inside a value signed with ``secret_key``
(itsdangerous), so the provider keeps no per-login state. The one exception is the set of
redeemed codes, kept in memory: the test provider is meant to run in one process (the
platform's own), where that is enough to make each code single-use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import asdict, dataclass
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer
from joserfc import jwt

from ..auth.loa import LOA3, loa_rank
from ..auth.signing import USER_SIGNATURE_CLAIM
from ..settings import Settings
from .keys import load_signing_key
from .persons import PERSONS_BY_ID, TestPerson

REQUEST_MAX_AGE = 600  # the login page may stay open this long
CODE_MAX_AGE = 60
ACCESS_TOKEN_MAX_AGE = 600
ID_TOKEN_LIFETIME = 300
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
COORDINATION_NUMBER_CLAIM = "https://id.oidc.se/claim/coordinationNumber"
ORG_NUMBER_CLAIM = "https://id.oidc.se/claim/orgNumber"
ORG_NAME_CLAIM = "https://id.oidc.se/claim/orgName"
ORG_AFFILIATION_CLAIM = "https://id.oidc.se/claim/orgAffiliation"


def test_client_secret(settings: Settings) -> str:
    """The client secret of the platform at its own test provider, derived from ``secret_key``."""
    return hmac.new(
        settings.secret_key.encode(), b"blankett.testidp.client-secret", hashlib.sha256
    ).hexdigest()


test_client_secret.__test__ = False  # type: ignore[attr-defined]  # pytest: not a test


@dataclass(frozen=True)
class AuthorizationRequest:
    """A checked authorization request, as the login page carries it to its POST."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str | None
    nonce: str | None
    code_challenge: str
    default_acr: str
    tbs_text: str | None = None  # a signature was asked for (blankett.auth.signing): what is signed
    sign_data: str | None = None  # base64, as the signRequest carried it


@dataclass(frozen=True)
class CodeGrant:
    """What an authorization code stands for."""

    person_id: str
    acr: str
    nonce: str | None
    client_id: str
    redirect_uri: str
    code_challenge: str
    scope: str
    auth_time: int
    jti: str
    sign_data: str | None = None


class TestProvider:
    __test__ = False  # not a pytest test class

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.issuer = f"{settings.base_url}/test-idp"
        self.client_id = settings.oidc_client_id
        # The relying party uses oidc_client_secret when one is set, else the derived one.
        self.client_secret = settings.oidc_client_secret or test_client_secret(settings)
        self.key = load_signing_key(settings.var_dir)
        secret = settings.secret_key
        self._requests = URLSafeTimedSerializer(secret, salt="blankett.testidp.authorize")
        self._codes = URLSafeTimedSerializer(secret, salt="blankett.testidp.code")
        self._tokens = URLSafeTimedSerializer(secret, salt="blankett.testidp.access-token")
        self._redeemed: dict[str, float] = {}  # code jti -> when it may be forgotten

    def sign_request(self, request: AuthorizationRequest) -> str:
        return self._requests.dumps(asdict(request))

    def read_request(self, blob: str) -> AuthorizationRequest | None:
        try:
            return AuthorizationRequest(**self._requests.loads(blob, max_age=REQUEST_MAX_AGE))
        except (BadData, TypeError):
            return None

    def issue_code(self, request: AuthorizationRequest, person: TestPerson, acr: str) -> str:
        grant = CodeGrant(
            person_id=person.id,
            acr=acr,
            nonce=request.nonce,
            client_id=request.client_id,
            redirect_uri=request.redirect_uri,
            code_challenge=request.code_challenge,
            scope=request.scope,
            auth_time=int(time.time()),
            jti=secrets.token_urlsafe(16),
            sign_data=request.sign_data,
        )
        return self._codes.dumps(asdict(grant))

    def read_code(self, code: str) -> CodeGrant | None:
        """The grant behind a code that is genuine, fresh and not yet redeemed."""
        try:
            grant = CodeGrant(**self._codes.loads(code, max_age=CODE_MAX_AGE))
        except (BadData, TypeError):
            return None
        return None if grant.jti in self._redeemed else grant

    def redeem(self, grant: CodeGrant) -> None:
        # No await between read_code and redeem in the token endpoint, so in one event
        # loop two requests with the same code cannot both get here.
        now = time.time()
        for jti in [j for j, until in self._redeemed.items() if until < now]:
            del self._redeemed[jti]
        self._redeemed[grant.jti] = now + CODE_MAX_AGE + 5

    def issue_access_token(self, grant: CodeGrant) -> str:
        return self._tokens.dumps(
            {"person_id": grant.person_id, "scope": grant.scope, "client_id": grant.client_id}
        )

    def read_access_token(self, token: str) -> TestPerson | None:
        try:
            data = self._tokens.loads(token, max_age=ACCESS_TOKEN_MAX_AGE)
        except BadData:
            return None
        return PERSONS_BY_ID.get(data.get("person_id", "")) if isinstance(data, dict) else None

    def id_token(self, grant: CodeGrant, person: TestPerson) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": person.subject,
            "aud": grant.client_id,
            "exp": now + ID_TOKEN_LIFETIME,
            "iat": now,
            "auth_time": grant.auth_time,
            "acr": grant.acr,
            **person_claims(person),
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        if grant.sign_data is not None:
            claims[USER_SIGNATURE_CLAIM] = self.user_signature(grant, person)
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key, algorithms=["RS256"])

    def user_signature(self, grant: CodeGrant, person: TestPerson) -> str:
        """The signature of the sign_data: base64 of a JWS by the provider's key over who signed
        what, when. A real provider returns its own format (often an XML signature)."""
        body = {"sub": person.subject, "sign_data": grant.sign_data, "signed_at": grant.auth_time}
        token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, body, self.key, algorithms=["RS256"])
        return base64.b64encode(token.encode("ascii")).decode("ascii")

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}


def person_claims(person: TestPerson) -> dict[str, Any]:
    """The identity claims, named as in the Swedish OpenID Connect profile (id.oidc.se), and
    for staff their roles, as a staff directory sends them."""
    claims: dict[str, Any] = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name": person.name,
        "birthdate": person.birthdate,
        # A samordningsnummer has its own claim in the profile, as real providers send it.
        (COORDINATION_NUMBER_CLAIM if person.coordination else PERSONAL_NUMBER_CLAIM): person.personal_number,
    }
    if person.roles:
        claims["roles"] = list(person.roles)
    if person.organisation:  # an organisational e-ID: orgAffiliation is "<id in the organisation>@<number>"
        number, name = person.organisation
        claims.update({ORG_NUMBER_CLAIM: number, ORG_NAME_CLAIM: name})
        claims[ORG_AFFILIATION_CLAIM] = f"{person.id}@{number}"
    return claims


def default_acr(requested: list[str]) -> str:
    """The highest level the client asked for, or loa3 when it named none we know."""
    known = [uri for uri in requested if loa_rank(uri) > 0]
    return max(known, key=loa_rank) if known else LOA3
