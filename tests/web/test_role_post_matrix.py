"""Generated from the route table: every fair POST route, posted by each kind of member.

For each role of the demo fair (organiser, co-planner, volunteer, door, exhibitor) the demo
member with that role signs in and posts an empty form (only the CSRF token) to every fair
POST route, with ids of the demo fair's own objects. Roles the route is not for get 403 (or
404 where the view hides what exists) and nothing in the database changes; roles it is for
are never refused and never get a server error (they usually get the form again with its
errors, or are sent on).

EXPECTED is written by reading each view (the Action it asks `load_access` for) and RULES in
fairplanner/services/permissions.py, not by recording what the app answers. A new POST route
fails test_every_post_route_has_an_expectation until it is added here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from starlette.routing import Route

from fairplanner.models import Person
from fairplanner.models.enums import Role
from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL, load_demo
from tests.helpers import Browser
from tests.route_world import ID_PARAMS, ids_for, int_params, model, routes, url
from tests.web.test_permission_matrix import row_counts


@dataclass(frozen=True)
class Owned:
    """Roles in `roles` may use the route on their own object (its `owner_field` is them);
    roles in `always` on anyone's. `param` is the path id naming the object."""

    roles: frozenset[Role]
    always: frozenset[Role]
    param: str
    owner_field: str


PUBLIC = "public"  # no sign-in needed: a public form, or the link's own secret
OWN_ACCOUNT = "own account"  # any signed-in person, about themselves only (no fair in the URL)

Expectation = frozenset[Role] | Owned | str

ORG = frozenset({Role.ORGANISER})
OC = frozenset({Role.ORGANISER, Role.CO_PLANNER})
OCV = frozenset({Role.ORGANISER, Role.CO_PLANNER, Role.VOLUNTEER})
ALL = frozenset(Role)
NOBODY: frozenset[Role] = frozenset()

