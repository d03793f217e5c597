"""Sending due notifications: claim, write, send outside any transaction, record the outcome.

The delivery worker calls ``Notifier.run_once`` on every pass. The life of a row mirrors the
outbox (blankett.dispatch.outbox): a claim is a lease (``locked_by`` until ``locked_until``,
rows taken with SKIP LOCKED on PostgreSQL so several workers never send the same one), results
are stored compare-and-set on the lease, failures are retried with exponential backoff and full
jitter up to ``delivery_max_attempts``; a server that refuses for good fails the row at once.
What is sent is decided when the row is claimed, from the profile as it is then.
"""

from __future__ import annotations

import email.policy
import email.utils
import logging
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, CaseEvent, Database, Notification, Person, utcnow
from ..errors import NotificationRejected, NotificationUnavailable
from ..observability import redact
from ..security import bound_keyring, case_controls, policy_for
from .content import CaseNews, Written, case_email, case_sms, verification_email
from .events import VERIFICATION
from .profile import Profile, read_profile
from .senders import Senders, senders_from_settings
from .verification import verification_token

if TYPE_CHECKING:
    from ..settings import Settings

logger = logging.getLogger("blankett.notify")

BATCH_SIZE = 8
NOTIFY_ACTOR = "system:notify"
_MAX_ERROR_CHARS = 1000


@dataclass(frozen=True)
class Outgoing:
    """A claimed row, written out: everything needed to send it without the database."""

    id: int
    case_id: int | None
    kind: str
    channel: str
    attempts: int
    address: str  # e-mail address or mobile number; never logged
    written: Written | None = None  # e-mail
    sms_text: str | None = None


async def claim_due(
    db: Database, settings: Settings, worker_id: str, limit: int = BATCH_SIZE
) -> list[Outgoing]:
    """Take up to ``limit`` due rows; rows with nothing to send any more are marked ``skipped``."""
    now = utcnow()
    due = or_(
        and_(Notification.state == "pending", Notification.next_attempt_at <= now),
        and_(Notification.state == "sending", Notification.locked_until < now),
    )
    claimed: list[Outgoing] = []
    async with db.session() as session:
        query = (
            select(Notification)
            .where(due)
            .order_by(Notification.next_attempt_at, Notification.id)
            .limit(limit)
        )
        if db.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True, of=Notification)
        for row in list(await session.scalars(query)):
            try:
                outgoing, reason = await _write(session, settings, db, row)
            except Exception as exc:  # one broken row must not stop the others
                logger.exception("Could not write notification %s.", row.id)
                outgoing, reason = None, f"Could not write the notification: {type(exc).__name__}"
            if outgoing is None:
                row.state, row.last_error, row.locked_by, row.locked_until = "skipped", reason, None, None
                continue
            row.state, row.locked_by = "sending", worker_id
            row.locked_until = now + timedelta(seconds=settings.delivery_lease_seconds)
            row.attempts += 1
            row.channel = outgoing.channel
            claimed.append(replace(outgoing, attempts=row.attempts))
    return claimed


async def _write(
    session: AsyncSession, settings: Settings, db: Database, row: Notification
) -> tuple[Outgoing | None, str]:
    person = await session.get(Person, row.person_id)
    if person is None:
        return None, "The person no longer exists."
    profile = read_profile(person, bound_keyring(db))
    if row.kind == VERIFICATION:
        return _verification(settings, row, person, profile)
    channel = profile.channel
    if channel == "none":
        return None, "Notifications are turned off in the profile."
    if channel == "email" and not (profile.email and profile.email_verified):
        return None, "The profile has no verified e-mail address."
    if channel == "sms" and not profile.mobile:
        return None, "The profile has no mobile number."
    if channel == "email" and not settings.smtp_host:
        return None, "No SMTP server is configured (smtp_host)."
    case = await session.get(Case, row.case_id) if row.case_id is not None else None
    event = await session.get(CaseEvent, row.event_id) if row.event_id is not None else None
    if case is None:
        return None, "The case no longer exists."
    news, quote = _news(settings, db, case, event, row.kind)
    if channel == "sms":
        return Outgoing(
            row.id,
            row.case_id,
            row.kind,
            "sms",
            row.attempts,
            profile.mobile,
            sms_text=case_sms(news, profile.language),
        ), ""
    written = case_email(news, profile.language, quote)
    return Outgoing(row.id, row.case_id, row.kind, "email", row.attempts, profile.email, written=written), ""


def _verification(
    settings: Settings, row: Notification, person: Person, profile: Profile
) -> tuple[Outgoing | None, str]:
    if not profile.email:
        return None, "The profile has no e-mail address any more."
    if profile.email_verified:
        return None, "The e-mail address is verified already."
    if not settings.smtp_host:
        return None, "No SMTP server is configured (smtp_host)."
    token = verification_token(settings.secret_key, person.id, profile.email)
    link = f"{settings.base_url}/profil/bekrafta/{token}"
    written = verification_email(link, settings.email_verification_hours, profile.language)
    return Outgoing(row.id, None, row.kind, "email", row.attempts, profile.email, written=written), ""


