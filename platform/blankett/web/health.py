from __future__ import annotations

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, Response


async def health(request: Request) -> Response:
    """Liveness and readiness for load balancers: the database answers and services are loaded."""
    async with request.app.state.db.session() as s:
        await s.execute(text("SELECT 1"))
    return JSONResponse({"ok": True, "services": len(request.app.state.catalog.services)})
