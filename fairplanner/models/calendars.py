"""Personal calendar feeds, and the revision number each calendar event has reached."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.people import Person


class CalendarFeed(Model):
    """A member's subscription link (webcal). Revoking it makes the old link stop working."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="calendar_feeds", on_delete=fields.CASCADE
    )
    # Kept readable so the member can copy their link again (it reveals only their own dates).
    token = fields.CharField(max_length=64, unique=True)
    # Minutes before each event for a reminder, or None for no reminder.
    alarm_minutes = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "calendar_feed"


class CalendarRevision(Model):
    """The SEQUENCE of one calendar event UID: raised whenever its content changes."""

    id = fields.IntField(primary_key=True)
    uid = fields.CharField(max_length=200, unique=True)
    fingerprint = fields.CharField(max_length=64)
    sequence = fields.IntField(default=0)
    changed_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "calendar_revision"
