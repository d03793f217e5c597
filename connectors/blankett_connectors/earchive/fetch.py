"""Fetch the files a case envelope lists by reference, and check them against their SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from blankett.connectors import ConnectorRejected, ConnectorUnavailable

from .model import DataFile
from .package import attachment_path


async def fetch_attachments(client: httpx.AsyncClient, envelope: Mapping[str, Any]) -> list[DataFile]:
    """One ``DataFile`` per attachment in ``envelope``, its bytes fetched from ``href`` and checked.

    Raises ``ConnectorUnavailable`` when a file cannot be fetched now, ``ConnectorRejected`` when
    it will not come right by retrying (no ``href``, refused, or other bytes than the envelope says).
    Reasons name the attachment by its number, never by the citizen's file name.
    """
    listed: Sequence[Any] = envelope.get("attachments") or []
    files: list[DataFile] = []
    for number, attachment in enumerate(listed, start=1):
        if not isinstance(attachment, Mapping) or not attachment.get("href"):
            raise ConnectorRejected(
                f"Attachment {number} has no href: the e-archive package needs the file itself, "
                "so the platform must give an address to fetch it from."
            )
        content = await _download(client, str(attachment["href"]), number, int(attachment.get("size", -1)))
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
