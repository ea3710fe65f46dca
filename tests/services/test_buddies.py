"""Buddy pairing with the database: runs stored with explanations, overrides with their cost,
publishing by e-mail (easy read where asked), answers, and refusals."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from fairplanner.errors import DomainError
from fairplanner.models import (
    BuddyPair,
    ContactMessage,
    OutboxMessage,
    PairingAudit,
    PairingRun,
)
from fairplanner.models.buddies import (
    BuddyProfile,
    OverrideKind,
    PairOverride,
    PairStatus,
    Side,
    SupportLevel,
)
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.services import buddies, buddy_times, signups
from fairplanner.services.buddy_matching import DEFAULT_WEIGHTS
from tests import factories, volunteering_factories
from tests.volunteering_factories import buddy_profile


async def _two_by_two():  # type: ignore[no-untyped-def]
    fair, boss, (sam, alex, priya, jo) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    # Everybody speaks English and is there from 10 to 11. Priya asks for Sam.
    for person, side, capacity, said in (
        (sam, Side.SUPPORTED, 0, {"interests": "college"}),
        (alex, Side.SUPPORTED, 0, {"interests": "college"}),
        (priya, Side.PARTNER, 1, {"interests": "college", "named": [sam.id]}),
        (jo, Side.PARTNER, 1, {}),
    ):
        await buddy_profile(
            fair, person, side, capacity, languages="English", times="10:00-11:00", **said
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
    await buddy_profile(fair, sam, Side.SUPPORTED, support=SupportLevel.TWO_PEOPLE, filled_by=boss)
    with pytest.raises(DomainError) as caught:
        await buddies.run(fair=fair, by=boss)
    assert "no partner volunteers" in caught.value.message
    assert await PairingRun.all().count() == 0


async def test_a_partner_with_capacity_zero_is_refused(db: str) -> None:
    fair, _boss, (jo,) = await factories.light_fair_with(Role.VOLUNTEER)
    with pytest.raises(DomainError) as caught:
        await buddy_profile(fair, jo, Side.PARTNER, 0)
    assert caught.value.field == "capacity"


async def test_publishing_tells_both_people_once_in_easy_read_where_asked(db: str) -> None:
    fair, boss, sam, alex, priya, _jo = await _two_by_two()
    sam.easy_read = True
    await sam.save()
    alex.contact_channel = ContactChannel.PHONE
    await alex.save()
    run = await buddies.run(fair=fair, by=boss, seed=5)
    assert await buddies.publish(run=run, by=boss) == 2
    with pytest.raises(DomainError):
        await buddies.publish(run=run, by=boss)
    to_sam = await OutboxMessage.get(to_address=sam.email)
    assert "What happens next:\n1. Sign in" in to_sam.body
    assert await OutboxMessage.filter(to_address=priya.email).count() == 1
    assert not await OutboxMessage.filter(to_address=alex.email).exists()
    by_phone = await ContactMessage.get(person_id=alex.id, kind="buddy")
    assert "Your buddy for the fair is" in by_phone.body
    (mine,) = await buddies.my_pairs(fair=fair, person=sam)
    await buddies.answer(pair=mine, person=sam, accept=False)
    assert (await BuddyPair.get(id=mine.id)).status == PairStatus.CHANGE_ASKED
    with pytest.raises(DomainError):
        await buddies.answer(pair=mine, person=alex, accept=True)


async def _pairs(run: PairingRun) -> set[tuple[int, int]]:
    return {(p.supported_id, p.partner_id) for p in await BuddyPair.filter(run_id=run.id)}


async def test_a_swap_is_explained_audited_and_kept_then_unlocking_lets_the_matcher_choose(
    db: str,
) -> None:
    fair, boss, sam, alex, priya, jo = await _two_by_two()
    first = await buddies.run(fair=fair, by=boss, seed=1)
    one = await BuddyPair.get(run_id=first.id, supported_id=sam.id)
    two = await BuddyPair.get(run_id=first.id, supported_id=alex.id)
    cost = await buddies.swap(fair=fair, by=boss, run_=first, first_id=one.id, second_id=two.id)
    assert cost.total_change == -DEFAULT_WEIGHTS["named"]  # Priya asked for Sam
    assert cost.moved == sorted([sam.id, alex.id])
    assert await _pairs(first) == {(sam.id, jo.id), (alex.id, priya.id)}
    swapped = await BuddyPair.get(run_id=first.id, supported_id=sam.id)
    assert swapped.locked
    assert swapped.score == sum(line["points"] or 0 for line in swapped.breakdown)
    assert (await PairingRun.get(id=first.id)).total == first.total + cost.total_change
    assert await PairingAudit.filter(action="swap", by_id=boss.id).count() == 1
    kept = await buddies.run(fair=fair, by=boss, seed=1)
    assert await _pairs(kept) == {(sam.id, jo.id), (alex.id, priya.id)}
    assert all(p.locked for p in await BuddyPair.filter(run_id=kept.id))
    assert await buddies.lock(fair=fair, by=boss, run_=kept, pair_ids=set()) == 0
    free = await buddies.run(fair=fair, by=boss, seed=1)
    assert await _pairs(free) == {(sam.id, priya.id), (alex.id, jo.id)}
    assert await PairingAudit.filter(action="lock").count() == 1


async def test_a_swap_into_a_forbidden_or_impossible_pair_is_refused_and_nothing_changes(
    db: str,
) -> None:
    fair, boss, sam, alex, priya, jo = await _two_by_two()
    run = await buddies.run(fair=fair, by=boss, seed=1)
    one = await BuddyPair.get(run_id=run.id, supported_id=sam.id)
    two = await BuddyPair.get(run_id=run.id, supported_id=alex.id)
    await PairOverride.create(fair=fair, kind=OverrideKind.FORBID, supported=sam, partner=jo)
    with pytest.raises(DomainError) as caught:
        await buddies.swap(fair=fair, by=boss, run_=run, first_id=one.id, second_id=two.id)
    assert "never to pair them" in caught.value.message
    with pytest.raises(DomainError):
        await buddies.swap(fair=fair, by=boss, run_=run, first_id=one.id, second_id=one.id)
    assert await _pairs(run) == {(sam.id, priya.id), (alex.id, jo.id)}
    assert not await PairingAudit.filter(action="swap").exists()


async def test_published_pairs_stay_when_re_running_unless_someone_asked_for_a_change(
    db: str,
) -> None:
    fair, boss, sam, alex, priya, jo = await _two_by_two()
    first = await buddies.run(fair=fair, by=boss, seed=2)
    await buddies.publish(run=first, by=boss)
    # Jo now asks for Sam by name: a fresh run would move Sam, a kept one does not.
    await BuddyProfile.filter(person_id=jo.id).update(named=[sam.id])
    await BuddyProfile.filter(person_id=priya.id).update(named=[])
    second = await buddies.run(fair=fair, by=boss, seed=2)
    assert await _pairs(second) == {(sam.id, priya.id), (alex.id, jo.id)}
    assert (await PairingRun.get(id=second.id)).settings["kept"] == sorted(
        [[sam.id, priya.id], [alex.id, jo.id]]
    )
    # Publishing again tells nobody twice.
    before = await OutboxMessage.all().count()
    await buddies.publish(run=second, by=boss)
    assert await OutboxMessage.all().count() == before
    (mine,) = await buddies.my_pairs(fair=fair, person=sam)
    await buddies.answer(pair=mine, person=sam, accept=False)
    third = await buddies.run(fair=fair, by=boss, seed=2)
    assert await _pairs(third) == {(alex.id, jo.id)}  # not Priya again, and Jo is kept
    assert sam.id in {int(k) for k in third.unmatched}


async def test_each_matched_person_gets_a_backup_with_a_free_place(db: str) -> None:
    fair, boss, sam, alex, priya, jo = await _two_by_two()
    await BuddyProfile.filter(person_id=jo.id).update(capacity=2)
    run = await buddies.run(fair=fair, by=boss, seed=1)
    pair = await BuddyPair.get(run_id=run.id, supported_id=sam.id)
    assert pair.partner_id == priya.id  # type: ignore[attr-defined]
    assert pair.backup_id == jo.id  # type: ignore[attr-defined]
    assert "free place" in pair.backup_why
    # Jo's one free place backs up one person only; Alex is with Jo already.
    other = await BuddyPair.get(run_id=run.id, supported_id=alex.id)
    assert other.backup_id is None  # type: ignore[attr-defined]


async def test_a_run_for_one_block_uses_times_from_profiles_or_else_shifts(db: str) -> None:
    fair, boss, sam, alex, priya, jo = await _two_by_two()
    await BuddyProfile.filter(person_id__in=[alex.id, jo.id]).update(times="")
    role = await volunteering_factories.active_role(fair, boss)
    afternoon = await volunteering_factories.shift(fair, role, start_hour=13, hours=2)
    for person in (alex, jo):
        await signups.sign_up(shift=afternoon, person=person)
    morning = await buddies.run(fair=fair, by=boss, seed=1, block="morning")
    assert await _pairs(morning) == {(sam.id, priya.id)}
    assert morning.block == "morning"
    later = await buddies.run(fair=fair, by=boss, seed=1, block="afternoon")
    assert await _pairs(later) == {(alex.id, jo.id)}
    with pytest.raises(DomainError) as caught:
        await buddies.run(fair=fair, by=boss, seed=1, block="evening")
    assert caught.value.field == "block"


async def test_weights_are_checked_stored_with_the_run_and_a_repeat_is_exact(db: str) -> None:
    fair, boss, *_ = await _two_by_two()
    for bad, words in (
        ({**DEFAULT_WEIGHTS, "named": 60}, "add up to 140"),
        ({**DEFAULT_WEIGHTS, "named": -1}, "whole number from 0 to 100"),
        (dict.fromkeys(DEFAULT_WEIGHTS, 0), "more than 0"),
        ({**DEFAULT_WEIGHTS, "height": 5}, "no criterion"),
    ):
        with pytest.raises(DomainError) as caught:
            await buddies.run(fair=fair, by=boss, weights=bad)
        assert words in caught.value.message
    assert await PairingRun.all().count() == 0
    mine = {**DEFAULT_WEIGHTS, "named": 0, "interests": 20}
    first = await buddies.run(fair=fair, by=boss, weights=mine, min_score=10, fairness=True)
    assert first.settings["weights"] == mine
    again = await buddies.repeat(run_=first, by=boss)
    assert (again.seed, again.settings["weights"], again.total) == (
        first.seed,
        mine,
        first.total,
    )
    assert await _pairs(again) == await _pairs(first)
    breakdown = (await BuddyPair.filter(run_id=again.id).first()).breakdown  # type: ignore[union-attr]
    assert {line["criterion"]: line["points"] for line in breakdown}["named"] == 0


async def test_two_organisers_running_at_once_one_wins_the_other_is_told(db: str) -> None:
    fair, boss, *_ = await _two_by_two()
    results = await asyncio.gather(
        buddies.run(fair=fair, by=boss, seed=1, expected_number=0),
        buddies.run(fair=fair, by=boss, seed=2, expected_number=0),
        return_exceptions=True,
    )
    won = [r for r in results if isinstance(r, PairingRun)]
    told = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1, results
    assert len(told) == 1, results
    assert told[0].code == "run_changed"
    assert "Someone else ran the matcher" in told[0].message
    assert await PairingRun.all().count() == 1
    assert await BuddyPair.exclude(run_id=won[0].id).count() == 0
    assert await BuddyPair.filter(run_id=won[0].id).count() == 2


async def test_contradictory_profiles_get_clear_messages(db: str) -> None:
    fair, _boss, (sam, jo) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    with pytest.raises(DomainError) as caught:
        await buddy_profile(fair, sam, Side.SUPPORTED, named=[jo.id], never=[jo.id])
    assert caught.value.field == "never"
    assert not await BuddyProfile.exists(person_id=sam.id)
    wants_two = await buddy_profile(fair, sam, Side.SUPPORTED, support=SupportLevel.TWO_PEOPLE)
    note = await buddies.profile_note(fair=fair, profile=wants_two)
    assert note is not None
    assert "two people" in note
    assert "no partner volunteers" in note


async def test_published_pairs_give_each_person_calendar_events(db: str) -> None:
    fair, boss, sam, _alex, priya, _jo = await _two_by_two()
    priya.name = "Priya Shah"
    await priya.save()
    await BuddyProfile.filter(person_id=sam.id).update(
        times="10:00-11:00, 11:00-12:00", meeting_point="Main door"
    )
    await BuddyProfile.filter(person_id=priya.id).update(times="10:00-11:00, 11:00-12:00")
    run = await buddies.run(fair=fair, by=boss, seed=1)
    assert await buddy_times.buddy_events(person=sam, fair=fair) == []  # not published yet
    await buddies.publish(run=run, by=boss)
    (event,) = await buddy_times.buddy_events(person=sam, fair=fair)
    assert event.buddy_first_name == "Priya"
    assert event.meeting_point == "Main door"
    assert event.starts_at == datetime(2027, 6, 12, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)
    assert event.ends_at == datetime(2027, 6, 12, 11, 0, tzinfo=UTC)
    assert event.summary == "Meet your buddy Priya at Main door"
    (theirs,) = await buddy_times.buddy_events(person=priya, fair=fair)
    assert theirs.buddy_first_name == sam.name.split()[0]
    assert theirs.uid != event.uid
    (mine,) = await buddies.my_pairs(fair=fair, person=sam)
    await buddies.answer(pair=mine, person=sam, accept=False)
    assert await buddy_times.buddy_events(person=sam, fair=fair) == []
