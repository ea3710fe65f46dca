"""Pages for everyone: the home page, the accessibility statement, and reading preferences."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.models.enums import TextSize
from fairplanner.services import people
from fairplanner.web.auth import flash
from fairplanner.web.forms import PreferencesForm, bind, first_errors
from fairplanner.web.templating import render


async def home(request: Request) -> Response:
    if request.state.view.person is not None:
        return RedirectResponse(request.url_for("fairs:list"), 303)
    return render(request, "pages/home.html")


async def accessibility(request: Request) -> Response:
    return render(request, "pages/accessibility.html")


async def preferences(request: Request) -> Response:
    view = request.state.view
    form = bind(
        PreferencesForm,
        await request.form() if request.method == "POST" else None,
        easy_read="yes" if view.easy_read else "no",
        text_size=view.text_size,
    )
    if request.method == "POST" and form.validate():
        easy, size = form.easy_read.data == "yes", TextSize(form.text_size.data)
        if view.person is not None:
            await people.update_preferences(
                person=view.person,
                easy_read=easy,
                text_size=size,
                contact_channel=view.person.contact_channel,
                formats=view.person.format_list,
            )
        else:  # kept in the session for people who are not signed in
            request.session["easy_read"] = easy
            request.session["text_size"] = size.value
        flash(request, "Your reading choices are saved.")
        return RedirectResponse(request.url_for("pages:preferences"), 303)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "pages/preferences.html",
        {"form": form, "errors": first_errors(form)},
        status_code=status,
    )


async def quick_easy_read(request: Request) -> Response:
    """The one-button switch in the header: turns easy read on or off and comes back."""
    view = request.state.view
    data = await request.form()
    turn_on = data.get("easy_read") == "on"
    if view.person is not None:
        await people.update_preferences(
            person=view.person,
            easy_read=turn_on,
            text_size=view.person.text_size,
            contact_channel=view.person.contact_channel,
            formats=view.person.format_list,
        )
    else:
        request.session["easy_read"] = turn_on
    back = str(data.get("back", "/"))
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    return RedirectResponse(back, 303)


routes = [
    Route("/", home, name="home"),
    Route("/accessibility", accessibility, name="accessibility"),
    Route("/preferences", preferences, methods=["GET", "POST"], name="preferences"),
    Route("/preferences/easy-read", quick_easy_read, methods=["POST"], name="easy_read"),
]
