"""The application factory: `uvicorn --factory fairplanner.app:create_app`."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Router
from tortoise.contrib.starlette import RegisterTortoise

from fairplanner import sqlite_inline
from fairplanner.logs import configure_logging
from fairplanner.services.messaging import SmsGateway
from fairplanner.services.notifications import SmtpSettings
from fairplanner.settings import Settings, tortoise_config
from fairplanner.web.auth import CurrentPersonMiddleware
from fairplanner.web.csrf_guard import GuardedCsrfMiddleware
from fairplanner.web.door_lane import DoorScanLane
from fairplanner.web.errors import EXCEPTION_HANDLERS, csrf_failed_sender
from fairplanner.web.middleware import RequestIdMiddleware, SecurityHeadersMiddleware
from fairplanner.web.multipart_csrf import MultipartCsrfMiddleware, is_multipart
from fairplanner.web.routes import build_routes
from fairplanner.web.templating import build_templates
from fairplanner.web.url_index import index_url_paths

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, manage_orm: bool = True) -> Starlette:
    """Build the app. Tests pass `manage_orm=False` and provide the database themselves."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    templates = build_templates()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_orm:
            yield
            return
        async with (
            RegisterTortoise(app, config=tortoise_config(settings.database_url)),
            sqlite_inline.checkpoints(),
        ):
            # What start-up made (modules, templates, routes) lives as long as the process:
            # kept out of the garbage collector's full passes, which otherwise walk it all
            # and pause every request now and then.
            gc.freeze()
            yield

    routes = build_routes()
    app = Starlette(
        debug=False,
        routes=routes,
        middleware=_middleware(settings, templates, routes),
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    index_url_paths(app.router)
    app.state.settings = settings
    app.state.templates = templates
    app.state.smtp = (
        SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password,
            tls=settings.smtp_tls,
            sender=settings.mail_from,
        )
        if settings.smtp_host
        else None
    )
    app.state.sms = (
        SmsGateway(url=settings.sms_url, token=settings.sms_token) if settings.sms_url else None
    )
    return app


class _PathsAndBelow(frozenset[str]):
    """Paths checked for a CSRF token even when the browser sent no cookies (asgi-csrf asks
    `path in always_protect`). Every form that signs someone in is below one of these, such as
    /sign-in/card/{code}: a forged cross-site form must not sign a person into another account."""

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and any(
            path == p or path.startswith(p + "/") for p in frozenset.__iter__(self)
        )


SESSION_MAX_AGE = 14 * 24 * 3600


def _middleware(settings: Settings, templates: Any, routes: Any) -> list[Middleware]:
    return [
        # The door scan's common answer, before the page middleware (see door_lane).
        Middleware(
            DoorScanLane,
            secret_key=settings.secret_key,
            max_age=SESSION_MAX_AGE,
            production=settings.production,
        ),
        Middleware(RequestIdMiddleware),
        Middleware(SecurityHeadersMiddleware, production=settings.production),
        Middleware(
            GuardedCsrfMiddleware,
            signing_secret=settings.secret_key,
            cookie_secure=settings.production,
            always_protect=_PathsAndBelow(
                {"/sign-in", "/forgot-password", "/reset-password", "/invitations"}
            ),
            # The CSRF check runs before routing; its page gets a router of its own for url_for.
            send_csrf_failed=csrf_failed_sender(templates, Router(routes=routes)),
            # File uploads are checked by MultipartCsrfMiddleware (see its docstring).
            skip_if_scope=is_multipart,
        ),
        Middleware(
            MultipartCsrfMiddleware,
            signing_secret=settings.secret_key,
            send_csrf_failed=csrf_failed_sender(templates, Router(routes=routes)),
        ),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie="fairplanner_session",
            max_age=SESSION_MAX_AGE,
            same_site="lax",
            https_only=settings.production,
        ),
        Middleware(CurrentPersonMiddleware, development=not settings.production),
    ]
