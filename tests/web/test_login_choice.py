"""Several OpenID providers over real HTTP: the choice page, a callback path per provider, staff
logins through the staff provider, roles only from a staff provider, and step-up at the provider
the session logged in with. Every provider here is the built-in test provider, configured three
times (tests/auth/test_two_providers.py adds the independent one)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support.platform import RunningPlatform, choose_provider, log_in, running_platform
from tests.web.test_my_sessions import session_id, sql

LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
PROVIDERS = {
    "bankid": {"discovery_url": "", "label_sv": "Mobilt BankID", "label_en": "Mobile BankID"},
    "freja": {"discovery_url": "", "label_sv": "Freja+", "label_en": "Freja+ e-ID"},
    "personal": {"discovery_url": "", "purpose": "staff", "label_sv": "Medarbetare", "label_en": "Staff"},
}


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(sqlite_url, tmp_path, oidc_providers=PROVIDERS) as running:
        yield running


def asked(response: httpx.Response) -> dict[str, str]:
    """The authorization request the test provider's login page was opened with."""
    assert "/test-idp/authorize" in str(response.url), response.url
    return {key: values[0] for key, values in parse_qs(urlsplit(str(response.url)).query).items()}


def logins(platform: RunningPlatform) -> list[dict[str, object]]:
    rows = sql(platform, "SELECT detail FROM audit_events WHERE action LIKE 'login%' ORDER BY id")
    return [row[0] if isinstance(row[0], dict) else json.loads(row[0]) for row in rows]


@pytest.mark.parametrize(
    ("lang", "heading", "labels"),
    [
        ("sv", "Välj e-legitimation", ["Mobilt BankID", "Freja+"]),
        ("en", "Choose your e-ID", ["Mobile BankID", "Freja+ e-ID"]),
    ],
)
def test_the_choice_page_offers_the_citizen_providers(
    platform: RunningPlatform, lang: str, heading: str, labels: list[str]
) -> None:
    with platform.client() as client:
        client.get("/", params={"lang": lang})
        page = client.get("/e-tjanst/synpunkt/sida/vad")
        assert page.url.path == "/logga-in"
        assert f"<h1>{heading}</h1>" in page.text
        for label in labels:
            assert f">{label}</a>" in page.text
        assert "/logga-in/personal" not in page.text  # not a citizen provider
        assert 'href="/logga-in/freja?next=%2Fe-tjanst%2Fsynpunkt%2Fsida%2Fvad&amp;level=2"' in page.text

        provider_page = choose_provider(client, page, "freja")
        assert asked(provider_page)["redirect_uri"] == f"{platform.url}/inloggning/klar/freja"
        landed = log_in(client, provider_page, person="anna")
        assert landed.url.path == "/e-tjanst/synpunkt/sida/vad"
    assert logins(platform)[-1]["provider"] == "freja"


def test_a_step_up_happens_at_the_provider_the_person_logged_in_with(platform: RunningPlatform) -> None:
    with platform.client() as client:
        choice = client.get("/logga-in", params={"next": "/arenden"})
        log_in(client, choose_provider(client, choice, "bankid"), level=LOA2)
        # Ekonomiskt bistånd needs loa3: no choice page, straight back to BankID with prompt=login.
        response = client.get("/e-tjanst/ekonomiskt-bistand/sida/period")
        request = asked(response)
        assert request["redirect_uri"] == f"{platform.url}/inloggning/klar/bankid"
        assert request["prompt"] == "login"
        assert log_in(client, response, person="anna").url.path == "/e-tjanst/ekonomiskt-bistand/sida/period"
    assert [(event["provider"], event.get("loa")) for event in logins(platform)] == [
        ("bankid", LOA2), ("bankid", "http://id.elegnamnden.se/loa/1.0/loa3"),
    ]


def test_staff_log_in_through_the_staff_provider_and_get_roles_only_there(platform: RunningPlatform) -> None:
    staff_callback = f"{platform.url}/inloggning/klar/personal"
    with platform.client() as staff:
        response = staff.get("/handlaggning")
        assert asked(response)["redirect_uri"] == staff_callback  # no choice page
        assert log_in(staff, response, person="sara").url.path == "/handlaggning"
        assert asked(staff.get("/personal/logga-in"))["redirect_uri"] == staff_callback
    held = [row[0] for row in sql(platform, "SELECT role FROM staff_roles ORDER BY role")]
    assert held == ["handler:felanmalan", "handler:synpunkt"]

    # The same person through a citizen provider: the test provider sends her roles all the same,
    # but a citizen provider is not trusted with them, and her staff roles stay as they were.
    with platform.client() as citizen:
        choice = citizen.get("/logga-in", params={"next": "/arenden"})
        log_in(citizen, choose_provider(citizen, choice, "freja"), person="sara")
        assert citizen.get("/handlaggning").status_code == 403
        assert "/handlaggning" not in citizen.get("/arenden").text
    assert logins(platform)[-1]["roles"] == []
    assert [row[0] for row in sql(platform, "SELECT role FROM staff_roles ORDER BY role")] == held


def test_unknown_providers_and_callbacks_are_refused(platform: RunningPlatform) -> None:
    with platform.client() as client:
        assert client.get("/logga-in/nope").status_code == 404
        for path in ("/inloggning/klar/nope", "/inloggning/klar"):  # no provider is called "default" here
            refused = client.get(path, params={"code": "c", "state": "s"})
            assert refused.status_code == 401
            assert "Inloggningen gick inte att slutföra" in refused.text
        # A login started at one provider cannot be finished at another provider's callback.
        page = choose_provider(client, client.get("/logga-in"), "bankid")
        client.follow_redirects = False
        answer = log_in(client, page).headers["location"]
        assert answer.startswith(f"{platform.url}/inloggning/klar/bankid?code=")
        client.follow_redirects = True
        mixed_up = client.get(answer.replace("/klar/bankid?", "/klar/freja?"))
        assert mixed_up.status_code == 401
        assert client.get(answer).url.path == "/"  # at its own callback it still works
        assert session_id(platform, client)
