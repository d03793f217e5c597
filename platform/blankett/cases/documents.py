"""Documents of a case that are not answers: decisions from case handling, and the files a
citizen attaches to a completion answer. Checked by content, stored sealed like the case (under
its own data key, so key rotation and the retention purge cover them), and read back.

Only PDF, PNG and JPEG are taken, typed by their bytes (a "PDF" that is HTML is refused):
people download these files from the platform's own origin.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import Case, Document
from ..errors import InputInvalid, NotFound
from ..formengine import filetypes
from ..security import Keyring
from .sealing import is_sealed, open_part, seal_part

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


async def find_document(session: AsyncSession, case: Case, document_id: str) -> Document:
    document = await session.scalar(select(Document).where(Document.id == document_id, Document.case_id == case.id))
    if document is None:
        raise NotFound("no such document on this case")
    return document
