"""The review of a fair: the page, writing it together, the printable page and file, and the
easy-read summary."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.models.review import ReviewPart
from fairplanner.numbers import whole_number
from fairplanner.services import review, review_writing
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_review import ReviewForm
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


async def review_context(access: FairAccess) -> dict[str, Any]:
    written = await review_writing.review_of(fair=access.fair)
    return {
        "access": access,
        "fair": access.fair,
        "review": written,
        "figures": await review.figures(fair=access.fair),
        "Action": Action,
        "labels_review": review,
    }


async def page(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_REVIEW)
    return render(request, "review/page.html", await review_context(access))


async def edit(request: Request) -> Response:
    access = await load_access(request, Action.EDIT_REVIEW)
    written = await review_writing.review_of(fair=access.fair)
    form = bind(
        ReviewForm,
        await request.form() if request.method == "POST" else None,
        learned=written.learned,
        change=written.change,
        easy_read_summary=written.easy_read_summary,
        version=str(written.version),
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        version = whole_number(form.version.data)
        if form.validate() and version is not None:
            try:
                await review_writing.save_parts(
                    review=written,
                    person=access.person,
                    version=version,
                    texts={
                        ReviewPart.LEARNED: form.learned.data or "",
                        ReviewPart.CHANGE: form.change.data or "",
                        ReviewPart.EASY_READ: form.easy_read_summary.data or "",
                    },
                )
            except DomainError as exc:
                errors = {exc.field or "learned": exc.message}
            else:
                flash(request, "The review is saved.")
                return RedirectResponse(request.url_for("review:page", fair_id=access.fair.id), 303)
        errors = (
            errors or first_errors(form) or {"learned": "Open the review again and try once more"}
        )
    return render(
        request,
        "review/edit.html",
        {
            "fair": access.fair,
            "review": written,
            "form": form,
            "errors": errors,
            "history": await review_writing.history(review=written),
        },
        status_code=422 if errors else 200,
    )


async def printable(request: Request) -> Response:
    """A page for printing; with ?download=1 the same review as one HTML file to keep."""
    access = await load_access(request, Action.VIEW_REVIEW)
    context = await review_context(access)
    if request.query_params.get("download") == "1":
        response = render(request, "review/file.html", context)
        name = f"review-{access.fair.id}.html"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "review/print.html", context)


async def easy_read(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_REVIEW)
    return render(request, "review/easy_read.html", await review_context(access))


routes = [
    Route("/{fair_id:int}/review", page, name="page"),
    Route("/{fair_id:int}/review/edit", edit, methods=["GET", "POST"], name="edit"),
    Route("/{fair_id:int}/review/print", printable, name="print"),
    Route("/{fair_id:int}/review/easy-read", easy_read, name="easy_read"),
]
