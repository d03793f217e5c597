"""Every example service loads without problems, is cleared for its connector, and is published."""

from __future__ import annotations

import html

from blankett.app import check_clearance
from blankett.catalog import load_catalog
from blankett.settings import load_settings
from tests.conftest import ROOT
from tests.services.journeys import JOURNEYS
from tests.services.walk import Journey, open_service
from tests.support.platform import RunningPlatform

FORMS = ROOT / "forms"
SERVICES = ROOT / "config" / "services"
SERVICE_IDS = {p.stem for p in SERVICES.glob("*.toml")}


def test_every_service_loads_without_problems() -> None:
    catalog = load_catalog(FORMS, SERVICES, ["handlaggning"])
    assert catalog.problems == []
    assert set(catalog.services) == SERVICE_IDS
    # The shipped configuration's connector (a file drop) is cleared for every service.
    settings = load_settings(environ={}, values={"var_dir": "var"})
    assert set(check_clearance(catalog, settings).services) == SERVICE_IDS


def test_every_example_has_a_journey() -> None:
    examples = SERVICE_IDS - {"synpunkt"}
    assert {j.service for j in JOURNEYS} == examples


def test_classification_fits_the_data() -> None:
    catalog = load_catalog(FORMS, SERVICES, ["handlaggning"])
    for service in catalog:
        data = service.personal_data
        sensitive = data["special_categories"] or data["criminal_data"] or data["secrecy_provision"]
        if sensitive:
            assert service.classification.confidentiality >= 2, service.id
        # Anonymous filing only where nothing confidential is asked.
        assert service.login_required == (service.classification.confidentiality >= 1), service.id


def test_the_catalogue_lists_every_service(platform: RunningPlatform) -> None:
    with platform.client() as client:
        home = html.unescape(client.get("/").text)
        for journey in JOURNEYS:
            assert journey.title in home, journey.service
            start = html.unescape(client.get(f"/e-tjanst/{journey.service}?lang=sv").text)
            assert journey.title in start
            assert f"{_days(platform, journey)} dagar" in start
            english = html.unescape(client.get(f"/e-tjanst/{journey.service}?lang=en").text)
            assert '<html lang="en">' in english
            assert platform.app.state.catalog.get(journey.service).form.title["en"] in english


def _days(platform: RunningPlatform, journey: Journey) -> int:
    return platform.app.state.catalog.get(journey.service).handling_time_days  # type: ignore[no-any-return]


def test_exit_pages_end_the_path(platform: RunningPlatform) -> None:
    """An answer that rules the service out leads to its exit page, and nothing can be sent."""
    from tests.services.journeys import OROSANMALAN, PARKERINGSTILLSTAND, SERVERINGSTILLSTAND, VARMEPUMP
    from tests.services.walk import send

    with platform.client() as client:
        response = open_service(client, OROSANMALAN)
        response = send(client, response, {"urgent": "true"})
        assert response.url.path == "/e-tjanst/orosanmalan/sida/ring-112"
        assert "Ring 112 nu" in response.text
        assert "<strong>Ring 112.</strong>" in response.text
        check = client.get("/e-tjanst/orosanmalan/granska")
        assert check.url.path == "/e-tjanst/orosanmalan/sida/ring-112"
    with platform.client() as client:
        response = open_service(client, PARKERINGSTILLSTAND)
        response = send(client, response, {"role": "forare"})
        response = send(client, response, {"role": "forare", "hasLicence": "true"})
        response = send(client, response, {"duration": "kortare"})
        assert response.url.path == "/e-tjanst/parkeringstillstand/sida/for-kort-tid"
        assert "minst sex månader" in response.text
    with platform.client() as client:
        response = open_service(client, VARMEPUMP)
        response = send(client, response, {"pumpType": "luft"})
        assert response.url.path == "/e-tjanst/varmepump/sida/ingen-anmalan"
        assert "inte anmäla en luftvärmepump" in response.text
    with platform.client() as client:
        response = open_service(client, SERVERINGSTILLSTAND)
        response = send(client, response, {"onlyLowAlcohol": "true"})
        assert response.url.path == "/e-tjanst/serveringstillstand/sida/folkol"
