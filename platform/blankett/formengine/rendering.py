"""Render a page's controls as accessible HTML (GOV.UK patterns, WCAG 2.1 AA).

Only the controls: the web layer's page template supplies ``<form>``, the heading, the error
summary, the CSRF field and the buttons. Templates live in ``blankett/web/templates/formengine/``,
one per widget; the environment autoescapes everything, so answers can never inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from . import pointers, widgets
from .answers import raw_input
from .definition import Content, Control, FormDefinition, Page
from .messages import ERROR_PREFIX
from .texts import pair, text
from .validation import FieldError

OPTIONAL: Mapping[str, str] = pair(" (valfritt)", " (optional)")


@cache
def environment() -> Environment:
    """The package-local Jinja2 environment (built once; templates compile once)."""
    return Environment(
        loader=PackageLoader("blankett", "web/templates/formengine"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


@cache
def _template(name: str) -> Template:
    return environment().get_template(name)


def _render(name: str, **variables: Any) -> Markup:
    # The environment autoescapes every value, so a template's output is safe markup.
    return Markup(_template(name).render(**variables))  # noqa: S704


def render_page(
    definition: FormDefinition,
    page: Page | str,
    answers: Mapping[str, Any],
    errors: Iterable[FieldError],
    lang: str,
) -> Markup:
    """The HTML for the controls on ``page``, showing ``answers`` and ``errors`` again."""
    page = definition.resolve_page(page)
    by_pointer: dict[str, str] = {}
    for error in errors:
        by_pointer.setdefault(error.pointer, error.message)
    parts = []
    for element in page.elements:
        if isinstance(element, Content):
            parts.append(_render("content.html", kind=element.kind, text=text(element.text, lang)))
        else:
            parts.append(_render_control(element, answers, by_pointer, lang))
    return Markup("\n").join(parts)


def _render_control(
    control: Control, answers: Mapping[str, Any], errors: Mapping[str, str], lang: str
) -> Markup:
    widget = widgets.get(control.widget)
    children = Markup("\n").join(_render_control(c, answers, errors, lang) for c in control.children)
    optional = not control.required and widget.marks_optional
    view = widgets.FieldView(
        control=control,
        lang=lang,
        label=text(control.label, lang),
        optional=text(OPTIONAL, lang) if optional else "",
        hint=text(control.hint, lang),
        error=errors.get(control.pointer, ""),
        error_prefix=text(ERROR_PREFIX, lang),
        value=pointers.get(answers, control.segments),
        raw=raw_input(answers, control.pointer),
        children=children,
    )
    return _render(widget.template, f=view, **widget.variables(view))
