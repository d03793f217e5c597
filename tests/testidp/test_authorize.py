"""The discovery document, the login page and the authorization endpoint's refusals."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import httpx

from blankett.auth import LOA2, LOA3, LOA4
from blankett.settings import Settings
from blankett.testidp import TEST_PERSONS
from tests.testidp.harness import authorize_params, login_form, pkce_pair, query_of, selected_level


def test_discovery_document_describes_the_provider(client: httpx.Client, provider: Settings) -> None:
    response = client.get("/test-idp/.well-known/openid-configuration")
    assert response.status_code == 200
    meta = response.json()
    issuer = f"{provider.base_url}/test-idp"
    assert meta["issuer"] == issuer
    for name, path in [
        ("authorization_endpoint", "/authorize"),
        ("token_endpoint", "/token"),
        ("jwks_uri", "/jwks"),
        ("userinfo_endpoint", "/userinfo"),
        ("end_session_endpoint", "/logout"),
    ]:
        assert meta[name] == issuer + path
    assert meta["response_types_supported"] == ["code"]
    assert meta["subject_types_supported"] == ["public"]
    assert meta["id_token_signing_alg_values_supported"] == ["RS256"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert set(meta["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
    assert meta["acr_values_supported"] == [LOA2, LOA3, LOA4]
    assert "openid" in meta["scopes_supported"]
    assert "https://id.oidc.se/claim/personalIdentityNumber" in meta["claims_supported"]
    assert meta["claims_parameter_supported"] is True


class _Outline(HTMLParser):
    """Collects what a screen reader would rely on: headings, legends, labels and controls."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in {"h1", "legend", "label", "button"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text[tag] = self.text.get(tag, "") + data


def test_login_page_is_accessible_and_lists_the_test_persons(
    client: httpx.Client, provider: Settings
) -> None:
    _, challenge = pkce_pair()
    page = client.get("/test-idp/authorize", params=authorize_params(provider, challenge))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in page.text
    assert 'name="viewport"' in page.text
    assert "<script" not in page.text
    outline = _Outline()
    outline.feed(page.text)
    assert "Testinloggning" in outline.text["h1"]
    assert "Testperson" in outline.text["legend"]
    assert "Endast för test" in page.text
    for person in TEST_PERSONS:
        assert person.name in page.text
        assert person.display_number in page.text
    radios = [a["value"] for tag, a in outline.tags if tag == "input" and a.get("type") == "radio"]
    assert radios == [p.id for p in TEST_PERSONS]
    select = next(a for tag, a in outline.tags if tag == "select")
    assert any(tag == "label" and a.get("for") == select["id"] for tag, a in outline.tags)
    buttons = {a["value"] for tag, a in outline.tags if tag == "button"}
    assert buttons == {"login", "cancel"}
    assert "Logga in" in outline.text["button"]
    assert "Avbryt" in outline.text["button"]
    assert selected_level(page) == LOA3
    assert set(login_form(page)) >= {"request"}


def test_default_level_is_the_highest_one_asked_for(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    page = client.get(
        "/test-idp/authorize", params=authorize_params(provider, challenge, acr_values=f"{LOA2} {LOA4}")
    )
    assert selected_level(page) == LOA4
    page = client.get("/test-idp/authorize", params=authorize_params(provider, challenge, acr_values=LOA2))
    assert selected_level(page) == LOA2
    claims = json.dumps({"id_token": {"acr": {"essential": True, "values": [LOA4]}}})
    page = client.get("/test-idp/authorize", params=authorize_params(provider, challenge, claims=claims))
    assert selected_level(page) == LOA4


def test_unknown_client_or_foreign_redirect_uri_gets_a_page_not_a_redirect(
    client: httpx.Client, provider: Settings
) -> None:
    _, challenge = pkce_pair()
    for overrides in (
        {"client_id": "someone-else"},
        {"redirect_uri": "https://evil.example/callback"},
        {"redirect_uri": provider.base_url + ".evil.example/callback"},
        {"redirect_uri": ""},
    ):
        response = client.get(
            "/test-idp/authorize", params=authorize_params(provider, challenge, **overrides)
        )
        assert response.status_code == 400, overrides
        assert "location" not in response.headers
        assert "evil" not in response.text
        assert '<html lang="sv">' in response.text


def test_other_request_errors_go_back_to_the_client(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    cases = [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"code_challenge": ""}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"prompt": "none"}, "login_required"),
    ]
    for overrides, error in cases:
        response = client.get(
            "/test-idp/authorize",
            params=authorize_params(provider, challenge, **overrides),
            follow_redirects=False,
        )
        assert response.headers["location"].startswith(f"{provider.base_url}/callback?"), overrides
        query = query_of(response)
        assert query["error"] == error
        assert query["state"] == "state-123"


def test_login_redirects_with_code_and_state(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    page = client.get("/test-idp/authorize", params=authorize_params(provider, challenge))
    data = {**login_form(page), "person": "erik", "loa": LOA4, "action": "login"}
    response = client.post("/test-idp/authorize", data=data, follow_redirects=False)
    assert response.status_code == 303
    query = query_of(response)
    assert query["state"] == "state-123"
    assert query["code"]


def test_cancel_redirects_with_access_denied(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    page = client.get("/test-idp/authorize", params=authorize_params(provider, challenge))
    response = client.post(
        "/test-idp/authorize", data={**login_form(page), "action": "cancel"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert query_of(response) == {
        "error": "access_denied",
        "error_description": "the person cancelled",
        "state": "state-123",
    }


def test_post_trusts_only_the_signed_request(client: httpx.Client, provider: Settings) -> None:
    _, challenge = pkce_pair()
    page = client.get("/test-idp/authorize", params=authorize_params(provider, challenge))
    blob = login_form(page)["request"]
    forged = re.sub(r"^.", lambda m: "A" if m.group(0) != "A" else "B", blob)
    for data in (
        {"request": forged, "person": "anna", "action": "login"},
        {"person": "anna", "action": "login", "redirect_uri": "https://evil.example/"},
        {"request": blob, "person": "nobody", "action": "login"},
        {"request": blob, "person": "anna", "loa": "urn:made-up", "action": "login"},
    ):
        response = client.post("/test-idp/authorize", data=data, follow_redirects=False)
        assert response.status_code == 400, data
        assert "location" not in response.headers


def test_logout_redirects_only_to_the_platform(client: httpx.Client, provider: Settings) -> None:
    target = f"{provider.base_url}/bye"
    response = client.get(
        "/test-idp/logout", params={"post_logout_redirect_uri": target, "state": "s1"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{target}?state=s1"
    response = client.get("/test-idp/logout", params={"post_logout_redirect_uri": "https://evil.example/"})
    assert response.status_code == 200
    assert "location" not in response.headers
    assert "utloggad" in response.text
