"""Who sees what, as a matrix: every page that shows a person's data (drafts, their files, cases,
the case's copy, attachments and documents, the citizen's actions on a case, the profile, the
sessions) and the staff pages of a case, against every kind of visitor. The owner sees; anyone
else gets the same 404 as for a case that does not exist (or, on pages with no case in the URL,
only their own data); an anonymous visitor is sent to log in where a login would help.

One platform, on SQLite, is set up once: Anna files two parking-permit cases (the service is
routed to the built-in inbox) with a medical certificate attached, keeps a draft with an
uploaded file and a profile; Olof (handler of every service) records a decision with a
document. The access rules are the platform's (blankett.web.access); the database is not
what is tested here, so one is enough.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from blankett.db import upgrade
from tests.conftest import ROOT
from tests.services.journeys import PARKERINGSTILLSTAND
from tests.services.walk import file_case
from tests.support.files import pdf
from tests.support.html import forms, main_form
from tests.support.platform import RunningPlatform, log_in, running_platform
from tests.web.test_inbox import staff_client
from tests.web.test_journey import wait_for
from tests.web.test_my_sessions import client as firefox
from tests.web.test_uploads import reach, upload

SERVICE = PARKERINGSTILLSTAND.service  # login required, files, confidentiality 2
CERTIFICATE = pdf("Matrisintyg for Anna")
DRAFT_FILE = pdf("Utkastintyg for Anna")
DECISION = pdf("Beslut om parkeringstillstand")
ANNA_EMAIL = "anna.matris@example.se"
ANSWER = PARKERINGSTILLSTAND.pages["funktionsnedsattning"]["disability"]  # what a case page shows of Anna
JOURNEY = dataclasses.replace(
    PARKERINGSTILLSTAND,
    files={"lakare": {"medicalCertificate": [("matrisintyg.pdf", CERTIFICATE, "application/pdf")]}},
    shown=(),
)

# The visitors, each with a browser of their own. Room for the organisation representative
# (representation of a company or a child): add the actor here, say how it logs in in
# ``log_in_as``, and give it one more outcome at the end of every row of MATRIX.
ACTORS = (
    "owner",  # Anna, who filed the cases and keeps the draft and the profile
    "another citizen",  # Erik
    "anonymous visitor",
    "handler of another service",  # Sara: handler of synpunkt and felanmalan
    "handler of the service",  # Olof: handler of every service
)

SHOWN = "shown"  # the owner's data (200, or 422 for an action posted without its text)
OWN = "own"  # a page of the visitor's own (200), without the owner's data
NOT_FOUND = "404"  # the same 404 as for a case that does not exist
LOGIN = "login"  # sent to the identity provider to log in
FORBIDDEN = "403"  # logged in, without the role the page needs


def row(*outcomes: str) -> dict[str, str]:
    assert len(outcomes) == len(ACTORS), "one outcome per actor"
    return dict(zip(ACTORS, outcomes, strict=True))


MATRIX: dict[str, dict[str, str]] = {
    #                          owner  another   anonymous  other handler  handler
    "draft page": row(SHOWN, OWN, LOGIN, OWN, OWN),
    "own file in a draft": row(SHOWN, NOT_FOUND, LOGIN, NOT_FOUND, NOT_FOUND),
    "case page": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "case PDF copy": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "case attachment": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "decision document": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "message POST": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "completion POST": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "withdraw POST": row(SHOWN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "profile page": row(SHOWN, OWN, LOGIN, OWN, OWN),
    "profile download": row(SHOWN, OWN, LOGIN, OWN, OWN),
    "sessions page": row(SHOWN, OWN, LOGIN, OWN, OWN),
    "inbox case page": row(FORBIDDEN, FORBIDDEN, LOGIN, NOT_FOUND, SHOWN),
    "inbox document": row(FORBIDDEN, FORBIDDEN, LOGIN, NOT_FOUND, SHOWN),
}


@dataclass
class World:
    platform: RunningPlatform
    browsers: dict[str, httpx.Client]
    reference: str  # the case everything is looked at in
    case_path: str  # /arenden/<public id>
    attachment_path: str
    document_path: str  # the decision document on the citizen's case page
    withdrawable_path: str  # the second case, which the owner withdraws
    draft_file_id: str


def services_with_an_inbox(tmp_path: Path) -> str:
    services = tmp_path / "services"
    shutil.copytree(ROOT / "config" / "services", services)
    toml = services / f"{SERVICE}.toml"
    toml.write_text(toml.read_text().replace('connector = "handlaggning"', 'connector = "inkorg"'))
    return str(services)


def log_in_as(platform: RunningPlatform, actor: str) -> httpx.Client:
    """A browser of ``actor`` (the owner's is made while the world is set up)."""
    if actor == "anonymous visitor":
        return platform.client()
    if actor == "another citizen":
        browser = platform.client()
        log_in(browser, browser.get("/profil"), person="erik")
        return browser
    staff = {"handler of another service": "sara", "handler of the service": "olof"}
    return staff_client(platform, staff[actor])


def link(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    assert found, page[-3000:]
    return found.group(1)


def csrf(browser: httpx.Client) -> str:
    """The visitor's own CSRF token, from a page anyone may open (felanmalan allows anonymity)."""
    start = browser.get("/e-tjanst/felanmalan")
    page = browser.get(link(start.text, r'href="(/e-tjanst/felanmalan/sida/[^"]+)"'))
    return main_form(page.text).fields["csrf_token"]


def owners_world(platform: RunningPlatform, anna: httpx.Client) -> dict[str, str]:
    """Anna's two cases and a draft with a file (the second case and the draft from other
    browsers of hers: a draft is the person's, wherever they log in), and her profile; their
    addresses."""
    reference = file_case(anna, JOURNEY)  # logs in
    with platform.client() as elsewhere:
        withdrawable = file_case(elsewhere, JOURNEY)
    with platform.client() as elsewhere:
        chosen = [("utkastintyg.pdf", DRAFT_FILE, "application/pdf")]
        shown = upload(elsewhere, reach(elsewhere, JOURNEY, "lakare"), "medicalCertificate", chosen)
    assert "utkastintyg.pdf" in shown.text, shown.text[:2000]
    profile = anna.get("/profil")
    fields = {**main_form(profile.text).fields, "email": ANNA_EMAIL, "channel": "none"}
    saved = anna.post("/profil", data=fields)
    assert saved.status_code == 200, saved.text[:2000]
    cases = anna.get("/arenden").text
    case_path = link(cases, rf'href="(/arenden/[^"]+)"[^>]*>\s*{reference}')
    return {
        "reference": reference,
        "case_path": case_path,
        "attachment_path": link(anna.get(case_path).text, r'href="(/arenden/[^"]+/bilagor/[^"]+)"'),
        "withdrawable_path": link(cases, rf'href="(/arenden/[^"]+)"[^>]*>\s*{withdrawable}'),
        "draft_file_id": link(shown.text, r'href="../filer/([^"]+)"'),
    }


def record_decision(olof: httpx.Client, reference: str) -> None:
    wait_for(lambda: reference in olof.get("/handlaggning").text)  # the worker delivered it to the inbox
    page = olof.get(f"/handlaggning/{reference}")
    [form] = [f for f in forms(page.text) if f.action.endswith("/beslut")]
    decided = olof.post(
        form.action,
        data={**form.fields, "decision": "Beviljas."},
        files={"document": ("beslut.pdf", DECISION, "application/pdf")},
    )
    assert decided.status_code == 200
    assert "Beslut fattat" in decided.text, decided.text[:2000]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp_path = tmp_path_factory.mktemp("access-matrix")
    database_url = f"sqlite:///{tmp_path / 'blankett.db'}"
    upgrade(database_url)
    connectors = {
        "handlaggning": {"type": "filedrop", "directory": str(tmp_path / "filedrop")},
        "inkorg": {"type": "inbox"},
    }
    with running_platform(
        database_url, tmp_path / "var", connectors, services_dir=services_with_an_inbox(tmp_path)
    ) as platform:
        anna = firefox(platform)  # a browser the sessions page names
        found = owners_world(platform, anna)
        browsers = {"owner": anna} | {a: log_in_as(platform, a) for a in ACTORS if a != "owner"}
        record_decision(browsers["handler of the service"], found["reference"])
        case_page = anna.get(found["case_path"]).text
        document_path = link(case_page, r'href="(/arenden/[^"]+/dokument/[^"]+)"')
        try:
            yield World(platform, browsers, document_path=document_path, **found)
        finally:
            for browser in browsers.values():
                browser.close()


# How each resource is asked for, and how the owner's data is recognised in the answer.
Request = Callable[[World, httpx.Client], httpx.Response]


def _post(path: Callable[[World], str], **data: str) -> Request:
    return lambda w, b: b.post(path(w), data={"csrf_token": csrf(b), **data})


def _inbox_document(world: World) -> str:
    document_id = world.document_path.rsplit("/", 1)[1]
    return f"/handlaggning/{world.reference}/dokument/{document_id}"


REQUESTS: dict[str, Request] = {
    "draft page": lambda w, b: b.get(f"/e-tjanst/{SERVICE}/sida/lakare"),
    "own file in a draft": lambda w, b: b.get(f"/e-tjanst/{SERVICE}/filer/{w.draft_file_id}"),
    "case page": lambda w, b: b.get(w.case_path),
    "case PDF copy": lambda w, b: b.get(w.case_path + "/kopia.pdf"),
    "case attachment": lambda w, b: b.get(w.attachment_path),
    "decision document": lambda w, b: b.get(w.document_path),
    # Sent without their text: the owner gets the case page back with the error (nothing changes).
    "message POST": _post(lambda w: w.case_path + "/meddelande", message=""),
    "completion POST": _post(lambda w: w.case_path + "/komplettering", completion=""),
    "withdraw POST": _post(lambda w: w.withdrawable_path + "/aterkalla"),
    "profile page": lambda w, b: b.get("/profil"),
    "profile download": lambda w, b: b.get("/profil/mina-uppgifter.json"),
    "sessions page": lambda w, b: b.get("/sessioner"),
    "inbox case page": lambda w, b: b.get(f"/handlaggning/{w.reference}"),
    "inbox document": lambda w, b: b.get(_inbox_document(w)),
}

MARKS: dict[str, Callable[[World], bytes]] = {
    "draft page": lambda w: b"utkastintyg.pdf",
    "own file in a draft": lambda w: DRAFT_FILE,
    "case page": lambda w: str(ANSWER).encode(),
    "case PDF copy": lambda w: b"%PDF",
    "case attachment": lambda w: CERTIFICATE,
    "decision document": lambda w: DECISION,
    "message POST": lambda w: str(ANSWER).encode(),
    "completion POST": lambda w: str(ANSWER).encode(),
    "withdraw POST": lambda w: "Återkallad".encode(),
    "profile page": lambda w: ANNA_EMAIL.encode(),
    "profile download": lambda w: ANNA_EMAIL.encode(),
    "sessions page": lambda w: b"Firefox",
    "inbox case page": lambda w: str(ANSWER).encode(),
    "inbox document": lambda w: DECISION,
}


def missing(world: World, resource: str, browser: httpx.Client) -> httpx.Response:
    """The same request for a case (or file) that does not exist."""
    nowhere = "/arenden/finns-inte"
    gone = dataclasses.replace(
        world, reference="BLK-2000-999999", case_path=nowhere, attachment_path=f"{nowhere}/bilagor/x",
        document_path=f"{nowhere}/dokument/x", withdrawable_path=nowhere, draft_file_id="finns-inte",
    )
    return REQUESTS[resource](gone, browser)


def heading(response: httpx.Response) -> tuple[str, str]:
    """The page's title and main heading."""
    title = re.search(r"<title>(.*?)</title>", response.text, re.S)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
    return (title.group(1) if title else "", h1.group(1) if h1 else "")


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("resource", list(MATRIX))
def test_access(world: World, resource: str, actor: str) -> None:
    expected = MATRIX[resource][actor]
    browser = world.browsers[actor]
    response = REQUESTS[resource](world, browser)
    mark = MARKS[resource](world)
    if expected == SHOWN:
        assert response.status_code in (200, 422), (response.status_code, response.text[:1000])
        assert mark in response.content
        return
    assert mark not in response.content  # whatever the answer, never the owner's data
    if expected == OWN:
        assert response.status_code == 200
        assert "/test-idp/" not in str(response.url)
    elif expected == LOGIN:
        assert "/test-idp/authorize" in str(response.url), response.url
    elif expected == FORBIDDEN:
        assert response.status_code == 403
    else:
        assert response.status_code == 404, (response.status_code, response.text[:1000])
        absent = missing(world, resource, browser)
        assert absent.status_code == 404
        assert heading(response) == heading(absent)  # nothing tells a hidden case from a missing one


def test_the_matrix_covers_every_resource_and_actor() -> None:
    assert set(MATRIX) == set(REQUESTS) == set(MARKS)
    assert all(set(outcomes) == set(ACTORS) for outcomes in MATRIX.values())