EXPECTED: dict[str, Expectation] = {
    # Not in a fair: covered by tests/web/test_permission_matrix.py and the areas' own tests.
    "pages:preferences": PUBLIC,
    "pages:easy_read": PUBLIC,
    "accounts:sign_in": PUBLIC,
    "accounts:sign_out": PUBLIC,
    "accounts:card_sign_in": PUBLIC,
    "accounts:card_link": PUBLIC,
    "accounts:forgot_password": PUBLIC,
    "accounts:reset_password": PUBLIC,
    "accounts:account": OWN_ACCOUNT,
    "door:pair": PUBLIC,
    "door:scan": PUBLIC,
    "door:undo": PUBLIC,
    "door:force": PUBLIC,
    "door:check_in": PUBLIC,
    "door:walk_in": PUBLIC,
    "door:leave": PUBLIC,
    "door:switch": PUBLIC,
    "door:api_redeem": PUBLIC,
    "privacy:erase_me": OWN_ACCOUNT,
    "fairs:new": OWN_ACCOUNT,  # an organisation's admins only (checked in the view)
    "invitations:accept": PUBLIC,
    "events:forgot": PUBLIC,
    "events:fair": PUBLIC,
    "tickets:needs": PUBLIC,
    "tickets:cancel": PUBLIC,
    "tickets:confirm": PUBLIC,
    "tickets:resend": PUBLIC,
    "calendars:page": OWN_ACCOUNT,
    "calendars:stop": OWN_ACCOUNT,
    "shift_offers:offer": PUBLIC,
    "feedback_ticket:give": PUBLIC,
    # Fair and members: EDIT_FAIR, MANAGE_MEMBERS, ISSUE_CARDS, CONTACT_PEOPLE.
    "privacy:erase_member": ORG,
    "fairs:edit": ORG,
    "members:invite": ORG,
    "members:add": ORG,
    "members:detail": ORG,
    "members:remove": ORG,
    "members:card_issue": ORG,
    "members:card_revoke": ORG,
    "contact:done": ORG,
    # Venues: MANAGE_VENUES, CHOOSE_VENUE, ASSESS_VENUES; an assessment is its assessor's,
    # organisers (CHOOSE_VENUE) may correct anyone's.
    "venues:new": OC,
    "venues:thresholds": ORG,
    "venues:import": OC,
    "venues:edit": OC,
    "venues:choose": ORG,
    "venues:assess": OCV,
    "venues:gaps_task": ORG,
    "venues:item": Owned(OCV, ORG, "assessment_id", "assessor_id"),
    "venues:photo_add": Owned(OCV, ORG, "assessment_id", "assessor_id"),
    "venues:photo_remove": Owned(OCV, ORG, "assessment_id", "assessor_id"),
    # Planning: PLAN for everyone; the proposer edits; the proposer or an organiser
    # (CLOSE_ANY_PROPOSAL) closes; RECORD_FOR_OTHERS records a vote given on paper.
    "planning:new": ALL,
    "planning:edit": Owned(ALL, NOBODY, "proposal_id", "created_by_id"),
    "planning:vote": ALL,
    "planning:record": OC,
    "planning:comment": ALL,
    "planning:close": Owned(ALL, ORG, "proposal_id", "created_by_id"),
    "decisions:task_add": ALL,
    "decisions:task_new": ALL,
    "decisions:task_status": ALL,
    # Programme: MANAGE_PROGRAMME; a stall's own exhibitor edits it (PLAN + may_edit_stall).
    "programme:new": OC,
    "programme:item": OC,
    "programme:remove": OC,
    "programme:stall_new": OC,
    "programme:stall": Owned(ALL, OC, "stall_id", "exhibitor_id"),
    "programme:opportunity_add": Owned(ALL, OC, "stall_id", "exhibitor_id"),
    "programme:opportunity_remove": Owned(ALL, OC, "stall_id", "exhibitor_id"),
    # Bookings and door set-up: MANAGE_BOOKINGS, MANAGE_CHECK_IN.
    "bookings:new": ORG,
    "bookings:places": ORG,
    "bookings:action": ORG,
    "bookings:reissue": ORG,
    "checkin:new_list": ORG,
    "checkin:new_phone": ORG,
    "checkin:revoke": ORG,
    # Volunteering: VOLUNTEER for oneself, DRAFT_ROLES, MANAGE_SHIFTS.
    "volunteering:index": ALL,
    "volunteering:role_new": OC,
    "volunteering:role_edit": OC,
    "volunteering:role_approve": ORG,
    "volunteering:shift_new": ORG,
    "volunteering:sign_up": ALL,
    "volunteering:withdraw": ALL,  # 404 "You are not on this shift" when you are not
    "volunteering:waitlist": ALL,
    "volunteering:assign": ORG,
    "volunteering:attendance": ORG,
    "volunteering:briefings": ORG,
    "volunteering:briefing_undo": ORG,
    "volunteering:move": ORG,
    # Rewards: VOLUNTEER for one's own hours, choice and expenses; MANAGE_REWARDS.
    "rewards:hours": ALL,
    "rewards:choice": ALL,
    "rewards:expense": ALL,
    "rewards:settings": ORG,
    "rewards:decide": ORG,
    # Buddies: VOLUNTEER answers one's own pairing (404 when not in it); MANAGE_BUDDIES.
    "buddies:mine": ALL,
    "buddies:answer": ALL,
    "buddies:run": ORG,
    "buddies:override": ORG,
    "buddies:swap": ORG,
    "buddies:lock": ORG,
    "buddies:repeat": ORG,
    "buddies:publish": ORG,
    # Feedback and review: ENTER_FEEDBACK, DESIGN_FEEDBACK, GIVE_FEEDBACK, VIEW_REVIEW,
    # EDIT_REVIEW, SHARE_REVIEW.
    "feedback:ask": ORG,
    "feedback:new": OC,
    "feedback:form": OC,
    "feedback:question": OC,
    "feedback:question_remove": OC,
    "feedback:give": ALL,
    "feedback:enter": ORG,
    "review:edit": OC,
    "review:figures": ALL,
    "review:share": ORG,
    "review:next": ORG,
}

# Allowed empty posts that take something away: posted last, so the others still find it.
LAST = ("members:remove", "privacy:erase_member", "members:card_revoke", "checkin:revoke")

