"""A realistic demo: a council's opportunities fair with people in every role and group."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from fairplanner.models import Fair, Membership, Organisation, Person
from fairplanner.models.enums import ContactChannel, Group, Phase, Role
from fairplanner.services import (
    demo_checkin,
    demo_feedback,
    demo_planning,
    demo_tickets,
    demo_venues,
    demo_volunteering,
)
from fairplanner.services.clock import now
from fairplanner.services.messaging import Recipient
from fairplanner.services.messaging import send as send_message
from fairplanner.services.organisations import create_organiser
from fairplanner.services.people import create_person

DEMO_PASSWORD = "fair-demo-2027"  # noqa: S105 - printed for the demo on purpose
ORGANISER_EMAIL = "organiser@example.org"


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str | None
    role: Role
    group: Group
    pronouns: str = ""


DEMO_PEOPLE = [
    DemoPerson("Priya Shah", "priya@example.org", Role.CO_PLANNER, Group.SERVICE_USER, "she/her"),
    DemoPerson("Tom Fielding", None, Role.CO_PLANNER, Group.SERVICE_USER, "he/him"),
    DemoPerson("Margaret O'Neill", "margaret@example.org", Role.CO_PLANNER, Group.CARER),
    DemoPerson(
        "Daniel Mensah", "daniel@jobcentre.example.org", Role.VOLUNTEER, Group.PARTNER, "he/him"
    ),
    DemoPerson("Aisha Rahman", "aisha@example.org", Role.VOLUNTEER, Group.SERVICE_USER, "she/her"),
    DemoPerson("Sam Kowalski", "sam@example.org", Role.DOOR, Group.SERVICE_USER, "they/them"),
    DemoPerson(
        "Grace Adeyemi", "grace@college.example.org", Role.EXHIBITOR, Group.PARTNER, "she/her"
    ),
    DemoPerson("Owen Price", "owen@council.example.org", Role.CO_PLANNER, Group.STAFF, "he/him"),
]


# Each capability adds demo data for its own area: an async function taking the demo fair
# and its people by name, listed here. They run in order, after the fair and its members exist.
DemoExtension = Callable[[Fair, dict[str, Person]], Awaitable[None]]
EXTENSIONS: list[DemoExtension] = [
    demo_tickets.extend,
    demo_checkin.extend,
    demo_planning.extend,
    demo_volunteering.extend,
    demo_venues.extend,
    demo_feedback.extend,
]


async def is_loaded() -> bool:
    return await Organisation.exists()


async def load_demo() -> Fair:
    """The demo organisation, its organiser, and one fair in planning with its members."""
    _, organiser = await create_organiser(
        organisation_name="Riverside Council",
        name="Olivia Bennett",
        email=ORGANISER_EMAIL,
        password=DEMO_PASSWORD,
    )
    organisation = await Organisation.get(slug="riverside-council")
    zone = ZoneInfo("Europe/London")
    day = (now() + timedelta(days=90)).astimezone(zone).date()
    async with in_transaction():
        fair = await Fair.create(
            organisation=organisation,
            title="Riverside Opportunities Fair",
            summary=(
                "A free day at Riverside Community Hall where employers, the college, charities "
                "and council services show jobs, volunteering, training and activities open to "
                "people who use adult social care and their carers. Planned together by people "
                "who use services, carers, staff and the job centre."
            ),
            easy_read_summary=(
                "A free fair at Riverside Community Hall. "
                "Find jobs, courses and things to do. "
                "Carers are welcome too. "
                "We plan it together."
            ),
            starts_at=datetime.combine(day, time(10, 0), zone),
            ends_at=datetime.combine(day, time(15, 0), zone),
            time_zone="Europe/London",
            phase=Phase.PLANNING,
        )
        await Membership.create(fair=fair, person=organiser, role=Role.ORGANISER, group=Group.STAFF)
        people = {organiser.name: organiser}
        for who in DEMO_PEOPLE:
            person = await create_person(
                name=who.name,
                email=who.email,
                password=DEMO_PASSWORD if who.email else None,
                pronouns=who.pronouns,
                contact_channel=ContactChannel.EMAIL if who.email else ContactChannel.SUPPORTER,
            )
            await Membership.create(fair=fair, person=person, role=who.role, group=who.group)
            people[who.name] = person
        # Tom does not use e-mail: his welcome waits on the organiser's people-to-contact list.
        await send_message(
            to=Recipient.for_person(people["Tom Fielding"], note="through his support worker"),
            subject="Welcome to the planning group",
            body="Welcome, Tom. The next planning meeting is on Tuesday at 2pm at the library.",
            fair_id=fair.id,
            kind="welcome",
        )
        for extend in EXTENSIONS:
            await extend(fair, people)
    return fair
