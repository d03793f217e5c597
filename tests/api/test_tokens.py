"""OAuth 2.0 client credentials: tokens issued to configured clients only, for their scopes only;
every API call needs a good Bearer token."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from blankett.api import signing_key
from tests.api.support import SECRETS, api_platform, assert_error, audit_actions, case_system, file_cases
from tests.support.platform import RunningPlatform


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    tmp_path = tmp_path_factory.mktemp("api-tokens")
    url = f"sqlite:///{tmp_path / 'blankett.db'}"
    from blankett.db import upgrade

    upgrade(url)
    with api_platform(url, tmp_path, api_token_seconds=120) as running:
        yield running


def _token_request(platform: RunningPlatform, auth: tuple[str, str] | None, **data: str):  # type: ignore[no-untyped-def]
    with platform.client() as http:
        return http.post("/api/oauth/token", auth=auth, data={"grant_type": "client_credentials", **data})


def test_a_client_gets_a_short_lived_bearer_token(platform: RunningPlatform) -> None:
    response = _token_request(platform, ("arende", SECRETS["arende"]))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    token = response.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 120
    assert token["scope"] == "cases:read cases:write"
    claims = jwt.decode(token["access_token"], signing_key(platform.settings.secret_key)).claims
    assert claims["client_id"] == "arende" and claims["aud"] == f"{platform.url}/api"
    assert claims["exp"] - claims["iat"] == 120
    narrowed = _token_request(platform, ("arende", SECRETS["arende"]), scope="cases:read").json()
    assert narrowed["scope"] == "cases:read"


@pytest.mark.parametrize(
    ("auth", "data", "status", "code"),
    [
        (("arende", "wrong-secret-" + "x" * 30), {}, 401, "invalid_client"),
        (("okand", SECRETS["arende"]), {}, 401, "invalid_client"),
        (None, {}, 401, "invalid_client"),
        (("lasare", SECRETS["lasare"]), {"scope": "cases:write"}, 400, "invalid_scope"),
        (("arende", SECRETS["arende"]), {"scope": "admin"}, 400, "invalid_scope"),
        (("arende", SECRETS["arende"]), {"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
    ids=["wrong-secret", "unknown-client", "no-credentials", "scope-not-granted", "unknown-scope", "other-grant"],
)
def test_token_refusals(
    platform: RunningPlatform, auth: tuple[str, str] | None, data: dict[str, str], status: int, code: str
) -> None:
    response = _token_request(platform, auth, **data)
    assert response.status_code == status, response.text
    body = response.json()
    # Our error shape, and RFC 6749 §5.2 fields for OAuth libraries.
    assert body["ok"] is False and body["code"] == code and body["error"] == code
    assert body["message"] and body["errors"] == []
    assert "access_token" not in body


def test_refusals_of_known_clients_are_audited(platform: RunningPlatform) -> None:
    _token_request(platform, ("gata", "wrong-secret-" + "x" * 30))
    assert ("api.token_refused", None) in audit_actions(platform, "client:gata")


def _forged(key: OctKey, **claims: object) -> str:
    now = int(time.time())
    base = {"iss": "http://127.0.0.1", "aud": "x", "sub": "arende", "client_id": "arende", "iat": now,
            "exp": now + 60, "jti": "j", "scope": "cases:read cases:write"}
    return jwt.encode({"alg": "HS256", "typ": "at+jwt"}, {**base, **claims}, key)


def test_the_api_wants_a_good_bearer_token(platform: RunningPlatform) -> None:
    ref = file_cases(platform, "synpunkt")[0]
    with platform.client() as http:
        missing = http.get(f"/api/v1/cases/{ref}")
        assert_error(missing, 401, "invalid_token")
        assert missing.headers["www-authenticate"].startswith("Bearer")
        key = signing_key(platform.settings.secret_key)
        good_claims = {"iss": platform.url, "aud": f"{platform.url}/api"}
        bad_tokens = {
            "garbage": "not-a-jwt",
            "other-key": _forged(OctKey.generate_key(256), **good_claims),
            "expired": _forged(key, **good_claims, exp=int(time.time()) - 5),
            "other-audience": _forged(key, iss=platform.url),
            "removed-client": _forged(key, **good_claims, client_id="gone"),
        }
        for name, token in bad_tokens.items():
            response = http.get(f"/api/v1/cases/{ref}", headers={"authorization": f"Bearer {token}"})
            assert response.status_code == 401, name
        assert http.get(f"/api/v1/cases/{ref}", headers={
            "authorization": f"Bearer {_forged(key, **good_claims)}"}).status_code == 200


def test_a_token_is_limited_to_its_scopes(platform: RunningPlatform) -> None:
    ref = file_cases(platform, "synpunkt")[0]
    with case_system(platform, "lasare") as reader:
        assert reader.get(f"/api/v1/cases/{ref}").status_code == 200
        response = reader.post(f"/api/v1/cases/{ref}/messages", json={"text": "Hej"})
        assert_error(response, 403, "insufficient_scope")
    with case_system(platform, "arende", scope="cases:read") as narrowed:
        assert_error(narrowed.post(f"/api/v1/cases/{ref}/status", json={"status": "in_progress"}), 403, "insufficient_scope")
