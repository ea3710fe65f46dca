"""Demo bookings: the demo fair opens for booking, with a few attendees, a group, and a calendar link for the organiser."""

from __future__ import annotations

import secrets

from fairplanner.models import Fair, Person
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import RegistrationSource
from fairplanner.services import calendars, tickets

DEMO_TICKET_URL = "http://127.0.0.1:8000/tickets/{secret}"

DEMO_BOOKERS = [
    tickets.Booker(
        name="Ruth Okafor",
        email="ruth@example.org",
        access_need_keys=("Q", "ER"),
        access_needs="I might need to leave for a quiet break.",
        show_at_door=True,
        heard_from="support",
    ),
    tickets.Booker(
        name="Jamal Hussain",
        phone="07700 900123",
        companions=1,
        access_need_keys=("W", "T"),
        wants_call=True,
        show_at_door=True,
        heard_from="leaflet",
    ),
    tickets.Booker(
        name="Ellie Marsh",
        via_supporter=True,
        supporter="Kim at Riverside Day Centre, 01632 960 111",
        group_name="Riverside Day Centre",
        places=4,
        companions=2,
        heard_from="support",
    ),
    tickets.Booker(name="Peter Nowak", email="peter@example.org", heard_from="jobcentre"),
]


async def extend(fair: Fair, people: dict[str, Person]) -> None:
    # Published, so the public booking page works; planning still goes on after publishing.
    fair.phase = Phase.PUBLISHED
    await fair.save(update_fields=["phase"])
    for booker in DEMO_BOOKERS:
        await tickets.register(
            fair=fair,
            booker=booker,
            source=RegistrationSource.ONLINE if booker.email else RegistrationSource.PHONE,
            submission_key=secrets.token_urlsafe(16),
            ticket_url=DEMO_TICKET_URL,
        )
    await tickets.set_capacity(fair=fair, capacity=150, offer_hours=48)
    organiser = next(p for p in people.values() if p.email == "organiser@example.org")
    await calendars.start_feed(person=organiser, alarm_minutes=60)
