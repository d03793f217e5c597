"""PDF documents with real, extractable text (DejaVu Sans, embedded, so å, ä, ö and any name
print right) laid out for A4 paper."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"


class Document(FPDF):
    """A4 with the municipality as sender in the header and page numbers in the footer."""

    def __init__(self, *, title: str, sender: str, lang: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_author(sender)
        self.set_creator("Blankett")
        self.set_lang(lang)
        self.sender = sender
        self.page_word = "Sida" if lang == "sv" else "Page"
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()

    def header(self) -> None:
        self.set_font(FAMILY, "", 9)
        self.set_text_color(80, 80, 80)
        self.cell(0, 6, self.sender, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(80, 80, 80)
        self.cell(0, 6, f"{self.page_word} {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 18) -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, size: int = 11, bold: bool = False, gap: float = 2) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def write_line(self, label: str = "", width: float = 0) -> None:
        """A blank line to write on by hand."""
        self.set_font(FAMILY, "", 10)
        if label:
            self.cell(self.get_string_width(label) + 2, 9, label)
        start = self.get_x()
        end = self.w - self.r_margin if not width else start + width
        self.line(start, self.get_y() + 8, end, self.get_y() + 8)
        self.ln(10)

    def field_row(self, label: str, value: str) -> None:
        """A label and its value side by side, wrapping both."""
        label_width = 60
        y = self.get_y()
        self.set_font(FAMILY, "B", 10)
        self.multi_cell(label_width, 5, label, new_x="RIGHT", new_y="TOP")
        after_label = self.get_y()
        self.set_xy(self.l_margin + label_width + 4, y)
        self.set_font(FAMILY, "", 10)
        self.multi_cell(0, 5, value or "–", new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(self.get_y(), after_label + 5))
        self.draw_color_line()

    def draw_color_line(self) -> None:
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_draw_color(0, 0, 0)
        self.ln(3)

    def bytes(self) -> bytes:
        self.alias_nb_pages()
        return bytes(self.output())


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
