"""Feedback forms: designing them with the group, and taking answers online, on paper or by
phone. Answers are anonymous: a receipt records that a ticket or member answered, the response
records what was said, and nothing joins the two."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, LinkExpired, NotFound
from fairplanner.export import tokens
from fairplanner.models import (
    Fair,
    FeedbackAnswer,
    FeedbackForm,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackResponse,
    Person,
    Ticket,
)
from fairplanner.models.enums import Phase
from fairplanner.models.feedback import Audience, Channel, QuestionKind
from fairplanner.models.tickets import TicketStatus
from fairplanner.services.feedback_starters import STARTERS

RATING_MIN, RATING_MAX = 1, 5
MAX_TEXT = 2000
MAX_CHOICES = 12
# Feedback is taken while the fair is in review; organisers may type in late paper forms
# after it is closed too.
OPEN_PHASES = frozenset({Phase.REVIEW})
ENTRY_PHASES = frozenset({Phase.REVIEW, Phase.CLOSED})


class FeedbackClosed(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "feedback_closed",
            "Feedback for this fair is not open. It opens after the fair, when the fair is in "
            "review.",
        )


@dataclass(frozen=True)
class QuestionDraft:
    kind: QuestionKind
    text: str
    easy_read_text: str = ""
    choices: str = ""
    required: bool = False


@dataclass(frozen=True)
class Given:
    """One answer as typed: a rating, a choice or some text."""

    question_id: int
    rating: int | None = None
    choice: str = ""
    text: str = ""


@dataclass(frozen=True)
class FormSummary:
    form: FeedbackForm
    questions: int
    responses: int


async def forms_of(*, fair: Fair) -> list[FormSummary]:
    forms = await FeedbackForm.filter(fair_id=fair.id).order_by("id")
    ids = [f.id for f in forms]
    questions = dict(
        await FeedbackQuestion.filter(form_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("form_id")
        .values_list("form_id", "n")
    )
    responses = dict(
        await FeedbackResponse.filter(form_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("form_id")
        .values_list("form_id", "n")
    )
    return [
        FormSummary(
            form=f, questions=int(questions.get(f.id, 0)), responses=int(responses.get(f.id, 0))
        )
        for f in forms
    ]


async def create_form(*, fair: Fair, audience: Audience) -> FeedbackForm:
    """A form for one audience, started with suggested questions the group can change."""
    starter = STARTERS[audience]
    try:
        async with in_transaction():
            form = await FeedbackForm.create(
                fair=fair,
                audience=audience,
                intro=starter.intro,
                easy_read_intro=starter.easy_read_intro,
            )
            await FeedbackQuestion.bulk_create(
                [
                    FeedbackQuestion(
                        form=form,
                        position=i,
                        kind=q.kind,
                        text=q.text,
                        easy_read_text=q.easy_read_text,
                        choices=q.choices,
                        required=q.required,
                    )
                    for i, q in enumerate(starter.questions, start=1)
                ]
            )
    except IntegrityError as exc:
        raise DomainError(
            "form_exists", "This fair already has a feedback form for them.", field="audience"
        ) from exc
    return form


async def form_of(*, fair: Fair, form_id: int) -> FeedbackForm:
    form = await FeedbackForm.get_or_none(id=form_id, fair_id=fair.id)
    if form is None:
        raise NotFound()
    return form


async def form_for(*, fair: Fair, audience: Audience) -> FeedbackForm | None:
    return await FeedbackForm.get_or_none(fair_id=fair.id, audience=audience)


async def questions_of(*, form: FeedbackForm) -> list[FeedbackQuestion]:
    return await FeedbackQuestion.filter(form_id=form.id).order_by("position", "id")


def _check_draft(draft: QuestionDraft) -> None:
    if not draft.text.strip():
        raise DomainError("question_missing", "Enter the question", field="text")
    if draft.kind == QuestionKind.CHOICE:
        options = [c for c in draft.choices.splitlines() if c.strip()]
        if len(options) < 2:
            raise DomainError(
                "choices_missing", "Enter at least 2 answers, one on each line", field="choices"
            )
        if len(options) > MAX_CHOICES:
            raise DomainError(
                "too_many_choices", f"Enter {MAX_CHOICES} answers or fewer", field="choices"
            )


async def add_question(*, form: FeedbackForm, draft: QuestionDraft) -> FeedbackQuestion:
    _check_draft(draft)
    last = await FeedbackQuestion.filter(form_id=form.id).order_by("-position").first()
    return await FeedbackQuestion.create(
        form=form,
        position=(last.position + 1) if last else 1,
        kind=draft.kind,
        text=draft.text.strip(),
        easy_read_text=draft.easy_read_text.strip(),
        choices=draft.choices.strip() if draft.kind == QuestionKind.CHOICE else "",
        required=draft.required,
    )


async def question_of(*, form: FeedbackForm, question_id: int) -> FeedbackQuestion:
    question = await FeedbackQuestion.get_or_none(id=question_id, form_id=form.id)
    if question is None:
        raise NotFound()
    return question


async def change_question(*, question: FeedbackQuestion, draft: QuestionDraft) -> None:
    _check_draft(draft)
    if draft.kind != question.kind and await FeedbackAnswer.exists(question_id=question.id):
        # Ratings and free text cannot be counted together: keep the kind once answered.
        raise DomainError(
            "question_answered",
            "People have answered this question, so its kind cannot change. Add a new question.",
            field="kind",
        )
    question.kind = draft.kind
    question.text = draft.text.strip()
    question.easy_read_text = draft.easy_read_text.strip()
    question.choices = draft.choices.strip() if draft.kind == QuestionKind.CHOICE else ""
    question.required = draft.required
    await question.save()


async def remove_question(*, question: FeedbackQuestion) -> None:
    if await FeedbackAnswer.exists(question_id=question.id):
        raise DomainError(
            "question_answered", "People have answered this question, so it stays in the form."
        )
    await question.delete()


async def open_ticket(*, secret: str) -> Ticket:
    """The ticket behind an attendee's link, with its fair."""
    cleaned = secret.strip().upper()
    ticket = None
    if tokens.may_be_ticket_secret(cleaned):  # "/feedback/%00" was a server error
        ticket = await Ticket.get_or_none(secret=cleaned).prefetch_related("fair")
    if ticket is None or ticket.status != TicketStatus.VALID:
        raise LinkExpired(
            "This ticket link does not work. It may have been copied wrongly or replaced."
        )
    return ticket


