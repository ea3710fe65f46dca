"""Security a person never sees but relies on: headers, cookies, CSRF, and error pages that
help without giving anything away."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from fairplanner.app import create_app
from fairplanner.models import Person
from fairplanner.settings import Settings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, new_browser, set_cookie_headers, text_of, title

PAGES = ["/", "/sign-in", "/accessibility", "/preferences", "/health", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
async def test_every_response_has_the_security_headers(browser: Browser, path: str) -> None:
    response = await browser.get(path)

    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert len(response.headers["x-request-id"]) == 16


async def test_each_response_gets_its_own_request_id(browser: Browser) -> None:
    first = await browser.get("/")
    second = await browser.get("/")

    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_static_files_also_carry_a_request_id(browser: Browser) -> None:
    response = await browser.get("/static/img/favicon.svg")

    assert response.status_code == 200
    assert response.headers["x-request-id"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_pages_are_not_cached_because_they_can_hold_personal_data(
    browser: Browser,
) -> None:
    response = await browser.get("/sign-in")

    assert response.headers["cache-control"] == "no-store"


async def test_session_cookie_is_http_only_and_same_site_lax(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")

    response = await browser.sign_in("lee@example.org", PASSWORD)

    (cookie,) = set_cookie_headers(response, "fairplanner_session")
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "secure" not in flags  # plain http in development and tests


async def test_cookies_are_secure_in_production(settings: Settings) -> None:
    await factories.light_person(email="lee@example.org")
    production = replace(settings, env="production")

    async with new_browser(production, base_url="https://testserver") as browser:
        page = await browser.get("/sign-in")
        response = await browser.sign_in("lee@example.org", PASSWORD)

    (session,) = set_cookie_headers(response, "fairplanner_session")
    (csrf,) = set_cookie_headers(page, "csrftoken")
    assert "secure" in session.lower()
    assert "httponly" in session.lower()
    assert "secure" in csrf.lower()
    assert page.headers["strict-transport-security"].startswith("max-age=")


async def test_form_posted_without_its_token_gets_a_friendly_403_and_changes_nothing(
    browser: Browser,
) -> None:
    person = await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)
    assert browser.client.cookies  # a signed-in browser, as a forged cross-site form would use

    response = await browser.client.post(
        "/preferences", data={"easy_read": "yes", "text_size": "larger"}
    )

    assert response.status_code == 403
    assert title(response) == "This form has expired – FairPlanner"
    assert "Go back, reload the page, and try again." in text_of(response)
    stored = await Person.get(id=person.id)
    assert (stored.easy_read, stored.text_size.value) == (False, "standard")


async def test_sign_in_form_is_protected_even_without_cookies(settings: Settings) -> None:
    await factories.light_person(email="lee@example.org")

    async with new_browser(settings) as fresh:
        response = await fresh.client.post(
            "/sign-in", data={"email": "lee@example.org", "password": PASSWORD}
        )

    # Login CSRF: a forged form must not sign a victim into someone else's account.
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert "fairplanner_session" not in response.headers.get("set-cookie", "")


async def test_card_link_sign_in_is_protected_even_without_cookies(
    settings: Settings,
) -> None:
    _, organiser = await factories.light_organiser()
    tom = await Person.create(name="Tom Fielding")
    _, code = await factories.light_card(person=tom, issued_by=organiser)

    async with new_browser(settings) as fresh:
        forged = await fresh.client.post(f"/sign-in/card/{code}", data={})
        page = await fresh.get(f"/sign-in/card/{code}")
        real = await fresh.post(f"/sign-in/card/{code}")

    assert forged.status_code == 403
    assert "fairplanner_session" not in forged.headers.get("set-cookie", "")
    assert page.status_code == 200
    assert real.status_code == 303  # the page's own form, with its token, still works


async def test_form_with_a_wrong_token_is_refused(browser: Browser) -> None:
    await browser.token()

    response = await browser.client.post(
        "/forgot-password", data={"csrftoken": "forged", "email": "lee@example.org"}
    )

    assert response.status_code == 403


async def test_page_not_found_is_friendly_html(browser: Browser) -> None:
    response = await browser.get("/fairs/not-a-number/secret")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert title(response) == "Page not found – FairPlanner"
    assert "check you copied all of it" in text_of(response)
    assert "Traceback" not in response.text


async def test_wrong_method_is_friendly_html(browser: Browser) -> None:
    response = await browser.get("/sign-out")

    assert response.status_code == 405
    assert "Go back to the page you were on and try again." in text_of(response)


@pytest.fixture
async def broken_database_browser(tmp_path: Path) -> AsyncIterator[Browser]:
    """The app with its own lifespan on a database file that was never migrated: every query
    fails, as it would if the database were restored wrongly or its tables were dropped."""
    settings = Settings(
        env="test",
        database_url=f"sqlite://{tmp_path / 'never-migrated.sqlite3'}",
        secret_key="test-secret-key-" + "y" * 32,
        data_dir=tmp_path,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        # The server, not the test, receives the exception after the page is sent.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield Browser(c)


async def test_server_error_is_a_friendly_page_without_a_stack_trace(
    broken_database_browser: Browser,
) -> None:
    response = await broken_database_browser.get("/invitations/some-token")

    assert response.status_code == 500
    assert title(response) == "Sorry, there is a problem with FairPlanner – FairPlanner"
    page = text_of(response)
    assert "Nothing you did caused this." in page
    assert "Traceback" not in response.text
    assert "no such table" not in response.text
    request_id = response.headers["x-request-id"]
    assert f"tell us this reference: {request_id}" in page
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_health_check_reports_a_broken_database(broken_database_browser: Browser) -> None:
    response = await broken_database_browser.get("/health")

    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}
