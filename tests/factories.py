"""Realistic records made through the services, so tests start from states the app can reach."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher

from fairplanner.export import tokens
from fairplanner.models import (
    Fair,
    Membership,
    Organisation,
    OrganisationAdmin,
    Person,
    SignInCard,
)
from fairplanner.models.enums import Group, Role
from fairplanner.services import fairs
from fairplanner.services.organisations import create_organisation, create_organiser, slugify
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


# Light argon2 parameters for tests that sign in often: still a real argon2 hash, checked by
# the app's own verify_password (which reads the parameters from the hash), but ~1 ms to
# verify instead of ~300 ms. Accounts made this way sign in with PASSWORD.
_LIGHT_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
LIGHT_PASSWORD_HASH = _LIGHT_HASHER.hash(PASSWORD)


async def light_person(name: str = "", email: str | None = None) -> Person:
    n = next(_n)
    return await Person.create(
        name=name or f"Pat Person {n}",
        email=(email or f"person{n}@example.org").lower(),
        password_hash=LIGHT_PASSWORD_HASH,
    )


async def light_organiser(organisation: str = "Riverside Council") -> tuple[Organisation, Person]:
    """Like organiser(), with a light password hash (see LIGHT_PASSWORD_HASH)."""
    org = await Organisation.get_or_none(slug=slugify(organisation))
    if org is None:
        org = await create_organisation(name=organisation)
    n = next(_n)
    person = await light_person(f"Olivia Organiser {n}", f"organiser{n}@example.org")
    await OrganisationAdmin.create(organisation=org, person=person)
    return org, person


async def light_member(
    fair: Fair, role: Role, group: Group = Group.SERVICE_USER, *, email: bool = True
) -> Person:
    """Like member(), with a light password hash (see LIGHT_PASSWORD_HASH)."""
    n = next(_n)
    label = role.value.replace("_", " ").title()
    if email:
        person = await light_person(f"{label} {n}", f"{role.value}{n}@example.org")
    else:
        person = await Person.create(name=f"{label} {n}")
    await Membership.create(fair=fair, person=person, role=role, group=group)
    return person


async def light_fair_with(*roles: Role) -> tuple[Fair, Person, list[Person]]:
    """A fair, its organiser, and one member (with e-mail) for each role asked for."""
    org, boss = await light_organiser()
    the_fair = await fair(by=boss, organisation=org)
    return the_fair, boss, [await light_member(the_fair, role) for role in roles]


async def light_card(*, person: Person, issued_by: Person, pin: str = "") -> tuple[SignInCard, str]:
    """A live sign-in card and its code, like cards.issue_card() but with the PIN (if any)
    under a light hash (see LIGHT_PASSWORD_HASH), for tests that try many PINs."""
    code = tokens.typed_code(12)
    card = await SignInCard.create(
        person=person,
        code_digest=tokens.digest(code),
        last_four=code[-4:],
        pin_hash=_LIGHT_HASHER.hash(pin) if pin else "",
        issued_by=issued_by,
    )
    return card, code
