"""Who came and whether needs were met, in the review: checked against a small fair counted by
hand, with tickets let in through the real door check-in service."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from fairplanner.models import Fair, Person, Ticket
from fairplanner.models.checkin import Direction, Presence
from fairplanner.models.tickets import RegistrationSource
from fairplanner.models.venues import AnswerState
from fairplanner.services import checkin, review, tickets, venues, waitlist
from fairplanner.services.checkin_rules import Result
from tests import checkin_factories as cf
from tests import review_factories as rf
from tests.querycount import counting


def rows(chart: review.Chart) -> dict[str, int]:
    return dict(chart.rows)


async def _walk_in(fair: Fair, name: str) -> Ticket:
    registration, _ = await tickets.register(
        fair=fair,
        booker=tickets.Booker(name=name, phone="01632 960000"),
        source=RegistrationSource.DOOR,
        submission_key=secrets.token_urlsafe(12),
        ticket_url="http://testserver/tickets/{secret}",
    )
    return await Ticket.get(registration_id=registration.id, lead=True)


async def _let_in(device: checkin.Device, ticket: Ticket) -> checkin.Scan:
    scan = await checkin.redeem(device=device, code=ticket.secret, nonce=secrets.token_hex(8))
    assert scan.result == Result.OK, scan.result
    return scan


async def _venue(fair: Fair, boss: Person) -> None:
    """The chosen venue: a meeting point by the entrance (need MEET met), no lit place for an
    interpreter (need BSL: a possible barrier); nothing about quiet space (Q: not checked)."""
    hall = await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name="Riverside Hall", postcode="RV1 2AB"), by=boss
    )
    await venues.choose_venue(venue=hall)
    visit = await venues.start_assessment(venue=hall, person=boss)
    await venues.save_answer(
        assessment=visit, item_code="RC01", state=AnswerState.ANSWERED, value="yes"
    )
    await venues.save_answer(
        assessment=visit, item_code="HE02", state=AnswerState.ANSWERED, value="no"
    )


async def _small_fair() -> tuple[Fair, dict[str, int]]:
    """By hand:
    - Ann: 2 places, needs MEET, door notes yes; both tickets let in at the main door, 10:xx.
    - Ben: needs MEET and BSL, door notes yes; let in at the side door at 11:xx, went out and
      came back in (one person), and also through the main door (counted once in all, once
      at each door).
    - Cat: needs Q, door notes no; let in at 11:xx (noted arrivals do not count her).
    - Dan: needs MEET, door notes yes; never came (a no-show).
    - Eve: scanned by mistake and the scan undone: a no-show.
    - Fay: cancelled her booking (not booked, not a no-show).
    - Gus: a walk-in booked at the door and let in at 12:xx.
    So: people booked 2+1+1+1+1+1 = 7 tickets; came in 2+1+1+1 = 5; no-shows Dan, Eve = 2;
    walk-ins who came 1; main door 5 (Ann x2, Ben, Cat, Gus), side door 1 (Ben); first arrivals
    10am 2, 11am 2, 12pm 1. Needs stated by bookings still booked: MEET 3 (Ann, Ben, Dan),
    BSL 1, Q 1. Venue: Ann and Dan met (2), Ben a barrier (1), Cat not checked (1). Door
    notes seen, for people who came and agreed: Ann and Ben (2): "Would like to be met" 2,
    "Uses British Sign Language" 1.
    """
    fair, boss, _, device = await cf.setup()
    side = await cf.door_list(fair, "Side door")
    side_device, _ = await cf.paired(fair, side, boss)
    await _venue(fair, boss)
    ann = await cf.booked(
        fair, "Ann Abbot", places=2, access_need_keys=("MEET",), show_at_door=True
    )
    ben = await cf.booked(fair, "Ben Bell", access_need_keys=("MEET", "BSL"), show_at_door=True)
    cat = await cf.booked(fair, "Cat Cole", access_need_keys=("Q",))
    await cf.booked(fair, "Dan Dee", access_need_keys=("MEET",), show_at_door=True)
    eve = await cf.booked(fair, "Eve Ede")
    fay = await cf.booked(fair, "Fay Fox")
    await waitlist.cancel(
        registration=await fay.registration, ticket_url="http://testserver/tickets/{secret}"
    )
    gus = await _walk_in(fair, "Gus Gray")
    ann_guest = await Ticket.get(registration_id=ann.registration_id, lead=False)  # type: ignore[attr-defined]
    for ticket in (ann, ann_guest, cat, gus):
        await _let_in(device, ticket)
    await _let_in(side_device, ben)
    await checkin.redeem(
        device=side_device, code=ben.secret, nonce="ben-out", direction=Direction.EXIT
    )
    await _let_in(side_device, ben)
    await _let_in(device, ben)
    mistake = await _let_in(device, eve)
    await checkin.undo(device=device, scan_id=mistake.id)
    # The scans happened just now; put first arrivals on the fair's day (10:00 London is 09:00
    # UTC in June) so "by hour" can be counted by hand.
    at = {ann.id: 9, ann_guest.id: 9, ben.id: 10, cat.id: 10, gus.id: 11}
    for ticket_id, hour in at.items():
        await Presence.filter(ticket_id=ticket_id).update(
            first_entry_at=datetime(2027, 6, 12, hour, 20, tzinfo=UTC)
        )
    return fair, at


async def test_arrivals_no_shows_walk_ins_by_door_and_by_hour_match_a_hand_count(db: str) -> None:
    fair, _ = await _small_fair()
    came = (await review.figures(fair=fair)).attendance.arrivals
    assert came.doors == 2
    assert (came.people_booked, came.arrived, came.no_shows, came.walk_ins_arrived) == (7, 5, 2, 1)
    assert rows(came.by_list) == {"Main entrance": 5, "Side door": 1}
    assert came.by_hour.rows == [("10am to 11am", 2), ("11am to 12pm", 2), ("12pm to 1pm", 1)]


async def test_needs_met_from_the_chosen_venue_and_consented_door_notes(db: str) -> None:
    fair, _ = await _small_fair()
    met = (await review.figures(fair=fair)).needs.met
    assert met.venue == "Riverside Hall"
    assert rows(met.bookings) == {
        "The chosen venue met all of their needs": 2,
        "A possible barrier for at least one of their needs": 1,
        "Not checked, or not something a venue check covers": 1,
    }
    by_need = {r.wording: (r.bookings, r.status) for r in met.rows}
    assert by_need == {
        "I would like someone to meet me and show me around.": (3, "Met"),
        "I use British Sign Language.": (1, "Possible barrier"),
        "Noise, crowds or bright lights are hard for me. I may need a quiet space.": (
            1,
            "Not checked",
        ),
    }
    assert met.noted_arrivals == 2
    assert rows(met.door_notes) == {"Would like to be met": 2, "Uses British Sign Language": 1}


async def test_a_fair_without_check_in_or_venue_says_so_with_zero_counts(db: str) -> None:
    fair, _ = await rf.fair()
    await rf.booking(fair, needs="W")
    figures = await review.figures(fair=fair)
    came = figures.attendance.arrivals
    assert (came.doors, came.arrived, came.people_booked, came.no_shows) == (0, 0, 1, 1)
    assert came.by_list.rows == []
    assert came.by_hour.rows == []
    assert figures.needs.met.venue == ""
    assert [(r.bookings, r.status) for r in figures.needs.met.rows] == [(1, "No venue was chosen")]


async def test_attendance_queries_do_not_grow_with_check_ins(db: str) -> None:
    small, boss, _, device = await cf.setup()
    await _venue(small, boss)
    await _let_in(device, await cf.booked(small, "Only One"))
    large, _ = await _small_fair()
    with counting() as few:
        await review.figures(fair=small)
    with counting() as many:
        await review.figures(fair=large)
    assert len(few) == len(many)
