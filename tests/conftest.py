from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blankett.db import upgrade
from tests.support.databases import fresh_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database: once on SQLite, once on PostgreSQL."""
    with fresh_database(request.param, tmp_path) as url:
        upgrade(url)
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'blankett.db'}"
    upgrade(url)
    return url
