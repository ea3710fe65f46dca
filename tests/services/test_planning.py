"""Co-planning services: the voting window, who may vote, closing rules, the co-production
picture. Real database; no HTTP."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import Decision, PlanningAudit, Proposal, Venue, Vote
from fairplanner.models.enums import Group, Role
from fairplanner.models.planning import Channel, Method, Topic
from fairplanner.services import planning, tasks
from fairplanner.services.clock import now
from tests import factories


def draft(method: Method = Method.CONSENT, options: int = 1) -> planning.ProposalDraft:
    return planning.ProposalDraft(
        topic=Topic.MARKETING,
        title="Posters in the library",
        description="",
        easy_read="",
        method=method,
        options=[planning.OptionDraft(title=f"Choice {n}") for n in range(1, options + 1)],
        closes_at=now() + timedelta(days=2),
    )


async def test_a_consent_proposal_has_exactly_one_plan(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    with pytest.raises(DomainError) as refused:
        await planning.create_proposal(fair=fair, by=boss, draft=draft(options=2))
    assert refused.value.code == "consent_one_option"
    assert await Proposal.all().count() == 0


async def test_someone_outside_the_fair_cannot_propose(db: str) -> None:
    fair, _, _ = await factories.light_fair_with()
    stranger = await factories.light_person()
    with pytest.raises(DomainError) as refused:
        await planning.create_proposal(fair=fair, by=stranger, draft=draft())
    assert refused.value.code == "not_a_member"


async def test_a_vote_before_the_opening_time_is_refused(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    proposal = await planning.create_proposal(
        fair=fair, by=boss, draft=draft(), opens_at=now() + timedelta(days=1)
    )
    with pytest.raises(DomainError) as refused:
        await planning.cast_vote(proposal=proposal, voter=boss, recorded_by=boss, stance="ok")
    assert refused.value.code == "voting_not_open"
    assert await Vote.all().count() == 0


async def test_a_vote_by_a_non_member_is_refused(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    stranger = await factories.light_person()
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=draft())
    with pytest.raises(DomainError) as refused:
        await planning.cast_vote(
            proposal=proposal, voter=stranger, recorded_by=stranger, stance="ok"
        )
    assert refused.value.code == "not_a_member"


async def test_a_vote_recorded_for_someone_must_say_how_it_was_given(db: str) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=draft())
    with pytest.raises(DomainError) as refused:
        await planning.cast_vote(proposal=proposal, voter=planner, recorded_by=boss, stance="ok")
    assert refused.value.code == "channel_needed"


async def test_changing_a_vote_keeps_one_vote_and_audits_both(db: str) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=draft())
    await planning.cast_vote(
        proposal=proposal,
        voter=planner,
        recorded_by=boss,
        channel=Channel.MEETING,
        stance="object",
        reason="Not step-free",
    )
    await planning.cast_vote(proposal=proposal, voter=planner, recorded_by=planner, stance="ok")

    vote = await Vote.get(proposal_id=proposal.id)
    assert (vote.stance, vote.channel, vote.recorded_by_id) == ("ok", "online", planner.id)  # type: ignore[attr-defined]
    trail = await PlanningAudit.filter(proposal_id=proposal.id).order_by("id")
    assert [(t.action, t.channel, t.on_behalf_of_id) for t in trail] == [  # type: ignore[attr-defined]
        ("vote", "meeting", planner.id),
        ("vote_changed", "online", None),
    ]
    assert trail[0].detail == "I object: Not step-free"


async def test_a_withdrawn_objection_no_longer_blocks(db: str) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=draft())
    await planning.cast_vote(
        proposal=proposal, voter=planner, recorded_by=planner, stance="object", reason="Cost"
    )
    assert (await planning.current_tally(proposal)).blocked

    await planning.cast_vote(
        proposal=proposal, voter=planner, recorded_by=planner, stance="concern"
    )

    assert not (await planning.current_tally(proposal)).blocked


async def test_closing_twice_makes_one_decision(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=draft())
    await planning.close_proposal(proposal=proposal, by=boss, organiser=True, outcome="Yes")
    with pytest.raises(DomainError) as refused:
        await planning.close_proposal(proposal=proposal, by=boss, organiser=True, outcome="Again")
    assert refused.value.code == "already_closed"
    assert await Decision.all().count() == 1


async def test_after_the_closing_time_an_organiser_needs_no_reason(db: str) -> None:
    fair, boss, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    proposal = await planning.create_proposal(fair=fair, by=planner, draft=draft())
    await Proposal.filter(id=proposal.id).update(closes_at=now() - timedelta(minutes=1))
    await proposal.refresh_from_db()

    decision = await planning.close_proposal(
        proposal=proposal, by=boss, organiser=True, outcome="Nobody objected."
    )

    assert decision.result["summary"] == "Nobody voted."


async def test_coproduction_counts_groups_decisions_and_non_staff_proposals(db: str) -> None:
    fair, boss, _ = await factories.light_fair_with()
    user = await factories.light_member(fair, Role.CO_PLANNER, Group.SERVICE_USER)
    carer = await factories.light_member(fair, Role.VOLUNTEER, Group.CARER)
    proposal = await planning.create_proposal(fair=fair, by=user, draft=draft())
    await planning.cast_vote(proposal=proposal, voter=user, recorded_by=user, stance="ok")
    await planning.cast_vote(proposal=proposal, voter=carer, recorded_by=carer, stance="ok")
    await planning.close_proposal(proposal=proposal, by=user, organiser=False, outcome="Yes")
    await planning.create_proposal(fair=fair, by=boss, draft=draft())

    picture = await tasks.coproduction(fair=fair)

    # The organiser who made the fair is staff: their proposal is not counted as non-staff.
    assert picture.members[Group.SERVICE_USER] == 1
    assert picture.members[Group.CARER] == 1
    assert picture.decisions == 1
    assert picture.decisions_with_votes_from[Group.SERVICE_USER] == 1
    assert picture.decisions_with_votes_from[Group.CARER] == 1
    assert picture.decisions_with_votes_from[Group.STAFF] == 0
    assert (picture.proposals, picture.proposals_from_non_staff) == (2, 1)


@pytest.mark.parametrize(("stance", "chosen"), [("ok", True), ("object", False)])
async def test_an_agreed_consent_venue_plan_chooses_its_venue_and_a_blocked_one_does_not(
    db: str, stance: str, chosen: bool
) -> None:
    fair, boss, (carer,) = await factories.light_fair_with(Role.VOLUNTEER)
    hall = await Venue.create(fair=fair, name="Riverside Community Hall")
    plan = planning.ProposalDraft(
        topic=Topic.VENUE,
        title="Hold the fair at the community hall",
        description="",
        easy_read="",
        method=Method.CONSENT,
        options=[planning.OptionDraft(title="The community hall", venue_id=hall.id)],
        closes_at=now() + timedelta(days=2),
    )
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=plan)
    await planning.cast_vote(
        proposal=proposal, voter=carer, recorded_by=carer, stance=stance, reason="Too far"
    )

    decision = await planning.close_proposal(
        proposal=proposal, by=boss, organiser=True, outcome="Decided."
    )

    assert (await Venue.get(id=hall.id)).chosen is chosen
    assert decision.venue_id == (hall.id if chosen else None)  # type: ignore[attr-defined]


async def test_an_edit_waits_for_a_vote_being_written_and_is_then_refused(db: str) -> None:
    """The proposer edits while someone's vote is half written (in, not yet committed): the
    edit waits for it, sees it, and is refused, so nobody's vote is for words since changed."""
    fair, boss, _ = await factories.light_fair_with()
    proposal = await planning.create_proposal(fair=fair, by=boss, draft=draft())
    changes = planning.ProposalChanges(
        title="Posters in the library and the gym",
        description="",
        easy_read="",
        options=[planning.OptionDraft(title="Choice 1")],
        closes_at=now() + timedelta(days=3),
    )

    vote_in = asyncio.Event()

    async def edit_once_the_vote_is_in() -> Proposal:
        await vote_in.wait()
        return await planning.edit_proposal(proposal=proposal, by=boss, changes=changes)

    # Started outside the vote's transaction (a task keeps the context it was made in).
    edit = asyncio.create_task(edit_once_the_vote_is_in())
    async with in_transaction() as vote_being_written:
        await Vote.create(
            proposal=proposal,
            voter=boss,
            recorded_by=boss,
            stance="ok",
            using_db=vote_being_written,
        )
        vote_in.set()
        await asyncio.sleep(0.5)
        assert not edit.done()

    with pytest.raises(DomainError) as refused:
        await edit
    assert refused.value.code == "already_voted"
    assert (await Proposal.get(id=proposal.id)).title == "Posters in the library"
