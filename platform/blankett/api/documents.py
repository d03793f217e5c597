"""Documents of a case (blankett.cases.documents) over HTTP: a case system's base64 upload
checked, and downloads to the case system and the citizen, always as attachments with
``nosniff``, never rendered inline."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from .. import audit
from ..cases.documents import find_document, open_document
from ..db import Case, Document
from ..errors import InputInvalid
from ..security import bound_keyring, case_controls
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


def download(document: Document, content: bytes) -> Response:
    ascii_name = document.filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document.filename)}"
    return Response(content, media_type=document.media_type, headers={
        "content-disposition": disposition,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "content-security-policy": "default-src 'none'; sandbox",
    })


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
