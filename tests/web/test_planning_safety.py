"""Bad input and safety for votes over HTTP, beyond tests/web/test_planning.py: a vote before
the opening time, a vote by someone in another fair of the same organisation, and trying to
change someone else's vote through the vote form. Each is refused and leaves the data as it
was."""

from __future__ import annotations

from datetime import timedelta

from fairplanner.models import Organisation, PlanningAudit, Proposal, Vote
from fairplanner.models.enums import Role
from fairplanner.services import planning
from fairplanner.services.clock import now
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser
from tests.web.planning_setup import a_proposal, open_proposal


async def test_a_vote_before_the_opening_time_is_refused(browser: Browser, db: str) -> None:
    fair, _boss, _, proposal = await a_proposal(browser, Role.CO_PLANNER)
    await Proposal.filter(id=proposal.id).update(opens_at=now() + timedelta(hours=2))

    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/vote", {"stance": "ok"}
    )

    assert response.status_code == 422
    assert "Voting on this proposal has not started yet." in response.text
    assert await Vote.all().count() == 0
    assert await PlanningAudit.all().count() == 0


async def test_a_member_of_another_fair_cannot_vote(browser: Browser, db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    # Same organisation, different fair: taking part there gives no vote here.
    organisation = await Organisation.get(id=fair.organisation_id)  # type: ignore[attr-defined]
    other = await factories.fair(by=boss, organisation=organisation, title="Spring Fair")
    neighbour = await factories.light_member(other, Role.CO_PLANNER)
    proposal = await open_proposal(fair, boss)
    await browser.sign_in(neighbour.email or "", PASSWORD)

    page = await browser.get(f"/fairs/{fair.id}/proposals/{proposal.id}/vote")
    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/vote", {"stance": "object", "reason": "No"}
    )

    assert page.status_code == 403
    assert response.status_code == 403
    assert await Vote.all().count() == 0


async def test_the_vote_form_cannot_change_someone_elses_vote(browser: Browser, db: str) -> None:
    fair, _boss, (planner, carer), proposal = await a_proposal(
        browser, Role.CO_PLANNER, Role.VOLUNTEER
    )
    await planning.cast_vote(proposal=proposal, voter=carer, recorded_by=carer, stance="ok")

    # A made-up "voter" field is ignored: the form only ever saves your own vote.
    response = await browser.post(
        f"/fairs/{fair.id}/proposals/{proposal.id}/vote",
        {"stance": "object", "reason": "Too early", "voter": str(carer.id)},
    )

    assert response.status_code == 303
    carers = await Vote.get(proposal_id=proposal.id, voter_id=carer.id)
    assert carers.stance == "ok"
    assert carers.recorded_by_id == carer.id  # type: ignore[attr-defined]
    mine = await Vote.get(proposal_id=proposal.id, voter_id=planner.id)
    assert mine.stance == "object"
