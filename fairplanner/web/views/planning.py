"""Co-planning pages: proposals, voting (also recorded for someone), comments, closing."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound, PermissionDenied
from fairplanner.models import Person
from fairplanner.models.planning import Channel, Decision, Method, Proposal, Topic
from fairplanner.services import members, planning, venues
from fairplanner.services.decisions import Stance, Tally
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web import labels_planning
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_planning import (
    OPTION_SLOTS,
    CommentForm,
    ballot_form_class,
    ballot_values,
    close_form_class,
    option_venue_id,
    proposal_edit_form_class,
    proposal_form_class,
    read_date,
)
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


def _page(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    return render(
        request, name, {"planning_labels": labels_planning, **context}, status_code=status_code
    )


async def _people(access: FairAccess) -> list[Person]:
    return [row.person for row in await members.members_of(fair=access.fair)]


def _to_proposal(request: Request, access: FairAccess, proposal: Proposal) -> Response:
    return RedirectResponse(
        request.url_for("planning:detail", fair_id=access.fair.id, proposal_id=proposal.id), 303
    )


async def proposal_list(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    found = await planning.proposals_of(fair=access.fair)
    return _page(
        request,
        "planning/list.html",
        {
            "fair": access.fair,
            "rows": [(p, planning.status(p).value) for p in found],
        },
    )


def _option_drafts(form: Any, slots: int) -> list[planning.OptionDraft]:
    return [
        planning.OptionDraft(
            title=form[f"option_{n}_title"].data or "",
            meaning=form[f"option_{n}_meaning"].data or "",
            easy_read=form[f"option_{n}_easy_read"].data or "",
            venue_id=option_venue_id(form, n),
        )
        for n in range(1, slots + 1)
    ]


async def proposal_new(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    fair_venues = await venues.venues_of(fair=access.fair)
    # ?topic=venue (from the venues pages, for example) chooses the topic for them.
    asked = request.query_params.get("topic", "")
    initial = {"topic": asked} if asked in {t.value for t in Topic} else {}
    form = bind(
        proposal_form_class(fair_venues),
        await request.form() if request.method == "POST" else None,
        **initial,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            draft = planning.ProposalDraft(
                topic=Topic(form.topic.data),
                title=form.title.data or "",
                description=form.description.data or "",
                easy_read=form.easy_read.data or "",
                method=Method(form.method.data),
                dots=form.dots.data or planning.DEFAULT_DOTS,
                closes_at=form.closes_at(access.fair.time_zone),
                options=_option_drafts(form, OPTION_SLOTS),
            )
            try:
                proposal = await planning.create_proposal(
                    fair=access.fair, by=access.person, draft=draft
                )
            except DomainError as exc:
                errors = {exc.field or "title": exc.message}
            else:
                flash(request, "Your proposal is open for votes.")
                return _to_proposal(request, access, proposal)
        errors = errors or first_errors(form)
    return _page(
        request,
        "planning/new.html",
        {
            "form": form,
            "errors": errors,
            "fair": access.fair,
            "slots": OPTION_SLOTS,
            "has_venues": bool(fair_venues),
        },
        status_code=422 if errors else 200,
    )


def _initial_edit(proposal: Proposal, options: list[Any], tz: str) -> dict[str, Any]:
    closes = proposal.closes_at.astimezone(ZoneInfo(tz))
    initial: dict[str, Any] = {
        "title": proposal.title,
        "description": proposal.description,
        "easy_read": proposal.easy_read,
        "close_day": str(closes.day),
        "close_month": str(closes.month),
        "close_year": str(closes.year),
        "close_time": closes.strftime("%H:%M"),
    }
    for n, option in enumerate(options, start=1):
        initial[f"option_{n}_title"] = option.title
        initial[f"option_{n}_meaning"] = option.meaning
        initial[f"option_{n}_easy_read"] = option.easy_read
        initial[f"option_{n}_venue"] = str(option.venue_id or "")
    return initial


async def proposal_edit(request: Request) -> Response:
    """The proposer changes the words and the closing time, until someone votes."""
    access = await load_access(request, Action.PLAN)
    proposal = await planning.proposal_in(
        fair=access.fair, proposal_id=request.path_params["proposal_id"]
    )
    if proposal.created_by_id != access.person.id:  # type: ignore[attr-defined]
        raise PermissionDenied(
            "Only the person who proposed this can change it. You can comment on it instead."
        )
    options = await planning.options_of(proposal)
    fair_venues = await venues.venues_of(fair=access.fair) if proposal.topic == Topic.VENUE else []
    form = bind(
        proposal_edit_form_class(fair_venues, len(options)),
        await request.form() if request.method == "POST" else None,
        **_initial_edit(proposal, options, access.fair.time_zone),
    )
    errors: dict[str, str] = {}
    voted = await planning.voter_count(proposal) > 0
    closed = proposal.closed_at is not None
    # Once someone has voted, or it is closed, the page only says so (no form to get wrong).
    conflict = request.method == "POST" and (voted or closed)
    if request.method == "POST" and not conflict:
        if form.validate():
            changes = planning.ProposalChanges(
                title=form.title.data or "",
                description=form.description.data or "",
                easy_read=form.easy_read.data or "",
                options=_option_drafts(form, len(options)),
                closes_at=form.closes_at(access.fair.time_zone),
            )
            try:
                await planning.edit_proposal(proposal=proposal, by=access.person, changes=changes)
            except DomainError as exc:
                if exc.field is None:
                    # Someone voted, or it closed, meanwhile: the page says so, with no form.
                    conflict = True
                else:
                    errors = {exc.field: exc.message}
            else:
                flash(request, "Your proposal is changed.")
                return _to_proposal(request, access, proposal)
        if not conflict:
            errors = errors or first_errors(form)
    return _page(
        request,
        "planning/edit.html",
        {
            "form": form,
            "errors": errors,
            "fair": access.fair,
            "proposal": proposal,
            "slots": len(options),
            "has_venues": bool(fair_venues),
            "voted": voted or conflict,
            "closed": closed,
        },
        status_code=409 if conflict else 422 if errors else 200,
    )


async def _detail_context(access: FairAccess, proposal: Proposal) -> dict[str, Any]:
    state = planning.status(proposal)
    decision = await Decision.get_or_none(proposal_id=proposal.id)
    tally = Tally.from_json(decision.result) if decision is not None else None
    return {
        "access": access,
        "fair": access.fair,
        "proposal": proposal,
        "status": state.value,
        "options": await planning.options_of(proposal),
        "my_vote": await planning.vote_of(proposal=proposal, voter=access.person),
        "voters": await planning.voter_count(proposal),
        "comments": await planning.comments_on(proposal),
        "decision": decision,
        "tally": tally,
        "may_close": planning.may_close(
            proposal, by=access.person, organiser=access.allows(Action.CLOSE_ANY_PROPOSAL)
        ),
        "Action": Action,
        "stances": Stance.LABELS,
    }


async def proposal_detail(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    proposal = await planning.proposal_in(
        fair=access.fair, proposal_id=request.path_params["proposal_id"]
    )
    context = await _detail_context(access, proposal)
    return _page(
        request,
        "planning/detail.html",
        {**context, "comment_form": bind(CommentForm, None), "errors": {}},
    )


async def comment_add(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    proposal = await planning.proposal_in(
        fair=access.fair, proposal_id=request.path_params["proposal_id"]
    )
    form = bind(CommentForm, await request.form())
    errors: dict[str, str] = {}
    if form.validate():
        try:
            await planning.add_comment(
                proposal=proposal,
                author=access.person,
                recorded_by=access.person,
                body=form.body.data,
            )
        except DomainError as exc:
            errors = {exc.field or "body": exc.message}
        else:
            flash(request, "Your comment is added.")
            return _to_proposal(request, access, proposal)
    errors = errors or first_errors(form)
    context = await _detail_context(access, proposal)
    return _page(
        request,
        "planning/detail.html",
        {**context, "comment_form": form, "errors": errors},
        status_code=422,
    )


def _initial_ballot(vote: Any) -> dict[str, Any]:
    if vote is None:
        return {}
    initial: dict[str, Any] = {f"option_{k}": v for k, v in (vote.values or {}).items()}
    if vote.stance:
        initial["stance"] = vote.stance
    initial["reason"] = vote.reason
    initial["needs_support"] = vote.needs_support
    return initial


async def _ballot_page(request: Request, *, record: bool) -> Response:
    access = await load_access(request, Action.RECORD_FOR_OTHERS if record else Action.PLAN)
    proposal = await planning.proposal_in(
        fair=access.fair, proposal_id=request.path_params["proposal_id"]
    )
    options = await planning.options_of(proposal)
    people = await _people(access) if record else []
    form_class = ballot_form_class(
        proposal.method, options, proposal.dots, members=people, record=record
    )
    mine = None if record else await planning.vote_of(proposal=proposal, voter=access.person)
    data = await request.form() if request.method == "POST" else None
    form = bind(form_class, data, **_initial_ballot(mine))
    errors: dict[str, str] = {}
    state = planning.status(proposal)
    if request.method == "POST":
        if form.validate():
            errors = await _save_ballot(access, proposal, form, options, people, record=record)
            if not errors:
                flash(
                    request,
                    "The vote is recorded. It shows who recorded it and how."
                    if record
                    else "Your vote is saved. You can change it until the vote closes.",
                )
                return _to_proposal(request, access, proposal)
        errors = errors or first_errors(form)
    return _page(
        request,
        "planning/vote.html",
        {
            "fair": access.fair,
            "proposal": proposal,
            "options": options,
            "form": form,
            "errors": errors,
            "record": record,
            "changing": mine is not None,
            "status": state.value,
        },
        status_code=422 if errors else 200,
    )


async def _save_ballot(
    access: FairAccess,
    proposal: Proposal,
    form: Any,
    options: list[Any],
    people: list[Person],
    *,
    record: bool,
) -> dict[str, str]:
    voter = access.person
    channel = Channel.ONLINE
    if record:
        chosen = [p for p in people if str(p.id) == form.voter.data]
        if not chosen:
            return {"voter": "Choose someone taking part in this fair"}
        voter, channel = chosen[0], Channel(form.channel.data)
    try:
        await planning.cast_vote(
            proposal=proposal,
            voter=voter,
            recorded_by=access.person,
            channel=channel,
            values=ballot_values(form, options),
            stance=form.stance.data or "" if "stance" in form else "",
            reason=form.reason.data or "" if "reason" in form else "",
            needs_support=bool(form.needs_support.data) if "needs_support" in form else False,
        )
        if record and (form.comment.data or "").strip():
            await planning.add_comment(
                proposal=proposal,
                author=voter,
                recorded_by=access.person,
                body=form.comment.data,
                channel=channel,
            )
    except DomainError as exc:
        field = exc.field or ("stance" if "stance" in form else f"option_{options[0].id}")
        if field == "values" or field not in form:
            field = "stance" if "stance" in form else f"option_{options[0].id}"
        return {field: exc.message}
    return {}


async def vote(request: Request) -> Response:
    return await _ballot_page(request, record=False)


async def record(request: Request) -> Response:
    return await _ballot_page(request, record=True)


async def close(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    proposal = await planning.proposal_in(
        fair=access.fair, proposal_id=request.path_params["proposal_id"]
    )
    organiser = access.allows(Action.CLOSE_ANY_PROPOSAL)
    if not planning.may_close(proposal, by=access.person, organiser=organiser):
        raise PermissionDenied("Only the person who proposed this, or an organiser, can close it.")
    if planning.status(proposal) == planning.Status.CLOSED:
        raise NotFound("This proposal is decided already.")
    people = await _people(access)
    form = bind(
        close_form_class(people), await request.form() if request.method == "POST" else None
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            owner = next((p for p in people if str(p.id) == form.owner.data), None)
            try:
                decision = await planning.close_proposal(
                    proposal=proposal,
                    by=access.person,
                    organiser=organiser,
                    outcome=form.outcome.data or "",
                    easy_read=form.easy_read.data or "",
                    owner=owner,
                    review_on=read_date(form, "review", "The review date"),
                    reason=form.reason.data or "",
                )
            except DomainError as exc:
                errors = {exc.field or "outcome": exc.message}
            else:
                flash(request, "The decision is recorded in the decision log.")
                return RedirectResponse(
                    request.url_for(
                        "decisions:detail", fair_id=access.fair.id, decision_id=decision.id
                    ),
                    303,
                )
        errors = errors or first_errors(form)
    own = proposal.created_by_id == access.person.id  # type: ignore[attr-defined]
    return _page(
        request,
        "planning/close.html",
        {
            "fair": access.fair,
            "proposal": proposal,
            "form": form,
            "errors": errors,
            "early": planning.status(proposal) == planning.Status.OPEN,
            "own": own,
            "tally": await planning.current_tally(proposal),
        },
        status_code=422 if errors else 200,
    )


async def audit(request: Request) -> Response:
    access = await load_access(request, Action.RECORD_FOR_OTHERS)
    proposal = await planning.proposal_in(
        fair=access.fair, proposal_id=request.path_params["proposal_id"]
    )
    return _page(
        request,
        "planning/audit.html",
        {
            "fair": access.fair,
            "proposal": proposal,
            "entries": await planning.audit_of(proposal),
            # What people voted stays hidden, like the results, until the proposal closes.
            "show_detail": planning.status(proposal) == planning.Status.CLOSED,
        },
    )


_P = "/{fair_id:int}/proposals"
routes = [
    Route(_P, proposal_list, name="list"),
    Route(_P + "/new", proposal_new, methods=["GET", "POST"], name="new"),
    Route(_P + "/{proposal_id:int}", proposal_detail, name="detail"),
    Route(_P + "/{proposal_id:int}/edit", proposal_edit, methods=["GET", "POST"], name="edit"),
    Route(_P + "/{proposal_id:int}/vote", vote, methods=["GET", "POST"], name="vote"),
    Route(_P + "/{proposal_id:int}/record", record, methods=["GET", "POST"], name="record"),
    Route(_P + "/{proposal_id:int}/comments", comment_add, methods=["POST"], name="comment"),
    Route(_P + "/{proposal_id:int}/close", close, methods=["GET", "POST"], name="close"),
    Route(_P + "/{proposal_id:int}/audit", audit, name="audit"),
]
