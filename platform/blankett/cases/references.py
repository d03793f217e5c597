"""Case references: human ones (BLK-2026-000123) and unguessable public ids for URLs."""

from __future__ import annotations

import secrets

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import ReferenceCounter

PREFIX = "BLK"


async def next_reference(session: AsyncSession, year: int) -> str:
    """Take the next number of the year inside the caller's transaction (gap-free unless it rolls back)."""
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    await session.execute(insert(ReferenceCounter).values(year=year, last=0).on_conflict_do_nothing())
    number = await session.scalar(
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    )
    return f"{PREFIX}-{year}-{number:06d}"


def new_public_id() -> str:
    return secrets.token_urlsafe(24)
