"""Co-planning: raising proposals, voting (also on someone's behalf), commenting, and closing
a proposal into a Decision. The counting itself is in services/decisions.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Fair, Membership, Person, Venue
from fairplanner.models.planning import (
    Channel,
    Comment,
    Decision,
    Method,
    Option,
    PlanningAudit,
    Proposal,
    Topic,
    Vote,
)
from fairplanner.services import decisions, planning_notices, venues
from fairplanner.services.clock import now

DEFAULT_DOTS = 3
MAX_DOTS = 20
MAX_OPTIONS = 12


class Status(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    # Past its closing time, waiting for the proposer or an organiser to record the decision.
    ENDED = "ended"
    CLOSED = "closed"


@dataclass(frozen=True)
class OptionDraft:
    title: str
    meaning: str = ""
    easy_read: str = ""
    # Venue proposals only: the fair's venue this choice stands for.
    venue_id: int | None = None


@dataclass(frozen=True)
class ProposalDraft:
    topic: Topic
    title: str
    description: str
    easy_read: str
    method: Method
    options: list[OptionDraft]
    closes_at: datetime
    dots: int = DEFAULT_DOTS


def status(proposal: Proposal, at: datetime | None = None) -> Status:
    at = at or now()
    if proposal.closed_at is not None:
        return Status.CLOSED
    if at < proposal.opens_at:
        return Status.NOT_OPEN
    if at >= proposal.closes_at:
        return Status.ENDED
    return Status.OPEN


async def _membership(fair_id: int, person: Person) -> Membership | None:
    return await Membership.get_or_none(fair_id=fair_id, person_id=person.id)


async def _require_member(fair_id: int, person: Person, field: str | None = None) -> None:
    if await _membership(fair_id, person) is None:
        raise DomainError(
            "not_a_member",
            f"{person.name} is not taking part in this fair, so cannot take part in its votes.",
            field=field,
        )


async def create_proposal(
    *, fair: Fair, by: Person, draft: ProposalDraft, opens_at: datetime | None = None
) -> Proposal:
    """Any member may propose. Consent is asked about one plan, so it has one option; the
    other methods choose between at least two."""
    await _require_member(fair.id, by)
    opens_at = opens_at or now()
    options = [o for o in draft.options if o.title.strip()]
    if draft.method == Method.CONSENT and len(options) != 1:
        raise DomainError(
            "consent_one_option",
            "A consent proposal asks about one plan. Fill in the first choice only.",
            field="option_1_title",
        )
    if draft.method != Method.CONSENT and len(options) < 2:
        raise DomainError(
            "too_few_options", "Give at least 2 choices to vote on", field="option_1_title"
        )
    if len(options) > MAX_OPTIONS:
        raise DomainError("too_many_options", f"Give {MAX_OPTIONS} choices or fewer")
    if draft.closes_at <= max(opens_at, now()):
        raise DomainError(
            "closes_in_past", "The closing date must be in the future", field="close_day"
        )
    if draft.method == Method.DOT_VOTE and not 1 <= draft.dots <= MAX_DOTS:
        raise DomainError(
            "bad_dots", f"Give each person between 1 and {MAX_DOTS} dots", field="dots"
        )
    await _check_venues(fair, draft.topic, options)
    async with in_transaction():
        proposal = await Proposal.create(
            fair=fair,
            topic=draft.topic,
            title=draft.title.strip(),
            description=draft.description.strip(),
            easy_read=draft.easy_read.strip(),
            method=draft.method,
            dots=draft.dots if draft.method == Method.DOT_VOTE else 0,
            opens_at=opens_at,
            closes_at=draft.closes_at,
            created_by=by,
        )
        for position, option in enumerate(options, start=1):
            await Option.create(
                proposal=proposal,
                position=position,
                title=option.title.strip(),
                meaning=option.meaning.strip(),
                easy_read=option.easy_read.strip(),
                venue_id=option.venue_id,
            )
        await planning_notices.proposal_raised(proposal=proposal, fair=fair, by=by)
    return proposal


async def _check_venues(fair: Fair, topic: Topic, options: list[OptionDraft]) -> None:
    """A choice may stand for a venue only on a venue proposal, and only a venue of this
    fair."""
    for position, option in enumerate(options, start=1):
        if option.venue_id is None:
            continue
        field = f"option_{position}_venue"
        if topic != Topic.VENUE:
            raise DomainError(
                "venue_not_venue_topic",
                "Link a choice to a venue only when the topic is the venue",
                field=field,
            )
        if not await Venue.exists(id=option.venue_id, fair_id=fair.id):
            raise DomainError("unknown_venue", "Choose one of this fair's venues", field=field)


@dataclass(frozen=True)
class ProposalChanges:
    """What the proposer may change before anyone votes: the words and the closing time.
    The topic, the method and the number of choices stay as they were."""

    title: str
    description: str
    easy_read: str
    options: list[OptionDraft]
    closes_at: datetime


async def edit_proposal(*, proposal: Proposal, by: Person, changes: ProposalChanges) -> Proposal:
    """Change the proposer's own proposal while nobody has voted yet. Kept in the audit
    trail with what it said before."""
    if proposal.created_by_id != by.id:  # type: ignore[attr-defined]
        raise DomainError("not_yours_to_edit", "Only the person who proposed this can change it.")
    if proposal.closed_at is not None:
        raise DomainError("already_closed", "This proposal is closed already.")
    if not changes.title.strip():
        raise DomainError("title_needed", "Say what the group should decide", field="title")
    options = await options_of(proposal)
    if len(changes.options) != len(options):
        raise DomainError("bad_options", "The number of choices cannot change")
    for position, wording in enumerate(changes.options, start=1):
        if not wording.title.strip():
            raise DomainError(
                "option_needed", f"Write choice {position}", field=f"option_{position}_title"
            )
    if changes.closes_at <= max(proposal.opens_at, now()):
        raise DomainError(
            "closes_in_past", "The closing date must be in the future", field="close_day"
        )
    fair = await Fair.get(id=proposal.fair_id)  # type: ignore[attr-defined]
    await _check_venues(fair, proposal.topic, changes.options)
    before = f"{proposal.title} (closing {proposal.closes_at.isoformat(timespec='minutes')})"
    async with in_transaction():
        # The proposal's row locked first: on PostgreSQL this waits for a vote still being
        # written (its foreign key holds a share lock on the row), so the check below sees it
        # and a vote that came in first makes this a refusal. (SQLite: one writer at a time.)
        await Proposal.filter(id=proposal.id).select_for_update().first()
        if await Vote.exists(proposal_id=proposal.id):
            raise DomainError(
                "already_voted",
                "People have voted on this, so it can no longer be changed. "
                "You can comment, or close it and suggest it again.",
            )
        await Proposal.filter(id=proposal.id).update(
            title=changes.title.strip(),
            description=changes.description.strip(),
            easy_read=changes.easy_read.strip(),
            closes_at=changes.closes_at,
        )
        for current, draft in zip(options, changes.options, strict=True):
            await Option.filter(id=current.id).update(
                title=draft.title.strip(),
                meaning=draft.meaning.strip(),
                easy_read=draft.easy_read.strip(),
                venue_id=draft.venue_id,
            )
        await _audit(proposal, by, None, Channel.ONLINE, "edited", "Changed. Before: " + before)
    await proposal.refresh_from_db()
    return proposal


async def proposals_of(*, fair: Fair) -> list[Proposal]:
    return await Proposal.filter(fair_id=fair.id).prefetch_related("created_by").order_by("-id")


async def proposal_in(*, fair: Fair, proposal_id: int) -> Proposal:
    found = await Proposal.get_or_none(id=proposal_id, fair_id=fair.id).prefetch_related(
        "created_by", "closed_by"
    )
    if found is None:
        raise NotFound()
    return found


async def options_of(proposal: Proposal) -> list[Option]:
    return (
        await Option.filter(proposal_id=proposal.id).order_by("position").prefetch_related("venue")
    )


async def vote_of(*, proposal: Proposal, voter: Person) -> Vote | None:
    return await Vote.get_or_none(proposal_id=proposal.id, voter_id=voter.id)


async def voter_count(proposal: Proposal) -> int:
    return await Vote.filter(proposal_id=proposal.id).count()


async def cast_vote(
    *,
    proposal: Proposal,
    voter: Person,
    recorded_by: Person,
    channel: Channel = Channel.ONLINE,
    values: dict[str, int] | None = None,
    stance: str = "",
    reason: str = "",
    needs_support: bool = False,
) -> Vote:
    """Save `voter`'s vote, replacing their earlier one. A vote recorded by someone else
    names how it was given (phone, paper, meeting); the caller checks they may record."""
    values = dict(values or {})
    if proposal.method == Method.DOT_VOTE:
        # An option with no dots is the same as one not mentioned.
        values = {k: v for k, v in values.items() if v != 0}
    state = status(proposal)
    if state != Status.OPEN:
        raise DomainError(
            "voting_closed" if state != Status.NOT_OPEN else "voting_not_open",
            "Voting on this proposal has closed."
            if state != Status.NOT_OPEN
            else "Voting on this proposal has not started yet.",
        )
    on_behalf = voter.id != recorded_by.id
    if on_behalf and channel == Channel.ONLINE:
        raise DomainError(
            "channel_needed",
            "Say how they gave their vote: phone, paper or meeting",
            field="channel",
        )
    await _require_member(proposal.fair_id, voter, "voter" if on_behalf else None)  # type: ignore[attr-defined]
    options = await options_of(proposal)
    errors = decisions.check_ballot(
        proposal.method,
        [o.id for o in options],
        values=values,
        stance=stance,
        reason=reason,
        dots=proposal.dots,
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError("bad_ballot", message, field=field)
    fields: dict[str, Any] = {
        "values": values,
        "stance": stance if proposal.method == Method.CONSENT else "",
        "reason": reason.strip(),
        "needs_support": needs_support and proposal.method == Method.TIME_POLL,
        "recorded_by_id": recorded_by.id,
        "channel": channel,
        "updated_at": now(),
    }
    detail = _describe(proposal.method, options, values, stance, reason)
    if fields["needs_support"]:
        detail += " (would need transport or support)"
    try:
        async with in_transaction():
            changed = await Vote.filter(proposal_id=proposal.id, voter_id=voter.id).update(**fields)
            if not changed:
                await Vote.create(proposal=proposal, voter=voter, **fields)
            await _audit(
                proposal, recorded_by, voter, channel, "vote_changed" if changed else "vote", detail
            )
    except IntegrityError:
        # Another browser created this person's vote between our update and insert: theirs
        # is kept as the one row, now with this newer answer.
        async with in_transaction():
            await Vote.filter(proposal_id=proposal.id, voter_id=voter.id).update(**fields)
            await _audit(proposal, recorded_by, voter, channel, "vote_changed", detail)
    return await Vote.get(proposal_id=proposal.id, voter_id=voter.id)


def _describe(
    method: Method, options: list[Option], values: dict[str, int], stance: str, reason: str
) -> str:
    """The vote in words, for the audit trail."""
    if method == Method.CONSENT:
        text = decisions.Stance.LABELS.get(stance, stance)
        return f"{text}: {reason.strip()}" if reason.strip() else text
    names = {str(o.id): o.title for o in options}
    if method == Method.TIME_POLL:
        parts = [f"{names[k]}: {decisions.TIME_ANSWERS[v]}" for k, v in values.items()]
    else:
        parts = [f"{names[k]}: {v}" for k, v in values.items()]
    return "; ".join(parts)


async def _audit(
    proposal: Proposal,
    actor: Person,
    subject: Person | None,
    channel: Channel,
    action: str,
    detail: str = "",
) -> None:
    await PlanningAudit.create(
        proposal=proposal,
        actor=actor,
        on_behalf_of=subject if subject is not None and subject.id != actor.id else None,
        channel=channel,
        action=action,
        detail=detail,
    )


async def add_comment(
    *,
    proposal: Proposal,
    author: Person,
    recorded_by: Person,
    body: str,
    channel: Channel = Channel.ONLINE,
) -> Comment:
    on_behalf = author.id != recorded_by.id
    if on_behalf and channel == Channel.ONLINE:
        raise DomainError(
            "channel_needed",
            "Say how they gave their comment: phone, paper or meeting",
            field="channel",
        )
    if not body.strip():
        raise DomainError("empty_comment", "Write your comment", field="body")
    await _require_member(proposal.fair_id, author, "author" if on_behalf else None)  # type: ignore[attr-defined]
    async with in_transaction():
        comment = await Comment.create(
            proposal=proposal, author=author, recorded_by=recorded_by, channel=channel, body=body
        )
        if on_behalf:
            await _audit(proposal, recorded_by, author, channel, "comment", body.strip()[:500])
    return comment


async def comments_on(proposal: Proposal) -> list[Comment]:
    return (
        await Comment.filter(proposal_id=proposal.id)
        .prefetch_related("author", "recorded_by")
        .order_by("id")
    )


async def audit_of(proposal: Proposal) -> list[PlanningAudit]:
    return (
        await PlanningAudit.filter(proposal_id=proposal.id)
        .prefetch_related("actor", "on_behalf_of")
        .order_by("id")
    )


async def current_tally(proposal: Proposal) -> decisions.Tally:
    options = await options_of(proposal)
    votes = await Vote.filter(proposal_id=proposal.id)
    return decisions.tally(
        proposal.method,
        [decisions.OptionIn(id=o.id, title=o.title) for o in options],
        [
            decisions.VoteIn(
                values={str(k): int(v) for k, v in (v.values or {}).items()},
                stance=v.stance,
                needs_support=v.needs_support,
            )
            for v in votes
        ],
    )


def may_close(proposal: Proposal, *, by: Person, organiser: bool) -> bool:
    """The proposer may close their own proposal; organisers may close anyone's (early
    only with a reason). Nobody else may."""
    return proposal.created_by_id == by.id or organiser  # type: ignore[attr-defined]


async def close_proposal(
    *,
    proposal: Proposal,
    by: Person,
    organiser: bool,
    outcome: str,
    easy_read: str = "",
    owner: Person | None = None,
    review_on: date | None = None,
    reason: str = "",
) -> Decision:
    """Close the vote and record the Decision with the counts as they stand."""
    if not may_close(proposal, by=by, organiser=organiser):
        raise DomainError(
            "not_yours_to_close",
            "Only the person who proposed this, or an organiser, can close it.",
        )
    own = proposal.created_by_id == by.id  # type: ignore[attr-defined]
    early = status(proposal) in (Status.OPEN, Status.NOT_OPEN)
    if early and not own and not reason.strip():
        raise DomainError(
            "reason_needed",
            "Say why you are closing someone else's proposal before its closing time",
            field="reason",
        )
    if not outcome.strip():
        raise DomainError("outcome_needed", "Say what was decided, in plain words", field="outcome")
    if owner is not None:
        await _require_member(proposal.fair_id, owner, "owner")  # type: ignore[attr-defined]
    result = await current_tally(proposal)
    venue = await _decided_venue(proposal, result)
    async with in_transaction():
        # Conditional: two people closing at once make one decision, not two.
        taken = await Proposal.filter(id=proposal.id, closed_at__isnull=True).update(
            closed_at=now(), closed_by_id=by.id, close_reason=reason.strip()
        )
        if not taken:
            raise DomainError("already_closed", "This proposal is closed already.")
        try:
            decision = await Decision.create(
                fair_id=proposal.fair_id,  # type: ignore[attr-defined]
                proposal=proposal,
                outcome=outcome.strip(),
                easy_read=easy_read.strip(),
                result=result.as_json(),
                owner=owner,
                review_on=review_on,
                made_by=by,
                venue=venue,
            )
        except IntegrityError as exc:
            raise DomainError("already_closed", "This proposal is closed already.") from exc
        if venue is not None:
            await venues.choose_venue(venue=venue)
        await planning_notices.decision_made(decision=decision, proposal=proposal, by=by)
        detail = "Closed early: " + reason.strip() if early else "Closed"
        await _audit(proposal, by, None, Channel.ONLINE, "closed", detail)
    await proposal.refresh_from_db()
    return decision


async def _decided_venue(proposal: Proposal, result: decisions.Tally) -> Venue | None:
    """On a venue proposal, the venue of the choice the group settled on: the plan of an
    agreed consent proposal, or the one leading choice (a tie or a blocked plan chooses
    nothing: the group decides again)."""
    if proposal.topic != Topic.VENUE or result.voters == 0 or result.blocked:
        return None
    options = await options_of(proposal)
    if proposal.method == Method.CONSENT:
        winner = options[0] if options else None
    else:
        leaders = [o for o in options if o.id in result.leaders]
        winner = leaders[0] if len(leaders) == 1 else None
    if winner is None or winner.venue_id is None:  # type: ignore[attr-defined]
        return None
    return await Venue.get_or_none(id=winner.venue_id, fair_id=proposal.fair_id)  # type: ignore[attr-defined]


async def decisions_of(*, fair: Fair) -> list[Decision]:
    return (
        await Decision.filter(fair_id=fair.id)
        .prefetch_related("proposal", "owner")
        .order_by("-created_at", "-id")
    )


async def decision_in(*, fair: Fair, decision_id: int) -> Decision:
    found = await Decision.get_or_none(id=decision_id, fair_id=fair.id).prefetch_related(
        "proposal", "owner", "made_by", "venue"
    )
    if found is None:
        raise NotFound()
    return found
