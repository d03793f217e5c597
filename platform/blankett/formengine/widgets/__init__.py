"""Widget types. Importing this package registers the built-in widgets (style G3: built-ins
come in through the same door as any later widget)."""

from . import (  # noqa: F401  (imported to register)
    choice,
    clock,
    date,
    fieldset,
    files,
    fixed,
    number,
    positions,
    repeat,
    select,
    swedish,
    text,
    variants,
)
from .base import MISSING, FieldView, FormSource, Parsed, RawProblem, Widget, store
from .registry import get, infer, names, widget
from .repeat import ADD, REMOVE, empty_item, remove_item

__all__ = [
    "ADD",
    "MISSING",
    "REMOVE",
    "FieldView",
    "FormSource",
    "Parsed",
    "RawProblem",
    "Widget",
    "empty_item",
    "get",
    "infer",
    "names",
    "remove_item",
    "store",
    "widget",
]
