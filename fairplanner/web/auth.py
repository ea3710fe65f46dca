"""Who is signed in, and the per-request view state every page template receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from fairplanner.errors import PermissionDenied
from fairplanner.models import Person
from fairplanner.models.enums import TextSize
from fairplanner.services import people


class SignInRequired(PermissionDenied):
    """Raised when a page needs a signed-in person; the handler sends them to sign in."""

    def __init__(self) -> None:
        super().__init__("Please sign in to see this page.")


@dataclass
class ViewState:
    """What every page needs to know about the request: who, how they like to read, tokens."""

    person: Person | None
    easy_read: bool
    text_size: str
    csrf_token: Callable[[], str]
    request_id: str
    development: bool
    # Called by the page that shows them, so a redirect in between does not lose them.
    take_flashes: Callable[[], list[str]] = field(default=lambda: [])


def _no_token() -> str:
    return ""


class CurrentPersonMiddleware:
    """Loads the signed-in person (if any) once per request and builds the view state."""

    def __init__(self, app: ASGIApp, *, development: bool) -> None:
        self.app = app
        self.development = development

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        session = request.session
        person = None
        if "person_id" in session:
            person = await people.get_person(
                person_id=int(session["person_id"]),
                session_version=int(session.get("session_version", 0)),
            )
            if person is None:
                session.clear()  # account gone, or signed out everywhere
        easy = person.easy_read if person else bool(session.get("easy_read", False))
        size = (
            person.text_size.value if person else str(session.get("text_size", TextSize.STANDARD))
        )
        scope.setdefault("state", {})["view"] = ViewState(
            person=person,
            easy_read=easy,
            text_size=size,
            csrf_token=scope.get("csrftoken", _no_token),
            request_id=str(scope.get("state", {}).get("request_id", "")),
            development=self.development,
            take_flashes=lambda: list(session.pop("flashes", [])),
        )
        await self.app(scope, receive, send)


def sign_in(request: Request, person: Person) -> None:
    request.session.clear()
    request.session["person_id"] = person.id
    request.session["session_version"] = person.session_version


def sign_out(request: Request) -> None:
    request.session.clear()


def flash(request: Request, message: str) -> None:
    request.session["flashes"] = [*request.session.get("flashes", []), message]


def current_person(request: Request) -> Person:
    person: Person | None = request.state.view.person
    if person is None:
        raise SignInRequired()
    return person


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
