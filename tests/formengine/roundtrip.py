"""Round trips: data shown in the form and posted back as a browser would comes back equal."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from blankett.formengine import FormDefinition, parse_page, render_page, validate_answers, visible_pages
from tests.formengine.html import posted


def post(definition: FormDefinition, page: str, answers: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Render ``page`` for ``answers``, let a browser post it (see :func:`posted`), parse it."""
    markup = str(render_page(definition, page, answers, [], "sv"))
    return parse_page(definition, page, FormData(posted(markup, **kwargs)), answers)


def assert_round_trip(definition: FormDefinition, data: dict[str, Any]) -> None:
    """``data`` validates, and every page on its path gives it back unchanged."""
    assert list(definition.validator.iter_errors(data)) == []
    assert validate_answers(definition, data, "sv") == []
    for page in visible_pages(definition, data):
        assert post(definition, page.id, data) == data, page.id
