"""Staff roles: what a member of staff may do, as the staff directory says at login.

Roles arrive in one claim of the ID token or userinfo (``oidc_roles_claim``; a list of strings,
or one space-separated string), written in Blankett's own small vocabulary, so the directory's
group-to-role mapping stays in the directory where the municipality manages it:

  handler:<service-id>   handläggare for one service: its cases in the inbox
  handler:*              handläggare for every service
  admin                  the oversight pages (classification report)

Anything else is ignored (and counted in the log, never named), so a directory that sends
its own groups as well does no harm. Citizens' providers send no such claim; a provider is
trusted with roles only when the operator names the claim.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

logger = logging.getLogger(__name__)

HANDLER_PREFIX = "handler:"
ADMIN = "admin"
_ROLE = re.compile(r"^(admin|handler:(\*|[a-z0-9][a-z0-9-]{0,99}))$")


def read_roles(claim: str, id_token: Mapping[str, Any], userinfo: Mapping[str, Any]) -> tuple[str, ...]:
    """The known roles in ``claim`` (userinfo first, then the ID token), sorted, no repeats."""
    if not claim:
        return ()
    value = userinfo.get(claim, id_token.get(claim))
    if isinstance(value, str):
        values: Iterable[Any] = value.split()
    elif isinstance(value, list):
        values = value
    else:
        return ()
    roles = {v for v in values if isinstance(v, str) and _ROLE.match(v)}
    ignored = sum(1 for v in values if not (isinstance(v, str) and v in roles))
    if ignored:
        logger.info("Ignored %d value(s) of the roles claim that are not Blankett roles.", ignored)
    return tuple(sorted(roles))


def handles(roles: Iterable[str], service_id: str) -> bool:
    """Whether ``roles`` make their holder a handler of ``service_id``."""
    wanted = {f"{HANDLER_PREFIX}*", f"{HANDLER_PREFIX}{service_id}"}
    return any(role in wanted for role in roles)


def handled_services(roles: Iterable[str], service_ids: Iterable[str]) -> list[str]:
    """The services among ``service_ids`` that ``roles`` handle, in their order."""
    held = list(roles)
    return [service_id for service_id in service_ids if handles(held, service_id)]


def is_staff(roles: Iterable[str]) -> bool:
    return any(role == ADMIN or role.startswith(HANDLER_PREFIX) for role in roles)
