"""Render a page's controls as accessible HTML (GOV.UK patterns, WCAG 2.1 AA).

Only the controls: the web layer's page template supplies ``<form>``, the heading, the error
summary, the CSRF field and the buttons. Templates live in ``blankett/web/templates/formengine/``,
one per widget; the environment autoescapes everything, so answers can never inject markup.
Content texts are limited Markdown (see :mod:`.content`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from . import pointers, widgets
from .content import markdown
from .definition import Content, Control, FormDefinition, Page
from .expansion import Shown, expand
from .messages import ERROR_PREFIX
from .raw import raw_input
from .texts import pair, text
from .validation import FieldError

OPTIONAL: Mapping[str, str] = pair(" (valfritt)", " (optional)")
CONTINUE: Mapping[str, str] = pair("Fortsätt", "Continue")
WARNING: Mapping[str, str] = pair("Varning", "Warning")


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
    offered: Mapping[str, Any] | None = None,
) -> Markup:
    """The HTML for what ``page`` shows for these answers, with ``errors`` next to their fields.

    An exit page shows its text. A page no one has answered yet shows the schema's
    ``default`` values in empty fields. ``offered`` holds prefilled values by pointer
    (:mod:`.prefill`), shown in fields that have no answer.
    """
    page = definition.resolve_page(page)
    shown = expand(page.elements, answers)
    by_pointer: dict[str, str] = {}
    for error in errors:
        by_pointer.setdefault(error.pointer, error.message)
    defaults = _untouched(shown, answers)
    parts = []
    if any(c.widget in ("repeat", "file") for c in shown.controls()):
        # Enter in a text input presses the form's first submit button: make it "Continue",
        # not the first item's (or file's) "Remove".
        parts.append(_render("default_button.html", label=text(CONTINUE, lang)))
    if page.text:
        parts.append(_render("content.html", kind="paragraph", html=markdown(text(page.text, lang))))
    for element in shown.elements:
        if isinstance(element, Content):
            parts.append(render_content(element, lang))
        else:
            parts.append(_render_control(element, answers, by_pointer, lang, defaults, offered or {}))
    return Markup("\n").join(parts)


def render_content(element: Content, lang: str) -> Markup:
    source = text(element.text, lang)
    html = Markup("") if element.kind == "heading" else markdown(source)
    return _render(
        "content.html",
        kind=element.kind,
        text=source,
        html=html,
        summary=text(element.summary, lang),
        warning=text(WARNING, lang),
    )


def _untouched(shown: Shown, answers: Mapping[str, Any]) -> bool:
    """Nothing on the page has been answered (so defaults may fill it)."""
    for control in shown.controls():
        if widgets.get(control.widget).parses and (
            pointers.has(answers, control.segments) or raw_input(answers, control.pointer) is not None
        ):
            return False
    return True


def _render_control(
    control: Control,
    answers: Mapping[str, Any],
    errors: Mapping[str, str],
    lang: str,
    defaults: bool,
    offered: Mapping[str, Any],
) -> Markup:
    widget = widgets.get(control.widget)
    children = Markup("\n").join(
        _render_control(c, answers, errors, lang, defaults, offered) for c in control.children
    )
    optional = not control.required and widget.marks_optional
    value = pointers.get(answers, control.segments)
    if value is None:
        value = offered.get(control.pointer)
    if value is None and defaults and "default" in control.schema:
        value = control.schema["default"]
    view = widgets.FieldView(
        control=control,
        lang=lang,
        label=text(control.label, lang),
        optional=text(OPTIONAL, lang) if optional else "",
        hint=text(control.hint, lang),
        error=errors.get(control.pointer, ""),
        error_prefix=text(ERROR_PREFIX, lang),
        value=value,
        raw=raw_input(answers, control.pointer),
        children=children,
    )
    return _render(widget.template, f=view, **widget.variables(view))
