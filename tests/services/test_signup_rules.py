"""The sign-up rules as a pure function: each refusal, and the order they are checked in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fairplanner.services.signup_rules import RULE_ORDER, SignupFacts, Span, check

NOON = datetime(2027, 6, 12, 11, 0, tzinfo=UTC)  # 12:00 in London (summer time)


def _facts(**changes: object) -> SignupFacts:
    base = SignupFacts(
        now=NOON - timedelta(days=7),
        shift=Span(NOON, NOON + timedelta(hours=2)),
        time_zone="Europe/London",
        places=2,
        taken=0,
        already_signed_up=False,
        needs_briefing=False,
        briefed=False,
        my_shifts=(),
        max_minutes_per_day=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_free_place_with_nothing_in_the_way_is_allowed() -> None:
    assert check(_facts()) is None


def test_each_rule_refuses_with_its_code_and_a_plain_reason() -> None:
    cases = {
        "already_signed_up": _facts(already_signed_up=True),
        "shift_over": _facts(now=NOON + timedelta(minutes=1)),
        "full": _facts(taken=2),
        "needs_briefing": _facts(needs_briefing=True),
        "clash": _facts(my_shifts=(Span(NOON + timedelta(hours=1), NOON + timedelta(hours=3)),)),
        "over_daily_limit": _facts(
            max_minutes_per_day=180,
            my_shifts=(Span(NOON - timedelta(hours=3), NOON - timedelta(hours=1)),),
        ),
    }
    for code, facts in cases.items():
        refusal = check(facts)
        assert refusal is not None
        assert refusal.code == code
        assert refusal.reason.endswith(".")
        assert len(refusal.reason.split()) < 20


def test_the_first_failing_rule_in_the_fixed_order_is_the_one_reported() -> None:
    everything_wrong = _facts(
        already_signed_up=True,
        now=NOON + timedelta(hours=1),
        taken=5,
        needs_briefing=True,
        my_shifts=(Span(NOON, NOON + timedelta(hours=1)),),
        max_minutes_per_day=30,
    )
    seen = []
    facts = everything_wrong
    fixes = {
        "already_signed_up": {"already_signed_up": False},
        "shift_over": {"now": NOON - timedelta(days=1)},
        "full": {"taken": 0},
        "needs_briefing": {"briefed": True},
        "clash": {"my_shifts": ()},
        "over_daily_limit": {"max_minutes_per_day": None},
    }
    while (refusal := check(facts)) is not None:
        seen.append(refusal.code)
        facts = replace(facts, **fixes[refusal.code])  # type: ignore[arg-type]
    assert tuple(seen) == RULE_ORDER


def test_back_to_back_shifts_do_not_clash() -> None:
    before = Span(NOON - timedelta(hours=2), NOON)
    assert check(_facts(my_shifts=(before,))) is None


def test_the_daily_limit_counts_only_shifts_on_the_same_local_day() -> None:
    yesterday = Span(NOON - timedelta(days=1), NOON - timedelta(days=1) + timedelta(hours=3))
    assert check(_facts(max_minutes_per_day=180, my_shifts=(yesterday,))) is None
    exactly = _facts(max_minutes_per_day=120)
    assert check(exactly) is None
