"""Logs carry a request id and never the secrets that appear in some links."""

from __future__ import annotations

import pytest

from fairplanner.web.middleware import loggable_path
from tests import factories
from tests.helpers import Browser


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/reset-password/UN_1yEGZ4lwfZ5yqOiEJd0f44l6YfjYMYvJGZrQPj64", "/reset-password/[secret]"),
        ("/sign-in/card/7VV8-95P6-2T45", "/sign-in/card/[secret]"),
        ("/tickets/KZQ3M7D2VH5T6YJXW4RPLN2C4E/print", "/tickets/[secret]/print"),
        # The calendar feed's token comes before ".ics": it was logged whole.
        ("/calendar/feed/q3X9vLm2Rt8sKp4WnB7y.ics", "/calendar/feed/[secret].ics"),
        ("/static/build/govuk-frontend.min.css", "/static/build/govuk-frontend.min.css"),
        ("/fairs/12/members/7", "/fairs/12/members/7"),
        ("/accessibility", "/accessibility"),
    ],
)
def test_secret_looking_path_segments_are_not_logged(path: str, logged: str) -> None:
    assert loggable_path(path) == logged


async def test_a_message_survives_the_redirect_after_signing_out(browser: Browser) -> None:
    _, organiser = await factories.organiser()
    await browser.sign_in(organiser.email or "", factories.PASSWORD)

    response = await browser.post("/sign-out")
    home = await browser.get(response.headers["location"])

    assert "You have signed out." in home.text
