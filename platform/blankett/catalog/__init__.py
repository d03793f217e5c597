"""The catalogue of e-services: form definitions joined with their classification and routing."""

from .loader import Catalog, load_catalog, load_service
from .models import LEVEL_NAMES, Classification, Route, Service, routes_for

__all__ = ["LEVEL_NAMES", "Catalog", "Classification", "Route", "Service", "load_catalog", "load_service", "routes_for"]
