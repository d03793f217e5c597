"""Swedish identity and contact widgets: ``personnummer``, ``samordningsnummer``, ``orgnr``,
``postnummer`` and ``phone``.

Each reads what people type in any usual spelling (with or without hyphen, spaces, 10 or 12
digits), stores one normal form (see :mod:`blankett.formengine.swedish`) and shows it the
usual way. Text that is not valid is kept as typed and reported with the format's message,
whether or not the schema declares the format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .. import swedish
from ..definition import Control
from ..formats import SWEDISH_FORMATS
from ..schemas import Schema
from .base import FieldView, FormSource, Parsed, RawProblem, form_string
from .registry import widget
from .text import TextInput, is_string, shown_text


class NormalisedText(TextInput):
    """A text input whose value is normalised by a Swedish format's rules."""

    inference_rank = 40
    spellcheck = False
    format_name: ClassVar[str] = ""

    def written(self, value: str) -> str:
        """The stored form as people write it."""
        return value

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_string(schema) and schema.get("format") == self.format_name

    def parse(self, control: Control, form: FormSource) -> Parsed:
        typed = form_string(form, control.name)
        if not typed:
            return Parsed()
        value = SWEDISH_FORMATS[self.format_name](typed)
        return Parsed(value) if value is not None else Parsed(raw={"text": typed})

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        return RawProblem(f"format:{self.format_name}")

    def input_text(self, view: FieldView) -> str:
        value = shown_text(view)
        return self.written(value) if value else value

    def format(self, control: Control, value: Any, lang: str) -> str:
        return self.written(str(value))


@widget("personnummer")
class Personnummer(NormalisedText):
    format_name = "personnummer"
    inputmode = "numeric"
    width = "input-width-20"

    def written(self, value: str) -> str:
        return swedish.format_personnummer(value)


@widget("samordningsnummer")
class Samordningsnummer(Personnummer):
    format_name = "samordningsnummer"


@widget("orgnr")
class Orgnr(NormalisedText):
    format_name = "se-orgnr"
    inputmode = "numeric"
    width = "input-width-20"

    def written(self, value: str) -> str:
        return swedish.format_orgnr(value)


@widget("postnummer")
class Postnummer(NormalisedText):
    format_name = "postnummer"
    inputmode = "numeric"
    width = "input-width-5"
    default_autocomplete = "postal-code"

    def written(self, value: str) -> str:
        return swedish.format_postnummer(value)


@widget("phone")
class Phone(NormalisedText):
    format_name = "phone-se"
    input_type = "tel"
    width = "input-width-20"
    default_autocomplete = "tel"

    def written(self, value: str) -> str:
        return swedish.format_phone(value)
