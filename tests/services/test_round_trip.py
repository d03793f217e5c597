"""Every example service filed end to end over real HTTP, and one error case each."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.services.journeys import JOURNEYS
from tests.services.walk import file_case, fill_page, open_service, press_buttons, send
from tests.support.platform import RunningPlatform

BY_ID = {j.service: j for j in JOURNEYS}
FILED_FOR = {
    "serveringstillstand": {
        "kind": "organisation", "orgNumber": "5599001236", "orgName": "Exempelbolaget i Visby AB",
        "evidence": "idp", "verified": True,
    },
    "forskoleplats": {
        "kind": "child", "relation": "guardian", "evidence": "declared", "verified": False,
        "child": {"personalNumber": "202303151233", "name": "Elsa Andersson"},
    },
}


def delivered(platform: RunningPlatform, reference: str) -> dict:  # type: ignore[type-arg]
    """The envelope the file drop connector wrote for ``reference``."""
    path = Path(platform.settings.var_dir) / "filedrop" / f"{reference}.json"
    deadline = time.monotonic() + 15
    while not path.exists():
        assert time.monotonic() < deadline, f"{reference} was not delivered"
        time.sleep(0.1)
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("service", sorted(BY_ID))
def test_file_the_service(platform: RunningPlatform, service: str) -> None:
    journey = BY_ID[service]
    with platform.client() as client:
        reference = file_case(client, journey)
    envelope = delivered(platform, reference)
    assert envelope["case"]["reference"] == reference
    assert envelope["service"]["id"] == service
    assert (envelope["submitter"] is None) == journey.anonymous  # anonymous services file without a login
    uploaded = [upload for page in journey.files.values() for uploads in page.values() for upload in uploads]
    assert envelope["representation"] == FILED_FOR.get(service)  # whom "Vem ansöker du för?" named
    assert [(a["fileName"], a["size"]) for a in envelope["attachments"]] == [(n, len(c)) for n, c, _ in uploaded]


@pytest.mark.parametrize("service", sorted(BY_ID))
def test_a_required_answer_left_empty(platform: RunningPlatform, service: str) -> None:
    journey = BY_ID[service]
    page, field, kept = journey.error
    with platform.client() as client:
        response = open_service(client, journey)
        for earlier in journey.pages:
            if earlier == page:
                break
            response = fill_page(client, response, journey, earlier)
        assert response.url.path.endswith(f"/sida/{page}"), response.url
        response = press_buttons(client, response, journey, page)
        values = {**journey.pages[page], field: ""}
        response = send(client, response, values)
        if response.status_code == 200 and response.url.path.endswith(f"/sida/{page}"):
            response = send(client, response, values)  # the answers revealed more questions first
        assert response.status_code == 422, response.text[:2000]
        assert 'class="error-summary"' in response.text
        assert "<title>Fel:" in response.text
        assert re.search(r'aria-invalid="true"', response.text)
        assert kept in response.text, f"the answer {kept!r} was not kept"
