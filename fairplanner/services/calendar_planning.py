"""Tasks and buddy pairs in each person's calendar feed.

Task due dates are all-day events (VEVENT with DATE values), not VTODO: Google Calendar and
Outlook ignore VTODO in subscribed feeds, and Apple Calendar shows it only in Reminders, while
every client shows an all-day event. They are marked free (TRANSP:TRANSPARENT) so a due date
never blocks a day. Done tasks leave the feed (subscribed calendars drop what a feed no longer
has).

Buddy pairs come from the newest published pairing run of each fair: the pair has no meeting
time of its own, so the event is the first half hour of the fair, when buddies meet.

Planning meetings: FairPlanner has no model for meetings, and a time poll's options are free
text ("Tuesday evening"), so no meeting time is known. Proposals' closing times are not put in
calendars either: they are deadlines for a vote, shown on the planning pages, not events.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from fairplanner.export.ical import CalendarEvent
from fairplanner.models import Person
from fairplanner.models.buddies import BuddyPair, PairingRun, RunStatus
from fairplanner.models.planning import Task, TaskStatus

BUDDY_MEETING = timedelta(minutes=30)


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
    mine = Q(supported_id=person.id) | Q(partner_id=person.id)
    pairs = await BuddyPair.filter(mine, run__status=RunStatus.PUBLISHED).prefetch_related(
        "run__fair", "supported", "partner"
    )
    if not pairs:
        return []
    # Only the newest published run of each fair counts: a re-run replaces the pairs.
    newest: dict[int, int] = {}
    for fair_id, number in await PairingRun.filter(
        fair_id__in={p.run.fair.id for p in pairs}, status=RunStatus.PUBLISHED
    ).values_list("fair_id", "number"):
        newest[int(fair_id)] = max(int(number), newest.get(int(fair_id), 0))
    events = []
    for pair in pairs:
        fair = pair.run.fair
        if pair.run.number != newest.get(fair.id):
            continue
        them = pair.partner if pair.supported.id == person.id else pair.supported
        events.append(
            CalendarEvent(
                uid=f"buddy-{fair.id}-{person.id}-{them.id}@fairplanner",
                summary=f"Meet your buddy {them.name}",
                starts_at=fair.starts_at,
                ends_at=fair.starts_at + BUDDY_MEETING,
                description=f"Your buddy for {fair.title} is {them.name}. "
                "You meet at the start of the fair.",
            )
        )
    return events
