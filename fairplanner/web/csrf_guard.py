"""asgi-csrf, answering requests it cannot read instead of failing on them.

asgi-csrf compares tokens with `secrets.compare_digest` on text, which raises TypeError when
either side has a letter past ASCII ("forgé" in the X-CSRFToken header or the csrftoken
field), and it decodes a form body as strict UTF-8, which raises UnicodeDecodeError on bytes
such as 0xFF. Each was a server error. The tokens we issue are ASCII and browsers
percent-encode form bodies, so such a request cannot carry one of our tokens: it is refused as
a failed check is ("This form has expired", 403). An error raised once the check has passed,
by the app itself, is not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgi_csrf import asgi_csrf
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
_PASSED = "fairplanner.csrf_passed"  # a one-item list in the scope: asgi-csrf copies the scope


class GuardedCsrfMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        signing_secret: str,
        send_csrf_failed: Any,
        cookie_secure: bool,
        always_protect: Any,
        skip_if_scope: Callable[[Scope], bool],
    ) -> None:
        self.app = app
        self.send_csrf_failed = send_csrf_failed
        self.checked = asgi_csrf(
            self._passed,
            signing_secret=signing_secret,
            send_csrf_failed=send_csrf_failed,
            cookie_secure=cookie_secure,
            always_protect=always_protect,
            skip_if_scope=skip_if_scope,
        )

    async def _passed(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _PASSED in scope:
            scope[_PASSED][0] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.checked(scope, receive, send)
            return
        passed = [False]
        try:
            await self.checked({**scope, _PASSED: passed}, receive, send)
        except (TypeError, UnicodeDecodeError):
            if passed[0]:
                raise
            await self.send_csrf_failed(scope, send, None)
