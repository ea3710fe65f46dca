"""Volunteering over HTTP: every sign-up rule, the race for the last place, the waiting-list
offer and its expiry, roles and shifts with bad input, and who may do what."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx

from fairplanner.app import create_app
from fairplanner.models import (
    Briefing,
    ContactMessage,
    OutboxMessage,
    Person,
    Signup,
    VolunteerLimit,
    WaitlistEntry,
)
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.services import volunteering
from fairplanner.services.clock import now
from fairplanner.settings import Settings
from tests import factories
from tests import volunteering_factories as vf
from tests.helpers import Browser, error_messages, field_value, links_in, soup


async def _signed_in(browser: Browser, person: object) -> Browser:
    await browser.sign_in(person.email, factories.PASSWORD)  # type: ignore[attr-defined]
    return browser


async def _sign_up(browser: Browser, fair_id: int, shift_id: int) -> httpx.Response:
    return await browser.post(f"/fairs/{fair_id}/volunteering/shifts/{shift_id}/sign-up")


@contextlib.asynccontextmanager
async def _browsers_for(settings: Settings, people: list[Person]) -> AsyncIterator[list[Browser]]:
    """One signed-in browser per person, all on one app, for posting at the same moment."""
    app = create_app(settings, manage_orm=False)
    async with contextlib.AsyncExitStack() as stack:
        browsers = []
        for person in people:
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://testserver"
                )
            )
            browsers.append(await _signed_in(Browser(client), person))
        yield browsers


async def test_a_volunteer_signs_up_sees_the_shift_in_their_list_and_withdraws(
    browser: Browser, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss))
    await _signed_in(browser, helper)

    response = await _sign_up(browser, fair.id, shift.id)
    assert response.status_code == 303
    page = await browser.get(f"/fairs/{fair.id}/volunteering")
    mine = soup(page).select_one("#my-shifts + ul")
    assert mine is not None
    assert "Welcome desk" in mine.get_text()

    response = await browser.post(f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/withdraw")
    assert response.status_code == 303
    assert not await Signup.exists(shift_id=shift.id)


async def test_every_sign_up_rule_refuses_over_http_with_its_reason_and_writes_nothing(
    browser: Browser, db: str
) -> None:
    fair, boss, (helper, other) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    role = await vf.active_role(fair, boss)
    briefed_role = await vf.active_role(fair, boss, "First aid", needs_briefing=True)
    taken = await vf.shift(fair, role, 10, 2, needed=2)
    await _signed_in(browser, helper)
    assert (await _sign_up(browser, fair.id, taken.id)).status_code == 303

    started = await volunteering.add_shift(
        fair=fair,
        role=role,
        starts_at=now() - timedelta(hours=1),
        ends_at=now() + timedelta(hours=1),
        people_needed=2,
    )
    full = await vf.shift(fair, role, 14, 1, needed=1)
    await Signup.create(shift=full, person=other, place=1)
    briefing = await vf.shift(fair, briefed_role, 16, 1)
    clash = await vf.shift(fair, briefed_role, 11, 2)
    await Briefing.create(role=briefed_role, person=helper)
    long_day = await vf.shift(fair, role, 18, 2)
    await VolunteerLimit.create(fair=fair, person=helper, max_minutes_per_day=3 * 60)

    expected = {
        taken.id: "You are already signed up for this shift.",
        started.id: "This shift has already started or finished.",
        full.id: "This shift is full. You can join the waiting list.",
        clash.id: "This shift is at the same time as another of your shifts.",
        long_day.id: "This would be more than your own limit of 3 hours in a day.",
    }
    for shift_id, reason in expected.items():
        response = await _sign_up(browser, fair.id, shift_id)
        assert response.status_code == 422
        assert error_messages(response) == {"sign-up": reason}
    await Briefing.filter(person_id=helper.id).delete()
    response = await _sign_up(browser, fair.id, briefing.id)
    assert error_messages(response)["sign-up"].startswith("This role needs a short briefing")
    assert await Signup.filter(person_id=helper.id).count() == 1


async def test_two_people_posting_for_the_last_place_at_once_exactly_one_gets_it(
    settings: Settings, db: str
) -> None:
    fair, boss, people = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), needed=1)
    async with _browsers_for(settings, people) as browsers:
        responses = await asyncio.gather(*(_sign_up(b, fair.id, shift.id) for b in browsers))

    assert sorted(r.status_code for r in responses) == [303, 422]
    loser = next(r for r in responses if r.status_code == 422)
    assert "waiting list" in error_messages(loser)["sign-up"]
    assert "Join the waiting list" in loser.text
    assert await Signup.filter(shift_id=shift.id).count() == 1


async def test_six_people_posting_for_two_places_at_once_fill_them_exactly(
    settings: Settings, db: str
) -> None:
    fair, boss, people = await factories.light_fair_with(*[Role.VOLUNTEER] * 6)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), needed=2)
    async with _browsers_for(settings, people) as browsers:
        responses = await asyncio.gather(*(_sign_up(b, fair.id, shift.id) for b in browsers))
        # Each one who lost can join the waiting list from the page they were shown.
        losers = [b for b, r in zip(browsers, responses, strict=True) if r.status_code == 422]
        for b in losers:
            url = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/waiting-list"
            assert (await b.post(url)).status_code == 303

    assert sorted(r.status_code for r in responses) == [303, 303, 422, 422, 422, 422]
    places = await Signup.filter(shift_id=shift.id).values_list("place", flat=True)
    assert sorted(int(str(p)) for p in places) == [1, 2]
    assert await WaitlistEntry.filter(shift_id=shift.id).count() == 4


async def test_the_waiting_list_offer_link_works_once_and_expires(
    browser: Browser, db: str
) -> None:
    fair, boss, (first, second) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), needed=1)
    await Signup.create(shift=shift, person=first, place=1)
    await _signed_in(browser, second)
    joined = await browser.post(f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/waiting-list")
    assert joined.status_code == 303
    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})

    await _signed_in(browser, first)
    await browser.post(f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/withdraw")
    link = links_in((await OutboxMessage.get(to_address=second.email)).body)[0]
    path = httpx.URL(link).path
    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, second)

    page = await browser.get(path)
    assert page.status_code == 200
    assert "A place is free" in page.text
    await WaitlistEntry.filter(person_id=second.id).update(
        offer_expires_at=now() - timedelta(seconds=1)
    )
    expired = await browser.post(path)
    assert expired.status_code == 410
    assert not await Signup.exists(shift_id=shift.id)

    await WaitlistEntry.filter(person_id=second.id).update(
        offer_expires_at=now() + timedelta(hours=1)
    )
    assert (await browser.post(path)).status_code == 303
    assert await Signup.exists(shift_id=shift.id, person_id=second.id)
    assert (await browser.get(path)).status_code == 410


async def test_a_volunteer_cannot_put_someone_else_on_a_shift(browser: Browser, db: str) -> None:
    fair, boss, (helper, other) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss))
    await _signed_in(browser, helper)

    response = await browser.post(
        f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/sign-up", {"person": str(other.id)}
    )
    assert response.status_code == 403
    response = await browser.post(
        f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/assign", {"person": str(other.id)}
    )
    assert response.status_code == 403
    assert not await Signup.exists(shift_id=shift.id)


async def test_an_organiser_over_fills_only_with_a_reason(browser: Browser, db: str) -> None:
    fair, boss, (helper, other) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), needed=1)
    await Signup.create(shift=shift, person=other, place=1)
    await _signed_in(browser, boss)
    url = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/assign"

    refused = await browser.post(url, {"person": str(helper.id)})
    assert refused.status_code == 422
    assert "full" in error_messages(refused)["person"]
    done = await browser.post(url, {"person": str(helper.id), "reason": "Shadowing"})
    assert done.status_code == 303
    assert (await Signup.get(person_id=helper.id)).over_fill_reason == "Shadowing"


async def test_a_co_planner_drafts_a_role_and_an_organiser_approves_it(
    browser: Browser, db: str
) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    await _signed_in(browser, planner)
    bad = await browser.post(
        f"/fairs/{fair.id}/volunteering/roles/new",
        {"title": "", "people_needed": "0", "purpose": "Help people"},
    )
    assert bad.status_code == 422
    assert set(error_messages(bad)) == {"title", "people_needed"}
    assert field_value(bad, "purpose") == "Help people"
    made = await browser.post(
        f"/fairs/{fair.id}/volunteering/roles/new", {"title": "Runner", "people_needed": "2"}
    )
    assert made.status_code == 303
    role_path = made.headers["location"]
    assert (await browser.post(role_path + "/approve")).status_code == 403

    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, boss)
    assert (await browser.post(role_path + "/approve")).status_code == 303
    page = await browser.get(role_path)
    assert "Version 2: approved" in page.text


async def test_shift_form_refuses_end_before_start_and_keeps_what_was_typed(
    browser: Browser, db: str
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    role = await vf.active_role(fair, boss)
    await _signed_in(browser, boss)
    url = f"/fairs/{fair.id}/volunteering/roles/{role.id}/shifts/new"
    data = {
        "day": "12",
        "month": "6",
        "year": "2027",
        "start_time": "2pm",
        "end_time": "1pm",
        "people_needed": "2",
    }
    response = await browser.post(url, data)
    assert response.status_code == 422
    assert error_messages(response) == {"end_time": "The end time must be after the start time"}
    assert field_value(response, "start_time") == "2pm"
    response = await browser.post(url, {**data, "end_time": "4pm"})
    assert response.status_code == 303


async def test_the_coverage_board_shows_gaps_in_words_for_organisers_only(
    browser: Browser, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await vf.shift(fair, await vf.active_role(fair, boss), needed=3)
    await _signed_in(browser, helper)
    assert (await browser.get(f"/fairs/{fair.id}/volunteering/coverage")).status_code == 403
    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, boss)
    page = await browser.get(f"/fairs/{fair.id}/volunteering/coverage")
    assert page.status_code == 200
    assert "3 places still to fill." in page.text
    assert "3 to fill" in page.text


async def test_a_waiting_list_offer_goes_by_each_persons_own_channel(
    browser: Browser, db: str
) -> None:
    fair, boss, (first, texter, caller) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    await Person.filter(id=texter.id).update(
        contact_channel=ContactChannel.TEXT, phone="07700 900123"
    )
    await Person.filter(id=caller.id).update(
        contact_channel=ContactChannel.PHONE, phone="01632 960 222"
    )
    role = await vf.active_role(fair, boss)
    morning = await vf.shift(fair, role, 10, needed=1)
    afternoon = await vf.shift(fair, role, 13, needed=1)
    for shift in (morning, afternoon):
        await Signup.create(shift=shift, person=first, place=1)
    for person, shift in ((texter, morning), (caller, afternoon)):
        await _signed_in(browser, person)
        url = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/waiting-list"
        assert (await browser.post(url)).status_code == 303
        await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})

    await _signed_in(browser, first)
    for shift in (morning, afternoon):
        url = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/withdraw"
        assert (await browser.post(url)).status_code == 303

    # The texter's offer is a queued text to their phone, with the link; no e-mail.
    text = await ContactMessage.get(person_id=texter.id)
    assert (text.channel, text.address, text.kind) == (
        ContactChannel.TEXT,
        "07700 900123",
        "shift_offer",
    )
    assert "/shift-offers/" in text.body
    assert not await OutboxMessage.exists(to_address=texter.email)
    # The person who asked for phone calls is on the organisers' list to phone.
    call = await ContactMessage.get(person_id=caller.id)
    assert (call.channel, call.address) == (ContactChannel.PHONE, "01632 960 222")
    assert not await OutboxMessage.exists(to_address=caller.email)
    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, boss)
    page = await browser.get(f"/fairs/{fair.id}/contact-list")
    assert caller.name in page.text
    assert "A place is free: Welcome desk" in page.text
