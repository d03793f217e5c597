"""Uploaded files: kept for their owner while the form is filled, the case's once it is filed.

The answers hold only references (:mod:`blankett.formengine.widgets.files`); the bytes live in
``uploads``. Where the service seals its answers (confidentiality >= 1 with the default
policy) an upload is sealed under its own data key (binding ``upload:<id>``) until filing, and
then under the case's data key as a case part (``upload:<id>``, blankett.cases.sealing), so
``blankett keys rotate`` and the case's retention purge cover it as they cover the answers.
Every lookup is scoped to the owner (a person, or an anonymous session) or to the case.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..catalog import Service
from ..db import Case, Database, Upload, utcnow
from ..errors import ConfigurationError, NotFound
from ..formengine.widgets.files import all_references
from ..security import Keyring, bound_keyring
from ..security.crypto import SealedBytes, seal_bytes, unseal_bytes
from ..security.protection import upload_binding
from .sealing import is_sealed, open_part, seal_part


def _part(upload_id: str) -> str:
    return f"upload:{upload_id}"


def _need(keyring: Keyring | None) -> Keyring:
    if keyring is None:
        raise ConfigurationError("This service seals its files but no master keys are configured here.")
    return keyring


def reference(upload: Upload) -> dict[str, Any]:
    """What the answers hold for an upload (the file-reference schema)."""
    return {
        "id": upload.id, "name": upload.filename, "mediaType": upload.media_type,
        "size": upload.size, "sha256": upload.sha256,
    }


async def store_upload(
    db: Database, owner: str, service: Service, field: str, filename: str, media_type: str, content: bytes
) -> dict[str, Any]:
    """Store a checked file for ``owner``; return its reference for the answers."""
    upload = Upload(
        id=secrets.token_urlsafe(16), owner_key=owner, service_id=service.id, field=field[:200],
        filename=filename, media_type=media_type, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), created_at=utcnow(),
    )
    if service.controls.encrypt_at_rest:
        sealed = seal_bytes(_need(bound_keyring(db)), content, upload_binding(upload.id))
        upload.content, upload.key_id, upload.wrapped_key, upload.sealed = (
            sealed.content, sealed.key_id, sealed.wrapped_key, True,
        )
    else:
        upload.content, upload.sealed = content, False
    async with db.session() as s:
        s.add(upload)
    return reference(upload)


def open_upload(upload: Upload, keyring: Keyring | None, case: Case | None = None) -> bytes:
    """The upload's bytes. ``NotFound`` once the retention purge has removed its case's key."""
    if not upload.sealed:
        return upload.content
    if upload.key_id is not None and upload.wrapped_key is not None:  # not filed yet: its own key
        sealed = SealedBytes(upload.key_id, upload.wrapped_key, upload.content)
        return unseal_bytes(_need(keyring), sealed, upload_binding(upload.id))
    if case is None or not is_sealed(case):
        raise NotFound(f"upload {upload.id} of a purged case")
    return open_part(case, keyring, _part(upload.id), upload.content)


async def owned_upload(db: Database, owner: str, service_id: str, upload_id: str) -> tuple[Upload, bytes]:
    """An upload not yet filed, with its bytes, if ``owner`` holds it; else ``NotFound``."""
    async with db.session() as s:
        upload = await s.scalar(select(Upload).where(
            Upload.id == upload_id, Upload.owner_key == owner, Upload.service_id == service_id,
            Upload.case_id.is_(None),
        ))
        if upload is None:
            raise NotFound("no such upload for this owner")
        return upload, open_upload(upload, bound_keyring(db))


async def delete_uploads(db: Database, owner: str, service_id: str, ids: Iterable[str]) -> None:
    """Delete the owner's uploads ``ids`` (removed from the answers); others' are never touched."""
    wanted = list(ids)
    if not wanted:
        return
    async with db.session() as s:
        await s.execute(delete(Upload).where(
            Upload.id.in_(wanted), Upload.owner_key == owner, Upload.service_id == service_id,
            Upload.case_id.is_(None),
        ))


def referenced_ids(answers: Any) -> set[str]:
    return {str(r["id"]) for r in all_references(answers)}


async def missing_uploads(db: Database, owner: str, service_id: str, answers: Mapping[str, Any]) -> set[str]:
    """Ids referenced in the answers whose upload the owner no longer holds (the purge took it)."""
    ids = referenced_ids(answers)
    if not ids:
        return set()
    async with db.session() as s:
        found = set(await s.scalars(select(Upload.id).where(
            Upload.id.in_(ids), Upload.owner_key == owner, Upload.service_id == service_id,
            Upload.case_id.is_(None),
        )))
    return ids - found


async def attach_uploads(
    session: AsyncSession, case: Case, owner: str, answers: Mapping[str, Any], keyring: Keyring | None
) -> list[Upload]:
    """Within the filing transaction: make the uploads the answers reference the case's, and
    delete the owner's other uploads for the service (uploaded, then replaced or left behind)."""
    ids = referenced_ids(answers)
    rows = list(await session.scalars(select(Upload).where(
        Upload.owner_key == owner, Upload.service_id == case.service_id, Upload.case_id.is_(None),
    )))
    attached = []
    for upload in rows:
        if upload.id not in ids:
            await session.delete(upload)
            continue
        content = open_upload(upload, keyring)
        upload.case_id = case.id
        upload.key_id = upload.wrapped_key = None
        upload.sealed = is_sealed(case)
        upload.content = seal_part(case, keyring, _part(upload.id), content) if upload.sealed else content
        attached.append(upload)
    return attached


async def case_uploads(session: AsyncSession, case: Case) -> list[Upload]:
    return list(await session.scalars(
        select(Upload).where(Upload.case_id == case.id).order_by(Upload.created_at, Upload.id)
    ))


async def case_upload(session: AsyncSession, case: Case, upload_id: str) -> Upload:
    upload = await session.scalar(select(Upload).where(Upload.id == upload_id, Upload.case_id == case.id))
    if upload is None:
        raise NotFound("no such attachment on this case")
    return upload


ATTACHMENT_PATH = "/api/v1/cases/{reference}/attachments/{id}"  # the case API serves them


def attachment_json(case: Case, upload: Upload, base_url: str | None = None) -> dict[str, Any]:
    """An attachment as the case envelope lists it; ``href`` (the case API's address, which
    needs a ``cases:read`` token) when the platform's base URL is known."""
    entry: dict[str, Any] = {
        "id": upload.id, "fileName": upload.filename, "contentType": upload.media_type,
        "size": upload.size, "sha256": upload.sha256,
    }
    if base_url:
        entry["href"] = base_url.rstrip("/") + ATTACHMENT_PATH.format(reference=case.reference, id=upload.id)
    return entry


async def envelope_attachments(session: AsyncSession, case: Case, base_url: str | None = None) -> list[dict[str, Any]]:
    return [attachment_json(case, upload, base_url) for upload in await case_uploads(session, case)]
