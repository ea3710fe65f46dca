"""Organisers, members and fairs for the ticket tests, with a light (but real) argon2 hash so
signing in costs about a millisecond."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher

from fairplanner.models import Fair, Membership, Organisation, OrganisationAdmin, Person
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.services import fairs
from fairplanner.services.organisations import create_organisation

PASSWORD = "correct horse battery"
_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
_n = count(1)


async def person(label: str) -> Person:
    n = next(_n)
    return await Person.create(
        name=f"{label} {n}",
        email=f"{label.lower().replace(' ', '')}{n}@example.org",
        password_hash=_HASH,
    )


async def fair(phase: Phase = Phase.PUBLISHED) -> tuple[Fair, Person]:
    """A fair in `phase` and its organiser (an admin of a fresh organisation)."""
    org: Organisation = await create_organisation(name=f"Riverside Council {next(_n)}")
    boss = await person("Olivia Organiser")
    await OrganisationAdmin.create(organisation=org, person=boss)
    start = datetime(2027, 6, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    made = await fairs.create_fair(
        organisation_id=org.id,
        details=fairs.FairDetails(
            title="Opportunities Fair",
            summary="Jobs, courses and things to do.",
            easy_read_summary="Find jobs and courses.",
            starts_at=start,
            ends_at=start + timedelta(hours=5),
            time_zone="Europe/London",
            phase=phase,
        ),
        organiser=boss,
    )
    return made, boss


async def member(fair: Fair, role: Role) -> Person:
    someone = await person(role.value.replace("_", " ").title())
    await Membership.create(fair=fair, person=someone, role=role, group=Group.SERVICE_USER)
    return someone
