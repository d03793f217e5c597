from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blankett.db import upgrade
from tests.support.platform import RunningPlatform, running_platform


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """One running platform (SQLite, file drop) shared by a module's journeys."""
    var_dir: Path = tmp_path_factory.mktemp("services")
    url = f"sqlite:///{var_dir / 'blankett.db'}"
    upgrade(url)
    with running_platform(url, var_dir) as running:
        yield running
