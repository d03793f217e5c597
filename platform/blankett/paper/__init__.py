"""Paper stays an equal alternative: a printable blank form per service, a PDF copy per case."""

from .blank import blank_form_pdf
from .copy import case_copy_pdf

__all__ = ["blank_form_pdf", "case_copy_pdf"]
