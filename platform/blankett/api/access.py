"""What every case API endpoint starts with: the client behind the token, the case it may see,
and the JSON body it sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from ..catalog import Catalog
from ..db import Case, Database
from ..errors import InputInvalid, NotFound
from ..security import Keyring, Policy, bound_keyring
from ..settings import Settings
from .clients import ApiClient
from .schemas import check_body
from .tokens import TokenServer


@dataclass(frozen=True)
class ApiState:
    """What the API sub-app keeps in ``app.state.api``."""

    settings: Settings
    db: Database
    catalog: Catalog
    policy: Policy
    tokens: TokenServer
    openapi: dict[str, Any]

    @property
    def keyring(self) -> Keyring | None:
        return bound_keyring(self.db)


def api_state(request: Request) -> ApiState:
    state = request.app.state.api
    assert isinstance(state, ApiState)
    return state


def authenticate(request: Request, scope: str) -> tuple[ApiState, ApiClient]:
    state = api_state(request)
    return state, state.tokens.authenticate(request, scope)


async def find_case(session: AsyncSession, client: ApiClient, reference: str, *, for_update: bool = False) -> Case:
    """The case, if it belongs to one of the client's services; any other case is a plain 404."""
    query = select(Case).where(Case.reference == reference, Case.service_id.in_(client.services))
    if for_update:  # serialises status changes to one case (PostgreSQL; SQLite writes are serial anyway)
        query = query.with_for_update()
    case = await session.scalar(query)
    if case is None:
        raise NotFound(f"case not visible to {client.actor}")
    return case


async def read_json(request: Request, schema: str) -> dict[str, Any]:
    """The request's JSON body, checked against the named schema."""
    body = await request.body()
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputInvalid([("", "the body must be a JSON object (Content-Type: application/json)")]) from exc
    return check_body(schema, data)
