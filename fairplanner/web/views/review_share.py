"""Sharing a review (the figures as CSV, telling everyone it is ready, the attendees' own link)
and planning the next fair from this one."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound
from fairplanner.export.review_csv import figures_csv
from fairplanner.services import feedback, messaging, review, review_writing
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_review import NextFairForm
from fairplanner.web.mail import send_after
from fairplanner.web.templating import local_time, render
from fairplanner.web.views.fairs import load_access
from fairplanner.web.views.review import review_context

_SECRET = "SECRET-PLACEHOLDER"  # noqa: S105 - replaced by each ticket's secret


def _link(request: Request, route: str, **params: object) -> str:
    """A full link for an e-mail (the configured public address in production)."""
    settings = request.app.state.settings
    url = request.url_for(route, **params)
    return settings.base_url + url.path if settings.production and settings.base_url else str(url)


async def figures_download(request: Request) -> Response:
    """The figures as CSV (a POST, so a download never starts from following a link)."""
    access = await load_access(request, Action.VIEW_REVIEW)
    figures = await review.figures(fair=access.fair)
    body = figures_csv([(c.title, c.rows) for c in figures.charts()])
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="review-{access.fair.id}-figures.csv"'
        },
    )


async def share(request: Request) -> Response:
    access = await load_access(request, Action.SHARE_REVIEW)
    written = await review_writing.review_of(fair=access.fair)
    # The planning group's e-mails carry the review as one HTML file, as downloaded.
    file = render(request, "review/file.html", await review_context(access))
    shared = await review_writing.share(
        fair=access.fair,
        review=written,
        attachment=messaging.Attachment(
            filename=f"review-{access.fair.id}.html",
            content_type="text/html; charset=utf-8",
            data=bytes(file.body),
        ),
        member_url=_link(request, "review:page", fair_id=access.fair.id),
        public_url=_link(request, "review_public:summary", secret=_SECRET).replace(
            _SECRET, "{secret}"
        ),
    )
    return send_after(
        request,
        render(request, "review/shared.html", {"fair": access.fair, "shared": shared}),
    )


async def next_fair(request: Request) -> Response:
    access = await load_access(request, Action.SHARE_REVIEW)
    fair = access.fair
    start = fair.starts_at + timedelta(days=364)  # the same weekday, a year on
    form = bind(
        NextFairForm,
        await request.form() if request.method == "POST" else None,
        title=fair.title,
        day=int(local_time(start, fair.time_zone, "%d")),
        month=int(local_time(start, fair.time_zone, "%m")),
        year=int(local_time(start, fair.time_zone, "%Y")),
        start_time=local_time(start, fair.time_zone, "%H:%M"),
        end_time=local_time(fair.ends_at, fair.time_zone, "%H:%M"),
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            starts_at, ends_at = form.moments(fair.time_zone)
            try:
                made = await review_writing.plan_next_fair(
                    fair=fair,
                    by=access.person,
                    title=form.title.data or "",
                    starts_at=starts_at,
                    ends_at=ends_at,
                )
            except DomainError as exc:
                errors = {exc.field or "title": exc.message}
            else:
                flash(
                    request,
                    "The new fair is made. Copied: "
                    + "; ".join(made.copied)
                    + ". Set up by hand: "
                    + ", ".join(made.not_copied)
                    + ".",
                )
                return RedirectResponse(request.url_for("fairs:home", fair_id=made.fair.id), 303)
        errors = errors or first_errors(form)
    return render(
        request,
        "review/next.html",
        {"fair": fair, "form": form, "errors": errors},
        status_code=422 if errors else 200,
    )


async def public_summary(request: Request) -> Response:
    """An attendee's view of the shared review, from their ticket link: words and headline
    figures only."""
    ticket = await feedback.open_ticket(secret=request.path_params["secret"])
    written = await review_writing.review_of(fair=ticket.fair)
    if written.shared_at is None:
        raise NotFound("The review of this fair is not ready yet.")
    return render(
        request,
        "review/public.html",
        {"fair": ticket.fair, "review": written, "figures": await review.figures(fair=ticket.fair)},
    )


routes = [
    Route("/{fair_id:int}/review/figures.csv", figures_download, methods=["POST"], name="figures"),
    Route("/{fair_id:int}/review/share", share, methods=["POST"], name="share"),
    Route("/{fair_id:int}/review/next-fair", next_fair, methods=["GET", "POST"], name="next"),
]

public_routes = [Route("/{secret}", public_summary, name="summary")]
