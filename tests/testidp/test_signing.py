"""The OIDC Sweden signature extension at the test provider: the sign scope and signRequest."""

from __future__ import annotations

import httpx

from blankett.auth.signing import SIGN_REQUEST_PARAM, SIGN_SCOPE, USER_SIGNATURE_CLAIM, SignRequest
from blankett.settings import Settings
from tests.testidp.harness import authorize_params, pkce_pair, query_of

SIGN = SignRequest("Jag skriver under <ansökan> & intygar", b"\x01" * 32)


def test_discovery_offers_the_sign_scope_and_the_signature_claim(client: httpx.Client) -> None:
    meta = client.get("/test-idp/.well-known/openid-configuration").json()
    assert SIGN_SCOPE in meta["scopes_supported"]
    assert USER_SIGNATURE_CLAIM in meta["claims_supported"]


def test_the_signing_page_shows_what_is_signed(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    params = authorize_params(
        provider, challenge, scope=f"openid {SIGN_SCOPE}", **{SIGN_REQUEST_PARAM: SIGN.encode()}
    )
    page = client.get("/test-idp/authorize", params=params)
    assert page.status_code == 200
    assert "<h1>Testunderskrift</h1>" in page.text
    assert "Du skriver under:</strong> Jag skriver under &lt;ansökan&gt; &amp; intygar" in page.text
    assert ">Skriv under</button>" in page.text


def test_a_sign_request_needs_scope_and_parameter_together(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    for overrides in (
        {"scope": f"openid {SIGN_SCOPE}"},
        {"scope": f"openid {SIGN_SCOPE}", SIGN_REQUEST_PARAM: "bm90IGpzb24="},
        {SIGN_REQUEST_PARAM: SIGN.encode()},
    ):
        response = client.get(
            "/test-idp/authorize",
            params=authorize_params(provider, challenge, **overrides),
            follow_redirects=False,
        )
        assert query_of(response)["error"] == "invalid_request", overrides
