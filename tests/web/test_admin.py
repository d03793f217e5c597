"""The oversight page: staff with the admin role review every service's classification and
the controls it turns on, and download the report (an audited export); nobody else can."""

from __future__ import annotations

import csv
import html
import io
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.conftest import ROOT
from tests.support.platform import log_in, running_platform
from tests.web.test_inbox import staff_client


def test_an_administrator_reviews_the_classification_of_every_service(sqlite_url: str, tmp_path: Path) -> None:
    services = tmp_path / "services"
    shutil.copytree(ROOT / "config" / "services", services)
    # One service whose classification is refused: it is listed as not published, with the reason.
    broken = (services / "medborgardialog.toml").read_text().replace("confidentiality = 0", "confidentiality = 4")
    (services / "medborgardialog.toml").write_text(broken)
    with running_platform(sqlite_url, tmp_path, services_dir=str(services)) as platform:
        olof = staff_client(platform, "olof")
        page = olof.get("/admin/klassning")
        assert page.status_code == 200
        shown = html.unescape(page.text)
        catalog = platform.app.state.catalog
        assert "medborgardialog" not in catalog.services
        for service in catalog.services.values():
            c = service.classification
            assert f"K{c.confidentiality} R{c.integrity} T{c.availability} S{c.traceability}" in shown
            assert service.form.title["sv"] in shown
        assert "ekonomiskt-bistand" in shown and "special categories (art. 9)" in shown
        assert "medborgardialog.toml" in shown and "E-tjänster som inte publiceras" in shown
        assert 'href="/admin/klassning"' in page.text  # the header links to it for administrators

        report = olof.get("/admin/klassning.csv")
        assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(report.text)))
        assert {r["service"] for r in rows} == set(catalog.services)
        parking = next(r for r in rows if r["service"] == "parkeringstillstand")
        assert parking["encrypt_at_rest"] == "yes" and parking["audit_reads"] == "yes"
        olof.close()

        engine = create_engine(sync_url(platform.settings.database_url))
        with engine.connect() as conn:
            exports = conn.execute(text("SELECT actor FROM audit_events WHERE action = 'classification.exported'")).all()
        engine.dispose()
        assert len(exports) == 1 and exports[0][0].startswith("staff:")


def test_only_administrators_see_it(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform:
        sara = staff_client(platform, "sara")  # a handler, not an administrator
        assert sara.get("/admin/klassning").status_code == 403
        assert sara.get("/admin/klassning.csv").status_code == 403
        assert 'href="/admin/klassning"' not in sara.get("/handlaggning").text
        sara.close()
        with platform.client() as nobody:
            response = nobody.get("/admin/klassning")
            assert "/test-idp/authorize" in str(response.url)
            assert log_in(nobody, response, person="anna").status_code == 403
