"""Filling a form: one page at a time, check your answers, send. Answers are saved as a draft on
every page, and a page with errors is shown again with every answer kept. Files posted on a
page are checked and stored first (:mod:`.uploads`); the answers hold their references."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import formengine
from ..cases import file_case, load_answers, save_answers
from ..cases.uploads import missing_uploads
from ..catalog import Service
from ..db import Person
from ..errors import NotFound
from ..formengine.widgets.files import is_reference
from ..security import bound_keyring, read_number
from .access import current_person, draft_owner
from .applicant import choice_summary, filing_of, gate
from .catalogue import service_or_404
from .guards import read_form
from .prefill import SAVE_FIELD, contact_changes, offer, remember, save_back
from .rendering import language, render
from .signing import signing_notice, start_signing
from .uploads import forget_removed, has_files, receive_files

logger = logging.getLogger(__name__)


def _page(service: Service, page_id: str) -> Any:
    try:
        return service.form.page(page_id)
    except (KeyError, NotFound) as exc:
        raise NotFound(f"no page {page_id!r} in {service.id}") from exc


def _page_url(service: Service, page_id: str) -> str:
    return f"/e-tjanst/{service.id}/sida/{page_id}"


def _check_url(service: Service) -> str:
    return f"/e-tjanst/{service.id}/granska"


def _render_page(
    request: Request, service: Service, page: Any, answers: dict[str, Any], errors: list[Any],
    offered: dict[str, str] | None = None,
) -> Response:
    lang = language(request)
    pages = formengine.visible_pages(service.form, answers)  # the path these answers take
    index = next((i for i, p in enumerate(pages) if p.id == page.id), len(pages))
    previous = formengine.preceding_page(service.form, page.id, answers)
    back = _page_url(service, previous.id) if previous else f"/e-tjanst/{service.id}"
    if "andra" in request.query_params:
        back = _check_url(service)
    return render(
        request, "page.html", status_code=422 if errors else 200,
        service=service, page=page, errors=errors, back_url=back,
        step=index + 1, steps=max(len(pages), index + 1), multipart=has_files(page),
        fields=formengine.render_page(service.form, page, answers, errors, lang, offered),
    )


def _refused_files(service: Service, page: Any, answers: dict[str, Any], lang: str) -> list[Any]:
    """The errors of files just refused (too large, wrong type ...), shown even when the
    person pressed "Ladda upp" rather than "Fortsätt"."""
    return [
        e for e in formengine.validate_page(service.form, page, answers, lang) if e.keyword.startswith("file:")
        and e.keyword not in ("file:required", "file:minItems")
    ]


def _first_invalid_page(service: Service, answers: dict[str, Any], lang: str) -> Any | None:
    """The first page on the path with errors, or the exit page that ends the path."""
    for page in formengine.visible_pages(service.form, answers):
        if page.is_exit or formengine.validate_page(service.form, page, answers, lang):
            return page
    return None


async def page_get(request: Request) -> Response:
    service = service_or_404(request)
    owner = draft_owner(request, service)
    page = _page(service, request.path_params["page"])
    answers = await load_answers(request.app.state.db, owner, service)
    if (stop := await gate(request, service, answers)) is not None:  # whom for; minors turned away
        return stop
    return _render_page(request, service, page, answers, [], await offer(request, service, page, answers))


async def page_post(request: Request) -> Response:
    service = service_or_404(request)
    owner = draft_owner(request, service)
    page = _page(service, request.path_params["page"])
    form = await read_form(request)
    db = request.app.state.db
    before = await load_answers(db, owner, service)
    if (stop := await gate(request, service, before)) is not None:
        await form.close()
        return stop
    try:
        posted = await receive_files(db, owner, service, page, form, before) if has_files(page) else form
    finally:
        await form.close()  # the posted files' temporary copies
    answers = formengine.parse_page(service.form, page, posted, before)
    remember(request, page, before, answers)  # a prefilled field the person emptied stays empty
    await save_answers(db, owner, service, answers)
    await forget_removed(db, owner, service, before, answers)
    # An item or file added or removed, or questions revealed by this answer: show the page again.
    anchor = formengine.stay_on_page(service.form, page, form, before, answers)
    refused = _refused_files(service, page, answers, language(request)) if posted is not form else []
    if anchor is not None and refused:
        return _render_page(request, service, page, answers, refused)
    if anchor is not None:
        query = "?andra=1" if "andra" in request.query_params else ""
        return RedirectResponse(f"{_page_url(service, page.id)}{query}#{anchor}", status_code=303)
    errors = formengine.validate_page(service.form, page, answers, language(request))
    if errors or page.is_exit:
        return _render_page(request, service, page, answers, errors)
    following = formengine.following_page(service.form, page.id, answers)
    if "andra" in request.query_params or following is None:
        return RedirectResponse(_check_url(service), status_code=303)
    return RedirectResponse(_page_url(service, following.id), status_code=303)


async def check_get(request: Request) -> Response:
    service = service_or_404(request)
    owner = draft_owner(request, service)
    answers = await load_answers(request.app.state.db, owner, service)
    if (stop := await gate(request, service, answers, filing=True)) is not None:
        return stop
    lang = language(request)
    invalid = _first_invalid_page(service, answers, lang)
    if invalid is not None:
        return RedirectResponse(_page_url(service, invalid.id), status_code=303)
    pages = formengine.visible_pages(service.form, answers)
    clean = formengine.clean_answers(service.form, answers)
    return render(
        request, "check.html", service=service, back_url=_page_url(service, pages[-1].id),
        rows=formengine.summary(service.form, answers, lang),
        filed_for=choice_summary(service, answers, lang),
        contact_changes=await contact_changes(request, service, clean),
        signing=signing_notice(service, clean),
    )


async def check_post(request: Request) -> Response:
    service = service_or_404(request)
    owner = draft_owner(request, service)
    form = await read_form(request)
    state = request.app.state
    answers = await load_answers(state.db, owner, service)
    if (stop := await gate(request, service, answers, filing=True)) is not None:
        return stop
    lang = language(request)
    gone = await missing_uploads(state.db, owner, service.id, answers)
    if gone:  # removed by the purge meanwhile: the questions must be answered again
        answers = _without_files(answers, gone)
        await save_answers(state.db, owner, service, answers)
    invalid = _first_invalid_page(service, answers, lang)
    if invalid is not None or formengine.validate_answers(service.form, answers, lang):
        target = invalid.id if invalid is not None else service.form.pages[0].id
        return RedirectResponse(_page_url(service, target), status_code=303)
    if service.controls.signing_required:  # filed by the signing's callback, never from here
        clean = formengine.clean_answers(service.form, answers)
        return await start_signing(request, service, owner, clean, form)
    save_contact = form.get(SAVE_FIELD) == "yes"
    return await file_and_show_receipt(request, service, owner, answers, save_contact=save_contact)


async def file_and_show_receipt(
    request: Request, service: Service, owner: str, answers: dict[str, Any], *, save_contact: bool,
    signature: dict[str, Any] | None = None,
) -> Response:
    """File the checked ``answers`` (with their signature, when signed) and show the receipt."""
    state = request.app.state
    lang = language(request)
    person = current_person(request)
    submitter = await _submitter(request, person)
    filed_for = filing_of(request, service, answers)  # an organisation or a child, or nobody else
    case = await file_case(
        state.db, service, formengine.clean_answers(service.form, answers), language=lang,
        person_id=person["id"] if person else None, submitter=filed_for.submitter(submitter),
        draft_owner=owner, signature=signature,
        representation=filed_for.representation, represented_key=filed_for.key,
    )
    if save_contact:
        try:
            await save_back(request, service, formengine.clean_answers(service.form, answers), case)
        except Exception:  # the case is filed: its receipt must show, whatever became of the profile
            logger.exception("Saving contact details back to the profile failed after case %s was filed.", case.reference)
    if person is None:
        request.session["filed"] = [*request.session.get("filed", [])[-19:], case.public_id]
    return RedirectResponse(f"/arenden/{case.public_id}?kvitto=1", status_code=303)


def _without_files(value: Any, ids: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without_files(v, ids) for k, v in value.items() if not (is_reference(v) and v["id"] in ids)}
    if isinstance(value, list):
        return [_without_files(v, ids) for v in value if not (is_reference(v) and v["id"] in ids)]
    return value


async def _submitter(request: Request, person: dict[str, Any] | None) -> dict[str, Any] | None:
    if person is None:
        return None
    async with request.app.state.db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person["id"]))
    return {
        "personId": person["id"],
        "personalNumber": read_number(row, bound_keyring(request.app.state.db)) if row else None,
        "givenName": person.get("given_name", ""),
        "familyName": person.get("family_name", ""),
        "loa": person.get("loa"),
    }
