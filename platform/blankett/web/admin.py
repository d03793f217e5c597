"""Oversight pages for staff with the ``admin`` role: the security classification of every
service and the controls it turns on, as ``blankett classification report`` prints them, so
the municipality's security function can review the catalogue at a glance."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .. import audit
from ..auth import ADMIN
from ..security.report import COLUMNS, report_csv, service_row
from .access import require_role
from .rendering import render


def require_admin(request: Request) -> str:
    return f"staff:{require_role(request, ADMIN)['id']}"


async def classification(request: Request) -> Response:
    """``GET /admin/klassning``: the report as a table, and the services refused at load."""
    require_admin(request)
    catalog = request.app.state.catalog
    rows = [service_row(service) for service in sorted(catalog.services.values(), key=lambda s: s.id)]
    return render(
        request, "admin_classification.html", rows=rows, columns=COLUMNS, refused=catalog.problems,
        policy_source=request.app.state.settings.policy_file or "config/policy.toml",
    )


async def classification_csv(request: Request) -> Response:
    """``GET /admin/klassning.csv``: the same report to download; an export, so audited."""
    actor = require_admin(request)
    catalog = request.app.state.catalog
    async with request.app.state.db.session() as s:
        await audit.record(s, actor, "classification.exported", services=len(catalog.services))
    body = report_csv(sorted(catalog.services.values(), key=lambda s: s.id))
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "content-disposition": 'attachment; filename="klassning.csv"', "cache-control": "private, no-store",
    })
