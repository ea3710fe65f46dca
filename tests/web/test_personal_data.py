"""People see, download and erase their own data; organisers erase on request."""

from __future__ import annotations

import json

from fairplanner.models import Membership, Person, Registration
from fairplanner.models.enums import Group, Role
from fairplanner.services import people
from tests import factories
from tests.helpers import Browser, title
from tests.web.test_tickets import FORM, published


async def test_person_downloads_their_data_as_a_json_file(browser: Browser) -> None:
    organisation, organiser = await factories.organiser()
    await factories.fair(by=organiser, organisation=organisation)
    await browser.sign_in(organiser.email or "", factories.PASSWORD)

    page = await browser.get("/account/data")
    download = await browser.get("/account/data.json")

    assert page.status_code == 200
    assert organiser.name in page.text
    assert download.headers["content-disposition"].startswith("attachment")
    data = json.loads(download.text)
    assert data["account"]["email"] == organiser.email
    assert len(data["records"]["Membership (person)"]) == 1


async def test_my_data_page_shows_the_emails_sent_to_me_without_their_link_secrets(
    browser: Browser,
) -> None:
    organisation, organiser = await factories.organiser()
    await factories.fair(by=organiser, organisation=organisation)
    await people.request_password_reset(
        email=organiser.email or "", reset_url="http://testserver/reset/{token}"
    )
    await browser.sign_in(organiser.email or "", factories.PASSWORD)

    page = await browser.get("/account/data")

    assert page.status_code == 200
    assert "OutboxMessage (to address): 1" in page.text
    assert "Reset your FairPlanner password" in page.text
    assert "http://testserver/reset/[secret]" in page.text


async def test_erasing_my_data_signs_me_out_and_stops_my_password(browser: Browser) -> None:
    organisation, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)
    member = await factories.member(fair, Role.CO_PLANNER)
    await browser.sign_in(member.email or "", factories.PASSWORD)

    confirm = await browser.get("/account/erase")
    erased = await browser.post("/account/erase")
    after = await browser.get("/account")
    again = await browser.post("/sign-in", {"email": member.email, "password": factories.PASSWORD})

    assert title(confirm) == "Erase your personal data – FairPlanner"
    assert erased.status_code == 303
    assert after.status_code == 303
    assert "/sign-in" in after.headers["location"]
    assert again.status_code == 422
    assert (await Person.get(id=member.id)).name == "Former member"


async def test_organiser_erases_a_member_on_request(browser: Browser) -> None:
    organisation, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)
    member = await factories.member(fair, Role.VOLUNTEER, Group.SERVICE_USER)
    membership = await Membership.get(fair_id=fair.id, person_id=member.id)
    await browser.sign_in(organiser.email or "", factories.PASSWORD)

    response = await browser.post(f"/fairs/{fair.id}/members/{membership.id}/erase")

    assert response.status_code == 303
    assert (await Person.get(id=member.id)).email is None


async def test_co_planner_cannot_erase_others_or_read_the_privacy_log(browser: Browser) -> None:
    organisation, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)
    co_planner = await factories.member(fair, Role.CO_PLANNER)
    membership = await Membership.get(fair_id=fair.id, person_id=organiser.id)
    await browser.sign_in(co_planner.email or "", factories.PASSWORD)

    erase = await browser.post(f"/fairs/{fair.id}/members/{membership.id}/erase")
    log = await browser.get(f"/fairs/{fair.id}/privacy-log")

    assert (erase.status_code, log.status_code) == (403, 403)
    assert (await Person.get(id=organiser.id)).name == organiser.name


async def test_opening_a_booking_with_access_needs_is_logged_for_the_fair(browser: Browser) -> None:
    fair, organiser_email = await published()
    await browser.post(f"/events/{fair.id}", FORM)
    registration = await Registration.get(fair_id=fair.id)
    await browser.sign_in(organiser_email, factories.PASSWORD)

    await browser.get(f"/fairs/{fair.id}/bookings/{registration.id}")
    log = await browser.get(f"/fairs/{fair.id}/privacy-log")

    assert f"Access needs in booking {registration.id}" in log.text
