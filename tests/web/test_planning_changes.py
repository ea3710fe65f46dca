"""Co-planning over HTTP: a venue decision sets the fair's chosen venue, the proposer changes
their own proposal before anyone votes (and nobody else can), and the topic chosen from a
link. Real database, real requests."""

from __future__ import annotations

from datetime import timedelta

from fairplanner.models import Decision, Fair, Option, Person, PlanningAudit, Proposal, Venue
from fairplanner.models.enums import Role
from fairplanner.models.planning import Method, Topic
from fairplanner.services import planning, venues
from fairplanner.services.clock import now
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value, soup
from tests.web.planning_setup import a_proposal, proposal_form


async def two_venues(fair: Fair, by: Person) -> tuple[Venue, Venue]:
    hall = await venues.add_venue(
        fair=fair,
        details=venues.VenueDetails(name="Riverside Community Hall", postcode="RV1 2AB"),
        by=by,
    )
    library = await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name="Central Library"), by=by
    )
    return hall, library


async def raise_and_score(
    browser: Browser,
    fair_id: int,
    venues_in_order: tuple[Venue, Venue],
    voter: Person,
    scores: tuple[int, int],
) -> tuple[Proposal, int]:
    """Raise the venue proposal over HTTP, linking its two choices to venues, and score it."""
    raised = await browser.post(
        f"/fairs/{fair_id}/proposals/new",
        proposal_form(
            option_1_venue=str(venues_in_order[0].id), option_2_venue=str(venues_in_order[1].id)
        ),
    )
    proposal = await Proposal.get(title="Which venue should we use?")
    first, second = await planning.options_of(proposal)
    await planning.cast_vote(
        proposal=proposal,
        voter=voter,
        recorded_by=voter,
        values={str(first.id): scores[0], str(second.id): scores[1]},
    )
    return proposal, raised.status_code


async def test_a_venue_decision_makes_the_winning_venue_the_fairs_chosen_venue(
    browser: Browser, db: str
) -> None:
    fair, boss, (planner, carer) = await factories.light_fair_with(Role.CO_PLANNER, Role.VOLUNTEER)
    hall, library = await two_venues(fair, boss)
    await venues.choose_venue(venue=library)  # an earlier choice the decision replaces
    await browser.sign_in(planner.email or "", PASSWORD)

    proposal, raised = await raise_and_score(browser, fair.id, (hall, library), carer, (5, 2))
    first, second = await planning.options_of(proposal)
    closed = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/close",
        {"outcome": "We will use Riverside Community Hall."},
    )

    assert raised == 303
    assert (first.venue_id, second.venue_id) == (hall.id, library.id)  # type: ignore[attr-defined]
    assert closed.status_code == 303
    assert await Venue.filter(fair_id=fair.id, chosen=True).values_list("id", flat=True) == [
        hall.id
    ]
    decision = await Decision.get(proposal_id=proposal.id)
    assert decision.venue_id == hall.id  # type: ignore[attr-defined]
    page = await browser.get(closed.headers["location"])
    assert "This decision made Riverside Community Hall the fair's chosen venue." in " ".join(
        soup(page).get_text().split()
    )
    home = await browser.get(f"/fairs/{fair.id}")
    assert "The chosen venue: Riverside Community Hall, RV1 2AB." in " ".join(
        soup(home).get_text().split()
    )


async def test_a_tied_venue_decision_chooses_no_venue(browser: Browser, db: str) -> None:
    fair, boss, (carer,) = await factories.light_fair_with(Role.VOLUNTEER)
    hall, library = await two_venues(fair, boss)
    await browser.sign_in(boss.email or "", PASSWORD)
    proposal, _ = await raise_and_score(browser, fair.id, (hall, library), carer, (4, 4))

    closed = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/close",
        {"outcome": "A tie: we will visit both again."},
    )

    assert closed.status_code == 303
    assert not await Venue.exists(fair_id=fair.id, chosen=True)
    assert (await Decision.get(proposal_id=proposal.id)).venue_id is None  # type: ignore[attr-defined]


