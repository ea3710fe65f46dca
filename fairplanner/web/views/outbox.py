"""The development outbox: e-mails FairPlanner would send, shown when no SMTP server is set."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fairplanner.errors import NotFound
from fairplanner.services import notifications
from fairplanner.web.templating import render


async def outbox(request: Request) -> Response:
    if request.app.state.settings.production:
        raise NotFound()  # never in production: the outbox holds sign-in links
    return render(request, "outbox/list.html", {"messages": await notifications.recent_messages()})


routes = [Route("/", outbox, name="list")]
