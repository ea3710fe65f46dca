"""Feedback pages over HTTP: designing forms together, answering from a ticket link, members
answering as themselves, and organisers typing in paper and phone answers."""

from __future__ import annotations

from fairplanner.models import (
    ContactMessage,
    FeedbackAnswer,
    FeedbackForm,
    FeedbackResponse,
    OutboxMessage,
    Registration,
)
from fairplanner.models.enums import ContactChannel, Phase, Role
from fairplanner.models.feedback import Audience, Channel
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.services import feedback
from tests import review_factories as rf
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value, soup, text_of


async def _form(phase: Phase = Phase.REVIEW) -> tuple:  # type: ignore[type-arg]
    fair, boss = await rf.fair(phase)
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    return fair, boss, form, await feedback.questions_of(form=form)


async def test_co_planner_makes_a_form_and_adds_a_question(browser: Browser) -> None:
    fair, _ = await rf.fair(Phase.PLANNING)
    planner = await rf.member(fair, Role.CO_PLANNER)
    await browser.sign_in(planner.email or "", PASSWORD)
    made = await browser.post(f"/fairs/{fair.id}/feedback/new", {"audience": "volunteer"})
    assert made.status_code == 303
    form = await FeedbackForm.get(fair_id=fair.id)
    page = await browser.get(made.headers["location"])
    assert "Was helping at the fair good?" in text_of(page)  # the easy-read version is shown
    added = await browser.post(
        f"/fairs/{fair.id}/feedback/{form.id}",
        {
            "kind": "choice",
            "text": "Which shift?",
            "choices": "Morning\nAfternoon",
            "required": "no",
        },
    )
    assert added.status_code == 303
    assert [q.text for q in await feedback.questions_of(form=form)][-1] == "Which shift?"


async def test_a_choice_question_without_answers_is_shown_again_with_what_was_typed(
    browser: Browser,
) -> None:
    fair, boss, form, questions = await _form(Phase.PLANNING)
    await browser.sign_in(boss.email or "", PASSWORD)
    page = await browser.post(
        f"/fairs/{fair.id}/feedback/{form.id}",
        {"kind": "choice", "text": "Which room?", "choices": "Hall", "required": "no"},
    )
    assert page.status_code == 422
    assert error_messages(page) == {"choices": "Enter at least 2 answers, one on each line"}
    assert field_value(page, "text") == "Which room?"
    assert len(await feedback.questions_of(form=form)) == len(questions)


async def test_volunteers_cannot_change_the_questions(browser: Browser) -> None:
    fair, _, form, _ = await _form()
    volunteer = await rf.member(fair, Role.VOLUNTEER)
    await browser.sign_in(volunteer.email or "", PASSWORD)
    assert (await browser.get(f"/fairs/{fair.id}/feedback/{form.id}")).status_code == 403
    assert (await browser.get(f"/fairs/{fair.id}/feedback")).status_code == 200


async def test_attendee_answers_from_their_ticket_link_once(browser: Browser) -> None:
    fair, _, _made, (overall, _, found, change) = await _form()
    ticket = await rf.booking(fair)
    page = await browser.get(f"/feedback/{ticket.secret}")
    assert page.status_code == 200
    labels = [label.get_text(" ", strip=True) for label in soup(page).select(".fp-rating label")]
    assert labels[:5] == ["Very bad", "Bad", "OK", "Good", "Very good"]  # each face has a word
    sent = await browser.post(
        f"/feedback/{ticket.secret}",
        {f"q_{overall.id}": "5", f"q_{found.id}": "Maybe", f"q_{change.id}": "More chairs"},
    )
    assert sent.status_code == 200
    assert "Thank you" in text_of(sent)
    again = await browser.post(f"/feedback/{ticket.secret}", {f"q_{overall.id}": "1"})
    assert "You have already given feedback" in text_of(again)
    assert await FeedbackResponse.all().count() == 1
    answer = await FeedbackAnswer.get(question_id=overall.id)
    assert answer.rating == 5


async def test_a_rating_off_the_scale_is_refused_with_the_form_shown_again(
    browser: Browser,
) -> None:
    fair, _, _made, (overall, _, _, change) = await _form()
    ticket = await rf.booking(fair)
    page = await browser.post(
        f"/feedback/{ticket.secret}", {f"q_{overall.id}": "7", f"q_{change.id}": "Kept text"}
    )
    assert page.status_code == 422
    assert error_messages(page) == {f"q_{overall.id}": "Choose one of the answers shown"}
    assert field_value(page, f"q_{change.id}") == "Kept text"
    assert await FeedbackResponse.all().count() == 0


async def test_feedback_before_the_fair_is_in_review_is_refused(browser: Browser) -> None:
    fair, _, _, (overall, *_) = await _form(Phase.PUBLISHED)
    ticket = await rf.booking(fair)
    page = await browser.get(f"/feedback/{ticket.secret}")
    assert "Feedback is not open" in text_of(page)
    sent = await browser.post(f"/feedback/{ticket.secret}", {f"q_{overall.id}": "5"})
    assert sent.status_code == 409
    assert await FeedbackResponse.all().count() == 0


