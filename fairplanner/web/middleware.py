"""Security headers and request ids with structured logs: pure ASGI, so they run in the
request's own task (Tortoise's context and the request id stay visible)."""

from __future__ import annotations

import logging
import secrets
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairplanner.export import tokens
from fairplanner.logs import request_id_var

log = logging.getLogger("fairplanner.requests")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# The door scanner decodes QR codes with ZXing compiled to WebAssembly (barcode-detector,
# served from static/build). Compiling WebAssembly needs 'wasm-unsafe-eval'; it allows no
# JavaScript eval. Only the scanner page gets it.
SCANNER_PATH = "/door/scan"
SCANNER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';"
)


def loggable_path(path: str) -> str:
    """The path as logged: secret-looking segments (link tokens, ticket secrets, card codes,
    the calendar feed's token before ".ics") written as [secret]."""
    return tokens.hide_secrets(path)


class RequestIdMiddleware:
    """Gives each request an id (shown on error pages, sent back as X-Request-ID, in every log
    line) and logs one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = secrets.token_hex(8)
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", rid)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if not scope["path"].startswith("/static/"):
                log_request(scope, status, started)
            request_id_var.reset(token)


def log_request(scope: Scope, status: int, started: float) -> None:
    """The one log line per request."""
    if log.isEnabledFor(logging.INFO):
        log.info(
            "request",
            extra={
                "method": scope["method"],
                "path": loggable_path(scope["path"]),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, production: bool) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), scope["path"], self.production)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def add_security_headers(headers: MutableHeaders, path: str, production: bool) -> None:
    """Every answer's security headers (a header the view set itself is kept)."""
    headers.setdefault(
        "Content-Security-Policy",
        SCANNER_CONTENT_SECURITY_POLICY if path == SCANNER_PATH else CONTENT_SECURITY_POLICY,
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
    if production:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")
