"""A person logged in at a lower level steps up when a service needs more, and returns to
where they were; a different person logging in on the same browser starts afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.support.platform import log_in, running_platform

LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


def services_needing_loa3(tmp_path: Path) -> Path:
    services = tmp_path / "services"
    services.mkdir()
    text = (ROOT / "config" / "services" / "synpunkt.toml").read_text()
    (services / "synpunkt.toml").write_text(text.replace("[login]\nrequired = true", '[login]\nrequired = true\nminimum_level = "loa3"'))
    return services


def test_step_up_to_the_level_the_service_needs(sqlite_url: str, tmp_path: Path) -> None:
    services = services_needing_loa3(tmp_path)
    with running_platform(sqlite_url, tmp_path, services_dir=str(services)) as platform, platform.client() as client:
        login_page = client.get("/logga-in", params={"next": "/arenden"})
        landed = log_in(client, login_page, level=LOA2)
        assert landed.url.path == "/arenden"
        # The service needs loa3: the person is sent to log in again, at that level.
        response = client.get("/e-tjanst/synpunkt/sida/vad")
        assert "/test-idp/authorize" in str(response.url)
        assert "prompt=login" in str(response.url)
        assert "loa3" in str(response.url)
        landed = log_in(client, response, level=LOA3)
        assert landed.url.path == "/e-tjanst/synpunkt/sida/vad"
        assert landed.status_code == 200


def test_a_login_below_the_level_asked_for_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    services = services_needing_loa3(tmp_path)
    with running_platform(sqlite_url, tmp_path, services_dir=str(services)) as platform, platform.client() as client:
        response = client.get("/e-tjanst/synpunkt/sida/vad")
        refused = log_in(client, response, level=LOA2)
        assert refused.status_code == 401
        assert "Inloggningen gick inte att slutföra" in refused.text
        # Nobody is logged in after the refusal.
        assert "/test-idp/authorize" in str(client.get("/arenden").url)


def test_another_person_on_the_same_browser_starts_afresh(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        first = log_in(client, client.get("/logga-in", params={"next": "/arenden"}))
        assert first.url.path == "/arenden"
        page = client.get("/logga-in", params={"next": "/arenden"})
        persons = __import__("re").findall(r'name="person"[^>]*value="([^"]+)"', page.text)
        second = log_in(client, page, person=persons[1])
        assert second.url.path == "/arenden"
        assert "Du har inga ärenden ännu." in second.text
