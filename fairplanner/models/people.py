"""Organisations and the people who use FairPlanner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.enums import ContactChannel, TextSize

if TYPE_CHECKING:
    from fairplanner.models.fairs import Fair, Membership


class Organisation(Model):
    """A council or charity. Owns its fairs and their data. Nothing crosses between them."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=80, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    fairs: fields.ReverseRelation[Fair]
    admins: fields.ReverseRelation[OrganisationAdmin]

    class Meta:
        table = "organisation"


class Person(Model):
    """Anyone with an account, with how they like to be contacted and to read."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, null=True, unique=True)
    phone = fields.CharField(max_length=40, default="", db_default="")
    pronouns = fields.CharField(max_length=40, default="", db_default="")
    password_hash = fields.CharField(max_length=200, default="", db_default="")
    # Addresses this account used before, one a line: kept only to find the e-mails sent
    # there when the person asks for their data or for it to be erased (the outbox is found
    # by address). Emptied by erasure.
    former_emails = fields.TextField(default="", db_default="")
    contact_channel = fields.CharEnumField(
        ContactChannel, max_length=20, default=ContactChannel.EMAIL
    )
    # Formats a person asks for: any of easy_read, large_print, bsl, audio (comma separated).
    formats = fields.CharField(max_length=100, default="", db_default="")
    easy_read = fields.BooleanField(default=False, db_default=False)
    text_size = fields.CharEnumField(TextSize, max_length=20, default=TextSize.STANDARD)
    # Bumped on sign-out-everywhere and password change, so old session cookies stop working.
    session_version = fields.IntField(default=1, db_default=1)
    created_at = fields.DatetimeField(auto_now_add=True)

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "person"

    @property
    def format_list(self) -> list[str]:
        return [f for f in self.formats.split(",") if f]


class OrganisationAdmin(Model):
    """A person who runs an organisation's account: can create fairs and see all of them."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="admins", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="admin_of", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organisation_admin"
        unique_together = (("organisation", "person"),)
