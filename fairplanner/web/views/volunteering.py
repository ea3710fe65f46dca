"""Volunteering pages: shifts I can do, roles (draft, approve, history), the coverage board,
one shift (sign up, withdraw, waiting list; organisers assign and mark attendance)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Signup, VolunteerLimit
from fairplanner.models.volunteering import RoleStatus
from fairplanner.numbers import whole_number
from fairplanner.services import members, rewards, signups, volunteering
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web.auth import current_person, flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_volunteering import AssignForm, LimitForm, RoleForm, ShiftForm
from fairplanner.web.links import token_link
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


def _offer_url(request: Request) -> str:
    return token_link(request, "shift_offers:offer")


def _back(
    request: Request, access: FairAccess, name: str = "volunteering:index", **params: Any
) -> Response:
    return send_after(
        request, RedirectResponse(request.url_for(name, fair_id=access.fair.id, **params), 303)
    )


async def index(request: Request) -> Response:
    """Shifts I can do, my shifts, and roles: the one page a volunteer needs."""
    access = await load_access(request, Action.VOLUNTEER)
    rows = await volunteering.shift_rows(fair=access.fair, person=access.person)
    limit = await VolunteerLimit.get_or_none(fair_id=access.fair.id, person_id=access.person.id)
    form = bind(
        LimitForm,
        await request.form() if request.method == "POST" else None,
        hours=Decimal(limit.max_minutes_per_day) / 60 if limit else None,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            if form.hours.data is None:
                await VolunteerLimit.filter(
                    fair_id=access.fair.id, person_id=access.person.id
                ).delete()
            else:
                await VolunteerLimit.update_or_create(
                    defaults={"max_minutes_per_day": int(form.hours.data * 60)},
                    fair_id=access.fair.id,
                    person_id=access.person.id,
                )
            flash(request, "Your daily limit is saved.")
            return _back(request, access)
        errors = first_errors(form)
    return render(
        request,
        "volunteering/index.html",
        {
            "access": access,
            "fair": access.fair,
            "Action": Action,
            "mine": [r for r in rows if r.mine],
            "open": [r for r in rows if not r.mine and r.gap > 0],
            "full": [r for r in rows if not r.mine and r.gap == 0],
            "roles": await volunteering.roles_of(
                fair=access.fair, active_only=not access.allows(Action.DRAFT_ROLES)
            ),
            "form": form,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


def _details(form: RoleForm) -> volunteering.RoleDetails:
    return volunteering.RoleDetails(
        title=(form.title.data or "").strip(),
        purpose=(form.purpose.data or "").strip(),
        responsibilities=(form.responsibilities.data or "").strip(),
        skills=(form.skills.data or "").strip(),
        support_offered=(form.support_offered.data or "").strip(),
        access_notes=(form.access_notes.data or "").strip(),
        easy_read=(form.easy_read.data or "").strip(),
        people_needed=form.people_needed.data or 1,
        needs_briefing=bool(form.needs_briefing.data),
    )


async def role_form(request: Request) -> Response:
    access = await load_access(request, Action.DRAFT_ROLES)
    role_id = request.path_params.get("role_id")
    role = await volunteering.role(fair=access.fair, role_id=role_id) if role_id else None
    initial = (
        {k: getattr(role, k) for k in volunteering.RoleDetails.__dataclass_fields__} if role else {}
    )
    form = bind(RoleForm, await request.form() if request.method == "POST" else None, **initial)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                if role is None:
                    role = await volunteering.draft_role(
                        fair=access.fair, details=_details(form), by=access.person
                    )
                    flash(request, "The role is saved as a draft. An organiser approves it.")
                else:
                    await volunteering.update_role(
                        role=role, details=_details(form), by=access.person
                    )
                    flash(request, "The role is saved.")
            except DomainError as exc:
                errors = {exc.field or "title": exc.message}
            else:
                return _back(request, access, "volunteering:role", role_id=role.id)
        errors = errors or first_errors(form)
    return render(
        request,
        "volunteering/role_form.html",
        {"fair": access.fair, "form": form, "errors": errors, "role": role},
        status_code=422 if errors else 200,
    )


async def role_detail(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    role = await volunteering.role(fair=access.fair, role_id=request.path_params["role_id"])
    if role.status != RoleStatus.ACTIVE and not access.allows(Action.DRAFT_ROLES):
        raise NotFound()
    return await _role_page(request, access, role)


async def _role_page(
    request: Request, access: FairAccess, role: Any, errors: dict[str, str] | None = None
) -> Response:
    rows = [
        r
        for r in await volunteering.shift_rows(fair=access.fair, person=access.person)
        if r.shift.role.id == role.id
    ]
    return render(
        request,
        "volunteering/role.html",
        {
            "access": access,
            "fair": access.fair,
            "role": role,
            "rows": rows,
            "Action": Action,
            "history": await volunteering.history(role=role)
            if access.allows(Action.DRAFT_ROLES)
            else [],
            "decisions": await volunteering.roles_need_decision(fair=access.fair),
            "errors": errors or {},
        },
        status_code=422 if errors else 200,
    )


async def role_approve(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_SHIFTS)
    role = await volunteering.role(fair=access.fair, role_id=request.path_params["role_id"])
    data = await request.form()
    decision = str(data.get("decision") or "")
    try:
        await volunteering.approve_role(
            role=role, by=access.person, decision_id=whole_number(decision)
        )
    except DomainError as exc:
        if exc.field is None:  # already active (a second click): nothing to do
            flash(request, exc.message)
            return _back(request, access, "volunteering:role", role_id=role.id)
        return await _role_page(request, access, role, {exc.field: exc.message})
    flash(request, f"{role.title} is now active. You can add shifts.")
    return _back(request, access, "volunteering:role", role_id=role.id)


async def shift_new(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_SHIFTS)
    role = await volunteering.role(fair=access.fair, role_id=request.path_params["role_id"])
    fair = access.fair
    local = fair.starts_at.astimezone(ZoneInfo(fair.time_zone))
    initial = {
        "day": local.day,
        "month": local.month,
        "year": local.year,
        "people_needed": role.people_needed,
    }
    form = bind(ShiftForm, await request.form() if request.method == "POST" else None, **initial)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            starts_at, ends_at = form.moments(fair.time_zone)
            try:
                await volunteering.add_shift(
                    fair=fair,
                    role=role,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    people_needed=form.people_needed.data,
                )
            except DomainError as exc:
                errors = {exc.field or "start_time": exc.message}
            else:
                flash(request, "The shift is added.")
                return _back(request, access, "volunteering:role", role_id=role.id)
        errors = errors or first_errors(form)
    return render(
        request,
        "volunteering/shift_form.html",
        {"fair": fair, "role": role, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def coverage(request: Request) -> Response:
    access = await load_access(request, Action.DRAFT_ROLES)
    rows = await volunteering.shift_rows(fair=access.fair)
    return render(
        request,
        "volunteering/coverage.html",
        {"fair": access.fair, "rows": rows, "gaps": sum(r.gap for r in rows)},
    )


async def _shift_page(
    request: Request,
    access: FairAccess,
    shift: Any,
    *,
    form: Any = None,
    errors: dict[str, str] | None = None,
) -> Response:
    manage = access.allows(Action.MANAGE_SHIFTS)
    on_shift = await Signup.filter(shift_id=shift.id).prefetch_related("person").order_by("place")
    if form is None:
        form = bind(AssignForm, None)
        if manage:
            form.person.choices = [
                (str(r.person.id), r.person.name)
                for r in await members.members_of(fair=access.fair)
            ]
    rows = await volunteering.shift_rows(fair=access.fair, person=access.person)
    row = next(r for r in rows if r.shift.id == shift.id)
    return render(
        request,
        "volunteering/shift.html",
        {
            "access": access,
            "fair": access.fair,
            "row": row,
            "shift": shift,
            "manage": manage,
            "on_shift": on_shift if manage else [],
            "form": form,
            "errors": errors or {},
        },
        status_code=422 if errors else 200,
    )


async def shift_detail(request: Request) -> Response:
    access = await load_access(request, Action.VOLUNTEER)
    shift = await volunteering.shift(fair=access.fair, shift_id=request.path_params["shift_id"])
    return await _shift_page(request, access, shift)


async def _shift_action(request: Request, action: Action) -> tuple[FairAccess, Any]:
    access = await load_access(request, action)
    shift = await volunteering.shift(fair=access.fair, shift_id=request.path_params["shift_id"])
    return access, shift


async def sign_up(request: Request) -> Response:
    access, shift = await _shift_action(request, Action.VOLUNTEER)
    data = await request.form()
    if data.get("person") and str(data.get("person")) != str(access.person.id):
        return await assign(request)  # signing up someone else needs the organiser's right
    try:
        await signups.sign_up(shift=shift, person=access.person)
    except DomainError as exc:
        return await _shift_page(request, access, shift, errors={"sign-up": exc.message})
    flash(request, f"You are signed up for {shift.role.title}.")
    return _back(request, access)


async def withdraw(request: Request) -> Response:
    access, shift = await _shift_action(request, Action.VOLUNTEER)
    data = await request.form()
    chosen = str(data.get("person") or access.person.id)
    person_id = whole_number(chosen) or 0
    signup = await Signup.get_or_none(shift_id=shift.id, person_id=person_id)
    if signup is None:
        raise NotFound("You are not on this shift.")
    try:
        await signups.withdraw(
            signup=signup,
            by=access.person,
            organiser=access.allows(Action.MANAGE_SHIFTS),
            offer_url=_offer_url(request),
        )
    except DomainError as exc:
        return await _shift_page(request, access, shift, errors={"sign-up": exc.message})
    flash(request, f"You are no longer on the {shift.role.title} shift.")
    return _back(request, access)


async def waitlist(request: Request) -> Response:
    access, shift = await _shift_action(request, Action.VOLUNTEER)
    try:
        await signups.join_waitlist(shift=shift, person=access.person)
    except DomainError as exc:
        return await _shift_page(request, access, shift, errors={"sign-up": exc.message})
    flash(request, "You are on the waiting list. We will tell you if a place comes free.")
    return _back(request, access)


async def assign(request: Request) -> Response:
    access, shift = await _shift_action(request, Action.MANAGE_SHIFTS)
    form = bind(AssignForm, await request.form())
    people = {str(r.person.id): r.person for r in await members.members_of(fair=access.fair)}
    form.person.choices = [(k, p.name) for k, p in people.items()]
    errors = first_errors(form) if not form.validate() else {}
    if not errors:
        try:
            await signups.sign_up(
                shift=shift,
                person=people[form.person.data],
                by=access.person,
                over_fill_reason=form.reason.data or "",
            )
        except DomainError as exc:
            errors = {"person": exc.message}
        else:
            flash(request, f"{people[form.person.data].name} is on the shift.")
            return _back(request, access, "volunteering:shift", shift_id=shift.id)
    return await _shift_page(request, access, shift, form=form, errors=errors)


async def attendance(request: Request) -> Response:
    access, shift = await _shift_action(request, Action.MANAGE_SHIFTS)
    data = await request.form()
    signup = await Signup.get_or_none(id=request.path_params["signup_id"], shift_id=shift.id)
    if signup is None:
        raise NotFound()
    came = data.get("attended") == "yes"
    await rewards.mark_attendance(signup=signup, attended=came, by=access.person)
    flash(
        request,
        "Thank you. Their hours are recorded."
        if came
        else "Noted. A welfare check is on the organisers' list.",
    )
    return _back(request, access, "volunteering:shift", shift_id=shift.id)


async def offer(request: Request) -> Response:
    """The link in a waiting-list offer: see the place, then take it."""
    token = request.path_params["token"]
    entry = await signups.open_offer(token=token)
    if request.method == "POST":
        await signups.accept_offer(token=token, person=current_person(request))
        flash(request, f"You are signed up for {entry.shift.role.title}.")
        return RedirectResponse(
            request.url_for("volunteering:index", fair_id=entry.shift.fair.id), 303
        )
    return render(request, "volunteering/offer.html", {"entry": entry, "token": token})


routes = [
    Route("/{fair_id:int}/volunteering", index, methods=["GET", "POST"], name="index"),
    Route(
        "/{fair_id:int}/volunteering/roles/new", role_form, methods=["GET", "POST"], name="role_new"
    ),
    Route("/{fair_id:int}/volunteering/roles/{role_id:int}", role_detail, name="role"),
    Route(
        "/{fair_id:int}/volunteering/roles/{role_id:int}/edit",
        role_form,
        methods=["GET", "POST"],
        name="role_edit",
    ),
    Route(
        "/{fair_id:int}/volunteering/roles/{role_id:int}/approve",
        role_approve,
        methods=["POST"],
        name="role_approve",
    ),
    Route(
        "/{fair_id:int}/volunteering/roles/{role_id:int}/shifts/new",
        shift_new,
        methods=["GET", "POST"],
        name="shift_new",
    ),
    Route("/{fair_id:int}/volunteering/coverage", coverage, name="coverage"),
    Route("/{fair_id:int}/volunteering/shifts/{shift_id:int}", shift_detail, name="shift"),
    Route(
        "/{fair_id:int}/volunteering/shifts/{shift_id:int}/sign-up",
        sign_up,
        methods=["POST"],
        name="sign_up",
    ),
    Route(
        "/{fair_id:int}/volunteering/shifts/{shift_id:int}/withdraw",
        withdraw,
        methods=["POST"],
        name="withdraw",
    ),
    Route(
        "/{fair_id:int}/volunteering/shifts/{shift_id:int}/waiting-list",
        waitlist,
        methods=["POST"],
        name="waitlist",
    ),
    Route(
        "/{fair_id:int}/volunteering/shifts/{shift_id:int}/assign",
        assign,
        methods=["POST"],
        name="assign",
    ),
    Route(
        "/{fair_id:int}/volunteering/shifts/{shift_id:int}/signups/{signup_id:int}/attendance",
        attendance,
        methods=["POST"],
        name="attendance",
    ),
]

offer_routes = [Route("/{token}", offer, methods=["GET", "POST"], name="offer")]
