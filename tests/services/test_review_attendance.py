"""Who came and whether needs were met, in the review: checked against a small fair counted by
hand, with tickets let in through the real door check-in service."""

from __future__ import annotations

from fairplanner.services import review
from tests import checkin_factories as cf
from tests import review_factories as rf
from tests.querycount import counting


def rows(chart: review.Chart) -> dict[str, int]:
    return dict(chart.rows)


async def test_arrivals_no_shows_walk_ins_by_door_and_by_hour_match_a_hand_count(db: str) -> None:
    fair, _ = await rf.checked_in_fair()
    came = (await review.figures(fair=fair)).attendance.arrivals
    assert came.doors == 2
    assert (came.people_booked, came.arrived, came.no_shows, came.walk_ins_arrived) == (7, 5, 2, 1)
    assert rows(came.by_list) == {"Main entrance": 5, "Side door": 1}
    assert came.by_hour.rows == [("10am to 11am", 2), ("11am to 12pm", 2), ("12pm to 1pm", 1)]


async def test_needs_met_from_the_chosen_venue_and_consented_door_notes(db: str) -> None:
    fair, _ = await rf.checked_in_fair()
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
    await rf.chosen_venue(small, boss)
    await rf.let_in(device, await cf.booked(small, "Only One"))
    large, _ = await rf.checked_in_fair()
    with counting() as few:
        await review.figures(fair=small)
    with counting() as many:
        await review.figures(fair=large)
    assert len(few) == len(many)
