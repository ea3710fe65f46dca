"""Ways to sign in besides a password: reset links, sign-in cards, and the failure log."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.people import Person


class PasswordReset(Model):
    """A single-use, expiring link sent by e-mail. Only a digest of the token is stored."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="password_resets", on_delete=fields.CASCADE
    )
    token_digest = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_reset"


class SignInCard(Model):
    """A printable card (QR code and short code) for people without e-mail, issued by an organiser."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="sign_in_cards", on_delete=fields.CASCADE
    )
    code_digest = fields.CharField(max_length=64, unique=True)
    last_four = fields.CharField(max_length=4)
    pin_hash = fields.CharField(max_length=200, default="", db_default="")
    issued_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="cards_issued", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sign_in_card"


class SignInFailure(Model):
    """One failed sign-in, keyed by account or by address, for rate limiting across processes."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300, db_index=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sign_in_failure"
