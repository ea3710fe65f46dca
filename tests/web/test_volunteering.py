"""Volunteering over HTTP: every sign-up rule, the race for the last place, the waiting-list
offer and its expiry, roles and shifts with bad input, and who may do what."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from fairplanner.app import create_app
from fairplanner.models import (
    Briefing,
    ContactMessage,
    Contribution,
    Decision,
    Fair,
    FollowUp,
    OutboxMessage,
    Person,
    Proposal,
    Shift,
    Signup,
    VolunteerLimit,
    VolunteerRole,
    WaitlistEntry,
)
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.models.planning import Method, Topic
from fairplanner.models.rewards import Activity
from fairplanner.models.volunteering import RoleStatus
from fairplanner.services import volunteering
from fairplanner.services.clock import now
from fairplanner.settings import Settings
from tests import factories
from tests import volunteering_factories as vf
from tests.helpers import Browser, error_messages, field_value, links_in, soup, text_of


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


async def _signed_up(browser: Browser) -> tuple[Fair, Shift, Person]:
    """A volunteer, signed in, who has just signed up to a shift."""
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss))
    await _signed_in(browser, helper)
    assert (await _sign_up(browser, fair.id, shift.id)).status_code == 303
    return fair, shift, helper


async def test_a_volunteer_signs_up_sees_the_shift_in_their_list_and_withdraws(
    browser: Browser, db: str
) -> None:
    fair, shift, _ = await _signed_up(browser)
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


async def test_when_the_group_decides_on_roles_approval_needs_their_decision(
    browser: Browser, db: str
) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    opens = now() - timedelta(days=8)
    proposal = await Proposal.create(
        fair=fair,
        topic=Topic.ROLES,
        title="Which volunteer roles do we need?",
        method=Method.CONSENT,
        opens_at=opens,
        closes_at=opens + timedelta(days=7),
        created_by=planner,
    )
    role = await volunteering.draft_role(
        fair=fair, details=volunteering.RoleDetails(title="Runner"), by=planner
    )
    await _signed_in(browser, boss)
    role_path = f"/fairs/{fair.id}/volunteering/roles/{role.id}"

    refused = await browser.post(role_path + "/approve")
    assert refused.status_code == 422
    assert error_messages(refused) == {
        "decision": "The group is deciding on roles. Choose the decision that approved this role."
    }
    assert (await VolunteerRole.get(id=role.id)).status == RoleStatus.DRAFT

    decision = await Decision.create(fair=fair, proposal=proposal, outcome="Runners and guides")
    page = await browser.get(role_path)
    assert "Which volunteer roles do we need?: Runners and guides" in text_of(page)
    done = await browser.post(role_path + "/approve", {"decision": str(decision.id)})
    assert done.status_code == 303
    approved = await VolunteerRole.get(id=role.id)
    assert (approved.status, approved.approved_how) == (
        RoleStatus.ACTIVE,
        f"decision:{decision.id}",
    )


async def test_a_volunteer_cannot_withdraw_past_the_cut_off_but_an_organiser_can(
    browser: Browser, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    soon = await volunteering.add_shift(
        fair=fair,
        role=await vf.active_role(fair, boss),
        starts_at=now() + timedelta(hours=3),
        ends_at=now() + timedelta(hours=5),
        people_needed=2,
    )
    await _signed_in(browser, helper)
    assert (await _sign_up(browser, fair.id, soon.id)).status_code == 303
    url = f"/fairs/{fair.id}/volunteering/shifts/{soon.id}/withdraw"

    refused = await browser.post(url)
    assert refused.status_code == 422
    assert error_messages(refused) == {
        "sign-up": "It is too close to the shift to withdraw here. "
        "Please phone or tell an organiser."
    }
    assert await Signup.exists(shift_id=soon.id, person_id=helper.id)

    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, boss)
    assert (await browser.post(url, {"person": str(helper.id)})).status_code == 303
    assert not await Signup.exists(shift_id=soon.id)


async def test_marking_attendance_gives_hours_or_a_welfare_check_never_a_penalty(
    browser: Browser, db: str
) -> None:
    fair, boss, (came, missed) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), 10, hours=3)
    yes = await Signup.create(shift=shift, person=came, place=1)
    no = await Signup.create(shift=shift, person=missed, place=2)
    base = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/signups"

    await _signed_in(browser, came)
    assert (
        await browser.post(f"{base}/{yes.id}/attendance", {"attended": "yes"})
    ).status_code == 403
    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, boss)
    assert (
        await browser.post(f"{base}/{yes.id}/attendance", {"attended": "yes"})
    ).status_code == 303
    assert (await browser.post(f"{base}/{no.id}/attendance", {"attended": "no"})).status_code == 303

    given = await Contribution.get(person_id=came.id)
    assert (given.minutes, given.activity, given.recorded_by_id) == (  # type: ignore[attr-defined]
        180,
        Activity.SHIFT,
        boss.id,
    )
    assert not await Contribution.exists(person_id=missed.id)
    thanks = await OutboxMessage.get(to_address=came.email)
    assert thanks.subject == "Thank you for your Welcome desk shift"
    assert "We have recorded 3 hours for you." in thanks.body
    assert not await OutboxMessage.exists(to_address=missed.email)
    follow_up = await FollowUp.get(person_id=missed.id)
    assert "Check they are all right" in follow_up.reason
    page = await browser.get(f"/fairs/{fair.id}/volunteering/shifts/{shift.id}")
    assert "did not come (welfare check listed)" in text_of(page)


async def test_a_shift_overlapping_another_of_the_same_role_is_refused_with_nothing_written(
    browser: Browser, db: str
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    role = await vf.active_role(fair, boss)
    await vf.shift(fair, role, 10, hours=2)
    await _signed_in(browser, boss)
    data = {"day": "12", "month": "6", "year": "2027", "people_needed": "2"}
    url = f"/fairs/{fair.id}/volunteering/roles/{role.id}/shifts/new"

    response = await browser.post(url, {**data, "start_time": "11am", "end_time": "1pm"})
    assert response.status_code == 422
    assert error_messages(response) == {
        "start_time": "This role already has a shift at that time. Change its numbers instead."
    }
    too_long = await browser.post(
        url, {**data, "start_time": "1pm", "end_time": "12pm", "people_needed": "0"}
    )
    assert too_long.status_code == 422
    assert await Shift.filter(role_id=role.id).count() == 1


@pytest.mark.parametrize("person", ["³", "9" * 30])
async def test_withdrawing_with_a_person_number_that_is_not_one_is_answered_not_a_crash(
    browser: Browser, db: str, person: str
) -> None:
    # Hypothesis drew both: "³" passes str.isdigit() but int() refuses it, and a 30-digit
    # number overflowed SQLite's integer.
    fair, shift, helper = await _signed_up(browser)

    url = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/withdraw"
    response = await browser.post(url, {"person": person, "reason": "13"})

    assert response.status_code == 404
    assert "You are not on this shift" in response.text
    assert await Signup.exists(shift_id=shift.id, person_id=helper.id)
