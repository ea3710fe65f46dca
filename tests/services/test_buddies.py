"""Buddy pairing with the database: runs stored with explanations, overrides with their cost,
publishing by e-mail (easy read where asked), answers, and refusals."""

from __future__ import annotations

import pytest

from fairplanner.errors import DomainError
from fairplanner.models import BuddyPair, OutboxMessage, PairingAudit, PairingRun
from fairplanner.models.buddies import OverrideKind, PairStatus, Side, SupportLevel
from fairplanner.models.enums import Role
from fairplanner.services import buddies
from tests import factories


async def _two_by_two():  # type: ignore[no-untyped-def]
    fair, boss, (sam, alex, priya, jo) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    for person in (sam, alex):
        await buddies.save_profile(
            fair=fair,
            person=person,
            side=Side.SUPPORTED,
            support=SupportLevel.BUDDY_WITH_ME,
            capacity=0,
            filled_by=person,
            languages="English",
            times="10:00-11:00",
            interests="college",
        )
    await buddies.save_profile(
        fair=fair,
        person=priya,
        side=Side.PARTNER,
        support=SupportLevel.ON_MY_OWN,
        capacity=1,
        filled_by=priya,
        languages="English",
        times="10:00-11:00",
        interests="college",
        named=[sam.id],
    )
    await buddies.save_profile(
        fair=fair,
        person=jo,
        side=Side.PARTNER,
        support=SupportLevel.ON_MY_OWN,
        capacity=1,
        filled_by=jo,
        languages="English",
        times="10:00-11:00",
    )
    return fair, boss, sam, alex, priya, jo


async def test_a_run_stores_pairs_with_sentences_and_repeats_with_its_seed(db: str) -> None:
    fair, boss, sam, alex, priya, jo = await _two_by_two()
    first = await buddies.run(fair=fair, by=boss, seed=11)
    pairs = {(p.supported_id, p.partner_id) for p in await BuddyPair.filter(run_id=first.id)}
    assert pairs == {(sam.id, priya.id), (alex.id, jo.id)}
    named = await BuddyPair.get(run_id=first.id, supported_id=sam.id)
    sentences = [line["sentence"] for line in named.breakdown]
    assert "One of them asked to be paired with the other." in sentences
    again = await buddies.run(fair=fair, by=boss, seed=11)
    assert {
        (p.supported_id, p.partner_id) for p in await BuddyPair.filter(run_id=again.id)
    } == pairs
    assert await PairingAudit.filter(action="run").count() == 2


async def test_a_forbid_shows_its_cost_and_the_next_run_keeps_it(db: str) -> None:
    fair, boss, sam, alex, priya, _jo = await _two_by_two()
    current = await buddies.run(fair=fair, by=boss, seed=3)
    cost = await buddies.override(
        fair=fair,
        by=boss,
        kind=OverrideKind.FORBID,
        supported_id=sam.id,
        partner_id=priya.id,
        current=current,
    )
    assert cost.total_change < 0
    assert cost.moved == sorted([sam.id, alex.id])
    rerun = await buddies.run(fair=fair, by=boss, seed=3)
    assert not await BuddyPair.exists(run_id=rerun.id, supported_id=sam.id, partner_id=priya.id)


async def test_an_organiser_re_running_from_an_old_page_is_told_and_nothing_is_written(
    db: str,
) -> None:
    fair, boss, *_ = await _two_by_two()
    await buddies.run(fair=fair, by=boss, seed=1, expected_number=0)
    with pytest.raises(DomainError) as caught:
        await buddies.run(fair=fair, by=boss, seed=2, expected_number=0)
    assert caught.value.code == "run_changed"
    assert await PairingRun.all().count() == 1


async def test_a_run_with_nobody_feasible_says_why_and_changes_nothing(db: str) -> None:
    fair, boss, (sam,) = await factories.light_fair_with(Role.VOLUNTEER)
    await buddies.save_profile(
        fair=fair,
        person=sam,
        side=Side.SUPPORTED,
        support=SupportLevel.TWO_PEOPLE,
        capacity=0,
        filled_by=boss,
    )
    with pytest.raises(DomainError) as caught:
        await buddies.run(fair=fair, by=boss)
    assert "no partner volunteers" in caught.value.message
    assert await PairingRun.all().count() == 0


async def test_a_partner_with_capacity_zero_is_refused(db: str) -> None:
    fair, _boss, (jo,) = await factories.light_fair_with(Role.VOLUNTEER)
    with pytest.raises(DomainError) as caught:
        await buddies.save_profile(
            fair=fair,
            person=jo,
            side=Side.PARTNER,
            support=SupportLevel.ON_MY_OWN,
            capacity=0,
            filled_by=jo,
        )
    assert caught.value.field == "capacity"


async def test_publishing_tells_both_people_once_in_easy_read_where_asked(db: str) -> None:
    fair, boss, sam, alex, priya, _jo = await _two_by_two()
    sam.easy_read = True
    await sam.save()
    run = await buddies.run(fair=fair, by=boss, seed=5)
    assert await buddies.publish(run=run, by=boss) == 2
    with pytest.raises(DomainError):
        await buddies.publish(run=run, by=boss)
    to_sam = await OutboxMessage.get(to_address=sam.email)
    assert "What happens next:\n1. Sign in" in to_sam.body
    assert await OutboxMessage.filter(to_address=priya.email).count() == 1
    (mine,) = await buddies.my_pairs(fair=fair, person=sam)
    await buddies.answer(pair=mine, person=sam, accept=False)
    assert (await BuddyPair.get(id=mine.id)).status == PairStatus.CHANGE_ASKED
    with pytest.raises(DomainError):
        await buddies.answer(pair=mine, person=alex, accept=True)