async def test_a_venue_from_another_fair_or_on_another_topic_is_refused(
    browser: Browser, db: str
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    other, other_boss, _ = await factories.light_fair_with()
    foreign, _ = await two_venues(other, other_boss)
    hall, _ = await two_venues(fair, boss)
    await browser.sign_in(boss.email or "", PASSWORD)

    foreign_venue = await browser.post(
        f"/fairs/{fair.id}/proposals/new", proposal_form(option_1_venue=str(foreign.id))
    )
    wrong_topic = await browser.post(
        f"/fairs/{fair.id}/proposals/new",
        proposal_form(topic="marketing", option_1_venue=str(hall.id)),
    )

    assert foreign_venue.status_code == 422
    assert error_messages(foreign_venue) == {"option_1_venue": "Choose one of this fair's venues"}
    assert wrong_topic.status_code == 422
    assert error_messages(wrong_topic) == {
        "option_1_venue": "Link a choice to a venue only when the topic is the venue"
    }
    assert field_value(wrong_topic, "option_2_title") == "Central Library"
    assert await Proposal.all().count() == 0


async def test_the_topic_can_be_chosen_by_the_link(browser: Browser, db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    await browser.sign_in(boss.email or "", PASSWORD)

    chosen = {}
    for topic in ("venue", "marketing", "nonsense"):
        page = await browser.get(f"/fairs/{fair.id}/proposals/new?topic={topic}")
        assert page.status_code == 200
        checked = soup(page).select('input[name="topic"][checked]')
        chosen[topic] = [str(box["value"]) for box in checked]

    assert chosen == {"venue": ["venue"], "marketing": ["marketing"], "nonsense": []}


def edit_form(**changes: str) -> dict[str, str]:
    closes = (now() + timedelta(days=10)).date()
    form = {
        "title": "Start the day at 10.30am",
        "description": "Buses arrive at 10.15.",
        "easy_read": "The fair starts at half past 10.",
        "option_1_title": "Start at 10.30am",
        "option_1_meaning": "Doors open at 10.15.",
        "option_1_easy_read": "",
        "close_day": str(closes.day),
        "close_month": str(closes.month),
        "close_year": str(closes.year),
        "close_time": "17:00",
    }
    form.update(changes)
    return form


async def test_the_proposer_changes_their_proposal_before_anyone_votes(
    browser: Browser, db: str
) -> None:
    fair, _boss, (planner,), proposal = await a_proposal(
        browser, Role.VOLUNTEER, by="member", reader="member"
    )

    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}/edit")
    saved = await browser.post(f"/fairs/{fair.id}/proposals/{proposal.id}/edit", edit_form())

    assert page.status_code == 200
    assert field_value(page, "title") == "Start the day at 10am"
    assert field_value(page, "option_1_title") == "Plan 1"
    assert saved.status_code == 303
    changed = await Proposal.get(id=proposal.id)
    assert changed.title == "Start the day at 10.30am"
    assert changed.method == Method.CONSENT
    assert changed.topic == Topic.DAY_STRUCTURE
    assert changed.closes_at.date() == (now() + timedelta(days=10)).date()
    (option,) = await Option.filter(proposal_id=proposal.id)
    assert (option.title, option.meaning) == ("Start at 10.30am", "Doors open at 10.15.")
    entry = await PlanningAudit.get(proposal_id=proposal.id, action="edited")
    assert entry.actor_id == planner.id  # type: ignore[attr-defined]
    assert "Start the day at 10am" in entry.detail
    audit = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}/audit")
    assert audit.status_code == 403  # volunteers do not see the record; organisers do


async def test_a_proposal_change_with_mistakes_is_shown_again_and_nothing_changes(
    browser: Browser, db: str
) -> None:
    fair, _boss, _, proposal = await a_proposal(browser, Role.CO_PLANNER, by="member")

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/edit",
        edit_form(option_1_title="", close_year="2020"),
    )

    assert response.status_code == 422
    assert error_messages(response) == {"option_1_title": "Write choice 1"}
    assert field_value(response, "title") == "Start the day at 10.30am"
    assert (await Proposal.get(id=proposal.id)).title == "Start the day at 10am"
    assert not await PlanningAudit.exists(proposal_id=proposal.id, action="edited")


async def test_after_a_vote_the_proposal_can_no_longer_be_changed(
    browser: Browser, db: str
) -> None:
    fair, _boss, (_planner, carer), proposal = await a_proposal(
        browser, Role.CO_PLANNER, Role.VOLUNTEER, by="member"
    )
    await planning.cast_vote(proposal=proposal, voter=carer, recorded_by=carer, stance="ok")

    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}/edit")
    refused = await browser.post(f"/fairs/{fair.id}/proposals/{proposal.id}/edit", edit_form())

    assert "People have voted on this, so it can no longer be changed." in page.text
    assert soup(page).find("input", attrs={"name": "title"}) is None
    assert refused.status_code == 409
    assert "People have voted on this" in refused.text
    assert soup(refused).select(".govuk-error-summary") == []  # no link to a missing field
    assert (await Proposal.get(id=proposal.id)).title == "Start the day at 10am"


async def test_an_organiser_cannot_change_or_delete_someone_elses_proposal(
    browser: Browser, db: str
) -> None:
    fair, _boss, _, proposal = await a_proposal(
        browser, Role.CO_PLANNER, by="member", reader="organiser"
    )
    base = f"/fairs/{fair.id}/proposals/{proposal.id}"

    page = await browser.get(base + "/edit")
    changed = await browser.post(base + "/edit", edit_form())
    deleted = await browser.post(base + "/delete", {})
    detail = await browser.get(base)

    assert page.status_code == 403
    assert changed.status_code == 403
    assert "Only the person who proposed this can change it." in changed.text
    assert deleted.status_code in (404, 405)  # there is no way to delete a proposal
    assert soup(detail).find("a", string="Change your proposal") is None
    assert (await Proposal.get(id=proposal.id)).title == "Start the day at 10am"
    assert not await PlanningAudit.exists(proposal_id=proposal.id, action="edited")
