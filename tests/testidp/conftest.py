from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from blankett.settings import Settings
from tests.testidp.harness import browser, running


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[Settings]:
    """The test provider (with a relying party around it) on loopback; yields its settings."""
    with running(tmp_path / "var") as settings:
        yield settings


@pytest.fixture
def client(provider: Settings) -> Iterator[httpx.Client]:
    with browser(provider) as client:
        yield client
