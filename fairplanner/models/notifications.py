"""The outbox: every e-mail is written here first, then sent by SMTP when configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.enums import ContactChannel

if TYPE_CHECKING:
    from fairplanner.models.fairs import Fair
    from fairplanner.models.people import Person


class OutboxMessage(Model):
    id = fields.IntField(primary_key=True)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0, db_default=0)
    last_error = fields.CharField(max_length=500, default="", db_default="")

    attachments: fields.ReverseRelation[OutboxAttachment]

    class Meta:
        table = "outbox_message"


class OutboxAttachment(Model):
    """A file sent with an e-mail (a ticket's .ics, say), kept with its message in the outbox."""

    id = fields.IntField(primary_key=True)
    message: fields.ForeignKeyRelation[OutboxMessage] = fields.ForeignKeyField(
        "models.OutboxMessage", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    data = fields.BinaryField()

    class Meta:
        table = "outbox_attachment"


class ContactMessage(Model):
    """A message for someone who is not reached by e-mail: a text (sent through the SMS
    gateway when one is set up), or an item on the fair's list of people to phone, write to
    or reach through their supporter. An organiser marks it done when it has reached them."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyNullableRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="contact_messages", on_delete=fields.CASCADE, null=True
    )
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="contact_messages", on_delete=fields.CASCADE, null=True
    )
    recipient_name = fields.CharField(max_length=200)
    channel = fields.CharEnumField(ContactChannel, max_length=20)
    # Phone number for a text or call, or the person's own note on how to reach them.
    address = fields.CharField(max_length=300, default="", db_default="")
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    kind = fields.CharField(max_length=40)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0, db_default=0)
    last_error = fields.CharField(max_length=500, default="", db_default="")
    done_at = fields.DatetimeField(null=True)
    done_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="contacts_done", on_delete=fields.SET_NULL, null=True
    )
    done_note = fields.CharField(max_length=300, default="", db_default="")

    class Meta:
        table = "contact_message"
