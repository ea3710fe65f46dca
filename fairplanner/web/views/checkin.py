"""The organisers' side of the door: doors (check-in lists), pairing phones, who is inside
now and the printable fire roll-call."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.export.qr import qr_svg
from fairplanner.models.checkin import DoorDevice, DoorRole
from fairplanner.services import checkin_lists, checkin_offline, checkin_stats, door
from fairplanner.services.clock import now
from fairplanner.services.permissions import Action
from fairplanner.web.auth import current_person, flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_checkin import ROLE_LABELS, ListForm, PhoneForm
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access

# The pairing token lives in the organiser's session only until the QR code is shown once.
_SHOWN_ONCE = "door_pairing_tokens"


async def overview(request: Request) -> Response:
    access = await load_access(request, Action.CHECK_IN)
    fair = access.fair
    manage = access.allows(Action.MANAGE_CHECK_IN)
    return render(
        request,
        "checkin/overview.html",
        {
            "fair": fair,
            "lists": await checkin_lists.lists_of(fair=fair),
            "inside": await checkin_lists.inside_counts(fair=fair),
            "devices": await door.devices_of(fair=fair) if manage else [],
            "arrivals": await checkin_stats.arrivals(fair=fair) if manage else [],
            "needs": (
                checkin_stats.door_note_counts(await checkin_stats.needs_inside(fair=fair))
                if access.allows(Action.VIEW_ACCESS_NEEDS)
                else []
            ),
            "manage": manage,
            "updated_at": now(),
            "is_active": door.is_active,
            "ROLE_NAMES": {DoorRole.STEWARD: "Steward", DoorRole.SUPERVISOR: "Supervisor"},
        },
    )


async def new_list(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_CHECK_IN)
    fair = access.fair
    form = bind(ListForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                made = await checkin_lists.create_list(
                    fair=fair,
                    name=form.name.data,
                    opens_at=form.moment(form.opens.data or "", fair.starts_at, fair.time_zone),
                    closes_at=form.moment(form.closes.data or "", fair.starts_at, fair.time_zone),
                    allow_reentry=bool(form.allow_reentry.data),
                )
            except DomainError as exc:
                errors = {exc.field or "name": exc.message}
            else:
                flash(request, f"{made.name} is added.")
                return RedirectResponse(request.url_for("checkin:overview", fair_id=fair.id), 303)
        else:
            errors = first_errors(form)
    return render(
        request,
        "checkin/new_list.html",
        {"fair": fair, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def new_phone(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_CHECK_IN)
    fair = access.fair
    lists = await checkin_lists.lists_of(fair=fair)
    form = bind(PhoneForm, await request.form() if request.method == "POST" else None)
    form.list_id.choices = [(door_list.id, door_list.name) for door_list in lists]
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                device, token = await door.pair_device(
                    fair=fair,
                    checkin_list=await checkin_lists.checkin_list(
                        fair=fair, list_id=form.list_id.data
                    ),
                    label=form.label.data,
                    role=DoorRole(form.role.data),
                    hours=form.hours.data,
                    pin=(form.pin.data or "").strip(),
                    by=current_person(request),
                )
            except DomainError as exc:
                errors = {exc.field or "label": exc.message}
            else:
                request.session[_SHOWN_ONCE] = {str(device.id): token}
                target = request.url_for("checkin:phone", fair_id=fair.id, device_id=device.id)
                return RedirectResponse(target, 303)
        else:
            errors = first_errors(form)
    return render(
        request,
        "checkin/new_phone.html",
        {"fair": fair, "form": form, "errors": errors, "lists": lists},
        status_code=422 if errors else 200,
    )


async def _device(request: Request, fair_id: int) -> DoorDevice:
    device = await DoorDevice.get_or_none(
        id=request.path_params["device_id"], fair_id=fair_id
    ).prefetch_related("checkin_list")
    if device is None:
        raise NotFound()
    return device


async def phone(request: Request) -> Response:
    """The pairing QR code, shown once right after it is made; afterwards only the state."""
    access = await load_access(request, Action.MANAGE_CHECK_IN)
    device = await _device(request, access.fair.id)
    token = request.session.pop(_SHOWN_ONCE, {}).get(str(device.id), "")
    link = str(request.url_for("door:pair", token=token)) if token else ""
    return render(
        request,
        "checkin/phone.html",
        {
            "fair": access.fair,
            "device": device,
            "link": link,
            "qr": qr_svg(link, title="Pairing code for the door phone") if link else "",
            "active": door.is_active(device),
            "role_label": ROLE_LABELS[DoorRole(device.role)],
        },
    )


async def revoke(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_CHECK_IN)
    device = await door.revoke(fair=access.fair, device_id=request.path_params["device_id"])
    flash(request, f"{device.label} can no longer scan.")
    return RedirectResponse(request.url_for("checkin:overview", fair_id=access.fair.id), 303)


async def roll_call(request: Request) -> Response:
    """Who is inside now, to print or read out in an evacuation: first name and initial."""
    access = await load_access(request, Action.CHECK_IN)
    door_list = await checkin_lists.checkin_list(
        fair=access.fair, list_id=request.path_params["list_id"]
    )
    return render(
        request,
        "checkin/roll_call.html",
        {
            "fair": access.fair,
            "door_list": door_list,
            "people": await checkin_lists.roll_call(checkin_list=door_list),
            "printed_at": now(),
        },
    )


async def conflicts(request: Request) -> Response:
    """Tickets let in by a phone while it was offline although the server would have refused
    them (mostly let in twice), with which phones and when."""
    access = await load_access(request, Action.CHECK_IN)
    return render(
        request,
        "checkin/conflicts.html",
        {"fair": access.fair, "conflicts": await checkin_offline.conflicts(fair=access.fair)},
    )


async def no_shows(request: Request) -> Response:
    """Bookings with nobody in yet, for welfare calls: organisers only (names and contacts)."""
    access = await load_access(request, Action.MANAGE_CHECK_IN)
    fair = access.fair
    lists = await checkin_lists.lists_of(fair=fair)
    opened = await checkin_offline.doors_opened(fair, lists)
    return render(
        request,
        "checkin/no_shows.html",
        {
            "fair": fair,
            "opened": opened,
            "has_doors": bool(lists),
            "people": await checkin_offline.no_shows(fair=fair) if opened else [],
        },
    )


routes = [
    Route("/{fair_id:int}/door", overview, name="overview"),
    Route("/{fair_id:int}/door/lists/new", new_list, methods=["GET", "POST"], name="new_list"),
    Route("/{fair_id:int}/door/phones/new", new_phone, methods=["GET", "POST"], name="new_phone"),
    Route("/{fair_id:int}/door/phones/{device_id:int}", phone, name="phone"),
    Route(
        "/{fair_id:int}/door/phones/{device_id:int}/revoke",
        revoke,
        methods=["POST"],
        name="revoke",
    ),
    Route("/{fair_id:int}/door/lists/{list_id:int}/roll-call", roll_call, name="roll_call"),
    Route("/{fair_id:int}/door/conflicts", conflicts, name="conflicts"),
    Route("/{fair_id:int}/door/no-shows", no_shows, name="no_shows"),
]
