"""Candidate venues, the visits that assess them, and each fair's own thresholds.

Answers describe the place (door 76 cm), never people. Whether a fact meets an access need
is worked out later, against the fair's thresholds, so a threshold change never rewrites
what an assessor recorded.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class AnswerState(StrEnum):
    ANSWERED = "answered"
    # "Not sure / not checked": never counts as met.
    NOT_CHECKED = "not_checked"
    NOT_APPLICABLE = "not_applicable"


class Venue(Model):
    """A candidate place for a fair."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="venues", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    address = fields.TextField(default="")
    postcode = fields.CharField(max_length=12, default="")
    contact = fields.CharField(max_length=300, default="")
    capacity = fields.IntField(null=True)
    transport_notes = fields.TextField(default="")
    access_info_url = fields.CharField(max_length=500, default="")
    description = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    # The venue the group chose (at most one per fair, kept by the service).
    chosen = fields.BooleanField(default=False)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="venues_added", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    assessments: fields.ReverseRelation[Assessment]

    class Meta:
        table = "venue"
        unique_together = (("fair", "name"),)


class Assessment(Model):
    """One person's checklist for one venue, built up over one or more visits."""

    id = fields.IntField(primary_key=True)
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="assessments", on_delete=fields.CASCADE
    )
    assessor: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="assessments", on_delete=fields.SET_NULL, null=True
    )
    # Kept when the account is erased, so the comparison can still say who recorded it.
    assessor_name = fields.CharField(max_length=200, default="")
    visited_on = fields.DateField(null=True)
    checklist_version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    answers: fields.ReverseRelation[Answer]
    photos: fields.ReverseRelation[Photo]

    class Meta:
        table = "assessment"
        unique_together = (("venue", "assessor"),)


class Answer(Model):
    """What one assessor found for one checklist item."""

    id = fields.IntField(primary_key=True)
    assessment: fields.ForeignKeyRelation[Assessment] = fields.ForeignKeyField(
        "models.Assessment", related_name="answers", on_delete=fields.CASCADE
    )
    item_code = fields.CharField(max_length=8)
    state = fields.CharEnumField(AnswerState, max_length=20)
    # Numbers as decimal text, yes_no as yes/no, multi as comma-joined choice values.
    value = fields.TextField(default="")
    extra = fields.TextField(default="")
    note = fields.TextField(default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "venue_answer"
        unique_together = (("assessment", "item_code"),)


class Photo(Model):
    """A photo taken for one checklist item, re-encoded without metadata, stored on disk."""

    id = fields.IntField(primary_key=True)
    assessment: fields.ForeignKeyRelation[Assessment] = fields.ForeignKeyField(
        "models.Assessment", related_name="photos", on_delete=fields.CASCADE
    )
    item_code = fields.CharField(max_length=8)
    filename = fields.CharField(max_length=80, unique=True)
    alt = fields.CharField(max_length=300)
    width = fields.IntField()
    height = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "venue_photo"


class VenueThreshold(Model):
    """A fair's own value for a checklist threshold, replacing the catalogue default."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="venue_thresholds", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=60)
    value = fields.FloatField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "venue_threshold"
        unique_together = (("fair", "key"),)
