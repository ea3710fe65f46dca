"""The co-produced review of a fair: the parts the group writes together, and who changed what."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class ReviewPart(StrEnum):
    LEARNED = "learned"
    CHANGE = "change"
    EASY_READ = "easy_read"


class Review(Model):
    """The words of a fair's review. Figures are counted when the page is shown, never stored."""

    id = fields.IntField(primary_key=True)
    fair: fields.OneToOneRelation[Fair] = fields.OneToOneField(
        "models.Fair", related_name="review", on_delete=fields.CASCADE
    )
    learned = fields.TextField(default="")
    change = fields.TextField(default="")
    easy_read_summary = fields.TextField(default="")
    # Lessons copied from the fair this one was planned from.
    carried_lessons = fields.TextField(default="")
    # Raised by every save: an edit made from an older version is refused, not lost.
    version = fields.IntField(default=1)
    shared_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "review"


class ReviewEdit(Model):
    """One change to one part of a review: who, when, and the words before and after."""

    id = fields.IntField(primary_key=True)
    review: fields.ForeignKeyRelation[Review] = fields.ForeignKeyField(
        "models.Review", related_name="edits", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="review_edits", on_delete=fields.SET_NULL, null=True
    )
    part = fields.CharEnumField(ReviewPart, max_length=20)
    before = fields.TextField(default="")
    after = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "review_edit"
