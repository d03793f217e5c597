"""The form a case was filed under. A published version never changes, but a service moves on
to new versions; each definition a case is filed under is kept by its hash (the case records
the hash), so an old case always shows its answers with their own questions."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ..catalog import Service
from ..db import Case, FormDefinitionRecord, utcnow
from ..formengine import FormDefinition, build_definition

# Built definitions by hash: a definition is immutable, so it is built once per process.
_BUILT: dict[str, FormDefinition] = {}


async def keep_definition(session: AsyncSession, form: FormDefinition) -> None:
    """Record ``form`` in the filing transaction, unless it is there already. Two filings at
    once may both try: the second insert is skipped, never an error that loses a case."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(FormDefinitionRecord).values(
        hash=form.hash, service_id=form.id, version=form.version, definition=dict(form.raw),
        first_filed_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["hash"])
    await session.execute(statement)


async def definition_of(session: AsyncSession, case: Case, service: Service | None) -> FormDefinition | None:
    """The definition ``case`` was filed under: the service's current one when it is the same,
    else the kept one; None for a case filed before definitions were kept."""
    if service is not None and service.form.hash == case.definition_hash:
        return service.form
    if case.definition_hash in _BUILT:
        return _BUILT[case.definition_hash]
    record = await session.get(FormDefinitionRecord, case.definition_hash)
    if record is None:
        return None
    built = build_definition(record.definition, f"form_definitions/{record.hash}")
    _BUILT[record.hash] = built
    return built
