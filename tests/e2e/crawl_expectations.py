"""What each kind of person should get on every GET route: the crawler's contract.

Every GET route in the app needs an entry here; the crawler fails on a route without one.
A value is an HTTP status the page must answer with, or SIGN_IN (sent to the sign-in page),
or "redirect:/path" (sent somewhere else, then 200).

Path parameters are filled from PARAM_SOURCES: a parameter name maps to a function of the
crawl's `Seed` (the demo fair's ids and tokens made at the start of the crawl). Add a source
when a new route has a new parameter (e.g. "proposal_id": lambda seed: seed.first_id("Proposal")).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"  # an organisation admin of another organisation, not in the demo fair
ORGANISER = "organiser"
CO_PLANNER = "co_planner"
VOLUNTEER = "volunteer"
DOOR = "door"
EXHIBITOR = "exhibitor"

MEMBERS = (ORGANISER, CO_PLANNER, VOLUNTEER, DOOR, EXHIBITOR)
PERSONAS = (ANONYMOUS, OUTSIDER, *MEMBERS)
SIGNED_IN = (OUTSIDER, *MEMBERS)
SIGN_IN = "redirect:/sign-in"

Expectation = int | str


def everyone(status: Expectation = 200) -> dict[str, Expectation]:
    return dict.fromkeys(PERSONAS, status)


def signed_in(status: Expectation = 200) -> dict[str, Expectation]:
    return {ANONYMOUS: SIGN_IN, **dict.fromkeys(SIGNED_IN, status)}


def members_only() -> dict[str, Expectation]:
    return {ANONYMOUS: SIGN_IN, OUTSIDER: 403, **dict.fromkeys(MEMBERS, 200)}


def only(*roles: str) -> dict[str, Expectation]:
    """Members in `roles` get the page; other members and outsiders get 403."""
    return {ANONYMOUS: SIGN_IN, OUTSIDER: 403, **{m: 200 if m in roles else 403 for m in MEMBERS}}


EXPECTED: dict[str, dict[str, Expectation]] = {
    "health:check": everyone(),
    "pages:home": {ANONYMOUS: 200, **dict.fromkeys(SIGNED_IN, "redirect:/fairs/")},
    "pages:accessibility": everyone(),
    "pages:preferences": everyone(),
    "accounts:sign_in": everyone(),
    "accounts:card_sign_in": everyone(),
    "accounts:card_link": everyone(),
    "accounts:forgot_password": everyone(),
    "accounts:reset_password": everyone(),
    "accounts:account": signed_in(),
    "privacy:mine": signed_in(),
    "privacy:mine_file": signed_in(),
    "privacy:erase_me": signed_in(),
    "privacy:log": only(ORGANISER),
    "invitations:accept": everyone(),
    "outbox:list": everyone(),  # development and test only; 404 in production
    "fairs:list": signed_in(),
    "fairs:new": {**only(ORGANISER), OUTSIDER: 200},  # any organisation admin may create
    "fairs:home": members_only(),
    "fairs:edit": only(ORGANISER),
    "members:list": members_only(),
    "members:invite": only(ORGANISER),
    "members:add": only(ORGANISER),
    "members:detail": only(ORGANISER),
    "contact:list": only(ORGANISER),
    "planning:list": members_only(),
    "planning:new": members_only(),
    "planning:detail": members_only(),
    "planning:edit": only(CO_PLANNER),  # the open proposal is the co-planner's own
    "planning:vote": members_only(),
    "planning:record": only(ORGANISER, CO_PLANNER),
    "planning:close": only(ORGANISER, CO_PLANNER),  # the open proposal is the co-planner's own
    "planning:audit": only(ORGANISER, CO_PLANNER),
    "decisions:log": members_only(),
    "decisions:detail": members_only(),
    "decisions:tasks": members_only(),
    "programme:index": members_only(),
    "programme:new": only(ORGANISER, CO_PLANNER),
    "programme:item": only(ORGANISER, CO_PLANNER),
    "programme:stall_new": only(ORGANISER, CO_PLANNER),
    "programme:stall": only(ORGANISER, CO_PLANNER, EXHIBITOR),  # the first stall is Grace's
    "events:fair": everyone(),
    "events:calendar": everyone(),
    "events:programme_calendar": everyone(),
    "events:forgot": everyone(),
    "tickets:ticket": everyone(),
    "tickets:print": everyone(),
    "tickets:calendar": everyone(),
    "tickets:needs": everyone(),
    "tickets:cancel": everyone(),
    "bookings:list": only(ORGANISER),
    "bookings:new": only(ORGANISER),
    "bookings:places": only(ORGANISER),
    "bookings:badges": only(ORGANISER),
    "bookings:detail": only(ORGANISER),
    "checkin:overview": only(ORGANISER, DOOR),
    "checkin:new_list": only(ORGANISER),
    "checkin:new_phone": only(ORGANISER),
    "checkin:phone": only(ORGANISER),
    "checkin:roll_call": only(ORGANISER, DOOR),
    "checkin:conflicts": only(ORGANISER, DOOR),
    "checkin:no_shows": only(ORGANISER),
    # Door phones are paired, not signed in: without a pairing the scanner explains how.
    "door:pair": everyone(410),
    "door:scan": everyone(),
    "door:search": everyone(403),
    "door:walk_in": everyone(403),
    "door:openapi": everyone(),
    "door:service_worker": everyone(),  # the scanner's service worker, no personal data
    "door:api_snapshot": everyone(401),  # only a paired phone gets its door's snapshot
    "calendars:page": signed_in(),
    "calendars:feed": everyone(),
    "volunteering:index": members_only(),
    "volunteering:role_new": only(ORGANISER, CO_PLANNER),
    "volunteering:role": members_only(),
    "volunteering:role_edit": only(ORGANISER, CO_PLANNER),
    "volunteering:shift_new": only(ORGANISER),
    "volunteering:coverage": only(ORGANISER, CO_PLANNER),
    "volunteering:shift": members_only(),
    "volunteering:briefings": only(ORGANISER),
    "volunteering:move": only(ORGANISER),
    "shift_offers:offer": everyone(410),  # an offer link that does not work (any more)
    "rewards:mine": members_only(),
    "rewards:hours": members_only(),
    "rewards:choice": members_only(),
    "rewards:expense": members_only(),
    "rewards:certificate": members_only(),
    "rewards:report": only(ORGANISER),
    "rewards:settings": only(ORGANISER),
    "buddies:mine": members_only(),
    "buddies:review": only(ORGANISER),
    # Venues: planners and volunteers visit and compare; door and exhibitors are not asked.
    "venues:list": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    "venues:new": only(ORGANISER, CO_PLANNER),
    "venues:thresholds": only(ORGANISER),
    "venues:import": only(ORGANISER, CO_PLANNER),
    "venues:detail": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    "venues:edit": only(ORGANISER, CO_PLANNER),
    "venues:export_json": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    "venues:export_osm": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    "venues:assessment": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    # Priya's assessment: hers to change (and the organiser's to correct), not Aisha's.
    "venues:item": only(ORGANISER, CO_PLANNER),
    "venues:photo": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    "venues:compare": only(ORGANISER, CO_PLANNER, VOLUNTEER),
    "venues:gaps": only(ORGANISER, CO_PLANNER),
    "venues:guide": members_only(),
    # The demo fair is published and its chosen venue is the hall.
    "venues:public_guide": everyone(),
    "venues:public_photo": everyone(),
    "feedback:list": members_only(),
    "feedback:new": only(ORGANISER, CO_PLANNER),
    "feedback:form": only(ORGANISER, CO_PLANNER),
    "feedback:question": only(ORGANISER, CO_PLANNER),
    "feedback:give": members_only(),  # the demo fair is not in review: "not open" page
    "feedback:enter": only(ORGANISER),
    "feedback_ticket:give": everyone(),
    "review:page": members_only(),
    "review:edit": only(ORGANISER, CO_PLANNER),
    "review:print": members_only(),
    "review:easy_read": members_only(),
    "review:next": only(ORGANISER),
    "review_public:summary": everyone(404),  # the demo review is not shared yet
}


def _lead_ticket_secret(fair_id: int) -> Callable[[], Awaitable[str]]:
    """The link of the demo fair's first booking (a booked one, so its QR code shows)."""

    async def find() -> str:
        from fairplanner.models import Ticket

        ticket = (
            await Ticket.filter(fair_id=fair_id, lead=True, registration__status="booked")
            .order_by("id")
            .first()
        )
        assert ticket is not None, "the demo has no booked ticket for the crawler"
        return ticket.secret

    return find