# The demo member with each role (tests/e2e/crawl.py signs in as the same people).
EMAILS = {
    Role.ORGANISER: ORGANISER_EMAIL,
    Role.CO_PLANNER: "priya@example.org",
    Role.VOLUNTEER: "aisha@example.org",
    Role.DOOR: "sam@example.org",
    Role.EXHIBITOR: "grace@college.example.org",
}

CHECKED: dict[Role, int] = {}


def post_routes() -> list[Route]:
    return routes("POST")


def test_every_post_route_has_an_expectation() -> None:
    names = {r.name for r in post_routes()}
    assert sorted(names - EXPECTED.keys()) == [], "add these POST routes to EXPECTED"
    assert sorted(EXPECTED.keys() - names) == [], "these routes are gone: remove them"
    fair_routes = {r.name for r in post_routes() if "fair_id" in r.param_convertors}
    markers = {n for n, e in EXPECTED.items() if isinstance(e, str)}
    # A fair route needs roles, unless anyone may post to it (the public booking page).
    assert fair_routes & markers == {"events:fair"}


async def allowed(route: Route, role: Role, ids: dict[str, int], person: Person) -> bool:
    expectation = EXPECTED[str(route.name)]
    if isinstance(expectation, frozenset):
        return role in expectation
    assert isinstance(expectation, Owned)
    if role in expectation.always:
        return True
    if role not in expectation.roles:
        return False
    thing = await model(ID_PARAMS[expectation.param]).get(pk=ids[expectation.param])
    return bool(getattr(thing, expectation.owner_field) == person.id)


async def answer(browser: Browser, path: str) -> int | str:
    try:
        return (await browser.post(path)).status_code
    except Exception as exc:  # an exception escaping the app is a 500
        return f"500 {type(exc).__name__}: {exc}"


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
async def test_each_role_gets_only_the_fair_posts_meant_for_it(
    db: str, browser: Browser, role: Role
) -> None:
    fair = await load_demo()
    person = await Person.get(email=EMAILS[role])
    await browser.sign_in(EMAILS[role], DEMO_PASSWORD)

    denied: list[tuple[str, str]] = []
    allowed_posts: list[tuple[str, str]] = []
    no_object: list[str] = []
    for route in post_routes():
        if "fair_id" not in route.param_convertors or isinstance(EXPECTED[route.name], str):
            continue
        ids = await ids_for(route, fair.id)
        if ids is None:
            # The demo has no such object: a made-up id still must be refused to the roles
            # the route is not for (the role is checked before the object is looked up).
            no_object.append(route.name)
            if isinstance(EXPECTED[route.name], Owned):
                continue
            ids = {name: fair.id if name == "fair_id" else 999_999 for name in int_params(route)}
        pair = (route.name, url(route, ids))
        (allowed_posts if await allowed(route, role, ids, person) else denied).append(pair)
    allowed_posts.sort(key=lambda pair: pair[0] in LAST)

    before = await row_counts()
    wrong: dict[str, object] = {}
    answers: Counter[int | str] = Counter()
    for name, path in denied:
        status = await answer(browser, path)
        answers[f"denied {status}"] += 1
        if status not in (403, 404):
            wrong[name] = f"denied, answered {status}"
    assert await row_counts() == before, "a refused post changed the database"

    for name, path in allowed_posts:
        status = await answer(browser, path)
        answers[f"allowed {status}"] += 1
        if status == 403 or not isinstance(status, int) or status >= 500:
            wrong[name] = f"allowed, answered {status}"

    CHECKED[role] = len(denied) + len(allowed_posts)
    print(
        f"\n{role.value}: {CHECKED[role]} (route, role) pairs checked "
        f"({len(allowed_posts)} allowed, {len(denied)} denied; no demo object: {no_object}); "
        f"answers: {dict(answers)}; all roles so far: {sum(CHECKED.values())}"
    )
    assert wrong == {}
    fair_routes = [
        r for r in post_routes() if "fair_id" in r.param_convertors and r.name != "events:fair"
    ]
    owned_without_object = [n for n in no_object if isinstance(EXPECTED[n], Owned)]
    assert CHECKED[role] == len(fair_routes) - len(owned_without_object)
    assert owned_without_object == [], "the demo fair lacks an object these routes need"
