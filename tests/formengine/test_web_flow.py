"""The web layer walks the path the answers take: conditional pages, questions revealed by an
answer, repeatable sections with add and remove, an exit page, and check-your-answers built
from the pages actually shown. Over real HTTP against the whole platform."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.formengine.test_conditions import CONDITIONS, PAGES, SCHEMA
from tests.support.html import main_form
from tests.support.platform import log_in, running_platform

ROOMS = {
    "id": "rum",
    "title": {"sv": "Rum", "en": "Rooms"},
    "elements": [
        {
            "type": "control",
            "path": "/rooms",
            "label": {"sv": "Rum med eldstad", "en": "Rooms with a stove"},
            "itemTitle": {"sv": "Rum {index}", "en": "Room {index}"},
        }
    ],
}


def _service(tmp_path: Path) -> tuple[Path, Path]:
    forms, services = tmp_path / "forms", tmp_path / "services"
    forms.mkdir()
    services.mkdir()
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["rooms"] = {"type": "array", "items": {"type": "string"}, "maxItems": 5}
    definition = {
        "formatVersion": "1.0",
        "id": "eldstad",
        "version": "1.0.0",
        "title": {"sv": "Anmälan om eldstad", "en": "Notification of a stove"},
        "schema": schema,
        "conditions": CONDITIONS,
        "pages": [*PAGES[:3], ROOMS, *PAGES[3:]],
    }
    (forms / "eldstad.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    shutil.copy(ROOT / "config" / "services" / "synpunkt.toml", services / "eldstad.toml")
    return forms, services


def send(client: httpx.Client, response: httpx.Response, values: dict[str, str]) -> httpx.Response:
    return client.post(str(response.url).split("#")[0], data={**main_form(response.text).fields, **values})


def test_the_path_taken(sqlite_url: str, tmp_path: Path) -> None:
    forms, services = _service(tmp_path)
    with running_platform(sqlite_url, tmp_path, forms_dir=str(forms), services_dir=str(services)) as platform:
        with platform.client() as client:
            response = log_in(client, client.get("/e-tjanst/eldstad/sida/typ"))
            assert "Steg 1 av 3" in response.text  # only what is on the path so far
            response = send(client, response, {"applicantType": "company"})
            assert response.url.path == "/e-tjanst/eldstad/sida/foretag"
            assert "Steg 2 av 5" in response.text
            response = send(client, response, {"orgnr": "556036-0793"})
            assert response.url.path == "/e-tjanst/eldstad/sida/eldstader"
            # Answering "yes" reveals the sweep question: the page comes back, without errors.
            response = send(client, response, {"stoves": "4", "chimney": "true"})
            assert response.url.path == "/e-tjanst/eldstad/sida/eldstader"
            assert response.status_code == 200
            assert "error-summary" not in response.text
            assert 'name="sweep"' in response.text
            response = send(client, response, {"sweep": "Sot AB"})
            # Rooms: add two, remove the first; every answer is kept.
            assert response.url.path == "/e-tjanst/eldstad/sida/rum"
            response = send(client, response, {"_add": "/rooms"})
            assert response.url.path == "/e-tjanst/eldstad/sida/rum"
            response = send(client, response, {"rooms.0": "Kök", "_add": "/rooms"})
            response = send(client, response, {"rooms.1": "Vardagsrum", "_remove": "/rooms/0"})
            assert re.search(r'name="rooms.0"[^>]*value="Vardagsrum"', response.text)
            response = send(client, response, {})
            # A company with four stoves cannot go on.
            assert response.url.path == "/e-tjanst/eldstad/sida/stopp"
            assert "Företag med fler än två eldstäder" in response.text
            assert "Fortsätt</button>" not in response.text
            assert client.get("/e-tjanst/eldstad/granska").url.path == "/e-tjanst/eldstad/sida/stopp"
            # Fewer stoves: the exit page leaves the path, the "Övrigt" page joins it.
            response = client.get("/e-tjanst/eldstad/sida/eldstader")
            response = send(client, response, {"stoves": "2"})
            assert response.url.path == "/e-tjanst/eldstad/sida/rum"
            response = send(client, response, {})
            assert response.url.path == "/e-tjanst/eldstad/sida/ovrigt"
            response = send(client, response, {"other": "Inget"})
            assert response.url.path == "/e-tjanst/eldstad/granska"
            assert "556036-0793" in response.text
            assert "Vardagsrum" in response.text
            assert "Du kan inte använda" not in response.text
            receipt = send(client, response, {})
            assert "Ditt ärende är inskickat" in receipt.text
