"""The built-in handler inbox: which cases a member of staff sees, and assigning them.

A case is in the inbox once its delivery to a connector instance of type ``inbox`` has been
recorded (``blankett_connectors.inbox``), so the inbox gets every routed case exactly once,
through the same outbox as any case system. A handler sees the inbox cases of the services
their roles name (``blankett.auth.roles``) and nothing else: any other case is "not found".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, OutboxRow, Person
from ..errors import NotFound

PAGE_SIZE = 50


def inbox_connectors(connectors: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The names of the configured connector instances of type ``inbox``."""
    return sorted(name for name, options in connectors.items() if options.get("type") == "inbox")


@dataclass(frozen=True)
class InboxFilter:
    """What the handler narrowed the list to; empty values mean "all"."""

    status: str = ""
    service: str = ""
    reference: str = ""
    assigned_to: str = ""  # a person id, or "none" for unassigned cases
    page: int = 1


def _in_inbox(services: Collection[str], connectors: Collection[str]) -> Select[Any]:
    delivered = exists().where(
        OutboxRow.case_id == Case.id, OutboxRow.connector.in_(list(connectors)), OutboxRow.state == "delivered"
    )
    return select(Case).where(Case.service_id.in_(list(services)), delivered)


async def list_cases(
    session: AsyncSession, services: Collection[str], connectors: Collection[str], wanted: InboxFilter
) -> tuple[list[Case], int]:
    """One page of inbox cases (newest first) and how many match in all."""
    query = _in_inbox(services, connectors)
    if wanted.status:
        query = query.where(Case.status == wanted.status)
    if wanted.service:
        query = query.where(Case.service_id == wanted.service)
    if wanted.reference:
        # People type references in any case and often without the prefix: BLK-2026-000123, 2026-000123, 123.
        query = query.where(func.upper(Case.reference).contains(wanted.reference.strip().upper()))
    if wanted.assigned_to == "none":
        query = query.where(Case.assigned_to.is_(None))
    elif wanted.assigned_to:
        query = query.where(Case.assigned_to == wanted.assigned_to)
    total = int(await session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    page = max(wanted.page, 1)
    rows = await session.scalars(
        query.order_by(Case.submitted_at.desc(), Case.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return list(rows), total


async def find_case(
    session: AsyncSession, reference: str, services: Collection[str], connectors: Collection[str],
    *, for_update: bool = False,
) -> Case:
    """The inbox case ``reference``, if the handler may see it; otherwise ``NotFound``."""
    query = _in_inbox(services, connectors).where(Case.reference == reference)
    case: Case | None = await session.scalar(query.with_for_update() if for_update else query)
    if case is None:
        raise NotFound("case not in this handler's inbox")
    return case


async def assign(session: AsyncSession, case: Case, actor: str, assignee: Person | None) -> None:
    """Give the case to ``assignee`` (None: to nobody); an audit event, not a timeline entry,
    since who handles a case inside the municipality is not the citizen's concern."""
    new = assignee.id if assignee is not None else None
    if new == case.assigned_to:
        return
    previous, case.assigned_to = case.assigned_to, new
    await audit.record(session, actor, "case.assigned", case_id=case.id, previous=previous, assignee=new)

