"""Volunteer roles (with their history), shifts, sign-ups, waiting lists and briefings.

The model is called VolunteerRole because `Role` already names a member's part in a fair
(models.enums.Role); pages still call it a "role".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class RoleStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class WaitStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    EXPIRED = "expired"


class VolunteerRole(Model):
    """A volunteer role written with the people who will do it."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="volunteer_roles", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=200)
    purpose = fields.TextField(default="")
    # One responsibility per line: shown as a list.
    responsibilities = fields.TextField(default="")
    skills = fields.TextField(default="")
    support_offered = fields.TextField(default="")
    access_notes = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    people_needed = fields.IntField(default=1)
    needs_briefing = fields.BooleanField(default=False)
    status = fields.CharEnumField(RoleStatus, max_length=20, default=RoleStatus.DRAFT)
    version = fields.IntField(default=1)
    drafted_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="roles_drafted", on_delete=fields.SET_NULL, null=True
    )
    approved_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="roles_approved", on_delete=fields.SET_NULL, null=True
    )
    approved_at = fields.DatetimeField(null=True)
    # Why it became active: "organiser" or a co-planning decision's reference.
    approved_how = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_role"

    @property
    def responsibility_list(self) -> list[str]:
        return [line.strip() for line in self.responsibilities.splitlines() if line.strip()]


class RoleVersion(Model):
    """A saved copy of a role as it was after each change, with who changed it."""

    id = fields.IntField(primary_key=True)
    role: fields.ForeignKeyRelation[VolunteerRole] = fields.ForeignKeyField(
        "models.VolunteerRole", related_name="versions", on_delete=fields.CASCADE
    )
    version = fields.IntField()
    snapshot: Any = fields.JSONField()
    note = fields.CharField(max_length=200, default="")
    changed_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="role_changes", on_delete=fields.SET_NULL, null=True
    )
    changed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "role_version"
        unique_together = (("role", "version"),)


class Shift(Model):
    """When a role is needed, and by how many people."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="shifts", on_delete=fields.CASCADE
    )
    role: fields.ForeignKeyRelation[VolunteerRole] = fields.ForeignKeyField(
        "models.VolunteerRole", related_name="shifts", on_delete=fields.CASCADE
    )
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    people_needed = fields.IntField(default=1)
    reminded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "shift"
        indexes = (("fair_id", "starts_at"),)


class Signup(Model):
    """A person doing a shift. `place` numbers the places 1..needed: the unique pair
    (shift, place) is what lets exactly one of two people take the last place."""

    id = fields.IntField(primary_key=True)
    shift: fields.ForeignKeyRelation[Shift] = fields.ForeignKeyField(
        "models.Shift", related_name="signups", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="signups", on_delete=fields.CASCADE
    )
    place = fields.IntField()
    assigned_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="signups_assigned", on_delete=fields.SET_NULL, null=True
    )
    over_fill_reason = fields.CharField(max_length=300, default="")
    # Why an organiser moved the person here from another shift (kept with the sign-up).
    move_reason = fields.CharField(max_length=300, default="", db_default="")
    # Set when the reminder the day before was sent: the claim that makes it go only once.
    reminded_at = fields.DatetimeField(null=True)
    # None until marked; True turns into a contribution, False into a welfare follow-up.
    attended = fields.BooleanField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "signup"
        unique_together = (("shift", "person"), ("shift", "place"))


class WaitlistEntry(Model):
    """A place in the queue for a full shift. A freed place is offered with an expiring link."""

    id = fields.IntField(primary_key=True)
    shift: fields.ForeignKeyRelation[Shift] = fields.ForeignKeyField(
        "models.Shift", related_name="waitlist", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="waitlist_entries", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(WaitStatus, max_length=20, default=WaitStatus.WAITING)
    token_digest = fields.CharField(max_length=64, null=True, unique=True)
    offered_at = fields.DatetimeField(null=True)
    offer_expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "waitlist_entry"
        unique_together = (("shift", "person"),)


class Briefing(Model):
    """A person has had the briefing a role needs, and who gave it."""

    id = fields.IntField(primary_key=True)
    role: fields.ForeignKeyRelation[VolunteerRole] = fields.ForeignKeyField(
        "models.VolunteerRole", related_name="briefings", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="briefings", on_delete=fields.CASCADE
    )
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="briefings_recorded", on_delete=fields.SET_NULL, null=True
    )
    done_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "briefing"
        unique_together = (("role", "person"),)


class VolunteerLimit(Model):
    """A person's own limit of hours per day in one fair (they set it, it is theirs)."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="volunteer_limits", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="volunteer_limits", on_delete=fields.CASCADE
    )
    max_minutes_per_day = fields.IntField()

    class Meta:
        table = "volunteer_limit"
        unique_together = (("fair", "person"),)


class VolunteeringSettings(Model):
    """An organiser's settings for one fair: the withdraw cut-off and reward limits."""

    id = fields.IntField(primary_key=True)
    fair: fields.OneToOneRelation[Fair] = fields.OneToOneField(
        "models.Fair", related_name="volunteering_settings", on_delete=fields.CASCADE
    )
    withdraw_cutoff_hours = fields.IntField(default=24)
    offer_hours = fields.IntField(default=24)
    weekly_limit_pence = fields.IntField(null=True)
    monthly_limit_pence = fields.IntField(null=True)
    named_worker: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="worker_for", on_delete=fields.SET_NULL, null=True
    )
    welfare_advice = fields.CharField(
        max_length=300,
        default="Citizens Advice: 0800 144 8848, or your local welfare rights service",
    )

    class Meta:
        table = "volunteering_settings"
