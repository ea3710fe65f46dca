"""Buddy pages: my buddy profile and my buddy; the organisers' review of a pairing run (run,
pin, forbid, leave out, see each override's cost, publish)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import BuddyPair, BuddyProfile, PairingAudit, PairingRun, Person
from fairplanner.models.buddies import OverrideKind, Side, SupportLevel
from fairplanner.numbers import whole_number
from fairplanner.services import buddies, members
from fairplanner.services.buddy_times import BLOCKS
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_buddies import (
    LockForm,
    OverrideForm,
    ProfileForm,
    RunForm,
    SwapForm,
    weight_fields,
    weights_of,
)
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


async def _people(access: FairAccess) -> dict[str, Person]:
    return {str(r.person.id): r.person for r in await members.members_of(fair=access.fair)}


async def mine(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    fair, person = access.fair, access.person
    profile = await BuddyProfile.get_or_none(fair_id=fair.id, person_id=person.id)
    initial: dict[str, Any] = {}
    if profile:
        initial = {
            k: getattr(profile, k)
            for k in (
                "languages",
                "communication",
                "skills",
                "interests",
                "times",
                "meeting_point",
                "capacity",
            )
        } | {
            "side": profile.side.value,
            "support": profile.support.value,
            "named": [str(x) for x in profile.named],
            "never": [str(x) for x in profile.never],
        }
    form = bind(ProfileForm, await request.form() if request.method == "POST" else None, **initial)
    others = {k: p for k, p in (await _people(access)).items() if p.id != person.id}
    form.named.choices = form.never.choices = [(k, p.name) for k, p in others.items()]
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                await buddies.save_profile(
                    fair=fair,
                    person=person,
                    side=Side(form.side.data),
                    support=SupportLevel(form.support.data or SupportLevel.BUDDY_WITH_ME),
                    capacity=form.capacity.data or 0,
                    filled_by=person,
                    **{
                        k: (getattr(form, k).data or "").strip()
                        for k in (
                            "languages",
                            "communication",
                            "skills",
                            "interests",
                            "times",
                            "meeting_point",
                        )
                    },
                    named=[int(x) for x in form.named.data or [] if x in others],
                    never=[int(x) for x in form.never.data or [] if x in others],
                )
            except DomainError as exc:
                errors = {exc.field or "side": exc.message}
            else:
                saved = await BuddyProfile.get(fair_id=fair.id, person_id=person.id)
                note = await buddies.profile_note(fair=fair, profile=saved)
                flash(request, "Your buddy details are saved." + (f" {note}" if note else ""))
                return RedirectResponse(request.url_for("buddies:mine", fair_id=fair.id), 303)
        errors = errors or first_errors(form)
    return render(
        request,
        "buddies/mine.html",
        {
            "fair": fair,
            "form": form,
            "errors": errors,
            "access": access,
            "Action": Action,
            "pairs": await buddies.my_pairs(fair=fair, person=person),
            "person": person,
        },
        status_code=422 if errors else 200,
    )


async def answer(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    pair = await BuddyPair.get_or_none(
        id=request.path_params["pair_id"], run__fair_id=access.fair.id
    )
    if pair is None:
        raise NotFound()
    accept = (await request.form()).get("answer") == "yes"
    await buddies.answer(pair=pair, person=access.person, accept=accept)
    flash(
        request,
        "Thank you. We have told the organisers."
        if not accept
        else "Thank you. See you at the fair.",
    )
    return RedirectResponse(request.url_for("buddies:mine", fair_id=access.fair.id), 303)


async def _choices(access: FairAccess, form: Any) -> list[BuddyProfile]:
    profiles = await BuddyProfile.filter(fair_id=access.fair.id).prefetch_related("person")
    form.supported.choices = [
        (str(p.person.id), p.person.name) for p in profiles if p.side == Side.SUPPORTED
    ]
    form.partner.choices = [
        (str(p.person.id), p.person.name) for p in profiles if p.side == Side.PARTNER
    ]
    return profiles


async def _review_page(
    request: Request,
    access: FairAccess,
    *,
    errors: dict[str, str] | None = None,
    run_form: Any = None,
    override_form: Any = None,
    swap_form: Any = None,
    cost: buddies.Cost | None = None,
) -> Response:
    fair = access.fair
    run = await buddies.latest_run(fair=fair)
    pairs = (
        await BuddyPair.filter(run_id=run.id)
        .prefetch_related("supported", "partner")
        .order_by("score")
        if run
        else []
    )
    # The diff is against the run before in the same block (whole fair, morning...).
    previous = (
        await PairingRun.filter(fair_id=fair.id, block=run.block, number__lt=run.number)
        .order_by("-number")
        .first()
        if run
        else None
    )
    if override_form is None:
        override_form = bind(OverrideForm, None)
    profiles = await _choices(access, override_form)
    who = {p.person.id: p.person.name for p in profiles}
    diff: list[str] = []
    if run and previous:
        old = {
            (int(a), int(b))
            for a, b in await BuddyPair.filter(run_id=previous.id).values_list(
                "supported_id", "partner_id"
            )
        }
        new = {(p.supported.id, p.partner.id) for p in pairs}
        diff = [f"New: {who.get(a, a)} with {who.get(b, b)}" for a, b in sorted(new - old)]
        diff += [
            f"Gone: {who.get(a, a)} with {who.get(b, b)} (run {previous.number})"
            for a, b in sorted(old - new)
        ]
    unmatched: dict[str, str] = {}
    if run:
        unmatched = {who.get(int(k), k): v for k, v in run.unmatched.items()}
    pair_choices = [(str(p.id), f"{p.supported.name} with {p.partner.name}") for p in pairs]
    if swap_form is None:
        swap_form = bind(SwapForm, None)
    swap_form.first.choices = swap_form.second.choices = pair_choices
    lock_form = bind(LockForm, None, keep=[str(p.id) for p in pairs if p.locked])
    lock_form.keep.choices = pair_choices
    if run_form is None:
        # Start from the newest run's choices so it is easy to adjust or repeat them.
        choice = buddies.choice_of(run) if run else buddies.RunChoice()
        initial = {f"w_{k}": v for k, v in choice.weights.items()}
        run_form = bind(RunForm, None, min_score=choice.min_score, block=choice.block, **initial)
    return render(
        request,
        "buddies/review.html",
        {
            "fair": fair,
            "run": run,
            "pairs": pairs,
            "diff": diff,
            "unmatched": unmatched,
            "run_form": run_form,
            "weight_fields": weight_fields(run_form),
            "choice": buddies.choice_of(run) if run else None,
            "blocks": BLOCKS,
            "names": who,
            "moved_names": [who.get(k, "someone") for k in cost.moved] if cost else [],
            "alternatives": await buddies.alternatives_for_run(fair=fair, run_=run) if run else {},
            "override_form": override_form,
            "swap_form": swap_form,
            "lock_form": lock_form,
            "errors": errors or {},
            "cost": cost,
            "audit": await PairingAudit.filter(fair_id=fair.id)
            .prefetch_related("by")
            .order_by("-id")
            .limit(20),
        },
        status_code=422 if errors else 200,
    )


async def review(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    return await _review_page(request, access)


async def run_matcher(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    data = await request.form()
    form = bind(RunForm, data)
    if not form.validate():
        return await _review_page(request, access, errors=first_errors(form), run_form=form)
    seen = str(data.get("seen_run") or "")
    try:
        made = await buddies.run(
            fair=access.fair,
            by=access.person,
            seed=form.seed.data,
            min_score=form.min_score.data or 0,
            fairness=bool(form.fairness.data),
            expected_number=whole_number(seen),
            weights=weights_of(form),
            block=form.block.data or "",
        )
    except DomainError as exc:
        where = f"w_{exc.field}" if exc.field and exc.code == "bad_weights" else "seed"
        where = "block" if exc.code == "bad_block" else where
        return await _review_page(request, access, errors={where: exc.message}, run_form=form)
    return _ran(request, access, made)


def _ran(request: Request, access: FairAccess, made: PairingRun) -> Response:
    flash(request, f"Run {made.number} is ready to check. Nothing is published yet.")
    return RedirectResponse(request.url_for("buddies:review", fair_id=access.fair.id), 303)


async def repeat(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    earlier = await buddies.get_run(fair=access.fair, run_id=request.path_params["run_id"])
    seen = str((await request.form()).get("seen_run") or "")
    try:
        made = await buddies.repeat(
            run_=earlier, by=access.person, expected_number=whole_number(seen)
        )
    except DomainError as exc:
        return await _review_page(request, access, errors={"seed": exc.message})
    return _ran(request, access, made)


async def swap(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    form = bind(SwapForm, await request.form())
    current = await buddies.latest_run(fair=access.fair)
    if current is None:
        return await _review_page(request, access, errors={"first": "Run the matcher first"})
    first, second = whole_number(form.first.data), whole_number(form.second.data)
    if not form.validate() or first is None or second is None:
        errors = first_errors(form) or {"first": "Choose two pairs from this run"}
        return await _review_page(request, access, errors=errors, swap_form=form)
    try:
        cost = await buddies.swap(
            fair=access.fair,
            by=access.person,
            run_=current,
            first_id=first,
            second_id=second,
        )
    except DomainError as exc:
        return await _review_page(
            request, access, errors={exc.field or "first": exc.message}, swap_form=form
        )
    flash(request, "The two pairs are swapped. Both new pairs are kept when you run again.")
    return await _review_page(request, access, cost=cost)


async def lock(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    data = await request.form()
    current = await buddies.latest_run(fair=access.fair)
    if current is None:
        return await _review_page(request, access, errors={"keep": "Run the matcher first"})
    keep = {n for x in data.getlist("keep") if (n := whole_number(x)) is not None}
    try:
        count = await buddies.lock(fair=access.fair, by=access.person, run_=current, pair_ids=keep)
    except DomainError as exc:
        return await _review_page(request, access, errors={"keep": exc.message})
    flash(request, f"{count} {'pair is' if count == 1 else 'pairs are'} kept when you run again.")
    return RedirectResponse(request.url_for("buddies:review", fair_id=access.fair.id), 303)


async def add_override(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    form = bind(OverrideForm, await request.form())
    await _choices(access, form)
    current = await buddies.latest_run(fair=access.fair)
    if not form.validate() or current is None:
        errors = first_errors(form) or {"kind": "Run the matcher first"}
        return await _review_page(request, access, errors=errors, override_form=form)
    try:
        cost = await buddies.override(
            fair=access.fair,
            by=access.person,
            kind=OverrideKind(form.kind.data),
            supported_id=int(form.supported.data),
            partner_id=int(form.partner.data) if form.partner.data else None,
            current=current,
        )
    except DomainError as exc:
        return await _review_page(
            request, access, errors={exc.field or "kind": exc.message}, override_form=form
        )
    return await _review_page(request, access, cost=cost)


async def publish(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BUDDIES)
    run = await buddies.get_run(fair=access.fair, run_id=request.path_params["run_id"])
    count = await buddies.publish(run=run, by=access.person)
    flash(request, f"{count} pairs are published. Both people in each pair are told.")
    return send_after(
        request, RedirectResponse(request.url_for("buddies:review", fair_id=access.fair.id), 303)
    )


routes = [
    Route("/{fair_id:int}/buddies", mine, methods=["GET", "POST"], name="mine"),
    Route(
        "/{fair_id:int}/buddies/pairs/{pair_id:int}/answer", answer, methods=["POST"], name="answer"
    ),
    Route("/{fair_id:int}/buddies/review", review, name="review"),
    Route("/{fair_id:int}/buddies/run", run_matcher, methods=["POST"], name="run"),
    Route("/{fair_id:int}/buddies/overrides", add_override, methods=["POST"], name="override"),
    Route("/{fair_id:int}/buddies/swap", swap, methods=["POST"], name="swap"),
    Route("/{fair_id:int}/buddies/lock", lock, methods=["POST"], name="lock"),
    Route(
        "/{fair_id:int}/buddies/runs/{run_id:int}/repeat", repeat, methods=["POST"], name="repeat"
    ),
    Route(
        "/{fair_id:int}/buddies/runs/{run_id:int}/publish",
        publish,
        methods=["POST"],
        name="publish",
    ),
]
