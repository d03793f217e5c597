"""The retention purge (gallring): remove what the rules say is due, and record each removal.

Rules:
  draft-lifetime    drafts past their ``expires_at`` are deleted
  session-expiry    web sessions past their ``expires_at`` are deleted
  case-retention    a case that is delivered (every outbox row delivered) and closed or withdrawn
                    loses its answers, submitter and attached files ``retention_days`` after the
                    later of the two; the reference, service, classification, status and timeline stay
  orphaned-uploads  files uploaded for a form that was never sent: not filed with a case, their
                    owner holding no live draft of the service, older than an hour

Run by the worker every ``purge_interval_minutes`` and by ``blankett purge [--dry-run]``.
Every purged case gets an audit event ``case.purged``; drafts, sessions and orphaned uploads
one event per run.
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
from ..db import Case, CaseEvent, Database, Draft, OutboxRow, Upload, WebSession, utcnow
from .policy import Policy, policy_for
from .protection import case_controls, purge_case_contents

if TYPE_CHECKING:
    from ..settings import Settings

logger = logging.getLogger("blankett.security")

PURGE_ACTOR = "system:purge"
CLOSED_STATUSES = ("closed", "withdrawn")
BATCH_SIZE = 200
# An upload is stored before the page's answers (and so the draft) are: give it time to be referenced.
ORPHAN_GRACE = timedelta(hours=1)


@dataclass
class PurgeReport:
    drafts: int = 0
    uploads: int = 0
    sessions: int = 0
    cases: list[tuple[str, int]] = field(default_factory=list)  # (reference, retention days)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "Would purge" if self.dry_run else "Purged"
        lines = [
            f"{verb} {self.drafts} expired draft(s) (rule draft-lifetime).",
            f"{verb} {self.sessions} expired web session(s) (rule session-expiry).",
            f"{verb} {self.uploads} orphaned upload(s) (rule orphaned-uploads).",
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
        report.uploads = await _orphaned_uploads(session, now, dry_run)
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


async def _orphaned_uploads(session: AsyncSession, now: datetime, dry_run: bool) -> int:
    """Delete uploads no case took and no live draft can still reference (after the drafts went)."""
    live_draft = exists().where(
        Draft.owner_key == Upload.owner_key, Draft.service_id == Upload.service_id, Draft.expires_at > now
    )
    due = (Upload.case_id.is_(None), Upload.created_at <= now - ORPHAN_GRACE, ~live_draft)
    count = int(await session.scalar(select(func.count()).select_from(Upload).where(*due)) or 0)
    if count and not dry_run:
        await session.execute(delete(Upload).where(*due).execution_options(synchronize_session=False))
        await audit.record(
            session, PURGE_ACTOR, "uploads.purged", rule="orphaned-uploads", count=count, before=now.isoformat()
        )
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
        files = await session.execute(delete(Upload).where(Upload.case_id == case.id))
        await audit.record(
            session,
            PURGE_ACTOR,
            "case.purged",
            case_id=case.id,
            rule="case-retention",
            retention_days=days,
            since=since.isoformat(),
            removed=["answers", "submitter"] + (["attachments"] if files.rowcount else []),  # type: ignore[attr-defined]
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
        if report.drafts or report.sessions or report.uploads or report.cases:
            logger.info("Retention purge: %s", " ".join(report.lines()[:4]))
        return report
