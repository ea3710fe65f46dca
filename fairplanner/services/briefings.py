"""Briefings: an organiser records that a person has had the briefing a role needs, so the
"needs a briefing" sign-up rule lets them in. A briefing recorded by mistake can be taken
back; shifts already signed up for stay (the organiser sees them and can withdraw people)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Fair, Membership, Person
from fairplanner.models.volunteering import Briefing, Signup, VolunteerRole


@dataclass(frozen=True)
class BriefingRow:
    briefing: Briefing
    shifts_signed_up: int  # this person's shifts in the role, so an undo is not blind


async def briefings_of(*, role: VolunteerRole) -> list[BriefingRow]:
    rows = (
        await Briefing.filter(role_id=role.id)
        .prefetch_related("person", "recorded_by")
        .order_by("person__name", "id")
    )
    counts: dict[int, int] = {}
    for (person_id,) in await Signup.filter(
        shift__role_id=role.id, person_id__in=[b.person.id for b in rows]
    ).values_list("person_id"):
        counts[int(person_id)] = counts.get(int(person_id), 0) + 1
    return [BriefingRow(b, counts.get(b.person.id, 0)) for b in rows]


async def not_yet_briefed(*, fair: Fair, role: VolunteerRole) -> list[Person]:
    """The fair's members who have not had this role's briefing, by name."""
    done = await Briefing.filter(role_id=role.id).values_list("person_id", flat=True)
    rows = (
        await Membership.filter(fair_id=fair.id)
        .exclude(person_id__in=list(done))
        .prefetch_related("person")
        .order_by("person__name", "id")
    )
    return [m.person for m in rows]


async def record(*, fair: Fair, role: VolunteerRole, person_id: int, by: Person) -> Briefing:
    """Record the briefing for a member of the fair (only members: nobody from outside)."""
    member = await Membership.get_or_none(fair_id=fair.id, person_id=person_id).prefetch_related(
        "person"
    )
    if member is None:
        raise DomainError(
            "not_a_member", "Choose a person taking part in this fair", field="person"
        )
    try:
        return await Briefing.create(role=role, person=member.person, recorded_by=by)
    except IntegrityError as exc:
        raise DomainError(
            "already_briefed",
            f"{member.person.name} has already had this briefing.",
            field="person",
        ) from exc


async def undo(*, role: VolunteerRole, briefing_id: int) -> Person:
    found = await Briefing.get_or_none(id=briefing_id, role_id=role.id).prefetch_related("person")
    if found is None:
        raise NotFound("This briefing is not recorded any more.")
    await found.delete()
    return found.person
