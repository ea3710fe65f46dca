"""Roles, shifts, sign-ups, the race for the last place, the waiting list and reminders."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from fairplanner.errors import DomainError, LinkExpired
from fairplanner.models import OutboxMessage, RoleVersion, Signup, WaitlistEntry
from fairplanner.models.enums import Role
from fairplanner.models.volunteering import RoleStatus, WaitStatus
from fairplanner.services import signups, volunteering
from fairplanner.services.clock import now
from tests import factories
from tests import volunteering_factories as vf
from tests.helpers import links_in

OFFER_URL = "http://testserver/shift-offers/{token}"


async def test_a_drafted_role_is_inactive_until_an_organiser_approves_it_and_history_is_kept(
    db: str,
) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    role = await volunteering.draft_role(
        fair=fair, details=volunteering.RoleDetails(title="Runner"), by=planner
    )
    assert role.status == RoleStatus.DRAFT
    with pytest.raises(DomainError) as caught:
        await vf.shift(fair, role)
    assert caught.value.code == "role_not_active"

    await volunteering.approve_role(role=role, by=boss)
    await volunteering.update_role(
        role=role, details=volunteering.RoleDetails(title="Runner", people_needed=3), by=planner
    )

    notes = [v.note for v in await RoleVersion.filter(role_id=role.id).order_by("version")]
    assert notes == ["Drafted", "Approved", "Changed"]
    assert role.status == RoleStatus.ACTIVE
    assert role.approved_how == "organiser"


async def test_shifts_refuse_end_before_start_too_long_and_overlap(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    role = await vf.active_role(fair, boss)
    await vf.shift(fair, role, 10, 2)
    start = datetime(2027, 6, 12, 12, tzinfo=vf.LONDON)
    for starts, ends, code in [
        (start, start - timedelta(hours=1), "end_before_start"),
        (start, start + timedelta(hours=25), "too_long"),
        (start - timedelta(hours=1), start + timedelta(hours=1), "overlapping_shift"),
    ]:
        with pytest.raises(DomainError) as caught:
            await volunteering.add_shift(
                fair=fair, role=role, starts_at=starts, ends_at=ends, people_needed=1
            )
        assert caught.value.code == code
    assert len(await volunteering.shift_rows(fair=fair)) == 1


async def test_two_people_after_the_last_place_exactly_one_gets_it(db: str) -> None:
    fair, boss, people = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), needed=1)

    results = await asyncio.gather(
        *(signups.sign_up(shift=shift, person=p) for p in people), return_exceptions=True
    )

    won = [r for r in results if isinstance(r, Signup)]
    lost = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1
    assert len(lost) == 1
    assert lost[0].code == "full"
    assert await Signup.filter(shift_id=shift.id).count() == 1


async def test_a_freed_place_is_offered_to_the_first_waiting_and_their_link_signs_them_up(
    db: str,
) -> None:
    fair, boss, (first, second, third) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    shift = await vf.shift(fair, await vf.active_role(fair, boss), needed=1)
    taken = await signups.sign_up(shift=shift, person=first)
    await signups.join_waitlist(shift=shift, person=second)
    await signups.join_waitlist(shift=shift, person=third)

    await signups.withdraw(signup=taken, by=first, organiser=False, offer_url=OFFER_URL)

    message = await OutboxMessage.get(to_address=second.email)
    token = links_in(message.body)[0].rsplit("/", 1)[1]
    # The held place is not open to anyone else meanwhile.
    with pytest.raises(DomainError) as caught:
        await signups.sign_up(shift=shift, person=third)
    assert caught.value.code == "full"
    signup = await signups.accept_offer(token=token, person=second)
    assert signup.person_id == second.id  # type: ignore[attr-defined]
    entry = await WaitlistEntry.get(shift_id=shift.id, person_id=second.id)
    assert entry.status == WaitStatus.ACCEPTED
    with pytest.raises(LinkExpired):
        await signups.accept_offer(token=token, person=second)


async def test_an_offer_that_runs_out_of_time_passes_to_the_next_person(db: str) -> None:
    fair, boss, (first, second, third) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    shift = await vf.freed_with_waiting(fair, boss, first, second, third, offer_url=OFFER_URL)
    token = links_in((await OutboxMessage.get(to_address=second.email)).body)[0].rsplit("/")[-1]
    await WaitlistEntry.filter(person_id=second.id).update(
        offer_expires_at=now() - timedelta(minutes=1)
    )

    with pytest.raises(LinkExpired):
        await signups.accept_offer(token=token, person=second)
    assert await signups.expire_offers(shift=shift, offer_url=OFFER_URL) == 1

    assert (await WaitlistEntry.get(person_id=second.id)).status == WaitStatus.EXPIRED
    assert (await WaitlistEntry.get(person_id=third.id)).status == WaitStatus.OFFERED
    assert await OutboxMessage.filter(to_address=third.email).count() == 1


async def test_volunteers_cannot_withdraw_after_the_cut_off_but_organisers_can(db: str) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    role = await vf.active_role(fair, boss)
    soon = await volunteering.add_shift(
        fair=fair,
        role=role,
        starts_at=now() + timedelta(hours=3),
        ends_at=now() + timedelta(hours=5),
        people_needed=1,
    )
    signup = await signups.sign_up(shift=soon, person=helper)

    with pytest.raises(DomainError) as caught:
        await signups.withdraw(signup=signup, by=helper, organiser=False, offer_url=OFFER_URL)
    assert caught.value.code == "past_cutoff"
    await signups.withdraw(signup=signup, by=boss, organiser=True, offer_url=OFFER_URL)
    assert not await Signup.exists(id=signup.id)


async def test_organisers_can_over_fill_with_a_reason_and_move_people(db: str) -> None:
    fair, boss, (a, b) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    role = await vf.active_role(fair, boss)
    morning = await vf.shift(fair, role, 10, needed=1)
    afternoon = await vf.shift(fair, role, 13, needed=1)
    await signups.sign_up(shift=morning, person=a)

    with pytest.raises(DomainError):
        await signups.sign_up(shift=morning, person=b, by=boss)
    extra = await signups.sign_up(shift=morning, person=b, by=boss, over_fill_reason="Training")
    assert (extra.place, extra.over_fill_reason) == (2, "Training")

    with pytest.raises(DomainError, match="why they are moving"):
        await signups.move(
            signup=extra, to=afternoon, by=boss, reason=" ", over_fill=False, offer_url=OFFER_URL
        )
    moved = await signups.move(
        signup=extra,
        to=afternoon,
        by=boss,
        reason="Wants the afternoon",
        over_fill=False,
        offer_url=OFFER_URL,
    )
    assert moved.shift_id == afternoon.id  # type: ignore[attr-defined]
    assert moved.move_reason.endswith(": Wants the afternoon")
    assert moved.move_reason.startswith("Moved from Welcome desk, Saturday 12 June, 10:00am")
    assert await Signup.filter(shift_id=morning.id).count() == 1

    # Moving back to the full morning needs the organiser to ask for an extra place; a refusal
    # leaves them where they were.
    with pytest.raises(DomainError, match="full"):
        await signups.move(
            signup=moved,
            to=morning,
            by=boss,
            reason="Swap back",
            over_fill=False,
            offer_url=OFFER_URL,
        )
    assert await Signup.exists(id=moved.id, shift_id=afternoon.id)
    back = await signups.move(
        signup=moved, to=morning, by=boss, reason="Swap back", over_fill=True, offer_url=OFFER_URL
    )
    assert (back.place, back.over_fill_reason) == (2, "Swap back")


async def test_a_persons_shifts_are_listed_with_aware_times_for_calendars(db: str) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss))
    await signups.sign_up(shift=shift, person=helper)

    (entry,) = await volunteering.shifts_for_person(person=helper)

    assert entry.starts_at.utcoffset() is not None
    assert entry.starts_at == shift.starts_at
    assert entry.role_title == "Welcome desk"
    assert entry.uid == f"shift-{shift.id}-person-{helper.id}@fairplanner"
