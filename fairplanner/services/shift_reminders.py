"""Reminders the day before a shift, run by `fairplanner send-reminders` (from cron).

Each sign-up is reminded once: its `reminded_at` is claimed with a conditional UPDATE in the
same transaction as the message, so running the command twice, or two servers running it at
the same moment, never reminds anyone twice. Someone who signs up after a run, still within
the day, is reminded by the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from fairplanner.models import Fair
from fairplanner.models.volunteering import Shift, Signup
from fairplanner.services import messaging
from fairplanner.services.clock import now
from fairplanner.services.volunteering import local_text

WINDOW = timedelta(days=1)


async def send_due(*, fair: Fair | None = None, at: datetime | None = None) -> int:
    """Remind everyone on a shift starting within the next day (in one fair, or all) who has
    not been reminded yet. Returns how many reminders went."""
    moment = at or now()
    query = Signup.filter(
        reminded_at__isnull=True,
        shift__starts_at__gt=moment,
        shift__starts_at__lte=moment + WINDOW,
    )
    if fair is not None:
        query = query.filter(shift__fair_id=fair.id)
    due = await query.prefetch_related("shift__role", "shift__fair", "person").order_by(
        "shift__starts_at", "id"
    )
    sent = 0
    for signup in due:
        async with in_transaction():
            claimed = await Signup.filter(id=signup.id, reminded_at__isnull=True).update(
                reminded_at=now()
            )
            if not claimed:
                continue  # another run reminded them a moment ago
            await Shift.filter(id=signup.shift.id, reminded_at__isnull=True).update(
                reminded_at=now()
            )
            await _remind(signup)
            sent += 1
    return sent


async def _remind(signup: Signup) -> None:
    shift, person = signup.shift, signup.person
    fair = shift.fair
    await messaging.send(
        to=messaging.Recipient.for_person(person),
        subject=f"Reminder: your shift tomorrow at {fair.title}",
        body=(
            f"Hello {person.name},\n\nThis is a reminder of your "
            f"{shift.role.title} shift, {local_text(shift.starts_at, fair.time_zone)}."
            "\n\nIf you cannot come or need help, please tell an organiser.\n"
        ),
        fair_id=fair.id,
        kind="shift_reminder",
    )
