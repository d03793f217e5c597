"""``blankett deliveries``: look at the outbox, and put parked deliveries back in the queue.

    blankett deliveries                      # parked ones (need a person)
    blankett deliveries --state all
    blankett deliveries requeue 12 13        # due now, attempts from zero
    blankett deliveries requeue --all-parked

Lists show identifiers, states and errors only, never answers or who submitted them.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import audit
from ..db import Case, Database, OutboxRow, utcnow

if TYPE_CHECKING:
    from ..settings import Settings

STATES = ("parked", "pending", "delivering", "delivered")
_ERROR_WIDTH = 70


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state",
        choices=(*STATES, "all"),
        default="parked",
        help="which deliveries to list (default: parked)",
    )
    sub = parser.add_subparsers(dest="deliveries_command")
    requeue = sub.add_parser("requeue", help="put parked deliveries back in the queue, due now")
    requeue.add_argument("ids", nargs="*", type=int, metavar="ID", help="outbox ids, as listed")
    requeue.add_argument("--all-parked", action="store_true", help="every parked delivery")


def run(settings: Settings, args: argparse.Namespace) -> int:
    if getattr(args, "deliveries_command", None) == "requeue":
        if bool(args.ids) == bool(args.all_parked):
            print("blankett deliveries requeue: give outbox ids, or --all-parked (not both).")
            return 2
        return asyncio.run(_with_db(settings, lambda db: requeue(db, args.ids or None, actor=_actor())))
    return asyncio.run(_with_db(settings, lambda db: list_deliveries(db, args.state)))


async def _with_db(settings: Settings, action: Callable[[Database], Awaitable[int]]) -> int:
    db = Database(settings.database_url)
    try:
        return await action(db)
    finally:
        await db.dispose()


async def list_deliveries(db: Database, state: str) -> int:
    query = select(OutboxRow, Case.reference).join(Case, Case.id == OutboxRow.case_id).order_by(OutboxRow.id)
    if state != "all":
        query = query.where(OutboxRow.state == state)
    async with db.session() as session:
        rows = (await session.execute(query)).all()
    print(_table(rows))
    print(f"{len(rows)} deliver{'y' if len(rows) == 1 else 'ies'} ({state}).")
    return 0


def _table(rows: Sequence[tuple[OutboxRow, str]]) -> str:
    header = ("id", "case", "connector", "state", "attempts", "next attempt", "last error")
    lines = [header] + [
        (
            str(row.id),
            reference if row.event_id is None else f"{reference} record {row.event_id}",
            row.connector,
            row.state,
            str(row.attempts),
            _when(row.next_attempt_at) if row.state in ("pending", "delivering") else "-",
            _short(row.last_error),
        )
        for row, reference in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line[:-1], widths, strict=True)) + "  " + line[-1]
        for line in lines
    )


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC")


def _short(text: str | None) -> str:
    if not text:
        return "-"
    text = " ".join(text.split())
    return text if len(text) <= _ERROR_WIDTH else text[: _ERROR_WIDTH - 3] + "..."


async def requeue(db: Database, ids: Sequence[int] | None, *, actor: str) -> int:
    """Parked rows back to pending, due now, attempts from zero. ``ids=None``: every parked row.

    All or nothing: an unknown id, or one that is not parked, changes nothing.
    """
    now = utcnow()
    async with db.session() as session:
        if ids is None:
            parked = select(OutboxRow).where(OutboxRow.state == "parked").order_by(OutboxRow.id)
            rows = list(await session.scalars(parked))
        else:
            chosen = select(OutboxRow).where(OutboxRow.id.in_(set(ids)))
            found = {row.id: row for row in await session.scalars(chosen)}
            problems = [f"no delivery {i}" for i in ids if i not in found]
            problems += [
                f"delivery {i} is {found[i].state}, not parked"
                for i in ids
                if i in found and found[i].state != "parked"
            ]
            if problems:
                print("Nothing re-queued: " + "; ".join(problems) + ".")
                return 1
            rows = [found[i] for i in dict.fromkeys(ids)]
        for row in rows:
            row.state = "pending"
            row.attempts = 0
            row.next_attempt_at = now
            row.locked_by = None
            row.locked_until = None
            await audit.record(
                session,
                actor,
                "delivery.requeued",
                case_id=row.case_id,
                connector=row.connector,
                outbox_id=row.id,
            )
    listed = ", ".join(str(row.id) for row in rows) or "-"
    print(f"Re-queued {len(rows)} deliver{'y' if len(rows) == 1 else 'ies'}: {listed}.")
    return 0


def _actor() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        user = "unknown"
    return f"cli:{user}"[:100]
