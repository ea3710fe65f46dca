"""The organisers' side of bookings: who is coming, the waiting list, booking people by phone
or from paper forms, the number of places, and badge sheets for printing."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.export.tokens import group_code
from fairplanner.models import Ticket
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus, TicketStatus
from fairplanner.services import (
    access_flags,
    catalogues,
    messaging,
    personal_data,
    ticket_mail,
    tickets,
    waitlist,
)
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors, query_text
from fairplanner.web.forms_tickets import (
    HEARD_FROM,
    SOURCE_LABELS,
    CapacityForm,
    OrganiserRegistrationForm,
)
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.ticket_links import ticket_url
from fairplanner.web.views.fairs import load_access

STATUS_LABELS = {
    RegistrationStatus.BOOKED: "Booked",
    RegistrationStatus.WAITING: "Waiting list",
    RegistrationStatus.OFFERED: "Place offered",
    RegistrationStatus.CANCELLED: "Cancelled",
    RegistrationStatus.EXPIRED: "Offer ran out",
}


async def booking_list(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    fair = access.fair
    await waitlist.offer_next(fair_id=fair.id, ticket_url=ticket_url(request))
    search = query_text(request.query_params, "q")
    rows = await tickets.registrations_of(fair=fair, search=search)
    booked = [r for r in rows if r.status == RegistrationStatus.BOOKED]
    return render(
        request,
        "bookings/list.html",
        {
            "fair": fair,
            "search": search,
            "rows": rows,
            "counts": await tickets.counts(fair=fair),
            "settings": await tickets.settings_for(fair=fair),
            "need_counts": access_flags.need_counts(booked),
            "needs": dict(catalogue_choices()),
            "STATUS_LABELS": STATUS_LABELS,
            "Status": RegistrationStatus,
            # How each offer went: e-mail, text, or the people-to-contact list (phone them).
            "offer_routes": {
                r.id: messaging.route_for(ticket_mail.recipient(r))
                for r in rows
                if r.status == RegistrationStatus.OFFERED
            },
        },
    )


def catalogue_choices() -> list[tuple[str, str]]:
    return catalogues.need_choices()


async def booking_new(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    form = bind(
        OrganiserRegistrationForm, await request.form() if request.method == "POST" else None
    )
    if not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                registration, _ = await tickets.register(
                    fair=access.fair,
                    booker=form.booker(),
                    source=RegistrationSource(form.source.data),
                    submission_key=form.submission_key.data,
                    ticket_url=ticket_url(request),
                )
            except DomainError as exc:
                errors = {exc.field or "name": exc.message}
            else:
                flash(
                    request, f"{registration.name} is {STATUS_LABELS[registration.status].lower()}."
                )
                target = request.url_for(
                    "bookings:detail", fair_id=access.fair.id, registration_id=registration.id
                )
                return send_after(request, RedirectResponse(target, 303))
        else:
            errors = first_errors(form)
    return render(
        request,
        "bookings/new.html",
        {"fair": access.fair, "form": form, "errors": errors, "heard_from": HEARD_FROM},
        status_code=422 if errors else 200,
    )


async def booking_detail(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    registration = await tickets.registration(
        fair=access.fair, registration_id=request.path_params["registration_id"]
    )
    all_tickets = await Ticket.filter(registration_id=registration.id).order_by("id")
    if access.allows(Action.VIEW_ACCESS_NEEDS):  # health information: every look is logged
        await personal_data.record_sensitive_read(
            reader=access.person,
            fair=access.fair,
            what=f"Access needs in booking {registration.id}",
        )
    return render(
        request,
        "bookings/detail.html",
        {
            "fair": access.fair,
            "registration": registration,
            "tickets": [(t, group_code(t.reference, 5)) for t in all_tickets],
            "show_needs": access.allows(Action.VIEW_ACCESS_NEEDS),
            "needs": dict(catalogue_choices()),
            "door_notes": access_flags.door_notes(registration),
            "STATUS_LABELS": STATUS_LABELS,
            "SOURCE_LABELS": SOURCE_LABELS,
            "heard_from": dict(HEARD_FROM),
            "Status": RegistrationStatus,
            "TicketStatus": TicketStatus,
        },
    )


async def booking_action(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    registration = await tickets.registration(
        fair=access.fair, registration_id=request.path_params["registration_id"]
    )
    action = request.path_params["action"]
    link = ticket_url(request)
    if action == "book":
        await waitlist.book_now(registration=registration, ticket_url=link)
        flash(request, f"{registration.name} has a place now.")
    elif action == "cancel":
        await waitlist.cancel(registration=registration, ticket_url=link)
        flash(request, f"{registration.name}'s booking is cancelled.")
    else:
        raise NotFound()
    target = request.url_for(
        "bookings:detail", fair_id=access.fair.id, registration_id=registration.id
    )
    return send_after(request, RedirectResponse(target, 303))


async def ticket_reissue(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    ticket = await Ticket.get_or_none(id=request.path_params["ticket_id"], fair_id=access.fair.id)
    if ticket is None:
        raise NotFound()
    fresh = await tickets.reissue(ticket=ticket)
    flash(
        request,
        f"A new ticket is made. The old one no longer works. New reference: {group_code(fresh.reference, 5)}.",
    )
    target = request.url_for(
        "bookings:detail",
        fair_id=access.fair.id,
        registration_id=ticket.registration_id,  # type: ignore[attr-defined]
    )
    return RedirectResponse(target, 303)


async def booking_settings(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    current = await tickets.settings_for(fair=access.fair)
    form = bind(
        CapacityForm,
        await request.form() if request.method == "POST" else None,
        capacity=current.capacity,
        offer_hours=current.offer_hours,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            await tickets.set_capacity(
                fair=access.fair, capacity=form.capacity.data, offer_hours=form.offer_hours.data
            )
            await waitlist.offer_next(fair_id=access.fair.id, ticket_url=ticket_url(request))
            flash(request, "The number of places is saved.")
            return send_after(
                request,
                RedirectResponse(request.url_for("bookings:list", fair_id=access.fair.id), 303),
            )
        errors = first_errors(form)
    return render(
        request,
        "bookings/settings.html",
        {"fair": access.fair, "form": form, "errors": errors, "settings": current},
        status_code=422 if errors else 200,
    )


async def badge_sheet(request: Request) -> Response:
    """Name badges for everyone booked, 8 to an A4 page, each with its ticket QR code."""
    access = await load_access(request, Action.MANAGE_BOOKINGS)
    rows = (
        await Ticket.filter(
            fair_id=access.fair.id,
            status=TicketStatus.VALID,
            registration__status=RegistrationStatus.BOOKED,
        )
        .order_by("id")
        .limit(2000)
    )
    codes = await tickets.qr_codes(tickets=list(rows))
    badges = [(t, group_code(t.reference, 5), qr) for t, qr in zip(rows, codes, strict=True)]
    return render(request, "bookings/badges.html", {"fair": access.fair, "badges": badges})


routes = [
    Route("/{fair_id:int}/bookings", booking_list, name="list"),
    Route("/{fair_id:int}/bookings/new", booking_new, methods=["GET", "POST"], name="new"),
    Route(
        "/{fair_id:int}/bookings/places", booking_settings, methods=["GET", "POST"], name="places"
    ),
    Route("/{fair_id:int}/bookings/badges", badge_sheet, name="badges"),
    Route("/{fair_id:int}/bookings/{registration_id:int}", booking_detail, name="detail"),
    Route(
        "/{fair_id:int}/bookings/{registration_id:int}/{action:str}",
        booking_action,
        methods=["POST"],
        name="action",
    ),
    Route(
        "/{fair_id:int}/bookings/tickets/{ticket_id:int}/reissue",
        ticket_reissue,
        methods=["POST"],
        name="reissue",
    ),
]
