"""Two-way flow over real HTTP: a citizen files a case in the browser journey, a case system
handles it through the case API with client credentials, and the citizen sees every step on
the case page. On SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import httpx

from tests.api.support import api_platform, assert_error, audit_actions, case_system
from tests.web.test_journey import file_example_case

DECISION_PDF = b"%PDF-1.4\n% Beslut BLK\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case_page(citizen: httpx.Client, path: str) -> str:
    page = citizen.get(path)
    assert page.status_code == 200
    return page.text


def test_a_case_system_handles_a_case_and_the_citizen_follows(database_url: str, tmp_path: Path) -> None:
    with api_platform(database_url, tmp_path) as platform, platform.client() as citizen:
        receipt = file_example_case(citizen)
        case_path = receipt.url.path
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert reference
        ref = reference.group(0)

        with case_system(platform, "arende") as api:
            listed = api.get("/api/v1/cases", params={"changed_since": "2020-01-01T00:00:00Z", "status": "received"})
            assert listed.status_code == 200, listed.text
            assert [c["reference"] for c in listed.json()["cases"]] == [ref]
            assert listed.json()["nextCursor"] is None

            fetched = api.get(f"/api/v1/cases/{ref}").json()
            assert fetched["case"]["status"] == "received" and fetched["case"]["registrationNumber"] is None
            assert fetched["envelope"]["case"]["reference"] == ref
            assert "Gatlyktan vid Storgatan 12" in str(fetched["envelope"]["answers"])
            assert fetched["case"]["expectedDecisionBy"]  # synpunkt states 20 days
            pdf = api.get(f"/api/v1/cases/{ref}/pdf")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

            registered = api.post(f"/api/v1/cases/{ref}/registration", json={"registrationNumber": "KS 2026/0042"})
            assert registered.status_code == 200, registered.text
            assert registered.json()["case"]["status"] == "registered"
            again = api.post(f"/api/v1/cases/{ref}/registration", json={"registrationNumber": "KS 2026/0042"})
            assert again.status_code == 200 and again.json()["event"] is None  # a retry changes nothing
            page = _case_page(citizen, case_path)
            assert "Registrerad" in page and "KS 2026/0042" in page

            moved = api.post(f"/api/v1/cases/{ref}/status", json={"status": "Under utredning"})  # their name
            assert moved.json()["case"]["status"] == "in_progress"

            asked = api.post(f"/api/v1/cases/{ref}/completion-requests",
                             json={"text": "Skicka gärna ett foto på lyktan.\nTack!", "dueDate": "2026-12-01"})
            assert asked.status_code == 200, asked.text
            assert asked.json()["case"]["status"] == "waiting"
            page = _case_page(citizen, case_path)
            assert "Komplettering begärd" in page
            assert "Skicka gärna ett foto på lyktan.<br>Tack!" in page
            assert "Svara senast 1 december 2026" in page

            api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Vi har skickat en tekniker <idag>."})
            page = _case_page(citizen, case_path)
            assert "Meddelande från handläggaren" in page
            assert "Vi har skickat en tekniker &lt;idag&gt;." in page  # escaped, never markup

            decided = api.post(f"/api/v1/cases/{ref}/decision", json={
                "text": "Lyktan är lagad. Ärendet avslutas.",
                "document": {"filename": "Beslut KS 2026-0042.pdf", "mediaType": "application/pdf",
                             "content": base64.b64encode(DECISION_PDF).decode()},
            })
            assert decided.status_code == 200, decided.text
            assert decided.json()["case"]["status"] == "decided"
            document = decided.json()["event"]["document"]
            assert document["size"] == len(DECISION_PDF)
            assert api.get(document["href"]).content == DECISION_PDF

            page = _case_page(citizen, case_path)
            assert "Beslut fattat" in page and "Lyktan är lagad." in page
            link = re.search(r'href="(/arenden/[^"]+/dokument/[^"]+)"', page)
            assert link, page
            download = citizen.get(link.group(1))
            assert download.status_code == 200 and download.content == DECISION_PDF
            assert download.headers["content-disposition"].startswith("attachment;")
            assert download.headers["x-content-type-options"] == "nosniff"
            with httpx.Client(base_url=platform.url) as stranger:
                assert stranger.get(link.group(1)).status_code in (303, 404)  # not without the owner's login

            refused = api.post(f"/api/v1/cases/{ref}/status", json={"status": "in_progress"})
            body = assert_error(refused, 409, "invalid_transition")
            assert "avslutad" in body["message"]  # says what is allowed instead
            english = api.post(f"/api/v1/cases/{ref}/status", json={"status": "in_progress"},
                               headers={"accept-language": "en"})
            assert assert_error(english, 409, "invalid_transition")["message"].endswith("Allowed next: closed.")

            events = api.get(f"/api/v1/cases/{ref}/timeline").json()["events"]
            timeline = [e for e in events if e["kind"] != "delivered"]  # the worker's delivery may come any time
            kinds = [(e["kind"], e["status"]) for e in timeline]
            assert kinds == [
                ("status", "received"), ("status", "registered"), ("status", "in_progress"),
                ("completion_request", None), ("status", "waiting"), ("message", None),
                ("decision", None), ("status", "decided"),
            ]
            assert timeline[0]["actor"] == "citizen" and timeline[1]["actor"] == "client:arende"
            assert timeline[1]["registrationNumber"] == "KS 2026/0042"

    actions = audit_actions(platform, "client:arende")
    assert ("api.token_issued", None) in actions and ("api.cases_listed", None) in actions
    for action in ("api.case_read", "api.case_pdf_read", "api.registration", "api.status_change",
                   "api.completion_request", "api.message", "api.decision", "api.document_read", "api.timeline_read"):
        assert (action, ref) in actions, action
