"""Links to tickets for e-mails, and calendar files as HTTP responses with validators."""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime

from starlette.requests import Request
from starlette.responses import Response

from fairplanner.services.calendars import CalendarFile, domain_of

_PLACEHOLDER = "SECRETPLACEHOLDER"


def _absolute(request: Request, path: str) -> str:
    settings = request.app.state.settings
    if settings.production and settings.base_url:
        return str(settings.base_url) + path
    return str(request.base_url).rstrip("/") + path


def ticket_url(request: Request) -> str:
    """The full ticket link with "{secret}" where the service puts each ticket's secret."""
    # The path alone (what url_for(...).path gives, without building a whole URL first).
    path = request.scope.get("root_path", "") + request.app.url_path_for(
        "tickets:ticket", secret=_PLACEHOLDER
    )
    return _absolute(request, path).replace(_PLACEHOLDER, "{secret}")


def absolute_url(request: Request, route: str, **params: object) -> str:
    return _absolute(request, request.url_for(route, **params).path)


def calendar_domain(request: Request) -> str:
    """The host in calendar UIDs: the host of the site's own links (the public address in
    production), the same rule the e-mailed calendar files follow, so UIDs match."""
    return domain_of(_absolute(request, "/"))


def calendar_response(made: CalendarFile, *, filename: str) -> Response:
    headers = {
        "ETag": made.etag,
        "Last-Modified": format_datetime(made.last_modified.astimezone(UTC), usegmt=True),
        # Calendar apps poll: let them revalidate cheaply instead of the default no-store.
        "Cache-Control": "private, no-cache",
    }
    if made.not_modified:
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(made.body, media_type="text/calendar; charset=utf-8", headers=headers)
