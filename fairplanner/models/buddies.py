"""Buddy pairing: each side's profile, the matcher's runs, the pairs it proposes, organisers'
overrides (pin, forbid, leave out) and an audit of every override and publish.

"Never pair me with" is private: only the matcher reads it, no page shows it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person


class Side(StrEnum):
    SUPPORTED = "supported"
    PARTNER = "partner"


class SupportLevel(StrEnum):
    ON_MY_OWN = "on_my_own"
    SOMEONE_NEARBY = "someone_nearby"
    BUDDY_WITH_ME = "buddy_with_me"
    TWO_PEOPLE = "two_people"


class RunStatus(StrEnum):
    PROPOSED = "proposed"
    PUBLISHED = "published"


class PairStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    CHANGE_ASKED = "change_asked"


class OverrideKind(StrEnum):
    PIN = "pin"
    FORBID = "forbid"
    LEAVE_OUT = "leave_out"


class BuddyProfile(Model):
    """What the matcher needs to know about one person, filled in by them or a supporter."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="buddy_profiles", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="buddy_profiles", on_delete=fields.CASCADE
    )
    side = fields.CharEnumField(Side, max_length=20)
    support = fields.CharEnumField(SupportLevel, max_length=20, default=SupportLevel.BUDDY_WITH_ME)
    capacity = fields.IntField(default=0)  # partners: how many people they can support
    # Comma separated lists of short words: kept simple for forms and for the matcher.
    languages = fields.CharField(max_length=200, default="")
    communication = fields.CharField(max_length=300, default="")
    skills = fields.CharField(max_length=300, default="")
    interests = fields.CharField(max_length=300, default="")
    times = fields.CharField(max_length=300, default="")
    meeting_point = fields.CharField(max_length=200, default="")
    named: Any = fields.JSONField(default=list)  # person ids asked for
    never: Any = fields.JSONField(default=list)  # private: person ids never to pair with
    filled_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person",
        related_name="buddy_profiles_filled",
        on_delete=fields.SET_NULL,
        null=True,
    )
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "buddy_profile"
        unique_together = (("fair", "person"),)


class PairingRun(Model):
    """One run of the matcher: its seed, block and settings (weights, minimum score, fairness),
    so it can be repeated exactly. The unique (fair, number) means two organisers re-running at
    once cannot both write a run."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="pairing_runs", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    # "" for the whole fair, else a time block ("morning", "afternoon"): see services.buddies
    block = fields.CharField(max_length=20, default="", db_default="")
    seed = fields.BigIntField()
    settings: Any = fields.JSONField(default=dict)
    status = fields.CharEnumField(RunStatus, max_length=20, default=RunStatus.PROPOSED)
    total = fields.IntField(default=0)
    worst = fields.IntField(null=True)
    unmatched: Any = fields.JSONField(default=dict)  # person id -> why, in plain words
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="pairing_runs", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True)

    class Meta:
        table = "pairing_run"
        unique_together = (("fair", "number"),)


class BuddyPair(Model):
    """A proposed pair with its score breakdown (each check and criterion in a sentence)."""

    id = fields.IntField(primary_key=True)
    run: fields.ForeignKeyRelation[PairingRun] = fields.ForeignKeyField(
        "models.PairingRun", related_name="pairs", on_delete=fields.CASCADE
    )
    supported: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="buddy_pairs_supported", on_delete=fields.CASCADE
    )
    partner: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="buddy_pairs_partner", on_delete=fields.CASCADE
    )
    score = fields.IntField()
    breakdown: Any = fields.JSONField(default=list)
    pinned = fields.BooleanField(default=False)
    # Kept as it is when the matcher runs again (a lock, a swap, or a published pair).
    locked = fields.BooleanField(default=False, db_default=False)
    status = fields.CharEnumField(PairStatus, max_length=20, default=PairStatus.PROPOSED)
    # The next best partner with a free place, if this buddy cannot come, and why.
    backup: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="buddy_backups", on_delete=fields.SET_NULL, null=True
    )
    backup_why = fields.CharField(max_length=300, default="", db_default="")

    class Meta:
        table = "buddy_pair"
        unique_together = (("run", "supported", "partner"),)


class PairOverride(Model):
    """An organiser's decision the next run keeps: pin a pair, forbid a pair, leave out."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="pair_overrides", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(OverrideKind, max_length=20)
    supported: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="overrides_supported", on_delete=fields.CASCADE
    )
    partner: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="overrides_partner", on_delete=fields.CASCADE, null=True
    )
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="overrides_made", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "pair_override"


class PairingAudit(Model):
    """Every run, pin, forbid, leave-out and publish: who did it and when."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="pairing_audit", on_delete=fields.CASCADE
    )
    action = fields.CharField(max_length=40)
    detail = fields.CharField(max_length=500, default="")
    by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="pairing_actions", on_delete=fields.SET_NULL, null=True
    )
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "pairing_audit"
