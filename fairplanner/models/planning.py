"""Co-planning: proposals with options, votes and comments, the decisions they lead to, the
tasks those decisions spawn, and the programme of the day."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person
from fairplanner.models.venues import Venue


class Topic(StrEnum):
    VENUE = "venue"
    DAY_STRUCTURE = "day_structure"
    MARKETING = "marketing"
    ROLES = "roles"
    OTHER = "other"


class Method(StrEnum):
    """How the group decides. Every vote weighs the same, whoever casts it."""

    CONSENT = "consent"
    DOT_VOTE = "dot_vote"
    TIME_POLL = "time_poll"
    SCORE = "score"


class Channel(StrEnum):
    """How a vote or comment reached us: online by the member, or given to someone who
    recorded it for them."""

    ONLINE = "online"
    PHONE = "phone"
    PAPER = "paper"
    MEETING = "meeting"


class TaskStatus(StrEnum):
    TO_DO = "to_do"
    DOING = "doing"
    DONE = "done"


class Proposal(Model):
    """Something the group is asked to decide, raised by any member of the fair."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="proposals", on_delete=fields.CASCADE
    )
    topic = fields.CharEnumField(Topic, max_length=20)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    method = fields.CharEnumField(Method, max_length=20)
    # Dot votes only: how many dots each person may spread over the options.
    dots = fields.IntField(default=0)
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    created_by: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="proposals", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    closed_at = fields.DatetimeField(null=True)
    closed_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="proposals_closed", on_delete=fields.SET_NULL, null=True
    )
    # Why it was closed before its closing time (required when an organiser closes
    # someone else's proposal early).
    close_reason = fields.TextField(default="")

    options: fields.ReverseRelation[Option]
    votes: fields.ReverseRelation[Vote]
    comments: fields.ReverseRelation[Comment]

    class Meta:
        table = "proposal"


class Option(Model):
    """One choice in a proposal, with what it means in plain words and in easy read."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "models.Proposal", related_name="options", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    title = fields.CharField(max_length=200)
    meaning = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    # Venue proposals only: the fair's venue this choice stands for. Deciding on it makes it
    # the fair's chosen venue.
    venue: fields.ForeignKeyNullableRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="proposal_options", on_delete=fields.SET_NULL, null=True
    )

    class Meta:
        table = "proposal_option"
        unique_together = (("proposal", "position"),)


class Vote(Model):
    """One member's current vote on a proposal. The unique pair (proposal, voter) makes two
    browsers voting at once for the same person end as one vote."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "models.Proposal", related_name="votes", on_delete=fields.CASCADE
    )
    voter: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="votes", on_delete=fields.CASCADE
    )
    recorded_by: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="votes_recorded", on_delete=fields.CASCADE
    )
    channel = fields.CharEnumField(Channel, max_length=20, default=Channel.ONLINE)
    # Per option id (as text): dots, a score 0-5, or 2 yes / 1 maybe / 0 no in a time poll.
    # Consent votes keep their answer in `stance` instead.
    values: Any = fields.JSONField(default=dict)
    stance = fields.CharField(max_length=20, default="")
    reason = fields.TextField(default="")
    # Time polls: "I would need transport or support to come".
    needs_support = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "vote"
        unique_together = (("proposal", "voter"),)


class Comment(Model):
    """A comment on a proposal, written by a member or recorded for them."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "models.Proposal", related_name="comments", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="comments", on_delete=fields.CASCADE
    )
    recorded_by: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="comments_recorded", on_delete=fields.CASCADE
    )
    channel = fields.CharEnumField(Channel, max_length=20, default=Channel.ONLINE)
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "proposal_comment"


class PlanningAudit(Model):
    """The audit trail: every vote, changed vote, comment recorded for someone, and early
    close. Rows are only ever added."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "models.Proposal", related_name="audit", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="planning_actions", on_delete=fields.CASCADE
    )
    on_behalf_of: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="planning_actions_for", on_delete=fields.CASCADE, null=True
    )
    channel = fields.CharEnumField(Channel, max_length=20, default=Channel.ONLINE)
    action = fields.CharField(max_length=40)
    detail = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "planning_audit"


class Decision(Model):
    """The outcome of a closed proposal: plain words, the counts, an owner and a review date."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="decisions", on_delete=fields.CASCADE
    )
    proposal: fields.OneToOneRelation[Proposal] = fields.OneToOneField(
        "models.Proposal", related_name="decision", on_delete=fields.CASCADE
    )
    outcome = fields.TextField()
    easy_read = fields.TextField(default="")
    # The tally when it closed, kept as it was: later changes to members cannot alter it.
    result: Any = fields.JSONField(default=dict)
    owner: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="decisions_owned", on_delete=fields.SET_NULL, null=True
    )
    review_on = fields.DateField(null=True)
    made_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="decisions_made", on_delete=fields.SET_NULL, null=True
    )
    # The venue this decision made the fair's chosen venue, if it was a venue decision.
    venue: fields.ForeignKeyNullableRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="decisions", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    tasks: fields.ReverseRelation[Task]

    class Meta:
        table = "decision"


class Task(Model):
    """An action someone in the fair agreed to do, often spawned by a decision."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="tasks", on_delete=fields.CASCADE
    )
    decision: fields.ForeignKeyNullableRelation[Decision] = fields.ForeignKeyField(
        "models.Decision", related_name="tasks", on_delete=fields.SET_NULL, null=True
    )
    title = fields.CharField(max_length=200)
    owner: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="tasks", on_delete=fields.SET_NULL, null=True
    )
    due_on = fields.DateField(null=True)
    status = fields.CharEnumField(TaskStatus, max_length=20, default=TaskStatus.TO_DO)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="tasks_created", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "task"


class AgendaItem(Model):
    """One part of the day: when, where, what happens and its access features."""

    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[Fair] = fields.ForeignKeyField(
        "models.Fair", related_name="agenda", on_delete=fields.CASCADE
    )
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    place = fields.CharField(max_length=200, default="")
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    easy_read = fields.TextField(default="")
    # Any of bsl, captioned, quiet, hearing_loop (comma separated, like Person.formats).
    access_features = fields.CharField(max_length=100, default="")

    class Meta:
        table = "agenda_item"

    @property
    def feature_list(self) -> list[str]:
        return [f for f in self.access_features.split(",") if f]
