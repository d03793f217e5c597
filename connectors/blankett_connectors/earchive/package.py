"""Assemble one case's package in memory: every file by its path inside the package folder."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .erms import case_erms
from .mets import package_mets, representation_mets
from .model import ERMS_PATH, REPRESENTATION_DIR, DataFile, Profile
from .xmltools import timestamp

CASE_FILE = "data/case.json"
ANSWERS_FILE = "data/answers.json"
_JSON = {"mimetype": "application/json", "format_name": "JSON Data Interchange Format", "pronom": "fmt/817"}


def case_files(envelope: Mapping[str, Any]) -> list[DataFile]:
    """The case's own files: the envelope as sent, and the answers alone."""
    return [
        DataFile(
            CASE_FILE,
            envelope_bytes(envelope),
            description="Ärendet som Blankett lämnade det (JSON)",
            **_JSON,
        ),
        DataFile(
            ANSWERS_FILE,
            _json(envelope.get("answers") or {}),
            description="Svaren i e-tjänsten (JSON)",
            **_JSON,
        ),
    ]


def envelope_bytes(envelope: Mapping[str, Any]) -> bytes:
    """``case.json``: compared on re-delivery to tell whether the package is already there."""
    return _json(envelope)


def attachment_path(number: int, file_name: str) -> str:
    """``data/attachments/NN-name``: a portable file name whatever the citizen called the file."""
    ascii_name = unicodedata.normalize("NFKD", file_name).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._") or "bilaga"
    return f"data/attachments/{number:02d}-{safe[:80]}"


def build_package(
    envelope: Mapping[str, Any], attachments: Sequence[DataFile], profile: Profile, now: datetime
) -> dict[str, bytes]:
    """Every file of the package by its relative path, ``METS.xml`` last (it sums up the others)."""
    created = timestamp(now)
    files = [*case_files(envelope), *attachments]
    rep_mets = representation_mets(files, created, profile.producer)
    erms = case_erms(envelope, files, profile, created)
    service = envelope["service"]
    title = (service.get("title") or {}).get("sv") or service["id"]
    reference = str(envelope["case"]["reference"])
    root_mets = package_mets(reference, f"{title}, {reference}", erms, rep_mets, created, profile.producer)
    package = {data_file.package_path: data_file.content for data_file in files}
    package[f"{REPRESENTATION_DIR}/METS.xml"] = rep_mets
    package[ERMS_PATH] = erms
    package["METS.xml"] = root_mets
    return package


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
