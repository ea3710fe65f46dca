"""Recognition: a person's certificate of contribution, and the organisers' report of hours
by group and role, rewards owed, expenses to check and welfare follow-ups (also as CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from fairplanner.models import Contribution, ExpenseClaim, FollowUp, Membership
from fairplanner.models.fairs import Fair
from fairplanner.models.people import Person
from fairplanner.models.rewards import MONEY_LIKE, ClaimStatus, RewardKind


@dataclass(frozen=True)
class Certificate:
    hours: float
    roles: list[str]
    skills: list[str]
    activities: int


async def certificate(*, fair: Fair, person: Person) -> Certificate:
    rows = await Contribution.filter(fair_id=fair.id, person_id=person.id).prefetch_related(
        "role", "signup__shift__role"
    )
    roles: set[str] = set()
    skills: set[str] = set()
    for row in rows:
        if row.role is not None:
            roles.add(row.role.title)
        elif row.signup is not None:
            roles.add(row.signup.shift.role.title)
        skills.update(s.strip() for s in row.skills_used.split(",") if s.strip())
    return Certificate(
        hours=round(sum(r.minutes for r in rows) / 60, 1),
        roles=sorted(roles),
        skills=sorted(skills),
        activities=len(rows),
    )


@dataclass
class PersonLine:
    person: Person
    group: str
    minutes: int = 0
    owed_pence: int = 0
    credits: float = 0
    donations: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    by_group_role: dict[tuple[str, str], int]  # (group, role or activity) -> minutes
    people: list[PersonLine]
    claims: list[ExpenseClaim]
    follow_ups: list[FollowUp]


async def report(*, fair: Fair) -> Report:
    groups = {
        int(pid): str(g)
        for pid, g in await Membership.filter(fair_id=fair.id).values_list("person_id", "group")
    }
    rows = (
        await Contribution.filter(fair_id=fair.id)
        .prefetch_related("person", "role", "signup__shift__role")
        .order_by("person__name")
    )
    by_group_role: dict[tuple[str, str], int] = {}
    lines: dict[int, PersonLine] = {}
    for row in rows:
        group = groups.get(row.person.id, "not a member now")
        what = (
            row.role.title
            if row.role
            else row.signup.shift.role.title
            if row.signup
            else row.activity.value.replace("_", " ")
        )
        by_group_role[(group, what)] = by_group_role.get((group, what), 0) + row.minutes
        line = lines.setdefault(row.person.id, PersonLine(row.person, group))
        line.minutes += row.minutes
        if row.reward in MONEY_LIKE:
            line.owed_pence += row.reward_pence
        elif row.reward == RewardKind.TIME_CREDITS:
            line.credits += row.minutes / 60
    claims = (
        await ExpenseClaim.filter(fair_id=fair.id)
        .prefetch_related("person")
        .order_by("status", "-id")
    )
    follow_ups = await FollowUp.filter(fair_id=fair.id, done_at__isnull=True).prefetch_related(
        "person"
    )
    return Report(dict(sorted(by_group_role.items())), list(lines.values()), claims, follow_ups)


def report_csv(data: Report) -> str:
    """One row per person: hours, money-like rewards owed, time credits, approved expenses."""
    approved: dict[int, int] = {}
    for claim in data.claims:
        if claim.status == ClaimStatus.APPROVED:
            approved[claim.person.id] = approved.get(claim.person.id, 0) + claim.amount_pence
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "group", "hours", "rewards owed (£)", "time credits", "expenses approved (£)"]
    )
    for line in data.people:
        writer.writerow(
            [
                _safe(line.person.name),
                line.group,
                f"{line.minutes / 60:.2f}",
                f"{line.owed_pence / 100:.2f}",
                f"{line.credits:.1f}",
                f"{approved.get(line.person.id, 0) / 100:.2f}",
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: make them plain text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
