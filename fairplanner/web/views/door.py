"""The door phone's pages: pairing, the scanner (typed codes without JavaScript, the camera
with it), undo, name search and walk-ins for supervisors, and the JSON redeem API.

A paired phone is known by its session (signed cookie): the pairing id is checked against
the database on every request, so revoking a pairing stops the phone at once.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, PermissionDenied
from fairplanner.models import CheckIn, Ticket
from fairplanner.models.checkin import Direction, DoorDevice, DoorRole
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.numbers import is_whole_number, whole_number
from fairplanner.services import checkin, checkin_lists, door, tickets
from fairplanner.services.checkin_rules import MEANINGS, Result
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors, form_key, query_text, without_nul
from fairplanner.web.forms_checkin import PairForm, ScanForm, WalkInForm
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.ticket_links import ticket_url
from fairplanner.web.views.door_api import (
    MAX_DOORS,
    OPENAPI,
    PAIRED_KEY,
    SESSION_KEY,
    api_redeem,
    api_snapshot,
    paired_device,
)


async def _require(request: Request, *, supervisor: bool = False) -> checkin.Device:
    device = await paired_device(request)
    if device is None:
        raise PermissionDenied("This phone is not paired to a door. Ask an organiser.")
    if supervisor and device.role != DoorRole.SUPERVISOR:
        raise PermissionDenied("Only a supervisor's phone can do this. Ask a supervisor.")
    return device


async def pair(request: Request) -> Response:
    token = request.path_params["token"]
    device = await door.device_for_link(token=token)
    form = bind(PairForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate():
        try:
            await door.complete_pairing(token=token, pin=(form.pin.data or "").strip())
        except DomainError as exc:
            if exc.status != 400:
                raise
            errors = {"pin": exc.message}
        else:
            _remember(request, device.id)
            return RedirectResponse(request.url_for("door:scan"), 303)
    return render(
        request,
        "door/pair.html",
        {"device": device, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


def _paired_ids(request: Request) -> list[int]:
    return [int(n) for n in request.session.get(PAIRED_KEY, []) if is_whole_number(str(n))]


def _remember(request: Request, device_id: int) -> None:
    """Scan at this door now, keeping the phone's other pairings (the newest few)."""
    others = [n for n in _paired_ids(request) if n != device_id]
    request.session[PAIRED_KEY] = [*others, device_id][-MAX_DOORS:]
    request.session[SESSION_KEY] = device_id


async def _other_doors(request: Request, device: checkin.Device) -> list[DoorDevice]:
    """This phone's other pairings that still work, to switch to."""
    ids = [n for n in _paired_ids(request) if n != device.id]
    if not ids:
        return []
    rows = await DoorDevice.filter(id__in=ids, paired_at__isnull=False).prefetch_related(
        "checkin_list"
    )
    return [row for row in rows if door.is_active(row)]


async def switch(request: Request) -> Response:
    """Scan for another door this phone is paired to."""
    await _require(request)
    wanted = str((await request.form()).get("device_id", ""))
    if whole_number(wanted) not in _paired_ids(request):
        raise PermissionDenied("This phone is not paired to that door. Ask an organiser.")
    try:
        target = await checkin.device_for_scan(device_id=int(wanted))
    except DomainError:
        request.session[PAIRED_KEY] = [n for n in _paired_ids(request) if n != int(wanted)]
        flash(request, "That door's pairing has ended. Ask an organiser to pair this phone again.")
        return RedirectResponse(request.url_for("door:scan"), 303)
    _remember(request, target.id)
    row = await _row(target)
    flash(request, f"Now scanning at {row.checkin_list.name}.")
    return RedirectResponse(request.url_for("door:scan"), 303)


async def _row(device: checkin.Device) -> DoorDevice:
    row = await checkin_lists.device_row(device_id=device.id)
    if row is None:
        raise PermissionDenied("This phone is not paired to a door. Ask an organiser.")
    return row


async def _page_context(request: Request, device: checkin.Device) -> dict[str, Any]:
    row = await _row(device)
    return {
        "device": device,
        "door_list": row.checkin_list,
        "label": row.label,
        "supervisor": device.role == DoorRole.SUPERVISOR,
        "inside": await checkin_lists.inside_count(list_id=device.list_id),
        "other_doors": await _other_doors(request, device),
    }


def _nonce(data: FormData) -> str:
    """The scan's nonce as the page posted it (a retried post sends the same one), or a new
    one. Without NUL: the scan log keeps it, and PostgreSQL refused a posted NUL (an error)."""
    return str(without_nul(data).get("nonce") or "")[:64] or secrets.token_hex(12)


