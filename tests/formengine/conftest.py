from __future__ import annotations

import pytest

from blankett.formengine import FormDefinition, load_definition
from tests.formengine.forms import SYNPUNKT


@pytest.fixture(scope="module")
def synpunkt() -> FormDefinition:
    """The example definition in forms/synpunkt.json."""
    return load_definition(SYNPUNKT)
