"""Generated from the route table: every state-changing route refuses people it is not for.

For every POST route: a signed-in member of another organisation's fair gets 403 (or 404)
and nothing in the database changes; nobody signed in is sent to sign in, unless the route
is listed below as public. A new route is covered the day it is added.
"""

from __future__ import annotations

import re

import pytest
from starlette.convertors import IntegerConvertor
from starlette.routing import Route
from tortoise import Tortoise

from fairplanner.services.demo import load_demo
from fairplanner.web.routes import build_routes
from tests import factories
from tests.helpers import Browser

# POST routes anyone may use without signing in (their own secret, or a public form).
PUBLIC_POSTS = {
    "accounts:sign_in",
    "accounts:card_sign_in",
    "accounts:card_link",
    "accounts:forgot_password",
    "accounts:reset_password",
    "invitations:accept",
    "pages:preferences",
    "pages:easy_read",
    "accounts:sign_out",  # harmless when nobody is signed in
    "events:fair",  # booking a place at a published fair
    "events:forgot",  # "I have lost my ticket"
    # Door phones are paired by a one-time link, not signed in; an unpaired phone is refused
    # (tests/web/test_checkin.py).
    "door:pair",
    "door:scan",
    "door:undo",
    "door:force",
    "door:check_in",
    "door:walk_in",
    "door:leave",
    "door:switch",
    "door:api_redeem",
}


def post_routes() -> list[Route]:
    return [r for r in build_routes() if isinstance(r, Route) and r.methods and "POST" in r.methods]


def fill(route: Route, fair_id: int) -> str:
    """The route's path with the demo fair's id and placeholder values for the rest: people
    outside the fair must be refused before any of those is looked at."""
    params: dict[str, object] = {}
    for name, convertor in route.param_convertors.items():
        if name == "fair_id":
            params[name] = fair_id
        elif isinstance(convertor, IntegerConvertor):
            params[name] = 1
        else:
            params[name] = "PLACEHOLDER"
    return str(route.url_path_for(route.name, **params))


async def row_counts() -> dict[str, int]:
    assert Tortoise.apps is not None
    return {m.__name__: await m.all().count() for m in Tortoise.apps.get_models_iterable()}


@pytest.fixture
async def demo_fair_id(db: str) -> int:
    return (await load_demo()).id


async def test_every_fair_post_route_refuses_a_member_of_another_fair(
    browser: Browser, demo_fair_id: int
) -> None:
    other_org, outsider = await factories.organiser("Hillside Charity")
    await factories.fair(by=outsider, organisation=other_org, title="Hillside Fair")
    await browser.sign_in(outsider.email or "", factories.PASSWORD)
    fair_routes = [
        r for r in post_routes() if "fair_id" in r.param_convertors and r.name not in PUBLIC_POSTS
    ]
    assert fair_routes, "no fair routes found"
    before = await row_counts()

    answers = {r.name: (await browser.post(fill(r, demo_fair_id))).status_code for r in fair_routes}

    assert {name: status for name, status in answers.items() if status not in (403, 404)} == {}
    assert await row_counts() == before


async def test_every_post_route_sends_nobody_to_sign_in_unless_public(
    browser: Browser, demo_fair_id: int
) -> None:
    before = await row_counts()
    wrong = {}
    for route in post_routes():
        if route.name in PUBLIC_POSTS:
            continue
        response = await browser.post(fill(route, demo_fair_id))
        location = response.headers.get("location", "")
        sent_to_sign_in = response.status_code == 303 and re.search(r"/sign-in\?next=", location)
        # 404 or 410: a public link whose made-up secret was refused.
        if not sent_to_sign_in and response.status_code not in (404, 410):
            wrong[route.name] = response.status_code
    assert wrong == {}
    assert await row_counts() == before
