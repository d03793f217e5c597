"""Documents of a case, such as decisions: checked, stored (sealed like the case), and served as
downloads to the case system and to the citizen.

Only a few media types are accepted, and the bytes must match the type (a "PDF" that is HTML
is refused): the citizen downloads these files from the platform's own origin. They are always
served as attachments with ``nosniff``, never rendered inline.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from .. import audit
from ..cases.sealing import is_sealed, open_part, seal_part
from ..db import Case, Document
from ..errors import InputInvalid, NotFound
from ..formengine import filetypes
from ..security import Keyring, bound_keyring, case_controls
from ..web.access import check_case_access, current_person

_MAGIC: Mapping[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def decode_upload(upload: Mapping[str, Any], pointer: str) -> tuple[str, str, bytes]:
    """``(filename, media type, bytes)`` of an uploaded document the schema has already checked."""
    try:
        content = base64.b64decode(upload["content"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InputInvalid([(f"{pointer}/content", "must be base64 (RFC 4648, with padding)")]) from exc
    media_type = str(upload["mediaType"])
    if media_type == "text/plain":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputInvalid([(f"{pointer}/content", "must be UTF-8 text for text/plain")]) from exc
    elif not content.startswith(_MAGIC[media_type]):
        raise InputInvalid([(f"{pointer}/content", f"is not a {media_type} file")])
    return str(upload["filename"]), media_type, content


# What a citizen may attach to a completion answer and a handler to a decision: what anyone can open.
CITIZEN_DOCUMENT_TYPES = ("application/pdf", "image/png", "image/jpeg")


def sniff_document(filename: str, content: bytes) -> tuple[str, str, bytes]:
    """``(clean filename, media type, bytes)`` of an uploaded file, typed by its content alone.

    The browser's Content-Type and the file's extension are the sender's claims; the first
    bytes are what a reader will open. Only PDF, PNG and JPEG are taken.
    """
    media_type = filetypes.sniff(content)
    if media_type not in CITIZEN_DOCUMENT_TYPES:
        raise InputInvalid([("", "is not a PDF, PNG or JPEG file")])
    return filetypes.sanitise_name(filename, media_type), media_type, content


async def store_document(
    session: AsyncSession, case: Case, *, kind: str, filename: str, media_type: str, content: bytes,
    actor: str, keyring: Keyring | None,
) -> Document:
    document = Document(
        id=str(uuid.uuid4()), case_id=case.id, kind=kind, filename=filename, media_type=media_type,
        size=len(content), sha256=hashlib.sha256(content).hexdigest(), actor=actor, sealed=is_sealed(case),
    )
    document.content = seal_part(case, keyring, f"document:{document.id}", content) if document.sealed else content
    session.add(document)
    await session.flush()
    return document


def open_document(case: Case, document: Document, keyring: Keyring | None) -> bytes:
    """The document's bytes. ``NotFound`` once the retention purge has removed the case's key."""
    if not document.sealed:
        return document.content
    if not is_sealed(case):
        raise NotFound(f"document {document.id} of a purged case")
    return open_part(case, keyring, f"document:{document.id}", document.content)


def download(document: Document, content: bytes) -> Response:
    ascii_name = document.filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document.filename)}"
    return Response(content, media_type=document.media_type, headers={
        "content-disposition": disposition,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "content-security-policy": "default-src 'none'; sandbox",
    })


async def find_document(session: AsyncSession, case: Case, document_id: str) -> Document:
    document = await session.scalar(select(Document).where(Document.id == document_id, Document.case_id == case.id))
    if document is None:
        raise NotFound("no such document on this case")
    return document


async def citizen_document(request: Request) -> Response:
    """``/arenden/{public_id}/dokument/{document_id}``: the case owner downloads a document."""
    state = request.app.state
    async with state.db.session() as s:
        case = check_case_access(
            request, await s.scalar(select(Case).where(Case.public_id == request.path_params["public_id"]))
        )
        document = await find_document(s, case, request.path_params["document_id"])
        content = open_document(case, document, bound_keyring(state.db))
        if case_controls(case, state.policy, state.catalog.get(case.service_id)).audit_reads:
            person = current_person(request)
            actor = f"person:{person['id']}" if person else "anonymous"
            await audit.record(s, actor, "case.document_read", case_id=case.id, document=document.id)
    return download(document, content)
