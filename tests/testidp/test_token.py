"""The token endpoint, the ID token, userinfo and the signing key."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from blankett import testidp
from blankett.auth import LOA2, LOA3, LOA4
from blankett.settings import Settings
from blankett.testidp import TEST_PERSONS
from blankett.testidp.provider import AuthorizationRequest
from tests.testidp.harness import idp_settings, obtain_code, pkce_pair

PNR_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


def _redeem(
    client: httpx.Client,
    settings: Settings,
    code: str,
    verifier: str,
    *,
    secret: str | None = None,
    method: str = "basic",
    **overrides: str,
) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": f"{settings.base_url}/callback",
        "code_verifier": verifier,
        **overrides,
    }
    secret = testidp.test_client_secret(settings) if secret is None else secret
    if method == "basic":
        return client.post("/test-idp/token", data=data, auth=(settings.oidc_client_id, secret))
    return client.post(
        "/test-idp/token", data={**data, "client_id": settings.oidc_client_id, "client_secret": secret}
    )


def _assert_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert response.headers["cache-control"] == "no-store"


def test_code_is_exchanged_for_tokens_with_basic_auth(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge, person="erik", loa=LOA4)
    response = _redeem(client, provider, code, verifier)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] > 0
    assert body["scope"] == "openid profile"
    assert body["access_token"]
    assert body["id_token"]


def test_client_secret_post_works_too(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge)
    assert _redeem(client, provider, code, verifier, method="post").status_code == 200


def test_id_token_verifies_against_the_published_keys(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge, person="tomasz", loa=LOA2)
    id_token = _redeem(client, provider, code, verifier).json()["id_token"]
    keys = KeySet.import_key_set(client.get("/test-idp/jwks").json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    assert token.header["alg"] == "RS256"
    assert token.header["kid"] == keys.keys[0].kid
    claims = token.claims
    person = next(p for p in TEST_PERSONS if p.id == "tomasz")
    now = time.time()
    assert claims["iss"] == f"{provider.base_url}/test-idp"
    assert claims["aud"] == provider.oidc_client_id
    assert claims["sub"] == person.subject
    assert now - 5 <= claims["iat"] <= now + 5
    assert 250 <= claims["exp"] - claims["iat"] <= 300
    assert claims["auth_time"] <= claims["iat"]
    assert claims["nonce"] == "nonce-456"
    assert claims["acr"] == LOA2
    assert claims["given_name"] == "Tomasz"
    assert claims["family_name"] == "Nowak"
    assert claims["name"] == "Tomasz Nowak"
    assert claims["birthdate"] == "1970-10-03"
    assert claims["https://id.oidc.se/claim/coordinationNumber"] == "197010632391"  # a samordningsnummer
    assert PNR_CLAIM not in claims


def test_wrong_client_secret_is_refused(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge)
    response = _redeem(client, provider, code, verifier, secret="not-the-secret")
    _assert_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic")
    _assert_error(
        _redeem(client, provider, code, verifier, secret="nope", method="post"), 401, "invalid_client"
    )
    _assert_error(_redeem(client, provider, code, verifier, secret=""), 401, "invalid_client")
    # The code was not spent by the failed attempts.
    assert _redeem(client, provider, code, verifier).status_code == 200


def test_wrong_pkce_verifier_is_refused(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge)
    other_verifier, _ = pkce_pair()
    _assert_error(_redeem(client, provider, code, other_verifier), 400, "invalid_grant")
    _assert_error(_redeem(client, provider, code, ""), 400, "invalid_grant")
    assert _redeem(client, provider, code, verifier).status_code == 200


def test_a_code_works_only_once(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge)
    assert _redeem(client, provider, code, verifier).status_code == 200
    _assert_error(_redeem(client, provider, code, verifier), 400, "invalid_grant")


def test_redirect_uri_must_match_the_authorization_request(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge)
    response = _redeem(client, provider, code, verifier, redirect_uri=f"{provider.base_url}/elsewhere")
    _assert_error(response, 400, "invalid_grant")


def test_malformed_token_requests(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge)
    _assert_error(
        _redeem(client, provider, code, verifier, grant_type="password"), 400, "unsupported_grant_type"
    )
    _assert_error(_redeem(client, provider, code, verifier, grant_type=""), 400, "invalid_request")
    _assert_error(_redeem(client, provider, "", verifier), 400, "invalid_request")
    _assert_error(_redeem(client, provider, "forged-code", verifier), 400, "invalid_grant")


def test_userinfo_answers_a_valid_token_and_refuses_others(client: httpx.Client, provider: Settings) -> None:
    verifier, challenge = pkce_pair()
    code = obtain_code(client, provider, challenge, person="maja")
    access_token = _redeem(client, provider, code, verifier).json()["access_token"]
    for method in ("GET", "POST"):
        response = client.request(
            method, "/test-idp/userinfo", headers={"Authorization": f"Bearer {access_token}"}
        )
        assert response.status_code == 200
        info = response.json()
        assert info["sub"] == next(p.subject for p in TEST_PERSONS if p.id == "maja")
        assert info[PNR_CLAIM] == "201311232381"
        assert info["birthdate"] == "2013-11-23"
    bad = client.get("/test-idp/userinfo", headers={"Authorization": f"Bearer {access_token[:-2]}xx"})
    assert bad.status_code == 401
    assert 'error="invalid_token"' in bad.headers["www-authenticate"]
    missing = client.get("/test-idp/userinfo")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")


def test_signing_key_is_created_private_once_and_reused(tmp_path: Path) -> None:
    settings = idp_settings(tmp_path / "var", 8000)
    testidp.create_test_idp(settings)
    key_file = tmp_path / "var" / "test-idp-key.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    first = key_file.read_bytes()
    one = testidp.create_test_idp(settings).state.provider.jwks()
    two = testidp.create_test_idp(settings).state.provider.jwks()
    assert one == two
    assert key_file.read_bytes() == first
    assert os.listdir(tmp_path / "var") == ["test-idp-key.pem"]  # no temporary files left behind


def test_codes_and_login_pages_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    provider = testidp.create_test_idp(idp_settings(tmp_path / "var", 8000)).state.provider
    request = AuthorizationRequest(
        client_id="blankett",
        redirect_uri="http://127.0.0.1:8000/callback",
        scope="openid",
        state=None,
        nonce=None,
        code_challenge="x" * 43,
        default_acr=LOA3,
    )
    blob = provider.sign_request(request)
    code = provider.issue_code(request, TEST_PERSONS[0], LOA3)
    assert provider.read_code(code) is not None
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61)
    assert provider.read_code(code) is None
    assert provider.read_request(blob) == request
    monkeypatch.setattr(time, "time", lambda: real_time() + 601)
    assert provider.read_request(blob) is None


def test_client_secret_derives_from_the_secret_key(tmp_path: Path) -> None:
    one = idp_settings(tmp_path, 8000)
    two = idp_settings(tmp_path, 8000, secret_key="another-secret-key-" + "y" * 40)
    assert testidp.test_client_secret(one) == testidp.test_client_secret(one)
    assert testidp.test_client_secret(one) != testidp.test_client_secret(two)
    assert one.secret_key not in testidp.test_client_secret(one)


@pytest.mark.parametrize("name", ["TEST_PERSONS", "TestPerson", "create_test_idp", "test_client_secret"])
def test_facade_exports(name: str) -> None:
    assert name in testidp.__all__
    assert sorted(testidp.__all__) == ["TEST_PERSONS", "TestPerson", "create_test_idp", "test_client_secret"]
