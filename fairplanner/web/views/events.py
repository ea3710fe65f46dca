"""The public fair page: what, when and where, booking a place (no account needed), the fair
as a calendar file, and "send me my ticket again"."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound, RateLimited
from fairplanner.models import Fair
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services import (
    calendars,
    fairs,
    programme,
    ratelimit,
    ticket_mail,
    tickets,
    venues,
)
from fairplanner.web import labels_planning
from fairplanner.web.auth import client_address, flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_tickets import HEARD_FROM, ForgotTicketForm, RegistrationForm
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.ticket_links import calendar_domain, calendar_response, ticket_url
from fairplanner.web.views import programme as programme_views

PUBLIC_PHASES = frozenset({Phase.PUBLISHED, Phase.LIVE, Phase.REVIEW, Phase.CLOSED})


async def public_fair(request: Request, *, organisation: bool = True) -> Fair:
    """A fair anyone may see: published or later. Fairs still being planned stay private."""
    fair = await fairs.public_fair(fair_id=request.path_params["fair_id"])
    if fair is None or fair.phase not in PUBLIC_PHASES:
        raise NotFound("We could not find that fair. It may not be open for booking yet.")
    if organisation:
        await fair.fetch_related("organisation")
    return fair


def new_form(data: object = None) -> RegistrationForm:
    form: RegistrationForm = bind(RegistrationForm, data)  # type: ignore[arg-type]
    if not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    return form


# Per address (a day centre may book for many people; floods are refused).
BOOKINGS_PER_HOUR = 30
TICKET_MAILS_PER_HOUR = 10


async def fair_page(request: Request) -> Response:
    # A booking needs no organisation; the page (shown again on errors) does.
    fair = await public_fair(request, organisation=request.method != "POST")
    form = new_form(await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            turn = ratelimit.Turn(
                key=f"booking:{client_address(request)}",
                limit=BOOKINGS_PER_HOUR,
                window_minutes=60,
                message="Too many bookings from this place in the last hour. "
                "Please phone the organiser, who can book for you.",
            )
            link = ticket_url(request)
            try:
                booked = await tickets.book(
                    fair=fair,
                    booker=form.booker(),
                    source=RegistrationSource.ONLINE,
                    submission_key=form.submission_key.data or secrets.token_urlsafe(24),
                    ticket_url=link,
                    turn=turn,
                )
            except RateLimited:
                raise  # its own page (429), not a field error
            except DomainError as exc:
                errors = {exc.field or "name": exc.message}
            else:
                flash(
                    request,
                    "Your place is booked."
                    if booked.registration.status == RegistrationStatus.BOOKED
                    else "The fair is full, so you are on the waiting list.",
                )
                # The same link as in the e-mail (url_for would build it again).
                target = link.format(secret=booked.lead.secret)
                return send_after(request, RedirectResponse(target, 303))
        else:
            errors = first_errors(form)
    if request.method == "POST":
        await fair.fetch_related("organisation")
    booking = await tickets.settings_for(fair=fair)
    return render(
        request,
        "events/fair.html",
        {
            "fair": fair,
            "form": form,
            "errors": errors,
            "open": fair.phase in tickets.OPEN_PHASES,
            "full": booking.capacity is not None and booking.taken >= booking.capacity,
            "heard_from": HEARD_FROM,
            **(await programme_views.public_context(request, fair)),
            # The chosen venue's access guide (venues area), once the group has chosen one.
            "venue": await venues.chosen_venue(fair=fair),
        },
        status_code=422 if errors else 200,
    )


async def fair_calendar(request: Request) -> Response:
    fair = await public_fair(request, organisation=False)
    made = await calendars.fair_file(
        fair=fair,
        domain=calendar_domain(request),
        if_none_match=request.headers.get("if-none-match", ""),
    )
    return calendar_response(made, filename="fair.ics")


async def programme_calendar(request: Request) -> Response:
    """The programme of the day as a calendar file: one event per part of the day."""
    fair = await public_fair(request, organisation=False)
    domain = calendar_domain(request)
    labels = labels_planning.ACCESS_FEATURE_LABELS
    made = await calendars.calendar_file(
        [
            calendars.agenda_event(item, fair=fair, domain=domain, feature_labels=labels)
            for item in await programme.agenda_of(fair=fair)
        ],
        name=f"{fair.title}: programme",
        time_zone=fair.time_zone,
        if_none_match=request.headers.get("if-none-match", ""),
    )
    return calendar_response(made, filename="programme.ics")


async def forgot_ticket(request: Request) -> Response:
    form = bind(ForgotTicketForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            await ratelimit.take_turn(
                key=f"ticket-mail:{client_address(request)}",
                limit=TICKET_MAILS_PER_HOUR,
                window_minutes=60,
                message="We have sent several ticket e-mails from here already. "
                "Please wait an hour, or ask the organiser.",
            )
            await ticket_mail.resend_tickets(email=form.email.data, ticket_url=ticket_url(request))
            return send_after(
                request,
                render(request, "events/forgot_sent.html", {"email": form.email.data}),
            )
        errors = first_errors(form)
    return render(
        request,
        "events/forgot.html",
        {"form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


routes = [
    Route("/forgot-my-ticket", forgot_ticket, methods=["GET", "POST"], name="forgot"),
    Route("/{fair_id:int}", fair_page, methods=["GET", "POST"], name="fair"),
    Route("/{fair_id:int}/fair.ics", fair_calendar, name="calendar"),
    Route("/{fair_id:int}/programme.ics", programme_calendar, name="programme_calendar"),
]
