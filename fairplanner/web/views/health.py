"""A health check for load balancers: answers only when the database does."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fairplanner.services.status import database_ok


async def health(request: Request) -> Response:
    ok = await database_ok()
    return JSONResponse(
        {"status": "ok" if ok else "database unavailable"}, status_code=200 if ok else 503
    )


routes = [Route("/health", health, name="check")]
