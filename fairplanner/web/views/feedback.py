"""Feedback forms, designed together: the list, a new form, its questions."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.models.enums import Role
from fairplanner.models.feedback import Audience, QuestionKind
from fairplanner.services import feedback, feedback_invites
from fairplanner.services.feedback_starters import RATING_WORDS
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_feedback import (
    AUDIENCE_LABELS,
    KIND_LABELS,
    NewFeedbackForm,
    QuestionForm,
)
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access

# Which form a member answers as themselves (attendees answer from their ticket link).
MEMBER_AUDIENCE = {Role.EXHIBITOR: Audience.EXHIBITOR}


async def form_list(request: Request) -> Response:
    access = await load_access(request, Action.GIVE_FEEDBACK)
    forms = await feedback.forms_of(fair=access.fair)
    mine = MEMBER_AUDIENCE.get(access.role, Audience.VOLUNTEER) if access.role else None
    return render(
        request,
        "feedback/list.html",
        {
            "access": access,
            "fair": access.fair,
            "forms": forms,
            "mine": mine,
            "Action": Action,
            "audience_labels": AUDIENCE_LABELS,
        },
    )


async def form_new(request: Request) -> Response:
    access = await load_access(request, Action.DESIGN_FEEDBACK)
    form = bind(NewFeedbackForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                made = await feedback.create_form(
                    fair=access.fair, audience=Audience(form.audience.data)
                )
            except DomainError as exc:
                errors = {exc.field or "audience": exc.message}
            else:
                flash(
                    request, "The form is made with some suggested questions. Change them together."
                )
                return RedirectResponse(
                    request.url_for("feedback:form", fair_id=access.fair.id, form_id=made.id), 303
                )
        errors = errors or first_errors(form)
    return render(
        request,
        "feedback/new.html",
        {"form": form, "errors": errors, "fair": access.fair},
        status_code=422 if errors else 200,
    )


def _draft(form: QuestionForm) -> feedback.QuestionDraft:
    return feedback.QuestionDraft(
        kind=QuestionKind(form.kind.data),
        text=form.text.data or "",
        easy_read_text=form.easy_read_text.data or "",
        choices=form.choices.data or "",
        required=form.required.data == "yes",
    )


async def form_detail(request: Request) -> Response:
    """The form's questions, and a form to add one more."""
    access = await load_access(request, Action.DESIGN_FEEDBACK)
    made = await feedback.form_of(fair=access.fair, form_id=request.path_params["form_id"])
    form = bind(QuestionForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                await feedback.add_question(form=made, draft=_draft(form))
            except DomainError as exc:
                errors = {exc.field or "text": exc.message}
            else:
                flash(request, "The question is added.")
                return RedirectResponse(
                    request.url_for("feedback:form", fair_id=access.fair.id, form_id=made.id), 303
                )
        errors = errors or first_errors(form)
    return render(
        request,
        "feedback/form.html",
        {
            "fair": access.fair,
            "made": made,
            "questions": await feedback.questions_of(form=made),
            "form": form,
            "errors": errors,
            "audience_labels": AUDIENCE_LABELS,
            "kind_labels": KIND_LABELS,
            "rating_words": RATING_WORDS,
        },
        status_code=422 if errors else 200,
    )


async def question_edit(request: Request) -> Response:
    access = await load_access(request, Action.DESIGN_FEEDBACK)
    made = await feedback.form_of(fair=access.fair, form_id=request.path_params["form_id"])
    question = await feedback.question_of(form=made, question_id=request.path_params["question_id"])
    form = bind(
        QuestionForm,
        await request.form() if request.method == "POST" else None,
        kind=question.kind.value,
        text=question.text,
        easy_read_text=question.easy_read_text,
        choices=question.choices,
        required="yes" if question.required else "no",
    )
    errors: dict[str, str] = {}
    back = request.url_for("feedback:form", fair_id=access.fair.id, form_id=made.id)
    if request.method == "POST":
        if form.validate():
            try:
                await feedback.change_question(question=question, draft=_draft(form))
            except DomainError as exc:
                errors = {exc.field or "text": exc.message}
            else:
                flash(request, "The question is saved.")
                return RedirectResponse(back, 303)
        errors = errors or first_errors(form)
    return render(
        request,
        "feedback/question.html",
        {"fair": access.fair, "made": made, "question": question, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def question_remove(request: Request) -> Response:
    access = await load_access(request, Action.DESIGN_FEEDBACK)
    made = await feedback.form_of(fair=access.fair, form_id=request.path_params["form_id"])
    question = await feedback.question_of(form=made, question_id=request.path_params["question_id"])
    await feedback.remove_question(question=question)
    flash(request, "The question is taken out of the form.")
    return RedirectResponse(
        request.url_for("feedback:form", fair_id=access.fair.id, form_id=made.id), 303
    )


_SECRET = "SECRET-PLACEHOLDER"  # noqa: S105 - replaced by each ticket's secret


async def ask_attendees(request: Request) -> Response:
    access = await load_access(request, Action.ENTER_FEEDBACK)
    settings = request.app.state.settings
    url = request.url_for("feedback_ticket:give", secret=_SECRET)
    link = settings.base_url + url.path if settings.production and settings.base_url else str(url)
    sent = await feedback_invites.ask_attendees(
        fair=access.fair, link=link.replace(_SECRET, "{secret}")
    )
    emails = "1 e-mail" if sent.emailed == 1 else f"{sent.emailed} e-mails"
    texts = "1 text" if sent.texted == 1 else f"{sent.texted} texts"
    flash(
        request,
        f"We sent {emails} and {texts} asking for feedback. "
        f"{sent.to_contact} more to phone or reach through their supporter are on the list "
        "of people to contact.",
    )
    return send_after(
        request, RedirectResponse(request.url_for("feedback:list", fair_id=access.fair.id), 303)
    )


routes = [
    Route("/{fair_id:int}/feedback/ask", ask_attendees, methods=["POST"], name="ask"),
    Route("/{fair_id:int}/feedback", form_list, name="list"),
    Route("/{fair_id:int}/feedback/new", form_new, methods=["GET", "POST"], name="new"),
    Route(
        "/{fair_id:int}/feedback/{form_id:int}", form_detail, methods=["GET", "POST"], name="form"
    ),
    Route(
        "/{fair_id:int}/feedback/{form_id:int}/questions/{question_id:int}",
        question_edit,
        methods=["GET", "POST"],
        name="question",
    ),
    Route(
        "/{fair_id:int}/feedback/{form_id:int}/questions/{question_id:int}/remove",
        question_remove,
        methods=["POST"],
        name="question_remove",
    ),
]
