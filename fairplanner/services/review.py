"""The figures of a fair's review, counted in the database with a fixed number of queries
whatever the size of the fair (every figure is a GROUP BY, never a query per row).

Arrivals, no-shows and whether needs were met come from door check-in and the chosen venue's
checks (services/review_attendance.py). Nothing here names an attendee.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.expressions import Subquery
from tortoise.functions import Count, Sum

from fairplanner.models import (
    Comment,
    Decision,
    Fair,
    Membership,
    Proposal,
    Registration,
    ReviewEdit,
    Vote,
)
from fairplanner.models.enums import Group, Role
from fairplanner.models.planning import Channel as VoteChannel
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services import catalogues
from fairplanner.services.review_attendance import Arrivals, NeedsMet, arrivals, needs_met
from fairplanner.services.review_feedback import FormResult, QuestionResult, feedback_results
from fairplanner.services.review_parts import (
    GROUP_LABELS,
    HEARD_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    VOTE_CHANNEL_LABELS,
    Chart,
)
from fairplanner.services.review_volunteering import Volunteering, volunteering

# Re-exported: templates and the CSV read these names from here.
__all__ = ["GROUP_LABELS", "Chart", "Figures", "FormResult", "QuestionResult", "figures"]


@dataclass(frozen=True)
class Attendance:
    bookings: int
    places: int
    companions: int
    walk_ins: int
    by_status: Chart
    by_source: Chart
    by_week: Chart
    arrivals: Arrivals


@dataclass(frozen=True)
class Needs:
    with_needs: int
    chart: Chart
    met: NeedsMet


@dataclass(frozen=True)
class Coproduction:
    members_by_group: Chart
    by_role_group: list[tuple[Role, dict[str, int]]]
    writers_by_group: Chart
    decisions: int
    # Distinct people per group who proposed, voted on, or commented on a proposal.
    taking_part: list[tuple[str, dict[str, int]]]
    voters_by_group: Chart
    votes_by_channel: Chart


@dataclass(frozen=True)
class Figures:
    attendance: Attendance
    needs: Needs
    heard: Chart
    feedback: list[FormResult]
    coproduction: Coproduction
    volunteering: Volunteering

    def charts(self) -> list[Chart]:
        a = self.attendance
        met = self.needs.met
        found = [a.by_status, a.by_source, a.by_week, a.arrivals.by_list, a.arrivals.by_hour]
        found += [self.needs.chart, met.bookings, met.door_notes, self.heard]
        for form in self.feedback:
            found.append(form.channels)
            found += [q.chart for q in form.questions if q.chart is not None]
        co, v = self.coproduction, self.volunteering
        return [
            *found,
            v.people_by_group,
            v.hours_by_group,
            v.rewards,
            co.members_by_group,
            co.writers_by_group,
            co.voters_by_group,
            co.votes_by_channel,
        ]


def _counts(rows: list[dict[str, object]], key: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for row in rows:
        found[str(row[key] if row[key] is not None else "")] += int(str(row["n"] or 0))
    return found


async def figures(*, fair: Fair) -> Figures:
    attendance = await _attendance(fair)
    heard = _counts(
        await Registration.filter(fair_id=fair.id)
        .annotate(n=Count("id"))
        .group_by("heard_from")
        .values("heard_from", "n"),
        "heard_from",
    )
    return Figures(
        attendance=attendance,
        needs=await _needs(fair),
        heard=Chart(
            "heard",
            "How people heard about the fair (bookings)",
            [
                (HEARD_LABELS.get(k, k.replace("_", " ").capitalize()), n)
                for k, n in heard.most_common()
            ],
        ),
        feedback=await feedback_results(fair),
        coproduction=await _coproduction(fair),
        volunteering=await volunteering(fair),
    )


async def _attendance(fair: Fair) -> Attendance:
    rows = (
        await Registration.filter(fair_id=fair.id)
        .annotate(n=Count("id"), p=Sum("places"), c=Sum("companions"))
        .group_by("status", "source")
        .values("status", "source", "n", "p", "c")
    )
    status: Counter[str] = Counter()
    source: Counter[str] = Counter()
    places = companions = 0
    for row in rows:
        n = int(str(row["n"]))
        status[str(row["status"])] += n
        if str(row["status"]) == RegistrationStatus.BOOKED:
            source[str(row["source"])] += n
            places += int(str(row["p"] or 0))
            companions += int(str(row["c"] or 0))
    weeks: Counter[int] = Counter()
    for hour, n in await _bookings_by_hour(fair.id):
        local = hour.astimezone(ZoneInfo(fair.time_zone))
        weeks[local.date().toordinal() - local.weekday()] += n
    ordered = [
        (date.fromordinal(monday).strftime("Week of %-d %B %Y"), n)
        for monday, n in sorted(weeks.items())
    ]
    return Attendance(
        bookings=status[RegistrationStatus.BOOKED],
        places=places,
        companions=companions,
        walk_ins=source[RegistrationSource.DOOR],
        by_status=Chart(
            "status",
            "Bookings by where they ended up",
            [(STATUS_LABELS[s], status[s]) for s in RegistrationStatus if status[s]],
        ),
        by_source=Chart(
            "source",
            "Bookings by how people booked",
            [(SOURCE_LABELS[s], source[s]) for s in RegistrationSource],
        ),
        by_week=Chart("weeks", "Bookings made each week", ordered),
        arrivals=await arrivals(fair),
    )


# Bookings counted per UTC hour in SQL: at most one row per hour the fair took bookings, so the
# cost does not grow with the number of bookings; weeks are then made in the fair's time zone
# (hour buckets are exact for whole-hour offsets). Week boundaries are not portable SQL.
_HOURS_SQL = {
    "sqlite": (
        "SELECT substr(created_at, 1, 13) AS hour, COUNT(*) FROM registration "
        "WHERE fair_id = ? AND status = ? GROUP BY hour"
    ),
    "postgres": (
        "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, COUNT(*) "
        "FROM registration WHERE fair_id = $1 AND status = $2 GROUP BY hour"
    ),
}


async def _bookings_by_hour(fair_id: int) -> list[tuple[datetime, int]]:
    connection = connections.get("default")
    sql = _HOURS_SQL[connection.capabilities.dialect]
    _, rows = await connection.execute_query(sql, [fair_id, RegistrationStatus.BOOKED.value])
    return [
        (
            datetime.strptime(str(hour).replace("T", " "), "%Y-%m-%d %H").replace(tzinfo=UTC),
            int(n),
        )
        for hour, n in rows
    ]


async def _needs(fair: Fair) -> Needs:
    rows = (
        await Registration.filter(fair_id=fair.id, status=RegistrationStatus.BOOKED)
        .exclude(access_need_keys="")
        .annotate(n=Count("id"))
        .group_by("access_need_keys")
        .values("access_need_keys", "n")
    )
    needs: Counter[str] = Counter()
    stated: Counter[str] = Counter()
    with_needs = 0
    for row in rows:
        n = int(str(row["n"]))
        with_needs += n
        stated[str(row["access_need_keys"])] += n
        for code in {k for k in str(row["access_need_keys"]).split(",") if k}:
            needs[code] += n
    labelled = []
    for code, n in needs.most_common():
        need = catalogues.need(code)
        labelled.append((need.wording if need else code, n))
    return Needs(
        with_needs=with_needs,
        chart=Chart("needs", "Access needs people told us about", labelled),
        met=await needs_met(fair, stated),
    )


async def _coproduction(fair: Fair) -> Coproduction:
    rows = (
        await Membership.filter(fair_id=fair.id)
        .annotate(n=Count("id"))
        .group_by("role", "group")
        .values_list("role", "group", "n")
    )
    groups: Counter[str] = Counter()
    grid: dict[str, dict[str, int]] = {}
    for role, group, n in rows:
        groups[str(group)] += int(n)
        grid.setdefault(str(role), {})[str(group)] = int(n)
    writers = await _members_by_group(
        fair, ReviewEdit.filter(review__fair_id=fair.id).values("person_id")
    )
    in_fair = {"proposal__fair_id": fair.id}
    taking_part = [
        (
            "Made a proposal",
            await _members_by_group(fair, Proposal.filter(fair_id=fair.id).values("created_by_id")),
        ),
        ("Voted", await _members_by_group(fair, Vote.filter(**in_fair).values("voter_id"))),
        ("Commented", await _members_by_group(fair, Comment.filter(**in_fair).values("author_id"))),
    ]
    channels = dict(
        await Vote.filter(**in_fair)
        .annotate(n=Count("id"))
        .group_by("channel")
        .values_list("channel", "n")
    )
    return Coproduction(
        members_by_group=Chart(
            "members",
            "People planning the fair, by group",
            [(GROUP_LABELS[g], groups[g]) for g in Group],
        ),
        by_role_group=[(r, grid.get(str(r), {})) for r in Role],
        writers_by_group=Chart(
            "writers",
            "People who wrote the review, by group",
            [(GROUP_LABELS[g], writers.get(g, 0)) for g in Group],
        ),
        decisions=await Decision.filter(fair_id=fair.id).count(),
        taking_part=taking_part,
        voters_by_group=Chart(
            "voters",
            "People who voted on proposals, by group",
            [(GROUP_LABELS[g], taking_part[1][1].get(g, 0)) for g in Group],
        ),
        votes_by_channel=Chart(
            "vote-channels",
            "How votes were given",
            [(VOTE_CHANNEL_LABELS[c], int(channels.get(c, 0))) for c in VoteChannel],
        ),
    )


async def _members_by_group(fair: Fair, people: object) -> dict[str, int]:
    """How many of the fair's members, by group, are among `people` (a subquery of ids)."""
    rows = (
        await Membership.filter(fair_id=fair.id, person_id__in=Subquery(people))  # type: ignore[arg-type]
        .annotate(n=Count("id"))
        .group_by("group")
        .values_list("group", "n")
    )
    return {str(g): int(n) for g, n in rows}
