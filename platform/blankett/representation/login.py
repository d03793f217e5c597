"""What a login shows about whom the person may act for, kept in their session.

Asked once at login, so it holds for that login: the date of birth (for the services' rules
on minors) and the organisations the person represents, from the organisation claims of an
organisational e-ID (``idp``) and from the mandate lookup (``mandate``). Nothing here says
that the person is a guardian: no population register is connected, so a guardian's word is
recorded as such when they file for a child.
"""

from __future__ import annotations

import logging
from typing import Any

from ..auth import Identity
from ..errors import ConnectorUnavailable
from ..settings import Settings
from .mandates import mandate_lookup
from .people import birth_date, legal_entity

logger = logging.getLogger(__name__)


async def login_facts(settings: Settings, identity: Identity) -> dict[str, Any]:
    """``birth_date`` (ISO date or None) and ``organisations`` for the session's person."""
    number = identity.personal_number or identity.coordination_number
    born = birth_date(number, identity.birthdate)
    organisations: list[dict[str, str]] = []
    from_idp = legal_entity(identity.org_number)
    if from_idp is not None:
        organisations.append({"number": from_idp, "name": identity.org_name or from_idp, "evidence": "idp"})
    lookup = mandate_lookup(settings.mandate_lookup)
    if lookup is not None and number:
        try:
            mandates = await lookup.mandates(number)
        except ConnectorUnavailable:
            logger.warning("The mandate lookup is unavailable; this login goes on without its mandates.")
            mandates = []
        for m in mandates:  # the login's own claims first; one entry per organisation
            if m.org_number not in {o["number"] for o in organisations}:
                found = {"number": m.org_number, "name": m.org_name, "evidence": "mandate", "role": m.role}
                organisations.append(found)
    return {"birth_date": born.isoformat() if born else None, "organisations": organisations}
