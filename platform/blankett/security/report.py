"""``blankett classification report``: every service, its ratings and the controls derived for them.

For the municipality's security function, to review the whole catalogue at a glance. Services
refused at load are listed after the published ones, with the reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .classification import ASPECTS
from .policy import LOGIN_LEVELS, Controls

if TYPE_CHECKING:
    from ..catalog import Catalog, Service

COLUMNS = (
    "service",
    "title",
    *ASPECTS,
    "information_owner",
    "classified_by",
    "classified_on",
    "record",
    "personal_data",
    "routes",
    "login",
    "session",
    "encrypt_at_rest",
    "drafts",
    "retention_days",
    "notification_content",
    "audit_reads",
    "signing_required",
)


def _login(service: Service) -> str:
    if not service.login_required:
        return "anonymous"
    return next(name for name, rank in LOGIN_LEVELS.items() if rank == service.minimum_loa)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _drafts(controls: Controls) -> str:
    if controls.drafts_allowed:
        return f"kept {controls.draft_lifetime_days} days"
    return f"not kept (ends after {controls.session_idle_minutes} min idle)"


def _personal_data(service: Service) -> str:
    facts = service.personal_data
    named = [
        label
        for key, label in (
            ("special_categories", "special categories (art. 9)"),
            ("criminal_data", "offences (art. 10)"),
            ("children", "children"),
        )
        if facts.get(key) is True
    ]
    if str(facts.get("secrecy_provision") or "").strip():
        named.append(f"secrecy: {facts['secrecy_provision']}")
    return "; ".join(named) or "none declared"


def service_row(service: Service) -> dict[str, str]:
    c, controls = service.classification, service.controls
    return {
        "service": service.id,
        "title": service.form.title.get("sv", service.id),
        **{aspect: str(value) for aspect, value in c.ratings().items()},
        "information_owner": c.information_owner,
        "classified_by": c.classified_by,
        "classified_on": c.classified_on.isoformat() if c.classified_on else "",
        "record": c.record,
        "personal_data": _personal_data(service),
        "routes": ", ".join(route.connector for route in service.routes),
        "login": _login(service),
        "session": f"{controls.session_idle_minutes} min idle, {controls.session_absolute_hours} h total",
        "encrypt_at_rest": _yes(controls.encrypt_at_rest),
        "drafts": _drafts(controls),
        "retention_days": str(controls.retention_days),
        "notification_content": _yes(controls.notification_content),
        "audit_reads": _yes(controls.audit_reads),
        "signing_required": _yes(controls.signing_required),
    }


def report_csv(services: Iterable[Service]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for service in services:
        writer.writerow(service_row(service))
    return out.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(catalog: Catalog, policy_source: str) -> str:
    rows = [service_row(service) for service in sorted(catalog.services.values(), key=lambda s: s.id)]
    lines = [
        "# Security classification of the e-services",
        "",
        "Ratings K-R-T-S (confidentiality, integrity, availability, traceability) on the KLASSA scale "
        f"0 to 4; controls derived by the policy `{policy_source}`.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
        *("| " + " | ".join(_cell(row[column]) for column in COLUMNS) + " |" for row in rows),
        "",
        f"{len(rows)} published service(s).",
    ]
    if catalog.problems:
        lines += ["", "## Not published", ""]
        lines += [f"- `{file}` {pointer or '/'}: {message}" for file, pointer, message in catalog.problems]
    return "\n".join(lines) + "\n"
