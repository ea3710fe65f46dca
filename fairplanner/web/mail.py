"""Sending queued e-mail and texts after a response has gone, when SMTP or an SMS gateway is
configured."""

from __future__ import annotations

from starlette.background import BackgroundTasks
from starlette.requests import Request
from starlette.responses import Response

from fairplanner.services.messaging import deliver_texts
from fairplanner.services.notifications import deliver_pending


def send_after(request: Request, response: Response) -> Response:
    smtp = request.app.state.smtp
    sms = request.app.state.sms
    if smtp is None and sms is None:
        return response
    tasks = BackgroundTasks()
    if smtp is not None:
        tasks.add_task(deliver_pending, smtp=smtp)
    if sms is not None:
        tasks.add_task(deliver_texts, gateway=sms)
    response.background = tasks
    return response
