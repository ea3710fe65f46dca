"""The fair's list of people to contact by hand: messages for people whose chosen way is a
phone call, a letter, their supporter, or a text when no SMS gateway is set up."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.services import messaging
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import without_nul
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access

NOTE_LIMIT = 300


async def contact_list(request: Request) -> Response:
    return await _page(request, errors={}, typed={})


async def _page(
    request: Request, *, errors: dict[str, str], typed: dict[str, str], status: int = 200
) -> Response:
    access = await load_access(request, Action.CONTACT_PEOPLE)
    pending, done = await messaging.contact_list(fair_id=access.fair.id)
    return render(
        request,
        "contact/list.html",
        {
            "fair": access.fair,
            "pending": pending,
            "done": done,
            "errors": errors,
            "typed": typed,
            "sms_set_up": request.app.state.sms is not None,
        },
        status_code=status,
    )


async def mark_done(request: Request) -> Response:
    access = await load_access(request, Action.CONTACT_PEOPLE)
    message_id = request.path_params["message_id"]
    note = str(without_nul(await request.form()).get("note", "")).strip()
    if len(note) > NOTE_LIMIT:
        field = f"note-{message_id}"
        return await _page(
            request,
            errors={field: f"Keep the note to {NOTE_LIMIT} characters or fewer"},
            typed={field: note},
            status=400,
        )
    message = await messaging.mark_done(
        fair_id=access.fair.id, message_id=message_id, by=access.person, note=note
    )
    flash(request, f"Marked as done: {message.subject} for {message.recipient_name}.")
    return RedirectResponse(
        request.url_for("contact:list", fair_id=access.fair.id), status_code=303
    )


routes = [
    Route("/{fair_id:int}/contact-list", contact_list, name="list"),
    Route(
        "/{fair_id:int}/contact-list/{message_id:int}/done",
        mark_done,
        methods=["POST"],
        name="done",
    ),
]
