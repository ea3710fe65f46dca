"""Forms for feedback: a new form, a question, and the answers (built from the questions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import Form, RadioField, StringField, TextAreaField
from wtforms.form import BaseForm
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from fairplanner.models import FeedbackQuestion
from fairplanner.models.feedback import Audience, Channel, QuestionKind
from fairplanner.services.feedback import MAX_TEXT, Given
from fairplanner.services.feedback_starters import RATING_WORDS
from fairplanner.web.forms import required


def _pairs(items: list[tuple[str, str]]) -> Callable[[], list[tuple[str, str]]]:
    """Choices given as a callable: WTForms 3.3 warns on tuple choices given directly."""
    return lambda: items


AUDIENCE_LABELS = {
    Audience.ATTENDEE: "People who came to the fair",
    Audience.VOLUNTEER: "Volunteers",
    Audience.EXHIBITOR: "Exhibitors (the stalls)",
}
KIND_LABELS = {
    QuestionKind.RATING: "A rating from Very bad to Very good",
    QuestionKind.CHOICE: "Choose one answer from a list",
    QuestionKind.FREE_TEXT: "Write in their own words",
}
CHANNEL_LABELS = {
    Channel.ONLINE: "Online",
    Channel.PAPER: "On a paper form",
    Channel.PHONE: "By phone or with a supporter",
}


class ScaleField(RadioField):
    """A radio group whose refusal of an unknown value is in plain words."""

    def pre_validate(self, form: BaseForm) -> None:
        allowed = {str(choice[0]) for choice in self.choices or []}
        if self.data is not None and self.data not in allowed:
            raise ValidationError("Choose one of the answers shown")


class NewFeedbackForm(Form):
    audience = RadioField(
        "Who is this feedback form for?",
        choices=_pairs([(a.value, label) for a, label in AUDIENCE_LABELS.items()]),
        validators=[InputRequired("Choose who the form is for")],
    )


class QuestionForm(Form):
    kind = RadioField(
        "How do people answer?",
        choices=_pairs([(k.value, label) for k, label in KIND_LABELS.items()]),
        validators=[InputRequired("Choose how people answer")],
    )
    text = StringField("The question", [required("Enter the question"), Length(max=300)])
    easy_read_text = StringField(
        "The question in easy read",
        [Optional(), Length(max=300, message="Write 300 characters or fewer")],
    )
    choices = TextAreaField(
        "Answers to choose from (for a list only)",
        [Optional(), Length(max=2000, message="Write 2000 characters or fewer")],
    )
    required = RadioField(
        "Must people answer it?",
        choices=_pairs([("no", "No, they can leave it out"), ("yes", "Yes")]),
        default="no",
        validators=[InputRequired("Choose if people must answer it")],
    )


class EntryForm(Form):
    """How a paper or phone response reached the organiser typing it in."""

    channel = RadioField(
        "How did this feedback reach you?",
        choices=_pairs([(c.value, CHANNEL_LABELS[c]) for c in (Channel.PAPER, Channel.PHONE)]),
        validators=[InputRequired("Choose how the feedback reached you")],
    )
    supporter = StringField(
        "Who helped them give it (if anyone)",
        [Optional(), Length(max=200, message="Write 200 characters or fewer")],
    )


def answers_form(questions: list[FeedbackQuestion], *, easy_read: bool) -> type[Form]:
    """A form class with one field per question, named q_<id>."""
    attrs: dict[str, Any] = {}
    for q in questions:
        label = (q.easy_read_text or q.text) if easy_read else q.text
        checks: list[Any] = [InputRequired("Answer this question") if q.required else Optional()]
        if q.kind == QuestionKind.RATING:
            field: Any = ScaleField(
                label,
                choices=_pairs([(str(n), w) for n, w in RATING_WORDS.items()]),
                validators=checks,
            )
        elif q.kind == QuestionKind.CHOICE:
            field = ScaleField(
                label, choices=_pairs([(c, c) for c in q.choice_list]), validators=checks
            )
        else:
            field = TextAreaField(
                label,
                [*checks, Length(max=MAX_TEXT, message=f"Write {MAX_TEXT} characters or fewer")],
            )
        attrs[f"q_{q.id}"] = field
    return type("AnswersForm", (Form,), attrs)


def given_from(form: Form, questions: list[FeedbackQuestion]) -> list[Given]:
    given: list[Given] = []
    for q in questions:
        value = form[f"q_{q.id}"].data or ""
        if q.kind == QuestionKind.RATING:
            given.append(Given(question_id=q.id, rating=int(value) if value else None))
        elif q.kind == QuestionKind.CHOICE:
            given.append(Given(question_id=q.id, choice=value))
        else:
            given.append(Given(question_id=q.id, text=value))
    return given
