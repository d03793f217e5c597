"""The ``[signing]`` table of a service file: it may add signing, never remove what the policy demands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blankett.catalog import Service, load_catalog, load_service
from blankett.errors import FormDefinitionError
from tests.conftest import ROOT
from tests.security.helpers import FORM_FILE, synpunkt_settings


def synpunkt_with(tmp_path: Path, signing: str, **changes: object) -> Service:
    shutil.copy(FORM_FILE, tmp_path / "synpunkt.json")
    (tmp_path / "synpunkt.toml").write_text(synpunkt_settings(**changes) + f"\n[signing]\n{signing}\n")
    return load_service(tmp_path / "synpunkt.json", tmp_path / "synpunkt.toml", None)


def problems(tmp_path: Path, signing: str, **changes: object) -> list[tuple[str, str, str]]:
    with pytest.raises(FormDefinitionError) as refused:
        synpunkt_with(tmp_path, signing, **changes)
    return refused.value.problems


def test_the_service_file_can_require_signing(tmp_path: Path) -> None:
    assert synpunkt_with(tmp_path, "required = true").controls.signing_required
    assert not synpunkt_with(tmp_path, "required = false").controls.signing_required


def test_integrity_3_requires_signing_and_the_file_cannot_remove_it(tmp_path: Path) -> None:
    assert synpunkt_with(tmp_path, "", integrity=3).controls.signing_required
    found = problems(tmp_path, "required = false", integrity=3)
    assert any(p == "/signing/required" and "requires signing" in m for _, p, m in found), found


@pytest.mark.parametrize(
    ("signing", "pointer"), [('required = "yes"', "/signing/required"), ("sign = true", "/signing")]
)
def test_a_malformed_signing_table_is_refused(tmp_path: Path, signing: str, pointer: str) -> None:
    assert any(p == pointer for _, p, _ in problems(tmp_path, signing))


def test_the_example_services_that_require_signing() -> None:
    catalog = load_catalog(ROOT / "forms", ROOT / "config" / "services")
    assert not catalog.problems
    assert {s.id for s in catalog if s.controls.signing_required} == {"ekonomiskt-bistand"}
