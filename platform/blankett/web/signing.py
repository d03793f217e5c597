"""Signing a case before it is filed: a fresh authentication at the service's level that shows
what is signed (blankett.auth.signing), then filing with the signature record in the same
transaction (blankett.cases.signing).

The check page's POST of a service that requires signing starts the signing instead of filing,
at the provider the person logged in with; its signing callback (``/signering/klar``, or
``/signering/klar/<name>``: blankett.auth.provider_config) files the case only when the same
person signed there, at the service's level, after the request, and the answers are still the
ones they saw.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from .. import audit
from ..auth import loa_uri
from ..auth.provider_config import DEFAULT, SIGNING_CALLBACK
from ..auth.signing import SignRequest
from ..cases import identity_key, load_answers
from ..cases.signing import answers_digest, signature_record
from ..catalog import Service
from ..db import Person, utcnow
from ..errors import SigningFailed
from ..formengine import clean_answers
from .access import current_person, draft_owner
from .prefill import SAVE_FIELD

logger = logging.getLogger(__name__)

CALLBACK_PATH = SIGNING_CALLBACK
_PENDING = "signing"  # the session key of the signing in progress


def signing_notice(service: Service, answers: dict[str, Any]) -> dict[str, Any] | None:
    """What the check page says is signed, or None when the service is filed unsigned."""
    if not service.controls.signing_required:
        return None
    return {"digest": answers_digest(answers).hex(), "level": service.minimum_loa}


def tbs_text(service: Service, digest: bytes) -> str:
    """What the provider shows the person they sign, in Swedish."""
    return (
        f"Jag skriver under e-tjänsten ”{service.form.title['sv']}” med de svar jag har granskat "
        f"och intygar att uppgifterna är riktiga. Svarens kontrollsumma (SHA-256): {digest.hex()}"
    )


async def start_signing(
    request: Request, service: Service, owner: str, answers: dict[str, Any], form: FormData
) -> Response:
    """Send the person to the provider to sign ``answers`` (the checked, cleaned ones)."""
    person = current_person(request)
    if person is None:
        raise SigningFailed(f"{service.id} requires signing, which needs a login")
    digest = answers_digest(answers)
    state = request.app.state
    provider = state.providers.of_person(person)
    request.session[_PENDING] = {
        "provider": provider.name,
        "service": service.id,
        "owner": owner,
        "person_id": person["id"],
        "signed_data": digest.hex(),
        "save_contact": form.get(SAVE_FIELD) == "yes",
    }
    response: Response = await provider.client.start_login(
        request, redirect_uri=f"{state.settings.base_url}{provider.config.signing_path}",
        acr=loa_uri(service.minimum_loa), prompt="login", sign=SignRequest(tbs_text(service, digest), digest),
    )
    return response


async def callback(request: Request) -> Response:
    """The provider's answer: check who signed what, then file the case with its signature."""
    from .filling import file_and_show_receipt  # filling starts signings; this module finishes them

    pending = request.session.pop(_PENDING, None)
    if not isinstance(pending, dict):
        raise SigningFailed("this browser has no signing in progress")
    state = request.app.state
    provider = state.providers.find(request.path_params.get("provider", DEFAULT))
    if provider is None or provider.name != pending.get("provider", DEFAULT):
        raise SigningFailed("the signing came back from another provider than it was started at")
    identity = await provider.client.finish_login(request)  # signature, iss, aud, nonce, acr, auth_time
    service = state.catalog.get(pending["service"])
    person = current_person(request)
    if service is None or person is None or person["id"] != pending["person_id"]:
        raise SigningFailed("the signing no longer matches the session (service or login changed)")
    async with state.db.session() as s:
        key = await s.scalar(select(Person.identity_key).where(Person.id == person["id"]))
        same = key is not None and hmac.compare_digest(key, identity_key(state.settings.secret_key, identity))
        if not same:
            actor = f"person:{person['id']}"
            await audit.record(s, actor, "case.signing_refused", service=service.id, reason="person")
    if not same:
        raise SigningFailed("another person signed than the one logged in")
    owner = draft_owner(request, service)
    if owner != pending["owner"]:
        raise SigningFailed("the signing no longer matches the session (draft owner changed)")
    answers = await load_answers(state.db, owner, service)
    digest = answers_digest(clean_answers(service.form, answers))
    if digest.hex() != pending["signed_data"]:
        raise SigningFailed("the answers changed after the signing started")
    record = signature_record(identity, person["id"], digest, utcnow())
    logger.info("case signed person=%s method=%s", person["id"], record["method"])
    return await file_and_show_receipt(
        request, service, owner, answers, save_contact=bool(pending.get("save_contact")), signature=record
    )
