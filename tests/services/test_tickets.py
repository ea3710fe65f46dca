"""Booking places: capacity, the waiting list, tickets, reissuing, and the QR codes."""

from __future__ import annotations

import asyncio
import secrets
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from fairplanner.errors import DomainError, LinkExpired
from fairplanner.export.tokens import code_is_well_formed
from fairplanner.models import BookingSettings, Fair, OutboxMessage, Registration, Ticket
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import (
    RegistrationSource,
    RegistrationStatus,
    TicketKind,
    TicketStatus,
)
from fairplanner.services import access_flags, tickets, waitlist
from fairplanner.services.clock import now
from tests import ticket_factories
from tests.helpers import loop_turns_while

URL = "http://testserver/tickets/{secret}"
ZBARIMG = shutil.which("zbarimg") or "zbarimg"


async def published_fair(capacity: int | None = None) -> Fair:
    fair, _ = await ticket_factories.fair()
    if capacity is not None:
        await tickets.set_capacity(fair=fair, capacity=capacity, offer_hours=48)
    return fair


async def book(
    fair: Fair, name: str = "Ruth Okafor", *, key: str = "", **extra: object
) -> Registration:
    booker = tickets.Booker(name=name, email=f"{name.split()[0].lower()}@example.org", **extra)  # type: ignore[arg-type]
    registration, _ = await tickets.register(
        fair=fair,
        booker=booker,
        source=RegistrationSource.ONLINE,
        submission_key=key or secrets.token_urlsafe(12),
        ticket_url=URL,
    )
    return registration


async def test_booking_makes_a_lead_ticket_with_secret_and_checked_reference(db: str) -> None:
    fair = await published_fair()
    registration = await book(fair)
    assert registration.status == RegistrationStatus.BOOKED
    [ticket] = await tickets.tickets_of(registration=registration)
    assert ticket.lead
    assert ticket.kind == TicketKind.ATTENDEE
    assert len(ticket.secret) == 26
    assert ticket.secret.isupper()
    assert code_is_well_formed(ticket.reference)
    assert ticket.door_name == "Ruth O."
    mail = await OutboxMessage.get(to_address="ruth@example.org")
    assert ticket.secret in mail.body
    assert "quiet" not in mail.body


async def test_the_same_form_sent_twice_makes_one_booking(db: str) -> None:
    fair = await published_fair()
    first = await book(fair, key="same-key")
    second = await book(fair, key="same-key")
    assert first.id == second.id
    assert await Registration.filter(fair_id=fair.id).count() == 1
    assert (await BookingSettings.get(fair_id=fair.id)).taken == 1


async def test_concurrent_copies_of_one_form_make_one_booking(db: str) -> None:
    fair = await published_fair()
    await asyncio.gather(*(book(fair, key="raced") for _ in range(5)))
    assert await Registration.filter(fair_id=fair.id).count() == 1


async def test_past_capacity_people_join_the_waiting_list(db: str) -> None:
    fair = await published_fair(capacity=2)
    await book(fair, "Ann One", places=2)
    late = await book(fair, "Bob Two")
    assert late.status == RegistrationStatus.WAITING
    assert await waitlist.position(registration=late) == 1
    # The waiting person has a link (lead ticket) but it does not let them in yet.
    assert len(await tickets.tickets_of(registration=late)) == 1


async def test_companions_come_free_and_do_not_use_places(db: str) -> None:
    fair = await published_fair(capacity=1)
    registration = await book(fair, companions=2)
    assert registration.status == RegistrationStatus.BOOKED
    kinds = [t.kind for t in await tickets.tickets_of(registration=registration)]
    assert kinds == [TicketKind.ATTENDEE, TicketKind.COMPANION, TicketKind.COMPANION]
    assert (await BookingSettings.get(fair_id=fair.id)).taken == 1


async def test_a_group_booking_gets_a_ticket_per_person(db: str) -> None:
    fair = await published_fair()
    registration = await book(fair, group_name="Riverside Day Centre", places=4)
    made = await tickets.tickets_of(registration=registration)
    assert len(made) == 4
    assert made[1].door_name == "Guest 2 with Riverside Day Centre"


async def test_a_cancelled_place_is_offered_in_order_and_confirmed(db: str) -> None:
    fair = await published_fair(capacity=1)
    first = await book(fair, "Ann One")
    second = await book(fair, "Bob Two")
    third = await book(fair, "Cat Three")
    await waitlist.cancel(registration=first, ticket_url=URL)
    await second.refresh_from_db()
    await third.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    assert third.status == RegistrationStatus.WAITING
    assert second.offer_expires_at is not None
    assert second.offer_expires_at > now()
    offer = await OutboxMessage.get(to_address="bob@example.org", subject__contains="free")
    lead = (await tickets.tickets_of(registration=second))[0]
    assert lead.secret in offer.body
    await waitlist.confirm_offer(registration=second, ticket_url=URL)
    await second.refresh_from_db()
    assert second.status == RegistrationStatus.BOOKED
    # The first booking's ticket stopped working.
    assert await Ticket.filter(registration_id=first.id, status=TicketStatus.VALID).count() == 0


