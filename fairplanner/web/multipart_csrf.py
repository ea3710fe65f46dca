"""The CSRF check for file-upload (multipart) forms.

asgi-csrf 0.11 builds its multipart parser with a `FileClass` argument that python-multipart
removed in 0.0.26 (the release that fixed CVE-2026-40347), so every upload failed with a 500
(simonw/asgi-csrf#38). asgi-csrf now skips multipart requests (`skip_if_scope=is_multipart`)
and this middleware checks them with the same rules: the form's `csrftoken` field must come
before any file and match the signed `csrftoken` cookie. Drop this module when asgi-csrf
ships a fixed release.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
FIELD = b"csrftoken"


def _header(scope: Scope, name: bytes) -> bytes:
    value: bytes = dict(scope.get("headers") or []).get(name, b"")
    return value


def is_multipart(scope: Scope) -> bool:
    return _header(scope, b"content-type").split(b";", 1)[0].strip() == b"multipart/form-data"


class _TokenFound(Exception):
    pass


class _FileBeforeToken(Exception):
    pass


class _TokenReader:
    """Callbacks for python-multipart's low-level parser: stop at the end of the token field,
    refuse as soon as a file part starts first."""

    def __init__(self) -> None:
        self.field = b""
        self.value = b""
        self.disposition = b""
        self.name = b""
        self.data = bytearray()

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda d, s, e: self._add("field", d[s:e]),
            "on_header_value": lambda d, s, e: self._add("value", d[s:e]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def _add(self, which: str, chunk: bytes) -> None:
        setattr(self, which, getattr(self, which) + chunk)

    def part_begin(self) -> None:
        self.disposition, self.name, self.data = b"", b"", bytearray()

    def header_end(self) -> None:
        if self.field.strip().lower() == b"content-disposition":
            self.disposition = self.value
        self.field, self.value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        self.name = options.get(b"name", b"")
        if b"filename" in options:
            raise _FileBeforeToken()

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.name == FIELD:
            self.data.extend(data[start:end])

    def part_end(self) -> None:
        if self.name == FIELD:
            raise _TokenFound(bytes(self.data).decode("utf-8", "replace"))


FailedSender = Callable[[Scope, Send, Any], Awaitable[None]]


class MultipartCsrfMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        signing_secret: str,
        send_csrf_failed: FailedSender,
        cookie_name: str = "csrftoken",
        signing_namespace: str = "csrftoken",
    ) -> None:
        self.app = app
        self.signer = URLSafeSerializer(signing_secret)
        self.send_failed = send_csrf_failed
        self.cookie_name = cookie_name
        self.namespace = signing_namespace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or not is_multipart(scope)
            # Like asgi-csrf: no cookies means no session to ride on.
            or not _header(scope, b"cookie")
        ):
            await self.app(scope, receive, send)
            return
        expected = self._cookie_token(scope)
        found, replay = await self._read_token(scope, receive)
        # Compared as bytes: compare_digest raises TypeError for str with non-ASCII characters,
        # so a posted token of "é" was a server error.
        if expected and found and secrets.compare_digest(found.encode(), expected.encode()):
            await self.app(scope, replay, send)
            return
        await self.send_failed(scope, send, "multipart")

    def _cookie_token(self, scope: Scope) -> str:
        cookie = SimpleCookie()
        cookie.load(_header(scope, b"cookie").decode("latin-1"))
        morsel = cookie.get(self.cookie_name)
        if morsel is None:
            return ""
        try:
            self.signer.loads(morsel.value, self.namespace)
        except BadSignature:
            return ""
        return morsel.value

    async def _read_token(self, scope: Scope, receive: Receive) -> tuple[str, Receive]:
        """The token from the body, reading only as far as it; the body is replayed after."""
        _, options = parse_options_header(_header(scope, b"content-type"))
        boundary = options.get(b"boundary", b"")
        seen: list[Message] = []

        async def replay() -> Message:
            return seen.pop(0) if seen else await receive()

        if not boundary:
            return "", replay
        parser = MultipartParser(boundary, _TokenReader().callbacks())
        more = True
        try:
            while more:
                message = await receive()
                seen.append(message)
                if message["type"] != "http.request":
                    break
                parser.write(message.get("body", b""))
                more = message.get("more_body", False)
        except _TokenFound as found:
            return str(found.args[0]), replay
        except (_FileBeforeToken, ValueError):
            pass
        return "", replay
