"""Door check-in: lists (doors or sessions), paired door phones, who is inside, every scan."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person
from fairplanner.models.tickets import Ticket


class DoorRole(StrEnum):
    # A steward only scans. A supervisor can also search by name, undo, override and book
    # walk-ins.
    STEWARD = "steward"
    SUPERVISOR = "supervisor"


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class CheckInList(Model):
    """One door or session with its opening times and whether people may come back in."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="checkin_lists", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    # None means open from the start or until the end.
    opens_at = fields.DatetimeField(null=True)
    closes_at = fields.DatetimeField(null=True)
    allow_reentry = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "checkin_list"
        unique_together = (("fair", "name"),)


class DoorDevice(Model):
    """A phone paired to one list by an organiser: time-limited, revocable, maybe PIN-locked."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="door_devices", on_delete=fields.CASCADE
    )
    checkin_list: fields.ForeignKeyRelation[CheckInList] = fields.ForeignKeyField(
        "models.CheckInList", related_name="devices", on_delete=fields.CASCADE
    )
    label = fields.CharField(max_length=100)
    role = fields.CharEnumField(DoorRole, max_length=20)
    # The pairing link's token is shown once as a QR code and kept only as a digest.
    token_digest = fields.CharField(max_length=64, unique=True)
    pin_hash = fields.CharField(max_length=200, default="")
    expires_at = fields.DatetimeField()
    paired_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="door_devices", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "door_device"


class Presence(Model):
    """Whether one ticket is inside through one list: changed only by conditional writes."""

    id = fields.IntField(primary_key=True)
    checkin_list: fields.ForeignKeyRelation[CheckInList] = fields.ForeignKeyField(
        "models.CheckInList", related_name="presences", on_delete=fields.CASCADE
    )
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="presences", on_delete=fields.CASCADE
    )
    inside = fields.BooleanField(default=True)
    entries = fields.IntField(default=1)
    first_entry_at = fields.DatetimeField()
    changed_at = fields.DatetimeField()

    class Meta:
        table = "checkin_presence"
        # One row per ticket per list: the first entry is an INSERT guarded by this.
        unique_together = (("checkin_list", "ticket"),)
        indexes = (("checkin_list_id", "inside"),)


class CheckIn(Model):
    """Every scan, successful or not, with the answer the device was given."""

    id = fields.IntField(primary_key=True)
    checkin_list: fields.ForeignKeyRelation[CheckInList] = fields.ForeignKeyField(
        "models.CheckInList", related_name="scans", on_delete=fields.CASCADE
    )
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="scans", null=True, on_delete=fields.SET_NULL
    )
    device: fields.ForeignKeyNullableRelation[DoorDevice] = fields.ForeignKeyField(
        "models.DoorDevice", related_name="scans", null=True, on_delete=fields.SET_NULL
    )
    # Unique per device: a retried scan finds the first answer instead of scanning twice.
    nonce = fields.CharField(max_length=64)
    direction = fields.CharEnumField(Direction, max_length=10)
    result = fields.CharField(max_length=30)
    successful = fields.BooleanField()
    forced = fields.BooleanField(default=False)
    # What was scanned, cut short: enough to see mistakes, never a whole unknown secret.
    code_hint = fields.CharField(max_length=12, default="")
    client_time = fields.DatetimeField(null=True)
    # Decided on the phone while it had no network, and sent later.
    offline = fields.BooleanField(default=False, db_default=False)
    # For an offline admission: what the server would have answered when it was not ok
    # (already_checked_in is a ticket let in twice). Empty when there is nothing to review.
    conflict = fields.CharField(max_length=30, default="", db_default="")
    created_at = fields.DatetimeField()
    annulled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "checkin"
        unique_together = (("device", "nonce"),)
        indexes = (("checkin_list_id", "created_at"),)
