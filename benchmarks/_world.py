"""The data the HTTP benchmarks build: a fair of a bench organisation, booked tickets, and
paired door phones. Called inside a Tortoise context on the benchmark's own database."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from fairplanner.export import tokens
from fairplanner.models import Fair, Registration, Ticket
from fairplanner.models.checkin import CheckInList, DoorDevice, DoorRole
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services import fairs
from fairplanner.services.organisations import create_organiser


async def bench_fair(
    title: str,
    phase: Phase,
    *,
    email: str = "bench@example.org",
    password: str = "x" * 12,
    starts_in: timedelta = timedelta(0),
) -> Fair:
    org, boss = await create_organiser(
        organisation_name=f"{title} Council", name="Bench", email=email, password=password
    )
    start = datetime.now(UTC) + starts_in
    return await fairs.create_fair(
        organisation_id=org.id,
        organiser=boss,
        details=fairs.FairDetails(
            title=title,
            summary="Measuring.",
            easy_read_summary="",
            starts_at=start,
            ends_at=start + timedelta(hours=5),
            time_zone="Europe/London",
            phase=phase,
        ),
    )


async def booked_tickets(fair: Fair, count: int, prefix: str) -> list[str]:
    """`count` booked one-ticket registrations; their ticket secrets."""
    await Registration.bulk_create(
        [
            Registration(
                fair=fair,
                name=f"Person {prefix} {n}",
                email=f"{prefix}-{n}@example.org",
                source=RegistrationSource.ONLINE,
                status=RegistrationStatus.BOOKED,
                submission_key=f"{prefix}-{n}",
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    mine = Registration.filter(fair_id=fair.id, submission_key__startswith=f"{prefix}-")
    await Ticket.bulk_create(
        [
            Ticket(
                fair=fair,
                registration_id=rid,
                secret=tokens.ticket_secret(),
                reference=tokens.typed_code(10),
                door_name=f"Person {n}.",
                kind="attendee",
                lead=True,
            )
            for n, rid in enumerate(await mine.order_by("id").values_list("id", flat=True))
        ],
        batch_size=1000,
    )
    return list(
        await Ticket.filter(
            fair_id=fair.id, registration__submission_key__startswith=f"{prefix}-"
        ).values_list("secret", flat=True)
    )


async def paired_phones(fair: Fair, door: str, count: int) -> tuple[int, list[int]]:
    """A door list and `count` steward phones paired to it: (list id, device ids)."""
    door_list = await CheckInList.create(fair=fair, name=door)
    start = datetime.now(UTC)
    devices = [
        (
            await DoorDevice.create(
                fair=fair,
                checkin_list=door_list,
                label=f"{door} phone {n}",
                role=DoorRole.STEWARD,
                token_digest=tokens.digest(secrets.token_hex(16)),
                expires_at=start + timedelta(hours=6),
                paired_at=start,
            )
        ).id
        for n in range(count)
    ]
    return door_list.id, devices
