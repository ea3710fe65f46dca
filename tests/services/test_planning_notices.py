"""Co-planning notifications with a real database: queued with the change that caused them,
sent by `send_due` through the shared messaging service (the outbox for e-mail, the people to
contact list for phone), one digest a day unless a person chose every message, and
closing-soon reminders never sent twice."""

from __future__ import annotations

from datetime import timedelta

from fairplanner.models import ContactMessage, OutboxMessage, PendingNotice, Person
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.models.planning import Method
from fairplanner.services import planning, planning_notices, tasks
from fairplanner.services.clock import now
from tests import factories
from tests.helpers import Browser, soup
from tests.web.planning_setup import open_proposal

BASE = "https://fair.example.org"


async def mail_to(person: Person) -> list[OutboxMessage]:
    return await OutboxMessage.filter(to_address=person.email).order_by("id")


async def test_a_digest_groups_several_items_into_one_message_once_a_day(db: str) -> None:
    fair, boss, (planner, carer) = await factories.light_fair_with(Role.CO_PLANNER, Role.VOLUNTEER)
    first = await open_proposal(fair, planner)
    await open_proposal(fair, boss, Method.SCORE, options=2)
    decision = await planning.close_proposal(
        proposal=first, by=planner, organiser=False, outcome="We start at 10am."
    )
    await tasks.create_task(
        fair=fair, title="Tell the bus company", by=planner, owner=carer, decision=decision
    )
    at = now()

    report = await planning_notices.send_due(base_url=BASE, at=at, digest_hour=0)
    again = await planning_notices.send_due(base_url=BASE, at=at, digest_hour=0)

    (digest,) = await mail_to(carer)
    assert digest.subject == f"4 things from planning {fair.title}"
    assert "suggested something for the group to decide: Start the day at 10am" in digest.body
    assert "The group decided about Start the day at 10am: We start at 10am." in digest.body
    assert "asked you to do this: Tell the bus company." in digest.body
    assert f"{BASE}/fairs/{fair.id}/decisions/{decision.id}" in digest.body
    # The proposer is not told about their own proposal or decision.
    (planner_digest,) = await mail_to(planner)
    assert f"/proposals/{first.id}\n" not in planner_digest.body
    assert "The group decided" not in planner_digest.body
    assert report.digests == 3  # the organiser, the co-planner and the carer
    assert again.digests == again.single_messages == 0

    # Something new the same day waits for tomorrow's digest: never two a day.
    await open_proposal(fair, boss, Method.DOT_VOTE, options=2)
    same_day = await planning_notices.send_due(base_url=BASE, at=at, digest_hour=0)
    next_day = await planning_notices.send_due(
        base_url=BASE, at=at + timedelta(days=1), digest_hour=0
    )

    assert same_day.digests == 0
    assert len(await mail_to(carer)) == 2
    assert next_day.digests == 2  # the co-planner and the carer; the organiser raised it
    assert await PendingNotice.filter(sent_at__isnull=True).count() == 0


async def test_before_the_digest_hour_nothing_is_sent(db: str) -> None:
    fair, boss, (carer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await open_proposal(fair, boss)

    report = await planning_notices.send_due(base_url=BASE, at=now(), digest_hour=24)

    assert report.digests == 0
    assert await mail_to(carer) == []
    assert await PendingNotice.filter(person_id=carer.id, sent_at__isnull=True).count() == 1


async def test_people_who_chose_every_message_get_one_message_each(db: str) -> None:
    fair, boss, (carer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await planning_notices.set_every_message(person=carer, every_message=True)
    await open_proposal(fair, boss)
    await open_proposal(fair, boss, Method.SCORE, options=2)
    await tasks.create_task(fair=fair, title="Print the posters", by=boss, owner=carer)

    report = await planning_notices.send_due(base_url=BASE, at=now(), digest_hour=24)
    again = await planning_notices.send_due(base_url=BASE, at=now(), digest_hour=24)

    messages = await mail_to(carer)
    assert [m.subject for m in messages] == [
        "Something new to vote on",
        "Something new to vote on",
        "A task for you",
    ]
    assert report.single_messages == 3
    assert again.single_messages == 0


async def test_closing_soon_is_sent_once_and_only_to_people_who_have_not_voted(db: str) -> None:
    fair, boss, (voter, waiting) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    for person in (voter, waiting):
        await planning_notices.set_every_message(person=person, every_message=True)
    proposal = await open_proposal(fair, boss)
    await planning.cast_vote(proposal=proposal, voter=voter, recorded_by=voter, stance="ok")
    await planning_notices.send_due(base_url=BASE, at=now(), digest_hour=24)  # "new proposal"
    soon = proposal.closes_at - timedelta(hours=20)

    early = await planning_notices.send_due(
        base_url=BASE, at=proposal.closes_at - timedelta(hours=30), digest_hour=24
    )
    first = await planning_notices.send_due(base_url=BASE, at=soon, digest_hour=24)
    second = await planning_notices.send_due(
        base_url=BASE, at=soon + timedelta(hours=1), digest_hour=24
    )

    assert early.reminders_queued == 0
    assert first.reminders_queued == 2  # the member waiting, and the organiser who raised it
    assert second.reminders_queued == 0
    reminders = [m for m in await mail_to(waiting) if m.subject == "A vote closes soon"]
    assert len(reminders) == 1
    assert "You have not voted yet." in reminders[0].body
    assert f"{BASE}/fairs/{fair.id}/proposals/{proposal.id}/vote" in reminders[0].body
    assert [m.subject for m in await mail_to(voter)] == ["Something new to vote on"]


async def test_people_contacted_by_phone_appear_on_the_contact_list(
    db: str, browser: Browser
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    caller = await factories.light_member(fair, Role.VOLUNTEER, email=False)
    caller.contact_channel = ContactChannel.PHONE
    caller.phone = "01632 960123"
    await caller.save()
    await open_proposal(fair, boss)
    await open_proposal(fair, boss, Method.SCORE, options=2)

    await planning_notices.send_due(base_url=BASE, at=now(), digest_hour=0)

    (row,) = await ContactMessage.filter(person_id=caller.id)
    assert row.channel == ContactChannel.PHONE
    assert row.body.count("suggested something for the group to decide") == 2
    await browser.sign_in(boss.email or "", factories.PASSWORD)
    page = await browser.get(f"/fairs/{fair.id}/contact-list")
    text = soup(page).get_text(" ", strip=True)
    assert f"{caller.name}: 2 things from planning {fair.title}" in text
    assert "01632 960123" in text
