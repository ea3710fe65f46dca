"""Co-planning over HTTP: raising proposals, voting, voting for someone, comments, closing,
the decision log and tasks, with a real database and real requests."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fairplanner.models import Decision, PlanningAudit, Proposal, Task, Vote
from fairplanner.models.enums import Group, Role
from fairplanner.models.planning import Method
from fairplanner.services import planning
from fairplanner.services.clock import now
from fairplanner.settings import Settings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value, soup
from tests.web.planning_setup import a_proposal, open_proposal, proposal_form, signed_in


async def test_a_volunteer_raises_a_proposal_and_sees_it_open(browser: Browser, db: str) -> None:
    fair, _, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await browser.sign_in(volunteer.email or "", PASSWORD)

    form_page = await browser.get(f"/fairs/{fair.id}/proposals/new")
    response = await browser.post(f"/fairs/{fair.id}/proposals/new", proposal_form())

    assert form_page.status_code == 200
    assert response.status_code == 303
    proposal = await Proposal.get(fair_id=fair.id)
    assert proposal.created_by_id == volunteer.id  # type: ignore[attr-defined]
    page = await browser.get(response.headers["location"])
    assert "Which venue should we use?" in page.text
    assert "Results stay hidden until the vote closes" in page.text
    listing = await browser.get(f"/fairs/{fair.id}/proposals")
    assert "Which venue should we use?" in listing.text


async def test_a_proposal_with_mistakes_is_shown_again_with_what_was_typed(
    browser: Browser, db: str
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    await browser.sign_in(boss.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/new",
        proposal_form(title="", close_day="31", close_month="2", close_time="teatime"),
    )

    assert response.status_code == 422
    errors = error_messages(response)
    assert errors["title"] == "Say what the group should decide"
    assert errors["close_day"] == "The closing date must be a real date"
    assert errors["close_time"] == "Closing time must be a time, like 5pm or 17:00"
    assert field_value(response, "option_1_title") == "Riverside Community Hall"
    assert await Proposal.all().count() == 0


async def test_a_score_proposal_needs_two_choices(browser: Browser, db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    await browser.sign_in(boss.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/new", proposal_form(option_2_title="")
    )

    assert response.status_code == 422
    assert error_messages(response) == {"option_1_title": "Give at least 2 choices to vote on"}
    assert await Proposal.all().count() == 0


async def test_a_closing_date_in_the_past_is_refused(browser: Browser, db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    await browser.sign_in(boss.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/new", proposal_form(close_year="2020")
    )

    assert response.status_code == 422
    assert error_messages(response) == {"close_day": "The closing date must be in the future"}


async def test_outsiders_cannot_see_or_raise_proposals(browser: Browser, db: str) -> None:
    fair, _, _ = await factories.light_fair_with()
    _, stranger = await factories.light_organiser("Hillside Charity")
    await browser.sign_in(stranger.email or "", PASSWORD)

    assert (await browser.get(f"/fairs/{fair.id}/proposals")).status_code == 403
    response = await browser.post(f"/fairs/{fair.id}/proposals/new", proposal_form())
    assert response.status_code == 403
    assert await Proposal.all().count() == 0


async def test_a_member_votes_and_changes_their_vote_until_the_close(
    browser: Browser, db: str
) -> None:
    fair, _boss, (door,), proposal = await a_proposal(browser, Role.DOOR)
    url = f"/fairs/{fair.id}/proposals/{proposal.id}/vote"

    first = await browser.post(url, {"stance": "concern", "reason": "Buses are slow"})
    again = await browser.get(url)
    second = await browser.post(url, {"stance": "ok"})

    assert first.status_code == 303
    assert second.status_code == 303
    assert soup(again).find("input", {"name": "stance", "value": "concern"}).has_attr("checked")  # type: ignore[union-attr]
    votes = await Vote.filter(proposal_id=proposal.id)
    assert [(v.stance, v.voter_id) for v in votes] == [("ok", door.id)]  # type: ignore[attr-defined]
    actions = await PlanningAudit.filter(proposal_id=proposal.id).values_list("action", flat=True)
    assert actions == ["vote", "vote_changed"]


async def test_an_objection_without_a_reason_is_refused(browser: Browser, db: str) -> None:
    fair, _boss, _, proposal = await a_proposal(browser, Role.CO_PLANNER)

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/vote", {"stance": "object", "reason": ""}
    )

    assert response.status_code == 422
    assert error_messages(response) == {
        "reason": "Say why you object, so the group can try to solve it"
    }
    assert await Vote.all().count() == 0


async def test_dots_over_the_allowance_are_refused_and_nothing_is_saved(
    browser: Browser, db: str
) -> None:
    fair, _boss, _, proposal = await a_proposal(
        browser, Role.CO_PLANNER, method=Method.DOT_VOTE, options=2, dots=3
    )
    first, second = await planning.options_of(proposal)

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/vote",
        {f"option_{first.id}": "2", f"option_{second.id}": "2"},
    )

    assert response.status_code == 422
    assert error_messages(response) == {
        f"option_{first.id}": "You have 3 dots. You gave 4. Take some dots away."
    }
    assert field_value(response, f"option_{second.id}") == "2"
    assert await Vote.all().count() == 0


async def test_a_vote_after_the_close_is_refused(browser: Browser, db: str) -> None:
    fair, _boss, _, proposal = await a_proposal(browser, Role.CO_PLANNER)
    await Proposal.filter(id=proposal.id).update(
        opens_at=now() - timedelta(days=3), closes_at=now() - timedelta(minutes=1)
    )

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/vote", {"stance": "ok"}
    )

    assert response.status_code == 422
    assert "Voting on this proposal has closed." in response.text
    assert await Vote.all().count() == 0


async def test_a_co_planner_records_a_vote_by_phone_for_a_member(browser: Browser, db: str) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    tom = await factories.light_member(fair, Role.CO_PLANNER, email=False)
    proposal = await open_proposal(fair, boss)
    await browser.sign_in(planner.email or "", PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/record",
        {
            "voter": str(tom.id),
            "channel": "phone",
            "stance": "ok",
            "comment": "Tom says 10am is fine if the bus runs.",
        },
    )

    assert response.status_code == 303
    vote = await Vote.get(proposal_id=proposal.id)
    assert (vote.voter_id, vote.recorded_by_id, vote.channel) == (tom.id, planner.id, "phone")  # type: ignore[attr-defined]
    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}")
    assert f"recorded by {planner.name} for {tom.name}, by phone" in page.text
    audit = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}/audit")
    assert f"Recorded by {planner.name} for {tom.name}, by phone: voted" in audit.text
    # What Tom voted stays hidden until the close, like every result.
    assert "OK with me" not in audit.text


async def test_a_volunteer_cannot_record_votes_for_others(browser: Browser, db: str) -> None:
    fair, _boss, (_volunteer, other), proposal = await a_proposal(
        browser, Role.VOLUNTEER, Role.VOLUNTEER
    )

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/record",
        {"voter": str(other.id), "channel": "phone", "stance": "object", "reason": "x"},
    )

    assert response.status_code == 403
    assert await Vote.all().count() == 0


async def test_recording_for_someone_outside_the_fair_is_refused(browser: Browser, db: str) -> None:
    stranger = await factories.light_person("Stranger Sam")
    fair, _boss, _, proposal = await a_proposal(browser, reader="organiser")

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/record",
        {"voter": str(stranger.id), "channel": "paper", "stance": "ok"},
    )

    assert response.status_code == 422
    assert "voter" in error_messages(response)
    assert await Vote.all().count() == 0


async def test_results_are_hidden_until_the_proposal_closes(
    settings: Settings, browser: Browser, db: str
) -> None:
    fair, _boss, (planner,), proposal = await a_proposal(
        browser, Role.CO_PLANNER, reader="organiser", method=Method.SCORE, options=2
    )
    first, _ = await planning.options_of(proposal)
    await planning.cast_vote(
        proposal=proposal, voter=planner, recorded_by=planner, values={str(first.id): 4}
    )

    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}")

    assert "1 person has voted so far" in page.text
    assert soup(page).find("table", class_="fp-result") is None


async def test_the_proposer_closes_and_the_decision_appears_in_the_log(
    browser: Browser, db: str
) -> None:
    fair, _boss, (_planner, carer), proposal = await a_proposal(
        browser, Role.CO_PLANNER, Role.VOLUNTEER, by="member"
    )
    await planning.cast_vote(proposal=proposal, voter=carer, recorded_by=carer, stance="ok")
    review = (now() + timedelta(days=60)).date()

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/close",
        {
            "outcome": "We start at 10am.",
            "owner": str(carer.id),
            "review_day": str(review.day),
            "review_month": str(review.month),
            "review_year": str(review.year),
        },
    )

    assert response.status_code == 303
    decision = await Decision.get(proposal_id=proposal.id)
    assert decision.owner_id == carer.id  # type: ignore[attr-defined]
    assert decision.review_on == review
    log = await browser.get(f"/fairs/{fair.id}/decisions")
    assert "We start at 10am." in log.text
    detail = await browser.get(response.headers["location"])
    table = soup(detail).find("table", class_="fp-result")
    assert table is not None
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])][:2]
        for tr in table.select("tbody tr")
    ]  # type: ignore[union-attr]
    assert rows == [["OK with me", "1"], ["I have a concern", "0"], ["I object", "0"]]
    # Closed: no more votes.
    late = await browser.post(f"/fairs/{fair.id}/proposals/{proposal.id}/vote", {"stance": "ok"})
    assert late.status_code == 422


async def test_an_organiser_closing_someone_elses_proposal_early_must_give_a_reason(
    browser: Browser, db: str
) -> None:
    fair, boss, _, proposal = await a_proposal(
        browser, Role.CO_PLANNER, by="member", reader="organiser"
    )
    url = f"/fairs/{fair.id}/proposals/{proposal.id}/close"

    refused = await browser.post(url, {"outcome": "Not needed now."})
    done = await browser.post(
        url, {"outcome": "Not needed now.", "reason": "The hall already opens at 10."}
    )

    assert refused.status_code == 422
    assert "reason" in error_messages(refused)
    assert done.status_code == 303
    closed = await Proposal.get(id=proposal.id)
    assert closed.close_reason == "The hall already opens at 10."
    assert closed.closed_by_id == boss.id  # type: ignore[attr-defined]


async def test_a_member_cannot_close_someone_elses_proposal(browser: Browser, db: str) -> None:
    fair, _boss, _, proposal = await a_proposal(browser, Role.CO_PLANNER)

    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}/close")
    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/close", {"outcome": "Done", "reason": "x"}
    )

    assert page.status_code == 403
    assert response.status_code == 403
    assert await Decision.all().count() == 0


async def test_comments_are_added_and_an_empty_one_is_refused(browser: Browser, db: str) -> None:
    fair, _boss, _, proposal = await a_proposal(browser, Role.EXHIBITOR)
    url = f"/fairs/{fair.id}/proposals/{proposal.id}/comments"

    empty = await browser.post(url, {"body": "  "})
    added = await browser.post(url, {"body": "Could we have a quiet hour first?"})

    assert empty.status_code == 422
    assert error_messages(empty) == {"body": "Write your comment"}
    assert added.status_code == 303
    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}")
    assert "Could we have a quiet hour first?" in page.text


async def test_tasks_from_a_decision_show_in_my_tasks_and_overdue(
    browser: Browser, db: str
) -> None:
    fair, boss, (planner,), proposal = await a_proposal(
        browser, Role.CO_PLANNER, reader="organiser"
    )
    decision = await planning.close_proposal(
        proposal=proposal, by=boss, organiser=True, outcome="We start at 10am."
    )
    late = (now() - timedelta(days=2)).date()

    response = await browser.post(
        f"/fairs/{fair.id}/decisions/{decision.id}/tasks",
        {
            "title": "Tell the bus company",
            "owner": str(planner.id),
            "due_day": str(late.day),
            "due_month": str(late.month),
            "due_year": str(late.year),
        },
    )
    bad = await browser.post(
        f"/fairs/{fair.id}/decisions/{decision.id}/tasks", {"title": "", "due_day": "40"}
    )

    assert response.status_code == 303
    assert bad.status_code == 422
    assert set(error_messages(bad)) == {"title", "due_day"}
    task = await Task.get(fair_id=fair.id)
    assert task.decision_id == decision.id  # type: ignore[attr-defined]
    home = await browser.get(f"/fairs/{fair.id}")
    assert "Tell the bus company" in home.text
    mine = await browser.get(f"/fairs/{fair.id}/tasks?whose=mine")
    assert "Tell the bus company" not in mine.text


async def test_the_task_owner_marks_it_done(settings: Settings, db: str) -> None:
    fair, boss, (planner, volunteer) = await factories.light_fair_with(
        Role.CO_PLANNER, Role.VOLUNTEER
    )
    await Task.create(fair=fair, title="Book the BSL interpreter", owner=planner, created_by=boss)
    task = await Task.get(fair_id=fair.id)

    async with signed_in(settings, volunteer) as other:
        refused = await other.post(f"/fairs/{fair.id}/tasks/{task.id}/status", {"status": "done"})
    async with signed_in(settings, planner) as owner:
        mine = await owner.get(f"/fairs/{fair.id}/tasks?whose=mine")
        done = await owner.post(f"/fairs/{fair.id}/tasks/{task.id}/status", {"status": "done"})

    assert refused.status_code == 400
    assert "Book the BSL interpreter" in mine.text
    assert done.status_code == 303
    assert (await Task.get(id=task.id)).status == "done"


async def test_two_browsers_voting_for_the_same_person_end_as_one_vote(
    settings: Settings, db: str
) -> None:
    fair, _boss, (planner,), proposal = await a_proposal(None, Role.CO_PLANNER)
    url = f"/fairs/{fair.id}/proposals/{proposal.id}/vote"

    async with signed_in(settings, planner) as one, signed_in(settings, planner) as two:
        answers = await asyncio.gather(
            one.post(url, {"stance": "ok"}), two.post(url, {"stance": "concern"})
        )

    assert [a.status_code for a in answers] == [303, 303]
    assert await Vote.filter(proposal_id=proposal.id, voter_id=planner.id).count() == 1


async def test_staff_and_service_users_votes_weigh_the_same(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    user = await factories.light_member(fair, Role.VOLUNTEER, Group.SERVICE_USER)
    proposal = await open_proposal(fair, boss, Method.DOT_VOTE, options=2, dots=1)
    first, second = await planning.options_of(proposal)
    await planning.cast_vote(
        proposal=proposal, voter=boss, recorded_by=boss, values={str(first.id): 1}
    )
    await planning.cast_vote(
        proposal=proposal, voter=user, recorded_by=user, values={str(second.id): 1}
    )

    result = await planning.current_tally(proposal)

    assert result.leaders == [first.id, second.id]
