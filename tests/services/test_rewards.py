"""Contributions, reward choices, running totals against limits, expenses, attendance."""

from __future__ import annotations

from datetime import date

import pytest

from fairplanner.errors import DomainError
from fairplanner.models import Contribution, ExpenseClaim, FollowUp, OutboxMessage
from fairplanner.models.enums import Role
from fairplanner.models.rewards import Activity, ClaimStatus, ExpenseKind, RewardKind
from fairplanner.services import recognition, rewards, signups, volunteering
from tests import factories
from tests import volunteering_factories as vf

DAY = date(2027, 6, 9)  # a Wednesday


async def test_a_fee_needs_the_benefits_note_read_first(db: str) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    with pytest.raises(DomainError) as caught:
        await rewards.choose_reward(
            fair=fair,
            person=helper,
            activity=Activity.SHIFT,
            kind=RewardKind.FEE,
            pence_per_hour=1000,
        )
    assert caught.value.field == "read_benefits_note"
    choice = await rewards.choose_reward(
        fair=fair,
        person=helper,
        activity=Activity.SHIFT,
        kind=RewardKind.FEE,
        pence_per_hour=1000,
        read_benefits_note=True,
    )
    assert choice.benefits_note_seen_at is not None


async def test_weekly_and_monthly_totals_warn_only_the_person_and_the_named_worker(
    db: str,
) -> None:
    fair, boss, (helper, worker, other) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.ORGANISER, Role.VOLUNTEER
    )
    settings = await volunteering.settings_for(fair=fair)
    settings.weekly_limit_pence, settings.monthly_limit_pence = 2500, 5000
    settings.named_worker = worker
    await settings.save()
    await rewards.choose_reward(
        fair=fair,
        person=helper,
        activity=Activity.PLANNING_MEETING,
        kind=RewardKind.VOUCHER,
        pence_per_hour=1000,
        read_benefits_note=True,
    )

    _, first = await rewards.record(
        fair=fair,
        person=helper,
        activity=Activity.PLANNING_MEETING,
        given_on=DAY,
        minutes=120,
        recorded_by=helper,
    )
    assert (first.week_pence, first.warnings) == (2000, [])
    _, second = await rewards.record(
        fair=fair,
        person=helper,
        activity=Activity.PLANNING_MEETING,
        given_on=DAY,
        minutes=60,
        recorded_by=boss,
    )

    assert second.week_pence == 3000
    assert len(second.warnings) == 1
    warned = set(await OutboxMessage.all().values_list("to_address", flat=True))
    assert warned == {helper.email, worker.email}
    assert other.email not in warned
    assert boss.email not in warned


async def test_time_credits_never_count_as_money(db: str) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await rewards.choose_reward(
        fair=fair,
        person=helper,
        activity=Activity.VENUE_VISIT,
        kind=RewardKind.TIME_CREDITS,
        pence_per_hour=999,
    )
    row, totals = await rewards.record(
        fair=fair,
        person=helper,
        activity=Activity.VENUE_VISIT,
        given_on=DAY,
        minutes=180,
        recorded_by=helper,
    )
    assert (row.reward, row.reward_pence, totals.month_pence) == (RewardKind.TIME_CREDITS, 0, 0)
    line = (await recognition.report(fair=fair)).people[0]
    assert (line.credits, line.owed_pence) == (3, 0)


async def test_negative_or_absurd_hours_are_refused_and_nothing_is_written(db: str) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await rewards.record(
        fair=fair,
        person=helper,
        activity=Activity.OTHER,
        given_on=DAY,
        minutes=20 * 60,
        recorded_by=helper,
    )
    for minutes in (-60, 0, 25 * 60, 5 * 60):
        with pytest.raises(DomainError) as caught:
            await rewards.record(
                fair=fair,
                person=helper,
                activity=Activity.OTHER,
                given_on=DAY,
                minutes=minutes,
                recorded_by=helper,
            )
        assert caught.value.field == "hours"
    assert await Contribution.all().count() == 1


async def test_attendance_makes_a_contribution_and_a_missed_shift_a_welfare_check(
    db: str,
) -> None:
    fair, boss, (came, missed) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    shift = await vf.shift(fair, await vf.active_role(fair, boss), hours=3)
    a = await signups.sign_up(shift=shift, person=came)
    b = await signups.sign_up(shift=shift, person=missed)

    await rewards.mark_attendance(signup=a, attended=True, by=boss)
    await rewards.mark_attendance(signup=a, attended=True, by=boss)
    await rewards.mark_attendance(signup=b, attended=False, by=boss)

    contribution = await Contribution.get(person_id=came.id).prefetch_related("recorded_by")
    assert (contribution.minutes, contribution.recorded_by.id) == (180, boss.id)
    assert await Contribution.filter(person_id=missed.id).count() == 0
    follow_up = await FollowUp.get(person_id=missed.id)
    assert "Welcome desk" in follow_up.reason
    cert = await recognition.certificate(fair=fair, person=came)
    assert (cert.hours, cert.roles) == (3, ["Welcome desk"])


async def test_expenses_need_a_receipt_and_an_organiser_decides_once(db: str) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    with pytest.raises(DomainError) as caught:
        await rewards.claim_expense(
            fair=fair,
            person=helper,
            kind=ExpenseKind.TRAVEL,
            amount_pence=450,
            spent_on=DAY,
            receipt="  ",
        )
    assert caught.value.field == "receipt"
    claim = await rewards.claim_expense(
        fair=fair,
        person=helper,
        kind=ExpenseKind.TRAVEL,
        amount_pence=450,
        spent_on=DAY,
        receipt="Bus ticket",
    )
    await rewards.decide_claim(claim=claim, approve=True, by=boss)
    with pytest.raises(DomainError):
        await rewards.decide_claim(claim=claim, approve=False, by=boss)
    assert (await ExpenseClaim.get(id=claim.id)).status == ClaimStatus.APPROVED
    csv_text = recognition.report_csv(await recognition.report(fair=fair))
    assert csv_text.splitlines()[0].startswith("name,group,hours")
