"""Booking over HTTP as a person without an account, the ticket link, calendar files, and the
organisers' booking pages."""

from __future__ import annotations

import re

import httpx
from icalendar import Calendar

from fairplanner.models import Fair, OutboxMessage, Registration, Ticket
from fairplanner.models.enums import Phase, Role
from fairplanner.models.tickets import RegistrationStatus
from tests import ticket_factories
from tests.helpers import Browser, error_messages, field_value, soup

FORM = {
    "name": "Ruth Okafor",
    "email": "ruth@example.org",
    "places": "1",
    "companions": "1",
    "access_need_keys": ["Q", "W"],
    "access_needs": "I need a quiet break at lunch.",
    "show_at_door": "y",
    "heard_from": "leaflet",
    "submission_key": "form-1",
}


async def published(phase: Phase = Phase.PUBLISHED) -> tuple[Fair, str]:
    fair, boss = await ticket_factories.fair(phase)
    return fair, str(boss.email)


async def book(browser: Browser, fair: Fair, **changes: object) -> httpx.Response:
    return await browser.post(f"/events/{fair.id}", {**FORM, **changes})


def ics(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


async def test_the_public_page_needs_no_account_and_hides_unpublished_fairs(
    browser: Browser, db: str
) -> None:
    fair, _ = await published()
    page = await browser.get(f"/events/{fair.id}")
    assert page.status_code == 200
    assert soup(page).find("button", string=re.compile("Book my place"))
    planning, _ = await published(Phase.PLANNING)
    assert (await browser.get(f"/events/{planning.id}")).status_code == 404


async def test_booking_leads_to_a_ticket_page_with_qr_and_reference(
    browser: Browser, db: str
) -> None:
    fair, _ = await published()
    response = await book(browser, fair)
    assert response.status_code == 303
    location = response.headers["location"]
    ticket = await Ticket.get(lead=True, registration__name="Ruth Okafor")
    assert location.endswith(f"/tickets/{ticket.secret}")
    assert "quiet" not in location.lower()
    page = await browser.get(location)
    assert page.status_code == 200
    assert 'class="fp-qr"' in page.text
    code = soup(page).select_one(".fp-card-code")
    assert code is not None
    assert code.get_text().replace("-", "") == ticket.reference
    assert "I need a quiet break" not in page.text  # the ticket page is shown at the door
    companion = await Ticket.get(registration_id=ticket.registration_id, lead=False)  # type: ignore[attr-defined]
    assert companion.secret in page.text  # the carer's own ticket is linked


async def test_a_double_submitted_form_makes_one_booking(browser: Browser, db: str) -> None:
    fair, _ = await published()
    first = await book(browser, fair)
    second = await book(browser, fair)
    assert first.headers["location"] == second.headers["location"]
    assert await Registration.filter(fair_id=fair.id).count() == 1


async def test_a_form_key_that_no_page_made_still_books_once(browser: Browser, db: str) -> None:
    # The hidden key against double posts went to the database as posted: 5000 characters
    # were longer than its column (a server error on PostgreSQL, Tortoise refused it too).
    fair, _ = await published()
    for key in ("k" * 65, "k" * 5000, "a key with spaces and ü"):
        response = await book(browser, fair, submission_key=key, name=f"Key {len(key)}")
        assert response.status_code == 303
    keys = [r.submission_key for r in await Registration.filter(fair_id=fair.id)]
    assert len(keys) == 3
    assert all(1 <= len(k) <= 64 and k not in ("k" * 65, "k" * 5000) for k in keys)


async def test_missing_contact_and_overlong_fields_are_explained_and_kept(
    browser: Browser, db: str
) -> None:
    fair, _ = await published()
    response = await book(browser, fair, email="", name="R" * 201, places="0")
    assert response.status_code == 422
    errors = error_messages(response)
    assert errors["name"] == "Your name must be 200 characters or fewer"
    assert errors["email"].startswith("Tell us one way to contact you")
    assert errors["places"] == "Enter a number from 1 to 20"
    assert field_value(response, "access_needs").strip() == "I need a quiet break at lunch."
    assert await Registration.filter(fair_id=fair.id).count() == 0


async def test_the_fair_calendar_file_follows_the_rules(browser: Browser, db: str) -> None:
    fair, _ = await published()
    first = await browser.get(f"/events/{fair.id}/fair.ics")
    calendar = ics(first)
    [event] = calendar.walk("VEVENT")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert "ORGANIZER" not in event
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event
    uid = str(event["UID"])
    # Unchanged: same UID and SEQUENCE, and a conditional request gets 304.
    again = await browser.get(
        f"/events/{fair.id}/fair.ics", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    fair.title = "Riverside Fair (new name)"
    await fair.save()
    changed = ics(await browser.get(f"/events/{fair.id}/fair.ics")).walk("VEVENT")[0]
    assert str(changed["UID"]) == uid
    assert int(changed["SEQUENCE"]) == 1


async def test_the_ticket_calendar_has_no_ticket_link_or_needs(browser: Browser, db: str) -> None:
    fair, _ = await published()
    location = (await book(browser, fair)).headers["location"]
    secret = location.rsplit("/", 1)[-1]
    body = (await browser.get(f"/tickets/{secret}/fair.ics")).text
    ics(await browser.get(f"/tickets/{secret}/fair.ics"))
    assert secret not in body
    assert "/tickets/" not in body
    assert "quiet" not in body.lower()


async def test_the_attendee_changes_needs_and_cancels_from_the_link(
    browser: Browser, db: str
) -> None:
    fair, _ = await published()
    secret = (await book(browser, fair)).headers["location"].rsplit("/", 1)[-1]
    saved = await browser.post(
        f"/tickets/{secret}/needs",
        {"access_needs": "Step-free route please", "access_need_keys": "S"},
    )
    assert saved.status_code == 303
    registration = await Registration.get(fair_id=fair.id)
    assert registration.access_needs == "Step-free route please"
    assert registration.access_need_list == ["S"]
    assert not registration.show_at_door
    assert (await browser.post(f"/tickets/{secret}/cancel")).status_code == 303
    await registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    page = await browser.get(f"/tickets/{secret}")
    assert "This booking is cancelled" in page.text
    assert "fp-qr" not in page.text


async def test_forged_and_replaced_ticket_links_get_a_plain_answer(
    browser: Browser, db: str
) -> None:
    for forged in ["NOTAREALTICKETATALL1234567", "%00", "a" * 300]:
        response = await browser.get(f"/tickets/{forged}")
        assert response.status_code in (404, 410)
        assert "does not work" in response.text or "could not find" in response.text


async def test_forgot_my_ticket_emails_the_links_without_saying_who_booked(
    browser: Browser, db: str
) -> None:
    fair, _ = await published()
    secret = (await book(browser, fair)).headers["location"].rsplit("/", 1)[-1]
    known = await browser.post("/events/forgot-my-ticket", {"email": "RUTH@example.org"})
    unknown = await browser.post("/events/forgot-my-ticket", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert "Check your e-mail" in known.text
    assert "Check your e-mail" in unknown.text
    mail = await OutboxMessage.filter(subject="Your FairPlanner tickets").get()
    assert secret in mail.body


async def test_organisers_book_by_phone_and_see_needs_others_cannot(
    browser: Browser, db: str
) -> None:
    fair, boss_email = await published()
    planner = await ticket_factories.member(fair, Role.CO_PLANNER)
    await browser.sign_in(str(planner.email), ticket_factories.PASSWORD)
    assert (await browser.get(f"/fairs/{fair.id}/bookings")).status_code == 403
    await browser.post("/sign-out")
    browser.client.cookies.clear()
    await browser.sign_in(boss_email, ticket_factories.PASSWORD)
    made = await browser.post(
        f"/fairs/{fair.id}/bookings/new",
        {**FORM, "email": "", "phone": "07700 900123", "source": "phone", "submission_key": "p"},
    )
    assert made.status_code == 303
    detail = await browser.get(made.headers["location"])
    assert "I need a quiet break at lunch." in detail.text
    assert "Needs a quiet space" in detail.text
    listing = await browser.get(f"/fairs/{fair.id}/bookings?q=ruth")
    assert "Ruth Okafor" in listing.text
    # A NUL in the search reached the query: PostgreSQL refused it (a server error).
    listing = await browser.get(f"/fairs/{fair.id}/bookings?q=ru%00th")
    assert listing.status_code == 200
    assert "Ruth Okafor" in listing.text


async def test_a_personal_feed_is_made_read_and_revoked(browser: Browser, db: str) -> None:
    fair, boss_email = await published()
    await browser.sign_in(boss_email, ticket_factories.PASSWORD)
    assert (await browser.post("/calendar/", {"alarm": "60"})).status_code == 303
    page = await browser.get("/calendar/")
    link = re.search(r"/calendar/feed/[A-Za-z0-9_-]+\.ics", page.text)
    assert link is not None
    browser.client.cookies.clear()  # calendar apps have no session
    calendar = ics(await browser.get(link[0]))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == fair.title
    assert event.walk("VALARM"), "the chosen reminder is in the feed"
    await browser.sign_in(boss_email, ticket_factories.PASSWORD)
    assert (await browser.post("/calendar/stop")).status_code == 303
    assert (await browser.get(link[0])).status_code == 410
