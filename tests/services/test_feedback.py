"""Feedback forms: designing questions, and answers online, on paper and by phone."""

from __future__ import annotations

import pytest

from fairplanner.errors import DomainError, LinkExpired
from fairplanner.models import FeedbackAnswer, FeedbackReceipt, FeedbackResponse
from fairplanner.models.enums import Phase, Role
from fairplanner.models.feedback import Audience, Channel, QuestionKind
from fairplanner.models.tickets import TicketStatus
from fairplanner.services import feedback
from fairplanner.services.feedback import Given, QuestionDraft
from tests import review_factories as rf


async def test_create_form_starts_with_suggested_questions_each_with_easy_read(db: str) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    questions = await feedback.questions_of(form=form)
    assert [q.kind for q in questions] == [
        QuestionKind.RATING,
        QuestionKind.RATING,
        QuestionKind.CHOICE,
        QuestionKind.FREE_TEXT,
    ]
    assert all(q.easy_read_text for q in questions)


async def test_create_form_refuses_a_second_form_for_the_same_people(db: str) -> None:
    fair, _ = await rf.fair()
    await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    with pytest.raises(DomainError) as refused:
        await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    assert refused.value.code == "form_exists"


async def test_choice_question_needs_two_answers(db: str) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    with pytest.raises(DomainError) as refused:
        await feedback.add_question(
            form=form, draft=QuestionDraft(kind=QuestionKind.CHOICE, text="Which?", choices="One")
        )
    assert refused.value.field == "choices"
    added = await feedback.add_question(
        form=form,
        draft=QuestionDraft(kind=QuestionKind.CHOICE, text="Which?", choices="One\n\nTwo\n"),
    )
    assert added.choice_list == ["One", "Two"]
    assert added.position == 4


async def test_an_answered_question_keeps_its_kind_and_stays(db: str) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    first = (await feedback.questions_of(form=form))[0]
    await feedback.submit(form=form, fair=fair, given=[Given(question_id=first.id, rating=4)])
    with pytest.raises(DomainError) as refused:
        await feedback.change_question(
            question=first, draft=QuestionDraft(kind=QuestionKind.FREE_TEXT, text="Why?")
        )
    assert refused.value.code == "question_answered"
    with pytest.raises(DomainError):
        await feedback.remove_question(question=first)
    await feedback.change_question(
        question=first, draft=QuestionDraft(kind=QuestionKind.RATING, text="How was it?")
    )
    assert (await feedback.questions_of(form=form))[0].text == "How was it?"


async def test_rating_outside_the_scale_is_refused_and_nothing_is_stored(db: str) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    rating = (await feedback.questions_of(form=form))[0]
    for bad in (0, 6, -1):
        with pytest.raises(DomainError) as refused:
            await feedback.submit(
                form=form, fair=fair, given=[Given(question_id=rating.id, rating=bad)]
            )
        assert refused.value.code == "rating_out_of_scale"
        assert refused.value.field == f"q_{rating.id}"
    assert await FeedbackResponse.all().count() == 0


async def test_unknown_choice_is_refused(db: str) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    choice = (await feedback.questions_of(form=form))[2]
    with pytest.raises(DomainError) as refused:
        await feedback.submit(
            form=form, fair=fair, given=[Given(question_id=choice.id, choice="Perhaps")]
        )
    assert refused.value.code == "unknown_choice"


async def test_ticket_answers_once_and_the_response_does_not_name_it(db: str) -> None:
    fair, _ = await rf.fair()
    ticket = await rf.booking(fair)
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    questions = await feedback.questions_of(form=form)
    given = [
        Given(question_id=questions[0].id, rating=5),
        Given(question_id=questions[3].id, text="  More seats please "),
    ]
    response = await feedback.submit(form=form, fair=fair, given=given, ticket=ticket)
    assert await feedback.has_answered(form=form, ticket=ticket)
    with pytest.raises(DomainError) as refused:
        await feedback.submit(form=form, fair=fair, given=given, ticket=ticket)
    assert refused.value.code == "already_answered"
    assert await FeedbackResponse.all().count() == 1
    answers = await FeedbackAnswer.filter(response_id=response.id).order_by("question_id")
    assert [(a.rating, a.text) for a in answers] == [(5, ""), (None, "More seats please")]
    # Nothing on the response points back at the ticket or its booking.
    assert "ticket_id" not in FeedbackResponse._meta.db_fields
    assert await FeedbackReceipt.filter(ticket_id=ticket.id).count() == 1


async def test_feedback_is_refused_before_the_fair_is_in_review(db: str) -> None:
    fair, boss = await rf.fair(phase=Phase.PUBLISHED)
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    with pytest.raises(DomainError) as refused:
        await feedback.submit(form=form, fair=fair, given=[])
    assert refused.value.code == "feedback_closed"
    with pytest.raises(DomainError):
        await feedback.submit(
            form=form, fair=fair, given=[], channel=Channel.PAPER, entered_by=boss
        )


async def test_organiser_types_in_paper_answers_after_the_fair_is_closed(db: str) -> None:
    fair, boss = await rf.fair(phase=Phase.CLOSED)
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    first = (await feedback.questions_of(form=form))[0]
    for _ in range(2):
        await feedback.submit(
            form=form,
            fair=fair,
            given=[Given(question_id=first.id, rating=3)],
            channel=Channel.PHONE,
            entered_by=boss,
            supporter="Support worker",
        )
    rows = await FeedbackResponse.filter(form_id=form.id)
    assert [(r.channel, r.supporter) for r in rows] == [(Channel.PHONE, "Support worker")] * 2
    with pytest.raises(DomainError):  # online answers close with the review
        await feedback.submit(form=form, fair=fair, given=[])


async def test_required_question_left_out_is_refused(db: str) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.EXHIBITOR)
    must = await feedback.add_question(
        form=form,
        draft=QuestionDraft(kind=QuestionKind.FREE_TEXT, text="Name one thing", required=True),
    )
    person = await rf.member(fair, Role.EXHIBITOR)
    with pytest.raises(DomainError) as refused:
        await feedback.submit(form=form, fair=fair, given=[], person=person)
    assert refused.value.field == f"q_{must.id}"
    assert not await feedback.has_answered(form=form, person=person)


async def test_cancelled_ticket_link_does_not_open_feedback(db: str) -> None:
    fair, _ = await rf.fair()
    ticket = await rf.booking(fair)
    assert (await feedback.open_ticket(secret=ticket.secret.lower())).id == ticket.id
    ticket.status = TicketStatus.CANCELLED
    await ticket.save()
    with pytest.raises(LinkExpired):
        await feedback.open_ticket(secret=ticket.secret)
    with pytest.raises(LinkExpired):
        await feedback.open_ticket(secret="NOTATICKET")
