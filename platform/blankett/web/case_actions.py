"""The citizen acts on a filed case from its page: writes to case handling, answers a completion
request (text and attachments), withdraws the case. Plain HTML forms, so all of it works
without JavaScript; a mistake re-renders the case page with the message next to the field and
every answer kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..api.serialize import document_info
from ..cases import citizen
from ..cases.documents import sniff_document, store_document
from ..db import Case
from ..errors import InputInvalid, InvalidTransition, NotPermitted
from ..security import bound_keyring
from .access import check_case_access, current_person, is_case_owner, login_required
from .guards import read_form
from .my_cases import render_case_page
from .rendering import language, render
from .texts import translate


@dataclass(frozen=True)
class FieldError:
    """An error next to a field of the case page, linked from the error summary."""

    field_id: str
    message: str


async def _owned_case(request: Request, session: AsyncSession, *, lock: bool = True) -> tuple[Case, str]:
    """The case in the URL and the actor, if its owner is logged in here at the service's level."""
    state = request.app.state
    query = select(Case).where(Case.public_id == request.path_params["public_id"])
    case = check_case_access(request, await session.scalar(query.with_for_update() if lock else query))
    if case.owner_person_id is None:
        raise InvalidTransition("anonymous case", public_message=_ANONYMOUS)
    service = state.catalog.get(case.service_id)
    level = service.minimum_loa if service is not None else 2
    person = current_person(request)
    if person is None or int(person.get("loa_rank", 0)) < level:
        # Log in (or step up), then come back to the case page, not to this POST's URL.
        exc = login_required(request, level)
        exc.next_path = _case_path(case.public_id)  # type: ignore[attr-defined]
        raise exc
    if not is_case_owner(request, case):  # another representative of the organisation: may read, not act
        raise NotPermitted("not the case's owner", public_message=_NOT_OWNER)
    return case, f"person:{person['id']}"


_NOT_OWNER = (
    "Bara den som skickade in ärendet kan skriva i det, komplettera det eller återkalla det.",
    "Only the person who sent the case can write in it, complete it or withdraw it.",
)
_ANONYMOUS = (
    "Ett ärende som skickades utan inloggning kan inte ändras här. Kontakta kommunen och uppge ärendenumret.",
    "A case sent without logging in cannot be changed here. Contact the municipality and give the case reference.",
)


def _case_path(case_public_id: str, anchor: str = "") -> str:
    return f"/arenden/{case_public_id}{anchor}"


def read_text(form: FormData, name: str, required: str, lang: str, errors: list[FieldError]) -> str:
    """The field's text, trimmed; empty (message ``required``) or over-long is an error at the field."""
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        errors.append(FieldError(name, translate(required, lang)))
    elif len(text) > citizen.MAX_TEXT_CHARS:
        errors.append(FieldError(name, translate("text_too_long", lang, max=citizen.MAX_TEXT_CHARS)))
    return text


async def _attachments(form: FormData, lang: str, errors: list[FieldError]) -> list[tuple[str, str, bytes]]:
    """``(filename, media type, bytes)`` of each attached file, checked by content."""
    files = [f for f in form.getlist("attachments") if isinstance(f, UploadFile) and f.filename]
    if len(files) > citizen.MAX_ATTACHMENTS:
        errors.append(FieldError("attachments", translate("attachments_too_many", lang, max=citizen.MAX_ATTACHMENTS)))
        return []
    checked: list[tuple[str, str, bytes]] = []
    for upload in files:
        content = await upload.read()
        try:
            checked.append(sniff_document(str(upload.filename), content))
        except InputInvalid:
            errors.append(FieldError("attachments", translate("attachment_wrong_type", lang, name=upload.filename)))
    return checked


async def send_message(request: Request) -> Response:
    """``POST /arenden/{id}/meddelande``: the citizen writes to case handling."""
    form = await read_form(request)
    lang = language(request)
    errors: list[FieldError] = []
    text = read_text(form, "message", "message_required", lang, errors)
    db = request.app.state.db
    async with db.session() as s:
        case, actor = await _owned_case(request, s)
        if not errors:
            await citizen.write_to_handling(
                s, case, actor, text, keyring=bound_keyring(db), record_takers=request.app.state.record_takers
            )
    if errors:
        return await _again(request, errors, {"message": text})
    return RedirectResponse(_case_path(case.public_id, "?skickat=meddelande#tidslinje"), status_code=303)


async def answer_completion(request: Request) -> Response:
    """``POST /arenden/{id}/komplettering``: text and attachments answering a completion request."""
    form = await read_form(request)
    lang = language(request)
    errors: list[FieldError] = []
    text = read_text(form, "completion", "completion_required", lang, errors)
    try:
        files = await _attachments(form, lang, errors)
    finally:
        await form.close()  # the spooled upload files
    db = request.app.state.db
    keyring = bound_keyring(db)
    async with db.session() as s:
        case, actor = await _owned_case(request, s)
        if not errors:
            documents = [
                document_info(await store_document(
                    s, case, kind="completion", filename=name, media_type=media_type, content=content,
                    actor=actor, keyring=keyring,
                ))
                for name, media_type, content in files
            ]
            await citizen.answer_completion(
                s, case, actor, text, keyring=keyring, documents=documents,
                record_takers=request.app.state.record_takers,
            )
    if errors:
        return await _again(request, errors, {"completion": text})
    return RedirectResponse(_case_path(case.public_id, "?skickat=komplettering#tidslinje"), status_code=303)


async def withdraw_confirm(request: Request) -> Response:
    """``GET /arenden/{id}/aterkalla``: what withdrawing means, and a button to do it."""
    async with request.app.state.db.session() as s:
        case, _ = await _owned_case(request, s, lock=False)
    citizen.check_withdrawable(case)
    return render(request, "withdraw.html", case=case)


async def withdraw(request: Request) -> Response:
    """``POST /arenden/{id}/aterkalla``: the case is withdrawn; case handling sees it at once."""
    await read_form(request)
    async with request.app.state.db.session() as s:
        case, actor = await _owned_case(request, s)
        await citizen.withdraw(s, case, actor, record_takers=request.app.state.record_takers)
    return RedirectResponse(_case_path(case.public_id, "?skickat=aterkallat"), status_code=303)


async def _again(request: Request, errors: list[FieldError], values: dict[str, Any]) -> Response:
    return await render_case_page(request, errors=errors, values=values, status_code=422)
