"""Filing for a company or a child, and minors the services turn away, over real HTTP: the
built-in test provider's organisational e-ID (ingrid), the fake mandate lookup (erik and leila,
config/test-mandates.toml), the example services serveringstillstand and forskoleplats routed to
the built-in inbox, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select

from blankett.cases.representation import represented_key
from blankett.db import Case
from blankett.db.engine import sync_url
from blankett.representation.people import age_on
from blankett.testidp.persons import PERSONS_BY_ID
from tests.conftest import ROOT
from tests.paper.test_blank_form import pdf_text
from tests.security.helpers import raw_rows
from tests.services.journeys import FORSKOLEPLATS, SERVERINGSTILLSTAND
from tests.services.walk import file_case, fill_page, open_service, send
from tests.support.html import forms, main_form
from tests.support.platform import RunningPlatform, running_platform
from tests.web.test_journey import ANSWERS, submit_page
from tests.web.test_my_sessions import logged_in

MANDATES = f"file:{ROOT / 'config' / 'test-mandates.toml'}"
INBOX = {"handlaggning": {"type": "inbox"}}
COMPANY, COMPANY_NAME = "5599001236", "Exempelbolaget i Visby AB"  # ingrid's e-ID; erik's mandate
HOUSING, HOUSING_NAME = "7699001231", "Brf Exempelgården"  # leila's mandate
BY_IDP = f"organisation 559900-1236 {COMPANY_NAME}, styrkt med e-legitimationens organisationsuppgifter"
GUARDIAN = "vårdnad uppgiven av sökanden, ej kontrollerad mot folkbokföringen"


@pytest.fixture
def platform(database_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(database_url, tmp_path, INBOX, mandate_lookup=MANDATES) as running:
        yield running


def case_path(client: httpx.Client, reference: str) -> str:
    """The case's page, as the person's Mina sidor links it."""
    found = re.search(rf'href="(/arenden/[^"]+)">{reference}<', client.get("/arenden").text)
    assert found, f"{reference} is not listed"
    return found.group(1)


def case_columns(platform: RunningPlatform, reference: str) -> tuple[Any, Any]:
    engine = create_engine(sync_url(platform.settings.database_url))
    try:
        with engine.connect() as conn:
            query = select(Case.representation, Case.represented_key).where(Case.reference == reference)
            row = conn.execute(query).one()
    finally:
        engine.dispose()
    return row[0], row[1]


def key(platform: RunningPlatform, kind: str, number: str) -> str:
    return represented_key(platform.settings.secret_key, kind, number)


def csrf(page: httpx.Response) -> str:
    return main_form(page.text).fields["csrf_token"]


def copy_text(client: httpx.Client, path: str) -> str:
    """The words of the case's PDF copy, on one line."""
    return " ".join(pdf_text(client.get(f"{path}/kopia.pdf").content).split())


def test_a_company_case_is_seen_by_its_representatives_and_by_no_one_else(platform: RunningPlatform) -> None:
    with platform.client() as ingrid:
        reference = file_case(ingrid, SERVERINGSTILLSTAND)  # her organisational e-ID names the company
        path = case_path(ingrid, reference)
        assert BY_IDP in ingrid.get(path).text
    representation, index = case_columns(platform, reference)
    assert representation == {
        "kind": "organisation", "orgNumber": COMPANY, "orgName": COMPANY_NAME, "evidence": "idp",
        "verified": True,
    }
    assert index == key(platform, "org", COMPANY)

    with logged_in(platform, "erik") as erik:  # firmatecknare by the mandate lookup
        listed = erik.get("/arenden").text
        assert reference in listed
        assert f"för {COMPANY_NAME}" in listed
        page = erik.get(path)
        assert page.status_code == 200
        assert BY_IDP in page.text
        assert not [f for f in forms(page.text) if f.action.endswith("/meddelande")]  # reads, does not act
        assert BY_IDP in copy_text(erik, path)
        refused = erik.post(f"{path}/meddelande", data={"csrf_token": csrf(page), "message": "Hej"})
        assert refused.status_code == 403
        assert "Bara den som skickade in ärendet" in refused.text
    for stranger in ("anna", "leila"):  # no mandate; a mandate for another organisation
        with logged_in(platform, stranger) as other:
            assert reference not in other.get("/arenden").text
            assert other.get(path).status_code == 404
            assert other.get(f"{path}/kopia.pdf").status_code == 404


def test_filing_for_a_company_by_the_mandate_lookup(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path, INBOX, mandate_lookup=MANDATES) as platform:
        with platform.client() as erik:
            reference = file_case(erik, dataclasses.replace(SERVERINGSTILLSTAND, person="erik"))
            page = erik.get(case_path(erik, reference)).text
            assert "styrkt med behörighetsuppslag, roll: firmatecknare" in page
        representation, _ = case_columns(platform, reference)
        assert representation["evidence"] == "mandate"
        assert representation["verified"] is True
        assert representation["role"] == "firmatecknare"
        with logged_in(platform, "ingrid") as ingrid:  # the company's other representative
            assert reference in ingrid.get("/arenden").text


