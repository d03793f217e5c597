"""Engines and sessions. The same code runs on SQLite (embedded default) and PostgreSQL.

SQLite gets one connection per process (WAL, ``BEGIN IMMEDIATE``): writers queue in the pool
instead of failing on lock upgrades, which measured far better than a pool of connections.
So never hold a session open while opening another one, or while waiting on the network.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from ..errors import ConfigurationError

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def _url(url: str, drivers: dict[str, str]) -> URL:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in drivers:
        raise ConfigurationError(f"Unsupported database {backend!r}: use sqlite:/// or postgresql://.")
    return parsed.set(drivername=drivers[backend])


def async_url(url: str) -> URL:
    return _url(url, _ASYNC_DRIVERS)


def sync_url(url: str) -> URL:
    return _url(url, _SYNC_DRIVERS)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see _begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin_immediate(conn: Any) -> None:
    # Take the write lock up front: a deferred transaction that later writes can fail at once
    # with "database is locked" when another process wrote in between; this one waits instead.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def configure_sqlite(sync_engine: Any) -> None:
    event.listen(sync_engine, "connect", _sqlite_pragmas)
    event.listen(sync_engine, "begin", _begin_immediate)


class Database:
    """The async engine and a session factory. ``async with db.session() as s:`` is one transaction.

    ``hide_parameters``: SQL parameters carry answers and names, which no log pattern can
    recognise; SQLAlchemy then leaves them out of its logs and error messages.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        target = async_url(url)
        self.dialect = target.get_backend_name()
        if self.dialect == "sqlite":
            database = target.database or ""
            if database and database != ":memory:":
                from pathlib import Path

                Path(database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(
                target, pool_size=1, max_overflow=0, pool_timeout=60, hide_parameters=True
            )
            configure_sqlite(self.engine.sync_engine)
        else:
            self.engine = create_async_engine(
                target, pool_size=10, max_overflow=5, pool_pre_ping=True, hide_parameters=True
            )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
