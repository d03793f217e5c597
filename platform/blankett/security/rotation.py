"""Key rotation: re-wrap every data key under the active master key, in batches, while the platform runs.

Every sealed column set is listed once, in ``SEALED``. Only the master key id and the wrapped
data key change; the sealed data stays as it is. Each row is updated compare-and-set on its old
wrapped key: a draft saved meanwhile already has a fresh data key under the active master key,
and the rotation leaves it alone. Rows sealed under a key the keyring lacks are counted, not
touched, and the old keys stay readable throughout.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, Database, Draft, Person, Upload
from ..errors import ProtectedDataError
from .crypto import rewrap
from .keyring import Keyring
from .protection import case_binding, draft_binding, number_binding, profile_binding, upload_binding

logger = logging.getLogger("blankett.security")

DEFAULT_BATCH_SIZE = 200
Model = type[Case] | type[Draft] | type[Person] | type[Upload]


@dataclass(frozen=True)
class KeyedColumns:
    """One kind of sealed data: the table's columns naming its master key and wrapped data key."""

    name: str  # how reports and `blankett keys` name it
    model: Model
    binding: Callable[[Any], str]  # the row (id, and reference for a case) -> what the data key is bound to
    key_id: str = "key_id"
    wrapped_key: str = "wrapped_key"


# Every sealed column set. Uploads not filed yet have their own data key; a filed case's uploads
# are under the case's. A person has two: the profile's contact details and the identity number.
SEALED: tuple[KeyedColumns, ...] = (
    KeyedColumns("cases", Case, lambda row: case_binding(row.reference)),
    KeyedColumns("drafts", Draft, lambda row: draft_binding(row.id)),
    KeyedColumns("persons", Person, lambda row: profile_binding(row.id)),
    KeyedColumns(
        "identity numbers", Person, lambda row: number_binding(row.id), "number_key_id", "number_wrapped_key"
    ),
    KeyedColumns("uploads", Upload, lambda row: upload_binding(row.id)),
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


async def rotate(
    db: Database, keyring: Keyring, *, batch_size: int = DEFAULT_BATCH_SIZE, actor: str
) -> RotationReport:
    """Re-wrap every data key not under the active master key; one short transaction per batch."""
    report = RotationReport(keyring.active)
    for columns in SEALED:
        after: Any = 0 if columns.model is Case else ""
        while True:
            async with db.session() as session:
                seen, after = await _batch(session, columns, keyring, report, after, batch_size)
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
    columns: KeyedColumns,
    keyring: Keyring,
    report: RotationReport,
    after: Any,
    batch_size: int,
) -> tuple[int, Any]:
    model, table = columns.model, columns.name
    key_column, wrapped_column = getattr(model, columns.key_id), getattr(model, columns.wrapped_key)
    selected = [model.id, key_column.label("key_id"), wrapped_column.label("wrapped_key")]
    rows = (
        await session.execute(
            select(*selected, *([Case.reference] if model is Case else []))
            .where(key_column.is_not(None), key_column != keyring.active, model.id > after)
            .order_by(model.id)
            .limit(batch_size)
        )
    ).all()
    for row in rows:
        try:
            key_id, wrapped = rewrap(keyring, row.key_id, row.wrapped_key, columns.binding(row))
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
                .where(model.id == row.id, wrapped_column == row.wrapped_key)
                .values({columns.key_id: key_id, columns.wrapped_key: wrapped})
                .execution_options(synchronize_session=False)
            ),
        )
        counter = report.rewrapped if result.rowcount == 1 else report.changed_meanwhile
        counter[table] += 1
    return len(rows), rows[-1].id if rows else after


async def key_usage(db: Database) -> dict[str, Counter[str]]:
    """Rows per master key id, per kind of sealed data (``(plaintext)``: none sealed on the row)."""
    usage: dict[str, Counter[str]] = {}
    async with db.session() as session:
        for columns in SEALED:
            key_column = getattr(columns.model, columns.key_id)
            grouped = await session.execute(select(key_column, func.count()).group_by(key_column))
            usage[columns.name] = Counter(
                {str(key_id) if key_id else "(plaintext)": n for key_id, n in grouped.all()}
            )
    return usage
