"""The programme of the day and the stalls, as the people planning the fair see them."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, PermissionDenied
from fairplanner.models import AgendaItem, Fair, Membership, Person
from fairplanner.models.enums import Role
from fairplanner.models.stalls import OpportunityKind, Stall
from fairplanner.services import programme
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web import labels_planning
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_programme import AgendaForm, OpportunityForm, stall_form_class
from fairplanner.web.templating import local_time, render
from fairplanner.web.views.fairs import load_access


def _page(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    return render(
        request, name, {"planning_labels": labels_planning, **context}, status_code=status_code
    )


def _kind(request: Request) -> OpportunityKind | None:
    """The filter in the address (?kind=job); anything unknown shows everything."""
    value = request.query_params.get("kind", "")
    return OpportunityKind(value) if value in set(OpportunityKind) else None


async def programme_page(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    kind = _kind(request)
    return _page(
        request,
        "programme/index.html",
        {
            "fair": access.fair,
            "agenda": await programme.agenda_of(fair=access.fair),
            "stalls": await programme.stalls_of(fair=access.fair, kind=kind),
            "kind": kind.value if kind else "",
            "manage": access.allows(Action.MANAGE_PROGRAMME),
            "mine": {
                s.id
                for s in await Stall.filter(fair_id=access.fair.id, exhibitor_id=access.person.id)
            },
        },
    )


def _agenda_initial(item: AgendaItem, tz: str) -> dict[str, Any]:
    return {
        "title": item.title,
        "start_time": local_time(item.starts_at, tz, "%H:%M"),
        "end_time": local_time(item.ends_at, tz, "%H:%M"),
        "place": item.place,
        "description": item.description,
        "easy_read": item.easy_read,
        "access_features": item.feature_list,
    }


async def agenda_edit(request: Request) -> Response:
    """Add an agenda item, or change one when the address names it."""
    access = await load_access(request, Action.MANAGE_PROGRAMME)
    item_id = request.path_params.get("agenda_item_id")
    item = await programme.agenda_item_in(fair=access.fair, item_id=item_id) if item_id else None
    initial = _agenda_initial(item, access.fair.time_zone) if item else {}
    form = bind(AgendaForm, await request.form() if request.method == "POST" else None, **initial)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            starts_at, ends_at = form.moments(access.fair)
            draft = programme.AgendaDraft(
                title=form.title.data or "",
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.place.data or "",
                description=form.description.data or "",
                easy_read=form.easy_read.data or "",
                access_features=tuple(form.access_features.data or ()),
            )
            try:
                if item is None:
                    await programme.add_agenda_item(fair=access.fair, draft=draft)
                else:
                    await programme.update_agenda_item(item=item, draft=draft)
            except DomainError as exc:
                errors = {exc.field or "title": exc.message}
            else:
                flash(request, "The programme is saved.")
                return RedirectResponse(
                    request.url_for("programme:index", fair_id=access.fair.id), 303
                )
        errors = errors or first_errors(form)
    return _page(
        request,
        "programme/agenda_form.html",
        {"fair": access.fair, "form": form, "errors": errors, "item": item},
        status_code=422 if errors else 200,
    )


async def agenda_remove(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_PROGRAMME)
    item = await programme.agenda_item_in(
        fair=access.fair, item_id=request.path_params["agenda_item_id"]
    )
    await programme.remove_agenda_item(item=item)
    flash(request, f"'{item.title}' is taken off the programme.")
    return RedirectResponse(request.url_for("programme:index", fair_id=access.fair.id), 303)


async def _exhibitors(access: FairAccess) -> list[Person]:
    rows = await Membership.filter(fair_id=access.fair.id, role=Role.EXHIBITOR).prefetch_related(
        "person"
    )
    return [m.person for m in rows]


async def stall_new(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_PROGRAMME)
    people = await _exhibitors(access)
    form = bind(
        stall_form_class(people, choose_exhibitor=True),
        await request.form() if request.method == "POST" else None,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                stall = await programme.add_stall(
                    fair=access.fair,
                    name=form.name.data or "",
                    description=form.description.data or "",
                    easy_read=form.easy_read.data or "",
                    exhibitor=next((p for p in people if str(p.id) == form.exhibitor.data), None),
                )
            except DomainError as exc:
                errors = {exc.field or "name": exc.message}
            else:
                flash(request, f"{stall.name} is added. Now add what they offer.")
                return RedirectResponse(
                    request.url_for("programme:stall", fair_id=access.fair.id, stall_id=stall.id),
                    303,
                )
        errors = errors or first_errors(form)
    return _page(
        request,
        "programme/stall_new.html",
        {"fair": access.fair, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def _load_stall(request: Request) -> tuple[FairAccess, Stall, bool]:
    access = await load_access(request, Action.PLAN)
    stall = await programme.stall_in(fair=access.fair, stall_id=request.path_params["stall_id"])
    manager = access.allows(Action.MANAGE_PROGRAMME)
    if not programme.may_edit_stall(stall, by=access.person, manager=manager):
        raise PermissionDenied(
            "Only the stall's exhibitor, organisers and co-planners can change it."
        )
    return access, stall, manager


async def stall_edit(request: Request) -> Response:
    access, stall, manager = await _load_stall(request)
    form_class = stall_form_class([], choose_exhibitor=False)
    form = bind(
        form_class,
        await request.form() if request.method == "POST" else None,
        name=stall.name,
        description=stall.description,
        easy_read=stall.easy_read,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            await programme.update_stall(
                stall=stall,
                by=access.person,
                manager=manager,
                name=form.name.data or "",
                description=form.description.data or "",
                easy_read=form.easy_read.data or "",
            )
            flash(request, "The stall is saved.")
            return RedirectResponse(
                request.url_for("programme:stall", fair_id=access.fair.id, stall_id=stall.id), 303
            )
        errors = first_errors(form)
    return await _stall_page(
        request, access, stall, form, bind(OpportunityForm, None, prefix="opportunity"), errors
    )


async def _stall_page(
    request: Request,
    access: FairAccess,
    stall: Stall,
    form: Any,
    opportunity_form: Any,
    errors: dict[str, str],
) -> Response:
    return _page(
        request,
        "programme/stall.html",
        {
            "fair": access.fair,
            "stall": stall,
            "opportunities": await stall.opportunities.all().order_by("kind", "id"),
            "form": form,
            "opportunity_form": opportunity_form,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


async def opportunity_add(request: Request) -> Response:
    access, stall, manager = await _load_stall(request)
    form = bind(OpportunityForm, await request.form(), prefix="opportunity")
    if form.validate():
        await programme.add_opportunity(
            stall=stall,
            by=access.person,
            manager=manager,
            kind=OpportunityKind(form.kind.data),
            title=form.title.data or "",
            description=form.description.data or "",
            easy_read=form.easy_read.data or "",
        )
        flash(request, f"'{form.title.data}' is added.")
        return RedirectResponse(
            request.url_for("programme:stall", fair_id=access.fair.id, stall_id=stall.id), 303
        )
    stall_form = bind(
        stall_form_class([], choose_exhibitor=False),
        name=stall.name,
        description=stall.description,
        easy_read=stall.easy_read,
    )
    # Prefixed fields: the error summary links to their full names (opportunity-title).
    errors = {form[k].name: v for k, v in first_errors(form).items()}
    return await _stall_page(request, access, stall, stall_form, form, errors)


async def opportunity_remove(request: Request) -> Response:
    access, stall, manager = await _load_stall(request)
    opportunity = await programme.opportunity_in(
        stall=stall, opportunity_id=request.path_params["opportunity_id"]
    )
    await programme.remove_opportunity(opportunity=opportunity, by=access.person, manager=manager)
    flash(request, f"'{opportunity.title}' is taken off.")
    return RedirectResponse(
        request.url_for("programme:stall", fair_id=access.fair.id, stall_id=stall.id), 303
    )


async def public_context(request: Request, fair: Fair) -> dict[str, Any]:
    """What the public fair page needs to show the programme and the stalls."""
    kind = _kind(request)
    return {
        "planning_labels": labels_planning,
        "agenda": await programme.agenda_of(fair=fair),
        "stalls": await programme.stalls_of(fair=fair, kind=kind),
        "kind": kind.value if kind else "",
        "filter_url": request.url_for("events:fair", fair_id=fair.id),
    }


_S = "/{fair_id:int}/stalls"
routes = [
    Route("/{fair_id:int}/programme", programme_page, name="index"),
    Route("/{fair_id:int}/programme/new", agenda_edit, methods=["GET", "POST"], name="new"),
    Route(
        "/{fair_id:int}/programme/{agenda_item_id:int}",
        agenda_edit,
        methods=["GET", "POST"],
        name="item",
    ),
    Route(
        "/{fair_id:int}/programme/{agenda_item_id:int}/remove",
        agenda_remove,
        methods=["POST"],
        name="remove",
    ),
    Route(_S + "/new", stall_new, methods=["GET", "POST"], name="stall_new"),
    Route(_S + "/{stall_id:int}", stall_edit, methods=["GET", "POST"], name="stall"),
    Route(
        _S + "/{stall_id:int}/opportunities",
        opportunity_add,
        methods=["POST"],
        name="opportunity_add",
    ),
    Route(
        _S + "/{stall_id:int}/opportunities/{opportunity_id:int}/remove",
        opportunity_remove,
        methods=["POST"],
        name="opportunity_remove",
    ),
]
