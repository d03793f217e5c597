"""Published versions are immutable: the catalogue refuses a changed one, the rest keep working."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from blankett.catalog import load_catalog, versions
from blankett.cli import main
from blankett.errors import FormDefinitionError
from blankett.formengine import load_definition
from tests.conftest import ROOT


def write_service(forms: Path, services: Path, service_id: str, **changes: Any) -> Path:
    raw = json.loads((ROOT / "forms" / "synpunkt.json").read_text(encoding="utf-8"))
    raw.update(id=service_id, **changes)
    path = forms / f"{service_id}.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    shutil.copy(ROOT / "config" / "services" / "synpunkt.toml", services / f"{service_id}.toml")
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    forms, services = tmp_path / "forms", tmp_path / "services"
    forms.mkdir()
    services.mkdir()
    for service_id in ("synpunkt", "annan"):
        write_service(forms, services, service_id)
    definitions = [load_definition(p) for p in sorted(forms.glob("*.json"))]
    added = versions.record(versions.lock_path(forms), definitions)
    assert added == ["annan 1.0.0", "synpunkt 1.0.0"]
    return forms, services


def test_a_changed_published_version_is_not_published(
    folders: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    forms, services = folders
    assert set(load_catalog(forms, services).services) == {"synpunkt", "annan"}  # the lock is no form
    write_service(forms, services, "synpunkt", title={"sv": "Ny rubrik", "en": "New title"})
    with caplog.at_level(logging.ERROR, logger="blankett.catalog.loader"):
        catalog = load_catalog(forms, services)
    assert set(catalog.services) == {"annan"}
    assert [(Path(f).name, p) for f, p, _ in catalog.problems] == [("synpunkt.json", "/version")]
    assert "changed without a new version number: raise 'version'" in caplog.text
    assert "synpunkt.json:/version" in caplog.text


def test_a_new_version_number_publishes_the_change(folders: tuple[Path, Path]) -> None:
    forms, services = folders
    write_service(forms, services, "synpunkt", version="1.1.0", title={"sv": "Ny", "en": "New"})
    assert set(load_catalog(forms, services).services) == {"synpunkt", "annan"}  # not yet in the lock: fine


def test_record_never_rewrites_a_version(folders: tuple[Path, Path]) -> None:
    forms, services = folders
    before = versions.lock_path(forms).read_text(encoding="utf-8")
    changed = write_service(forms, services, "synpunkt", title={"sv": "Ny", "en": "New"})
    assert versions.record(versions.lock_path(forms), [load_definition(changed)]) == []
    assert versions.lock_path(forms).read_text(encoding="utf-8") == before


def test_a_broken_lock_is_reported(tmp_path: Path) -> None:
    (tmp_path / versions.LOCK_NAME).write_text('{"services": {"x": ["1.0.0"]}}', encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        versions.read_lock(tmp_path / versions.LOCK_NAME)
    assert caught.value.problems[0][1] == "/services"


def test_publish_records_one_service(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    forms, services = folders
    monkeypatch.setenv("BLANKETT_FORMS_DIR", str(forms))
    monkeypatch.setenv("BLANKETT_SERVICES_DIR", str(services))
    write_service(forms, services, "tredje")
    assert main(["forms", "publish", "tredje"]) == 0
    assert "Recorded tredje 1.0.0 as published." in capsys.readouterr().out
    assert set(versions.read_lock(versions.lock_path(forms))) == {"synpunkt", "annan", "tredje"}
