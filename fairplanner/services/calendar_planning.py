"""Tasks and buddy pairs in each person's calendar feed.

Task due dates are all-day events (VEVENT with DATE values), not VTODO: Google Calendar and
Outlook ignore VTODO in subscribed feeds, and Apple Calendar shows it only in Reminders, while
every client shows an all-day event. They are marked free (TRANSP:TRANSPARENT) so a due date
never blocks a day. Done tasks leave the feed (subscribed calendars drop what a feed no longer
has).

Buddy meetings come from the buddy pairing area (services/buddy_times.py): the newest
published run of each block, the times both people gave (else one of them, else the fair's
opening hours), the meeting point, and the buddy's first name only (feeds get shared). Pairs
where someone asked for a change are left out.

Planning meetings: FairPlanner has no model for meetings, and a time poll's options are free
text ("Tuesday evening"), so no meeting time is known. Proposals' closing times are not put in
calendars either: they are deadlines for a vote, shown on the planning pages, not events.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from fairplanner.export.ical import CalendarEvent
from fairplanner.models import Person
from fairplanner.models.planning import Task, TaskStatus
from fairplanner.services import buddy_times
from fairplanner.services.fairs import fairs_for


async def task_events(person: Person) -> list[CalendarEvent]:
    rows = (
        await Task.filter(owner_id=person.id, due_on__isnull=False)
        .exclude(status=TaskStatus.DONE)
        .prefetch_related("fair")
    )
    events = []
    for task in rows:
        if task.due_on is None:  # filtered out above; for the type checker
            continue
        # Noon in the fair's zone: the same date in any zone a calendar shows it in.
        noon = datetime.combine(task.due_on, time(12), tzinfo=ZoneInfo(task.fair.time_zone))
        events.append(
            CalendarEvent(
                uid=f"task-{task.id}@fairplanner",
                summary=f"Task due: {task.title}",
                starts_at=noon,
                description=f"For {task.fair.title}. "
                "Mark it done in FairPlanner when it is finished.",
                all_day=True,
            )
        )
    return events


async def buddy_events(person: Person) -> list[CalendarEvent]:
    """The person's published buddy meetings in each of their fairs, as the buddy pairing
    area works them out (services/buddy_times.py): times, meeting point, first name only."""
    events = []
    for fair in await fairs_for(person=person):
        for meeting in await buddy_times.buddy_events(person=person, fair=fair):
            place = f" Meet at: {meeting.meeting_point}." if meeting.meeting_point else ""
            events.append(
                CalendarEvent(
                    uid=meeting.uid,
                    summary=meeting.summary,
                    starts_at=meeting.starts_at,
                    ends_at=meeting.ends_at,
                    location=meeting.meeting_point,
                    description=f"Your buddy for {fair.title} is {meeting.buddy_first_name}."
                    + place,
                )
            )
    return events
