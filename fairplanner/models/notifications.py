"""The outbox: every e-mail is written here first, then sent by SMTP when configured."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class OutboxMessage(Model):
    id = fields.IntField(primary_key=True)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0, db_default=0)
    last_error = fields.CharField(max_length=500, default="", db_default="")

    class Meta:
        table = "outbox_message"