def test_self_declaration_is_refused_where_the_service_forbids_it(sqlite_url: str, tmp_path: Path) -> None:
    choice = "/e-tjanst/serveringstillstand/sokande"
    declared = {"for": "org-declared", "org_number": "559900-1236", "org_name": COMPANY_NAME}
    with running_platform(sqlite_url, tmp_path, INBOX, mandate_lookup=MANDATES) as platform:
        with logged_in(platform, "anna", path=choice) as anna:
            stop = anna.get(choice)
            assert stop.status_code == 403
            assert "din inloggning visar inte att du företräder någon organisation" in stop.text
            posted = anna.post(choice, data={"csrf_token": csrf(anna.get("/arenden")), **declared})
            assert posted.status_code == 403
            first = anna.get("/e-tjanst/serveringstillstand/sida/drycker")  # straight to the form: no
            assert first.url.path == choice
            assert first.status_code == 403
        with logged_in(platform, "erik", path=choice) as erik:
            page = erik.get(choice)
            assert "org-declared" not in page.text  # no option to type an organisation number
            for picked in (declared, {"for": f"org-{HOUSING}"}):  # leila's organisation, not his
                refused = erik.post(choice, data={"csrf_token": csrf(page), **picked})
                assert refused.status_code == 422
                assert "Välj vem du ansöker för" in refused.text
            assert erik.get("/e-tjanst/serveringstillstand/sida/drycker").url.path == choice


def test_answers_naming_another_company_send_the_person_back(sqlite_url: str, tmp_path: Path) -> None:
    pages = dict(SERVERINGSTILLSTAND.pages)
    pages["foretag"] = {**pages["foretag"], "company.orgnr": "769900-1231"}
    journey = dataclasses.replace(SERVERINGSTILLSTAND, pages=pages)
    with running_platform(sqlite_url, tmp_path, INBOX) as platform, platform.client() as ingrid:
        response = open_service(ingrid, journey)
        for page in journey.pages:
            response = fill_page(ingrid, response, journey, page)
        assert response.url.path == "/e-tjanst/serveringstillstand/sokande"  # not the check page
        assert response.url.query == b"igen=1"
        assert "Välj igen vem du ansöker för" in response.text
        check = send(ingrid, response, {"for": f"org-{COMPANY}"})
        assert check.url.path == "/e-tjanst/serveringstillstand/granska"
        assert "769900-1231" not in check.text  # the answers follow the choice again
        assert f"{COMPANY_NAME} (559900-1236)" in check.text  # the Ansökt för row


def synpunkt_copies(tmp_path: Path, applicants: dict[str, str]) -> dict[str, str]:
    """Copies of the synpunkt service, each with its own ``[applicant]`` table."""
    forms_dir, services = tmp_path / "forms", tmp_path / "services"
    forms_dir.mkdir()
    services.mkdir()
    definition = json.loads((ROOT / "forms" / "synpunkt.json").read_text(encoding="utf-8"))
    settings = (ROOT / "config" / "services" / "synpunkt.toml").read_text(encoding="utf-8")
    settings = settings.split("\n[applicant]")[0]
    for service_id, table in applicants.items():
        copy = json.dumps({**definition, "id": service_id})
        (forms_dir / f"{service_id}.json").write_text(copy, encoding="utf-8")
        (services / f"{service_id}.toml").write_text(f"{settings}\n[applicant]\n{table}\n", encoding="utf-8")
    return {"forms_dir": str(forms_dir), "services_dir": str(services)}


def declare(client: httpx.Client, page: httpx.Response, number: str) -> httpx.Response:
    fields = {"for": "org-declared", "org_number": number, "org_name": HOUSING_NAME}
    return client.post(page.url.path, data={"csrf_token": csrf(page), **fields})


