"""Paper versions: the blank form to print (HTML and PDF) and the PDF copy of a filed case."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..paper import blank_form_pdf
from .catalogue import service_or_404
from .rendering import language, render


def pdf_response(data: bytes, filename: str) -> Response:
    return Response(
        data, media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"', "cache-control": "private, no-store"},
    )


async def blank_pdf(request: Request) -> Response:
    service = service_or_404(request)
    lang = language(request)
    return pdf_response(blank_form_pdf(service, lang), f"{service.id}-{service.version}-{lang}.pdf")


async def blank_print(request: Request) -> Response:
    return render(request, "print.html", service=service_or_404(request))
