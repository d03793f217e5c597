"""The relying party against the test provider, over real loopback HTTP and real redirects."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc.jwk import RSAKey
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from blankett.auth import LOA2, LOA3, LOA4
from blankett.settings import Settings
from blankett.testidp.keys import load_signing_key
from tests.support.server import free_port
from tests.testidp.harness import browser, choose, log_in, login_form, running, selected_level

PNR_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


@pytest.fixture(params=["cookie", "server"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """The relying party with a cookie session (starlette) and with a server-side JSON session."""
    with running(tmp_path / "var", session=request.param) as settings:
        yield settings


@pytest.fixture
def client(platform: Settings) -> Iterator[httpx.Client]:
    with browser(platform) as client:
        yield client


def test_login_yields_the_chosen_person(client: httpx.Client, platform: Settings) -> None:
    response = log_in(client, person="anna", loa=LOA3)
    assert response.status_code == 200, response.text
    assert response.url.path == "/callback"
    identity = response.json()
    assert identity["personal_number"] == "198504129829"
    assert identity["given_name"] == "Anna"
    assert identity["family_name"] == "Lindqvist"
    assert identity["birthdate"] == "1985-04-12"
    assert identity["loa"] == LOA3
    assert identity["loa_rank"] == 3
    assert identity["issuer"] == f"{platform.base_url}/test-idp"
    assert identity["subject"]
    assert "198504129829" not in identity["subject"]


def test_requested_level_is_preselected_and_returned(client: httpx.Client) -> None:
    page = client.get("/login", params={"acr": LOA4})
    assert selected_level(page) == LOA4
    identity = choose(client, page, person="tomasz").json()
    assert identity["loa"] == LOA4
    assert identity["coordination_number"] == "197010632391"
    assert identity["personal_number"] is None
    assert identity["birthdate"] == "1970-10-03"


def test_a_higher_level_than_asked_for_is_accepted(client: httpx.Client) -> None:
    identity = log_in(client, person="maja", loa=LOA4, acr=LOA2).json()
    assert identity["loa_rank"] == 4


def test_a_lower_level_than_asked_for_fails(client: httpx.Client) -> None:
    response = log_in(client, person="erik", loa=LOA2, acr=LOA3)
    assert response.status_code == 401
    assert response.json()["error"] == "login_failed"
    assert "level of assurance" in response.json()["detail"]


def test_cancelled_login_fails(client: httpx.Client) -> None:
    page = client.get("/login", params={"acr": LOA3})
    response = choose(client, page, action="cancel")
    assert response.url.path == "/callback"
    assert response.status_code == 401
    assert response.json() == {"error": "login_failed", "detail": "the provider returned error=access_denied"}


def test_a_replayed_callback_fails(client: httpx.Client) -> None:
    first = log_in(client, person="anna")
    assert first.status_code == 200
    replay = client.get(str(first.url))  # same code and state again
    assert replay.status_code == 401
    assert "mismatching_state" in replay.json()["detail"]


def test_a_callback_from_another_browser_fails(client: httpx.Client, platform: Settings) -> None:
    page = client.get("/login")
    data = {**login_form(page), "person": "anna", "action": "login"}
    redirect = client.post(str(page.url.copy_with(query=None)), data=data, follow_redirects=False)
    with browser(platform) as stranger:  # no session: the state is unknown to it
        response = stranger.get(redirect.headers["location"])
    assert response.status_code == 401
    assert response.json()["error"] == "login_failed"


def test_no_personal_data_in_failure_details(client: httpx.Client) -> None:
    response = log_in(client, person="erik", loa=LOA2, acr=LOA4)
    detail = response.json()["detail"]
    assert "198112289874" not in detail
    assert "Erik" not in detail


def test_end_session_url_leads_back_to_the_platform(client: httpx.Client, platform: Settings) -> None:
    url = client.get("/logout").json()["url"]
    assert url.startswith(f"{platform.base_url}/test-idp/logout?")
    assert "post_logout_redirect_uri=" in url
    assert f"client_id={platform.oidc_client_id}" in url
    landed = client.get(url)
    assert landed.url.path == "/bye"


# Failures that need a provider behaving badly or not at all.


def test_an_id_token_signed_by_another_key_fails(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    impostor: dict[str, Any] = {}

    async def foreign_jwks(request: Request) -> Response:
        # The provider's kid with other key material: the signature cannot verify.
        if not impostor:
            kid = str(load_signing_key(var_dir).kid)
            key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
            impostor["keys"] = [key.as_dict(private=False)]
        return JSONResponse(impostor)

    with (
        running(var_dir, extra_routes=[Route("/test-idp/jwks", foreign_jwks)]) as settings,
        browser(settings) as client,
    ):
        response = log_in(client, person="anna")
    assert response.status_code == 401
    assert response.json() == {
        "error": "login_failed",
        "detail": "the ID token's signature does not verify with the provider's published keys",
    }


@contextlib.contextmanager
def _unreachable_provider(tmp_path: Path) -> Iterator[httpx.Client]:
    nowhere = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    with running(tmp_path / "var", oidc_discovery_url=nowhere) as settings, browser(settings) as client:
        yield client


def test_login_with_an_unreachable_provider_fails_calmly(tmp_path: Path) -> None:
    with _unreachable_provider(tmp_path) as client:
        response = client.get("/login")
        assert response.status_code == 401
        assert response.json() == {
            "error": "login_failed",
            "detail": "cannot start login: provider metadata unavailable (ConnectError)",
        }
        assert client.get("/logout").json() == {"url": None}
