"""Key rotation: re-wrap every data key under the active master key, in batches, while the platform runs.

Only ``key_id`` and ``wrapped_key`` change; the sealed data stays as it is. Each row is updated
compare-and-set on its old ``wrapped_key``: a draft saved meanwhile already has a fresh data key
under the active master key, and the rotation leaves it alone. Rows sealed under a key the
keyring lacks are counted, not touched, and the old keys stay readable throughout.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, Database, Draft, Person, Upload
from ..errors import ProtectedDataError
from .crypto import rewrap
from .keyring import Keyring
from .protection import case_binding, draft_binding, profile_binding, upload_binding

logger = logging.getLogger("blankett.security")

DEFAULT_BATCH_SIZE = 200
Model = type[Case] | type[Draft] | type[Person] | type[Upload]
# Uploads not filed yet have their own data key; a filed case's uploads are under the case's.
_TABLES: tuple[tuple[str, Model], ...] = (
    ("cases", Case), ("drafts", Draft), ("persons", Person), ("uploads", Upload)
)


@dataclass
class RotationReport:
    active: str
    rewrapped: Counter[str] = field(default_factory=Counter)  # table -> rows re-wrapped
    changed_meanwhile: Counter[str] = field(default_factory=Counter)  # re-sealed by someone else meanwhile
    unreadable: Counter[str] = field(default_factory=Counter)  # key id -> rows that did not open

    @property
    def complete(self) -> bool:
        return not self.unreadable


def _binding(model: Model, row: Any) -> str:
    if model is Person:
        return profile_binding(row.id)
    if model is Upload:
        return upload_binding(row.id)
    return case_binding(row.reference) if model is Case else draft_binding(row.id)


async def rotate(
    db: Database, keyring: Keyring, *, batch_size: int = DEFAULT_BATCH_SIZE, actor: str
) -> RotationReport:
    """Re-wrap every data key not under the active master key; one short transaction per batch."""
    report = RotationReport(keyring.active)
    for table, model in _TABLES:
        after: Any = 0 if model is Case else ""
        while True:
            async with db.session() as session:
                seen, after = await _batch(session, model, table, keyring, report, after, batch_size)
            if seen < batch_size:
                break
    async with db.session() as session:
        await audit.record(
            session,
            actor,
            "keys.rotated",
            active=keyring.active,
            rewrapped=dict(report.rewrapped),
            unreadable=dict(report.unreadable),
        )
    return report


async def _batch(
    session: AsyncSession,
    model: Model,
    table: str,
    keyring: Keyring,
    report: RotationReport,
    after: Any,
    batch_size: int,
) -> tuple[int, Any]:
    columns = [model.id, model.key_id, model.wrapped_key] + ([Case.reference] if model is Case else [])
    rows = (
        await session.execute(
            select(*columns)
            .where(model.key_id.is_not(None), model.key_id != keyring.active, model.id > after)
            .order_by(model.id)
            .limit(batch_size)
        )
    ).all()
    for row in rows:
        try:
            key_id, wrapped = rewrap(keyring, row.key_id, row.wrapped_key, _binding(model, row))
        except ProtectedDataError:
            logger.warning(
                "%s row %s does not open with master key %r; left as it is.", table, row.id, row.key_id
            )
            report.unreadable[row.key_id] += 1
            continue
        result = cast(
            CursorResult[Any],
            await session.execute(
                update(model)
                .where(model.id == row.id, model.wrapped_key == row.wrapped_key)
                .values(key_id=key_id, wrapped_key=wrapped)
                .execution_options(synchronize_session=False)
            ),
        )
        counter = report.rewrapped if result.rowcount == 1 else report.changed_meanwhile
        counter[table] += 1
    return len(rows), rows[-1].id if rows else after


async def key_usage(db: Database) -> dict[str, Counter[str]]:
    """Rows per master key id, per table (``None``: stored without encryption)."""
    usage: dict[str, Counter[str]] = {}
    async with db.session() as session:
        for table, model in _TABLES:
            grouped = await session.execute(select(model.key_id, func.count()).group_by(model.key_id))
            usage[table] = Counter(
                {str(key_id) if key_id else "(plaintext)": n for key_id, n in grouped.all()}
            )
    return usage
