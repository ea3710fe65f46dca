"""Stalls at the fair and the opportunities they offer."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class OpportunityKind(StrEnum):
    JOB = "job"
    COURSE = "course"
    VOLUNTEERING = "volunteering"
    ACTIVITY = "activity"


class Stall(Model):
    """An exhibiting organisation at the fair. Its exhibitor member may edit it."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="stalls", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    exhibitor: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="stalls", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    opportunities: fields.ReverseRelation[Opportunity]

    class Meta:
        table = "stall"


class Opportunity(Model):
    """A job, course, volunteering role or activity offered at a stall."""

    id = fields.IntField(primary_key=True)
    stall: fields.ForeignKeyRelation[Stall] = fields.ForeignKeyField(
        "models.Stall", related_name="opportunities", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(OpportunityKind, max_length=20)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "opportunity"
