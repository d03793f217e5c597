"""`blankett forms check` and `blankett forms new`: every problem as file:JSON-pointer: message."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blankett.catalog import versions
from blankett.cli import main
from blankett.formengine import load_definition

from .forms import ROOT, SYNPUNKT

SETTINGS = ROOT / "config" / "services" / "synpunkt.toml"
Run = Callable[..., tuple[int, list[str]]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, list[str]]:
        code = main(["forms", *args])
        return code, capsys.readouterr().out.splitlines()

    return run


def service(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> tuple[Path, Path]:
    """A copy of synpunkt in tmp_path (forms/ and services/), changed by ``change``."""
    forms, services = tmp_path / "forms", tmp_path / "services"
    forms.mkdir(exist_ok=True)
    services.mkdir(exist_ok=True)
    raw = json.loads(SYNPUNKT.read_text(encoding="utf-8"))
    if change:
        change(raw)
    (forms / "synpunkt.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    shutil.copy(SETTINGS, services)
    return forms, services


def problems(run: Run, *paths: Path) -> dict[str, str]:
    code, lines = run("check", *map(str, paths))
    assert code == 1, lines
    found = {}
    for line in lines:
        file, pointer, message = line.split(":", 2)
        assert Path(file).exists()
        found[pointer] = message.strip()
    return found


def test_the_repository_services_pass(run: Run) -> None:
    code, lines = run("check", str(ROOT / "forms"), str(ROOT / "config" / "services"))
    assert code == 0, lines
    assert lines[-1].endswith("service(s) checked, no problems.")


def test_an_unchanged_copy_passes(run: Run, tmp_path: Path) -> None:
    assert run("check", *map(str, service(tmp_path)))[0] == 0


def test_condition_on_a_missing_path_and_missing_english(run: Run, tmp_path: Path) -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["conditions"] = {"ghost": {"path": "/nowhere", "schema": {"const": 1}}}
        del raw["pages"][1]["title"]["en"]
        raw["pages"][0]["elements"][0]["lable"] = "x"

    found = problems(run, *service(tmp_path, change))
    assert "not in the schema" in found["/conditions/ghost/path"]
    assert "English" in found["/pages/1/title/en"]
    assert found["/pages/0/elements/0/lable"] == "unknown key 'lable' (did you mean 'label'?)"


def test_pages_that_can_never_be_shown(run: Run, tmp_path: Path) -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["conditions"] = {
            "praise": {"path": "/category", "schema": {"const": "beröm"}},
            "typo": {"path": "/category", "schema": {"enum": ["berom", "lov"]}},
            "always": {"path": "", "schema": True},
        }
        raw["pages"][1]["showIf"] = {"all": ["praise", "typo"]}
        raw["pages"][2]["showIf"] = {"not": "always"}
        raw["pages"][0]["elements"][1]["showIf"] = "praise"  # may hold: no problem

    found = problems(run, *service(tmp_path, change))
    assert "can never be shown" in found["/pages/1/showIf"]
    assert '"berom", "lov"' in found["/pages/1/showIf"]
    assert "'not' of a condition that always holds" in found["/pages/2/showIf"]
    assert "/pages/0/elements/1/showIf" not in found


def test_a_required_field_no_page_asks(run: Run, tmp_path: Path) -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["schema"]["properties"]["contact"]["properties"]["phone"] = {"type": "string"}
        raw["schema"]["properties"]["contact"]["required"].append("phone")

    found = problems(run, *service(tmp_path, change))
    assert list(found) == ["/schema/properties/contact/required/2"]
    message = found["/schema/properties/contact/required/2"]
    assert "'/contact/phone' is required but no page asks for it" in message


def test_missing_and_broken_service_settings(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forms, services = service(tmp_path)
    monkeypatch.setenv("BLANKETT_SERVICES_DIR", str(services))  # where a lone form's settings are sought
    (services / "synpunkt.toml").write_text("handling_time_days = 2\n[[routes]]\nconnector = 'x'\n")
    found = problems(run, forms, services)
    assert "/classification" in found
    (services / "synpunkt.toml").unlink()
    found = problems(run, forms / "synpunkt.json")
    assert "no service settings" in found["/"]


def test_a_published_version_may_not_change(run: Run, tmp_path: Path) -> None:
    forms, services = service(tmp_path)
    code, lines = run("check", "--update-lock", str(forms), str(services))
    assert code == 0
    assert "Recorded synpunkt 1.0.0 as published." in lines
    lock = versions.read_lock(forms / versions.LOCK_NAME)
    assert lock == {"synpunkt": {"1.0.0": load_definition(forms / "synpunkt.json").hash}}

    service(tmp_path, lambda raw: raw["title"].update(sv="Ändrad rubrik"))
    found = problems(run, forms, services)
    assert "changed without a new version number: raise 'version'" in found["/version"]
    code, lines = run("check", "--update-lock", str(forms), str(services))
    assert code == 1
    assert versions.read_lock(forms / versions.LOCK_NAME) == lock  # never rewritten

    service(tmp_path, lambda raw: raw.update(version="1.1.0", title={"sv": "Ändrad", "en": "Changed"}))
    assert run("check", "--update-lock", str(forms), str(services))[0] == 0
    assert set(versions.read_lock(forms / versions.LOCK_NAME)["synpunkt"]) == {"1.0.0", "1.1.0"}


def test_repository_lock_pins_synpunkt() -> None:
    lock = versions.read_lock(ROOT / "forms" / versions.LOCK_NAME)
    assert lock["synpunkt"]["1.0.0"] == load_definition(SYNPUNKT).hash


def test_new_scaffolds_a_service_that_waits_for_classification(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    forms, services = tmp_path / "forms", tmp_path / "services"
    monkeypatch.setenv("BLANKETT_FORMS_DIR", str(forms))
    monkeypatch.setenv("BLANKETT_SERVICES_DIR", str(services))
    code, lines = run("new", "bygglov")
    assert code == 0, lines
    definition = load_definition(forms / "bygglov.json")
    assert definition.raw["$schema"] == "https://blankett.se/schemas/form-definition/v1.json"
    assert [p.id for p in definition.pages] == ["arende"]
    found = problems(run)  # the configured folders
    fields = ("confidentiality", "integrity", "availability", "traceability", "classified_by", "record",
              "information_owner", "classified_on")
    assert set(found) == {f"/classification/{name}" for name in fields}
    assert main(["forms", "new", "Bad Id"]) == 2
    assert "is not a valid id" in capsys.readouterr().err
    before = (forms / "bygglov.json").read_text(encoding="utf-8")
    (forms / "bygglov.json").write_text(before.replace("TODO: Rubrik", "Bygglov"), encoding="utf-8")
    assert main(["forms", "new", "bygglov"]) == 2
    assert "already exist" in capsys.readouterr().err
    assert "Bygglov" in (forms / "bygglov.json").read_text(encoding="utf-8")  # not overwritten
