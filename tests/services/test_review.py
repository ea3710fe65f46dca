"""The review's figures, checked against small fairs counted by hand, and the words written
together."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairplanner.errors import DomainError
from fairplanner.models import (
    AgendaItem,
    Comment,
    ContactMessage,
    Contribution,
    Decision,
    FeedbackForm,
    Membership,
    OutboxAttachment,
    OutboxMessage,
    Proposal,
    Registration,
    Review,
    ReviewEdit,
    Vote,
)
from fairplanner.models.enums import ContactChannel, Group, Phase, Role
from fairplanner.models.feedback import Audience, Channel
from fairplanner.models.planning import Channel as VoteChannel
from fairplanner.models.planning import Method, Topic
from fairplanner.models.review import ReviewPart
from fairplanner.models.rewards import Activity, RewardKind
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.models.volunteering import RoleStatus, RoleVersion, VolunteerRole
from fairplanner.services import (
    feedback,
    messaging,
    review,
    review_writing,
    venues,
    volunteering,
)
from fairplanner.services.feedback import Given
from tests import review_factories as rf
from tests.querycount import counting


def rows(chart: review.Chart) -> dict[str, int]:
    return dict(chart.rows)


async def _small_fair() -> tuple[object, object]:
    """3 booked (one a walk-in, one for 3 places), 1 cancelled, 1 waiting; needs W twice and
    Q once; 2 heard from a leaflet."""
    fair, boss = await rf.fair()
    await rf.booking(fair, heard_from="leaflet", needs="W,Q", places=3)
    await rf.booking(fair, heard_from="leaflet", needs="W")
    await rf.booking(fair, heard_from="support", source=RegistrationSource.DOOR)
    await rf.booking(fair, status=RegistrationStatus.CANCELLED, heard_from="jobcentre", needs="W")
    await rf.booking(fair, status=RegistrationStatus.WAITING)
    return fair, boss


async def test_attendance_needs_and_heard_match_a_hand_count(db: str) -> None:
    fair, _ = await _small_fair()
    figures = await review.figures(fair=fair)  # type: ignore[arg-type]
    a = figures.attendance
    assert (a.bookings, a.places, a.walk_ins) == (3, 5, 1)
    assert rows(a.by_status) == {"Booked": 3, "Cancelled": 1, "On the waiting list": 1}
    assert rows(a.by_source)["At the door (walk-in)"] == 1
    assert rows(a.by_source)["Online"] == 2
    assert sum(n for _, n in a.by_week.rows) == 3
    assert figures.needs.with_needs == 2  # the cancelled booking's need is not counted
    needs = rows(figures.needs.chart)
    assert needs["I use a wheelchair or mobility scooter."] == 2
    assert sum(needs.values()) == 3
    heard = rows(figures.heard)
    assert heard["A leaflet or poster"] == 2
    assert heard["Support worker or day centre"] == 1
    assert heard["The job centre"] == 1
    assert heard["Did not say"] == 1


async def test_feedback_results_match_a_hand_count(db: str) -> None:
    fair, boss = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    overall, _, found, change = await feedback.questions_of(form=form)
    answers = [(5, "Yes", "More chairs"), (4, "Yes", ""), (4, "No", "<b>Louder</b>"), (1, "", "")]
    for rating, choice, text in answers:
        await feedback.submit(
            form=form,
            fair=fair,
            given=[
                Given(question_id=overall.id, rating=rating),
                Given(question_id=found.id, choice=choice),
                Given(question_id=change.id, text=text),
            ],
            ticket=await rf.booking(fair),
        )
    await feedback.submit(
        form=form,
        fair=fair,
        given=[Given(question_id=overall.id, rating=3)],
        channel=Channel.PAPER,
        entered_by=boss,
    )
    figures = await review.figures(fair=fair)
    (result,) = figures.feedback
    assert result.responses == 5
    assert rows(result.channels) == {"Online": 4, "On paper": 1, "By phone or with a supporter": 0}
    by_id = {q.question.id: q for q in result.questions}
    assert rows(by_id[overall.id].chart) == {  # type: ignore[arg-type]
        "Very bad": 1,
        "Bad": 0,
        "OK": 1,
        "Good": 2,
        "Very good": 1,
    }
    assert by_id[overall.id].average == 3.4  # (5+4+4+1+3)/5
    assert rows(by_id[found.id].chart) == {"Yes": 2, "Maybe": 0, "No": 1}  # type: ignore[arg-type]
    assert by_id[change.id].answered == 2
    assert sorted(by_id[change.id].comments) == ["<b>Louder</b>", "More chairs"]


async def test_coproduction_counts_members_and_review_writers_by_group(db: str) -> None:
    fair, boss = await rf.fair()
    carer = await rf.member(fair, Role.CO_PLANNER, Group.CARER)
    user = await rf.member(fair, Role.CO_PLANNER, Group.SERVICE_USER)
    await rf.member(fair, Role.VOLUNTEER, Group.SERVICE_USER)
    written = await review_writing.review_of(fair=fair)
    written = await review_writing.save_parts(
        review=written, person=carer, version=1, texts={ReviewPart.LEARNED: "Quiet room worked"}
    )
    await review_writing.save_parts(
        review=written, person=boss, version=2, texts={ReviewPart.CHANGE: "Bigger signs"}
    )
    now = datetime(2027, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    proposal = await Proposal.create(
        fair=fair,
        topic=Topic.VENUE,
        title="Which hall?",
        method=Method.CONSENT,
        opens_at=now,
        closes_at=now + timedelta(days=7),
        created_by=carer,
    )
    await Vote.create(proposal=proposal, voter=carer, recorded_by=carer)
    await Vote.create(proposal=proposal, voter=boss, recorded_by=carer, channel=VoteChannel.PHONE)
    await Comment.create(proposal=proposal, author=user, recorded_by=boss, body="Near the bus")
    await Comment.create(proposal=proposal, author=user, recorded_by=user, body="And a lift")
    await Decision.create(fair=fair, proposal=proposal, outcome="The community hall")
    co = (await review.figures(fair=fair)).coproduction
    assert co.decisions == 1
    assert dict(co.taking_part)["Made a proposal"] == {"carer": 1}
    assert dict(co.taking_part)["Voted"] == {"carer": 1, "staff": 1}
    assert dict(co.taking_part)["Commented"] == {"service_user": 1}  # two comments, one person
    assert rows(co.voters_by_group) == {
        "People who use services": 0,
        "Carers": 1,
        "Partner organisations": 0,
        "Staff": 1,
    }
    assert rows(co.votes_by_channel)["By phone, recorded for them"] == 1
    assert rows(co.votes_by_channel)["Online, by the member"] == 1
    assert rows(co.members_by_group) == {
        "People who use services": 2,
        "Carers": 1,
        "Partner organisations": 0,
        "Staff": 1,
    }
    assert dict(co.by_role_group)[Role.CO_PLANNER] == {"carer": 1, "service_user": 1}
    assert rows(co.writers_by_group)["Carers"] == 1
    assert rows(co.writers_by_group)["Staff"] == 1


async def test_figures_use_the_same_number_of_queries_for_small_and_larger_fairs(db: str) -> None:
    small, _ = await rf.fair()
    await feedback.create_form(fair=small, audience=Audience.ATTENDEE)
    large, _ = await _small_fair()
    for audience in Audience:
        form = await feedback.create_form(fair=large, audience=audience)  # type: ignore[arg-type]
        questions = await feedback.questions_of(form=form)
        for _ in range(6):
            await feedback.submit(
                form=form,
                fair=large,  # type: ignore[arg-type]
                given=[Given(question_id=questions[0].id, rating=2)],
                channel=Channel.PHONE,
                entered_by=await rf.member(large, Role.ORGANISER),  # type: ignore[arg-type]
            )
    for _ in range(20):
        await rf.booking(large, needs="ER", heard_from="friend")  # type: ignore[arg-type]
    with counting() as few:
        await review.figures(fair=small)
    with counting() as many:
        await review.figures(fair=large)  # type: ignore[arg-type]
    assert len(few) == len(many)
    assert len(few) < 30


async def test_a_save_from_an_old_version_is_refused_and_history_records_who(db: str) -> None:
    fair, boss = await rf.fair()
    planner = await rf.member(fair, Role.CO_PLANNER)
    opened = await review_writing.review_of(fair=fair)
    await review_writing.save_parts(
        review=opened, person=boss, version=1, texts={ReviewPart.LEARNED: "Mornings were busy"}
    )
    with pytest.raises(DomainError) as refused:
        await review_writing.save_parts(
            review=opened, person=planner, version=1, texts={ReviewPart.LEARNED: "Overwrite"}
        )
    assert refused.value.code == "edited_by_someone_else"
    saved = await Review.get(fair_id=fair.id)
    assert (saved.learned, saved.version) == ("Mornings were busy", 2)
    (edit,) = await review_writing.history(review=saved)
    assert (edit.person.id, edit.part, edit.before, edit.after) == (  # type: ignore[union-attr]
        boss.id,
        ReviewPart.LEARNED,
        "",
        "Mornings were busy",
    )
    # Saving the same words again changes nothing and records nothing.
    await review_writing.save_parts(
        review=saved, person=planner, version=2, texts={ReviewPart.LEARNED: "Mornings were busy"}
    )
    assert await ReviewEdit.all().count() == 1


async def test_share_tells_members_and_attendees_each_by_their_channel(db: str) -> None:
    fair, boss = await rf.fair()
    phone_person = await rf.member(fair, Role.CO_PLANNER)
    phone_person.contact_channel = ContactChannel.PHONE
    await phone_person.save()
    ticket = await rf.booking(fair)
    texter = await rf.booking(fair)
    await Registration.filter(id=texter.registration_id).update(  # type: ignore[attr-defined]
        email="", phone="07700 900123"
    )
    supported = await rf.booking(fair)
    await Registration.filter(id=supported.registration_id).update(  # type: ignore[attr-defined]
        email="", via_supporter=True, supporter="Riverside Day Centre"
    )
    await rf.booking(fair, status=RegistrationStatus.CANCELLED)
    written = await review_writing.review_of(fair=fair)
    with pytest.raises(DomainError):
        await review_writing.share(
            fair=fair, review=written, member_url="http://x/r", public_url="http://x/{secret}"
        )
    written = await review_writing.save_parts(
        review=written, person=boss, version=1, texts={ReviewPart.CHANGE: "More seats"}
    )
    shared = await review_writing.share(
        fair=fair,
        review=written,
        member_url="http://x/r",
        public_url="http://x/{secret}",
        attachment=messaging.Attachment("review.html", "text/html", b"<h1>Review</h1>"),
    )
    # E-mail: the organiser and the attendee with an address. Text: the attendee with only a
    # phone. The list: the co-planner who asked for a call, the attendee with a supporter.
    assert (shared.emailed, shared.texted, shared.to_contact) == (2, 1, 2)
    mails = {m.to_address: m for m in await OutboxMessage.all()}
    attendee_mail = mails[(await ticket.registration).email]
    assert f"http://x/{ticket.secret}" in attendee_mail.body
    assert await OutboxAttachment.filter(message_id=mails[boss.email].id).count() == 1
    assert await OutboxAttachment.filter(message_id=attendee_mail.id).count() == 0
    contacts = {c.recipient_name: c for c in await ContactMessage.filter(fair_id=fair.id)}
    texted = contacts[(await texter.registration).name]
    assert (texted.channel, texted.address) == (ContactChannel.TEXT, "07700 900123")
    assert f"http://x/{texter.secret}" in texted.body
    assert contacts[phone_person.name].channel == ContactChannel.PHONE
    helped = contacts[(await supported.registration).name]
    assert (helped.channel, helped.address) == (
        ContactChannel.SUPPORTER,
        "through Riverside Day Centre",
    )
    assert {c.kind for c in contacts.values()} == {"review_ready"}
    assert (await Review.get(fair_id=fair.id)).shared_at is not None


async def test_plan_next_fair_copies_group_questions_and_lessons(db: str) -> None:
    fair, boss = await rf.fair()
    planner = await rf.member(fair, Role.CO_PLANNER, Group.CARER)
    await rf.member(fair, Role.VOLUNTEER)
    form = await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    written = await review_writing.review_of(fair=fair)
    await review_writing.save_parts(
        review=written,
        person=boss,
        version=1,
        texts={ReviewPart.LEARNED: "Quiet room worked", ReviewPart.CHANGE: "Bigger signs"},
    )
    await AgendaItem.create(
        fair=fair,
        starts_at=fair.starts_at + timedelta(hours=1),
        ends_at=fair.starts_at + timedelta(hours=2),
        title="Welcome talk",
        access_features="bsl",
    )
    guide = await volunteering.draft_role(
        fair=fair,
        details=volunteering.RoleDetails(
            title="Guide", purpose="Meet people at the door", people_needed=3, needs_briefing=True
        ),
        by=boss,
    )
    await volunteering.approve_role(role=guide, by=boss)
    await volunteering.draft_role(
        fair=fair, details=volunteering.RoleDetails(title="Unfinished idea"), by=boss
    )
    await venues.set_thresholds(fair=fair, values={"door_width_min_cm": 85.0})
    start = datetime(2028, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    made = await review_writing.plan_next_fair(
        fair=fair, by=boss, title="Fair 2028", starts_at=start, ends_at=start + timedelta(hours=4)
    )
    new = made.fair
    assert (new.title, new.phase) == ("Fair 2028", Phase.PLANNING)
    members = {
        (m.person_id, m.role, m.group)  # type: ignore[attr-defined]
        for m in await Membership.filter(fair_id=new.id)
    }
    assert members == {
        (boss.id, Role.ORGANISER, Group.STAFF),
        (planner.id, Role.CO_PLANNER, Group.CARER),
    }
    copied = await FeedbackForm.get(fair_id=new.id)
    assert copied.audience == Audience.VOLUNTEER
    assert [q.text for q in await feedback.questions_of(form=copied)] == [
        q.text for q in await feedback.questions_of(form=form)
    ]
    lessons = (await Review.get(fair_id=new.id)).carried_lessons
    assert "Quiet room worked" in lessons
    assert "Bigger signs" in lessons
    # Only the active role is carried, as a draft for the new group to agree, with its history.
    (role,) = await VolunteerRole.filter(fair_id=new.id)
    assert (role.title, role.purpose, role.people_needed, role.needs_briefing, role.status) == (
        "Guide",
        "Meet people at the door",
        3,
        True,
        RoleStatus.DRAFT,
    )
    assert await RoleVersion.filter(role_id=role.id).count() == 1
    assert await venues.threshold_overrides(fair=new) == {"door_width_min_cm": 85.0}
    assert "1 volunteer roles, as drafts for the new group to agree" in made.copied
    assert "volunteer shifts" in made.not_copied
    (item,) = await AgendaItem.filter(fair_id=new.id)
    assert (item.title, item.access_features) == ("Welcome talk", "bsl")
    assert item.starts_at == start + timedelta(hours=1)  # same time of day, new date


async def test_volunteer_hours_and_rewards_by_group_match_a_hand_count(db: str) -> None:
    fair, boss = await rf.fair()
    other, _ = await rf.fair()
    carer = await rf.member(fair, Role.VOLUNTEER, Group.CARER)
    user = await rf.member(fair, Role.VOLUNTEER, Group.SERVICE_USER)
    await Membership.create(fair=other, person=carer, role=Role.VOLUNTEER, group=Group.STAFF)
    day = datetime(2027, 6, 12, tzinfo=ZoneInfo("Europe/London")).date()
    for person, minutes, reward in (
        (carer, 90, RewardKind.TIME_CREDITS),
        (carer, 30, RewardKind.TIME_CREDITS),
        (user, 240, RewardKind.VOUCHER),
        (boss, 60, RewardKind.NONE),
    ):
        await Contribution.create(
            fair=fair,
            person=person,
            activity=Activity.SHIFT,
            given_on=day,
            minutes=minutes,
            reward=reward,
        )
    # Hours at another fair are not counted here.
    await Contribution.create(
        fair=other, person=carer, activity=Activity.SHIFT, given_on=day, minutes=600
    )
    v = (await review.figures(fair=fair)).volunteering
    assert v.hours == 7.0
    assert rows(v.people_by_group) == {
        "People who use services": 1,
        "Carers": 1,
        "Partner organisations": 0,
        "Staff": 1,
    }
    assert rows(v.hours_by_group)["Carers"] == 2
    assert rows(v.hours_by_group)["People who use services"] == 4
    assert rows(v.rewards) == {"No reward": 1, "Time credits": 2, "A voucher": 1}
