"""Feedback after a fair: forms designed with the group, their questions, and the answers.

Who has answered (a receipt per ticket or member) is kept apart from what they answered (a
response with no link to a person), so feedback stays anonymous while a second submission
from the same ticket is still refused by a unique constraint.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person
from fairplanner.models.tickets import Ticket


class Audience(StrEnum):
    ATTENDEE = "attendee"
    VOLUNTEER = "volunteer"
    EXHIBITOR = "exhibitor"


class QuestionKind(StrEnum):
    RATING = "rating"
    CHOICE = "choice"
    FREE_TEXT = "free_text"


class Channel(StrEnum):
    ONLINE = "online"
    # Written on a paper form and typed in by an organiser.
    PAPER = "paper"
    # Given by phone, or with a supporter, and typed in by an organiser.
    PHONE = "phone"


class FeedbackForm(Model):
    """The questions for one audience of one fair."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="feedback_forms", on_delete=fields.CASCADE
    )
    audience = fields.CharEnumField(Audience, max_length=20)
    intro = fields.TextField(default="")
    easy_read_intro = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    questions: fields.ReverseRelation[FeedbackQuestion]

    class Meta:
        table = "feedback_form"
        unique_together = (("fair", "audience"),)


class FeedbackQuestion(Model):
    """One question: a rating on the five-point scale, a choice, or free text."""

    id = fields.IntField(primary_key=True)
    form: fields.ForeignKeyRelation[FeedbackForm] = fields.ForeignKeyField(
        "models.FeedbackForm", related_name="questions", on_delete=fields.CASCADE
    )
    position = fields.IntField(default=0)
    kind = fields.CharEnumField(QuestionKind, max_length=20)
    text = fields.CharField(max_length=300)
    easy_read_text = fields.CharField(max_length=300, default="")
    # Choice questions only: one option a line.
    choices = fields.TextField(default="")
    required = fields.BooleanField(default=False)

    class Meta:
        table = "feedback_question"

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]


class FeedbackResponse(Model):
    """One person's answers. Never linked to a ticket or to the person who answered."""

    id = fields.IntField(primary_key=True)
    form: fields.ForeignKeyRelation[FeedbackForm] = fields.ForeignKeyField(
        "models.FeedbackForm", related_name="responses", on_delete=fields.CASCADE
    )
    channel = fields.CharEnumField(Channel, max_length=20)
    # The organiser who typed in a paper or phone response.
    entered_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="feedback_entered", on_delete=fields.SET_NULL, null=True
    )
    # Phone feedback given with a supporter: who helped (a role, not a name, is enough).
    supporter = fields.CharField(max_length=200, default="")
    easy_read = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    answers: fields.ReverseRelation[FeedbackAnswer]

    class Meta:
        table = "feedback_response"


class FeedbackAnswer(Model):
    """The answer to one question in one response."""

    id = fields.IntField(primary_key=True)
    response: fields.ForeignKeyRelation[FeedbackResponse] = fields.ForeignKeyField(
        "models.FeedbackResponse", related_name="answers", on_delete=fields.CASCADE
    )
    question: fields.ForeignKeyRelation[FeedbackQuestion] = fields.ForeignKeyField(
        "models.FeedbackQuestion", related_name="answers", on_delete=fields.CASCADE
    )
    rating = fields.SmallIntField(null=True)
    choice = fields.CharField(max_length=200, default="")
    text = fields.TextField(default="")

    class Meta:
        table = "feedback_answer"
        unique_together = (("response", "question"),)
        indexes = (("question_id", "rating"),)


class FeedbackReceipt(Model):
    """That a ticket or a member has answered a form: refuses a second submission."""

    id = fields.IntField(primary_key=True)
    form: fields.ForeignKeyRelation[FeedbackForm] = fields.ForeignKeyField(
        "models.FeedbackForm", related_name="receipts", on_delete=fields.CASCADE
    )
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="feedback_receipts", on_delete=fields.CASCADE, null=True
    )
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="feedback_receipts", on_delete=fields.CASCADE, null=True
    )

    class Meta:
        table = "feedback_receipt"
        unique_together = (("form", "ticket"), ("form", "person"))
