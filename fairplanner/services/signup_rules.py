"""The sign-up rules, in one place and one fixed order, each refusal with a plain reason.

Pure: no database. The service loads the facts, this decides, the service writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Span:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SignupFacts:
    """Everything the rules look at for one person and one shift."""

    now: datetime
    shift: Span
    time_zone: str
    places: int
    taken: int
    already_signed_up: bool
    needs_briefing: bool
    briefed: bool
    my_shifts: tuple[Span, ...]  # the person's other shifts in this fair
    max_minutes_per_day: int | None  # the person's own limit; None means no limit


@dataclass(frozen=True)
class Refusal:
    code: str
    reason: str


# The order matters: the first rule that fails is the one the person is told about.
RULE_ORDER = (
    "already_signed_up",
    "shift_over",
    "full",
    "needs_briefing",
    "clash",
    "over_daily_limit",
)


def overlaps(a: Span, b: Span) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def minutes_on_each_day(span: Span, tz: str) -> dict[date, int]:
    """Minutes of a span on each local day (a shift past midnight counts on both days)."""
    zone = ZoneInfo(tz)
    start, end = span.starts_at.astimezone(zone), span.ends_at.astimezone(zone)
    out: dict[date, int] = {}
    while start < end:
        midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), zone)
        part_end = min(end, midnight)
        out[start.date()] = out.get(start.date(), 0) + int((part_end - start).total_seconds() // 60)
        start = part_end
    return out


def check(facts: SignupFacts) -> Refusal | None:
    """The first rule that refuses this sign-up, or None when the person may sign up."""
    if facts.already_signed_up:
        return Refusal("already_signed_up", "You are already signed up for this shift.")
    if facts.shift.starts_at <= facts.now:
        return Refusal("shift_over", "This shift has already started or finished.")
    if facts.taken >= facts.places:
        return Refusal("full", "This shift is full. You can join the waiting list.")
    if facts.needs_briefing and not facts.briefed:
        return Refusal(
            "needs_briefing",
            "This role needs a short briefing first. Ask an organiser to book you one.",
        )
    for other in facts.my_shifts:
        if overlaps(facts.shift, other):
            return Refusal("clash", "This shift is at the same time as another of your shifts.")
    if facts.max_minutes_per_day is not None:
        mine: dict[date, int] = {}
        for span in (*facts.my_shifts, facts.shift):
            for day, minutes in minutes_on_each_day(span, facts.time_zone).items():
                mine[day] = mine.get(day, 0) + minutes
        if any(total > facts.max_minutes_per_day for total in mine.values()):
            hours = facts.max_minutes_per_day / 60
            return Refusal(
                "over_daily_limit",
                f"This would be more than your own limit of {hours:g} hours in a day.",
            )
    return None
