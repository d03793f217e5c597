"""The citizen acts on a filed case from its page, over real HTTP: answers a completion request
with text and attachments, writes to case handling, withdraws the case; the case system sees
each step through the case API. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.api.support import api_platform, case_system
from tests.support.html import forms
from tests.support.platform import RunningPlatform, log_in
from tests.web.test_journey import _other_person, file_example_case

PDF = b"%PDF-1.4\n% Foto av lyktan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _form(page: str, action_end: str) -> dict[str, str]:
    found = [f for f in forms(page) if f.action.endswith(action_end)]
    assert found, f"no form posting to …{action_end} on the page"
    return dict(found[0].fields)


def _file(citizen: httpx.Client) -> tuple[str, str]:
    receipt = file_example_case(citizen)
    reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
    assert reference
    return receipt.url.path, reference.group(0)


def _events(api: httpx.Client, reference: str) -> list[dict]:  # type: ignore[type-arg]
    events = api.get(f"/api/v1/cases/{reference}/timeline").json()["events"]
    return [e for e in events if e["kind"] != "delivered"]  # the worker's delivery may come any time


def test_the_citizen_answers_a_completion_request(database_url: str, tmp_path: Path) -> None:
    with api_platform(database_url, tmp_path) as platform, platform.client() as citizen:
        case_path, ref = _file(citizen)
        page = citizen.get(case_path).text
        assert "/komplettering" not in page  # nothing to answer yet
        with case_system(platform, "arende") as api:
            since = api.get(f"/api/v1/cases/{ref}").json()["case"]["updatedAt"]
            asked = api.post(f"/api/v1/cases/{ref}/completion-requests", json={"text": "Skicka ett foto på lyktan."})
            assert asked.status_code == 200, asked.text

            page = citizen.get(case_path).text
            assert "Handläggaren behöver mer från dig" in page and "Skicka ett foto på lyktan." in page
            fields = _form(page, "/komplettering")

            # An empty answer and a "PDF" that is text: both named, the text kept, nothing stored.
            refused = citizen.post(
                f"{case_path}/komplettering", data={**fields, "completion": "  "},
                files=[("attachments", ("foto.pdf", b"<html>not a pdf</html>", "application/pdf"))],
            )
            assert refused.status_code == 422
            assert "<title>Fel:" in refused.text and 'class="error-summary"' in refused.text
            assert 'href="#completion"' in refused.text and 'href="#attachments"' in refused.text
            assert "Skriv ditt svar på begäran om komplettering" in refused.text
            assert "Filen foto.pdf är inte en PDF-, PNG- eller JPEG-fil" in refused.text
            assert re.search(r'id="completion"[^>]*aria-invalid="true"', refused.text)
            kept = citizen.post(
                f"{case_path}/komplettering", data={**fields, "completion": "Här är fotot."},
                files=[("attachments", ("foto.pdf", b"GIF89a", "application/pdf"))],
            )
            assert kept.status_code == 422 and "Här är fotot." in kept.text  # the answer is kept
            assert [e["kind"] for e in _events(api, ref)][-1] == "status"  # nothing stored

            sent = citizen.post(
                f"{case_path}/komplettering", data={**fields, "completion": "Här är fotot <och ritningen>."},
                files=[
                    ("attachments", ("../../lyktan.pdf", PDF, "application/octet-stream")),
                    ("attachments", ("skiss.png", PNG, "image/png")),
                ],
            )
            assert sent.status_code == 200 and sent.url.path == case_path
            assert "Din komplettering är skickad" in sent.text
            assert "Här är fotot &lt;och ritningen&gt;." in sent.text
            assert "Under handläggning" in sent.text and "/komplettering" not in sent.text

            # The case system sees the case as changed and fetches the answer and its files.
            changed = api.get("/api/v1/cases", params={"changed_since": since}).json()["cases"]
            assert [c["reference"] for c in changed] == [ref]
            assert changed[0]["status"] == "in_progress"
            answer = _events(api, ref)[-2]
            assert answer["kind"] == "completion_answer" and answer["actor"] == "citizen"
            assert answer["text"] == "Här är fotot <och ritningen>."
            files = {d["filename"]: d for d in answer["documents"]}
            assert set(files) == {"lyktan.pdf", "skiss.png"}  # the path is gone from the name
            assert files["lyktan.pdf"]["mediaType"] == "application/pdf"  # by content, not by the browser
            assert api.get(files["lyktan.pdf"]["href"]).content == PDF
            assert api.get(files["skiss.png"]["href"]).content == PNG
            assert _events(api, ref)[-1]["status"] == "in_progress"

            # The citizen downloads their own attachment from the case page.
            link = re.search(r'href="(/arenden/[^"]+/dokument/[^"]+)"[^>]*>lyktan.pdf<', sent.text)
            assert link
            assert citizen.get(link.group(1)).content == PDF

            again = citizen.post(f"{case_path}/komplettering", data={**fields, "completion": "En gång till"})
            assert again.status_code == 409  # no completion request is open any more


def test_the_citizen_writes_to_handling_and_withdraws(database_url: str, tmp_path: Path) -> None:
    with api_platform(database_url, tmp_path) as platform, platform.client() as citizen:
        case_path, ref = _file(citizen)
        page = citizen.get(case_path).text
        fields = _form(page, "/meddelande")
        empty = citizen.post(f"{case_path}/meddelande", data={**fields, "message": ""})
        assert empty.status_code == 422 and "Skriv ditt meddelande till handläggaren" in empty.text
        too_long = citizen.post(f"{case_path}/meddelande", data={**fields, "message": "x" * 5001})
        assert too_long.status_code == 422 and "högst 5000 tecken" in too_long.text
        sent = citizen.post(f"{case_path}/meddelande", data={**fields, "message": "Lyktan blinkar nu också."})
        assert sent.status_code == 200 and "Ditt meddelande är skickat" in sent.text
        assert "Ditt meddelande till handläggaren" in sent.text and "Lyktan blinkar nu också." in sent.text

        confirm = citizen.get(f"{case_path}/aterkalla")
        assert confirm.status_code == 200 and "Vill du återkalla ärendet?" in confirm.text
        withdrawn = citizen.post(f"{case_path}/aterkalla", data=_form(confirm.text, "/aterkalla"))
        assert withdrawn.status_code == 200 and "Du har återkallat ärendet." in withdrawn.text
        assert "Återkallad" in withdrawn.text
        assert "/meddelande" not in withdrawn.text and "/aterkalla" not in withdrawn.text

        with case_system(platform, "arende") as api:
            kinds = [(e["kind"], e["status"], e["actor"]) for e in _events(api, ref)]
            assert kinds[-2:] == [("citizen_message", None, "citizen"), ("status", "withdrawn", "citizen")]
            assert _events(api, ref)[-2]["text"] == "Lyktan blinkar nu också."
            assert api.get(f"/api/v1/cases/{ref}").json()["case"]["status"] == "withdrawn"
            refused = api.post(f"/api/v1/cases/{ref}/status", json={"status": "in_progress"})
            assert refused.status_code == 409  # withdrawn is final for case handling too

        late = citizen.post(f"{case_path}/meddelande", data={**fields, "message": "Glöm det."})
        assert late.status_code == 409 and "återkallad" in html.unescape(late.text)
        assert citizen.get(f"{case_path}/aterkalla").status_code == 409


def test_a_decided_case_cannot_be_withdrawn(sqlite_url: str, tmp_path: Path) -> None:
    with api_platform(sqlite_url, tmp_path) as platform, platform.client() as citizen:
        case_path, ref = _file(citizen)
        with case_system(platform, "arende") as api:
            assert api.post(f"/api/v1/cases/{ref}/decision", json={"text": "Lagad."}).status_code == 200
        page = citizen.get(case_path).text
        assert "/aterkalla" not in page and "/meddelande" not in page
        fields = _form(citizen.get("/arenden").text, "/logga-ut")
        refused = citizen.post(f"{case_path}/aterkalla", data=fields)
        assert refused.status_code == 409 and "beslut fattat" in html.unescape(refused.text)


def test_only_the_owner_acts_and_only_with_a_csrf_token(sqlite_url: str, tmp_path: Path) -> None:
    with api_platform(sqlite_url, tmp_path) as platform:
        with platform.client() as owner:
            case_path, _ = _file(owner)
            fields = _form(owner.get(case_path).text, "/meddelande")
            forged = owner.post(f"{case_path}/meddelande", data={"message": "Utan token"})
            assert forged.status_code == 403
        with platform.client() as stranger:
            response = stranger.get("/arenden")
            log_in(stranger, response, person=_other_person(response.text))
            token = _form(stranger.get("/arenden").text, "/logga-ut")
            for action in ("meddelande", "aterkalla"):
                assert stranger.post(f"{case_path}/{action}", data={**token, "message": "Hej"}).status_code == 404
        with platform.client() as nobody:
            response = nobody.post(f"{case_path}/meddelande", data={**fields, "message": "Hej"})
            assert response.status_code in (403, 404)  # no session: no token, no case
        _assert_no_citizen_events(platform)


def _assert_no_citizen_events(platform: RunningPlatform) -> None:
    engine = create_engine(sync_url(platform.settings.database_url))
    with engine.connect() as conn:
        kinds = {row[0] for row in conn.execute(text("SELECT kind FROM case_events"))}
    engine.dispose()
    assert "citizen_message" not in kinds


def test_a_sealed_answer_is_ciphertext_in_the_database(sqlite_url: str, tmp_path: Path) -> None:
    with api_platform(sqlite_url, tmp_path) as platform, platform.client() as citizen:
        service = platform.app.state.catalog.get("synpunkt")
        if service.classification.confidentiality < 1:
            pytest.fail("synpunkt is expected to be sealed (confidentiality >= 1)")
        case_path, ref = _file(citizen)
        with case_system(platform, "arende") as api:
            api.post(f"/api/v1/cases/{ref}/completion-requests", json={"text": "Vilken lykta?"})
        fields = _form(citizen.get(case_path).text, "/komplettering")
        citizen.post(f"{case_path}/komplettering", data={**fields, "completion": "Lyktan nr 4711"},
                     files=[("attachments", ("lykta.pdf", PDF, "application/pdf"))])
        engine = create_engine(sync_url(platform.settings.database_url))
        with engine.connect() as conn:
            events = " ".join(str(r[0]) for r in conn.execute(text("SELECT data FROM case_events")))
            contents = [bytes(r[0]) for r in conn.execute(text("SELECT content FROM documents"))]
        engine.dispose()
        assert "Lyktan nr 4711" not in events and "sealed_text" in events
        assert contents and all(PDF not in c and b"%PDF" not in c for c in contents)
        assert "Lyktan nr 4711" in citizen.get(case_path).text  # plaintext on the page
