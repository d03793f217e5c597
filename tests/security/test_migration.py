"""Migration 0002 (sealed columns, purged_at) goes down and up again on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect

from blankett.db import upgrade
from blankett.db.engine import sync_url
from blankett.db.migrate import alembic_config


def columns(database_url: str, table: str) -> set[str]:
    engine = create_engine(sync_url(database_url))
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def test_0002_downgrades_and_upgrades(database_url: str) -> None:
    sealed = {"sealed", "key_id", "wrapped_key"}
    assert sealed | {"purged_at"} <= columns(database_url, "cases")
    assert sealed <= columns(database_url, "drafts")
    command.downgrade(alembic_config(database_url), "0001")
    assert not (sealed | {"purged_at"}) & columns(database_url, "cases")
    assert not sealed & columns(database_url, "drafts")
    upgrade(database_url)
    assert sealed | {"purged_at"} <= columns(database_url, "cases")
