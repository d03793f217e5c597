"""The printable blank form: every question of a service, with room to answer by hand."""

from __future__ import annotations

from typing import Any

from ..catalog import Service
from ..formengine import text
from .pdf import Document

SENDER = ("Exempelkommunen", "Example Municipality")
BOX = "\u2610"  # ☐
WORDS = {
    "sv": {
        "intro": "Fyll i blanketten med tydlig handstil och lämna eller skicka den till kommunens kundcenter. "
                 "Du kan också använda e-tjänsten på kommunens webbplats.",
        "optional": "(valfritt)",
        "date": ("År", "Månad", "Dag"),
        "signature": "Underskrift",
        "name": "Namnförtydligande",
        "place_date": "Ort och datum",
        "handling": "Vi handlägger normalt ärendet inom {days} dagar.",
        "more_items": "Behöver du fler rader? Fortsätt på ett separat papper.",
    },
    "en": {
        "intro": "Fill in the form in clear handwriting and hand it in or send it to the municipality's "
                 "service centre. You can also use the e-service on the municipality's website.",
        "optional": "(optional)",
        "date": ("Year", "Month", "Day"),
        "signature": "Signature",
        "name": "Name in capitals",
        "place_date": "Place and date",
        "handling": "We normally handle the case within {days} days.",
        "more_items": "Need more rows? Continue on a separate sheet.",
    },
}


def blank_form_pdf(service: Service, lang: str) -> bytes:
    words = WORDS[lang]
    title = text(service.form.title, lang)
    doc = Document(title=title, sender=SENDER[lang == "en"], lang=lang)
    doc.heading(title)
    if service.form.summary:
        doc.paragraph(text(service.form.summary, lang))
    doc.paragraph(words["intro"], size=10)
    doc.paragraph(words["handling"].format(days=service.handling_time_days), size=10, gap=4)
    for page in service.form.pages:
        elements = getattr(page, "elements", ())
        if not elements or getattr(page, "is_exit", False):
            continue
        doc.heading(text(page.title, lang), size=13)
        for element in elements:
            _element(doc, element, lang, words)
        doc.ln(2)
    doc.ln(4)
    for label in (words["place_date"], words["signature"], words["name"]):
        doc.write_line(label + ":")
    return doc.bytes()


def _element(doc: Document, element: Any, lang: str, words: dict[str, Any]) -> None:
    if not hasattr(element, "pointer"):  # content: headings, paragraphs, insets, details
        summary = getattr(element, "summary", None)
        if summary:
            doc.paragraph(text(summary, lang), size=10, bold=True, gap=0.5)
        content = getattr(element, "text", None)
        if content:
            doc.paragraph(text(content, lang), size=10, bold=getattr(element, "kind", "") == "heading")
        return
    label = text(element.label, lang)
    if not element.required:
        label = f"{label} {words['optional']}"
    children = getattr(element, "children", ())
    if element.widget == "repeat" and children:
        # Room for two items on paper; more can be added on a separate sheet.
        doc.paragraph(label, size=11, bold=True, gap=1)
        item = children[0]
        for index in (1, 2):
            doc.paragraph(text(item.label, lang).replace("{index}", str(index)), size=10, bold=True, gap=0.5)
            for child in item.children:
                _element(doc, child, lang, words)
        doc.paragraph(words["more_items"], size=9)
        return
    if children:
        doc.paragraph(label, size=11, bold=True, gap=1)
        for child in children:
            _element(doc, child, lang, words)
        return
    if element.widget == "checkbox":
        doc.paragraph(f"{BOX}  {label}", size=10, gap=3)
        return
    doc.paragraph(label, size=10, bold=True, gap=0.5)
    if element.hint:
        doc.paragraph(text(element.hint, lang), size=9, gap=0.5)
    _answer_space(doc, element, lang, words)


def _answer_space(doc: Document, control: Any, lang: str, words: dict[str, Any]) -> None:
    options = getattr(control, "options", ())
    if options:
        for option in options:
            doc.paragraph(f"{BOX}  {text(option.label, lang)}", size=10, gap=0.5)
        doc.ln(2)
    elif control.widget == "date":
        year, month, day = words["date"]
        doc.paragraph(f"{year} ________   {month} ____   {day} ____", size=10, gap=4)
    elif control.widget == "textarea":
        for _ in range(4):
            doc.write_line()
    else:
        doc.write_line()
