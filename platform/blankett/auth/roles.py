"""Staff roles: what a member of staff may do, as the staff directory says at login.

Roles arrive in one claim of the ID token or userinfo (``oidc_roles_claim``; a list of strings,
or one space-separated string), written in Blankett's own small vocabulary, so the directory's
group-to-role mapping stays in the directory where the municipality manages it:

  handler:<service-id>   handläggare for one service: its cases in the inbox
  handler:*              handläggare for every service
  admin                  the oversight pages (classification report)
  author                 form authors (blankettförfattare): the form definitions and their problems

A staff directory that sends its own group names instead (``CN=Bygglov-handlaggare``) gets a
``role_map`` in its provider table, mapping a group to Blankett roles; values in Blankett's own
vocabulary keep working beside it. Anything else is ignored (and counted in the log, never
named), so a directory that sends other groups as well does no harm. Only staff providers are
trusted with roles (blankett.auth.provider_config); for any other the claim is never read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

logger = logging.getLogger(__name__)

HANDLER_PREFIX = "handler:"
ADMIN = "admin"
AUTHOR = "author"
_ROLE = re.compile(r"^(admin|author|handler:(\*|[a-z0-9][a-z0-9-]{0,99}))$")


def is_role(value: str) -> bool:
    """Whether ``value`` is a role in Blankett's own vocabulary."""
    return bool(_ROLE.match(value))


def read_roles(
    claim: str,
    id_token: Mapping[str, Any],
    userinfo: Mapping[str, Any],
    role_map: Mapping[str, Iterable[str]] | None = None,
) -> tuple[str, ...]:
    """The roles in ``claim`` (userinfo first, then the ID token), sorted, no repeats: Blankett
    roles as they are, and the roles ``role_map`` gives a directory group."""
    if not claim:
        return ()
    value = userinfo.get(claim, id_token.get(claim))
    if isinstance(value, str):
        values: list[Any] = value.split()
    elif isinstance(value, list):
        values = value
    else:
        return ()
    mapped = role_map or {}
    roles: set[str] = set()
    ignored = 0
    for item in values:
        if isinstance(item, str) and item in mapped:
            roles.update(mapped[item])
        elif isinstance(item, str) and is_role(item):
            roles.add(item)
        else:
            ignored += 1
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
    return any(role in (ADMIN, AUTHOR) or role.startswith(HANDLER_PREFIX) for role in roles)
