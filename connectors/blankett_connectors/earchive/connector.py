"""The ``earchive`` connector type: options, checks at start-up, and one package per case."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NotRequired, TypedDict

import httpx

from blankett import __version__
from blankett.connectors import (
    Connector,
    ConnectorMisconfigured,
    ConnectorRejected,
    Delivered,
    Delivery,
    DeliveryResult,
    RetryLater,
    register,
)

from .fetch import fetch_attachments
from .model import REPRESENTATION_DIR, Disposal, Producer, Profile
from .package import CASE_FILE, build_package, envelope_bytes
from .storage import package_is_current, write_package

if TYPE_CHECKING:
    from blankett.settings import Settings

DEFAULT_SECRECY_REGULATION = "Offentlighets- och sekretesslagen (2009:400)"
DEFAULT_TIMEOUT_SECONDS = 10.0
# A reference becomes a folder name: nothing that could climb out of the directory or hide.
_SAFE_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_TEXT = {"type": "string", "minLength": 1, "maxLength": 300}


class EarchiveOptions(TypedDict):
    directory: str
    organisation: str
    organisation_id: NotRequired[str]
    archive: NotRequired[str]
    submission_agreement: NotRequired[str]
    disposal_action: NotRequired[Literal["preserve", "dispose"]]
    retention_years: NotRequired[int]
    disposal_mandate: NotRequired[str]
    disposal_schedule_id: NotRequired[str]
    secrecy_regulation: NotRequired[str]
    file_mode: NotRequired[str]
    timeout_seconds: NotRequired[float]


@register
class EarchiveConnector(Connector[EarchiveOptions]):
    """Writes each case as an FGS 2.0 package folder; see the package docstring."""

    id = "earchive"
    label = "E-arkiv (FGS 2.0-paket)"
    max_confidentiality = 3
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "required": ["directory", "organisation"],
        "additionalProperties": False,
        "properties": {
            "directory": {
                "description": "Folder the package folders are written into.",
                "type": "string",
                "minLength": 1,
            },
            "organisation": {
                **_TEXT,
                "description": "The authority the cases belong to (arkivbildare), e.g. Exempelby kommun.",
            },
            "organisation_id": {
                **_TEXT,
                "description": "Its identification code, e.g. the organisation number 212000-0000.",
            },
            "archive": {**_TEXT, "description": "The archive that takes the packages (preservation agent)."},
            "submission_agreement": {
                **_TEXT,
                "description": "Reference of the leveransöverenskommelse (submission agreement).",
            },
            "disposal_action": {
                "description": '"preserve" (default) or "dispose" of cases after retention_years.',
                "enum": ["preserve", "dispose"],
            },
            "retention_years": {
                "description": "Years after filing until the case may be disposed of.",
                "type": "integer",
                "minimum": 0,
                "maximum": 200,
            },
            "disposal_mandate": {
                **_TEXT,
                "description": "Source of the disposal rule (gallringsbeslut, dokumenthanteringsplan).",
            },
            "disposal_schedule_id": {**_TEXT, "description": "Id of the rule in the disposal schedule."},
            "secrecy_regulation": {
                **_TEXT,
                "description": f"Law named in secrecy restrictions; default {DEFAULT_SECRECY_REGULATION}.",
            },
            "file_mode": {
                "description": "Permissions of the written files, octal; default 600.",
                "type": "string",
                "pattern": "^[0-7]?[0-7]{3}$",
            },
            "timeout_seconds": {
                "description": "How long to wait when fetching an attachment.",
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 300,
            },
        },
        "if": {"required": ["disposal_action"], "properties": {"disposal_action": {"const": "dispose"}}},
        "then": {"required": ["retention_years"]},
    }

    def __init__(self, name: str, options: EarchiveOptions, settings: Settings) -> None:
        super().__init__(name, options, settings)
        self.directory = Path(options["directory"])
        self._mode = int(options.get("file_mode", "600"), 8)
        dispose = options.get("disposal_action", "preserve") == "dispose"
        if not dispose and "retention_years" in options:
            raise ConnectorMisconfigured(
                'retention_years only applies with disposal_action = "dispose"; remove it, or set that.'
            )
        self._profile = Profile(
            producer=Producer(
                organisation=options["organisation"],
                organisation_id=options.get("organisation_id"),
                archive=options.get("archive"),
                submission_agreement=options.get("submission_agreement"),
                software_version=__version__,
            ),
            disposal=Disposal(
                preserve=not dispose,
                retention_years=options.get("retention_years"),
                mandate=options.get("disposal_mandate"),
                schedule_id=options.get("disposal_schedule_id"),
            ),
            secrecy_regulation=options.get("secrecy_regulation", DEFAULT_SECRECY_REGULATION),
        )
        self._timeout = float(options.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS))
        self._client: httpx.AsyncClient | None = None

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        reference = str(envelope["case"]["reference"])
        if not _reference_is_safe(reference):
            raise ConnectorRejected(f"Case reference {reference!r} cannot be used as a folder name.")
        level = (envelope.get("classification") or {}).get("confidentiality")
        if not isinstance(level, int) or isinstance(level, bool) or level > self.max_confidentiality:
            # The worker checks this too; a package with personal data is checked again here.
            raise ConnectorRejected(f"Case {reference} is rated above confidentiality 3 or not at all.")
        final = self.directory / reference
        marker = f"{REPRESENTATION_DIR}/{CASE_FILE}"
        if await asyncio.to_thread(package_is_current, final, marker, envelope_bytes(envelope)):
            return Delivered(external_id=reference)  # a repeated attempt: the package is there
        attachments = await fetch_attachments(self._http(), envelope, delivery.read_attachment)
        files = build_package(envelope, attachments, self._profile, datetime.now(UTC))
        try:
            await asyncio.to_thread(write_package, final, files, self._mode)
        except OSError as exc:  # read-only, full or missing disk: may pass, and parks after the last attempt
            detail = exc.strerror or type(exc).__name__
            return RetryLater(f"Writing the package into {self.directory} failed: {detail}.")
        return Delivered(external_id=reference)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    def _http(self) -> httpx.AsyncClient:
        # Made on first use: it needs the running event loop, which __init__ does not have.
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout,
                follow_redirects=False,
                headers={"user-agent": f"Blankett/{__version__} earchive"},
            )
        return self._client


def _reference_is_safe(reference: str) -> bool:
    return _SAFE_REFERENCE.fullmatch(reference) is not None
