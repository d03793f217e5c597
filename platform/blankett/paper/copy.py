"""The PDF copy of a filed case: reference, time, answers and attachments, as the receipt."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..cases.representation import LABEL as FILED_FOR
from ..cases.representation import describe
from ..db import Case
from ..formengine import text
from .blank import SENDER
from .pdf import Document, stamp

WORDS = {
    "sv": {
        "receipt": "Kvitto på inskickat ärende",
        "reference": "Ärendenummer",
        "service": "E-tjänst",
        "version": "Version",
        "submitted": "Inskickat",
        "status": "Status",
        "submitter": "Inskickat av",
        "answers": "Dina svar",
        "attachments": "Bifogade filer",
        "none": "Inga",
        "printed": "Utskriften skapades",
        "signed": "Underskrivet",
        "signed_data": "Kontrollsumma (SHA-256)",
    },
    "en": {
        "receipt": "Receipt for a case sent",
        "reference": "Case reference",
        "service": "E-service",
        "version": "Version",
        "submitted": "Sent",
        "status": "Status",
        "submitter": "Sent by",
        "answers": "Your answers",
        "attachments": "Attached files",
        "none": "None",
        "printed": "Printed",
        "signed": "Signed",
        "signed_data": "Checksum (SHA-256)",
    },
}


def case_copy_pdf(
    case: Case,
    rows: Iterable[Any],
    *,
    lang: str,
    status: str,
    submitter: Mapping[str, Any] | None,
    attachments: Iterable[str] = (),
    printed_at: Any,
) -> bytes:
    """``rows`` are the form engine's summary rows (label, value) of the case's own answers;
    the attached files are listed from the rows' file references unless ``attachments`` names them."""
    words = WORDS[lang]
    rows = list(rows)  # read twice: the answers, then their files
    title = text(case.meta.get("title", {}), lang) or case.service_id
    doc = Document(title=f"{case.reference} – {title}", sender=SENDER[lang == "en"], lang=lang)
    doc.heading(words["receipt"])
    doc.field_row(words["reference"], case.reference)
    doc.field_row(words["service"], title)
    doc.field_row(words["version"], case.service_version)
    doc.field_row(words["submitted"], stamp(case.submitted_at))
    doc.field_row(words["status"], status)
    if submitter:
        name = " ".join(filter(None, (submitter.get("givenName"), submitter.get("familyName"))))
        doc.field_row(words["submitter"], name)
    filed_for = describe(case.representation, submitter, lang)  # an organisation or a child
    if filed_for:
        doc.field_row(FILED_FOR[lang == "en"], filed_for)
    if case.signature:  # blankett.cases.signing
        doc.field_row(words["signed"], f"{case.signature.get('signedAt')} ({case.signature.get('loa')})")
        doc.field_row(words["signed_data"], str(case.signature.get("signedData")))
    doc.ln(3)
    doc.heading(words["answers"], size=13)
    for row in rows:
        doc.field_row(row.label, row.value)
    doc.ln(3)
    doc.heading(words["attachments"], size=13)
    files = list(attachments) or [
        f"{file['name']} ({(int(file['size']) + 1023) // 1024} kB, SHA-256 {file['sha256']})"
        for row in rows for file in getattr(row, "files", ())
    ]
    doc.paragraph("\n".join(files) if files else words["none"], size=10)
    doc.ln(4)
    doc.paragraph(f"{words['printed']} {stamp(printed_at)}", size=8)
    return doc.bytes()
