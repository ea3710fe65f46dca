"""Co-planning notifications: what is waiting to be told to each person, how often they want
to hear, and which daily digests have gone out."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class NoticeKind(StrEnum):
    NEW_PROPOSAL = "new_proposal"
    CLOSING_SOON = "closing_soon"
    DECISION = "decision"
    TASK = "task"


class NoticePreference(Model):
    """How often a person hears about co-planning. No row means one digest a day."""

    id = fields.IntField(primary_key=True)
    person: fields.OneToOneRelation[Person] = fields.OneToOneField(
        "models.Person", related_name="notice_preference", on_delete=fields.CASCADE
    )
    every_message = fields.BooleanField(default=False)

    class Meta:
        table = "notice_preference"


class PendingNotice(Model):
    """One thing to tell one person. The key (for example closing_soon:12) is unique per
    person, so the same reminder is never queued, or sent, twice."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="notices", on_delete=fields.CASCADE
    )
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="notices", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(NoticeKind, max_length=20)
    key = fields.CharField(max_length=80)
    text = fields.TextField()
    # Path inside the app (like /fairs/3/proposals/7), made absolute when sent.
    link = fields.CharField(max_length=300, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "pending_notice"
        unique_together = (("person", "key"),)


class NoticeDigest(Model):
    """A daily digest sent to one person about one fair. Unique per day: never two a day."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="notice_digests", on_delete=fields.CASCADE
    )
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="notice_digests", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    items = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notice_digest"
        unique_together = (("person", "fair", "day"),)
