"""Members' personal calendar feeds: a secret subscription link, made, changed and stopped here."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from wtforms import Form, RadioField
from wtforms.validators import InputRequired

from fairplanner.services import calendars
from fairplanner.web.auth import current_person, flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.templating import render
from fairplanner.web.ticket_links import absolute_url, calendar_domain, calendar_response

ALARM_LABELS = {"none": "No reminder", "30": "30 minutes before", "60": "1 hour before"}
ALARM_LABELS["1440"] = "1 day before"


class FeedForm(Form):
    alarm = RadioField(
        "Do you want a reminder before each event?",
        choices=lambda: list(ALARM_LABELS.items()),
        default="none",
        validators=[InputRequired("Choose if you want a reminder")],
    )


async def feed_page(request: Request) -> Response:
    person = current_person(request)
    feed = await calendars.active_feed(person=person)
    form = bind(FeedForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            alarm = None if form.alarm.data == "none" else int(form.alarm.data)
            await calendars.start_feed(person=person, alarm_minutes=alarm)
            flash(request, "Your calendar link is ready. Any older link has stopped working.")
            return RedirectResponse(request.url_for("calendars:page"), 303)
        errors = first_errors(form)
    link = absolute_url(request, "calendars:feed", feed_token=feed.token) if feed else ""
    return render(
        request,
        "calendars/page.html",
        {
            "feed": feed,
            "link": link,
            "webcal": link.replace("https://", "webcal://").replace("http://", "webcal://"),
            "form": form,
            "errors": errors,
            "alarm_label": ALARM_LABELS[
                str(feed.alarm_minutes) if feed and feed.alarm_minutes else "none"
            ],
        },
        status_code=422 if errors else 200,
    )


async def feed_stop(request: Request) -> Response:
    await calendars.revoke_feed(person=current_person(request))
    flash(request, "Your calendar link has stopped working.")
    return RedirectResponse(request.url_for("calendars:page"), 303)


async def feed(request: Request) -> Response:
    found = await calendars.open_feed(token=request.path_params["feed_token"])
    events = await calendars.feed_events(person=found.person, domain=calendar_domain(request))
    made = await calendars.calendar_file(
        events,
        name=f"FairPlanner: {found.person.name}",
        time_zone=request.app.state.settings.time_zone,
        alarm_minutes=found.alarm_minutes,
        if_none_match=request.headers.get("if-none-match", ""),
    )
    return calendar_response(made, filename="fairplanner.ics")


routes = [
    Route("/", feed_page, methods=["GET", "POST"], name="page"),
    Route("/stop", feed_stop, methods=["POST"], name="stop"),
    Route("/feed/{feed_token:str}.ics", feed, name="feed"),
]
