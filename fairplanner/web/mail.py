"""Sending queued e-mail after a response has gone, when SMTP is configured."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from fairplanner.services.notifications import deliver_pending


def send_after(request: Request, response: Response) -> Response:
    smtp = request.app.state.smtp
    if smtp is not None:
        response.background = BackgroundTask(deliver_pending, smtp=smtp)
    return response
