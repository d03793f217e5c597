"""The built-in handler inbox over real HTTP: a case routed to the ``inbox`` connector reaches it
through the worker; a handler logs in through the test identity provider with their roles,
finds, opens (audited), assigns and handles the case to a decision, and the citizen follows and
answers every step. Handlers see only the services their roles name. On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.conftest import ROOT
from tests.support.html import forms
from tests.support.platform import RunningPlatform, log_in, running_platform
from tests.web.test_journey import file_example_case, wait_for

PDF = b"%PDF-1.4\n% Beslut\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INBOX = {"inkorg": {"type": "inbox"}}


def inbox_services(tmp_path: Path) -> dict[str, str]:
    """synpunkt and two copies of it (felanmalan, parkering), every one routed to the inbox."""
    forms_dir, services = tmp_path / "forms", tmp_path / "services"
    forms_dir.mkdir()
    services.mkdir()
    definition = json.loads((ROOT / "forms" / "synpunkt.json").read_text())
    settings = (ROOT / "config" / "services" / "synpunkt.toml").read_text().replace(
        'connector = "handlaggning"', 'connector = "inkorg"'
    )
    for service_id in ("synpunkt", "felanmalan", "parkering"):
        copy = {**definition, "id": service_id}
        if service_id != "synpunkt":
            copy["title"] = {"sv": f"Kopia {service_id}", "en": f"Copy {service_id}"}
        (forms_dir / f"{service_id}.json").write_text(json.dumps(copy, ensure_ascii=False))
        (services / f"{service_id}.toml").write_text(settings)
    shutil.copy(ROOT / "forms" / "published.lock.json", forms_dir)
    return {"forms_dir": str(forms_dir), "services_dir": str(services)}


@contextlib.contextmanager
def inbox_platform(database_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(database_url, tmp_path / "var", INBOX, **inbox_services(tmp_path)) as platform:
        yield platform


def staff_client(platform: RunningPlatform, person: str) -> httpx.Client:
    """A browser of a member of staff, logged in through the test provider (level 3)."""
    client = platform.client()
    response = client.get("/handlaggning")
    landed = log_in(client, response, person=person)
    assert landed.url.path == "/handlaggning", landed.url
    return client


def form_fields(page: str, action_end: str) -> dict[str, str]:
    found = [f for f in forms(page) if f.action.endswith(action_end)]
    assert found, f"no form posting to …{action_end}"
    return dict(found[0].fields)


def filed_and_delivered(platform: RunningPlatform, citizen: httpx.Client, handler: httpx.Client) -> tuple[str, str]:
    receipt = file_example_case(citizen)
    reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
    assert reference
    ref = reference.group(0)
    wait_for(lambda: ref in handler.get("/handlaggning").text)  # the worker delivered it to the inbox
    return receipt.url.path, ref


def audit_rows(platform: RunningPlatform, action: str) -> list[tuple[str, str]]:
    engine = create_engine(sync_url(platform.settings.database_url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action FROM audit_events WHERE action = :a"), {"a": action})
        found = [(r[0], r[1]) for r in rows]
    engine.dispose()
    return found


def test_a_handler_takes_a_case_from_the_inbox_to_a_decision(database_url: str, tmp_path: Path) -> None:
    with inbox_platform(database_url, tmp_path) as platform, platform.client() as citizen:
        olof = staff_client(platform, "olof")  # logged in once, so he can be assigned cases
        olof.close()
        sara = staff_client(platform, "sara")
        case_path, ref = filed_and_delivered(platform, citizen, sara)

        listed = sara.get("/handlaggning", params={"status": "received", "sok": ref[-6:]}).text
        assert f'href="/handlaggning/{ref}"' in listed and "1 ärenden" in listed
        assert "1 ärenden" not in sara.get("/handlaggning", params={"status": "decided"}).text

        page = sara.get(f"/handlaggning/{ref}")
        assert page.status_code == 200
        assert "Gatlyktan vid Storgatan 12" in page.text  # the answers, decrypted for the handler
        assert "Anna Lindqvist, 19850412-9829" in page.text  # who filed it
        assert any(actor.startswith("staff:") for actor, _ in audit_rows(platform, "case.read"))

        # Assign to a colleague, then to oneself; the list filters by it.
        olof_id = re.search(r'<option value="([^"]+)">Olof Strand</option>', page.text)
        assert olof_id
        sara.post(f"/handlaggning/{ref}/tilldela", data={**form_fields(page.text, "/tilldela"), "assignee": olof_id.group(1)})
        assert "Olof Strand" in sara.get("/handlaggning").text
        assert ref not in sara.get("/handlaggning", params={"tilldelad": "mig"}).text
        me = re.search(r'<option value="([^"]+)"[^>]*>Sara Berg \(du\)</option>', page.text)
        assert me
        sara.post(f"/handlaggning/{ref}/tilldela", data={**form_fields(page.text, "/tilldela"), "assignee": me.group(1)})
        assert ref in sara.get("/handlaggning", params={"tilldelad": "mig"}).text
        assert len(audit_rows(platform, "case.assigned")) == 2

        moved = sara.post(f"/handlaggning/{ref}/status", data={**form_fields(page.text, "/status"), "status": "in_progress"})
        assert moved.status_code == 200 and "Ändringen är sparad." in moved.text
        assert "Under handläggning" in citizen.get(case_path).text

        # Completion: errors at the fields, then a request the citizen answers with a file.
        fields = form_fields(moved.text, "/komplettering")
        refused = sara.post(f"/handlaggning/{ref}/komplettering", data={**fields, "completion": "", "due": "31/12"})
        assert refused.status_code == 422 and "<title>Fel:" in refused.text
        assert "Skriv vad den sökande behöver komplettera" in refused.text
        assert "Ange sista svarsdag som ÅÅÅÅ-MM-DD" in refused.text and 'value="31/12"' in refused.text
        past = (date.today() - timedelta(days=1)).isoformat()
        refused = sara.post(f"/handlaggning/{ref}/komplettering", data={**fields, "completion": "Foto?", "due": past})
        assert refused.status_code == 422 and "kan inte vara passerad" in refused.text
        due = (date.today() + timedelta(days=14)).isoformat()
        asked = sara.post(f"/handlaggning/{ref}/komplettering", data={**fields, "completion": "Skicka ett foto.", "due": due})
        assert asked.status_code == 200 and "Komplettering begärd" in asked.text
        mine = citizen.get(case_path).text
        assert "Skicka ett foto." in mine
        answered = citizen.post(
            f"{case_path}/komplettering", data={**form_fields(mine, "/komplettering"), "completion": "Här är det."},
            files=[("attachments", ("foto.pdf", PDF, "application/pdf"))],
        )
        assert answered.status_code == 200
        page = sara.get(f"/handlaggning/{ref}").text
        assert "Komplettering från den sökande" in page and "Här är det." in page
        link = re.search(r'href="(/handlaggning/[^"]+/dokument/[^"]+)"[^>]*>foto.pdf<', page)
        assert link
        assert sara.get(link.group(1)).content == PDF
        assert citizen.get(link.group(1)).status_code == 403  # the inbox's door is for staff only

        sara.post(f"/handlaggning/{ref}/meddelande", data={**form_fields(page, "/meddelande"), "message": "Tack, vi tittar på det."})
        assert "Tack, vi tittar på det." in citizen.get(case_path).text

        # The decision, with its document, reaches the citizen.
        decided = sara.post(
            f"/handlaggning/{ref}/beslut", data={**form_fields(page, "/beslut"), "decision": "Lyktan lagas vecka 50."},
            files=[("document", ("Beslut.pdf", PDF, "application/pdf"))],
        )
        assert decided.status_code == 200 and "Beslut fattat" in decided.text
        assert "/beslut" not in decided.text and "/komplettering" not in decided.text
        mine = citizen.get(case_path).text
        assert "Beslut fattat" in mine and "Lyktan lagas vecka 50." in mine
        document = re.search(r'href="(/arenden/[^"]+/dokument/[^"]+)" download>Hämta beslutet: Beslut.pdf', mine)
        assert document
        assert citizen.get(document.group(1)).content == PDF
        closed = sara.post(f"/handlaggning/{ref}/status", data={**form_fields(decided.text, "/status"), "status": "closed"})
        assert "Avslutad" in closed.text
        sara.close()


def test_handlers_see_only_their_services(sqlite_url: str, tmp_path: Path) -> None:
    with inbox_platform(sqlite_url, tmp_path) as platform:
        sara = staff_client(platform, "sara")
        olof = staff_client(platform, "olof")
        with platform.client() as citizen:
            receipt = file_example_case(citizen)
        ref = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert ref
        wait_for(lambda: ref.group(0) in sara.get("/handlaggning").text)
        # A case of a service Sara does not handle: filed straight into parkering's table row.
        engine = create_engine(sync_url(platform.settings.database_url))
        with engine.begin() as conn:
            conn.execute(text("UPDATE cases SET service_id = 'parkering' WHERE reference = :r"), {"r": ref.group(0)})
        engine.dispose()
        assert ref.group(0) not in sara.get("/handlaggning").text
        assert sara.get(f"/handlaggning/{ref.group(0)}").status_code == 404
        assert ref.group(0) in olof.get("/handlaggning").text  # handler:* sees every service
        assert olof.get(f"/handlaggning/{ref.group(0)}").status_code == 200
        fields = form_fields(sara.get("/handlaggning").text, "/logga-ut")
        posted = sara.post(f"/handlaggning/{ref.group(0)}/status", data={**fields, "status": "closed"})
        assert posted.status_code == 404
        sara.close()
        olof.close()


def test_citizens_and_strangers_are_kept_out(sqlite_url: str, tmp_path: Path) -> None:
    with inbox_platform(sqlite_url, tmp_path) as platform:
        with platform.client() as nobody:
            response = nobody.get("/handlaggning")
            assert "/test-idp/authorize" in str(response.url)  # log in first
            landed = log_in(nobody, response, person="anna")  # a citizen, no roles
            assert landed.status_code == 403 and "inte behörighet" in landed.text
        sara = staff_client(platform, "sara")
        with platform.client() as citizen:
            receipt = file_example_case(citizen)
        ref = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert ref
        wait_for(lambda: ref.group(0) in sara.get("/handlaggning").text)
        forged = sara.post(f"/handlaggning/{ref.group(0)}/status", data={"status": "closed"})
        assert forged.status_code == 403  # no CSRF token
        assert "Inkommen" in sara.get(f"/handlaggning/{ref.group(0)}").text
        sara.close()
