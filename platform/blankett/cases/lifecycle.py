"""The case lifecycle: the one status vocabulary a citizen sees, the transitions allowed between
statuses, and the timeline events recording every change, message, completion request and decision.

Status is apart from delivery: the outbox says whether a case has reached case handling, the
status says where the handling is. Allowed transitions (``TRANSITIONS``):

  received     inkommen             → registered, in_progress, waiting, decided, closed, withdrawn
  registered   registrerad          → in_progress, waiting, decided, closed, withdrawn
  in_progress  under handläggning   → waiting, decided, closed, withdrawn
  waiting      komplettering begärd → in_progress, decided, closed, withdrawn
  decided      beslut fattat        → closed
  closed       avslutad             (final)
  withdrawn    återkallad           (final)

An open case may be closed without a decision (written off, "avskrivet"), which is how feedback
is usually finished. A decided case can only be closed: reconsideration after an appeal is
handled as a new case. Asking for the status a case already has changes nothing
(``change_status`` returns None), so a case system may safely repeat a call.

Each function here writes its timeline event and an audit event in the caller's transaction
and moves ``case.updated_at``; the four handler-side ones also queue a notification to the
case's owner there (``blankett.notify.note_event``). Free text (messages, completion requests, decisions) is sealed
like the case's answers (``blankett.cases.sealing``); pass the keyring as ``keyring``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, CaseEvent, utcnow
from ..errors import InputInvalid, InvalidTransition
from ..notify import note_event
from ..security import Keyring
from .sealing import open_text, seal_text

STATUSES = ("received", "registered", "in_progress", "waiting", "decided", "closed", "withdrawn")
STATUS_LABELS: Mapping[str, tuple[str, str]] = {
    "received": ("inkommen", "received"),
    "registered": ("registrerad", "registered"),
    "in_progress": ("under handläggning", "in progress"),
    "waiting": ("komplettering begärd", "waiting for completion"),
    "decided": ("beslut fattat", "decided"),
    "closed": ("avslutad", "closed"),
    "withdrawn": ("återkallad", "withdrawn"),
}
OPEN_STATUSES = frozenset({"received", "registered", "in_progress", "waiting"})
_ENDINGS = frozenset({"decided", "closed", "withdrawn"})
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "received": frozenset({"registered", "in_progress", "waiting"}) | _ENDINGS,
    "registered": frozenset({"in_progress", "waiting"}) | _ENDINGS,
    "in_progress": frozenset({"waiting"}) | _ENDINGS,
    "waiting": frozenset({"in_progress"}) | _ENDINGS,
    "decided": frozenset({"closed"}),
    "closed": frozenset(),
    "withdrawn": frozenset(),
}
# Timeline event kinds written here and by ``citizen`` (the dispatcher adds "delivered").
EVENT_KINDS = ("status", "message", "completion_request", "decision", "citizen_message", "completion_answer")


def _names(statuses: frozenset[str] | tuple[str, ...], lang: int) -> str:
    return ", ".join(STATUS_LABELS[s][lang] for s in STATUSES if s in statuses) or ("inga", "none")[lang]


def check_transition(current: str, new: str) -> None:
    """Raise ``InvalidTransition`` unless a case in ``current`` may move to ``new``."""
    if new not in TRANSITIONS:
        raise InputInvalid([("/status", f"is not a status; use one of {', '.join(STATUSES)}")])
    allowed = TRANSITIONS.get(current, frozenset())
    if new in allowed:
        return
    message = (
        f"Ett ärende med status {STATUS_LABELS[current][0]} kan inte ändras till {STATUS_LABELS[new][0]}. "
        f"Tillåten nästa status: {_names(allowed, 0)}.",
        f"A case with status {STATUS_LABELS[current][1]} cannot change to {STATUS_LABELS[new][1]}. "
        f"Allowed next: {_names(allowed, 1)}.",
    )
    raise InvalidTransition(f"{current} -> {new} refused", public_message=message)


def check_status(case: Case, action: tuple[str, str], allowed: frozenset[str] = OPEN_STATUSES) -> None:
    """Raise ``InvalidTransition`` unless the case's status is ``allowed`` for ``action`` (sv, en)."""
    if case.status not in allowed:
        label = STATUS_LABELS[case.status]
        raise InvalidTransition(
            f"{action[1]} refused in status {case.status}",
            public_message=(
                f"Ärendet har status {label[0]}: det går inte längre att {action[0]}.",
                f"The case has status {label[1]}: it is no longer possible to {action[1]}.",
            ),
        )


