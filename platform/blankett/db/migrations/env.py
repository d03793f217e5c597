from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from blankett.db.engine import configure_sqlite, sync_url
from blankett.db.models import Base

url = sync_url(context.config.attributes["database_url"])
engine = create_engine(url, poolclass=pool.NullPool)
if url.get_backend_name() == "sqlite":
    configure_sqlite(engine)
    from pathlib import Path

    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.get_backend_name() == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
