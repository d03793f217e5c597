"""File uploads over real HTTP: without JavaScript, checked by content, limited, named safely,
sealed at rest where the service seals its answers, kept to their owner, attached to the case,
listed in the envelope and served to the case API. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from blankett.app import create_app
from blankett.db import AuditEvent, Database, Upload
from tests.services.journeys import FELANMALAN, PARKERINGSTILLSTAND
from tests.services.walk import Journey, fill_page, open_service, send
from tests.support.files import TEXT_NAMED_PDF, pdf, png
from tests.support.platform import RunningPlatform, platform_settings
from tests.support.server import free_port, serve_in_thread

API_SECRET = "tillstand-secret-" + "s" * 32
CERTIFICATE = pdf("Läkarintyg för Anna")
# The journey without its own upload: these tests choose the files.
PARKERING = dataclasses.replace(PARKERINGSTILLSTAND, files={"lakare": {"medicalCertificate": []}})


@contextmanager
def platform_with_api(database_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    port = free_port()
    settings = platform_settings(database_url, tmp_path / "var", port)
    clients = {"tillstand": {"secret": API_SECRET, "services": ["parkeringstillstand"], "scopes": ["cases:read"]}}
    settings = dataclasses.replace(settings, api_clients=clients)
    app = create_app(settings)
    with serve_in_thread(app, port) as url:
        yield RunningPlatform(url, settings, app)


def reach(client: httpx.Client, journey: Journey, page: str) -> httpx.Response:
    """Open the service and answer every page before ``page``."""
    response = open_service(client, journey)
    for earlier in journey.pages:
        if earlier == page:
            return response
        response = fill_page(client, response, journey, earlier)
    raise AssertionError(f"no page {page}")


def upload(client: httpx.Client, page: httpx.Response, field: str, files: list[Any], values: dict[str, Any] | None = None) -> httpx.Response:
    """Press the field's "Ladda upp" button with these files chosen."""
    pointer = re.search(r'name="_upload" value="([^"]+)"', page.text)
    assert pointer, page.text[:2000]
    return send(client, page, values or {}, press=("_upload", pointer.group(1)), files={field: files})


def rows(database_url: str) -> list[Upload]:
    async def read() -> list[Upload]:
        db = Database(database_url)
        try:
            async with db.session() as s:
                return list(await s.scalars(select(Upload).order_by(Upload.created_at)))
        finally:
            await db.dispose()

    return asyncio.run(read())


