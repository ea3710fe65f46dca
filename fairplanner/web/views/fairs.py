"""Fairs: the list of a person's fairs, creating and editing one, and each fair's home page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, PermissionDenied
from fairplanner.models import Fair
from fairplanner.models.enums import Phase
from fairplanner.services import fairs, organisations, tasks
from fairplanner.services.permissions import Action, FairAccess, fair_access, require
from fairplanner.web.auth import current_person, flash
from fairplanner.web.forms import FairForm, bind, first_errors
from fairplanner.web.templating import local_time, render


async def load_access(request: Request, action: Action = Action.VIEW_FAIR) -> FairAccess:
    """The fair in the URL as the signed-in person may see it, checked against `action`."""
    access = await fair_access(
        fair_id=request.path_params["fair_id"], person=current_person(request)
    )
    require(access, action)
    return access


async def fair_list(request: Request) -> Response:
    person = current_person(request)
    orgs = await organisations.organisations_run_by(person=person)
    return render(
        request,
        "fairs/list.html",
        {"fairs": await fairs.fairs_for(person=person), "organisations": orgs},
    )


def _details(form: FairForm, tz: str) -> fairs.FairDetails:
    starts_at, ends_at = form.moments(tz)
    return fairs.FairDetails(
        title=(form.title.data or "").strip(),
        summary=(form.summary.data or "").strip(),
        easy_read_summary=(form.easy_read_summary.data or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=tz,
        phase=Phase(form.phase.data),
    )


def _initial(fair: Fair) -> dict[str, Any]:
    start = fair.starts_at
    return {
        "title": fair.title,
        "summary": fair.summary,
        "easy_read_summary": fair.easy_read_summary,
        "day": int(local_time(start, fair.time_zone, "%d")),
        "month": int(local_time(start, fair.time_zone, "%m")),
        "year": int(local_time(start, fair.time_zone, "%Y")),
        "start_time": local_time(start, fair.time_zone, "%H:%M"),
        "end_time": local_time(fair.ends_at, fair.time_zone, "%H:%M"),
        "phase": fair.phase.value,
    }


async def _save_form(
    request: Request, form: FairForm, save: Any
) -> tuple[Response | None, dict[str, str]]:
    if not form.validate():
        return None, first_errors(form)
    try:
        fair = await save(_details(form, request.app.state.settings.time_zone))
    except DomainError as exc:
        return None, {exc.field or "title": exc.message}
    return RedirectResponse(request.url_for("fairs:home", fair_id=fair.id), 303), {}


async def fair_new(request: Request) -> Response:
    person = current_person(request)
    orgs = await organisations.organisations_run_by(person=person)
    if not orgs:
        raise PermissionDenied("Only an organisation's admins can create a fair.")
    form = bind(FairForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":

        async def save(details: fairs.FairDetails) -> Fair:
            return await fairs.create_fair(
                organisation_id=orgs[0].id, details=details, organiser=person
            )

        done, errors = await _save_form(request, form, save)
        if done:
            flash(request, "The fair is created. Now invite people to plan it with you.")
            return done
    return render(
        request,
        "fairs/form.html",
        {"form": form, "errors": errors, "fair": None, "organisation": orgs[0]},
        status_code=422 if errors else 200,
    )


async def fair_edit(request: Request) -> Response:
    access = await load_access(request, Action.EDIT_FAIR)
    form = bind(
        FairForm,
        await request.form() if request.method == "POST" else None,
        **_initial(access.fair),
    )
    errors: dict[str, str] = {}
    if request.method == "POST":

        async def save(details: fairs.FairDetails) -> Fair:
            return await fairs.update_fair(fair=access.fair, details=details)

        done, errors = await _save_form(request, form, save)
        if done:
            flash(request, "The fair's details are saved.")
            return done
    return render(
        request,
        "fairs/form.html",
        {
            "form": form,
            "errors": errors,
            "fair": access.fair,
            "organisation": access.fair.organisation,
        },
        status_code=422 if errors else 200,
    )


async def fair_home(request: Request) -> Response:
    access = await load_access(request)
    planning = await tasks.home_summary(fair=access.fair, person=access.person)
    return render(
        request,
        "fairs/home.html",
        {"access": access, "fair": access.fair, "Action": Action, "planning": planning},
    )


routes = [
    Route("/", fair_list, name="list"),
    Route("/new", fair_new, methods=["GET", "POST"], name="new"),
    Route("/{fair_id:int}", fair_home, name="home"),
    Route("/{fair_id:int}/edit", fair_edit, methods=["GET", "POST"], name="edit"),
]
