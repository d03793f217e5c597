"""My pages: a draft is kept on every page, listed to resume or delete."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.html import forms
from tests.support.platform import log_in, running_platform
from tests.web.test_journey import ANSWERS, submit_page


def test_resume_and_delete_a_draft(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        first = log_in(client, client.get("/e-tjanst/synpunkt/sida/vad"))
        submit_page(client, first, ANSWERS["vad"])
        mine = client.get("/arenden")
        assert "Påbörjade e-tjänster" in mine.text
        assert 'href="/e-tjanst/synpunkt/granska"' in mine.text
        # Resuming lands on the first page still to be answered, with earlier answers kept.
        resumed = client.get("/e-tjanst/synpunkt/granska")
        assert resumed.url.path == "/e-tjanst/synpunkt/sida/beskrivning"
        assert re.search(r'value="klagomål"[^>]*checked', client.get("/e-tjanst/synpunkt/sida/vad").text)

        delete_forms = [f for f in forms(mine.text) if f.action == "/utkast/synpunkt/radera"]
        assert delete_forms
        assert client.post("/utkast/synpunkt/radera", data={"csrf_token": "wrong"}).status_code == 403
        after = client.post("/utkast/synpunkt/radera", data=delete_forms[0].fields)
        assert after.url.path == "/arenden"
        assert "Påbörjade e-tjänster" not in after.text
        assert not re.search(r'value="klagomål"[^>]*checked', client.get("/e-tjanst/synpunkt/sida/vad").text)


def test_drafts_are_per_person(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform:
        with platform.client() as anna:
            submit_page(anna, log_in(anna, anna.get("/e-tjanst/synpunkt/sida/vad")), ANSWERS["vad"])
        with platform.client() as other:
            page = other.get("/logga-in", params={"next": "/arenden"})
            persons = re.findall(r'name="person"[^>]*value="([^"]+)"', page.text)
            mine = log_in(other, page, person=persons[1])
            assert "Påbörjade e-tjänster" not in mine.text
            assert not re.search(r'value="klagomål"[^>]*checked', other.get("/e-tjanst/synpunkt/sida/vad").text)