async def scan(request: Request) -> Response:
    device = await paired_device(request)
    if device is None:
        return render(request, "door/not_paired.html")
    form = bind(ScanForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            found = await checkin.redeem(
                device=device,
                code=form.code.data,
                direction=Direction(form.direction.data or Direction.ENTRY),
                nonce=_nonce(await request.form()),
                force=bool((await request.form()).get("force"))
                and device.role == DoorRole.SUPERVISOR,
            )
            return RedirectResponse(f"{request.url_for('door:scan')}?scan={found.id}", 303)
        errors = first_errors(form)
    result = None
    scan_row: CheckIn | None = None
    wanted = request.query_params.get("scan", "")
    scan_id = whole_number(wanted)
    if scan_id is not None:
        scan_row = await checkin.scan_of(device=device, scan_id=scan_id)
        result = await checkin.scan_answer(scan=scan_row)
    context = await _page_context(request, device)
    return render(
        request,
        "door/scan.html",
        {
            **context,
            "form": form,
            "errors": errors,
            "result": result,
            "scan_row": scan_row,
            "can_undo": scan_row is not None and checkin.can_undo(scan_row),
            "can_force": (
                result is not None
                and context["supervisor"]
                and result.result
                in {Result.ALREADY_CHECKED_IN, Result.NO_REENTRY, Result.LIST_CLOSED}
            ),
            "nonce": secrets.token_hex(12),
        },
        status_code=422 if errors else 200,
    )


async def force_again(request: Request) -> Response:
    """A supervisor lets in a real ticket that the rules stopped (already inside, closed)."""
    device = await _require(request, supervisor=True)
    earlier = await checkin.scan_of(device=device, scan_id=request.path_params["scan_id"])
    ticket = await Ticket.get_or_none(id=earlier.ticket_id)  # type: ignore[attr-defined]
    if ticket is None:
        raise DomainError("unknown_ticket", MEANINGS[Result.UNKNOWN_TICKET].advice)
    found = await checkin.redeem(
        device=device,
        code=ticket.secret,
        direction=Direction(earlier.direction),
        nonce=_nonce(await request.form()),
        force=True,
    )
    return RedirectResponse(f"{request.url_for('door:scan')}?scan={found.id}", 303)


async def undo(request: Request) -> Response:
    device = await _require(request)
    await checkin.undo(device=device, scan_id=request.path_params["scan_id"])
    flash(request, "That scan is undone.")
    return RedirectResponse(request.url_for("door:scan"), 303)


async def search(request: Request) -> Response:
    device = await _require(request, supervisor=True)
    text = query_text(request.query_params, "q")
    errors: dict[str, str] = {}
    found: list[Ticket] = []
    if "q" in request.query_params:
        try:
            found = await door.search(fair_id=device.door.fair_id, text=text)
        except DomainError as exc:
            errors = {"q": exc.message}
    return render(
        request,
        "door/search.html",
        {
            **await _page_context(request, device),
            "q": text,
            "found": found,
            "searched": "q" in request.query_params and not errors,
            "errors": errors,
            "nonce": secrets.token_hex(12),
        },
        status_code=422 if errors else 200,
    )


async def check_in_found(request: Request) -> Response:
    device = await _require(request, supervisor=True)
    ticket = await door.ticket_in_fair(
        fair_id=device.door.fair_id, ticket_id=request.path_params["ticket_id"]
    )
    found = await checkin.redeem(
        device=device,
        code=ticket.secret,
        nonce=_nonce(await request.form()),
    )
    return RedirectResponse(f"{request.url_for('door:scan')}?scan={found.id}", 303)


async def walk_in(request: Request) -> Response:
    """Booking someone who just turned up, and letting them in, in one form."""
    device = await _require(request, supervisor=True)
    data = await request.form() if request.method == "POST" else None
    form = bind(WalkInForm, data)
    key = (form_key(data.get("submission_key")) if data else None) or ""
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            row = await _row(device)
            try:
                registration, _ = await tickets.register(
                    fair=await row.checkin_list.fair,
                    booker=tickets.Booker(
                        name=form.name.data,
                        email=form.email.data or "",
                        phone=form.phone.data or "",
                        companions=form.companions.data or 0,
                    ),
                    source=RegistrationSource.DOOR,
                    submission_key=key or secrets.token_urlsafe(24),
                    ticket_url=ticket_url(request),
                )
            except DomainError as exc:
                errors = {exc.field or "name": exc.message}
            else:
                return send_after(request, await _admit_walk_in(request, device, registration))
        else:
            errors = first_errors(form)
    return render(
        request,
        "door/walk_in.html",
        {
            **await _page_context(request, device),
            "form": form,
            "errors": errors,
            "submission_key": key or secrets.token_urlsafe(24),
        },
        status_code=422 if errors else 200,
    )


async def _admit_walk_in(request: Request, device: checkin.Device, registration: Any) -> Response:
    if registration.status != RegistrationStatus.BOOKED:
        flash(request, f"The fair is full. {registration.name} is on the waiting list.")
        return RedirectResponse(request.url_for("door:scan"), 303)
    lead = await Ticket.get(registration_id=registration.id, lead=True)
    found = await checkin.redeem(
        device=device, code=lead.secret, nonce=f"walk-in-{registration.submission_key}"[:64]
    )
    flash(request, f"{registration.name} is booked.")
    return RedirectResponse(f"{request.url_for('door:scan')}?scan={found.id}", 303)


async def leave(request: Request) -> Response:
    current = request.session.pop(SESSION_KEY, None)
    others = [n for n in _paired_ids(request) if n != current]
    request.session[PAIRED_KEY] = others
    if others:
        # Carry on at the phone's most recent other door (checked again on the next request).
        request.session[SESSION_KEY] = others[-1]
        flash(request, "This phone no longer scans at that door.")
        return RedirectResponse(request.url_for("door:scan"), 303)
    flash(request, "This phone is no longer paired.")
    return RedirectResponse(request.url_for("door:scan"), 303)


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


routes = [
    Route("/pair/{token:str}", pair, methods=["GET", "POST"], name="pair"),
    Route("/scan", scan, methods=["GET", "POST"], name="scan"),
    Route("/scan/{scan_id:int}/undo", undo, methods=["POST"], name="undo"),
    Route("/scan/{scan_id:int}/force", force_again, methods=["POST"], name="force"),
    Route("/search", search, name="search"),
    Route("/search/{ticket_id:int}", check_in_found, methods=["POST"], name="check_in"),
    Route("/walk-in", walk_in, methods=["GET", "POST"], name="walk_in"),
    Route("/leave", leave, methods=["POST"], name="leave"),
    Route("/switch", switch, methods=["POST"], name="switch"),
    Route("/api/redeem", api_redeem, methods=["POST"], name="api_redeem"),
    Route("/api/snapshot", api_snapshot, name="api_snapshot"),
    Route("/api/openapi.json", openapi, name="openapi"),
]
