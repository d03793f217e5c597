"""The relying party against an independent, certified provider (npm oidc-provider), over real HTTP."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from blankett.auth import EU_SUBSTANTIAL, LOA2, LOA3, LOA4
from tests.auth.conftest import Independent
from tests.support.oidc_provider import PERSONS, NodeProvider, choose, confirm_logout, requested

PNR = "https://id.oidc.se/claim/personalIdentityNumber"


def login_page(rp: httpx.Client, client: str = "basic", **query: Any) -> httpx.Response:
    page = rp.get(f"/{client}/login", params=query)
    assert page.status_code == 200, page.text
    return page


def log_in(
    rp: httpx.Client, person: str = "anna", loa: str = LOA3, client: str = "basic", **query: Any
) -> httpx.Response:
    return choose(rp, login_page(rp, client, **query), person=person, loa=loa)


def identity_of(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.url.path.endswith("/callback")
    identity: dict[str, Any] = response.json()
    return identity


def refusal(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "login_failed"
    detail: str = response.json()["detail"]
    assert PERSONS["anna"][PNR] not in detail
    assert "Anna" not in detail
    return detail


def test_login_with_real_redirects(rp: httpx.Client, op: NodeProvider) -> None:
    before = int(time.time())
    page = login_page(rp, acr=LOA3)
    assert str(page.url).startswith(f"{op.issuer}/interaction/")
    params = requested(page)["params"]
    assert params["acr_values"] == LOA3
    assert json.loads(params["claims"]) == {"id_token": {"acr": {"essential": True, "values": [LOA3]}}}
    assert params["code_challenge_method"] == "S256"
    assert params["nonce"]
    assert params["state"]
    assert "https://id.oidc.se/scope/naturalPersonNumber" in params["scope"].split()

    identity = identity_of(choose(rp, page, person="anna", loa=LOA3))
    assert identity["issuer"] == op.issuer
    assert identity["subject"] == "anna"
    assert identity["personal_number"] == "198504129829"
    assert identity["coordination_number"] is None
    assert (identity["given_name"], identity["family_name"], identity["birthdate"]) == (
        "Anna",
        "Lindqvist",
        "1985-04-12",
    )
    assert identity["loa"] == LOA3
    assert identity["loa_rank"] == 3
    assert before - 1 <= identity["auth_time"] <= time.time() + 1


def test_coordination_number_arrives_in_its_own_field(rp: httpx.Client) -> None:
    identity = identity_of(log_in(rp, person="tomasz"))
    assert identity["coordination_number"] == "197010632391"
    assert identity["personal_number"] is None


def test_a_higher_level_or_an_eidas_level_of_the_same_rank_is_accepted(rp: httpx.Client) -> None:
    assert identity_of(log_in(rp, loa=LOA4, acr=LOA3))["loa_rank"] == 4
    with httpx.Client(base_url=str(rp.base_url), follow_redirects=True) as other:
        identity = identity_of(log_in(other, loa=EU_SUBSTANTIAL, acr=LOA3))
    assert (identity["loa"], identity["loa_rank"]) == (EU_SUBSTANTIAL, 3)


def test_acr_too_low_is_refused(rp: httpx.Client) -> None:
    assert refusal(log_in(rp, loa=LOA2, acr=LOA3)) == "level of assurance too low: rank 2, required 3"


def test_cancelled_login_is_refused(rp: httpx.Client) -> None:
    page = login_page(rp, acr=LOA3)
    response = choose(rp, page, action="cancel")
    assert response.url.path == "/basic/callback"
    assert refusal(response) == "the provider returned error=access_denied"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("nonce", "the ID token's nonce is not the one this login sent (nonce)"),
        ("aud", "the ID token is meant for another client (aud)"),
        ("iss", "the ID token comes from another issuer than the configured provider (iss)"),
        ("expired", "the ID token has expired (exp is in the past)"),
        ("future", "the ID token was issued in the future (iat); check the clocks"),
        ("stale", "the ID token was issued too long ago to be fresh (iat)"),
        ("signature", "the ID token's signature does not verify with the provider's published keys"),
        ("no_acr", "the ID token names no level of assurance (acr); required rank 3"),
    ],
)
def test_a_spoilt_id_token_is_refused(rp: httpx.Client, op: NodeProvider, mode: str, reason: str) -> None:
    page = login_page(rp, acr=LOA3)
    op.tamper(mode)  # the provider re-signs the next ID token with this one thing wrong
    assert refusal(choose(rp, page)) == reason


def test_a_rotated_signing_key_is_fetched(rp: httpx.Client, op: NodeProvider) -> None:
    identity_of(log_in(rp))  # the key set is cached now
    op.tamper("rotated")  # next ID token: signed by a new key with a new kid, now published
    with httpx.Client(base_url=str(rp.base_url), follow_redirects=True) as other:
        assert identity_of(log_in(other, person="erik"))["subject"] == "erik"


def test_single_sign_on_then_logout_at_the_provider(rp: httpx.Client, op: NodeProvider) -> None:
    identity_of(log_in(rp))
    again = rp.get("/basic/login", params={"acr": LOA3})  # the provider's session answers at once
    assert identity_of(again)["subject"] == "anna"

    url = rp.get("/basic/logout").json()["url"]
    assert url.startswith(f"{op.issuer}/session/end?")
    landed = confirm_logout(rp, rp.get(url))
    assert landed.status_code == 200
    assert landed.url.path == "/bye"
    assert landed.json() == {"logged_out": True}

    after = login_page(rp, acr=LOA3)  # no provider session any more: the login page again
    assert requested(after)["prompt"] == "login"


def test_prompt_login_authenticates_anew(rp: httpx.Client) -> None:
    first = identity_of(log_in(rp))
    time.sleep(1.05 - time.time() % 1)  # auth_time counts whole seconds
    page = login_page(rp, acr=LOA3, prompt="login")  # despite the provider's session
    request = requested(page)
    assert request["params"]["prompt"] == "login"
    assert "login_prompt" in request["reasons"]
    second = identity_of(choose(rp, page))
    assert second["subject"] == first["subject"]
    assert second["auth_time"] > first["auth_time"]


def test_step_up_needs_a_new_authentication(rp: httpx.Client) -> None:
    assert identity_of(log_in(rp, loa=LOA2, acr=LOA2))["loa_rank"] == 2
    # Without prompt=login the provider reuses its loa2 session, and the platform refuses it.
    assert "too low" in refusal(rp.get("/basic/login", params={"acr": LOA3}))
    page = login_page(rp, acr=LOA3, prompt="login")
    assert 'value="http://id.elegnamnden.se/loa/1.0/loa3" selected' in page.text
    assert identity_of(choose(rp, page, loa=LOA3))["loa_rank"] == 3


def test_a_reused_authentication_is_refused_when_a_new_one_was_required(
    rp: httpx.Client, op: NodeProvider
) -> None:
    page = login_page(rp, acr=LOA3, prompt="login")
    op.tamper("old_auth_time")  # as if the provider had ignored prompt=login
    assert refusal(choose(rp, page)) == (
        "the provider reused an earlier authentication although prompt=login asked for a new one"
    )


def test_private_key_jwt_client_authentication(rp: httpx.Client) -> None:
    identity = identity_of(log_in(rp, person="erik", client="jwt"))
    assert identity["personal_number"] == "198112289874"
    assert identity["org_number"] == "5599000006"
    assert identity["org_name"] == "Testbolaget AB"
    assert identity["org_affiliation"] == "erik.johansson@5599000006"


def test_private_key_jwt_with_an_unregistered_key_is_refused(rp: httpx.Client) -> None:
    assert refusal(log_in(rp, client="impostor")) == "OpenID Connect error: invalid_client"


def test_a_broker_that_renames_claims(rp: httpx.Client, independent: Independent) -> None:
    page = login_page(rp, "broker", acr=LOA3)
    assert requested(page)["params"]["scope"] == "openid profile"
    identity = identity_of(choose(rp, page))  # the provider sends the number as "ssn"
    assert identity["personal_number"] == "198504129829"
    assert identity["given_name"] == "Anna"


def test_a_broker_renaming_configured_claim_by_claim(rp: httpx.Client) -> None:
    page = login_page(rp, "mapped", acr=LOA3)
    assert requested(page)["params"]["scope"] == "openid profile"
    identity = identity_of(choose(rp, page))  # the provider sends the number as "ssn"
    assert identity["personal_number"] == "198504129829"
    assert identity["family_name"] == "Lindqvist"
