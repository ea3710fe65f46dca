"""Realistic records made through the services, so tests start from states the app can reach."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from fairplanner.models import Fair, Membership, Organisation, Person
from fairplanner.models.enums import Group, Role
from fairplanner.services import fairs
from fairplanner.services.organisations import create_organiser
from fairplanner.services.people import create_person

PASSWORD = "correct horse battery"
_n = count(1)


async def organiser(organisation: str = "Riverside Council") -> tuple[Organisation, Person]:
    n = next(_n)
    return await create_organiser(
        organisation_name=organisation,
        name=f"Olivia Organiser {n}",
        email=f"organiser{n}@example.org",
        password=PASSWORD,
    )


async def fair(
    *, by: Person, organisation: Organisation, title: str = "Opportunities Fair"
) -> Fair:
    start = datetime(2027, 6, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    details = fairs.FairDetails(
        title=title,
        summary="Jobs, courses and things to do.",
        easy_read_summary="Find jobs and courses.",
        starts_at=start,
        ends_at=start + timedelta(hours=5),
        time_zone="Europe/London",
    )
    return await fairs.create_fair(organisation_id=organisation.id, details=details, organiser=by)


async def member(
    fair: Fair, role: Role, group: Group = Group.SERVICE_USER, *, email: bool = True
) -> Person:
    n = next(_n)
    person = await create_person(
        name=f"{role.value.replace('_', ' ').title()} {n}",
        email=f"{role.value}{n}@example.org" if email else None,
        password=PASSWORD if email else None,
    )
    await Membership.create(fair=fair, person=person, role=role, group=group)
    return person
