"""The form authors' page (``/forfattare``), for staff with the ``author`` role: every form
definition in the forms folder with its version, whether that version is published, whether
the catalogue shows it, and the problems `blankett forms check` finds (file, JSON pointer,
reason), with a link to the printable blank form. It reads the files; it never writes them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from ..auth import AUTHOR
from ..catalog import versions as lock
from ..errors import FormDefinitionError
from ..formengine.check import Problem, check_services
from .access import require_role
from .rendering import render


@dataclass
class FormRow:
    """One service id as the page lists it."""

    service_id: str
    title: dict[str, str]
    version: str | None  # None: the definition does not load
    published: bool  # the version is recorded in the version lock
    live: bool  # the catalogue shows it (and its printable form)
    problems: list[Problem] = field(default_factory=list)


def _shown(file: str, forms_dir: Path) -> str:
    """A problem's file as an author finds it: relative to the folder above the forms folder."""
    path = Path(file)
    try:
        return str(path.relative_to(forms_dir.parent))
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def form_rows(forms_dir: Path, services_dir: Path, live: set[str]) -> tuple[list[FormRow], list[Problem]]:
    """Every checked service with its problems, and the problems that belong to no one service."""
    report = check_services([forms_dir, services_dir], forms_dir, services_dir)
    try:
        locked = lock.read_lock(lock.lock_path(forms_dir))
    except FormDefinitionError:
        locked = {}  # check_services has reported the broken lock
    rows: dict[str, FormRow] = {}
    for service_id in report.checked:
        definition = report.definitions.get(service_id)
        version = definition.version if definition is not None else None
        rows[service_id] = FormRow(
            service_id,
            dict(definition.title) if definition is not None else {},
            version,
            version is not None and version in locked.get(service_id, {}),
            service_id in live,
        )
    other: list[Problem] = []
    for file, pointer, reason in report.problems:
        problem = (_shown(file, forms_dir), pointer, reason)
        row = rows.get(Path(file).stem)
        (row.problems if row is not None else other).append(problem)
    return list(rows.values()), other


async def forms_page(request: Request) -> Response:
    """``GET /forfattare``: the form definitions, checked as they are on disk now."""
    require_role(request, AUTHOR)
    state = request.app.state
    settings = state.settings
    live = set(state.catalog.services)
    # Checking reads and builds every form (a fraction of a second each): off the event loop.
    rows, other = await asyncio.to_thread(form_rows, settings.forms_dir, settings.services_dir, live)
    count = sum(len(row.problems) for row in rows) + len(other)
    return render(request, "authors.html", rows=rows, other=other, problem_count=count)
