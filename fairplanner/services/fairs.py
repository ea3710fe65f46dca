"""Fairs: creating, editing, and listing those a person takes part in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, PermissionDenied
from fairplanner.models import Fair, Membership, Person
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.services.permissions import admin_organisation_ids, is_org_admin
from fairplanner.services.sql_steps import instances


@dataclass(frozen=True)
class FairDetails:
    title: str
    summary: str
    easy_read_summary: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    phase: Phase = Phase.PLANNING


def _check(details: FairDetails) -> None:
    if details.starts_at.tzinfo is None or details.ends_at.tzinfo is None:
        raise ValueError("fair times must be aware")  # a programming error, not user input
    if details.ends_at <= details.starts_at:
        raise DomainError(
            "ends_before_start", "The fair must end after it starts.", field="end_time"
        )


async def create_fair(*, organisation_id: int, details: FairDetails, organiser: Person) -> Fair:
    """A new fair; whoever creates it is its first organiser."""
    if not await is_org_admin(person=organiser, organisation_id=organisation_id):
        raise PermissionDenied("Only an organisation's admins can create its fairs.")
    _check(details)
    async with in_transaction():
        fair = await Fair.create(organisation_id=organisation_id, **details.__dict__)
        await Membership.create(fair=fair, person=organiser, role=Role.ORGANISER, group=Group.STAFF)
    return fair


async def update_fair(*, fair: Fair, details: FairDetails) -> Fair:
    _check(details)
    fair.update_from_dict(details.__dict__)
    await fair.save()
    return fair


async def fairs_for(*, person: Person) -> list[Fair]:
    """Fairs the person is a member of, and every fair of organisations they run."""
    org_ids = await admin_organisation_ids(person=person)
    member_of = Fair.filter(memberships__person_id=person.id)
    fairs = {f.id: f for f in await member_of}
    if org_ids:
        fairs.update({f.id: f for f in await Fair.filter(organisation_id__in=org_ids)})
    return sorted(fairs.values(), key=lambda f: f.starts_at)


# Written by hand: the public fair page (and every booking) reads its fair first, and the ORM
# took longer to build this SELECT than the database to run it.
_FAIR = "SELECT * FROM fair WHERE id = ?"


async def public_fair(*, fair_id: int) -> Fair | None:
    """The fair with this id, whatever its phase (the caller decides who may see it)."""
    found = await instances(Fair, _FAIR, [fair_id])
    return found[0] if found else None
