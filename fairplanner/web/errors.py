"""One place that turns errors into friendly pages: never a stack trace, always a way on."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Scope, Send

from fairplanner.errors import DomainError
from fairplanner.logs import request_id_var
from fairplanner.models.enums import TextSize
from fairplanner.web.auth import SignInRequired, ViewState
from fairplanner.web.middleware import CONTENT_SECURITY_POLICY

log = logging.getLogger(__name__)

TITLES = {
    400: "Sorry, there is a problem with that request",
    403: "You cannot see this page",
    404: "Page not found",
    405: "Sorry, that did not work",
    410: "This link does not work any more",
    422: "Sorry, there is a problem with that request",
    429: "Too many tries",
    500: "Sorry, there is a problem with FairPlanner",
}


def _fallback_view(request: Request) -> ViewState:
    return ViewState(
        person=None,
        easy_read=False,
        text_size=TextSize.STANDARD.value,
        csrf_token=lambda: "",
        request_id=str(request.scope.get("state", {}).get("request_id", "")),
        development=False,
    )


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    view = getattr(request.state, "view", None) or _fallback_view(request)
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request,
        "errors/error.html",
        {
            "view": view,
            "status": status,
            "title": TITLES.get(status, TITLES[400]),
            "message": message,
        },
        status_code=status,
    )
    return response


async def domain_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, DomainError):
        raise exc
    if isinstance(exc, SignInRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{request.url_for('accounts:sign_in')}?next={quote(target)}", 303)
    return error_page(request, exc.status, exc.message)


async def http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        raise exc
    messages = {
        404: "If you typed the web address, check it is right. If you pasted it, check you copied all of it.",
        405: "Go back to the page you were on and try again.",
    }
    return error_page(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))


async def server_error(request: Request, exc: Exception) -> Response:
    # This handler runs outside the other middleware: the request id has left the logging
    # context and no security headers are added after it, so it does both itself.
    request_id = str(request.scope.get("state", {}).get("request_id", ""))
    token = request_id_var.set(request_id or "-")
    try:
        log.exception("unhandled error", exc_info=exc)
    finally:
        request_id_var.reset(token)
    response = error_page(
        request,
        500,
        "Something went wrong on our side. Nothing you did caused this. Please try again later.",
    )
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    if request_id:
        response.headers["X-Request-ID"] = request_id
    return response


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error,
    HTTPException: http_error,
    Exception: server_error,
}


def csrf_failed_sender(templates: Any, router: Any) -> Any:
    """A friendly page for a form that came back without its security token."""

    async def send_csrf_failed(scope: Scope, send: Send, message_id: Any) -> None:
        request = Request({**scope, "router": router})  # runs before routing: url_for needs it
        html = templates.get_template("errors/error.html").render(
            request=request,
            view=_fallback_view(request),
            status=403,
            title="This form has expired",
            message=(
                "For your security, forms stop working after a while or if cookies are blocked. "
                "Go back, reload the page, and try again. What you typed may need typing again."
            ),
        )
        body = html.encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return send_csrf_failed
