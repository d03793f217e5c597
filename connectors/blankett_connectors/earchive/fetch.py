"""Fetch the files a case envelope lists by reference, and check them against their SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import httpx

from blankett.connectors import ConnectorRejected, ConnectorUnavailable

from .model import DataFile
from .package import attachment_path


async def fetch_attachments(
    client: httpx.AsyncClient, envelope: Mapping[str, Any], read: Callable[[str], Awaitable[bytes]] | None = None
) -> list[DataFile]:
    """One ``DataFile`` per attachment in ``envelope``, its bytes read and checked.

    Inside the platform's worker ``read`` (``Delivery.read_attachment``) gives the bytes from
    the platform's own storage; otherwise they are fetched from the attachment's ``href``.
    Raises ``ConnectorUnavailable`` when a file cannot be had now, ``ConnectorRejected`` when
    it will not come right by retrying (gone, no ``href``, refused, or other bytes than the
    envelope says). Reasons name the attachment by its number, never by the citizen's file name.
    """
    listed: Sequence[Any] = envelope.get("attachments") or []
    files: list[DataFile] = []
    for number, attachment in enumerate(listed, start=1):
        if not isinstance(attachment, Mapping):
            raise ConnectorRejected(f"Attachment {number} is not an object.")
        size = int(attachment.get("size", -1))
        if read is not None and attachment.get("id"):
            content = await _read(read, str(attachment["id"]), number)
        elif attachment.get("href"):
            content = await _download(client, str(attachment["href"]), number, size)
        else:
            raise ConnectorRejected(
                f"Attachment {number} has no href: the e-archive package needs the file itself, "
                "so the platform must give an address to fetch it from."
            )
        if hashlib.sha256(content).hexdigest() != attachment.get("sha256"):
            raise ConnectorRejected(f"Attachment {number} does not match its sha256 in the envelope.")
        files.append(
            DataFile(
                attachment_path(number, str(attachment.get("fileName") or "")),
                content,
                mimetype=str(attachment.get("contentType") or "application/octet-stream"),
                description=f"Bilaga {number} från den som lämnade in ärendet",
            )
        )
    return files


async def _read(read: Callable[[str], Awaitable[bytes]], attachment_id: str, number: int) -> bytes:
    try:
        return await read(attachment_id)
    except LookupError as exc:
        raise ConnectorRejected(f"Attachment {number} is no longer stored in the platform.") from exc
    except Exception as exc:  # the database or the keys, for now: may pass
        raise ConnectorUnavailable(f"Could not read attachment {number}: {type(exc).__name__}.") from exc


async def _download(client: httpx.AsyncClient, href: str, number: int, size: int) -> bytes:
    try:
        async with client.stream("GET", href) as response:
            if response.status_code != 200:
                raise _refused(response, number)
            chunks: list[bytes] = []
            received = 0
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if size >= 0 and received > size:
                    raise ConnectorRejected(f"Attachment {number} is larger than the envelope says.")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException as exc:
        raise ConnectorUnavailable(f"Fetching attachment {number} timed out ({type(exc).__name__}).") from exc
    except httpx.HTTPError as exc:
        raise ConnectorUnavailable(f"Could not fetch attachment {number}: {type(exc).__name__}.") from exc


def _refused(response: httpx.Response, number: int) -> Exception:
    answer = f"Fetching attachment {number} got {response.status_code} {response.reason_phrase}".rstrip()
    if response.status_code in (408, 429) or response.status_code >= 500:
        return ConnectorUnavailable(f"{answer}.")
    return ConnectorRejected(f"{answer}: the file is not there, or the platform may not fetch it.")