def map_status(name: str, status_map: Mapping[str, str]) -> str:
    """A case system's status name as Blankett's: through its ``status_map`` first, then as is."""
    if name in status_map:
        return status_map[name]
    if name in STATUSES:
        return name
    raise InputInvalid([(
        "/status",
        f"is neither one of Blankett's statuses ({', '.join(STATUSES)}) nor a name in this client's status_map",
    )])


async def add_event(
    session: AsyncSession, case: Case, kind: str, actor: str, data: dict[str, Any], status: str | None = None
) -> CaseEvent:
    """Append a timeline event to ``case`` and mark the case changed (the case API lists by it)."""
    now = utcnow()
    event = CaseEvent(case_id=case.id, at=now, kind=kind, status=status, actor=actor, data=data)
    session.add(event)
    case.updated_at = now
    await session.flush()
    return event


async def change_status(
    session: AsyncSession, case: Case, new_status: str, actor: str, **data: Any
) -> CaseEvent | None:
    """Move ``case`` to ``new_status`` if allowed; ``data`` goes on the event (no personal data)."""
    if new_status == case.status:
        return None
    previous = case.status
    check_transition(previous, new_status)
    case.status = new_status
    event = await add_event(session, case, "status", actor, dict(data), status=new_status)
    await audit.record(session, actor, "case.status_changed", case_id=case.id, previous=previous, status=new_status)
    await note_event(session, case, event)
    return event


async def add_message(
    session: AsyncSession, case: Case, actor: str, text: str, *, keyring: Keyring | None
) -> CaseEvent:
    """A message from case handling to the citizen, on the timeline; also after the decision."""
    check_status(case, ("skicka meddelanden", "send messages"), OPEN_STATUSES | {"decided"})
    event = await add_event(session, case, "message", actor, seal_text(case, keyring, text))
    await audit.record(session, actor, "case.message_added", case_id=case.id, event_id=event.id)
    await note_event(session, case, event)
    return event


async def request_completion(
    session: AsyncSession, case: Case, actor: str, text: str, *, due: date | None = None,
    keyring: Keyring | None,
) -> CaseEvent:
    """Ask the citizen to complete the case; the case is then ``waiting`` (komplettering begärd)."""
    check_status(case, ("begära komplettering", "request completion"))
    data: dict[str, Any] = seal_text(case, keyring, text)
    if due is not None:
        data["due"] = due.isoformat()
    event = await add_event(session, case, "completion_request", actor, data)
    await audit.record(session, actor, "case.completion_requested", case_id=case.id, event_id=event.id)
    await note_event(session, case, event)  # before the status change: the citizen hears once
    await change_status(session, case, "waiting", actor)
    return event


async def record_decision(
    session: AsyncSession, case: Case, actor: str, text: str, *, keyring: Keyring | None,
    document: Mapping[str, Any] | None = None,
) -> CaseEvent:
    """The decision, with an optional document (its id, filename, media type, size); the case is then ``decided``."""
    check_transition(case.status, "decided")
    data: dict[str, Any] = seal_text(case, keyring, text)
    if document is not None:
        data["document"] = dict(document)
    event = await add_event(session, case, "decision", actor, data)
    await audit.record(session, actor, "case.decision_recorded", case_id=case.id, event_id=event.id)
    await note_event(session, case, event)  # before the status change: the citizen hears once
    await change_status(session, case, "decided", actor)
    return event


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline as people read it: texts opened, dates parsed."""

    at: datetime
    kind: str
    status: str | None
    actor: str
    data: Mapping[str, Any] = field(default_factory=dict)
    text: str | None = None
    due: date | None = None


# A completion request, its answer or a decision brings its status change along; shown as one line.
_BRINGS = {"completion_request": "waiting", "decision": "decided", "completion_answer": "in_progress"}


def timeline(case: Case, events: Iterable[CaseEvent], keyring: Keyring | None) -> list[TimelineEntry]:
    """The case's events (oldest first) for display."""
    entries: list[TimelineEntry] = []
    for event in events:
        data = dict(event.data or {})
        previous = entries[-1] if entries else None
        if event.kind == "status" and previous is not None and _BRINGS.get(previous.kind) == event.status:
            continue
        due = date.fromisoformat(data["due"]) if isinstance(data.get("due"), str) else None
        entries.append(TimelineEntry(
            event.at, event.kind, event.status, event.actor, data, open_text(case, keyring, data), due,
        ))
    return entries
