"""Organisations and their admins."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import Organisation, OrganisationAdmin, Person
from fairplanner.services.people import checked_hash, create_person, normalise_email


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "organisation"


async def create_organisation(*, name: str) -> Organisation:
    try:
        return await Organisation.create(name=name.strip(), slug=slugify(name))
    except IntegrityError as exc:
        raise DomainError(
            "organisation_exists", "There is already an organisation with that name."
        ) from exc


async def create_organiser(
    *, organisation_name: str, name: str, email: str, password: str
) -> tuple[Organisation, Person]:
    """An organisation (found by name, or new) and an admin who can create its fairs."""
    # Hashed before the transaction (about 0.1 s), when an account is to be made.
    known = await Person.exists(email=normalise_email(email) or "")
    password_hash = "" if known else await checked_hash(password)
    async with in_transaction():
        organisation = await Organisation.get_or_none(slug=slugify(organisation_name))
        if organisation is None:
            organisation = await create_organisation(name=organisation_name)
        person = await Person.get_or_none(email=normalise_email(email) or "")
        if person is None and password_hash:
            person = await create_person(name=name, email=email, password_hash=password_hash)
        elif person is None:  # gone since the check above: hashed here after all
            person = await create_person(name=name, email=email, password=password)
        await OrganisationAdmin.get_or_create(organisation=organisation, person=person)
    return organisation, person


async def organisations_run_by(*, person: Person) -> list[Organisation]:
    return await Organisation.filter(admins__person_id=person.id).order_by("name")