async def _feed_token() -> str:
    from fairplanner.models import CalendarFeed

    feed = await CalendarFeed.filter(revoked_at__isnull=True).order_by("id").first()
    assert feed is not None, "the demo has no calendar feed for the crawler"
    return feed.token


PARAM_SOURCES: dict[str, Callable[[Any], object]] = {
    "fair_id": lambda seed: seed.fair_id,
    "membership_id": lambda seed: seed.membership_id,
    "code": lambda seed: seed.card_code,
    # The demo's first open proposal (Priya's, so the co-planner persona may close it).
    "proposal_id": lambda seed: seed.first_id(
        "Proposal", fair_id=seed.fair_id, closed_at__isnull=True
    ),
    "decision_id": lambda seed: seed.first_id("Decision", fair_id=seed.fair_id),
    "agenda_item_id": lambda seed: seed.first_id("AgendaItem", fair_id=seed.fair_id),
    "stall_id": lambda seed: seed.first_id("Stall", fair_id=seed.fair_id),
    "secret": lambda seed: seed.query(_lead_ticket_secret(seed.fair_id)),
    "registration_id": lambda seed: seed.first_id("Registration", fair_id=seed.fair_id),
    "device_id": lambda seed: seed.first_id("DoorDevice", fair_id=seed.fair_id),
    "list_id": lambda seed: seed.first_id("CheckInList", fair_id=seed.fair_id),
    "feed_token": lambda seed: seed.query(_feed_token),
    # The demo's first role is approved (Welcome desk); its first shift has Aisha on it.
    "role_id": lambda seed: seed.first_id("VolunteerRole", fair_id=seed.fair_id),
    "shift_id": lambda seed: seed.first_id("Shift", fair_id=seed.fair_id),
    "signup_id": lambda seed: seed.first_id("Signup", shift__fair_id=seed.fair_id),
    # The demo's first venue is the hall; its first assessment and photo are Priya's.
    "venue_id": lambda seed: seed.first_id("Venue", fair_id=seed.fair_id),
    "assessment_id": lambda seed: seed.first_id("Assessment", venue__fair_id=seed.fair_id),
    "photo_id": lambda seed: seed.first_id("Photo", assessment__venue__fair_id=seed.fair_id),
    "item_code": lambda seed: "EN05",
    # The demo's first feedback form is the volunteers' (members answer it as themselves).
    "form_id": lambda seed: seed.first_id("FeedbackForm", fair_id=seed.fair_id),
    "question_id": lambda seed: seed.first_id("FeedbackQuestion", form__fair_id=seed.fair_id),
}

# Routes whose {token} is a different secret each.
TOKEN_SOURCES: dict[str, Callable[[Any], str]] = {
    "accounts:reset_password": lambda seed: seed.reset_token,
    "invitations:accept": lambda seed: seed.invitation_token,
    "door:pair": lambda seed: "a-pairing-link-that-does-not-exist",
    "shift_offers:offer": lambda seed: "an-offer-that-does-not-exist",
}