def check_answers(questions: list[FeedbackQuestion], given: list[Given]) -> None:
    """Refuse answers that do not fit their question (a rating off the scale, an unknown
    choice, text too long, or a required question left out)."""
    by_id = {g.question_id: g for g in given}
    known = {q.id for q in questions}
    if set(by_id) - known:
        raise DomainError("unknown_question", "An answer does not match a question in this form.")
    for q in questions:
        g = by_id.get(q.id)
        field = f"q_{q.id}"
        if g is None or (g.rating is None and not g.choice and not g.text.strip()):
            if q.required:
                raise DomainError("answer_missing", "Answer this question", field=field)
            continue
        if q.kind == QuestionKind.RATING and not (
            g.rating is not None and RATING_MIN <= g.rating <= RATING_MAX
        ):
            raise DomainError("rating_out_of_scale", "Choose one of the five answers", field=field)
        if q.kind == QuestionKind.CHOICE and g.choice not in q.choice_list:
            raise DomainError("unknown_choice", "Choose one of the answers shown", field=field)
        if q.kind == QuestionKind.FREE_TEXT and len(g.text) > MAX_TEXT:
            raise DomainError("text_too_long", f"Write {MAX_TEXT} characters or fewer", field=field)


async def submit(
    *,
    form: FeedbackForm,
    fair: Fair,
    given: list[Given],
    channel: Channel = Channel.ONLINE,
    ticket: Ticket | None = None,
    person: Person | None = None,
    entered_by: Person | None = None,
    supporter: str = "",
    easy_read: bool = False,
) -> FeedbackResponse:
    """Store one response. Online answers come from a ticket or a member (one each per form);
    paper and phone answers are typed in by an organiser and carry no receipt."""
    phases = ENTRY_PHASES if entered_by is not None else OPEN_PHASES
    if fair.phase not in phases or form.fair_id != fair.id:  # type: ignore[attr-defined]
        raise FeedbackClosed()
    questions = await questions_of(form=form)
    check_answers(questions, given)
    kinds = {q.id: q.kind for q in questions}
    try:
        async with in_transaction():
            if ticket is not None or person is not None:
                await FeedbackReceipt.create(form=form, ticket=ticket, person=person)
            response = await FeedbackResponse.create(
                form=form,
                channel=channel,
                entered_by=entered_by,
                supporter=supporter.strip()[:200],
                easy_read=easy_read,
            )
            await FeedbackAnswer.bulk_create(
                [
                    FeedbackAnswer(
                        response=response,
                        question_id=g.question_id,
                        rating=g.rating if kinds[g.question_id] == QuestionKind.RATING else None,
                        choice=g.choice if kinds[g.question_id] == QuestionKind.CHOICE else "",
                        text=g.text.strip()
                        if kinds[g.question_id] == QuestionKind.FREE_TEXT
                        else "",
                    )
                    for g in given
                    if g.rating is not None or g.choice or g.text.strip()
                ]
            )
    except IntegrityError as exc:
        raise DomainError(
            "already_answered", "You have already given feedback on this fair. Thank you."
        ) from exc
    return response


async def has_answered(
    *, form: FeedbackForm, ticket: Ticket | None = None, person: Person | None = None
) -> bool:
    if ticket is not None:
        return await FeedbackReceipt.exists(form_id=form.id, ticket_id=ticket.id)
    if person is not None:
        return await FeedbackReceipt.exists(form_id=form.id, person_id=person.id)
    return False
