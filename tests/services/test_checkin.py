"""Checking in at the door: every result code, the nonce rule, undo, who is inside, and one
ticket scanned by many phones at once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from fairplanner.errors import DomainError, RateLimited
from fairplanner.models import CheckIn, Registration, Ticket
from fairplanner.models.checkin import Direction, DoorDevice, DoorRole, Presence
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.services import checkin, checkin_lists, checkin_stats, door, tickets
from fairplanner.services.checkin_rules import Result, read_code
from fairplanner.services.clock import now
from tests import checkin_factories, ticket_factories


def test_codes_are_read_as_secrets_or_checked_references() -> None:
    secret = "A" * 26
    assert read_code(f" {secret.lower()} ").secret == secret
    assert read_code("0123456789").usable is False  # wrong check character
    assert not read_code("é" * 26).usable
    assert not read_code("x" * 5000).usable
    assert not read_code("").usable


async def test_a_first_scan_is_ok_and_a_second_is_already_checked_in(db: str) -> None:
    fair, _, main, device = await checkin_factories.setup()
    ticket = await checkin_factories.booked(fair)
    first = await checkin.redeem(device=device, code=ticket.secret, nonce="n1")
    assert first.result == Result.OK
    assert first.name == "Ruth O."
    second = await checkin.redeem(device=device, code=ticket.secret, nonce="n2")
    assert second.result == Result.ALREADY_CHECKED_IN
    assert await checkin_lists.inside_counts(fair=fair) == {main.id: 1}
    assert await CheckIn.filter(checkin_list_id=main.id).count() == 2  # failures are stored too


async def test_the_typed_reference_works_with_dashes_and_lower_case(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    ticket = await checkin_factories.booked(fair)
    typed = f"{ticket.reference[:5].lower()}-{ticket.reference[5:]}"
    assert (await checkin.redeem(device=device, code=typed, nonce="n")).result == Result.OK


async def test_the_same_nonce_returns_the_first_answer_and_stores_one_scan(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    ticket = await checkin_factories.booked(fair)
    first = await checkin.redeem(device=device, code=ticket.secret, nonce="same")
    again = await checkin.redeem(device=device, code=ticket.secret, nonce="same")
    assert again.result == Result.OK
    assert again.replayed
    assert again.id == first.id
    assert await CheckIn.filter(device_id=device.id).count() == 1


@pytest.mark.parametrize("code", ["", "hello", "Z" * 26, "ÄÖÜ" * 9, "7" * 3000])
async def test_unknown_and_garbage_codes_are_unknown_tickets(db: str, code: str) -> None:
    _, _, _, device = await checkin_factories.setup()
    scan = await checkin.redeem(device=device, code=code, nonce="n")
    assert scan.result == Result.UNKNOWN_TICKET
    stored = await CheckIn.get(id=scan.id)
    assert not stored.successful
    assert len(stored.code_hint) <= 12


async def test_cancelled_replaced_waiting_and_other_fair_tickets_are_refused(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    cancelled = await checkin_factories.booked(fair, "Cara Cancel")
    await Registration.filter(id=cancelled.registration_id).update(  # type: ignore[attr-defined]
        status=RegistrationStatus.CANCELLED
    )
    replaced = await checkin_factories.booked(fair, "Rex Replaced")
    await tickets.reissue(ticket=replaced)
    waiting = await checkin_factories.booked(fair, "Wendy Wait")
    await Registration.filter(id=waiting.registration_id).update(  # type: ignore[attr-defined]
        status=RegistrationStatus.WAITING
    )
    other_fair, _ = await ticket_factories.fair()
    stranger = await checkin_factories.booked(other_fair, "Otto Other")
    expected = {
        cancelled.secret: Result.CANCELLED,
        replaced.secret: Result.CANCELLED,
        waiting.secret: Result.NOT_BOOKED,
        stranger.secret: Result.WRONG_LIST,
    }
    for n, (secret, result) in enumerate(expected.items()):
        assert (await checkin.redeem(device=device, code=secret, nonce=f"n{n}")).result == result
    assert not await CheckIn.filter(result=Result.WRONG_LIST, ticket_id__isnull=False).exists()


async def test_a_closed_door_says_list_closed_unless_a_supervisor_overrides(db: str) -> None:
    fair, boss = await ticket_factories.fair()
    later = await checkin_factories.door_list(
        fair, "Side door", opens_at=now() + timedelta(hours=1)
    )
    device, _ = await checkin_factories.paired(fair, later, boss, DoorRole.SUPERVISOR)
    ticket = await checkin_factories.booked(fair)
    assert (await checkin.redeem(device=device, code=ticket.secret, nonce="a")).result == (
        Result.LIST_CLOSED
    )
    forced = await checkin.redeem(device=device, code=ticket.secret, nonce="b", force=True)
    assert forced.result == Result.OK
    assert forced.forced


async def test_exit_then_reentry_follows_the_doors_rule(db: str) -> None:
    fair, boss = await ticket_factories.fair()
    strict = await checkin_factories.door_list(fair, "Talk room", allow_reentry=False)
    device, _ = await checkin_factories.paired(fair, strict, boss)
    ticket = await checkin_factories.booked(fair)
    code = ticket.secret
    assert (
        await checkin.redeem(device=device, code=code, nonce="1", direction=Direction.EXIT)
    ).result == Result.NOT_INSIDE
    assert (await checkin.redeem(device=device, code=code, nonce="2")).result == Result.OK
    assert (
        await checkin.redeem(device=device, code=code, nonce="3", direction=Direction.EXIT)
    ).result == Result.OK
    assert (await checkin.redeem(device=device, code=code, nonce="4")).result == Result.NO_REENTRY
    assert await checkin_lists.inside_counts(fair=fair) == {}


async def test_re_entry_is_allowed_where_the_door_allows_it(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    code = (await checkin_factories.booked(fair)).secret
    for n, direction in enumerate([Direction.ENTRY, Direction.EXIT, Direction.ENTRY]):
        scan = await checkin.redeem(device=device, code=code, nonce=str(n), direction=direction)
        assert scan.result == Result.OK


async def test_a_revoked_or_expired_pairing_cannot_scan(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    await door.revoke(fair=fair, device_id=device.id)
    with pytest.raises(DomainError) as refused:
        await checkin.device_for_scan(device_id=device.id)
    assert refused.value.code == "revoked"
    _, _, _, device2 = await checkin_factories.setup()
    with pytest.raises(DomainError):
        await checkin.device_for_scan(device_id=device2.id, at=now() + timedelta(hours=9))


async def _paired_with_pin(pin: str) -> tuple[DoorDevice, str]:
    fair, boss = await ticket_factories.fair()
    main = await checkin_factories.door_list(fair)
    return await door.pair_device(
        fair=fair, checkin_list=main, label="Sam", role=DoorRole.STEWARD, hours=2, pin=pin, by=boss
    )


async def test_a_pairing_link_works_once_and_checks_the_pin(db: str) -> None:
    device, token = await _paired_with_pin("4321")
    with pytest.raises(DomainError) as wrong:
        await door.complete_pairing(token=token, pin="0000")
    assert wrong.value.code == "pin_wrong"
    await door.complete_pairing(token=token, pin="4321")
    with pytest.raises(DomainError) as used:
        await door.complete_pairing(token=token, pin="4321")
    assert used.value.code == "link_expired"
    assert (await DoorDevice.get(id=device.id)).paired_at is not None


async def test_a_pairing_link_waits_after_five_wrong_pins(db: str) -> None:
    device, token = await _paired_with_pin("4321")
    for guess in ("0000", "1111", "2222", "3333", "5555"):
        with pytest.raises(DomainError) as wrong:
            await door.complete_pairing(token=token, pin=guess)
        assert wrong.value.code == "pin_wrong"

    # A sixth guess is not checked at all, right or not, until the window has passed.
    with pytest.raises(RateLimited):
        await door.complete_pairing(token=token, pin="4321")
    assert (await DoorDevice.get(id=device.id)).paired_at is None


async def test_undo_is_for_the_same_phone_within_fifteen_minutes(db: str) -> None:
    fair, boss, main, device = await checkin_factories.setup()
    other, _ = await checkin_factories.paired(fair, main, boss)
    code = (await checkin_factories.booked(fair)).secret
    scan = await checkin.redeem(device=device, code=code, nonce="1")
    with pytest.raises(DomainError):
        await checkin.undo(device=other, scan_id=scan.id)
    await checkin.undo(device=device, scan_id=scan.id)
    assert await checkin_lists.inside_counts(fair=fair) == {}
    again = await checkin.redeem(device=device, code=code, nonce="2")
    assert again.result == Result.OK
    await CheckIn.filter(id=again.id).update(created_at=now() - timedelta(minutes=16))
    with pytest.raises(DomainError) as late:
        await checkin.undo(device=device, scan_id=again.id)
    assert late.value.code == "cannot_undo"


async def test_door_notes_show_only_when_the_attendee_said_yes(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    yes = await checkin_factories.booked(
        fair, "Quinn Yes", access_need_keys=("Q",), show_at_door=True, companions=1
    )
    no = await checkin_factories.booked(fair, "Nora No", access_need_keys=("Q",))
    shown = await checkin.redeem(device=device, code=yes.secret, nonce="1")
    assert shown.notes == ["Needs a quiet space", "Coming with a carer"]
    assert (await checkin.redeem(device=device, code=no.secret, nonce="2")).notes == []


async def test_the_roll_call_lists_who_is_inside_by_first_name_and_initial(db: str) -> None:
    fair, _, main, device = await checkin_factories.setup()
    for n, name in enumerate(["Zara Young", "Adam Brook"]):
        ticket = await checkin_factories.booked(fair, name)
        await checkin.redeem(device=device, code=ticket.secret, nonce=str(n))
    names = [name for name, _ in await checkin_lists.roll_call(checkin_list=main)]
    assert names == ["Adam B.", "Zara Y."]


async def test_search_needs_three_letters_and_finds_few(db: str) -> None:
    fair, _, _, _ = await checkin_factories.setup()
    await checkin_factories.booked(fair, "Harriet Lane")
    with pytest.raises(DomainError):
        await door.search(fair_id=fair.id, text="Ha")
    found = await door.search(fair_id=fair.id, text="lane")
    assert [t.door_name for t in found] == ["Harriet L."]


async def test_many_phones_scanning_one_ticket_at_once_admit_it_once(db: str) -> None:
    fair, boss, main, _ = await checkin_factories.setup()
    devices = [(await checkin_factories.paired(fair, main, boss))[0] for _ in range(100)]
    ticket = await checkin_factories.booked(fair)
    scans = await asyncio.gather(
        *(
            checkin.redeem(device=d, code=ticket.secret, nonce=f"n{i}")
            for i, d in enumerate(devices)
        )
    )
    assert sum(s.result == Result.OK for s in scans) == 1
    assert sum(s.result == Result.ALREADY_CHECKED_IN for s in scans) == 99
    assert await CheckIn.filter(successful=True).count() == 1
    assert await Ticket.filter(status=TicketStatus.VALID, id=ticket.id).exists()


async def test_one_ticket_on_a_hundred_phones_through_the_api_path_is_let_in_once(
    db: str,
) -> None:
    """The API reads the phone and the ticket in one query (`look_up`) before the write: the
    write alone decides, so 100 phones at once still admit once. Synced offline admissions of
    that ticket are all recorded, and every one after the first is flagged as let in twice."""
    fair, boss, main, _ = await checkin_factories.setup()
    devices = [(await checkin_factories.paired(fair, main, boss))[0] for _ in range(100)]
    ticket = await checkin_factories.booked(fair)
    other = await checkin_factories.booked(fair, "Olga Other")

    async def scan(device_id: int, code: str, nonce: str, offline: Result | None) -> Result:
        lookup = await checkin.look_up(device_id=device_id, code=code)
        found = await checkin.redeem(
            device=lookup.device, code=code, nonce=nonce, lookup=lookup, offline_result=offline
        )
        return found.result

    online = await asyncio.gather(*(scan(d.id, ticket.secret, "on", None) for d in devices))
    assert online.count(Result.OK) == 1
    assert online.count(Result.ALREADY_CHECKED_IN) == 99
    synced = await asyncio.gather(*(scan(d.id, other.secret, "off", Result.OK) for d in devices))
    assert synced.count(Result.OK) == 100  # they all happened
    flagged = await CheckIn.filter(ticket_id=other.id, conflict="already_checked_in").count()
    assert flagged == 99
    presence = await Presence.get(ticket_id=other.id)
    assert presence.entries == 100
    with pytest.raises(DomainError):
        await checkin.look_up(device_id=10_000, code=ticket.secret)


async def test_one_scan_sent_twice_at_once_enters_once_and_both_get_the_first_answer(
    db: str,
) -> None:
    """A phone retrying a scan whose answer it did not get: the same nonce, twice, at once.
    (On PostgreSQL a first entry is one statement; this is its nonce rule.)"""
    fair, _, _, device = await checkin_factories.setup()
    ticket = await checkin_factories.booked(fair)
    lookups = [await checkin.look_up(device_id=device.id, code=ticket.secret) for _ in range(2)]

    scans = await asyncio.gather(
        *(
            checkin.redeem(device=device, code=ticket.secret, nonce="retry", lookup=lookup)
            for lookup in lookups
        )
    )

    assert [s.result for s in scans] == [Result.OK, Result.OK]
    assert scans[0].id == scans[1].id
    assert sorted(s.replayed for s in scans) == [False, True]
    assert await CheckIn.filter(ticket_id=ticket.id).count() == 1
    assert (await Presence.get(ticket_id=ticket.id)).entries == 1


async def test_a_ticket_let_in_and_out_elsewhere_since_it_was_read_comes_back_in(
    db: str,
) -> None:
    """Read at this door before anyone had scanned it; meanwhile another phone let the person
    in and out. The write decides: they are outside, so this is a re-entry."""
    fair, boss, main, device = await checkin_factories.setup()
    other, _ = await checkin_factories.paired(fair, main, boss)
    ticket = await checkin_factories.booked(fair)
    lookup = await checkin.look_up(device_id=device.id, code=ticket.secret)
    await checkin.redeem(device=other, code=ticket.secret, nonce="in")
    await checkin.redeem(device=other, code=ticket.secret, nonce="out", direction=Direction.EXIT)

    scan = await checkin.redeem(device=device, code=ticket.secret, nonce="back", lookup=lookup)

    presence = await Presence.get(ticket_id=ticket.id)
    assert scan.result == Result.OK
    assert (presence.inside, presence.entries) == (True, 2)


async def test_the_live_view_counts_arrivals_and_needs_inside_without_names(db: str) -> None:
    fair, _, _, device = await checkin_factories.setup()
    quiet = await checkin_factories.booked(fair, "Quinn Quiet", access_need_keys=("Q", "W"))
    plain = await checkin_factories.booked(fair, "Paul Plain")
    for n, ticket in enumerate([quiet, plain]):
        await checkin.redeem(device=device, code=ticket.secret, nonce=str(n))
    buckets = await checkin_stats.arrivals(fair=fair)
    assert sum(count for _, count in buckets) == 2
    counts = checkin_stats.door_note_counts(await checkin_stats.needs_inside(fair=fair))
    assert counts == [("Needs a quiet space", 1), ("Uses a wheelchair", 1)]
