"""A volunteer's shifts in their personal calendar feed."""

from __future__ import annotations

from fairplanner.export.ical import CalendarEvent
from fairplanner.models import Person
from fairplanner.services.volunteering import shifts_for_person


async def shift_events(person: Person) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            uid=shift.uid,
            summary=f"Volunteering: {shift.role_title}",
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            description=f"Your volunteer shift at {shift.fair_title}.",
        )
        for shift in await shifts_for_person(person=person)
    ]
