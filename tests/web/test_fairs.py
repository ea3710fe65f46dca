"""Fairs over HTTP: the list, creating and editing one, and who may see which fair."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fairplanner.models import Fair, Membership
from fairplanner.models.enums import Phase, Role
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value, text_of

GOOD_FAIR: dict[str, Any] = {
    "title": "Summer Opportunities Fair",
    "summary": "Jobs, courses and things to do, with quiet space.",
    "easy_read_summary": "Find jobs. Find courses.",
    "day": "12",
    "month": "6",
    "year": "2027",
    "start_time": "10am",
    "end_time": "3:30pm",
    "phase": "planning",
}


async def _signed_in_organiser(browser: Browser) -> tuple[Fair, Any]:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)
    return fair, organiser


async def test_fair_list_needs_sign_in(browser: Browser) -> None:
    response = await browser.get("/fairs/")

    assert response.status_code == 303
    assert response.headers["location"].endswith("/sign-in?next=/fairs/")


async def test_fair_list_shows_only_the_fairs_a_person_takes_part_in(browser: Browser) -> None:
    mine, _, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    hillside, other_boss = await factories.light_organiser("Hillside Council")
    await factories.fair(by=other_boss, organisation=hillside, title="Hillside Careers Day")
    await browser.sign_in(planner.email, PASSWORD)

    response = await browser.get("/fairs/")

    assert response.status_code == 200
    assert mine.title in response.text
    assert "Hillside Careers Day" not in response.text
    assert "Create a fair" not in text_of(response)  # only organisation admins create fairs


async def test_organiser_creates_a_fair_and_becomes_its_organiser(browser: Browser) -> None:
    _, organiser = await _signed_in_organiser(browser)

    response = await browser.post("/fairs/new", GOOD_FAIR)

    assert response.status_code == 303
    fair = await Fair.get(title="Summer Opportunities Fair")
    assert response.headers["location"].endswith(f"/fairs/{fair.id}")
    london = ZoneInfo("Europe/London")
    assert fair.starts_at == datetime(2027, 6, 12, 10, 0, tzinfo=london)
    assert fair.ends_at == datetime(2027, 6, 12, 15, 30, tzinfo=london)
    membership = await Membership.get(fair_id=fair.id, person_id=organiser.id)
    assert membership.role == Role.ORGANISER
    home = await browser.get(response.headers["location"])
    assert "The fair is created." in home.text
    assert "Saturday 12 June 2027, 10:00am to 3:30pm" in text_of(home)


async def test_create_fair_with_bad_input_explains_each_field_and_saves_nothing(
    browser: Browser,
) -> None:
    await _signed_in_organiser(browser)
    typed = {
        **GOOD_FAIR,
        "title": "",
        "summary": "Still here after the error",
        "day": "31",
        "month": "2",
        "year": "2027",
        "start_time": "lunchtime",
        "end_time": "",
    }

    response = await browser.post("/fairs/new", typed)

    assert response.status_code == 422
    assert error_messages(response) == {
        "title": "Enter the name of the fair",
        "day": "The date must be a real date",
        "start_time": "Start time must be a time, like 10am or 14:30",
        "end_time": "Enter an end time",
    }
    assert field_value(response, "summary") == "Still here after the error"
    assert field_value(response, "day") == "31"
    assert field_value(response, "start_time") == "lunchtime"
    assert await Fair.all().count() == 1  # only the fair made in Arrange


async def test_create_fair_that_ends_before_it_starts_is_refused(browser: Browser) -> None:
    await _signed_in_organiser(browser)

    response = await browser.post("/fairs/new", {**GOOD_FAIR, "end_time": "9am"})

    assert response.status_code == 422
    assert error_messages(response) == {"end_time": "The fair must end after it starts."}
    assert field_value(response, "title") == GOOD_FAIR["title"]
    assert not await Fair.exists(title=GOOD_FAIR["title"])


async def test_create_fair_with_a_year_too_big_for_a_date_is_refused(browser: Browser) -> None:
    await _signed_in_organiser(browser)

    response = await browser.post("/fairs/new", {**GOOD_FAIR, "year": "9" * 20})

    assert response.status_code == 422
    assert "day" in error_messages(response) or "year" in error_messages(response)
    assert not await Fair.exists(title=GOOD_FAIR["title"])


async def test_create_fair_with_a_year_in_words_asks_for_numbers(browser: Browser) -> None:
    await _signed_in_organiser(browser)

    response = await browser.post("/fairs/new", {**GOOD_FAIR, "year": "next year"})

    assert response.status_code == 422
    assert "year" in error_messages(response)
    assert field_value(response, "year") == "next year"


async def test_only_organisation_admins_can_create_a_fair(browser: Browser) -> None:
    _, _, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    await browser.sign_in(planner.email, PASSWORD)

    page = await browser.get("/fairs/new")
    posted = await browser.post("/fairs/new", GOOD_FAIR)

    assert page.status_code == 403
    assert posted.status_code == 403
    assert not await Fair.exists(title=GOOD_FAIR["title"])


async def test_organiser_edits_the_fair_details(browser: Browser) -> None:
    fair, _ = await _signed_in_organiser(browser)
    form = await browser.get(f"/fairs/{fair.id}/edit")

    response = await browser.post(
        f"/fairs/{fair.id}/edit", {**GOOD_FAIR, "title": "Autumn Fair", "phase": "published"}
    )

    assert field_value(form, "title") == fair.title
    assert field_value(form, "start_time") == "10:00"
    assert response.status_code == 303
    stored = await Fair.get(id=fair.id)
    assert (stored.title, stored.phase) == ("Autumn Fair", Phase.PUBLISHED)


async def test_edit_fair_with_bad_input_changes_nothing(browser: Browser) -> None:
    fair, _ = await _signed_in_organiser(browser)

    response = await browser.post(
        f"/fairs/{fair.id}/edit", {**GOOD_FAIR, "title": "", "phase": "someday"}
    )

    assert response.status_code == 422
    assert set(error_messages(response)) == {"title", "phase"}
    assert (await Fair.get(id=fair.id)).title == fair.title


@pytest.mark.parametrize("role", [Role.CO_PLANNER, Role.VOLUNTEER, Role.EXHIBITOR])
async def test_members_who_are_not_organisers_cannot_edit_the_fair(
    browser: Browser, role: Role
) -> None:
    fair, _, (member,) = await factories.light_fair_with(role)
    await browser.sign_in(member.email, PASSWORD)

    page = await browser.get(f"/fairs/{fair.id}/edit")
    posted = await browser.post(f"/fairs/{fair.id}/edit", {**GOOD_FAIR, "title": "Hijacked"})

    assert page.status_code == 403
    assert posted.status_code == 403
    assert "You do not have permission to do that." in text_of(posted)
    assert (await Fair.get(id=fair.id)).title == fair.title


async def test_member_sees_the_fair_home_page(browser: Browser) -> None:
    fair, _, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    await browser.sign_in(planner.email, PASSWORD)

    response = await browser.get(f"/fairs/{fair.id}")

    assert response.status_code == 200
    assert fair.title in response.text
    assert "Co-planner" in text_of(response)
    assert f"/fairs/{fair.id}/edit" not in response.text  # no link they cannot use


async def test_organiser_of_another_organisation_gets_403_not_404(browser: Browser) -> None:
    fair, _, _ = await factories.light_fair_with()
    _, outsider = await factories.light_organiser("Hillside Council")
    await browser.sign_in(outsider.email, PASSWORD)

    response = await browser.get(f"/fairs/{fair.id}")

    assert response.status_code == 403
    assert "Only people taking part in this fair can see it." in text_of(response)
    assert fair.title not in response.text


async def test_fair_that_does_not_exist_gets_404(browser: Browser) -> None:
    fair, _ = await _signed_in_organiser(browser)

    response = await browser.get(f"/fairs/{fair.id + 999}")

    assert response.status_code == 404
    assert "Page not found" in response.text
