"""Rate-limit records hold IP and e-mail addresses: they go once no window counts them, and
an erased account's failed sign-ins go with it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fairplanner.errors import RateLimited
from fairplanner.models import SignInFailure
from fairplanner.services import personal_data, ratelimit
from fairplanner.services.clock import now
from tests import factories


async def test_records_older_than_a_day_are_deleted_and_recent_ones_still_count(db: str) -> None:
    await ratelimit.reserve(
        keys=["address:203.0.113.7", "account:old@example.org"], limit=5, window_minutes=15
    )
    await SignInFailure.all().update(at=now() - timedelta(hours=25))
    await ratelimit.take_turn(
        key="booking:203.0.113.8", limit=1, window_minutes=60, message="Too many"
    )

    deleted = await ratelimit.forget_spent()

    assert deleted == 2
    assert await SignInFailure.all().values_list("key", flat=True) == ["booking:203.0.113.8"]
    # The recent use still counts: the next one in the hour is refused.
    with pytest.raises(RateLimited, match="Too many"):
        await ratelimit.take_turn(
            key="booking:203.0.113.8", limit=1, window_minutes=60, message="Too many"
        )


async def test_erasing_an_account_deletes_its_failed_sign_ins(db: str) -> None:
    person = await factories.light_person("Fern Gotten", email="forgetme@example.org")
    await ratelimit.reserve(
        keys=["account:forgetme@example.org", "address:198.51.100.2"], limit=5, window_minutes=15
    )

    await personal_data.erase_person(person=person)

    keys = await SignInFailure.all().values_list("key", flat=True)
    assert keys == ["address:198.51.100.2"]
