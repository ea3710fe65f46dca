"""Fairs, the people taking part in each, and invitations to join."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.enums import Group, Phase, Role
from fairplanner.models.people import Organisation, Person


class Fair(Model):
    """One event being planned."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="fairs", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=200)
    summary = fields.TextField(default="")
    easy_read_summary = fields.TextField(default="")
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    time_zone = fields.CharField(max_length=64, default="Europe/London", db_default="Europe/London")
    phase = fields.CharEnumField(Phase, max_length=20, default=Phase.PLANNING)
    created_at = fields.DatetimeField(auto_now_add=True)

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "fair"


class Membership(Model):
    """A person's part in one fair, and the group they belong to."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="memberships", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=20)
    group = fields.CharEnumField(Group, max_length=20)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "membership"
        unique_together = (("fair", "person"),)


class Invitation(Model):
    """An invitation by e-mail link to join a fair. Only a digest of the token is stored."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="invitations", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254)
    role = fields.CharEnumField(Role, max_length=20)
    group = fields.CharEnumField(Group, max_length=20)
    token_digest = fields.CharField(max_length=64, unique=True)
    invited_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="invitations_sent", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    withdrawn_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"
