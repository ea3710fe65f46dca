"""Giving feedback: members online, attendees from their ticket link, and organisers typing
in answers that came on paper or by phone."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Fair, FeedbackForm, FeedbackQuestion, Person, Ticket
from fairplanner.models.feedback import Audience, Channel
from fairplanner.services import feedback
from fairplanner.services.feedback_starters import RATING_WORDS
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_feedback import EntryForm, answers_form, given_from
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


async def _answer_page(
    request: Request,
    *,
    fair: Fair,
    made: FeedbackForm,
    action: str,
    ticket: Ticket | None = None,
    person: Person | None = None,
    entered_by: Person | None = None,
) -> Response:
    """Show the questions, or store the answers and thank the person."""
    open_phases = feedback.ENTRY_PHASES if entered_by else feedback.OPEN_PHASES
    context: dict[str, Any] = {"fair": fair, "made": made, "action": action}
    if fair.phase not in open_phases:
        # A POST here is feedback for a fair that is not in review: refused, nothing stored.
        return render(
            request,
            "feedback/closed.html",
            context,
            status_code=409 if request.method == "POST" else 200,
        )
    if await feedback.has_answered(form=made, ticket=ticket, person=person):
        return render(request, "feedback/thanks.html", {**context, "again": True})
    questions = await feedback.questions_of(form=made)
    easy = bool(request.state.view.easy_read)
    data = await request.form() if request.method == "POST" else None
    form = bind(answers_form(questions, easy_read=easy), data)
    entry = bind(EntryForm, data) if entered_by else None
    errors: dict[str, str] = {}
    if data is not None:
        valid = form.validate()
        valid = (entry.validate() if entry else True) and valid
        if valid:
            try:
                await feedback.submit(
                    form=made,
                    fair=fair,
                    given=given_from(form, questions),
                    channel=Channel(entry.channel.data) if entry else Channel.ONLINE,
                    ticket=ticket,
                    person=person,
                    entered_by=entered_by,
                    supporter=(entry.supporter.data or "") if entry else "",
                    easy_read=easy,
                )
            except DomainError as exc:
                if exc.field is None:
                    raise
                errors = {exc.field: exc.message}
            else:
                if entered_by:
                    flash(request, "The feedback is saved. You can type in the next one.")
                    return RedirectResponse(action, 303)
                return render(request, "feedback/thanks.html", {**context, "again": False})
        errors = errors or {**(first_errors(entry) if entry else {}), **first_errors(form)}
    return render(
        request,
        "feedback/answer.html",
        {
            **context,
            "form": form,
            "entry": entry,
            "questions": _fields(form, questions),
            "errors": errors,
            "rating_words": RATING_WORDS,
        },
        status_code=422 if errors else 200,
    )


def _fields(form: Any, questions: list[FeedbackQuestion]) -> list[tuple[FeedbackQuestion, Any]]:
    return [(q, form[f"q_{q.id}"]) for q in questions]


async def give(request: Request) -> Response:
    """A volunteer or exhibitor answering as themselves (recorded only as 'has answered')."""
    access = await load_access(request, Action.GIVE_FEEDBACK)
    made = await feedback.form_of(fair=access.fair, form_id=request.path_params["form_id"])
    if made.audience == Audience.ATTENDEE:
        raise NotFound("People who came to the fair answer this form from their ticket link.")
    return await _answer_page(
        request,
        fair=access.fair,
        made=made,
        action=str(request.url_for("feedback:give", fair_id=access.fair.id, form_id=made.id)),
        person=access.person,
    )


async def enter(request: Request) -> Response:
    access = await load_access(request, Action.ENTER_FEEDBACK)
    made = await feedback.form_of(fair=access.fair, form_id=request.path_params["form_id"])
    return await _answer_page(
        request,
        fair=access.fair,
        made=made,
        action=str(request.url_for("feedback:enter", fair_id=access.fair.id, form_id=made.id)),
        entered_by=access.person,
    )


async def from_ticket(request: Request) -> Response:
    ticket = await feedback.open_ticket(secret=request.path_params["secret"])
    made = await feedback.form_for(fair=ticket.fair, audience=Audience.ATTENDEE)
    if made is None:
        return render(request, "feedback/closed.html", {"fair": ticket.fair, "made": None})
    return await _answer_page(
        request,
        fair=ticket.fair,
        made=made,
        action=str(request.url_for("feedback_ticket:give", secret=ticket.secret)),
        ticket=ticket,
    )


routes = [
    Route("/{fair_id:int}/feedback/{form_id:int}/give", give, methods=["GET", "POST"], name="give"),
    Route(
        "/{fair_id:int}/feedback/{form_id:int}/enter",
        enter,
        methods=["GET", "POST"],
        name="enter",
    ),
]

ticket_routes = [Route("/{secret}", from_ticket, methods=["GET", "POST"], name="give")]
