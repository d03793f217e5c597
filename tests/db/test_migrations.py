from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from blankett.db import Base
from blankett.db.engine import sync_url


def test_migrations_match_the_models(database_url: str) -> None:
    """A model change without a migration fails here (like `makemigrations --check`)."""
    engine = create_engine(sync_url(database_url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
