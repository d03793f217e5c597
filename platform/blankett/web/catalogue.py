"""The catalogue of e-services and each service's start page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..catalog import Service
from ..errors import NotFound
from .rendering import render


def service_or_404(request: Request) -> Service:
    service = request.app.state.catalog.get(request.path_params["service"])
    if service is None:
        raise NotFound(f"unknown service {request.path_params['service']!r}")
    return service


async def home(request: Request) -> Response:
    return render(request, "catalogue.html", services=list(request.app.state.catalog))


async def start_page(request: Request) -> Response:
    return render(request, "start.html", service=service_or_404(request))
