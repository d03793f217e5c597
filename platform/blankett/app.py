"""The application: ``create_app(settings)`` returns the Starlette app.

Middleware, outermost first: body limit → sessions → language → routes. The delivery worker
runs inside the same process unless ``worker_in_process`` is off (then run ``blankett worker``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route

from .api import citizen_document, create_api
from .auth import Providers
from .cases.people import seal_plain_numbers
from .catalog import Catalog, load_catalog
from .connectors import connector_types
from .db import Database
from .errors import BlankettError
from .observability import install_redaction
from .security import bind_keyring, keyring_from_settings, policy_for
from .security.tracking import record_classifications
from .settings import Settings, load_settings
from .web import errors
from .web.guards import BodyLimitMiddleware
from .web.language import LanguageMiddleware
from .web.routes import routes
from .web.sessions import SessionMiddleware

logger = logging.getLogger("blankett")


def check_clearance(catalog: Catalog, settings: Settings) -> Catalog:
    """Refuse services routed to a connector not cleared for their confidentiality."""
    connectors = connector_types(settings)
    for service in list(catalog.services.values()):
        for route in service.routes:
            connector = connectors[route.connector]
            if service.classification.confidentiality > connector.max_confidentiality:
                catalog.problems.append((
                    str(service.settings_path), "/routes",
                    f"connector {route.connector!r} ({connector.id}) is cleared up to confidentiality "
                    f"{connector.max_confidentiality}, the service is rated {service.classification.confidentiality}",
                ))
                logger.error("Service not published: %s: %s", service.settings_path, catalog.problems[-1][2])
                del catalog.services[service.id]
                break
    return catalog


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    db = Database(settings.database_url)
    policy = policy_for(settings)  # refuses to start on a policy_file weaker than the shipped policy
    bind_keyring(db, keyring_from_settings(settings))  # the keys that seal case data in this database
    catalog = check_clearance(
        load_catalog(settings.forms_dir, settings.services_dir, settings.connectors.keys(), policy), settings
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        install_redaction()  # uvicorn has set up its handlers by now
        await record_classifications(db, catalog)  # a changed classification enters the audit trail
        await seal_plain_numbers(db)  # identity numbers older versions stored in plain text are sealed
        stop = asyncio.Event()
        worker = None
        if settings.worker_in_process:
            from .dispatch import run_worker

            worker = asyncio.create_task(run_worker(settings, db, stop), name="blankett-worker")
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(worker, timeout=10)
            await db.dispose()

    providers = Providers.from_settings(settings)
    all_routes = list(routes)
    all_routes.append(Mount("/api", app=create_api(settings, db, catalog, policy)))  # the case API, JSON only
    # A decision or other document on the citizen's case page (the view lives with the case API's documents).
    all_routes.append(Route("/arenden/{public_id}/dokument/{document_id}", citizen_document, name="case_document"))
    if settings.test_idp_enabled:
        from .testidp import create_test_idp

        all_routes.append(Mount("/test-idp", app=create_test_idp(settings)))

    app = Starlette(
        routes=all_routes,
        middleware=[
            Middleware(
                BodyLimitMiddleware, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes
            ),
            Middleware(SessionMiddleware, settings=settings, db=db, providers=providers),
            Middleware(LanguageMiddleware),
        ],
        exception_handlers={
            BlankettError: errors.blankett_error,
            HTTPException: errors.http_error,
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.catalog = catalog
    app.state.policy = policy
    # Connector instances that take the citizen's later records (blankett.cases.citizen).
    app.state.record_takers = frozenset(
        name for name, connector in connector_types(settings).items() if connector.takes_records
    )
    app.state.providers = providers  # the OpenID providers people log in with (blankett.auth.providers)
    return app
