"""Queue notifications in the transaction of what they are about, so none is lost or invented.

``note_event`` is called by the case lifecycle (``blankett.cases.lifecycle``) after case handling
changes a status, writes a message, requests completion or records a decision. It writes one
``notifications`` row for the worker to send, or none when the owner would get nothing anyway:

* the case has no owner (filed without login), or the owner did it themselves (actor
  ``person:<owner id>``, such as withdrawing the case);
* the owner's channel is ``none`` (turned off, or no profile), or ``email`` with an address not
  yet verified.

At most one row per case per transaction: a completion request or decision brings its own
status change along, and the citizen hears about it once, by its first event. Whether there is
still something to send is checked again when the row is due (the person may have turned
notifications off meanwhile); the row is then ``skipped``.

This module imports only the models: ``blankett.cases`` imports it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import Case, CaseEvent, Notification, Person
from .profile import preferences

NOTIFIED_CASES = "blankett.notify.cases"  # session.info key: cases notified in this transaction
VERIFICATION = "email_verification"


async def note_event(session: AsyncSession, case: Case, event: CaseEvent | None) -> Notification | None:
    """Queue a notification of ``event`` to the owner of ``case`` (see the module docstring)."""
    if event is None or case.owner_person_id is None or event.actor == f"person:{case.owner_person_id}":
        return None
    notified: set[int] = session.info.setdefault(NOTIFIED_CASES, set())
    if case.id in notified:
        return None
    notified.add(case.id)
    person = await session.get(Person, case.owner_person_id)
    if person is None:
        return None
    _language, channel, verified = preferences(person)
    if channel == "none" or (channel == "email" and not verified):
        return None
    row = Notification(
        person_id=person.id, case_id=case.id, event_id=event.id, kind=event.kind, channel=channel
    )
    session.add(row)
    await session.flush()
    return row


async def queue_verification(session: AsyncSession, person: Person) -> bool:
    """Queue the e-mail with the verification link, unless one is already waiting to go out."""
    waiting = await session.scalar(
        select(Notification.id)
        .where(
            Notification.person_id == person.id,
            Notification.kind == VERIFICATION,
            Notification.state.in_(("pending", "sending")),
        )
        .limit(1)
    )
    if waiting is not None:
        return False
    session.add(Notification(person_id=person.id, kind=VERIFICATION, channel="email"))
    return True


async def cancel_pending(session: AsyncSession, person_id: str, reason: str) -> None:
    """Mark the person's waiting notifications ``skipped`` (the profile was deleted)."""
    rows = await session.scalars(
        select(Notification).where(Notification.person_id == person_id, Notification.state == "pending")
    )
    for row in rows:
        row.state, row.last_error = "skipped", reason
