"""Organisers' pages about people on shifts: who has had a role's briefing (record, see,
take back) and moving someone to another shift for a reason."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Signup
from fairplanner.services import briefings, signups, volunteering
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_volunteering import BriefingForm, MoveForm
from fairplanner.web.links import token_link
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


async def briefing_list(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_SHIFTS)
    fair = access.fair
    role = await volunteering.role(fair=fair, role_id=request.path_params["role_id"])
    waiting = await briefings.not_yet_briefed(fair=fair, role=role)
    form = bind(BriefingForm, await request.form() if request.method == "POST" else None)
    form.person.choices = [(str(p.id), p.name) for p in waiting]
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                done = await briefings.record(
                    fair=fair, role=role, person_id=int(form.person.data), by=access.person
                )
            except DomainError as exc:
                errors = {exc.field or "person": exc.message}
            else:
                flash(request, f"{done.person.name} has had the briefing for {role.title}.")
                return RedirectResponse(
                    request.url_for("volunteering:briefings", fair_id=fair.id, role_id=role.id),
                    303,
                )
        errors = errors or first_errors(form)
    return render(
        request,
        "volunteering/briefings.html",
        {
            "fair": fair,
            "role": role,
            "rows": await briefings.briefings_of(role=role),
            "form": form,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


async def briefing_undo(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_SHIFTS)
    role = await volunteering.role(fair=access.fair, role_id=request.path_params["role_id"])
    person = await briefings.undo(role=role, briefing_id=request.path_params["briefing_id"])
    flash(request, f"The briefing for {person.name} is taken off the list.")
    return RedirectResponse(
        request.url_for("volunteering:briefings", fair_id=access.fair.id, role_id=role.id), 303
    )


def _shift_label(row: volunteering.ShiftRow, tz: str) -> str:
    start = volunteering.local_text(row.shift.starts_at, tz)
    places = (
        f"{row.gap} of {row.shift.people_needed} free"
        if row.gap
        else f"full, {row.taken} of {row.shift.people_needed}"
    )
    return f"{row.shift.role.title}, {start} ({places})"


async def move(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_SHIFTS)
    fair = access.fair
    shift = await volunteering.shift(fair=fair, shift_id=request.path_params["shift_id"])
    signup = await Signup.get_or_none(
        id=request.path_params["signup_id"], shift_id=shift.id
    ).prefetch_related("person")
    if signup is None:
        raise NotFound("This person is not on this shift any more.")
    rows = {
        str(r.shift.id): r
        for r in await volunteering.shift_rows(fair=fair)
        if r.shift.id != shift.id
    }
    form = bind(MoveForm, await request.form() if request.method == "POST" else None)
    form.to.choices = [(k, _shift_label(r, fair.time_zone)) for k, r in rows.items()]
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                await signups.move(
                    signup=signup,
                    to=rows[form.to.data].shift,
                    by=access.person,
                    reason=form.reason.data or "",
                    over_fill=bool(form.over_fill.data),
                    offer_url=token_link(request, "shift_offers:offer"),
                )
            except DomainError as exc:
                errors = {exc.field or "to": exc.message}
            else:
                flash(request, f"{signup.person.name} is moved to the new shift.")
                to = rows[form.to.data].shift
                return send_after(
                    request,
                    RedirectResponse(
                        request.url_for("volunteering:shift", fair_id=fair.id, shift_id=to.id), 303
                    ),
                )
        errors = errors or first_errors(form)
    context: dict[str, Any] = {
        "fair": fair,
        "shift": shift,
        "signup": signup,
        "form": form,
        "errors": errors,
    }
    return render(request, "volunteering/move.html", context, status_code=422 if errors else 200)


routes = [
    Route(
        "/{fair_id:int}/volunteering/roles/{role_id:int}/briefings",
        briefing_list,
        methods=["GET", "POST"],
        name="briefings",
    ),
    Route(
        "/{fair_id:int}/volunteering/roles/{role_id:int}/briefings/{briefing_id:int}/undo",
        briefing_undo,
        methods=["POST"],
        name="briefing_undo",
    ),
    Route(
        "/{fair_id:int}/volunteering/shifts/{shift_id:int}/signups/{signup_id:int}/move",
        move,
        methods=["GET", "POST"],
        name="move",
    ),
]
