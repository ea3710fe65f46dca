"""The route table: every area's routes under its own prefix, every route named "area:name"."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from fairplanner.web.views import (
    accounts,
    bookings,
    calendars,
    contact_list,
    door_offline,
    events,
    fairs,
    feedback_answers,
    health,
    invitations,
    members,
    outbox,
    pages,
    personal_data,
    review_share,
    tickets,
    venue_assessments,
    venue_reports,
    venues,
    volunteering_people,
)
from fairplanner.web.views import buddies as buddies_views
from fairplanner.web.views import checkin as checkin_views
from fairplanner.web.views import decisions as decision_views
from fairplanner.web.views import door as door_views
from fairplanner.web.views import feedback as feedback_views
from fairplanner.web.views import planning as planning_views
from fairplanner.web.views import programme as programme_views
from fairplanner.web.views import review as review_views
from fairplanner.web.views import rewards as rewards_views
from fairplanner.web.views import volunteering as volunteering_views

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

# (URL prefix, area name, routes). Areas can share a prefix (fairs and members both live
# under /fairs), which Starlette's Mount cannot do: a Mount swallows every path below it.
AREAS = [
    ("", "pages", pages.routes),
    ("", "accounts", accounts.routes),
    ("", "health", health.routes),
    # Early in the table: the door scanner, booking and tickets are the busiest paths, and
    # routes are tried in order (booking was tried after 90 others).
    ("/door", "door", door_views.routes),
    ("/door", "door", door_offline.routes),
    ("/events", "events", events.routes),
    ("/tickets", "tickets", tickets.routes),
    ("", "privacy", personal_data.routes),
    ("/fairs", "fairs", fairs.routes),
    ("/fairs", "members", members.routes),
    ("/fairs", "contact", contact_list.routes),
    ("/invitations", "invitations", invitations.routes),
    ("/outbox", "outbox", outbox.routes),
    ("/fairs", "venues", venues.routes),
    ("/fairs", "venues", venue_assessments.routes),
    ("", "venues", venue_reports.routes),
    ("/fairs", "planning", planning_views.routes),
    ("/fairs", "decisions", decision_views.routes),
    ("/fairs", "programme", programme_views.routes),
    ("/fairs", "bookings", bookings.routes),
    ("/fairs", "checkin", checkin_views.routes),
    ("/calendar", "calendars", calendars.routes),
    ("/fairs", "volunteering", volunteering_views.routes),
    ("/fairs", "volunteering", volunteering_people.routes),
    ("/shift-offers", "shift_offers", volunteering_views.offer_routes),
    ("/fairs", "rewards", rewards_views.routes),
    ("/fairs", "buddies", buddies_views.routes),
    ("/fairs", "feedback", feedback_views.routes),
    ("/fairs", "feedback", feedback_answers.routes),
    ("/feedback", "feedback_ticket", feedback_answers.ticket_routes),
    ("/fairs", "review", review_views.routes),
    ("/fairs", "review", review_share.routes),
    ("/reviews", "review_public", review_share.public_routes),
]


def build_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Mount("/static", app=StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    ]
    for prefix, area, area_routes in AREAS:
        routes += [
            Route(
                prefix + r.path, r.endpoint, methods=list(r.methods or []), name=f"{area}:{r.name}"
            )
            for r in area_routes
        ]
    return routes
