"""Reciprocity: contributions (hours given), reward choices made in advance, running totals
against limits, expenses with receipts, and the recognition each person gets back.

Benefit safety: time credits are never money; fees and vouchers need the benefits note read
first; weekly and monthly totals are checked against the organiser's limits and a warning goes
only to the person and one named worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import Fair, Person
from fairplanner.models.rewards import (
    MONEY_LIKE,
    Activity,
    ClaimStatus,
    Contribution,
    ExpenseClaim,
    ExpenseKind,
    FollowUp,
    RewardChoice,
    RewardKind,
)
from fairplanner.models.volunteering import Signup
from fairplanner.services import messaging
from fairplanner.services.clock import now
from fairplanner.services.volunteering import local_text, settings_for

MINUTES_IN_A_DAY = 24 * 60
MAX_CLAIM_PENCE = 100_000


async def choose_reward(
    *,
    fair: Fair,
    person: Person,
    activity: Activity,
    kind: RewardKind,
    pence_per_hour: int = 0,
    donation_group: str = "",
    read_benefits_note: bool = False,
) -> RewardChoice:
    if kind in MONEY_LIKE and not read_benefits_note:
        raise DomainError(
            "benefits_note",
            "Please read the note about benefits and tick the box before choosing this.",
            field="read_benefits_note",
        )
    if kind in MONEY_LIKE and not 0 < pence_per_hour <= 10_000:
        raise DomainError(
            "amount", "Enter an amount per hour between 1p and £100", field="pounds_per_hour"
        )
    if kind == RewardKind.DONATION and not donation_group.strip():
        raise DomainError(
            "donation_group", "Enter the group you want the money to go to", field="donation_group"
        )
    choice, _ = await RewardChoice.get_or_create(
        fair_id=fair.id, person_id=person.id, activity=activity
    )
    choice.kind = kind
    choice.pence_per_hour = pence_per_hour if kind in MONEY_LIKE | {RewardKind.DONATION} else 0
    choice.donation_group = donation_group.strip() if kind == RewardKind.DONATION else ""
    choice.benefits_note_seen_at = now() if kind in MONEY_LIKE else None
    await choice.save()
    return choice


async def choices_of(*, fair: Fair, person: Person) -> dict[Activity, RewardChoice]:
    rows = await RewardChoice.filter(fair_id=fair.id, person_id=person.id)
    return {r.activity: r for r in rows}


@dataclass(frozen=True)
class Totals:
    week_pence: int
    month_pence: int
    weekly_limit_pence: int | None
    monthly_limit_pence: int | None

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.weekly_limit_pence is not None and self.week_pence > self.weekly_limit_pence:
            out.append("This week's fees and vouchers are over the limit set for benefits.")
        if self.monthly_limit_pence is not None and self.month_pence > self.monthly_limit_pence:
            out.append("This month's fees and vouchers are over the limit set for benefits.")
        return out


async def totals(*, fair: Fair, person: Person, on: date) -> Totals:
    """Money-like rewards in the week (Monday to Sunday) and calendar month around `on`."""
    week_start = on - timedelta(days=on.weekday())
    month_start = on.replace(day=1)
    rows = await Contribution.filter(
        fair_id=fair.id,
        person_id=person.id,
        reward__in=list(MONEY_LIKE),
        given_on__gte=min(week_start, month_start),
    ).values_list("given_on", "reward_pence")
    week = sum(p for d, p in rows if week_start <= d < week_start + timedelta(days=7))
    month = sum(p for d, p in rows if d.year == on.year and d.month == on.month)
    settings = await settings_for(fair=fair)
    return Totals(int(week), int(month), settings.weekly_limit_pence, settings.monthly_limit_pence)


async def record(
    *,
    fair: Fair,
    person: Person,
    activity: Activity,
    given_on: date,
    minutes: int,
    recorded_by: Person,
    note: str = "",
    skills_used: str = "",
    signup: Signup | None = None,
) -> tuple[Contribution, Totals]:
    """Record time given. The reward is the one chosen in advance for that activity."""
    if minutes <= 0:
        raise DomainError("minutes", "Enter the time given, more than 0 minutes", field="hours")
    if minutes > MINUTES_IN_A_DAY:
        raise DomainError("minutes", "Nobody can give more than 24 hours in a day", field="hours")
    async with in_transaction():
        same_day = await Contribution.filter(
            fair_id=fair.id, person_id=person.id, given_on=given_on
        ).values_list("minutes", flat=True)
        if sum(int(str(m)) for m in same_day) + minutes > MINUTES_IN_A_DAY:
            raise DomainError(
                "minutes",
                "That makes more than 24 hours on one day. Check the hours.",
                field="hours",
            )
        choice = await RewardChoice.get_or_none(
            fair_id=fair.id, person_id=person.id, activity=activity
        )
        kind = choice.kind if choice else RewardKind.NONE
        pence = choice.pence_per_hour * minutes // 60 if choice and kind in MONEY_LIKE else 0
        row = await Contribution.create(
            fair=fair,
            person=person,
            activity=activity,
            given_on=given_on,
            minutes=minutes,
            note=note.strip(),
            skills_used=skills_used.strip(),
            signup=signup,
            reward=kind,
            reward_pence=pence,
            recorded_by=recorded_by,
        )
        found = await totals(fair=fair, person=person, on=given_on)
        if found.warnings:
            await _warn(fair=fair, person=person, warnings=found.warnings)
    return row, found


async def _warn(*, fair: Fair, person: Person, warnings: list[str]) -> None:
    """Only the person and the one named worker are told; nobody else sees it."""
    settings = await settings_for(fair=fair)
    await settings.fetch_related("named_worker")
    body = "\n".join(warnings) + (
        "\n\nThis may affect benefits. Please talk to an independent adviser: "
        f"{settings.welfare_advice}.\nYou can change your choice to time credits, a donation "
        "or expenses only at any time.\n"
    )
    for who in (person, settings.named_worker):
        if who is not None:
            await messaging.send(
                to=messaging.Recipient.for_person(who),
                subject=f"Rewards check for {person.name}",
                body=body,
                fair_id=fair.id,
                kind="reward_limit",
            )


async def mark_attendance(*, signup: Signup, attended: bool, by: Person) -> None:
    """Attended: the shift's hours become a contribution. Missed: a welfare follow-up for an
    organiser, never a score or a penalty."""
    await signup.fetch_related("shift__fair", "shift__role", "person")
    shift, fair = signup.shift, signup.shift.fair
    async with in_transaction():
        signup.attended = attended
        await signup.save(update_fields=["attended"])
        if attended and not await Contribution.exists(signup_id=signup.id):
            minutes = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
            await record(
                fair=fair,
                person=signup.person,
                activity=Activity.SHIFT,
                given_on=shift.starts_at.date(),
                minutes=minutes,
                recorded_by=by,
                note=shift.role.title,
                signup=signup,
            )
            await _thank(signup=signup, minutes=minutes)
        if not attended and not await FollowUp.exists(signup_id_ref=signup.id):
            await FollowUp.create(
                fair=fair,
                person=signup.person,
                signup_id_ref=signup.id,
                reason=f"Missed the {shift.role.title} shift. Check they are all right.",
            )


async def _thank(*, signup: Signup, minutes: int) -> None:
    """A thank-you by the person's own channel, once, when their shift's hours are recorded."""
    shift, person = signup.shift, signup.person
    hours = f"{minutes / 60:g} hour" + ("" if minutes == 60 else "s")
    await messaging.send(
        to=messaging.Recipient.for_person(person),
        subject=f"Thank you for your {shift.role.title} shift",
        body=(
            f"Hello {person.name},\n\nThank you for doing the {shift.role.title} shift at "
            f"{shift.fair.title}, {local_text(shift.starts_at, shift.fair.time_zone)}. "
            f"We have recorded {hours} for you.\n\nYou can see and print your certificate "
            'on the volunteering page, under "My hours and what I get back".\n'
        ),
        fair_id=shift.fair.id,
        kind="thank_you",
    )


async def claim_expense(
    *,
    fair: Fair,
    person: Person,
    kind: ExpenseKind,
    amount_pence: int,
    spent_on: date,
    receipt: str,
) -> ExpenseClaim:
    if not 0 < amount_pence <= MAX_CLAIM_PENCE:
        raise DomainError("amount", "Enter an amount between 1p and £1,000", field="amount")
    if not receipt.strip():
        raise DomainError(
            "receipt", "Describe the receipt you will give us, like 'bus ticket'", field="receipt"
        )
    return await ExpenseClaim.create(
        fair=fair,
        person=person,
        kind=kind,
        amount_pence=amount_pence,
        spent_on=spent_on,
        receipt=receipt.strip(),
    )


async def decide_claim(*, claim: ExpenseClaim, approve: bool, by: Person) -> ExpenseClaim:
    updated = await ExpenseClaim.filter(id=claim.id, status=ClaimStatus.WAITING).update(
        status=ClaimStatus.APPROVED if approve else ClaimStatus.REFUSED,
        decided_by_id=by.id,
        decided_at=now(),
    )
    if not updated:
        raise DomainError("already_decided", "Someone has already decided this claim.")
    await claim.refresh_from_db()
    return claim


async def contributions_of(*, fair: Fair, person: Person) -> list[Contribution]:
    return (
        await Contribution.filter(fair_id=fair.id, person_id=person.id)
        .prefetch_related("recorded_by")
        .order_by("-given_on", "-id")
    )