async def test_a_link_that_is_not_a_ticket_does_not_work(browser: Browser) -> None:
    assert (await browser.get("/feedback/NOTAREALTICKET")).status_code == 410
    # A NUL (PostgreSQL refuses it) or a secret longer than the column was a server error.
    for secret in ("%00", "A%00B", "X" * 300):
        assert (await browser.get(f"/feedback/{secret}")).status_code == 410
        assert (await browser.post(f"/feedback/{secret}", {})).status_code == 410
        assert (await browser.get(f"/reviews/{secret}")).status_code == 410


async def test_organiser_types_in_a_phone_answer_marked_as_such(browser: Browser) -> None:
    fair, boss, form, (overall, *_) = await _form()
    await browser.sign_in(boss.email or "", PASSWORD)
    url = f"/fairs/{fair.id}/feedback/{form.id}/enter"
    missing = await browser.post(url, {f"q_{overall.id}": "4"})
    assert missing.status_code == 422
    assert error_messages(missing) == {"channel": "Choose how the feedback reached you"}
    saved = await browser.post(
        url, {"channel": "phone", "supporter": "Support worker", f"q_{overall.id}": "4"}
    )
    assert saved.status_code == 303
    response = await FeedbackResponse.get(form_id=form.id)
    assert (response.channel, response.supporter, response.entered_by_id) == (  # type: ignore[attr-defined]
        Channel.PHONE,
        "Support worker",
        boss.id,
    )


async def test_volunteer_answers_the_volunteer_form_as_themselves(browser: Browser) -> None:
    fair, _ = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    first = (await feedback.questions_of(form=form))[0]
    volunteer = await rf.member(fair, Role.VOLUNTEER)
    await browser.sign_in(volunteer.email or "", PASSWORD)
    listing = await browser.get(f"/fairs/{fair.id}/feedback")
    assert "Give your own feedback" in text_of(listing)
    url = f"/fairs/{fair.id}/feedback/{form.id}/give"
    assert (await browser.post(url, {f"q_{first.id}": "3"})).status_code == 200
    assert "already given feedback" in text_of(await browser.get(url))
    attendee_form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    assert (
        await browser.get(f"/fairs/{fair.id}/feedback/{attendee_form.id}/give")
    ).status_code == 404


async def test_organiser_sends_everyone_who_booked_their_own_feedback_link_by_their_channel(
    browser: Browser,
) -> None:
    fair, boss, _made, _ = await _form()
    ticket = await rf.booking(fair)
    texter = await rf.booking(fair)
    await Registration.filter(id=texter.registration_id).update(email="", phone="07700 900123")  # type: ignore[attr-defined]
    caller = await rf.booking(fair)
    await Registration.filter(id=caller.registration_id).update(  # type: ignore[attr-defined]
        email="", phone="07700 900456", wants_call=True
    )
    await rf.booking(fair, status=RegistrationStatus.CANCELLED)
    await browser.sign_in(boss.email or "", PASSWORD)
    sent = await browser.post(f"/fairs/{fair.id}/feedback/ask")
    assert sent.status_code == 303
    (message,) = await OutboxMessage.all()
    assert f"/feedback/{ticket.secret}" in message.body
    text, call = await ContactMessage.filter(fair_id=fair.id).order_by("id")
    assert (text.channel, text.address, text.kind) == (
        ContactChannel.TEXT,
        "07700 900123",
        "feedback_ask",
    )
    assert f"/feedback/{texter.secret}" in text.body
    assert (call.channel, call.address) == (ContactChannel.PHONE, "07700 900456")
    page = await browser.get(sent.headers["location"])
    assert "We sent 1 e-mail and 1 text asking for feedback. 1 more to phone" in text_of(page)


async def test_asking_for_feedback_before_the_review_is_refused(browser: Browser) -> None:
    fair, boss, _made, _ = await _form(Phase.PUBLISHED)
    await rf.booking(fair)
    await browser.sign_in(boss.email or "", PASSWORD)
    assert (await browser.post(f"/fairs/{fair.id}/feedback/ask")).status_code == 409
    assert await OutboxMessage.all().count() == 0


async def test_easy_read_switch_shows_the_easy_read_questions(browser: Browser) -> None:
    fair, _, _made, (overall, *_) = await _form()
    ticket = await rf.booking(fair)
    switched = await browser.post("/preferences", {"easy_read": "yes", "text_size": "standard"})
    assert switched.status_code == 303
    page = await browser.get(f"/feedback/{ticket.secret}")
    words = text_of(page)
    assert overall.easy_read_text in words
    assert overall.text not in words
    assert "Choose a face and a word for each question." in words
    await browser.post(f"/feedback/{ticket.secret}", {f"q_{overall.id}": "4"})
    assert (await FeedbackResponse.get(form_id=_made.id)).easy_read is True
