"""Routing per service: each route optionally with a condition on the answers, an ``otherwise``
route for the rest, and every mistake refused at load with file, pointer and reason."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from blankett.catalog import load_service
from blankett.cases import file_case
from blankett.db import Database, OutboxRow
from blankett.errors import FormDefinitionError
from blankett.security import Keyring, bind_keyring
from tests.cases.test_intake import ANSWERS
from tests.conftest import ROOT

ROUTES = '''
[[routes]]
connector = "registrator"

[[routes]]
connector = "skola"
condition = "aboutSchool"

[[routes]]
connector = "gata"
condition = { path = "/area", schema = { const = "gata-park" } }

[[routes]]
connector = "kundcenter"
otherwise = true
'''


def service_files(tmp_path: Path, routes: str, conditions: dict | None = None) -> tuple[Path, Path]:  # type: ignore[type-arg]
    definition = json.loads((ROOT / "forms" / "synpunkt.json").read_text())
    definition["conditions"] = conditions if conditions is not None else {
        "aboutSchool": {"path": "/area", "schema": {"const": "skola"}},
    }
    form = tmp_path / "synpunkt.json"
    form.write_text(json.dumps(definition, ensure_ascii=False))
    settings = (ROOT / "config" / "services" / "synpunkt.toml").read_text()
    settings = settings[: settings.index("[[routes]]")] + routes
    toml = tmp_path / "synpunkt.toml"
    toml.write_text(settings)
    return form, toml


def routed(database_url: str, tmp_path: Path, answers: dict) -> list[str]:  # type: ignore[type-arg]
    service = load_service(*service_files(tmp_path, ROUTES), None)

    async def scenario() -> list[str]:
        db = Database(database_url)
        bind_keyring(db, Keyring.generate())
        try:
            case = await file_case(db, service, answers, language="sv", person_id=None, submitter=None)
            async with db.session() as s:
                rows = await s.scalars(select(OutboxRow.connector).where(OutboxRow.case_id == case.id).order_by(OutboxRow.id))
                return list(rows)
        finally:
            await db.dispose()

    return asyncio.run(scenario())


def test_a_case_takes_the_routes_its_answers_meet(database_url: str, tmp_path: Path) -> None:
    assert routed(database_url, tmp_path, {**ANSWERS, "area": "skola"}) == ["registrator", "skola"]
    assert routed(database_url, tmp_path, {**ANSWERS, "area": "gata-park"}) == ["registrator", "gata"]


def test_the_otherwise_route_takes_what_no_condition_fits(database_url: str, tmp_path: Path) -> None:
    assert routed(database_url, tmp_path, {**ANSWERS, "area": "kultur-fritid"}) == ["registrator", "kundcenter"]


def _problems(tmp_path: Path, routes: str, conditions: dict | None = None) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    with pytest.raises(FormDefinitionError) as caught:
        load_service(*service_files(tmp_path, routes, conditions), None)
    return caught.value.problems


def test_routing_mistakes_are_refused_with_file_pointer_and_reason(tmp_path: Path) -> None:
    toml = str(tmp_path / "synpunkt.toml")
    problems = _problems(tmp_path, '''
[[routes]]
connector = "a"

[[routes]]
connector = "b"
condition = "noSuchCondition"

[[routes]]
connector = "c"
condition = { path = "/district", schema = { const = "norr" } }

[[routes]]
connector = "d"
condition = "aboutSchool"
otherwise = true
colour = "blue"
''')
    assert (toml, "/routes/1/condition", "there is no condition named 'noSuchCondition' under 'conditions'") in problems
    assert (toml, "/routes/2/condition/path", "the condition's path '/district' is not in the schema") in problems
    assert (toml, "/routes/3/otherwise", "a route has a condition or is the 'otherwise' route, not both") in problems
    assert any(p[:2] == (toml, "/routes/3") and "colour" in p[2] for p in problems)


def test_a_case_no_condition_fits_must_still_have_a_receiver(tmp_path: Path) -> None:
    problems = _problems(tmp_path, '''
[[routes]]
connector = "skola"
condition = "aboutSchool"
''')
    assert [p[1] for p in problems] == ["/routes"]
    assert "so that a case no condition fits still reaches case handling" in problems[0][2]
