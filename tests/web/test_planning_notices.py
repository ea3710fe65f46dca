"""Planning messages over HTTP: choosing how often on the account page, and a proposal raised
and a task set through the pages reaching people by their chosen way."""

from __future__ import annotations

from fairplanner.models import NoticePreference, OutboxMessage
from fairplanner.models.enums import Role
from fairplanner.services import planning_notices
from fairplanner.services.clock import now
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, soup
from tests.web.planning_setup import proposal_form


async def test_a_person_chooses_every_message_on_their_account_page(
    browser: Browser, db: str
) -> None:
    _fair, _boss, (carer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await browser.sign_in(carer.email or "", PASSWORD)

    before = await browser.get("/account")
    saved = await browser.post("/account", {"part": "planning_messages", "how_often": "every"})
    after = await browser.get("/account")
    back = await browser.post("/account", {"part": "planning_messages", "how_often": "digest"})

    checked = soup(before).select_one('input[name="how_often"][checked]')
    assert checked is not None
    assert checked["value"] == "digest"  # one a day unless they ask
    assert saved.status_code == 303
    now_checked = soup(after).select_one('input[name="how_often"][checked]')
    assert now_checked is not None
    assert now_checked["value"] == "every"
    assert back.status_code == 303
    assert not (await NoticePreference.get(person_id=carer.id)).every_message


async def test_a_missing_choice_is_refused_and_nothing_changes(browser: Browser, db: str) -> None:
    _fair, _boss, (carer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await browser.sign_in(carer.email or "", PASSWORD)

    refused = await browser.post("/account", {"part": "planning_messages", "how_often": "hourly"})

    assert refused.status_code == 422
    assert error_messages(refused) == {"how_often": "Choose how often we should tell you"}
    assert not await NoticePreference.exists(person_id=carer.id)


async def test_a_proposal_and_a_task_made_on_the_pages_reach_people(
    browser: Browser, db: str
) -> None:
    fair, _boss, (planner, carer) = await factories.light_fair_with(Role.CO_PLANNER, Role.VOLUNTEER)
    await planning_notices.set_every_message(person=carer, every_message=True)
    await browser.sign_in(planner.email or "", PASSWORD)

    await browser.post(f"/fairs/{fair.id}/proposals/new", proposal_form())
    await browser.post(
        f"/fairs/{fair.id}/tasks/new", {"title": "Book the hall", "owner": str(carer.id)}
    )
    await planning_notices.send_due(base_url="http://fair.test", at=now())

    subjects = [
        m.subject for m in await OutboxMessage.filter(to_address=carer.email).order_by("id")
    ]
    assert subjects == ["Something new to vote on", "A task for you"]
