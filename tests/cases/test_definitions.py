"""An old case reads with the form it was filed under, after its service has a new version."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.conftest import ROOT
from tests.support.platform import log_in, running_platform
from tests.web.test_journey import file_example_case

OLD_LABEL = "Vilken verksamhet gäller det?"
NEW_LABEL = "Vilket område i kommunen gäller det?"


def _service_dirs(tmp_path: Path) -> dict[str, str]:
    forms, services = tmp_path / "forms", tmp_path / "services"
    forms.mkdir()
    services.mkdir()
    shutil.copy(ROOT / "forms" / "synpunkt.json", forms)
    shutil.copy(ROOT / "config" / "services" / "synpunkt.toml", services)
    return {"forms_dir": str(forms), "services_dir": str(services)}


def test_an_old_case_shows_its_own_questions(database_url: str, tmp_path: Path) -> None:
    dirs = _service_dirs(tmp_path)
    assert OLD_LABEL in (ROOT / "forms" / "synpunkt.json").read_text()
    with running_platform(database_url, tmp_path / "var", **dirs) as platform, platform.client() as citizen:
        receipt = file_example_case(citizen)
        with platform.client() as again:
            file_example_case(again)  # the same definition twice: kept once
        case_path = receipt.url.path
        assert OLD_LABEL in citizen.get(case_path).text

    # The form author relabels a question and publishes version 1.1.0.
    path = Path(dirs["forms_dir"]) / "synpunkt.json"
    definition = json.loads(path.read_text())
    definition["version"] = "1.1.0"
    raw = json.dumps(definition, ensure_ascii=False).replace(OLD_LABEL, NEW_LABEL)
    path.write_text(raw)

    with running_platform(database_url, tmp_path / "var", **dirs) as platform, platform.client() as citizen:
        assert platform.app.state.catalog.get("synpunkt").version == "1.1.0"
        response = citizen.get("/arenden")
        log_in(citizen, response)
        page = citizen.get(case_path).text
        assert OLD_LABEL in page and NEW_LABEL not in page
        assert re.search(r"Gator, parker och trafik", page)  # answers shown with the old form's choices
        copy = citizen.get(f"{case_path}/kopia.pdf")
        assert copy.status_code == 200

        engine = create_engine(sync_url(platform.settings.database_url))
        with engine.connect() as conn:
            kept = conn.execute(text("SELECT version FROM form_definitions")).all()
        engine.dispose()
        assert [row[0] for row in kept] == ["1.0.0"]