async def test_an_offer_runs_out_and_passes_to_the_next_person(db: str) -> None:
    fair = await published_fair(capacity=1)
    first = await book(fair, "Ann One")
    second = await book(fair, "Bob Two")
    third = await book(fair, "Cat Three")
    await waitlist.cancel(registration=first, ticket_url=URL)
    await Registration.filter(id=second.id).update(offer_expires_at=now() - timedelta(minutes=1))
    await second.refresh_from_db()
    with pytest.raises(LinkExpired):
        await waitlist.confirm_offer(registration=second, ticket_url=URL)
    await second.refresh_from_db()
    await third.refresh_from_db()
    assert second.status == RegistrationStatus.EXPIRED
    assert third.status == RegistrationStatus.OFFERED
    assert (await BookingSettings.get(fair_id=fair.id)).taken == 1


async def test_an_organiser_can_give_a_place_past_the_limit(db: str) -> None:
    fair = await published_fair(capacity=1)
    await book(fair, "Ann One")
    waiting = await book(fair, "Bob Two")
    await waitlist.book_now(registration=waiting, ticket_url=URL)
    assert waiting.status == RegistrationStatus.BOOKED
    assert (await BookingSettings.get(fair_id=fair.id)).taken == 2


async def test_online_booking_needs_a_published_fair_but_organisers_can_book_earlier(
    db: str,
) -> None:
    fair, _ = await ticket_factories.fair(Phase.PLANNING)
    booker = tickets.Booker(name="Jo Phone", phone="07700 900000")
    with pytest.raises(DomainError) as refused:
        await tickets.register(
            fair=fair,
            booker=booker,
            source=RegistrationSource.ONLINE,
            submission_key="a",
            ticket_url=URL,
        )
    assert refused.value.code == "not_open"
    registration, _ = await tickets.register(
        fair=fair,
        booker=booker,
        source=RegistrationSource.PHONE,
        submission_key="b",
        ticket_url=URL,
    )
    assert registration.status == RegistrationStatus.BOOKED


async def test_a_booking_needs_one_way_to_contact(db: str) -> None:
    fair = await published_fair()
    with pytest.raises(DomainError) as refused:
        await tickets.register(
            fair=fair,
            booker=tickets.Booker(name="No Contact"),
            source=RegistrationSource.ONLINE,
            submission_key="x",
            ticket_url=URL,
        )
    assert refused.value.code == "no_contact"
    assert await Registration.filter(fair_id=fair.id).count() == 0


async def test_reissuing_stops_the_old_secret(db: str) -> None:
    fair = await published_fair()
    registration = await book(fair)
    [old] = await tickets.tickets_of(registration=registration)
    fresh = await tickets.reissue(ticket=old)
    assert fresh.secret != old.secret
    assert fresh.lead
    with pytest.raises(LinkExpired):
        await tickets.ticket_by_secret(secret=old.secret)
    assert (await tickets.ticket_by_secret(secret=fresh.secret.lower())).id == fresh.id


@pytest.mark.parametrize("forged", ["", "x" * 500, "ÄÖÜ" * 9, "A" * 26, "../../etc"])
async def test_forged_ticket_links_are_refused_plainly(db: str, forged: str) -> None:
    with pytest.raises(LinkExpired):
        await tickets.ticket_by_secret(secret=forged)


async def test_door_notes_only_with_consent(db: str) -> None:
    fair = await published_fair()
    quiet = await book(fair, access_need_keys=("Q",), companions=1, show_at_door=True)
    private = await book(fair, "Pat Private", access_need_keys=("Q",), show_at_door=False)
    assert access_flags.door_notes(quiet) == ["Needs a quiet space", "Coming with a carer"]
    assert access_flags.door_notes(private) == []


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbar-tools")
async def test_every_ticket_qr_decodes_to_its_secret_and_nothing_else(
    db: str, tmp_path: Path
) -> None:
    fair = await published_fair()
    registration = await book(fair, places=3, companions=1)
    for ticket in await tickets.tickets_of(registration=registration):
        svg = await tickets.qr_for(ticket=ticket)
        assert 'viewBox="0 0 33 33"' in svg  # version 2: 25 modules and the quiet zone
        path = tmp_path / f"{ticket.id}.svg"
        path.write_text(svg)
        zbar = await asyncio.create_subprocess_exec(
            ZBARIMG, "--quiet", "--raw", str(path), stdout=asyncio.subprocess.PIPE
        )
        decoded, _ = await zbar.communicate()
        assert decoded.decode().strip() == ticket.secret
        assert (await Ticket.get(id=ticket.id)).qr_svg == svg  # made once, then kept


async def test_a_first_badge_sheet_makes_its_qr_codes_without_holding_up_other_requests(
    db: str,
) -> None:
    fair = await published_fair()
    for group in range(12):
        await book(fair, f"Group {group}", places=20)
    made = [
        t
        for r in await Registration.filter(fair_id=fair.id)
        for t in await tickets.tickets_of(registration=r)
    ]

    turns = await loop_turns_while(tickets.qr_codes(tickets=made))

    # 240 codes take about 0.2 s to make; on the event loop nothing else would have run.
    assert turns >= 5
    stored = await Ticket.filter(fair_id=fair.id).values_list("qr_svg", flat=True)
    assert len(stored) == 240
    assert all(svg.startswith("<svg") for svg in stored)
