"""Handling cases (scope ``cases:write``): registration, status changes, messages to the citizen,
completion requests and decisions. Each call is one transaction: the case row locked, the
lifecycle change with its timeline and audit events, and the client's own audit event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import audit
from ..cases import lifecycle
from ..cases.documents import store_document
from ..db import Case, CaseEvent
from ..errors import InputInvalid, InvalidTransition
from .access import ApiState, authenticate, find_case, read_json
from .clients import WRITE, ApiClient
from .documents import decode_upload
from .serialize import case_summary, document_info, event_json

Action = Callable[[AsyncSession, Case, dict[str, Any]], Awaitable[CaseEvent | None]]


async def _handle(request: Request, schema: str, action_name: str, act: Callable[[ApiState, ApiClient], Action]) -> Response:
    state, client = authenticate(request, WRITE)
    body = await read_json(request, schema)
    async with state.db.session() as s:
        case = await find_case(s, client, request.path_params["reference"], for_update=True)
        event = await act(state, client)(s, case, body)
        await audit.record(s, client.actor, f"api.{action_name}", case_id=case.id)
        shown = event_json(case, event, state.keyring) if event is not None else None
        summary = case_summary(case)
    return JSONResponse({"ok": True, "case": summary, "event": shown})


def _register(state: ApiState, client: ApiClient) -> Action:
    async def act(s: AsyncSession, case: Case, body: dict[str, Any]) -> CaseEvent | None:
        number = body["registrationNumber"]
        if case.external_id == number:
            return None  # a repeated acknowledgement
        if case.external_id is not None:
            raise InvalidTransition(
                "registered under another number",
                public_message=(
                    "Ärendet är redan registrerat under ett annat diarienummer.",
                    "The case is already registered under another registration number.",
                ),
            )
        event = await lifecycle.change_status(s, case, "registered", client.actor, registration_number=number)
        case.external_id = number
        return event

    return act


def _status(state: ApiState, client: ApiClient) -> Action:
    async def act(s: AsyncSession, case: Case, body: dict[str, Any]) -> CaseEvent | None:
        status = lifecycle.map_status(body["status"], client.status_map)
        if status == "registered":
            raise InputInvalid([("/status", "register a case with POST …/registration and its registration number")])
        return await lifecycle.change_status(s, case, status, client.actor)

    return act


def _message(state: ApiState, client: ApiClient) -> Action:
    async def act(s: AsyncSession, case: Case, body: dict[str, Any]) -> CaseEvent | None:
        return await lifecycle.add_message(s, case, client.actor, body["text"], keyring=state.keyring)

    return act


def _completion(state: ApiState, client: ApiClient) -> Action:
    async def act(s: AsyncSession, case: Case, body: dict[str, Any]) -> CaseEvent | None:
        due = date.fromisoformat(body["dueDate"]) if "dueDate" in body else None
        return await lifecycle.request_completion(s, case, client.actor, body["text"], due=due, keyring=state.keyring)

    return act


def _decision(state: ApiState, client: ApiClient) -> Action:
    async def act(s: AsyncSession, case: Case, body: dict[str, Any]) -> CaseEvent | None:
        lifecycle.check_transition(case.status, "decided")  # before storing a document for nothing
        info = None
        if "document" in body:
            filename, media_type, content = decode_upload(body["document"], "/document")
            document = await store_document(
                s, case, kind="decision", filename=filename, media_type=media_type, content=content,
                actor=client.actor, keyring=state.keyring,
            )
            info = document_info(document)
        return await lifecycle.record_decision(
            s, case, client.actor, body["text"], keyring=state.keyring, document=info
        )

    return act


async def post_registration(request: Request) -> Response:
    return await _handle(request, "Registration", "registration", _register)


async def post_status(request: Request) -> Response:
    return await _handle(request, "StatusChange", "status_change", _status)


async def post_message(request: Request) -> Response:
    return await _handle(request, "Message", "message", _message)


async def post_completion_request(request: Request) -> Response:
    return await _handle(request, "CompletionRequest", "completion_request", _completion)


async def post_decision(request: Request) -> Response:
    return await _handle(request, "Decision", "decision", _decision)
