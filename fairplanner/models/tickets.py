"""Attendees' bookings and their tickets, and how many places a fair has."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair


class RegistrationStatus(StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"
    # A freed place is held for this person until offer_expires_at.
    OFFERED = "offered"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class RegistrationSource(StrEnum):
    ONLINE = "online"
    PHONE = "phone"
    PAPER = "paper"
    DOOR = "door"


class TicketKind(StrEnum):
    ATTENDEE = "attendee"
    # A carer or personal assistant: free, and not counted against capacity.
    COMPANION = "companion"


class TicketStatus(StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"
    # Replaced by a new ticket with a new secret: the old secret stops working.
    REISSUED = "reissued"


class BookingSettings(Model):
    """How many places a fair has, and how many are taken (kept by conditional updates)."""

    id = fields.IntField(primary_key=True)
    fair: fields.OneToOneRelation[Fair] = fields.OneToOneField(
        "models.Fair", related_name="booking_settings", on_delete=fields.CASCADE
    )
    # None means no limit.
    capacity = fields.IntField(null=True)
    taken = fields.IntField(default=0)
    offer_hours = fields.IntField(default=48)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "booking_settings"


class Registration(Model):
    """One booking: the person, how to reach them, what they need, and how many places."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="registrations", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=40, default="")
    # Contact through a carer, support worker or organisation, described in supporter.
    via_supporter = fields.BooleanField(default=False)
    supporter = fields.CharField(max_length=300, default="")
    group_name = fields.CharField(max_length=200, default="")
    # Places for attendees (the booker plus anyone in their group); companions are extra.
    places = fields.IntField(default=1)
    companions = fields.IntField(default=0)
    access_needs = fields.TextField(default="")
    # Comma-separated keys from the access-needs list (mapped to the catalogue later).
    access_need_keys = fields.CharField(max_length=1000, default="")
    wants_call = fields.BooleanField(default=False)
    show_at_door = fields.BooleanField(default=False)
    heard_from = fields.CharField(max_length=40, default="")
    source = fields.CharEnumField(RegistrationSource, max_length=20)
    status = fields.CharEnumField(RegistrationStatus, max_length=20)
    # From the form as it was shown: a second submission of the same form finds this row.
    submission_key = fields.CharField(max_length=64)
    offer_expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    tickets: fields.ReverseRelation[Ticket]

    class Meta:
        table = "registration"
        unique_together = (("fair", "submission_key"),)
        indexes = (("fair_id", "status", "created_at"),)

    @property
    def access_need_list(self) -> list[str]:
        return [k for k in self.access_need_keys.split(",") if k]


class Ticket(Model):
    """One person's entry: a secret for the QR code and a short reference for typing."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="tickets", on_delete=fields.CASCADE
    )
    registration: fields.ForeignKeyRelation[Registration] = fields.ForeignKeyField(
        "models.Registration", related_name="tickets", on_delete=fields.CASCADE
    )
    secret = fields.CharField(max_length=32, unique=True)
    reference = fields.CharField(max_length=12, unique=True)
    # What the door sees: a first name and initial, never the full name.
    door_name = fields.CharField(max_length=60)
    kind = fields.CharEnumField(TicketKind, max_length=20)
    status = fields.CharEnumField(TicketStatus, max_length=20, default=TicketStatus.VALID)
    # The QR code as SVG, made once (a code costs several milliseconds).
    qr_svg = fields.TextField(default="")
    # The lead ticket's link manages the whole booking.
    lead = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ticket"
