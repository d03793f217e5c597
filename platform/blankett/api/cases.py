"""Reading cases (scope ``cases:read``): list new and changed cases, fetch one with its envelope,
its PDF copy, its timeline, its documents and the files the citizen attached. Every call is an
audit event of the client."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import audit, formengine
from ..cases.documents import find_document, open_document
from ..cases.lifecycle import STATUSES
from ..cases.uploads import case_upload, envelope_attachments, open_upload
from ..db import Case, CaseEvent, Document, utcnow
from ..envelope import build_envelope
from ..errors import InputInvalid
from ..paper import case_copy_pdf
from ..security import CaseContents, case_controls, read_case
from ..web.uploads import download as download_file
from .access import ApiState, authenticate, find_case
from .clients import READ, ApiClient
from .documents import download
from .serialize import LOCAL_TIME, case_summary, document_info, document_json, event_json

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _changed_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputInvalid([("/changed_since", "must be an ISO 8601 time with a zone, e.g. 2026-11-01T08:00:00Z")])
    return moment


def _statuses(values: list[str]) -> list[str]:
    statuses = [s for value in values for s in value.split(",") if s]
    if not set(statuses) <= set(STATUSES):
        raise InputInvalid([("/status", f"must be among {', '.join(STATUSES)} (comma separated or repeated)")])
    return statuses


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise InputInvalid([("/limit", f"must be a whole number from 1 to {MAX_LIMIT}")])
    return int(value)


def _encode_cursor(case: Case) -> str:
    raw = json.dumps([case.updated_at.isoformat(), case.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(value: str | None) -> tuple[datetime, int] | None:
    if value is None:
        return None
    try:
        at, case_id = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return datetime.fromisoformat(at), int(case_id)
    except (ValueError, TypeError) as exc:
        raise InputInvalid([("/cursor", "is not a cursor this API gave out; start again without it")]) from exc


def _listing(client: ApiClient, request: Request) -> tuple[Any, int]:
    params = request.query_params
    query = select(Case).where(Case.service_id.in_(client.services))
    since = _changed_since(params.get("changed_since"))
    if since is not None:
        query = query.where(Case.updated_at >= since)
    statuses = _statuses(params.getlist("status"))
    if statuses:
        query = query.where(Case.status.in_(statuses))
    cursor = _decode_cursor(params.get("cursor"))
    if cursor is not None:
        at, case_id = cursor
        query = query.where(or_(Case.updated_at > at, and_(Case.updated_at == at, Case.id > case_id)))
    limit = _limit(params.get("limit"))
    return query.order_by(Case.updated_at, Case.id).limit(limit + 1), limit


async def list_cases(request: Request) -> Response:
    """Oldest change first; page on with ``nextCursor`` until it is null."""
    state, client = authenticate(request, READ)
    query, limit = _listing(client, request)
    async with state.db.session() as s:
        cases = list(await s.scalars(query))
        await audit.record(s, client.actor, "api.cases_listed", count=min(len(cases), limit))
    page = cases[:limit]
    next_cursor = _encode_cursor(page[-1]) if len(cases) > limit else None
    return JSONResponse({"ok": True, "cases": [case_summary(c) for c in page], "nextCursor": next_cursor})


async def _open(state: ApiState, s: Any, client: ApiClient, case: Case, purpose: str) -> CaseContents:
    service = state.catalog.get(case.service_id)
    controls = case_controls(case, state.policy, service)
    return await read_case(s, case, keyring=state.keyring, controls=controls, actor=client.actor, purpose=purpose)


async def get_case(request: Request) -> Response:
    state, client = authenticate(request, READ)
    async with state.db.session() as s:
        case = await find_case(s, client, request.path_params["reference"])
        contents = await _open(state, s, client, case, "api")
        documents = list(await s.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.created_at)))
        attachments = await envelope_attachments(s, case, state.settings.base_url)
        await audit.record(s, client.actor, "api.case_read", case_id=case.id)
    return JSONResponse({
        "ok": True, "case": case_summary(case), "envelope": build_envelope(case, contents, attachments),
        "documents": [document_json(case, document_info(d)) for d in documents],
    })


async def get_case_pdf(request: Request) -> Response:
    """The same PDF copy the citizen gets, in Swedish (``?lang=en`` for English)."""
    state, client = authenticate(request, READ)
    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    async with state.db.session() as s:
        case = await find_case(s, client, request.path_params["reference"])
        contents = await _open(state, s, client, case, "api-pdf")
        await audit.record(s, client.actor, "api.case_pdf_read", case_id=case.id)
    service = state.catalog.get(case.service_id)
    if service is not None and service.form.hash == case.definition_hash:
        rows = formengine.summary(service.form, contents.payload, lang)
    else:
        rows = [formengine.SummaryRow("", f"/{k}", k, str(v)) for k, v in contents.payload.items()]
    status = case_summary(case)["statusLabel"][lang].capitalize()
    data = case_copy_pdf(
        case, rows, lang=lang, status=status, submitter=contents.submitter, printed_at=utcnow().astimezone(LOCAL_TIME)
    )
    return Response(data, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="{case.reference}.pdf"', "cache-control": "private, no-store",
    })


async def get_timeline(request: Request) -> Response:
    state, client = authenticate(request, READ)
    async with state.db.session() as s:
        case = await find_case(s, client, request.path_params["reference"])
        events = list(await s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
        ))
        await audit.record(s, client.actor, "api.timeline_read", case_id=case.id)
    return JSONResponse({"ok": True, "events": [event_json(case, e, state.keyring) for e in events]})


async def get_document(request: Request) -> Response:
    state, client = authenticate(request, READ)
    async with state.db.session() as s:
        case = await find_case(s, client, request.path_params["reference"])
        document = await find_document(s, case, request.path_params["document_id"])
        content = open_document(case, document, state.keyring)
        await audit.record(s, client.actor, "api.document_read", case_id=case.id, document=document.id)
    return download(document, content)


async def get_attachment(request: Request) -> Response:
    """A file the citizen attached (listed in the envelope's ``attachments``), as it was uploaded."""
    state, client = authenticate(request, READ)
    async with state.db.session() as s:
        case = await find_case(s, client, request.path_params["reference"])
        upload = await case_upload(s, case, request.path_params["attachment_id"])
        content = open_upload(upload, state.keyring, case)
        await audit.record(s, client.actor, "api.attachment_read", case_id=case.id, attachment=upload.id)
    return download_file(upload.filename, upload.media_type, content)
