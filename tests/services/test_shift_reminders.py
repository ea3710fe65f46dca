"""Reminders the day before a shift: each person once, whoever runs them and however often,
including `fairplanner send-reminders` run as a real process on the test database."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path

from fairplanner.models import (
    ContactMessage,
    Fair,
    OutboxMessage,
    Person,
    Shift,
    Signup,
    VolunteerRole,
    WaitlistEntry,
)
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.models.volunteering import WaitStatus
from fairplanner.services import shift_reminders, signups, volunteering
from fairplanner.services.clock import now
from tests import factories
from tests import volunteering_factories as vf
from tests.helpers import links_in

REPO = Path(__file__).resolve().parents[2]
NO_OFFERS = "Passed on 0 waiting-list offer(s) that ran out.\n"


async def _soon(fair: Fair, role: VolunteerRole, hours: float, needed: int = 3) -> Shift:
    starts = now() + timedelta(hours=hours)
    return await volunteering.add_shift(
        fair=fair,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        people_needed=needed,
    )


async def _reminders_to(person: Person) -> int:
    return await OutboxMessage.filter(
        to_address=person.email, subject__startswith="Reminder:"
    ).count()


async def test_reminders_go_once_to_people_on_shifts_starting_within_a_day(db: str) -> None:
    fair, boss, (helper, late, far) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    role = await vf.active_role(fair, boss)
    tomorrow = await _soon(fair, role, 20)
    next_week = await _soon(fair, role, 24 * 7)
    await signups.sign_up(shift=tomorrow, person=helper)
    await signups.sign_up(shift=next_week, person=far)

    assert await shift_reminders.send_due() == 1
    assert await shift_reminders.send_due() == 0
    message = await OutboxMessage.get(to_address=helper.email)
    assert message.subject == f"Reminder: your shift tomorrow at {fair.title}"
    assert "Welcome desk" in message.body
    assert (await Signup.get(person_id=helper.id)).reminded_at is not None
    assert await _reminders_to(far) == 0

    # Someone who signs up after the run is reminded by the next run, and only they are.
    await signups.sign_up(shift=tomorrow, person=late)
    assert await shift_reminders.send_due() == 1
    assert (await _reminders_to(helper), await _reminders_to(late)) == (1, 1)


async def test_two_runs_at_the_same_moment_remind_each_person_once(db: str) -> None:
    fair, boss, people = await factories.light_fair_with(*[Role.VOLUNTEER] * 4)
    role = await vf.active_role(fair, boss)
    shift = await _soon(fair, role, 3, needed=4)
    for person in people:
        await signups.sign_up(shift=shift, person=person)

    counts = await asyncio.gather(*(shift_reminders.send_due() for _ in range(3)))

    assert sum(counts) == 4
    for person in people:
        assert await _reminders_to(person) == 1


async def test_shifts_already_started_get_no_reminder(db: str) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    role = await vf.active_role(fair, boss)
    shift = await _soon(fair, role, 2)
    await signups.sign_up(shift=shift, person=helper)

    assert await shift_reminders.send_due(at=now() + timedelta(hours=3)) == 0
    assert await _reminders_to(helper) == 0


async def _command(db_url: str, data_dir: Path, **extra: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAIRPLANNER_")}
    env.update(FAIRPLANNER_DATABASE_URL=db_url, FAIRPLANNER_DATA_DIR=str(data_dir), **extra)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "fairplanner",
        "send-reminders",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return int(process.returncode or 0), out.decode(), err.decode()


async def test_the_send_reminders_command_is_safe_to_run_again(db: str, tmp_path: Path) -> None:
    fair, boss, (helper, other) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    role = await vf.active_role(fair, boss)
    await signups.sign_up(shift=await _soon(fair, role, 12), person=helper)
    await signups.sign_up(shift=await _soon(fair, role, 36), person=other)

    first = await _command(db, tmp_path)
    second = await _command(db, tmp_path)

    assert first == (0, "Sent 1 shift reminder(s). " + NO_OFFERS, "")
    assert second == (0, "Sent 0 shift reminder(s). " + NO_OFFERS, "")
    assert (await _reminders_to(helper), await _reminders_to(other)) == (1, 0)


async def test_the_command_passes_a_lapsed_offer_to_the_next_person_waiting(
    db: str, tmp_path: Path
) -> None:
    fair, boss, (taken, slow, next_one) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    await vf.freed_with_waiting(fair, boss, taken, slow, next_one, offer_url="x/{token}")
    await WaitlistEntry.filter(person_id=slow.id).update(
        offer_expires_at=now() - timedelta(minutes=1)
    )

    first = await _command(db, tmp_path, FAIRPLANNER_BASE_URL="https://fair.example.org")
    second = await _command(db, tmp_path, FAIRPLANNER_BASE_URL="https://fair.example.org")

    assert first[1] == "Sent 0 shift reminder(s). Passed on 1 waiting-list offer(s) that ran out.\n"
    assert second[1] == "Sent 0 shift reminder(s). " + NO_OFFERS
    assert (await WaitlistEntry.get(person_id=slow.id)).status == WaitStatus.EXPIRED
    assert (await WaitlistEntry.get(person_id=next_one.id)).status == WaitStatus.OFFERED
    offer = await OutboxMessage.get(to_address=next_one.email)
    (link,) = links_in(offer.body)
    assert link.startswith("https://fair.example.org/shift-offers/")


async def test_a_reminder_goes_by_the_persons_own_channel(db: str) -> None:
    fair, boss, (texter, supported) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER
    )
    await Person.filter(id=texter.id).update(
        contact_channel=ContactChannel.TEXT, phone="07700 900123"
    )
    await Person.filter(id=supported.id).update(contact_channel=ContactChannel.SUPPORTER)
    role = await vf.active_role(fair, boss)
    shift = await _soon(fair, role, 6)
    for person in (texter, supported):
        await signups.sign_up(shift=shift, person=person)

    assert await shift_reminders.send_due() == 2
    assert await shift_reminders.send_due() == 0

    text = await ContactMessage.get(person_id=texter.id)
    assert (text.channel, text.address, text.kind) == (
        ContactChannel.TEXT,
        "07700 900123",
        "shift_reminder",
    )
    listed = await ContactMessage.get(person_id=supported.id)
    assert listed.channel == ContactChannel.SUPPORTER
    assert await OutboxMessage.filter(subject__startswith="Reminder:").count() == 0
