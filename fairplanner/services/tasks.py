"""Tasks: actions someone agreed to do, often spawned by a decision; and the fair's
co-production picture (counts only, never names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Fair, Membership, Person, Venue
from fairplanner.models.enums import Group
from fairplanner.models.planning import Decision, Proposal, Task, TaskStatus, Vote
from fairplanner.services import planning_notices
from fairplanner.services.clock import now


async def create_task(
    *,
    fair: Fair,
    title: str,
    by: Person,
    owner: Person | None = None,
    due_on: date | None = None,
    decision: Decision | None = None,
) -> Task:
    if not title.strip():
        raise DomainError("title_needed", "Say what needs doing", field="title")
    if owner is not None and not await Membership.exists(fair_id=fair.id, person_id=owner.id):
        raise DomainError(
            "not_a_member", "The person doing it must be taking part in this fair", field="owner"
        )
    async with in_transaction():
        task = await Task.create(
            fair=fair,
            title=title.strip(),
            owner=owner,
            due_on=due_on,
            decision=decision,
            created_by=by,
        )
        await planning_notices.task_assigned(task=task, by=by)
    return task


async def tasks_of(*, fair: Fair, owner: Person | None = None) -> list[Task]:
    query = Task.filter(fair_id=fair.id)
    if owner is not None:
        query = query.filter(owner_id=owner.id)
    return await query.prefetch_related("owner", "decision").order_by("status", "due_on", "id")


async def overdue_tasks(*, fair: Fair, today: date) -> list[Task]:
    return (
        await Task.filter(fair_id=fair.id, due_on__lt=today)
        .exclude(status=TaskStatus.DONE)
        .prefetch_related("owner")
        .order_by("due_on", "id")
    )


async def task_in(*, fair: Fair, task_id: int) -> Task:
    found = await Task.get_or_none(id=task_id, fair_id=fair.id).prefetch_related("owner")
    if found is None:
        raise NotFound()
    return found


def may_update(task: Task, *, by: Person, organiser: bool) -> bool:
    """The person doing it, the person who set it, and organisers."""
    return organiser or by.id in (task.owner_id, task.created_by_id)  # type: ignore[attr-defined]


async def set_status(*, task: Task, status: TaskStatus, by: Person, organiser: bool) -> Task:
    if not may_update(task, by=by, organiser=organiser):
        raise DomainError(
            "not_your_task", "Only the person doing this task, or an organiser, can change it."
        )
    task.status = status
    await task.save(update_fields=["status"])
    return task


@dataclass
class CoProduction:
    """Who is taking part and how decisions were shared, by group. Counts only."""

    members: dict[Group, int] = field(default_factory=dict)
    decisions: int = 0
    # How many decisions had at least one vote from each group.
    decisions_with_votes_from: dict[Group, int] = field(default_factory=dict)
    proposals: int = 0
    proposals_from_non_staff: int = 0


async def coproduction(*, fair: Fair) -> CoProduction:
    groups = dict(await Membership.filter(fair_id=fair.id).values_list("person_id", "group"))
    picture = CoProduction(
        members={g: sum(1 for x in groups.values() if x == g) for g in Group},
        decisions_with_votes_from=dict.fromkeys(Group, 0),
    )
    decided = await Decision.filter(fair_id=fair.id).values_list("proposal_id", flat=True)
    picture.decisions = len(decided)
    voters = await Vote.filter(proposal_id__in=list(decided)).values_list("proposal_id", "voter_id")
    seen: dict[int, set[Group]] = {}
    for proposal_id, voter_id in voters:
        group = groups.get(voter_id)
        if group is not None:
            seen.setdefault(proposal_id, set()).add(Group(group))
    for found in seen.values():
        for group in found:
            picture.decisions_with_votes_from[group] += 1
    authors = await Proposal.filter(fair_id=fair.id).values_list("created_by_id", flat=True)
    picture.proposals = len(authors)
    picture.proposals_from_non_staff = sum(
        1 for a in authors if groups.get(a) is not None and groups.get(a) != Group.STAFF
    )
    return picture


@dataclass
class HomeSummary:
    """What the fair home page shows about co-planning."""

    open_proposals: int
    my_open_tasks: int
    overdue: list[Task]
    picture: CoProduction
    # The venue the group chose (by a venue decision or on the venues pages), if any.
    venue: Venue | None = None


async def home_summary(*, fair: Fair, person: Person) -> HomeSummary:
    today = now().astimezone(ZoneInfo(fair.time_zone)).date()
    at = now()
    return HomeSummary(
        open_proposals=await Proposal.filter(
            fair_id=fair.id, closed_at__isnull=True, opens_at__lte=at, closes_at__gt=at
        ).count(),
        my_open_tasks=await Task.filter(fair_id=fair.id, owner_id=person.id)
        .exclude(status=TaskStatus.DONE)
        .count(),
        overdue=await overdue_tasks(fair=fair, today=today),
        picture=await coproduction(fair=fair),
        venue=await Venue.get_or_none(fair_id=fair.id, chosen=True),
    )
