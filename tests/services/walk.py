"""Walk an example service over real HTTP as a person would: start page, every page on the
path the answers take, check your answers, send."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.html import main_form
from tests.support.platform import log_in

Values = dict[str, str | list[str]]
Upload = tuple[str, bytes, str]  # file name, content, the Content-Type a browser would send
REFERENCE = re.compile(r"BLK-\d{4}-\d{6}")
# Controls a person does not fill: the CSRF token and the repeat buttons.
_NOT_ANSWERS = {"_add", "_remove", "csrf_token", "_csrf"}


@dataclass(frozen=True)
class Journey:
    """One service's answers, page by page, keyed by the field names the HTML uses."""

    service: str
    title: str
    pages: dict[str, Values]
    anonymous: bool = False
    # Buttons pressed on a page before its answers are sent (e.g. adding a repeat item).
    presses: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Texts check-your-answers must show (how the answers read back).
    shown: tuple[str, ...] = ()
    # The error case: a page, the required field left empty, and an answer that must be kept.
    error: tuple[str, str, str] = ("", "", "")
    # Files chosen in each page's file inputs, by input name; an empty list leaves one empty.
    files: dict[str, dict[str, list[Upload]]] = field(default_factory=dict)
    # The test person who logs in (first on the provider's list when empty), and the answers on
    # "Vem ansöker du för?" (web/applicant.py) for a service that asks it.
    person: str = ""
    applicant: Values = field(default_factory=dict)


def answer_names(html: str, kind: str = "") -> set[str]:
    """Names of the visible controls a person answers (no hidden inputs, no buttons); file
    inputs only, with ``kind="file"``, else none of them."""
    names = set()
    for tag in re.finditer(r"<(input|select|textarea)\b[^>]*>", html):
        text = tag.group(0)
        name = re.search(r'name="([^"]+)"', text)
        if not name or 'type="hidden"' in text or name.group(1) in _NOT_ANSWERS:
            continue
        if ('type="file"' in text) == (kind == "file"):
            names.add(name.group(1))
    return names


def send(
    client: httpx.Client,
    response: httpx.Response,
    values: Values,
    press: tuple[str, str] | None = None,
    files: dict[str, list[Upload]] | None = None,
) -> httpx.Response:
    form = main_form(response.text)
    data: dict[str, Any] = {k: v for k, v in form.fields.items() if k not in answer_names(response.text)}
    data.update(values)
    if press:
        data[press[0]] = press[1]
    chosen = [(name, upload) for name, uploads in (files or {}).items() for upload in uploads]
    url = str(response.url.copy_with(fragment=None, query=None))
    if 'enctype="multipart/form-data"' in response.text:
        # Like a browser: multipart, with an empty part for a file input left empty.
        chosen = chosen or [(name, ("", b"", "application/octet-stream")) for name in answer_names(response.text, "file")]
        return client.post(url, data=data, files=chosen or None)
    return client.post(url, data=data)


def open_service(client: httpx.Client, journey: Journey) -> httpx.Response:
    """The start page, then its start link; log in unless the service allows anonymous filing;
    say whom the case is for when the service asks."""
    start = client.get(f"/e-tjanst/{journey.service}")
    assert start.status_code == 200, start.text[:1000]
    link = re.search(rf'href="(/e-tjanst/{journey.service}/(?:sida/[^"]+|sokande))"', start.text)
    assert link, start.text[:2000]
    response = client.get(link.group(1))
    if journey.anonymous:
        assert "/test-idp/" not in str(response.url), "an anonymous service asked for a login"
        return response
    response = log_in(client, response, person=journey.person or None)
    assert response.url.path.endswith("/sokande") == bool(journey.applicant), response.url
    if journey.applicant:
        response = send(client, response, journey.applicant)
        assert "/sida/" in response.url.path, f"{response.status_code} {response.text[:2000]}"
    return response


def press_buttons(
    client: httpx.Client, response: httpx.Response, journey: Journey, page: str
) -> httpx.Response:
    """Press the page's buttons (e.g. "add a person"), each time with what is filled in so far."""
    values = journey.pages[page]
    for press in journey.presses.get(page, []):
        shown = answer_names(response.text)
        response = send(client, response, {k: v for k, v in values.items() if k in shown}, press, files={})
        assert response.url.path.endswith(f"/sida/{page}"), response.url
        assert response.status_code == 200, response.text[:1500]
    return response


def fill_page(client: httpx.Client, response: httpx.Response, journey: Journey, page: str) -> httpx.Response:
    path = f"/e-tjanst/{journey.service}/sida/{page}"
    assert response.url.path == path, f"expected {path}, got {response.url}: {response.text[:1500]}"
    values = journey.pages[page]
    response = press_buttons(client, response, journey, page)
    missing = answer_names(response.text) - set(values)
    assert not missing, f"{page}: no answer in the table for {sorted(missing)}"
    files = journey.files.get(page, {})
    unchosen = answer_names(response.text, "file") - set(files)
    assert not unchosen, f"{page}: no files in the table for {sorted(unchosen)}"
    reply = send(client, response, values, files=files)
    if reply.url.path == path and reply.status_code == 200:  # an answer revealed more questions
        missing = answer_names(reply.text) - set(values)
        assert not missing, f"{page}: no answer in the table for {sorted(missing)}"
        reply = send(client, reply, values, files={})  # the files were uploaded the first time
    assert reply.status_code == 200, f"{page}: {reply.status_code} {reply.text[:3000]}"
    return reply


def file_case(client: httpx.Client, journey: Journey) -> str:
    """Fill and send the service; return the receipt's reference."""
    response = open_service(client, journey)
    for page in journey.pages:
        response = fill_page(client, response, journey, page)
    assert response.url.path == f"/e-tjanst/{journey.service}/granska", response.text[:3000]
    for text in journey.shown:
        assert text in response.text, f"check-your-answers does not show {text!r}"
    signing = "Signera och skicka in" in response.text
    receipt = send(client, response, {})
    if signing:  # the service requires signing: the test provider's signing page, then the receipt
        assert "Du skriver under:" in receipt.text, receipt.text[:2000]
        receipt = log_in(client, receipt)
        assert "Underskrift" in receipt.text, receipt.text[:2000]
    assert receipt.status_code == 200, receipt.text[:2000]
    reference = REFERENCE.search(receipt.text)
    assert reference, receipt.text[:2000]
    assert "Ditt ärende är inskickat" in receipt.text
    return reference.group(0)
