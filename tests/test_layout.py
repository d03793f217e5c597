"""The repository layout that keeps `platform/` from shadowing the standard library."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_source_folders_are_not_packages() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists()
    assert not (ROOT / "connectors" / "__init__.py").exists()
    assert (ROOT / "platform" / "blankett" / "__init__.py").exists()
    assert (ROOT / "connectors" / "blankett_connectors" / "__init__.py").exists()


def test_import_platform_is_still_the_standard_library() -> None:
    # Run from the repository root, where `platform/` sits first on sys.path.
    code = "import platform, uuid; print(platform.system()); print(platform.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    system, location = out.splitlines()
    assert system
    assert not location.startswith(str(ROOT))


def test_top_level_folders_exist() -> None:
    for name in ("platform", "connectors", "forms", "config", "tests"):
        assert (ROOT / name).is_dir(), name
