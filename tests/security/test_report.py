"""`blankett classification report`: every service, its ratings, owner, classifier and derived controls."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.security.conftest import Cli
from tests.security.helpers import SERVICE_FILE, catalogue, synpunkt_settings


def report_environ(tmp_path: Path) -> dict[str, str]:
    forms, services = catalogue(
        tmp_path,
        {
            "synpunkt": SERVICE_FILE.read_text(),
            "bistand": synpunkt_settings(confidentiality=2, special_categories=True, integrity=3).replace(
                'information_owner = "Kommundirektören"', 'information_owner = "Socialnämnden"'
            ),
            "for-hemlig": synpunkt_settings(confidentiality=4),
        },
    )
    config = tmp_path / "blankett.toml"
    config.write_text(f'[connectors.handlaggning]\ntype = "filedrop"\ndirectory = "{tmp_path / "drop"}"\n')
    return {
        "BLANKETT_CONFIG": str(config),
        "BLANKETT_FORMS_DIR": str(forms),
        "BLANKETT_SERVICES_DIR": str(services),
    }


def test_the_csv_report_lists_ratings_and_controls(tmp_path: Path, cli: Cli) -> None:
    code, out = cli("classification", "report", "--format", "csv", **report_environ(tmp_path))
    assert code == 0
    rows = {row["service"]: row for row in csv.DictReader(io.StringIO(out))}
    assert sorted(rows) == ["bistand", "synpunkt"]  # the K4 service is not published
    synpunkt, bistand = rows["synpunkt"], rows["bistand"]
    assert (
        synpunkt["confidentiality"],
        synpunkt["integrity"],
        synpunkt["availability"],
        synpunkt["traceability"],
    ) == ("1", "1", "1", "1")
    assert synpunkt["information_owner"] == "Kommundirektören"
    assert synpunkt["classified_on"] == "2026-10-15"
    assert synpunkt["record"] == "KS 2026/0417"
    assert synpunkt["classified_by"].startswith("Informationssäkerhetssamordnare")
    # Flipping the ratings flips the controls.
    assert (synpunkt["login"], synpunkt["encrypt_at_rest"], synpunkt["audit_reads"]) == ("loa2", "yes", "no")
    assert (bistand["login"], bistand["audit_reads"], bistand["signing_required"]) == ("loa3", "yes", "yes")
    assert (synpunkt["retention_days"], bistand["retention_days"]) == ("60", "30")
    assert bistand["personal_data"] == "special categories (art. 9)"
    assert bistand["information_owner"] == "Socialnämnden"


def test_the_markdown_report_also_lists_what_was_refused(tmp_path: Path, cli: Cli) -> None:
    code, out = cli("classification", "report", **report_environ(tmp_path))
    assert code == 0
    assert out.startswith("# Security classification of the e-services")
    assert "| synpunkt | Lämna en synpunkt eller ett klagomål | 1 | 1 | 1 | 1 | Kommundirektören |" in out
    assert "2 published service(s)." in out
    assert "## Not published" in out
    assert "for-hemlig.toml` /classification/confidentiality" in out