def audit_actions(database_url: str) -> list[str]:
    async def read() -> list[str]:
        db = Database(database_url)
        try:
            async with db.session() as s:
                return list(await s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_an_upload_is_sealed_listed_filed_and_served(database_url: str, tmp_path: Path) -> None:
    """parkeringstillstand seals its answers (confidentiality 2): so are its files, end to end."""
    with platform_with_api(database_url, tmp_path) as platform, platform.client() as citizen:
        page = reach(citizen, PARKERINGSTILLSTAND, "lakare")
        assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text
        shown = upload(citizen, page, "medicalCertificate", [("../../tmp/Läkar\u202eintyg.PDF", CERTIFICATE, "text/plain")])
        assert shown.status_code == 200 and shown.url.path.endswith("/sida/lakare"), shown.text[:2000]
        assert "Läkarintyg.PDF" in shown.text and "Ta bort" in shown.text
        assert 'class="error-summary"' not in shown.text

        [row] = rows(platform.settings.database_url)
        assert row.sealed and row.key_id and row.case_id is None
        assert row.sha256 == hashlib.sha256(CERTIFICATE).hexdigest() and row.size == len(CERTIFICATE)
        assert row.media_type == "application/pdf"  # from the content; the browser said text/plain
        assert b"%PDF" not in row.content and b"Anna" not in row.content  # ciphertext at rest

        own = citizen.get(f"/e-tjanst/parkeringstillstand/filer/{row.id}")
        assert own.status_code == 200 and own.content == CERTIFICATE
        assert own.headers["content-disposition"].startswith("attachment;")
        assert own.headers["x-content-type-options"] == "nosniff"

        response = fill_page(citizen, shown, PARKERING, "lakare")
        response = fill_page(citizen, response, PARKERING, "kontakt")
        assert "Läkarintyg.PDF" in response.text  # check your answers names the file
        receipt = send(citizen, response, {})
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert receipt.status_code == 200 and reference
        ref = reference.group(0)
        link = re.search(r'href="(/arenden/[^"]+/bilagor/[^"]+)"', receipt.text)
        assert link, receipt.text[-3000:]
        attached = citizen.get(link.group(1))
        assert attached.status_code == 200 and attached.content == CERTIFICATE
        copy = citizen.get(receipt.url.path + "/kopia.pdf")
        assert copy.status_code == 200 and copy.content.startswith(b"%PDF")

        [row] = rows(platform.settings.database_url)
        assert row.case_id is not None and row.sealed and row.key_id is None  # now under the case's key
        assert b"%PDF" not in row.content
        assert citizen.get(f"/e-tjanst/parkeringstillstand/filer/{row.id}").status_code == 404  # the case's now

        with httpx.Client(base_url=platform.url, timeout=20) as api:
            token = api.post("/api/oauth/token", auth=("tillstand", API_SECRET), data={"grant_type": "client_credentials"})
            api.headers["authorization"] = f"Bearer {token.json()['access_token']}"
            envelope = api.get(f"/api/v1/cases/{ref}").json()["envelope"]
            [listed] = envelope["attachments"]
            assert listed["id"] == row.id and listed["fileName"] == "Läkarintyg.PDF"
            assert listed["contentType"] == "application/pdf" and listed["sha256"] == row.sha256
            assert listed["href"] == f"{platform.url}/api/v1/cases/{ref}/attachments/{row.id}"
            assert envelope["answers"]["medicalCertificate"] == [
                {"id": row.id, "name": "Läkarintyg.PDF", "mediaType": "application/pdf", "size": row.size, "sha256": row.sha256}
            ]
            served = api.get(f"/api/v1/cases/{ref}/attachments/{row.id}")
            assert served.status_code == 200 and served.content == CERTIFICATE
            assert hashlib.sha256(served.content).hexdigest() == listed["sha256"]
            assert api.get(f"/api/v1/cases/{ref}/attachments/nosuchfile0000000000").status_code == 404
        assert "api.attachment_read" in audit_actions(platform.settings.database_url)


def test_files_are_checked_by_content_size_and_count(database_url: str, tmp_path: Path) -> None:
    with platform_with_api(database_url, tmp_path) as platform, platform.client() as citizen:
        page = reach(citizen, PARKERINGSTILLSTAND, "lakare")
        values = {"doctor.name": "Eva Läkare", "doctor.clinic": "Vårdcentralen Norrby"}
        # A text file named .pdf, sent as application/pdf, with "Fortsätt": refused, answers kept.
        refused = send(citizen, page, {**PARKERINGSTILLSTAND.pages["lakare"]}, files={"medicalCertificate": [TEXT_NAMED_PDF]})
        assert refused.status_code == 422, refused.text[:2000]
        assert "Filen intyg.pdf har fel filtyp. Läkarintyget måste vara PDF, JPG eller PNG" in refused.text
        assert 'class="error-summary"' in refused.text and 'href="#f-medicalCertificate"' in refused.text
        assert re.search(r'id="f-medicalCertificate"[^>]*aria-invalid="true"', refused.text)
        assert 'value="Vårdcentralen Norrby"' in refused.text  # every other answer kept
        assert rows(platform.settings.database_url) == []

        # Four files where three are allowed: three are kept, the fourth is named in the error.
        files = [(f"intyg-{n}.pdf", pdf(f"Sida {n}"), "application/pdf") for n in range(1, 5)]
        many = upload(citizen, refused, "medicalCertificate", files, values)
        assert many.status_code == 422
        assert "Du kan ladda upp högst 3 filer för läkarintyget" in many.text
        assert all(f"intyg-{n}.pdf" in many.text for n in (1, 2, 3)) and "intyg-4.pdf (" not in many.text
        assert 'type="file"' not in many.text  # full: no input until one is removed
        stored = rows(platform.settings.database_url)
        assert len(stored) == 3

        # Remove one (a POST, no JavaScript): the row goes too.
        removed = send(citizen, many, values, press=("_remove_file", stored[0].id))
        assert removed.status_code == 200 and "intyg-1.pdf" not in removed.text and 'type="file"' in removed.text
        assert [r.filename for r in rows(platform.settings.database_url)] == ["intyg-2.pdf", "intyg-3.pdf"]

        # Too large: one byte over the field's limit (10 MB by default).
        big = b"\x89PNG\r\n\x1a\n" + b"\0" * 10_000_000
        large = upload(citizen, removed, "medicalCertificate", [("röntgen.png", big, "image/png")], values)
        assert large.status_code == 422
        assert "Filen röntgen.png är för stor. Filer för läkarintyget får vara högst 10 MB" in large.text
        empty = upload(citizen, large, "medicalCertificate", [("tom.pdf", b"", "application/pdf")], values)
        assert "Filen tom.pdf är tom" in empty.text
        assert len(rows(platform.settings.database_url)) == 2


def test_a_required_file_field(database_url: str, tmp_path: Path) -> None:
    from tests.services.journeys import BYGGLOV

    with platform_with_api(database_url, tmp_path) as platform, platform.client() as citizen:
        page = reach(citizen, BYGGLOV, "ritningar")
        missing = send(citizen, page, {}, files={})
        assert missing.status_code == 422 and "Ladda upp ritningarna" in missing.text
        both = send(citizen, missing, {}, files={"drawings": [("plan.pdf", pdf(), "application/pdf"), ("foto.png", png(), "image/png")]})
        assert both.url.path.endswith("/sida/kontrollansvarig"), both.text[:2000]
        assert sorted(r.media_type for r in rows(platform.settings.database_url)) == ["application/pdf", "image/png"]
        assert all(r.sealed for r in rows(database_url))  # bygglov is confidentiality 1


def test_an_anonymous_upload_is_only_its_sessions(database_url: str, tmp_path: Path) -> None:
    with platform_with_api(database_url, tmp_path) as platform:
        with platform.client() as first, platform.client() as second:
            page = reach(first, FELANMALAN, "beskrivning")
            values = FELANMALAN.pages["beskrivning"]
            photo = png()
            shown = upload(first, page, "photo", [("lykta.png", photo, "image/png")], values)
            assert "lykta.png" in shown.text
            [row] = rows(database_url)
            assert not row.sealed and row.content == photo  # felanmalan is confidentiality 0
            assert row.owner_key.startswith("session:")

            assert second.get(f"/e-tjanst/felanmalan/filer/{row.id}").status_code == 404
            theirs = reach(second, FELANMALAN, "beskrivning")
            assert "lykta.png" not in theirs.text
            send(second, theirs, values, press=("_remove_file", row.id))
            assert [r.id for r in rows(database_url)] == [row.id]  # not theirs to remove
            assert first.get(f"/e-tjanst/felanmalan/filer/{row.id}").content == photo

            # A reference posted as text is never taken for a file.
            forged = send(second, theirs, {**values, "photo": f'{{"id": "{row.id}"}}'})
            assert forged.url.path.endswith("/sida/kontakt"), forged.text[:2000]
            assert second.get(f"/e-tjanst/felanmalan/filer/{row.id}").status_code == 404
