"""The case lifecycle: the transition table, the events and audit each change writes, and the
texts on the timeline sealed like the case's answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from blankett import audit
from blankett.cases import file_case, lifecycle
from blankett.cases.lifecycle import STATUSES, TRANSITIONS, check_transition, map_status, timeline
from blankett.db import AuditEvent, Case, CaseEvent, Database
from blankett.errors import InputInvalid, InvalidTransition, ProtectedDataError
from blankett.security import Keyring, bind_keyring
from tests.cases.test_intake import ANSWERS, SERVICE

KEYRING = Keyring.generate()


def test_the_table_covers_every_status_and_ends_are_final() -> None:
    assert set(TRANSITIONS) == set(STATUSES)
    assert all(targets <= set(STATUSES) for targets in TRANSITIONS.values())
    assert TRANSITIONS["closed"] == TRANSITIONS["withdrawn"] == frozenset()
    assert TRANSITIONS["decided"] == {"closed"}
    for status in ("received", "registered", "in_progress", "waiting"):
        assert {"decided", "closed", "withdrawn"} <= TRANSITIONS[status]
    # Registration happens once, on arrival.
    assert [s for s, targets in TRANSITIONS.items() if "registered" in targets] == ["received"]


def test_an_illegal_transition_says_what_is_allowed() -> None:
    check_transition("waiting", "in_progress")
    with pytest.raises(InvalidTransition) as caught:
        check_transition("decided", "in_progress")
    assert caught.value.status_code == 409
    sv, en = caught.value.public_message
    assert "beslut fattat" in sv and "under handläggning" in sv and "avslutad" in sv
    assert en == "A case with status decided cannot change to in progress. Allowed next: closed."
    with pytest.raises(InvalidTransition, match="withdrawn"):
        check_transition("closed", "withdrawn")
    with pytest.raises(InputInvalid):
        check_transition("received", "archived")


def test_a_case_systems_status_names_map_onto_ours() -> None:
    status_map = {"Under utredning": "in_progress", "Avslutat": "closed"}
    assert map_status("Under utredning", status_map) == "in_progress"
    assert map_status("decided", status_map) == "decided"
    with pytest.raises(InputInvalid) as caught:
        map_status("Vilande", status_map)
    assert caught.value.problems[0][0] == "/status"


def _scenario(url: str, body: Callable[[Any, Case], Awaitable[None]]) -> None:
    async def run() -> None:
        db = Database(url)
        bind_keyring(db, KEYRING)
        try:
            filed = await file_case(db, SERVICE, ANSWERS, language="sv", person_id=None, submitter=None)
            async with db.session() as s:
                case = await s.get(Case, filed.id)
                assert case is not None
                await body(s, case)
            async with db.session() as s:
                assert await audit.verify_chain(s) is None
        finally:
            await db.dispose()

    asyncio.run(run())


def test_changes_write_timeline_and_audit(sqlite_url: str) -> None:
    async def body(s: Any, case: Case) -> None:
        filed_at = case.updated_at
        event = await lifecycle.change_status(s, case, "registered", "client:arende", registration_number="KS 2026/1")
        assert event is not None and event.status == "registered" and event.actor == "client:arende"
        assert event.data == {"registration_number": "KS 2026/1"}
        assert case.status == "registered" and case.updated_at > filed_at
        assert await lifecycle.change_status(s, case, "registered", "client:arende") is None  # repeated: nothing
        await lifecycle.request_completion(s, case, "client:arende", "Skicka ett foto.", due=date(2026, 12, 1), keyring=KEYRING)
        assert case.status == "waiting"
        await lifecycle.add_message(s, case, "client:arende", "Tack!", keyring=KEYRING)
        await lifecycle.record_decision(s, case, "client:arende", "Beviljas.", keyring=KEYRING)
        assert case.status == "decided"
        with pytest.raises(InvalidTransition):
            await lifecycle.request_completion(s, case, "client:arende", "Mer?", keyring=KEYRING)
        await lifecycle.change_status(s, case, "closed", "client:arende")
        with pytest.raises(InvalidTransition):
            await lifecycle.add_message(s, case, "client:arende", "Hej igen", keyring=KEYRING)

        events = list(await s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))
        assert [(e.kind, e.status) for e in events] == [
            ("status", "received"), ("status", "registered"), ("completion_request", None), ("status", "waiting"),
            ("message", None), ("decision", None), ("status", "decided"), ("status", "closed"),
        ]
        actions = list(await s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)))
        assert actions == [
            "case.submitted", "case.status_changed", "case.completion_requested", "case.status_changed",
            "case.message_added", "case.decision_recorded", "case.status_changed", "case.status_changed",
        ]
        # The case is sealed (confidentiality 1), so its texts are too; the timeline opens them.
        assert all("text" not in e.data for e in events)
        entries = timeline(case, events, KEYRING)
        assert [(e.kind, e.text) for e in entries if e.text] == [
            ("completion_request", "Skicka ett foto."), ("message", "Tack!"), ("decision", "Beviljas."),
        ]
        assert entries[2].due == date(2026, 12, 1)
        # The status change a completion request or decision brings is shown with it.
        assert [e.status for e in entries if e.kind == "status"] == ["received", "registered", "closed"]

    _scenario(sqlite_url, body)


def test_sealed_texts_do_not_open_on_another_case_or_after_the_purge(sqlite_url: str) -> None:
    async def body(s: Any, case: Case) -> None:
        event = await lifecycle.add_message(s, case, "client:arende", "Hemligt", keyring=KEYRING)
        assert timeline(case, [event], KEYRING)[0].text == "Hemligt"
        moved = Case(reference="BLK-2026-999999", sealed=case.sealed, key_id=case.key_id, wrapped_key=case.wrapped_key)
        with pytest.raises(ProtectedDataError):
            timeline(moved, [event], KEYRING)
        case.sealed = case.key_id = case.wrapped_key = None  # what the retention purge leaves
        assert timeline(case, [event], KEYRING)[0].text is None

    _scenario(sqlite_url, body)
