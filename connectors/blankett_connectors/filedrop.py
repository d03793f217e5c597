"""``filedrop``: write each case envelope as ``<reference>.json`` into a folder, and each later
record of the case (the citizen's message, completion answer, withdrawal) as
``<reference>.record-<id>.json`` beside it.

Settings::

    [connectors.handlaggning]
    type = "filedrop"
    directory = "var/filedrop"   # relative to the working directory
    file_mode = "640"            # optional, octal; default 600

The file appears whole or not at all: it is written to a temporary file in the same folder,
flushed to disk, renamed over the final name, and the folder entry flushed too. So a reader
polling the folder never sees half a case, and a crash never leaves one. Delivering the same
case again writes the same content under the same name.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NotRequired, TypedDict

from blankett.connectors import (
    Connector,
    ConnectorMisconfigured,
    ConnectorRejected,
    ConnectorUnavailable,
    Delivered,
    Delivery,
    DeliveryResult,
    register,
)

if TYPE_CHECKING:
    from blankett.settings import Settings

# A reference becomes a file name: nothing that could climb out of the folder or hide a file.
_SAFE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class FiledropOptions(TypedDict):
    directory: str
    file_mode: NotRequired[str]


@register
class FiledropConnector(Connector[FiledropOptions]):
    """Drops each case into a folder as JSON; see the module docstring."""

    id = "filedrop"
    takes_records = True
    label = "File drop (JSON files in a folder)"
    max_confidentiality = 3
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "required": ["directory"],
        "additionalProperties": False,
        "properties": {
            "directory": {
                "description": "Folder the case files are written to; created when missing.",
                "type": "string",
                "minLength": 1,
            },
            "file_mode": {
                "description": 'Permissions of the written files, octal, e.g. "640" (default "600").',
                "type": "string",
                "pattern": "^0?[0-7]{3}$",
            },
        },
    }

    def __init__(self, name: str, options: FiledropOptions, settings: Settings) -> None:
        super().__init__(name, options, settings)
        self.directory = Path(options["directory"])
        self._mode = int(options.get("file_mode", "600"), 8)

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        return await self._drop(envelope, "")

    async def deliver_record(self, record: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        record_id = str(record["record"]["id"])
        if not record_id.isdigit():
            raise ConnectorRejected(f"Record id {record_id!r} cannot be used in a file name.")
        return await self._drop(record, f".record-{record_id}")

    async def _drop(self, document: dict[str, Any], suffix: str) -> DeliveryResult:
        reference = str(document["case"]["reference"])
        if not _SAFE_REFERENCE.match(reference):
            raise ConnectorRejected(f"Case reference {reference!r} cannot be used as a file name.")
        content = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        file_name = f"{reference}{suffix}.json"
        try:
            await asyncio.to_thread(write_atomically, self.directory / file_name, content, self._mode)
        except (PermissionError, NotADirectoryError, FileExistsError, IsADirectoryError) as exc:
            raise ConnectorMisconfigured(f"Cannot write into {self.directory}: {exc.strerror}.") from exc
        except OSError as exc:  # disk full, I/O error: may pass
            detail = exc.strerror or repr(exc)
            raise ConnectorUnavailable(f"Writing into {self.directory} failed: {detail}.") from exc
        return Delivered(external_id=file_name)


def write_atomically(path: Path, content: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``content`` so that readers see the old file or the new one, whole."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    # The rename lives in the folder's entry: without this a power cut can lose a delivered case.
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
