"""Widget types. Importing this package registers the built-in widgets (style G3: built-ins
come in through the same door as any later widget)."""

from . import choice, date, fieldset, text  # noqa: F401  (imported to register)
from .base import MISSING, FieldView, FormSource, Parsed, RawProblem, Widget
from .registry import get, infer, names, widget

__all__ = [
    "MISSING",
    "FieldView",
    "FormSource",
    "Parsed",
    "RawProblem",
    "Widget",
    "get",
    "infer",
    "names",
    "widget",
]
