"""The form authors' page over real HTTP: staff with the author role see every form definition
with its version, whether it is published and shown, and the problems `blankett forms check`
finds (file, JSON pointer, reason), with a link to the printable form; nobody else gets in."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.support.platform import log_in, running_platform
from tests.web.test_inbox import staff_client


def forms_with_problems(tmp_path: Path) -> Path:
    """The shipped forms, two of them broken as an author might break them."""
    forms = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", forms)
    # Changed without a new version number: the published version would mean something else.
    synpunkt = forms / "synpunkt.json"
    synpunkt.write_text(synpunkt.read_text().replace("Lämna en synpunkt", "Lämna gärna en synpunkt", 1))
    # A new version (not published yet) that requires an answer no page asks for.
    felanmalan = json.loads((forms / "felanmalan.json").read_text())
    felanmalan["version"] = "9.9.9"
    felanmalan["schema"]["properties"]["ghost"] = {"type": "string"}
    felanmalan["schema"].setdefault("required", []).append("ghost")
    (forms / "felanmalan.json").write_text(json.dumps(felanmalan, ensure_ascii=False))
    return forms


def section(page: str, service_id: str) -> str:
    start = page.index(f'id="form-{service_id}"')
    end = page.find("<section", start)
    return page[start:end if end > 0 else len(page)]


def test_a_form_author_sees_every_form_and_its_problems(sqlite_url: str, tmp_path: Path) -> None:
    forms = forms_with_problems(tmp_path)
    with running_platform(sqlite_url, tmp_path / "var", forms_dir=str(forms)) as platform:
        olof = staff_client(platform, "olof")  # handler, administrator and form author
        page = olof.get("/forfattare")
        assert page.status_code == 200
        shown = html.unescape(page.text)
        assert 'href="/forfattare"' in page.text  # the header links to it for authors
        for definition in sorted(forms.glob("*.json")):
            if definition.name != "published.lock.json":
                assert f'id="form-{definition.stem}"' in page.text, definition.stem

        synpunkt = html.unescape(section(page.text, "synpunkt"))
        assert "forms/synpunkt.json" in synpunkt
        assert "<code>/version</code>" in synpunkt
        assert "published with other content" in synpunkt
        assert "Visas i e-tjänstkatalogen</dt><dd class=\"summary-value\">Nej" in synpunkt  # refused

        felanmalan = html.unescape(section(page.text, "felanmalan"))
        assert "9.9.9" in felanmalan
        assert "'/ghost' is required but no page asks for it" in felanmalan
        assert "<code>/schema/required/" in felanmalan
        assert "forms/felanmalan.json" in felanmalan
        assert "Versionen är publicerad</dt><dd class=\"summary-value\">Nej" in felanmalan

        varmepump = section(page.text, "varmepump")
        assert "Inga problem." in varmepump
        assert "Versionen är publicerad</dt><dd class=\"summary-value\">Ja" in varmepump
        assert 'href="/e-tjanst/varmepump/utskrift"' in varmepump
        assert olof.get("/e-tjanst/varmepump/utskrift").status_code == 200
        assert "Problem: 2" in shown
        assert "Problems: 2" in olof.get("/forfattare?lang=en").text
        olof.close()


def test_only_form_authors_get_in(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform:
        sara = staff_client(platform, "sara")  # a handler, not a form author
        assert sara.get("/forfattare").status_code == 403
        assert 'href="/forfattare"' not in sara.get("/handlaggning").text
        sara.close()
        with platform.client() as nobody:
            response = nobody.get("/forfattare")
            assert "/test-idp/authorize" in str(response.url)  # log in first
            assert log_in(nobody, response, person="anna").status_code == 403  # a citizen
