"""Volunteer roles (drafted by any co-planner, approved before use, history kept), shifts,
the coverage board and each person's shifts (which the calendar feed reads)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Decision, Fair, Person, Proposal
from fairplanner.models.planning import Topic
from fairplanner.models.volunteering import (
    RoleStatus,
    RoleVersion,
    Shift,
    Signup,
    VolunteeringSettings,
    VolunteerRole,
    WaitlistEntry,
    WaitStatus,
)
from fairplanner.services.clock import now

MAX_PEOPLE = 500
MAX_SHIFT_HOURS = 24


@dataclass(frozen=True)
class RoleDetails:
    title: str
    purpose: str = ""
    responsibilities: str = ""
    skills: str = ""
    support_offered: str = ""
    access_notes: str = ""
    easy_read: str = ""
    people_needed: int = 1
    needs_briefing: bool = False


def _check_role(details: RoleDetails) -> None:
    if not details.title.strip():
        raise DomainError("title_missing", "Enter a name for the role", field="title")
    if not 1 <= details.people_needed <= MAX_PEOPLE:
        raise DomainError(
            "people_needed",
            f"People needed must be between 1 and {MAX_PEOPLE}",
            field="people_needed",
        )


async def _snapshot(role: VolunteerRole, *, by: Person | None, note: str) -> None:
    fields = {k: getattr(role, k) for k in RoleDetails.__dataclass_fields__} | {
        "status": role.status.value
    }
    await RoleVersion.create(
        role=role, version=role.version, snapshot=fields, note=note, changed_by=by
    )


async def draft_role(*, fair: Fair, details: RoleDetails, by: Person) -> VolunteerRole:
    _check_role(details)
    async with in_transaction():
        role = await VolunteerRole.create(fair=fair, drafted_by=by, **asdict(details))
        await _snapshot(role, by=by, note="Drafted")
    return role


async def update_role(*, role: VolunteerRole, details: RoleDetails, by: Person) -> VolunteerRole:
    """Change a role. An active role stays active: the change is kept in its history."""
    _check_role(details)
    async with in_transaction():
        for key, value in asdict(details).items():
            setattr(role, key, value)
        role.version += 1
        await role.save()
        await _snapshot(role, by=by, note="Changed")
    return role


async def roles_need_decision(*, fair: Fair) -> list[Decision]:
    """When the fair has a co-planning proposal on roles, roles become active through its
    decisions (the group decides, not staff alone): the decisions a role can cite."""
    if not await Proposal.exists(fair_id=fair.id, topic=Topic.ROLES):
        return []
    return (
        await Decision.filter(fair_id=fair.id, proposal__topic=Topic.ROLES)
        .prefetch_related("proposal")
        .order_by("-id")
    )


async def approve_role(
    *, role: VolunteerRole, by: Person, decision_id: int | None = None
) -> VolunteerRole:
    """Make a draft role active: by an organiser when the fair has no co-planning proposal on
    roles; otherwise only by citing a decision the group made on roles."""
    if role.status == RoleStatus.ACTIVE:
        raise DomainError("already_active", "This role is already active.")
    how = "organiser"
    fair_id: int = role.fair_id  # type: ignore[attr-defined]
    if await Proposal.exists(fair_id=fair_id, topic=Topic.ROLES):
        decision = await Decision.get_or_none(
            id=decision_id or 0, fair_id=fair_id, proposal__topic=Topic.ROLES
        )
        if decision is None:
            raise DomainError(
                "decision_needed",
                "The group is deciding on roles. Choose the decision that approved this role.",
                field="decision",
            )
        how = f"decision:{decision.id}"
    async with in_transaction():
        role.status = RoleStatus.ACTIVE
        role.approved_by = by
        role.approved_at = now()
        role.approved_how = how
        role.version += 1
        await role.save()
        await _snapshot(role, by=by, note="Approved")
    return role


async def roles_of(*, fair: Fair, active_only: bool = False) -> list[VolunteerRole]:
    query = VolunteerRole.filter(fair_id=fair.id)
    if active_only:
        query = query.filter(status=RoleStatus.ACTIVE)
    return await query.order_by("title", "id")


async def role(*, fair: Fair, role_id: int) -> VolunteerRole:
    found = await VolunteerRole.get_or_none(id=role_id, fair_id=fair.id)
    if found is None:
        raise NotFound()
    return found


async def history(*, role: VolunteerRole) -> list[RoleVersion]:
    return (
        await RoleVersion.filter(role_id=role.id)
        .prefetch_related("changed_by")
        .order_by("-version")
    )


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(
            "end_before_start", "The end time must be after the start time", field="end_time"
        )
    if (ends_at - starts_at).total_seconds() > MAX_SHIFT_HOURS * 3600:
        raise DomainError("too_long", "A shift must be 24 hours or shorter", field="end_time")


async def add_shift(
    *, fair: Fair, role: VolunteerRole, starts_at: datetime, ends_at: datetime, people_needed: int
) -> Shift:
    _check_times(starts_at, ends_at)
    # Stored and compared in UTC: SQLite compares the stored text.
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    if not 1 <= people_needed <= MAX_PEOPLE:
        raise DomainError(
            "people_needed",
            f"People needed must be between 1 and {MAX_PEOPLE}",
            field="people_needed",
        )
    if role.status != RoleStatus.ACTIVE:
        raise DomainError(
            "role_not_active", "Shifts can only be added to an approved role.", field="role"
        )
    if await Shift.exists(
        fair_id=fair.id, role_id=role.id, starts_at__lt=ends_at, ends_at__gt=starts_at
    ):
        raise DomainError(
            "overlapping_shift",
            "This role already has a shift at that time. Change its numbers instead.",
            field="start_time",
        )
    return await Shift.create(
        fair=fair, role=role, starts_at=starts_at, ends_at=ends_at, people_needed=people_needed
    )


async def shift(*, fair: Fair, shift_id: int) -> Shift:
    found = await Shift.get_or_none(id=shift_id, fair_id=fair.id).prefetch_related("role")
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class ShiftRow:
    shift: Shift
    taken: int
    waiting: int
    mine: bool
    on_waitlist: bool

    @property
    def gap(self) -> int:
        return max(self.shift.people_needed - self.taken, 0)


async def shift_rows(*, fair: Fair, person: Person | None = None) -> list[ShiftRow]:
    """Every shift of the fair with its counts: the coverage board and "shifts I can do"."""
    shifts = (
        await Shift.filter(fair_id=fair.id)
        .prefetch_related("role")
        .order_by("starts_at", "role__title", "id")
    )
    ids = [s.id for s in shifts]
    taken: dict[int, int] = {}
    mine: set[int] = set()
    for shift_id, person_id in await Signup.filter(shift_id__in=ids).values_list(
        "shift_id", "person_id"
    ):
        taken[int(shift_id)] = taken.get(int(shift_id), 0) + 1
        if person is not None and person_id == person.id:
            mine.add(int(shift_id))
    waiting: dict[int, int] = {}
    queued: set[int] = set()
    for shift_id, person_id in await WaitlistEntry.filter(
        shift_id__in=ids, status__in=[WaitStatus.WAITING, WaitStatus.OFFERED]
    ).values_list("shift_id", "person_id"):
        waiting[int(shift_id)] = waiting.get(int(shift_id), 0) + 1
        if person is not None and person_id == person.id:
            queued.add(int(shift_id))
    return [
        ShiftRow(s, taken.get(s.id, 0), waiting.get(s.id, 0), s.id in mine, s.id in queued)
        for s in shifts
    ]


@dataclass(frozen=True)
class CalendarShift:
    """One of a person's shifts, as the calendar feed needs it (aware, UTC)."""

    uid: str
    fair_id: int
    fair_title: str
    role_title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str


