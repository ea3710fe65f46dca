"""A log of staff reading special-category data (access and support needs), kept per fair."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class SensitiveRead(Model):
    """Who looked at whose sensitive data, when, and for which fair."""

    id = fields.IntField(primary_key=True)
    reader: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="sensitive_reads", on_delete=fields.SET_NULL, null=True
    )
    fair: fields.ForeignKeyNullableRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="sensitive_reads", on_delete=fields.CASCADE, null=True
    )
    what = fields.CharField(max_length=200)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sensitive_read"