def _news(
    settings: Settings, db: Database, case: Case, event: CaseEvent | None, kind: str
) -> tuple[CaseNews, bool]:
    # Imported here: blankett.cases imports this package (its lifecycle calls note_event).
    from ..cases.sealing import open_text

    quote = case_controls(case, policy_for(settings)).notification_content
    data: dict[str, Any] = dict(event.data or {}) if event is not None else {}
    text = open_text(case, bound_keyring(db), data) if quote and kind != "status" else None
    due = date.fromisoformat(data["due"]) if isinstance(data.get("due"), str) else None
    link = f"{settings.base_url}/arenden/{case.public_id}"
    status = (event.status if event is not None and event.status else None) or case.status
    return CaseNews(kind, case.reference, link, status, text, due), quote


def email_message(outgoing: Outgoing, mail_from: str) -> EmailMessage:
    assert outgoing.written is not None
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = outgoing.written.subject
    message["From"] = mail_from
    message["To"] = outgoing.address
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    # The same id on every attempt, so a mail system can drop a repeat.
    domain = mail_from.rpartition("@")[2].lower() or "blankett.invalid"
    message["Message-ID"] = f"<blankett.notification-{outgoing.id}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    message["Content-Language"] = "sv, en"
    message.set_content(outgoing.written.body, charset="utf-8")
    return message


async def send(outgoing: Outgoing, senders: Senders) -> str | None:
    """Send one; None when sent, else the reason. Raises ``NotificationRejected`` for good refusals."""
    try:
        if outgoing.channel == "sms":
            assert outgoing.sms_text is not None
            await senders.sms.send(outgoing.address, outgoing.sms_text, notification_id=outgoing.id)
        else:
            if senders.email is None:
                raise NotificationRejected("No SMTP server is configured (smtp_host).")
            await senders.email.send(email_message(outgoing, senders.mail_from))
    except NotificationUnavailable as exc:
        return str(exc)
    except NotificationRejected:
        raise
    except Exception as exc:  # a bug or an untranslated library error: keep the row, retry
        logger.exception("Sending notification %s failed.", outgoing.id)
        return f"{type(exc).__name__}"
    return None


async def record(db: Database, outgoing: Outgoing, worker_id: str, values: dict[str, Any]) -> bool:
    """Store the outcome if this worker still holds the row; False when the lease was lost."""
    async with db.session() as session:
        statement = (
            update(Notification)
            .where(
                Notification.id == outgoing.id,
                Notification.locked_by == worker_id,
                Notification.state == "sending",
            )
            .values(locked_by=None, locked_until=None, **values)
            .execution_options(synchronize_session=False)
        )
        result = cast(CursorResult[Any], await session.execute(statement))
        if result.rowcount != 1:
            logger.warning(
                "Notification %s was taken over by another worker; not recording this attempt.", outgoing.id
            )
            return False
        if values["state"] in ("sent", "failed"):
            await audit.record(
                session,
                NOTIFY_ACTOR,
                f"notification.{values['state']}",
                case_id=outgoing.case_id,
                notification_id=outgoing.id,
                kind=outgoing.kind,
                channel=outgoing.channel,
                attempts=outgoing.attempts,
            )
    return True


def outcome(settings: Settings, outgoing: Outgoing, problem: str | None, permanent: bool) -> dict[str, Any]:
    now = utcnow()
    if problem is None:
        return {"state": "sent", "sent_at": now, "last_error": None}
    if permanent or outgoing.attempts >= settings.delivery_max_attempts:
        return {"state": "failed", "last_error": clean_error(problem)}
    cap = min(
        settings.delivery_backoff_max_seconds,
        settings.delivery_backoff_seconds * 2 ** max(outgoing.attempts - 1, 0),
    )
    delay = random.uniform(0, cap)  # noqa: S311 - spreading load, not a secret
    return {
        "state": "pending",
        "next_attempt_at": now + timedelta(seconds=delay),
        "last_error": clean_error(problem),
    }


def clean_error(text: str) -> str:
    text = redact(text)
    return text if len(text) <= _MAX_ERROR_CHARS else text[: _MAX_ERROR_CHARS - 3] + "..."


class Notifier:
    """One per worker: ``await notifier.run_once()`` sends what is due; True if there was any."""

    def __init__(
        self, settings: Settings, db: Database, worker_id: str, senders: Senders | None = None
    ) -> None:
        self.settings, self.db, self.worker_id = settings, db, worker_id
        self.senders = senders or senders_from_settings(settings)

    async def run_once(self) -> bool:
        try:
            claimed = await claim_due(self.db, self.settings, self.worker_id)
            for outgoing in claimed:
                await self._one(outgoing)
        except Exception:
            logger.exception("Notification pass failed; trying again shortly.")
            return False
        return bool(claimed)

    async def _one(self, outgoing: Outgoing) -> None:
        permanent = False
        try:
            problem = await send(outgoing, self.senders)
        except NotificationRejected as exc:
            problem, permanent = str(exc), True
        values = outcome(self.settings, outgoing, problem, permanent)
        await record(self.db, outgoing, self.worker_id, values)
        where = (
            f"notification {outgoing.id} ({outgoing.kind} by {outgoing.channel}, attempt {outgoing.attempts})"
        )
        if problem is None:
            logger.info("Sent %s.", where)
        else:
            logger.warning("Not sent %s: %s", where, clean_error(problem))
