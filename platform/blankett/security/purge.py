"""The retention purge (gallring): remove what the rules say is due, and record each removal.

Rules:
  draft-lifetime    drafts past their ``expires_at`` are deleted
  session-expiry    web sessions past their ``expires_at`` are deleted
  case-retention    a case that is delivered (every outbox row delivered) and closed or withdrawn
                    loses its answers and submitter ``retention_days`` after the later of the two;
                    the reference, service, classification, status and timeline stay

Run by the worker every ``purge_interval_minutes`` and by ``blankett purge [--dry-run]``.
Every purged case gets an audit event ``case.purged``; drafts and sessions one event per run.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, CaseEvent, Database, Draft, OutboxRow, WebSession, utcnow
from .policy import Policy, policy_for
from .protection import case_controls, purge_case_contents

if TYPE_CHECKING:
    from ..settings import Settings

logger = logging.getLogger("blankett.security")

PURGE_ACTOR = "system:purge"
CLOSED_STATUSES = ("closed", "withdrawn")
BATCH_SIZE = 200


@dataclass
class PurgeReport:
    drafts: int = 0
    sessions: int = 0
    cases: list[tuple[str, int]] = field(default_factory=list)  # (reference, retention days)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "Would purge" if self.dry_run else "Purged"
        lines = [
            f"{verb} {self.drafts} expired draft(s) (rule draft-lifetime).",
            f"{verb} {self.sessions} expired web session(s) (rule session-expiry).",
            f"{verb} the answers of {len(self.cases)} case(s) (rule case-retention).",
        ]
        lines += [f"  {reference}: {days} days after delivery and closing" for reference, days in self.cases]
        return lines


async def purge(
    db: Database, policy: Policy, *, dry_run: bool = False, now: datetime | None = None
) -> PurgeReport:
    """One purge run; ``dry_run`` finds what is due and changes nothing."""
    now = now or utcnow()
    report = PurgeReport(dry_run=dry_run)
    async with db.session() as session:
        report.drafts = await _expired(session, Draft, now, dry_run, "drafts.purged", "draft-lifetime")
        report.sessions = await _expired(
            session, WebSession, now, dry_run, "sessions.purged", "session-expiry"
        )
    after = 0
    while True:
        # One transaction per batch: a long purge never holds the (SQLite) write lock for long.
        async with db.session() as session:
            seen, after = await _purge_cases(session, policy, now, dry_run, report, after)
        if seen < BATCH_SIZE:
            return report


async def _expired(
    session: AsyncSession,
    model: type[Draft] | type[WebSession],
    now: datetime,
    dry_run: bool,
    action: str,
    rule: str,
) -> int:
    due = model.expires_at <= now
    count = int(await session.scalar(select(func.count()).select_from(model).where(due)) or 0)
    if count and not dry_run:
        await session.execute(delete(model).where(due))
        await audit.record(session, PURGE_ACTOR, action, rule=rule, count=count, before=now.isoformat())
    return count


def _candidates(after: int) -> Any:
    undelivered = exists().where(OutboxRow.case_id == Case.id, OutboxRow.state != "delivered")
    return (
        select(Case)
        .where(Case.id > after, Case.purged_at.is_(None), Case.status.in_(CLOSED_STATUSES), ~undelivered)
        .order_by(Case.id)
        .limit(BATCH_SIZE)
    )


async def _purge_cases(
    session: AsyncSession, policy: Policy, now: datetime, dry_run: bool, report: PurgeReport, after: int
) -> tuple[int, int]:
    """Purge what is due among the next batch of candidates; return (how many looked at, last id)."""
    cases = list(await session.scalars(_candidates(after)))
    for case in cases:
        days = case_controls(case, policy).retention_days
        since = await _settled_at(session, case)
        if since + timedelta(days=days) > now:
            continue
        report.cases.append((case.reference, days))
        if dry_run:
            continue
        purge_case_contents(case, now)
        await audit.record(
            session,
            PURGE_ACTOR,
            "case.purged",
            case_id=case.id,
            rule="case-retention",
            retention_days=days,
            since=since.isoformat(),
            removed=["answers", "submitter"],
        )
    return len(cases), cases[-1].id if cases else after


async def _settled_at(session: AsyncSession, case: Case) -> datetime:
    """When the case was both closed and delivered: the later of its closing and last delivery."""
    closed = await session.scalar(
        select(func.max(CaseEvent.at)).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "status", CaseEvent.status.in_(CLOSED_STATUSES)
        )
    )
    delivered = await session.scalar(
        select(func.max(OutboxRow.delivered_at)).where(OutboxRow.case_id == case.id)
    )
    moments = [m for m in (closed, delivered) if m is not None] or [case.updated_at]
    return max(_aware(m) for m in moments)


def _aware(value: datetime) -> datetime:
    # Stored values are UTC; make sure one read back naive compares with aware ones.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class PurgeSchedule:
    """Runs the purge from the worker loop when it is due (every ``purge_interval_minutes``)."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings, self.db = settings, db
        self.interval = settings.purge_interval_minutes * 60
        self.next_run = time.monotonic()  # a worker purges once at start, then on the interval

    async def run_if_due(self) -> PurgeReport | None:
        if not self.interval or time.monotonic() < self.next_run:
            return None
        self.next_run = time.monotonic() + self.interval
        try:
            report = await purge(self.db, policy_for(self.settings))
        except Exception:  # the purge must never stop deliveries; it is tried again next interval
            logger.exception(
                "Retention purge failed; trying again in %s minutes.", self.settings.purge_interval_minutes
            )
            return None
        if report.drafts or report.sessions or report.cases:
            logger.info("Retention purge: %s", " ".join(report.lines()[:3]))
        return report
