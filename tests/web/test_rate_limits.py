"""Floods from one address are refused with a plain message: bookings, ticket e-mails and
password-reset e-mails."""

from __future__ import annotations

from fairplanner.models import OutboxMessage, Registration
from fairplanner.web.views.accounts import RESETS_PER_HOUR
from fairplanner.web.views.events import BOOKINGS_PER_HOUR, TICKET_MAILS_PER_HOUR
from tests import factories
from tests.helpers import Browser
from tests.web.test_tickets import FORM, published


async def test_bookings_past_the_hourly_limit_from_one_address_are_refused(
    browser: Browser, db: str
) -> None:
    fair, _ = await published()
    for n in range(BOOKINGS_PER_HOUR):
        booked = await browser.post(
            f"/events/{fair.id}", {**FORM, "submission_key": f"k{n}", "email": f"p{n}@example.org"}
        )
        assert booked.status_code == 303

    refused = await browser.post(
        f"/events/{fair.id}", {**FORM, "submission_key": "one-more", "email": "late@example.org"}
    )

    assert refused.status_code == 429
    assert "phone the organiser" in refused.text
    assert await Registration.filter(fair_id=fair.id).count() == BOOKINGS_PER_HOUR


async def test_ticket_e_mails_past_the_hourly_limit_are_refused(browser: Browser, db: str) -> None:
    fair, _ = await published()
    await browser.post(f"/events/{fair.id}", FORM)
    sent_before = await OutboxMessage.all().count()
    for _ in range(TICKET_MAILS_PER_HOUR):
        assert (
            await browser.post("/events/forgot-my-ticket", {"email": FORM["email"]})
        ).status_code == 200

    refused = await browser.post("/events/forgot-my-ticket", {"email": FORM["email"]})

    assert refused.status_code == 429
    assert await OutboxMessage.all().count() == sent_before + TICKET_MAILS_PER_HOUR


async def test_password_reset_requests_past_the_hourly_limit_are_refused(
    browser: Browser, db: str
) -> None:
    _, organiser = await factories.light_organiser()
    for _ in range(RESETS_PER_HOUR):
        asked = await browser.post("/forgot-password", {"email": organiser.email})
        assert asked.status_code == 200
    sent_before = await OutboxMessage.all().count()

    refused = await browser.post("/forgot-password", {"email": organiser.email})

    assert refused.status_code == 429
    assert "wait an hour" in refused.text
    assert await OutboxMessage.all().count() == sent_before
    assert sent_before == RESETS_PER_HOUR


async def test_a_sign_in_with_an_address_longer_than_the_limit_column_is_refused_plainly(
    browser: Browser, db: str
) -> None:
    email = "a" * 5000 + "@example.org"

    response = await browser.post("/sign-in", {"email": email, "password": "x" * 12})

    assert response.status_code == 422
    assert "Enter an e-mail address" in response.text or "sign in" in response.text.lower()
