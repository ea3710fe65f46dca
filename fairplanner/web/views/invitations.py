"""Accepting an invitation link: as the signed-in person, or by making an account."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.services import members
from fairplanner.web.auth import flash, sign_in
from fairplanner.web.forms import AcceptInvitationForm, bind, first_errors
from fairplanner.web.labels import ROLE_LABELS
from fairplanner.web.templating import render


async def accept(request: Request) -> Response:
    token = request.path_params["token"]
    invitation = await members.open_invitation(token=token)
    person = request.state.view.person
    form = bind(
        AcceptInvitationForm,
        await request.form() if request.method == "POST" else None,
        name=invitation.name,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if person is not None or form.validate():
            try:
                person, fair = await members.accept_invitation(
                    token=token,
                    person=person,
                    name=form.name.data or "",
                    password=form.password.data or "",
                )
            except DomainError as exc:
                if exc.status != 400:
                    raise
                errors = {exc.field or "name": exc.message}
            else:
                sign_in(request, person)
                flash(request, f"Welcome. You are now part of {fair.title}.")
                return RedirectResponse(request.url_for("fairs:home", fair_id=fair.id), 303)
        errors = errors or first_errors(form)
        form.password.data = ""
    return render(
        request,
        "invitations/accept.html",
        {
            "invitation": invitation,
            "role_label": ROLE_LABELS[invitation.role],
            "form": form,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


routes = [Route("/{token}", accept, methods=["GET", "POST"], name="accept")]
