"""Rewards pages: my hours and what I get back, recording hours, choosing a reward (with the
benefits note first), claiming expenses, my certificate, and the organisers' report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound, PermissionDenied
from fairplanner.models import ExpenseClaim, Person
from fairplanner.models.rewards import Activity, ExpenseKind, RewardKind
from fairplanner.services import members, recognition, rewards, volunteering
from fairplanner.services.clock import now
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_volunteering import (
    ACTIVITY_LABELS,
    EXPENSE_LABELS,
    REWARD_LABELS,
    ContributionForm,
    ExpenseForm,
    RewardChoiceForm,
    SettingsForm,
)
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access

LABELS = {"activity": ACTIVITY_LABELS, "reward": REWARD_LABELS, "expense": EXPENSE_LABELS}


def _pence(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * 100)


def _home(request: Request, access: FairAccess) -> Response:
    return send_after(
        request, RedirectResponse(request.url_for("rewards:mine", fair_id=access.fair.id), 303)
    )


async def mine(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    fair, person = access.fair, access.person
    return render(
        request,
        "rewards/mine.html",
        {
            "fair": fair,
            "access": access,
            "Action": Action,
            "labels_v": LABELS,
            "contributions": await rewards.contributions_of(fair=fair, person=person),
            "choices": await rewards.choices_of(fair=fair, person=person),
            "totals": await rewards.totals(fair=fair, person=person, on=now().date()),
            "claims": await ExpenseClaim.filter(fair_id=fair.id, person_id=person.id).order_by(
                "-id"
            ),
        },
    )


async def _people(access: FairAccess) -> dict[str, Person]:
    return {str(r.person.id): r.person for r in await members.members_of(fair=access.fair)}


async def contribution_new(request: Request) -> Response:
    """People record their own hours; organisers may record for someone they support."""
    access = await load_access(request, Action.VOLUNTEER)
    for_others = access.allows(Action.MANAGE_REWARDS)
    local = now().date()
    form = bind(
        ContributionForm,
        await request.form() if request.method == "POST" else None,
        day=local.day,
        month=local.month,
        year=local.year,
    )
    people = await _people(access) if for_others else {}
    form.person.choices = [(k, p.name) for k, p in people.items()]
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = form.person.data
        if chosen and chosen != str(access.person.id) and chosen not in people:
            raise PermissionDenied("Only organisers can record hours for someone else.")
        if form.validate():
            try:
                await rewards.record(
                    fair=access.fair,
                    person=people.get(chosen or "", access.person),
                    activity=Activity(form.activity.data),
                    given_on=form.given_on(),
                    minutes=int((form.hours.data or 0) * 60),
                    recorded_by=access.person,
                    note=form.note.data or "",
                    skills_used=form.skills_used.data or "",
                )
            except DomainError as exc:
                errors = {exc.field or "hours": exc.message}
            else:
                flash(request, "Thank you. The hours are recorded.")
                return _home(request, access)
        errors = errors or first_errors(form)
    return render(
        request,
        "rewards/contribution_form.html",
        {"fair": access.fair, "form": form, "errors": errors, "for_others": for_others},
        status_code=422 if errors else 200,
    )


async def choice(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    settings = await volunteering.settings_for(fair=access.fair)
    form = bind(RewardChoiceForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                await rewards.choose_reward(
                    fair=access.fair,
                    person=access.person,
                    activity=Activity(form.activity.data),
                    kind=RewardKind(form.kind.data),
                    pence_per_hour=_pence(form.pounds_per_hour.data),
                    donation_group=form.donation_group.data or "",
                    read_benefits_note=bool(form.read_benefits_note.data),
                )
            except DomainError as exc:
                errors = {exc.field or "kind": exc.message}
            else:
                flash(request, "Your choice is saved. You can change it at any time.")
                return _home(request, access)
        errors = errors or first_errors(form)
    return render(
        request,
        "rewards/choice.html",
        {"fair": access.fair, "form": form, "errors": errors, "advice": settings.welfare_advice},
        status_code=422 if errors else 200,
    )


async def expense_new(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    local = now().date()
    form = bind(
        ExpenseForm,
        await request.form() if request.method == "POST" else None,
        day=local.day,
        month=local.month,
        year=local.year,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                await rewards.claim_expense(
                    fair=access.fair,
                    person=access.person,
                    kind=ExpenseKind(form.kind.data),
                    amount_pence=_pence(form.amount.data),
                    spent_on=form.given_on(),
                    receipt=form.receipt.data or "",
                )
            except DomainError as exc:
                errors = {exc.field or "amount": exc.message}
            else:
                flash(request, "Your claim is sent. An organiser will check it.")
                return _home(request, access)
        errors = errors or first_errors(form)
    return render(
        request,
        "rewards/expense_form.html",
        {"fair": access.fair, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def certificate(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    return render(
        request,
        "rewards/certificate.html",
        {
            "fair": access.fair,
            "person": access.person,
            "cert": await recognition.certificate(fair=access.fair, person=access.person),
        },
    )


async def report(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_REWARDS)
    data = await recognition.report(fair=access.fair)
    if request.query_params.get("format") == "csv":
        return Response(
            recognition.report_csv(data),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="hours-and-rewards.csv"'},
        )
    context: dict[str, Any] = {"fair": access.fair, "report": data, "labels_v": LABELS}
    return render(request, "rewards/report.html", context)


async def decide(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_REWARDS)
    claim = await ExpenseClaim.get_or_none(
        id=request.path_params["claim_id"], fair_id=access.fair.id
    )
    if claim is None:
        raise NotFound()
    approve = (await request.form()).get("decision") == "approve"
    await rewards.decide_claim(claim=claim, approve=approve, by=access.person)
    flash(request, "The claim is approved." if approve else "The claim is refused.")
    return RedirectResponse(request.url_for("rewards:report", fair_id=access.fair.id), 303)


async def settings_page(request: Request) -> Response:
    """The organiser's settings: withdraw cut-off, offer time, reward limits, named worker."""
    access = await load_access(request, Action.MANAGE_REWARDS)
    current = await volunteering.settings_for(fair=access.fair)
    people = await _people(access)
    form = bind(
        SettingsForm,
        await request.form() if request.method == "POST" else None,
        withdraw_cutoff_hours=current.withdraw_cutoff_hours,
        offer_hours=current.offer_hours,
        weekly_limit=_pounds(current.weekly_limit_pence),
        monthly_limit=_pounds(current.monthly_limit_pence),
        named_worker=str(current.named_worker_id or ""),  # type: ignore[attr-defined]
        welfare_advice=current.welfare_advice,
    )
    form.named_worker.choices = [(k, p.name) for k, p in people.items()]
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            current.withdraw_cutoff_hours = form.withdraw_cutoff_hours.data
            current.offer_hours = form.offer_hours.data
            current.weekly_limit_pence = (
                None if form.weekly_limit.data is None else _pence(form.weekly_limit.data)
            )
            current.monthly_limit_pence = (
                None if form.monthly_limit.data is None else _pence(form.monthly_limit.data)
            )
            current.named_worker = people.get(form.named_worker.data or "")
            current.welfare_advice = (form.welfare_advice.data or "").strip()
            await current.save()
            flash(request, "The volunteering settings are saved.")
            return RedirectResponse(request.url_for("rewards:report", fair_id=access.fair.id), 303)
        errors = first_errors(form)
    return render(
        request,
        "rewards/settings.html",
        {"fair": access.fair, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


def _pounds(pence: int | None) -> Decimal | None:
    return None if pence is None else Decimal(pence) / 100


routes = [
    Route("/{fair_id:int}/rewards", mine, name="mine"),
    Route("/{fair_id:int}/rewards/hours", contribution_new, methods=["GET", "POST"], name="hours"),
    Route("/{fair_id:int}/rewards/choice", choice, methods=["GET", "POST"], name="choice"),
    Route("/{fair_id:int}/rewards/expenses", expense_new, methods=["GET", "POST"], name="expense"),
    Route("/{fair_id:int}/rewards/certificate", certificate, name="certificate"),
    Route("/{fair_id:int}/rewards/report", report, name="report"),
    Route(
        "/{fair_id:int}/rewards/settings", settings_page, methods=["GET", "POST"], name="settings"
    ),
    Route(
        "/{fair_id:int}/rewards/expenses/{claim_id:int}/decide",
        decide,
        methods=["POST"],
        name="decide",
    ),
]
