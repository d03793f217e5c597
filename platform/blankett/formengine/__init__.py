"""Form engine: load form definitions, read posted pages, validate, render and summarise.

    definition = load_definition(Path("forms/synpunkt.json"))
    before = draft.answers
    answers = parse_page(definition, "kontakt", await request.form(), before)
    if (anchor := stay_on_page(definition, "kontakt", form, before, answers)) is not None:
        ...  # an item was added or removed, or new questions appeared: show the page again
    errors = validate_page(definition, "kontakt", answers, lang)
    html = render_page(definition, "kontakt", answers, errors, lang)   # controls only
    following_page(definition, "kontakt", answers)                      # the path taken

Answers may carry a private key, :data:`RAW_KEY` (``"_raw"``), holding input that could not
become a value (a half-filled date) so that it can be shown again. Keep it in drafts; call
:func:`clean_answers` before a submission is stored or sent anywhere.
"""

from .answers import RAW_KEY, clean_answers, parse_page, stay_on_page
from .definition import Content, Control, FormDefinition, Option, Page
from .flow import exit_page, following_page, preceding_page, visible_pages
from .loader import build_definition, load_definition
from .rendering import render_page
from .summary import SummaryRow, summary
from .texts import Text, text
from .validation import FieldError, validate_answers, validate_page

__all__ = [
    "RAW_KEY",
    "Content",
    "Control",
    "FieldError",
    "FormDefinition",
    "Option",
    "Page",
    "SummaryRow",
    "Text",
    "build_definition",
    "clean_answers",
    "exit_page",
    "following_page",
    "load_definition",
    "parse_page",
    "preceding_page",
    "render_page",
    "stay_on_page",
    "summary",
    "text",
    "validate_answers",
    "validate_page",
    "visible_pages",
]
