"""File-upload forms keep their CSRF protection: the token must come first and match the
signed cookie. The middleware is driven directly, around a page that echoes what it got."""

from __future__ import annotations

from typing import Any

import httpx
from itsdangerous import URLSafeSerializer
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from fairplanner.web.multipart_csrf import MultipartCsrfMiddleware, is_multipart

SECRET = "test-secret-" + "x" * 32
TOKEN = URLSafeSerializer(SECRET).dumps("abc123", "csrftoken")


async def _echo(scope: Scope, receive: Receive, send: Send) -> None:
    form = await Request(scope, receive).form()
    upload: Any = form.get("photo")
    body = f"alt={form.get('alt')} photo={(await upload.read()).decode() if upload else ''}"
    await form.close()
    await PlainTextResponse(body)(scope, receive, send)


async def _refuse(scope: Scope, send: Send, reason: Any) -> None:
    await PlainTextResponse("refused", status_code=403)(scope, lambda: None, send)  # type: ignore[arg-type]


def _client(cookie: str | None = TOKEN) -> httpx.AsyncClient:
    app = MultipartCsrfMiddleware(_echo, signing_secret=SECRET, send_csrf_failed=_refuse)
    cookies = {"csrftoken": cookie} if cookie else None
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", cookies=cookies
    )


async def test_an_upload_with_the_token_first_reaches_the_page() -> None:
    async with _client() as client:
        response = await client.post(
            "/", data={"csrftoken": TOKEN, "alt": "A ramp"}, files={"photo": ("r.png", b"xyz")}
        )
    assert response.status_code == 200
    assert response.text == "alt=A ramp photo=xyz"  # the body is replayed whole


async def test_an_upload_without_or_with_a_wrong_token_is_refused() -> None:
    async with _client() as client:
        missing = await client.post("/", data={"alt": "A"}, files={"photo": ("r.png", b"x")})
        wrong = await client.post(
            "/", data={"csrftoken": "forged", "alt": "A"}, files={"photo": ("r.png", b"x")}
        )
        # Letters past ASCII made compare_digest raise TypeError: a server error.
        accented = await client.post(
            "/", data={"csrftoken": "forgé", "alt": "A"}, files={"photo": ("r.png", b"x")}
        )
    assert (missing.status_code, wrong.status_code, accented.status_code) == (403, 403, 403)


async def test_a_forged_cookie_is_refused() -> None:
    async with _client(cookie="forged") as client:
        response = await client.post(
            "/", data={"csrftoken": "forged"}, files={"photo": ("r.png", b"x")}
        )
    assert response.status_code == 403


async def test_a_file_before_the_token_is_refused() -> None:
    boundary = "fpboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="r.png"\r\n'
        f"Content-Type: image/png\r\n\r\nxxxx\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrftoken"\r\n\r\n{TOKEN}\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    async with _client() as client:
        response = await client.post(
            "/",
            content=body,
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
    assert response.status_code == 403


def test_only_multipart_requests_are_left_to_this_check() -> None:
    def scope(content_type: bytes) -> Scope:
        return {"type": "http", "headers": [(b"content-type", content_type)]}

    assert is_multipart(scope(b"multipart/form-data; boundary=x"))
    assert not is_multipart(scope(b"application/x-www-form-urlencoded"))