async def shifts_for_person(*, person: Person, fair: Fair | None = None) -> list[CalendarShift]:
    """A person's shifts (in one fair or all), for "my shifts" and calendar feeds."""
    query = Signup.filter(person_id=person.id)
    if fair is not None:
        query = query.filter(shift__fair_id=fair.id)
    rows = await query.prefetch_related("shift__role", "shift__fair").order_by("shift__starts_at")
    return [
        CalendarShift(
            uid=f"shift-{s.shift.id}-person-{person.id}@fairplanner",
            fair_id=s.shift.fair.id,
            fair_title=s.shift.fair.title,
            role_title=s.shift.role.title,
            starts_at=s.shift.starts_at,
            ends_at=s.shift.ends_at,
            time_zone=s.shift.fair.time_zone,
        )
        for s in rows
    ]


async def settings_for(*, fair: Fair) -> VolunteeringSettings:
    found = await VolunteeringSettings.get_or_none(fair_id=fair.id)
    if found is None:
        found, _ = await VolunteeringSettings.get_or_create(fair_id=fair.id)
    return found


def local_text(value: datetime, tz: str) -> str:
    """A moment in words for messages, in the fair's time zone: Saturday 12 June, 10:00am."""
    text = value.astimezone(ZoneInfo(tz)).strftime("%A %-d %B, %-I:%M%p")
    return text.replace("AM", "am").replace("PM", "pm")
