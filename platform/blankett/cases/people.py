"""Persons: found or created at login through a keyed hash of their identity.

The personal identity (or coordination) number is kept sealed (blankett.security.protection
``seal_number``/``read_number``); lookups go through the keyed hash, never the number.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import Identity
from ..db import Database, Person, StaffRole, utcnow
from ..security import blind_index, keyring_for, seal_number

logger = logging.getLogger(__name__)

SEAL_BATCH_SIZE = 200


def identity_key(secret: str, identity: Identity) -> str:
    # The personal identity (or coordination) number is the person, whichever provider vouched
    # for it; without one (foreign eIDAS identities) the provider's subject is.
    number = identity.personal_number or identity.coordination_number
    basis = f"pnr:{number}" if number else f"sub:{identity.issuer}|{identity.subject}"
    return blind_index(secret, b"blankett.identity-index", basis)


async def person_for(db: Database, secret: str, identity: Identity) -> Person:
    key = identity_key(secret, identity)
    number = identity.personal_number or identity.coordination_number
    now = utcnow()
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.identity_key == key))
        if person is None:
            person = Person(id=str(uuid.uuid4()), identity_key=key, profile={}, created_at=now)
            s.add(person)
        # The key is made from the number, so a person found by it has this number already sealed.
        if number and (person.number_sealed is None or person.personal_number is not None):
            seal_number(person, number, keyring_for(db))
        person.given_name = identity.given_name or ""
        person.family_name = identity.family_name or ""
        person.last_login_at = now
    return person


async def record_roles(db: Database, person_id: str, roles: Iterable[str]) -> None:
    """Keep the roles a person logged in with, replacing those of their previous login."""
    now = utcnow()
    async with db.session() as s:
        await s.execute(delete(StaffRole).where(StaffRole.person_id == person_id))
        s.add_all(StaffRole(person_id=person_id, role=role, updated_at=now) for role in sorted(set(roles)))


async def staff_with_role(session: AsyncSession, roles: Iterable[str]) -> list[Person]:
    """Persons whose latest login carried any of ``roles``, by name."""
    holders = select(StaffRole.person_id).where(StaffRole.role.in_(list(roles)))
    by_name = (Person.family_name, Person.given_name, Person.id)
    query = select(Person).where(Person.id.in_(holders)).order_by(*by_name)
    return list(await session.scalars(query))


async def seal_plain_numbers(db: Database, batch_size: int = SEAL_BATCH_SIZE) -> int:
    """Seal the plain personal identity numbers older versions stored, and empty the plain column.

    Run at start-up; idempotent (a second run finds nothing). One short transaction per batch.
    """
    keyring = keyring_for(db)
    sealed = 0
    while True:
        async with db.session() as s:
            batch = list(await s.scalars(
                select(Person).where(Person.personal_number.is_not(None)).order_by(Person.id).limit(batch_size)
            ))
            for person in batch:
                seal_number(person, str(person.personal_number), keyring)
        sealed += len(batch)
        if len(batch) < batch_size:
            break
    if sealed:
        logger.info("Sealed %d plain personal identity number(s) and emptied the plain column.", sealed)
    return sealed
