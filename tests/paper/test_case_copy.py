"""The PDF copy of a filed case: reference, time, answers; only for whoever may see the case."""

from __future__ import annotations

import re
from pathlib import Path

from tests.paper.test_blank_form import pdf_text
from tests.support.platform import log_in, running_platform
from tests.web.test_journey import file_example_case


def test_the_owner_downloads_a_copy_with_reference_and_answers(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, platform.client() as client:
        receipt = file_example_case(client)
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert reference
        assert 'kopia.pdf"' in receipt.text
        copy = client.get(receipt.url.path + "/kopia.pdf")
        assert copy.status_code == 200
        assert copy.headers["content-type"] == "application/pdf"
        content = pdf_text(copy.content)
        for expected in (reference.group(0), "Kvitto på inskickat ärende", "Lämna en synpunkt eller ett klagomål",
                         "Gatlyktan vid Storgatan 12 har varit trasig i två veckor.", "Gator, parker och trafik",
                         "Inkommen", "3 november 2026"):
            assert expected in content, expected
        english = pdf_text(client.get(receipt.url.path + "/kopia.pdf?lang=en").content)
        assert "Receipt for a case sent" in english and "Received" in english

        with platform.client() as stranger:
            assert stranger.get(receipt.url.path + "/kopia.pdf", follow_redirects=False).status_code == 404
            page = stranger.get("/logga-in", params={"next": "/"})
            persons = re.findall(r'name="person"[^>]*value="([^"]+)"', page.text)
            log_in(stranger, page, person=persons[1])
            assert stranger.get(receipt.url.path + "/kopia.pdf").status_code == 404
