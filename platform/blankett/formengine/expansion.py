"""What the answers make of a page: which elements show, and the controls of each item.

A definition holds templates; :func:`expand` binds them to the answers. Conditions
(``showIf``, schema ``if``/``then``/``else``, ``dependentSchemas``) decide what is visible,
repeatable sections get one bound copy of their item per answer, and variants show the
chosen variant's fields. Hidden controls are listed too, because their values are cleared
(:func:`prune`): a hidden field is never required and never submitted.

Visibility is applied by clearing values and filtering errors, not by rewriting the schema:
the full schema validates the cleared answers, and errors that belong to hidden controls
are dropped (see :mod:`.validation`). The result equals an "effective schema" without the
hidden fields' constraints, at the cost of nothing per request.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import pointers, widgets
from .definition import Content, Control, Element, FormDefinition, Page
from .raw import RAW_KEY


@dataclass
class Shown:
    """The visible (bound) elements of one or more pages, and the controls hidden on them."""

    elements: list[Element] = field(default_factory=list)
    hidden: list[Control] = field(default_factory=list)

    def controls(self) -> Iterator[Control]:
        """Every visible control, containers and their children, in page order."""
        for element in self.elements:
            if isinstance(element, Control):
                yield from element.walk()


def visible_pages(definition: FormDefinition, answers: Mapping[str, Any]) -> list[Page]:
    """The pages on the path these answers take, in order. An exit page that shows ends the
    path: the person cannot go on from it."""
    found = []
    for page in definition.pages:
        if page.condition is None or page.condition.holds(answers, ()):
            found.append(page)
            if page.is_exit:
                break
    return found


def expand(elements: Iterable[Element], answers: Mapping[str, Any], into: Shown | None = None) -> Shown:
    """Bind and filter ``elements`` for these answers (added to ``into`` when given)."""
    shown = into if into is not None else Shown()
    for element in elements:
        if isinstance(element, Content):
            if element.condition is None or element.condition.holds(answers, ()):
                shown.elements.append(element)
            continue
        found = _expand(element, answers, shown.hidden)
        if found is not None:
            shown.elements.append(found)
    return shown


def _expand(control: Control, answers: Mapping[str, Any], hidden: list[Control]) -> Control | None:
    if control.condition is not None and not control.condition.holds(answers, control.segments):
        hidden.append(control)
        return None
    if not control.children:
        return control
    children, gone = widgets.get(control.widget).expand(control, answers)
    hidden.extend(gone)
    expanded = [c for c in (_expand(child, answers, hidden) for child in children) if c is not None]
    same = len(expanded) == len(control.children)
    if same and all(a is b for a, b in zip(expanded, control.children, strict=True)):
        return control
    return control.but(children=tuple(expanded))


def expand_form(definition: FormDefinition, answers: Mapping[str, Any]) -> Shown:
    """The whole form as the answers shape it; controls on pages off the path are hidden."""
    shown = Shown()
    on_path = {page.id for page in visible_pages(definition, answers)}
    for page in definition.pages:
        if page.id in on_path:
            expand(page.elements, answers, shown)
        else:
            shown.hidden.extend(e for e in page.elements if isinstance(e, Control))
    return shown


def prune(definition: FormDefinition, answers: dict[str, Any]) -> None:
    """Clear the values (and kept raw input) of hidden controls, in place.

    A value that a visible control also asks for (the same property in two variants, or a
    property inside a hidden object that another page asks for) is kept."""
    if not definition.dynamic:
        return
    shown = expand_form(definition, answers)
    visible = sorted({c.pointer for c in shown.controls()})
    found = answers.get(RAW_KEY)
    raw_store: dict[str, Any] = found if isinstance(found, dict) else {}
    for control in shown.hidden:
        if _still_asked(control.pointer, visible) or pointers.ITEM in control.segments:
            continue
        pointers.remove(answers, control.segments)
        for key in [k for k in raw_store if k == control.pointer or k.startswith(control.pointer + "/")]:
            del raw_store[key]
    if isinstance(answers.get(RAW_KEY), dict) and not answers[RAW_KEY]:
        del answers[RAW_KEY]


def _still_asked(pointer: str, visible: list[str]) -> bool:
    """Whether ``pointer`` or something inside it is in the sorted ``visible`` list."""
    index = bisect_left(visible, pointer)
    if index < len(visible) and visible[index] == pointer:
        return True
    index = bisect_left(visible, pointer + "/")
    return index < len(visible) and visible[index].startswith(pointer + "/")
