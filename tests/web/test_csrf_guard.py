"""Requests the CSRF check cannot read are refused like a failed check, not a server error:
a token with letters past ASCII (in the X-CSRFToken header or the form) and a form body that
is not UTF-8. Found by reading asgi-csrf after the hostile-input hunts."""

from __future__ import annotations

from tests.helpers import Browser

EXPIRED = "This form has expired"


async def test_a_token_past_ascii_in_the_form_or_the_header_is_refused(browser: Browser) -> None:
    await browser.token()  # the signed cookie, as a real visitor has it
    in_form = await browser.client.post(
        "/sign-in", data={"csrftoken": "forgé", "email": "a@example.org", "password": "x"}
    )
    in_header = await browser.client.post(
        "/sign-in",
        content=b"email=a%40example.org&password=x",
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-csrftoken": "for\xe9".encode("latin-1"),
        },
    )
    for refused in (in_form, in_header):
        assert refused.status_code == 403
        assert EXPIRED in refused.text


async def test_a_form_body_that_is_not_utf8_is_refused(browser: Browser) -> None:
    token = await browser.token()
    response = await browser.client.post(
        "/sign-in",
        content=f"csrftoken={token}&email=\xff\xfe".encode("latin-1"),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 403
    assert EXPIRED in response.text


async def test_a_good_token_still_reaches_the_page(browser: Browser) -> None:
    response = await browser.post("/sign-in", {"email": "nobody@example.org", "password": "x"})
    assert response.status_code == 422  # the sign-in page itself answers: wrong details
    assert EXPIRED not in response.text