def test_a_declared_organisation_where_the_service_allows_it(database_url: str, tmp_path: Path) -> None:
    table = 'may_file_for = ["self", "organisation"]\norganisation_evidence = ["declared"]'
    services = synpunkt_copies(tmp_path, {"foretag": table})
    with running_platform(database_url, tmp_path / "var", mandate_lookup=MANDATES, **services) as platform:
        with logged_in(platform, "anna", path="/e-tjanst/foretag/sokande") as anna:
            page = anna.get("/e-tjanst/foretag/sokande")
            assert 'value="self"' in page.text
            assert 'value="org-declared"' in page.text
            # Missing, a wrong check digit, and a sole trader's number (a person's, not an organisation's).
            for number, message in (("", "Ange organisationsnumret"), ("559900-1237", "Ange ett giltigt"),
                                    ("850412-9829", "Ange ett giltigt")):
                wrong = declare(anna, page, number)
                assert wrong.status_code == 422
                assert message in wrong.text
                assert f'value="{HOUSING_NAME}"' in wrong.text  # kept
                assert re.search(r'value="org-declared"[^>]*checked', wrong.text)
            response = declare(anna, page, "769900-1231")
            assert response.url.path == "/e-tjanst/foretag/sida/vad"
            for values in ANSWERS.values():
                response = submit_page(anna, response, values)
            assert response.url.path == "/e-tjanst/foretag/granska"
            assert f"{HOUSING_NAME} (769900-1231)" in response.text
            receipt = submit_page(anna, response, {})
            declared = f"organisation 769900-1231 {HOUSING_NAME}, uppgiven av sökanden, ej kontrollerad"
            assert declared in receipt.text
            found = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
            assert found
        representation, index = case_columns(platform, found.group(0))
        assert representation["evidence"] == "declared"
        assert representation["verified"] is False
        assert index == key(platform, "org", HOUSING)
        with logged_in(platform, "leila") as leila:  # the organisation's representative sees it
            assert found.group(0) in leila.get("/arenden").text
        with logged_in(platform, "erik") as erik:
            assert found.group(0) not in erik.get("/arenden").text


def test_a_guardian_files_for_a_child_with_the_custody_as_declared(platform: RunningPlatform) -> None:
    choice = "/e-tjanst/forskoleplats/sokande"
    with logged_in(platform, "leila", path=choice) as leila:
        assert f'href="{choice}"' in leila.get("/e-tjanst/forskoleplats").text  # the question comes first
        response = leila.get(choice)
        assert 'type="hidden" name="for" value="child"' in response.text  # the only choice: no radios
        for number, message in (("20230315-1234", "Ange ett giltigt personnummer"),
                                ("19850412-9829", "Barnet måste vara under 18 år")):
            wrong = send(leila, response, {"child_number": number, "child_name": "Elsa Andersson"})
            assert wrong.status_code == 422
            assert message in wrong.text
            assert 'value="Elsa Andersson"' in wrong.text
        first = send(leila, response, {"child_number": "20230315-1233", "child_name": "Elsa Andersson"})
        assert first.url.path == "/e-tjanst/forskoleplats/sida/barnet"
        assert 'value="Elsa Andersson"' in first.text  # the form's child questions are filled in
        assert 'value="20230315-1233"' in first.text
    with platform.client() as anna:
        reference = file_case(anna, FORSKOLEPLATS)
        path = case_path(anna, reference)
        assert "barn Elsa Andersson (20230315-1233), av vårdnadshavare; " + GUARDIAN in anna.get(path).text
        assert GUARDIAN in copy_text(anna, path)
    representation, index = case_columns(platform, reference)
    assert representation == {
        "kind": "child", "relation": "guardian", "evidence": "declared", "verified": False,
    }
    assert index == key(platform, "child", "202303151233")
    assert "202303151233" not in raw_rows(platform.settings.database_url, "cases")  # sealed in the submitter
    with logged_in(platform, "olof", path="/handlaggning") as olof:  # the child, and the caveat
        inbox_page = olof.get(f"/handlaggning/{reference}").text
        assert "Elsa Andersson (20230315-1233)" in inbox_page
        assert GUARDIAN in inbox_page


def test_a_minor_is_stopped_or_let_through_as_each_service_says(sqlite_url: str, tmp_path: Path) -> None:
    age = age_on(date.fromisoformat(PERSONS_BY_ID["maja"].birthdate), date.today())
    assert age < 18
    services = synpunkt_copies(tmp_path, {
        "ung": f'minors = "from_age"\nminor_from_age = {age}',
        "aldre": f'minors = "from_age"\nminor_from_age = {age + 1}',
    })
    with running_platform(sqlite_url, tmp_path / "var", **services) as platform:
        with logged_in(platform, "maja", path="/e-tjanst/ung/sida/vad") as maja:
            assert maja.get("/e-tjanst/ung/sida/vad").status_code == 200  # old enough
            stopped = maja.get("/e-tjanst/aldre/sida/vad")
            assert stopped.url.path == "/e-tjanst/aldre/sokande"
            assert stopped.status_code == 403
            assert f"från {age + 1} års ålder" in stopped.text
    with running_platform(sqlite_url, tmp_path / "var2") as platform:  # the example services
        with logged_in(platform, "maja", path="/e-tjanst/synpunkt/sida/vad") as maja:
            assert maja.get("/e-tjanst/synpunkt/sida/vad").status_code == 200  # minors alike
            preschool = maja.get("/e-tjanst/forskoleplats/sokande")
            assert preschool.status_code == 403
            assert "för dig som har fyllt 18 år" in preschool.text
            parking = maja.get("/e-tjanst/parkeringstillstand/sida/forare-passagerare")
            assert parking.status_code == 403
            assert "Be din vårdnadshavare att ansöka för dig" in parking.text
