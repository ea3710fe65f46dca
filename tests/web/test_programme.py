"""The programme of the day and the stalls over HTTP: who may change what, filters, bad input."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fairplanner.models import AgendaItem, Opportunity, Stall
from fairplanner.models.enums import Phase, Role
from fairplanner.models.stalls import OpportunityKind
from fairplanner.services import programme
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value

LONDON = ZoneInfo("Europe/London")


async def test_a_co_planner_adds_an_agenda_item_on_the_fairs_day(browser: Browser, db: str) -> None:
    fair, _, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    await browser.sign_in(planner.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/programme/new",
        {
            "title": "Welcome talk",
            "start_time": "11am",
            "end_time": "11:20",
            "place": "Main hall",
            "access_features": ["bsl", "hearing_loop"],
        },
    )

    assert response.status_code == 303
    item = await AgendaItem.get(fair_id=fair.id)
    assert item.starts_at == datetime(2027, 6, 12, 11, 0, tzinfo=LONDON)
    assert item.feature_list == ["bsl", "hearing_loop"]
    page = await browser.get(f"/fairs/{fair.id}/programme")
    assert "11:00am to 11:20am: Welcome talk" in page.text
    assert "BSL interpreted" in page.text


async def test_an_agenda_item_ending_before_it_starts_is_refused(browser: Browser, db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    await browser.sign_in(boss.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/programme/new",
        {"title": "Lunch", "start_time": "2pm", "end_time": "1pm"},
    )
    typo = await browser.post(
        f"/fairs/{fair.id}/programme/new", {"title": "", "start_time": "noonish", "end_time": "1"}
    )

    assert response.status_code == 422
    assert error_messages(response) == {"end_time": "The end must be after the start"}
    assert field_value(response, "title") == "Lunch"
    assert error_messages(typo) == {
        "title": "Say what happens",
        "start_time": "Start time must be a time, like 10am or 14:30",
    }
    assert await AgendaItem.all().count() == 0


async def test_volunteers_see_the_programme_but_cannot_change_it(browser: Browser, db: str) -> None:
    fair, _, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await browser.sign_in(volunteer.email or "", PASSWORD)

    assert (await browser.get(f"/fairs/{fair.id}/programme")).status_code == 200
    refused = await browser.post(
        f"/fairs/{fair.id}/programme/new",
        {"title": "Lunch", "start_time": "1pm", "end_time": "2pm"},
    )
    assert refused.status_code == 403
    assert await AgendaItem.all().count() == 0


async def test_an_exhibitor_edits_their_own_stall_and_not_anothers(
    browser: Browser, db: str
) -> None:
    fair, _, (grace, other) = await factories.light_fair_with(Role.EXHIBITOR, Role.EXHIBITOR)
    mine = await programme.add_stall(fair=fair, name="Riverside College", exhibitor=grace)
    theirs = await programme.add_stall(fair=fair, name="Job centre", exhibitor=other)
    await browser.sign_in(grace.email or "", PASSWORD)

    saved = await browser.post(
        f"/fairs/{fair.id}/stalls/{mine.id}",
        {"name": "Riverside College", "description": "Courses for adults."},
    )
    added = await browser.post(
        f"/fairs/{fair.id}/stalls/{mine.id}/opportunities",
        {"opportunity-kind": "course", "opportunity-title": "Intro to cooking"},
    )
    refused = await browser.post(f"/fairs/{fair.id}/stalls/{theirs.id}", {"name": "Taken over"})

    assert saved.status_code == 303
    assert added.status_code == 303
    assert refused.status_code == 403
    assert (await Stall.get(id=theirs.id)).name == "Job centre"
    assert await Opportunity.filter(stall_id=mine.id).count() == 1


async def test_an_opportunity_without_a_kind_is_refused_with_the_form_shown_again(
    browser: Browser, db: str
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    stall = await programme.add_stall(fair=fair, name="Community garden")
    await browser.sign_in(boss.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/stalls/{stall.id}/opportunities", {"opportunity-title": "Helper"}
    )

    assert response.status_code == 422
    assert error_messages(response) == {"opportunity-kind": "Choose what kind of opportunity it is"}
    assert field_value(response, "opportunity-title") == "Helper"


async def test_the_stall_list_filters_by_kind(browser: Browser, db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    college = await programme.add_stall(fair=fair, name="Riverside College")
    garden = await programme.add_stall(fair=fair, name="Community garden")
    await programme.add_opportunity(
        stall=college, by=boss, manager=True, kind=OpportunityKind.COURSE, title="Maths"
    )
    await programme.add_opportunity(
        stall=garden, by=boss, manager=True, kind=OpportunityKind.VOLUNTEERING, title="Helper"
    )
    await browser.sign_in(boss.email or "", PASSWORD)

    everything = await browser.get(f"/fairs/{fair.id}/programme")
    courses = await browser.get(f"/fairs/{fair.id}/programme?kind=course")
    nonsense = await browser.get(f"/fairs/{fair.id}/programme?kind=<b>")

    assert "Riverside College" in everything.text
    assert "Community garden" in everything.text
    assert "Riverside College" in courses.text
    assert "Community garden" not in courses.text
    assert nonsense.status_code == 200
    assert "Community garden" in nonsense.text


async def test_only_exhibitors_can_be_named_to_run_a_stall(browser: Browser, db: str) -> None:
    fair, boss, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await browser.sign_in(boss.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/stalls/new", {"name": "Garden", "exhibitor": str(volunteer.id)}
    )

    # The volunteer is not offered as a choice, so the form refuses the value.
    assert response.status_code == 422
    assert "exhibitor" in error_messages(response)
    assert await Stall.all().count() == 0


async def test_the_public_fair_page_shows_the_programme_and_filters_stalls(
    browser: Browser, db: str
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    await programme.add_agenda_item(
        fair=fair,
        draft=programme.AgendaDraft(
            title="Quiet hour",
            starts_at=datetime(2027, 6, 12, 10, 0, tzinfo=LONDON),
            ends_at=datetime(2027, 6, 12, 11, 0, tzinfo=LONDON),
            easy_read="The first hour is quiet.",
            access_features=("quiet",),
        ),
    )
    college = await programme.add_stall(fair=fair, name="Riverside College")
    garden = await programme.add_stall(fair=fair, name="Community garden")
    await programme.add_opportunity(
        stall=college, by=boss, manager=True, kind=OpportunityKind.JOB, title="Café assistant"
    )
    await programme.add_opportunity(
        stall=garden, by=boss, manager=True, kind=OpportunityKind.ACTIVITY, title="Gardening"
    )
    hidden = await browser.get(f"/events/{fair.id}")
    fair.phase = Phase.PUBLISHED
    await fair.save(update_fields=["phase"])

    page = await browser.get(f"/events/{fair.id}")
    jobs = await browser.get(f"/events/{fair.id}?kind=job")

    assert hidden.status_code == 404  # still being planned: not public yet
    assert page.status_code == 200
    assert "10:00am to 11:00am: Quiet hour" in page.text
    assert "Quiet space" in page.text
    assert "Community garden" in page.text
    assert "Riverside College" in jobs.text
    assert "Community garden" not in jobs.text
    assert "Change this stall" not in page.text
