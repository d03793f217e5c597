"""Files posted on a form page: checked by content, stored, and handed to the form engine as
references; and the downloads of one's own uploads and of a case's attachments.

A page with a file control is a ``multipart/form-data`` form. Its files are read before the
answers: each is checked against the control's limits (count, size, media type found in the
bytes, never the name or the browser's Content-Type), stored for the draft's owner, and given
to the control as an :class:`~blankett.formengine.widgets.files.Uploaded`; a refused file
becomes the control's error. Files whose references the new answers no longer hold (removed,
replaced, or on a question now hidden) are deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from .. import audit, formengine
from ..cases.uploads import (
    case_upload,
    delete_uploads,
    open_upload,
    owned_upload,
    referenced_ids,
    store_upload,
)
from ..catalog import Service
from ..db import Case, Database, Upload
from ..formengine import pointers
from ..formengine.expansion import expand
from ..formengine.filetypes import sanitise_name, sniff
from ..formengine.widgets.files import REMOVE_FILE, Refusal, Uploaded, file_limits, references
from ..security import bound_keyring, case_controls
from .access import check_case_access, current_person, draft_owner
from .catalogue import service_or_404

CHUNK = 64 * 1024


class UploadForm:
    """The posted form as the engine reads it: a file control's name gives its :class:`Uploaded`."""

    def __init__(self, form: FormData, uploaded: Mapping[str, Uploaded]) -> None:
        self.form, self.uploaded = form, uploaded

    def get(self, key: str, /) -> Any:
        return self.uploaded[key] if key in self.uploaded else self.form.get(key)

    def getlist(self, key: str) -> list[Any]:
        return self.form.getlist(key)


def has_files(page: formengine.Page) -> bool:
    return any(c.widget == "file" for c in page.controls)


async def _read(upload: UploadFile, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to tell that a file is too large."""
    parts, size = [], 0
    while size <= limit:
        chunk = await upload.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


async def receive_files(
    db: Database, owner: str, service: Service, page: formengine.Page, form: FormData, answers: Mapping[str, Any]
) -> UploadForm:
    """Check and store the files posted for the page's file controls."""
    uploaded: dict[str, Uploaded] = {}
    removed = form.get(REMOVE_FILE)
    for control in expand(page.elements, answers).controls():
        if control.widget != "file":
            continue
        posted = [f for f in form.getlist(control.name) if isinstance(f, UploadFile) and (f.filename or f.size)]
        if not posted:
            continue
        limits = file_limits(control)
        held = [r for r in references(pointers.get(answers, control.segments)) if r.get("id") != removed]
        room = limits.max_files - len(held) if limits.multiple else 1
        stored: list[Mapping[str, Any]] = []
        refused: Refusal | None = None
        for upload in posted:
            name = sanitise_name(upload.filename or "")
            problem, content = None, b""
            if len(stored) >= room:
                problem = "file:maxItems"
            else:
                content = await _read(upload, limits.max_size)
                media_type = sniff(content)
                if not content:
                    problem = "file:empty"
                elif len(content) > limits.max_size:
                    problem = "file:tooLarge"
                elif media_type not in limits.accept:
                    problem = "file:wrongType"
            if problem is not None:
                refused = refused or Refusal(problem, name)
                continue
            assert media_type is not None
            stored.append(await store_upload(
                db, owner, service, control.pointer, sanitise_name(upload.filename or "", media_type), media_type, content,
            ))
        uploaded[control.name] = Uploaded(tuple(stored), refused)
    return UploadForm(form, uploaded)


async def forget_removed(
    db: Database, owner: str, service: Service, before: Mapping[str, Any], after: Mapping[str, Any]
) -> None:
    """Delete the uploads the answers held before this page was read and hold no longer."""
    await delete_uploads(db, owner, service.id, referenced_ids(before) - referenced_ids(after))


def download(filename: str, media_type: str, content: bytes) -> Response:
    """Always an attachment, never rendered by the browser on the platform's own origin."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={
        "content-disposition": disposition,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "content-security-policy": "default-src 'none'; sandbox",
    })


async def own_file(request: Request) -> Response:
    """``/e-tjanst/{service}/filer/{id}``: a person downloads a file they uploaded (not yet sent)."""
    service = service_or_404(request)
    owner = draft_owner(request, service)
    upload, content = await owned_upload(request.app.state.db, owner, service.id, request.path_params["upload_id"])
    return download(upload.filename, upload.media_type, content)


async def case_attachment(request: Request) -> Response:
    """``/arenden/{public_id}/bilagor/{id}``: the case's owner downloads an attachment."""
    state = request.app.state
    async with state.db.session() as s:
        case = check_case_access(
            request, await s.scalar(select(Case).where(Case.public_id == request.path_params["public_id"]))
        )
        upload: Upload = await case_upload(s, case, request.path_params["upload_id"])
        content = open_upload(upload, bound_keyring(state.db), case)
        if case_controls(case, state.policy, state.catalog.get(case.service_id)).audit_reads:
            person = current_person(request)
            actor = f"person:{person['id']}" if person else "anonymous"
            await audit.record(s, actor, "case.attachment_read", case_id=case.id, attachment=upload.id)
    return download(upload.filename, upload.media_type, content)
