"""Reciprocity: hours given, the reward each person chose in advance, expenses, follow-ups.

Reward choices and money are sensitive: only the person and organisers see them.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person
from fairplanner.models.volunteering import Signup, VolunteerRole


class Activity(StrEnum):
    PLANNING_MEETING = "planning_meeting"
    VENUE_VISIT = "venue_visit"
    SHIFT = "shift"
    OTHER = "other"


class RewardKind(StrEnum):
    NONE = "none"
    TIME_CREDITS = "time_credits"
    VOUCHER = "voucher"
    FEE = "fee"
    REDUCED_FEE = "reduced_fee"
    DONATION = "donation"
    EXPENSES_ONLY = "expenses_only"


# Rewards a person is paid in money or money's worth: these count towards benefit limits.
MONEY_LIKE = frozenset({RewardKind.VOUCHER, RewardKind.FEE, RewardKind.REDUCED_FEE})


class ExpenseKind(StrEnum):
    TRAVEL = "travel"
    CARER = "carer"
    ASSISTANT = "assistant"
    OTHER = "other"


class ClaimStatus(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    REFUSED = "refused"


class Contribution(Model):
    """Time a person gave, and who wrote it down."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="contributions", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="contributions", on_delete=fields.CASCADE
    )
    activity = fields.CharEnumField(Activity, max_length=30)
    role: fields.ForeignKeyNullableRelation[VolunteerRole] = fields.ForeignKeyField(
        "models.VolunteerRole", related_name="contributions", on_delete=fields.SET_NULL, null=True
    )
    # A shift's attendance turns into one contribution at most.
    signup: fields.ForeignKeyNullableRelation[Signup] = fields.ForeignKeyField(
        "models.Signup",
        related_name="contributions",
        on_delete=fields.SET_NULL,
        null=True,
        unique=True,
    )
    given_on = fields.DateField()
    minutes = fields.IntField()
    note = fields.CharField(max_length=300, default="")
    skills_used = fields.CharField(max_length=300, default="")
    # The reward chosen for this activity when it was recorded, and what it is worth.
    reward = fields.CharEnumField(RewardKind, max_length=20, default=RewardKind.NONE)
    reward_pence = fields.IntField(default=0)
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person",
        related_name="contributions_recorded",
        on_delete=fields.SET_NULL,
        null=True,
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contribution"
        indexes = (("fair_id", "person_id", "given_on"),)


class RewardChoice(Model):
    """What a person chose, before the work, to get back for one kind of activity."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="reward_choices", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="reward_choices", on_delete=fields.CASCADE
    )
    activity = fields.CharEnumField(Activity, max_length=30)
    kind = fields.CharEnumField(RewardKind, max_length=20, default=RewardKind.NONE)
    # For fees and vouchers: the amount per hour. Time credits are one per hour, never money.
    pence_per_hour = fields.IntField(default=0)
    donation_group = fields.CharField(max_length=200, default="")
    # A fee or voucher only counts once the person has read the benefits note and confirmed.
    benefits_note_seen_at = fields.DatetimeField(null=True)
    chosen_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reward_choice"
        unique_together = (("fair", "person", "activity"),)


class ExpenseClaim(Model):
    """Money a person spent to take part (travel, carer or assistant), with its receipt."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="expense_claims", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="expense_claims", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ExpenseKind, max_length=20)
    amount_pence = fields.IntField()
    spent_on = fields.DateField()
    receipt = fields.CharField(max_length=300)
    status = fields.CharEnumField(ClaimStatus, max_length=20, default=ClaimStatus.WAITING)
    decided_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="claims_decided", on_delete=fields.SET_NULL, null=True
    )
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "expense_claim"


class FollowUp(Model):
    """A welfare check for an organiser after a missed shift: support, never a penalty."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="follow_ups", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="follow_ups", on_delete=fields.CASCADE
    )
    reason = fields.CharField(max_length=300)
    signup_id_ref = fields.IntField(null=True, unique=True)
    done_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "follow_up"
