"""Ticket pages, reached only by their secret link: the QR code, printing, the calendar file,
and the attendee's own changes (what they need, cancelling, saying yes to an offered place)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.export.tokens import group_code
from fairplanner.models import Ticket
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.services import calendars, ticket_mail, tickets, waitlist
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_tickets import NeedsForm
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.ticket_links import calendar_domain, calendar_response, ticket_url


async def _context(ticket: Ticket) -> dict[str, Any]:
    registration = ticket.registration
    booked = registration.status == RegistrationStatus.BOOKED
    others = await tickets.tickets_of(registration=registration) if ticket.lead else []
    return {
        "ticket": ticket,
        "fair": ticket.fair,
        "registration": registration,
        "reference": group_code(ticket.reference, 5),
        "qr": await tickets.qr_for(ticket=ticket) if booked and ticket.status == "valid" else "",
        "others": [t for t in others if t.id != ticket.id],
        "position": (
            await waitlist.position(registration=registration)
            if registration.status == RegistrationStatus.WAITING
            else 0
        ),
        "Status": RegistrationStatus,
    }


async def ticket_page(request: Request) -> Response:
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    return render(request, "tickets/ticket.html", await _context(ticket))


async def ticket_print(request: Request) -> Response:
    """An A4 page per ticket: the lead ticket prints the whole booking."""
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    registration = ticket.registration
    if registration.status != RegistrationStatus.BOOKED:
        raise DomainError("not_booked", "There is no ticket to print until your place is booked.")
    sheet = await tickets.tickets_of(registration=registration) if ticket.lead else [ticket]
    codes = await tickets.qr_codes(tickets=sheet)
    return render(
        request,
        "tickets/print.html",
        {
            "fair": ticket.fair,
            "sheet": [
                (t, group_code(t.reference, 5), qr) for t, qr in zip(sheet, codes, strict=True)
            ],
        },
    )


async def ticket_calendar(request: Request) -> Response:
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    made = await calendars.fair_file(
        fair=ticket.fair,
        domain=calendar_domain(request),
        if_none_match=request.headers.get("if-none-match", ""),
    )
    return calendar_response(made, filename="fair.ics")


async def ticket_needs(request: Request) -> Response:
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    registration = ticket.registration
    if not ticket.lead:
        raise DomainError("not_lead", "Please use the link from the person who booked.")
    form = bind(
        NeedsForm,
        await request.form() if request.method == "POST" else None,
        access_needs=registration.access_needs,
        access_need_keys=registration.access_need_list,
        wants_call=registration.wants_call,
        show_at_door=registration.show_at_door,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            await tickets.update_needs(registration=registration, **form.needs())
            flash(request, "What you need is saved.")
            return RedirectResponse(request.url_for("tickets:ticket", secret=ticket.secret), 303)
        errors = first_errors(form)
    return render(
        request,
        "tickets/needs.html",
        {"ticket": ticket, "fair": ticket.fair, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def ticket_cancel(request: Request) -> Response:
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    if not ticket.lead:
        raise DomainError("not_lead", "Please use the link from the person who booked.")
    if request.method == "POST":
        await waitlist.cancel(registration=ticket.registration, ticket_url=ticket_url(request))
        flash(request, "Your booking is cancelled. Thank you for telling us.")
        return send_after(
            request,
            RedirectResponse(request.url_for("tickets:ticket", secret=ticket.secret), 303),
        )
    return render(request, "tickets/cancel.html", {"ticket": ticket, "fair": ticket.fair})


async def ticket_confirm(request: Request) -> Response:
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    await waitlist.confirm_offer(registration=ticket.registration, ticket_url=ticket_url(request))
    flash(request, "Your place is booked.")
    return send_after(
        request, RedirectResponse(request.url_for("tickets:ticket", secret=ticket.secret), 303)
    )


async def ticket_resend(request: Request) -> Response:
    ticket = await tickets.ticket_by_secret(secret=request.path_params["secret"])
    await ticket_mail.booking_email(
        registration=ticket.registration, ticket_url=ticket_url(request)
    )
    flash(request, "We have e-mailed your ticket to you again.")
    return send_after(
        request, RedirectResponse(request.url_for("tickets:ticket", secret=ticket.secret), 303)
    )


routes = [
    Route("/{secret:str}", ticket_page, name="ticket"),
    Route("/{secret:str}/print", ticket_print, name="print"),
    Route("/{secret:str}/fair.ics", ticket_calendar, name="calendar"),
    Route("/{secret:str}/needs", ticket_needs, methods=["GET", "POST"], name="needs"),
    Route("/{secret:str}/cancel", ticket_cancel, methods=["GET", "POST"], name="cancel"),
    Route("/{secret:str}/confirm", ticket_confirm, methods=["POST"], name="confirm"),
    Route("/{secret:str}/resend", ticket_resend, methods=["POST"], name="resend"),
]
