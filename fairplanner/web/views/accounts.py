"""Signing in and out (password or sign-in card), password reset, and a person's own account."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.models.enums import ContactChannel
from fairplanner.services import cards, people, planning_notices, ratelimit
from fairplanner.web.auth import client_address, current_person, flash, sign_in, sign_out
from fairplanner.web.forms import (
    CardConfirmForm,
    CardSignInForm,
    ContactForm,
    DetailsForm,
    ForgotPasswordForm,
    NewPasswordForm,
    SignInForm,
    bind,
    first_errors,
)
from fairplanner.web.forms_planning import PlanningMessagesForm
from fairplanner.web.links import token_link
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render

# Reset e-mails asked for from one address in an hour: enough for a family sharing a
# connection, too few to flood someone's inbox or probe many addresses.
RESETS_PER_HOUR = 10


def _next_url(request: Request) -> str:
    target = request.query_params.get("next", "")
    # Only our own paths: an open redirect would help phishing.
    return target if target.startswith("/") and not target.startswith("//") else "/fairs/"


def _limits(request: Request) -> dict[str, int]:
    settings = request.app.state.settings
    return {"limit": settings.sign_in_attempts, "window_minutes": settings.sign_in_window_minutes}


async def sign_in_page(request: Request) -> Response:
    form = bind(SignInForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                person = await people.authenticate(
                    email=form.email.data,
                    password=form.password.data,
                    address=client_address(request),
                    **_limits(request),
                )
            except DomainError as exc:
                if exc.code == "rate_limited":
                    raise
                errors = {"email": exc.message}
            else:
                sign_in(request, person)
                return RedirectResponse(_next_url(request), 303)
        errors = errors or first_errors(form)
        form.password.data = ""  # never echo a password back
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "errors": errors, "next": _next_url(request)},
        status_code=422 if errors else 200,
    )


async def sign_out_page(request: Request) -> Response:
    sign_out(request)
    flash(request, "You have signed out.")
    return RedirectResponse(request.url_for("pages:home"), 303)


async def card_sign_in(request: Request) -> Response:
    """Type the code from a sign-in card (and its PIN, if it has one)."""
    form = bind(CardSignInForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate():
        try:
            person = await cards.sign_in_with_card(
                code=form.code.data,
                pin=form.pin.data or "",
                address=client_address(request),
                **_limits(request),
            )
        except DomainError as exc:
            if exc.code == "rate_limited":
                raise
            errors = {exc.field or "code": exc.message}
        else:
            sign_in(request, person)
            return RedirectResponse(request.url_for("fairs:list"), 303)
    errors = errors or (first_errors(form) if request.method == "POST" else {})
    form.pin.data = ""
    return render(
        request,
        "accounts/card_sign_in.html",
        {"form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def card_link(request: Request) -> Response:
    """Where a card's QR code leads: a button (and a PIN box if needed) to sign in.

    A GET never signs anyone in, so link previews and prefetching cannot use the card."""
    code = request.path_params["code"]
    card = await cards.card_for_code(code=code)
    form = bind(CardConfirmForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            person = await cards.sign_in_with_card(
                code=code,
                pin=form.pin.data or "",
                address=client_address(request),
                **_limits(request),
            )
        except DomainError as exc:
            if exc.code == "rate_limited":
                raise
            errors = {exc.field or "pin": exc.message}
        else:
            sign_in(request, person)
            return RedirectResponse(request.url_for("fairs:list"), 303)
    return render(
        request,
        "accounts/card_link.html",
        {
            "form": form,
            "errors": errors,
            "needs_pin": bool(card.pin_hash),
            "first_name": card.person.name.split()[0],
        },
        status_code=422 if errors else 200,
    )


async def forgot_password(request: Request) -> Response:
    form = bind(ForgotPasswordForm, await request.form() if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        await ratelimit.take_turn(
            key=f"reset:{client_address(request)}",
            limit=RESETS_PER_HOUR,
            window_minutes=60,
            message="We have sent several reset e-mails from here already. "
            "Please wait an hour, or ask the fair's organiser.",
        )
        reset_url = token_link(request, "accounts:reset_password")
        await people.request_password_reset(email=form.email.data, reset_url=reset_url)
        return send_after(
            request, render(request, "accounts/reset_sent.html", {"email": form.email.data})
        )
    errors = first_errors(form) if request.method == "POST" else {}
    return render(
        request,
        "accounts/forgot_password.html",
        {"form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def reset_password(request: Request) -> Response:
    token = request.path_params["token"]
    await people.valid_reset(token=token)
    form = bind(NewPasswordForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            person = await people.reset_password(token=token, password=form.password.data)
            sign_in(request, person)
            flash(request, "Your new password is saved. You are signed in.")
            return RedirectResponse(request.url_for("fairs:list"), 303)
        errors = first_errors(form)
        form.password.data = ""
    return render(
        request,
        "accounts/reset_password.html",
        {"form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def account(request: Request) -> Response:
    person = current_person(request)
    details = bind(
        DetailsForm,
        None,
        name=person.name,
        email=person.email or "",
        phone=person.phone,
        pronouns=person.pronouns,
    )
    contact = bind(
        ContactForm, None, contact_channel=person.contact_channel.value, formats=person.format_list
    )
    planning_messages = bind(
        PlanningMessagesForm,
        None,
        how_often="every" if await planning_notices.every_message(person) else "digest",
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = await request.form()
        if data.get("part") == "planning_messages":
            planning_messages = bind(PlanningMessagesForm, data)
            if planning_messages.validate():
                every = planning_messages.how_often.data == "every"
                await planning_notices.set_every_message(person=person, every_message=every)
                flash(request, "How often we tell you about planning is saved.")
                return RedirectResponse(request.url_for("accounts:account"), 303)
            errors = first_errors(planning_messages)
        elif data.get("part") == "contact":
            contact = bind(ContactForm, data)
            if contact.validate():
                await people.update_preferences(
                    person=person,
                    easy_read=person.easy_read,
                    text_size=person.text_size,
                    contact_channel=ContactChannel(contact.contact_channel.data),
                    formats=list(contact.formats.data or []),
                )
                flash(request, "How we contact you is saved.")
                return RedirectResponse(request.url_for("accounts:account"), 303)
            errors = first_errors(contact)
        else:
            details = bind(DetailsForm, data)
            if details.validate():
                try:
                    await people.update_details(
                        person=person,
                        name=details.name.data,
                        email=details.email.data,
                        phone=details.phone.data or "",
                        pronouns=details.pronouns.data or "",
                    )
                except DomainError as exc:
                    errors = {exc.field or "name": exc.message}
                else:
                    flash(request, "Your details are saved.")
                    # A changed address is told to the old one.
                    return send_after(
                        request, RedirectResponse(request.url_for("accounts:account"), 303)
                    )
            errors = errors or first_errors(details)
    return render(
        request,
        "accounts/account.html",
        {
            "details": details,
            "contact": contact,
            "planning_messages": planning_messages,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


routes = [
    Route("/sign-in", sign_in_page, methods=["GET", "POST"], name="sign_in"),
    Route("/sign-out", sign_out_page, methods=["POST"], name="sign_out"),
    Route("/sign-in/card", card_sign_in, methods=["GET", "POST"], name="card_sign_in"),
    Route("/sign-in/card/{code}", card_link, methods=["GET", "POST"], name="card_link"),
    Route("/forgot-password", forgot_password, methods=["GET", "POST"], name="forgot_password"),
    Route(
        "/reset-password/{token}", reset_password, methods=["GET", "POST"], name="reset_password"
    ),
    Route("/account", account, methods=["GET", "POST"], name="account"),
]
