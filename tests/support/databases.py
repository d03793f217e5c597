"""Test databases: a fresh SQLite file, or a fresh PostgreSQL database per use.

PostgreSQL tests run when BLANKETT_TEST_DATABASE_URL names a server (``.ci/run`` sets it);
locally they skip with a reason when it is unset, and with CI=true they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(component_ok: bool, reason: str) -> None:
    """Skip locally when a component is missing; in CI nothing may skip."""
    if component_ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: nothing may skip)")
    pytest.skip(reason)


def postgres_server_url() -> str:
    url = os.environ.get("BLANKETT_TEST_DATABASE_URL", "")
    require(bool(url), "PostgreSQL tests need BLANKETT_TEST_DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    return url


@contextlib.contextmanager
def fresh_postgres() -> Iterator[str]:
    """Create an empty database on the test server, yield its URL, drop it afterwards."""
    import psycopg

    server = make_url(postgres_server_url())
    name = f"blankett_test_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = psycopg.connect(admin, autocommit=True)
    except psycopg.OperationalError as exc:
        require(False, f"PostgreSQL at {server.host}:{server.port} is not reachable: {exc}")
        raise
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'blankett.db'}"
    else:
        with fresh_postgres() as url:
            yield url
