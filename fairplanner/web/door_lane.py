"""The door scan's fast lane: `POST /door/api/redeem` answered before the page middleware.

A scan is the fair morning's hot path (64 door phones at once), and the page middleware cost
more than the scan itself: Starlette's session re-signs its cookie on every answer, asgi-csrf
parses every cookie, the router walks every route. This lane does the same checks on the
scan's own terms and nothing more:

- CSRF as asgi-csrf does it for a header: the X-CSRFToken header equals the csrftoken cookie,
  and the cookie carries our signature;
- the paired phone from the session cookie, signed and no older than the session's age;
- the same security headers, request id and log line as every other answer.

Both checks are remembered for a minute per Cookie and X-CSRFToken header (the phone's pairing itself is read
from the database with every scan, so revoking still works at once). Anything else, a
missing or wrong token, no paired phone, or a pairing found revoked (its session must be
cleared), goes through the whole stack unchanged, with the body replayed; so do all other
paths. The lane only makes the common answer cheaper; it never answers differently.
"""

from __future__ import annotations

import json
import secrets
import time
from base64 import b64decode
from typing import Any

from itsdangerous import BadSignature, TimestampSigner, URLSafeSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairplanner.logs import request_id_var
from fairplanner.web.middleware import add_security_headers, log_request
from fairplanner.web.views.door_api import REVOKED_STATUS, SESSION_KEY, redeem_answer

REDEEM_PATH = "/door/api/redeem"
SESSION_COOKIE = "fairplanner_session"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = b"x-csrftoken"
REMEMBER_SECONDS = 60.0
REMEMBER_AT_MOST = 4096


class DoorScanLane:
    def __init__(self, app: ASGIApp, *, secret_key: str, max_age: int, production: bool) -> None:
        self.app = app
        self.production = production
        self.max_age = max_age
        # The same signers, keys and salt as asgi-csrf and Starlette's SessionMiddleware.
        self.csrf = URLSafeSerializer(secret_key)
        self.session = TimestampSigner(str(secret_key))
        self.known: dict[tuple[str, bytes], tuple[int, float]] = {}
        fixed = MutableHeaders(raw=[(b"content-type", b"application/json")])
        add_security_headers(fixed, REDEEM_PATH, production)
        self.headers = list(fixed.raw)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != REDEEM_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        device_id = self._device(scope)
        if device_id is None:
            await self.app(scope, receive, send)
            return
        body = await _read(receive)
        started = time.perf_counter()
        rid = secrets.token_hex(8)
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        try:
            status, answer = await redeem_answer(device_id, body)
            if status == REVOKED_STATUS:
                # The session must forget the phone: the whole stack does that.
                await self.app(scope, _replay(body, receive), send)
                return
            await self._send(send, rid, status, answer)
            log_request(scope, status, started)
        finally:
            request_id_var.reset(token)

    def _device(self, scope: Scope) -> int | None:
        """The paired phone's id when the request carries a good CSRF token and session."""
        header = b""
        cookie = ""
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie = value.decode("latin-1")
            elif name == CSRF_HEADER:
                header = value
            elif name == b"content-type" and value.startswith(b"multipart/"):
                return None  # MultipartCsrfMiddleware has its own say on uploads
        at = time.monotonic()
        # The same Cookie and X-CSRFToken lines as a minute ago: the same answer.
        remembered = self.known.get((cookie, header))
        if remembered is not None and at - remembered[1] < REMEMBER_SECONDS:
            return remembered[0]
        cookies = cookie_parser(cookie)
        csrf, session = cookies.get(CSRF_COOKIE, ""), cookies.get(SESSION_COOKIE, "")
        if not csrf or not session or not secrets.compare_digest(header, csrf.encode("latin-1")):
            return None
        device_id = self._check(session, csrf)
        if device_id is not None:
            if len(self.known) >= REMEMBER_AT_MOST:
                self.known.clear()
            self.known[(cookie, header)] = (device_id, at)
        return device_id

    def _check(self, session: str, csrf: str) -> int | None:
        try:
            self.csrf.loads(csrf, CSRF_COOKIE)
            data: Any = json.loads(
                b64decode(self.session.unsign(session.encode("utf-8"), max_age=self.max_age))
            )
        except (BadSignature, ValueError):
            return None
        device_id = data.get(SESSION_KEY) if isinstance(data, dict) else None
        return device_id if isinstance(device_id, int) else None

    async def _send(self, send: Send, rid: str, status: int, answer: dict[str, Any]) -> None:
        # As JSONResponse would (same JSON and headers), without its per-answer machinery.
        body = json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        data = body.encode("utf-8")
        headers = [
            *self.headers,
            (b"content-length", str(len(data)).encode()),
            (b"x-request-id", rid.encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})


async def _read(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
