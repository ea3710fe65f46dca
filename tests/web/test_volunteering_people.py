"""Organisers over HTTP: recording who has had a role's briefing (so the briefing rule lets
them sign up), taking it back, and moving people between shifts with the rules applied."""

from __future__ import annotations

from fairplanner.models import Briefing, Signup, WaitlistEntry
from fairplanner.models.enums import Role
from fairplanner.models.volunteering import WaitStatus
from fairplanner.services import signups
from fairplanner.settings import Settings
from tests import factories
from tests import volunteering_factories as vf
from tests.helpers import Browser, error_messages, field_value, new_browser, soup, text_of


async def _signed_in(browser: Browser, person: object) -> Browser:
    await browser.sign_in(person.email, factories.PASSWORD)  # type: ignore[attr-defined]
    return browser


async def test_an_organiser_records_a_briefing_and_the_volunteer_can_then_sign_up(
    browser: Browser, settings: Settings, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    role = await vf.active_role(fair, boss, "First aid", needs_briefing=True)
    shift = await vf.shift(fair, role)
    sign_up = f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/sign-up"
    async with new_browser(settings) as volunteer:
        await _signed_in(volunteer, helper)
        refused = await volunteer.post(sign_up)
        assert refused.status_code == 422
        assert error_messages(refused)["sign-up"].startswith("This role needs a short briefing")

        await _signed_in(browser, boss)
        role_page = await browser.get(f"/fairs/{fair.id}/volunteering/roles/{role.id}")
        link = soup(role_page).find("a", string="Who has had the briefing")
        assert link is not None
        url = str(link["href"])
        page = await browser.get(url)
        assert page.status_code == 200
        assert "Nobody yet." in text_of(page)
        assert (await browser.post(url, {"person": str(helper.id)})).status_code == 303

        page = await browser.get(url)
        briefed = soup(page).select_one("#briefed + ul")
        assert briefed is not None
        assert helper.name in briefed.get_text()
        assert f"by {boss.name}" in briefed.get_text()
        assert (await Briefing.get(role_id=role.id, person_id=helper.id)).recorded_by_id == boss.id  # type: ignore[attr-defined]

        assert (await volunteer.post(sign_up)).status_code == 303
        assert await Signup.exists(shift_id=shift.id, person_id=helper.id)


async def test_a_briefing_can_be_taken_back_and_then_the_rule_refuses_again(
    browser: Browser, settings: Settings, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    role = await vf.active_role(fair, boss, "First aid", needs_briefing=True)
    shift = await vf.shift(fair, role)
    briefing = await Briefing.create(role=role, person=helper, recorded_by=boss)
    await _signed_in(browser, boss)
    url = f"/fairs/{fair.id}/volunteering/roles/{role.id}/briefings"

    undone = await browser.post(f"{url}/{briefing.id}/undo")
    assert undone.status_code == 303
    assert not await Briefing.exists(role_id=role.id)
    again = await browser.post(f"{url}/{briefing.id}/undo")
    assert again.status_code == 404

    async with new_browser(settings) as volunteer:
        await _signed_in(volunteer, helper)
        refused = await volunteer.post(f"/fairs/{fair.id}/volunteering/shifts/{shift.id}/sign-up")
        assert refused.status_code == 422
        assert not await Signup.exists(shift_id=shift.id)


async def test_briefing_bad_input_is_refused_with_nothing_written(
    browser: Browser, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    _, _, (stranger,) = await factories.light_fair_with(Role.VOLUNTEER)
    role = await vf.active_role(fair, boss, "First aid", needs_briefing=True)
    await _signed_in(browser, boss)
    url = f"/fairs/{fair.id}/volunteering/roles/{role.id}/briefings"

    empty = await browser.post(url, {})
    assert empty.status_code == 422
    assert error_messages(empty) == {"person": "Choose a person"}
    outsider = await browser.post(url, {"person": str(stranger.id)})
    assert outsider.status_code == 422
    assert "person" in error_messages(outsider)
    assert await Briefing.all().count() == 0

    await Briefing.create(role=role, person=helper, recorded_by=boss)
    twice = await browser.post(url, {"person": str(helper.id)})
    assert twice.status_code == 422
    assert await Briefing.all().count() == 1
    # Someone who has had it is no longer offered in the list.
    page = await browser.get(url)
    assert soup(page).find("input", attrs={"name": "person", "value": str(helper.id)}) is None
    # Someone from another fair cannot see or change this list.
    await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await _signed_in(browser, stranger)
    assert (await browser.get(url)).status_code == 403
    assert (await browser.post(url, {"person": str(helper.id)})).status_code == 403


async def test_only_organisers_see_and_change_briefings(browser: Browser, db: str) -> None:
    fair, boss, (helper, planner) = await factories.light_fair_with(Role.VOLUNTEER, Role.CO_PLANNER)
    role = await vf.active_role(fair, boss, "First aid", needs_briefing=True)
    briefing = await Briefing.create(role=role, person=helper, recorded_by=boss)
    url = f"/fairs/{fair.id}/volunteering/roles/{role.id}/briefings"
    for person in (helper, planner):
        await _signed_in(browser, person)
        assert (await browser.get(url)).status_code == 403
        assert (await browser.post(url, {"person": str(person.id)})).status_code == 403
        assert (await browser.post(f"{url}/{briefing.id}/undo")).status_code == 403
        await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    assert await Briefing.filter(role_id=role.id).count() == 1


async def test_an_organiser_moves_someone_from_the_shift_page_with_a_reason(
    browser: Browser, db: str
) -> None:
    fair, boss, (a, b, waiting) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    role = await vf.active_role(fair, boss)
    morning = await vf.shift(fair, role, 10, needed=2)
    afternoon = await vf.shift(fair, role, 13, needed=2)
    await signups.sign_up(shift=morning, person=a)
    await signups.sign_up(shift=morning, person=b)
    await signups.join_waitlist(shift=morning, person=waiting)
    signup = await Signup.get(shift_id=morning.id, person_id=a.id)
    await _signed_in(browser, boss)

    page = await browser.get(f"/fairs/{fair.id}/volunteering/shifts/{morning.id}")
    link = soup(page).find("a", href=lambda h: bool(h and h.endswith(f"/{signup.id}/move")))
    assert link is not None
    url = str(link["href"])
    form = await browser.get(url)
    assert form.status_code == 200
    assert "Welcome desk, Saturday 12 June, 1:00pm (2 of 2 free)" in text_of(form)

    no_reason = await browser.post(url, {"to": str(afternoon.id), "reason": "  "})
    assert no_reason.status_code == 422
    assert error_messages(no_reason) == {"reason": "Say why they are moving"}
    no_shift = await browser.post(url, {"reason": "Asked for later"})
    assert error_messages(no_shift) == {"to": "Choose the shift to move them to"}
    assert field_value(no_shift, "reason") == "Asked for later"
    assert await Signup.exists(id=signup.id, shift_id=morning.id)

    done = await browser.post(url, {"to": str(afternoon.id), "reason": "Asked for later"})
    assert done.status_code == 303
    moved = await Signup.get(person_id=a.id)
    assert moved.shift_id == afternoon.id  # type: ignore[attr-defined]
    assert moved.move_reason.endswith(": Asked for later")
    assert moved.assigned_by_id == boss.id  # type: ignore[attr-defined]
    shown = await browser.get(done.headers["location"])
    assert "Asked for later" in text_of(shown)
    # The freed morning place went to the first person waiting.
    offer = await WaitlistEntry.get(shift_id=morning.id, person_id=waiting.id)
    assert offer.status == WaitStatus.OFFERED


async def test_a_move_follows_the_sign_up_rules_and_over_fills_only_when_asked(
    browser: Browser, db: str
) -> None:
    fair, boss, (a, b) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    role = await vf.active_role(fair, boss)
    briefed_role = await vf.active_role(fair, boss, "First aid", needs_briefing=True)
    morning = await vf.shift(fair, role, 10, needed=1)
    full = await vf.shift(fair, role, 13, needed=1)
    first_aid = await vf.shift(fair, briefed_role, 15, needed=1)
    await signups.sign_up(shift=morning, person=a)
    await signups.sign_up(shift=full, person=b)
    signup = await Signup.get(person_id=a.id)
    url = f"/fairs/{fair.id}/volunteering/shifts/{morning.id}/signups/{signup.id}/move"
    await _signed_in(browser, boss)

    refused = await browser.post(url, {"to": str(full.id), "reason": "Friend is there"})
    assert refused.status_code == 422
    assert error_messages(refused) == {"to": "This shift is full. You can join the waiting list."}
    briefing = await browser.post(url, {"to": str(first_aid.id), "reason": "Trained nurse"})
    assert error_messages(briefing)["to"].startswith("This role needs a short briefing")
    same = await browser.post(url, {"to": str(morning.id), "reason": "No change"})
    assert same.status_code == 422  # not one of the choices offered
    assert await Signup.exists(id=signup.id, shift_id=morning.id)

    over = await browser.post(
        url, {"to": str(full.id), "reason": "Friend is there", "over_fill": "y"}
    )
    assert over.status_code == 303
    moved = await Signup.get(person_id=a.id)
    assert (moved.shift_id, moved.place) == (full.id, 2)  # type: ignore[attr-defined]
    assert moved.over_fill_reason == "Friend is there"


async def test_only_organisers_can_move_people(browser: Browser, db: str) -> None:
    fair, boss, (a, planner) = await factories.light_fair_with(Role.VOLUNTEER, Role.CO_PLANNER)
    role = await vf.active_role(fair, boss)
    morning = await vf.shift(fair, role, 10)
    afternoon = await vf.shift(fair, role, 13)
    await signups.sign_up(shift=morning, person=a)
    signup = await Signup.get(person_id=a.id)
    url = f"/fairs/{fair.id}/volunteering/shifts/{morning.id}/signups/{signup.id}/move"
    for person in (a, planner):
        await _signed_in(browser, person)
        assert (await browser.get(url)).status_code == 403
        moved = await browser.post(url, {"to": str(afternoon.id), "reason": "Mine"})
        assert moved.status_code == 403
        await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    assert await Signup.exists(id=signup.id, shift_id=morning.id)
