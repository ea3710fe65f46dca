"""Generated from the route table: changing an id in a URL never reaches another fair's record.

The organiser of fair A (who may do everything in A) opens every route of A with the ids of
fair B's objects in it (B is the demo fair, which has one of nearly everything): a proposal,
task, shift, ticket, venue, booking... of B through A's URL. Every GET must be 404 and show
nothing of B's object; every POST must be refused (403/404) and change nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from starlette.routing import Route

from fairplanner.models import ExpenseClaim, Fair, Membership
from fairplanner.models.rewards import ExpenseKind
from fairplanner.services import demo
from fairplanner.services.demo import load_demo
from tests import factories, route_world
from tests.helpers import Browser
from tests.web.test_permission_matrix import row_counts

# Object-level routes of a fair with no object of that kind in fair B, so not tried here.
NOT_IN_THE_DEMO: set[str] = set()


def _fair_object_routes(method: str) -> list[Route]:
    return [
        r
        for r in route_world.routes(method)
        if "fair_id" in r.param_convertors and len(route_world.int_params(r)) > 1
    ]


def _words_of(obj: Any) -> list[str]:
    """What would show that B's object leaked: its title, name or label."""
    found = []
    for field in ("title", "name", "label", "reference", "text"):
        value = getattr(obj, field, None)
        if isinstance(value, str) and len(value) >= 6:
            found.append(value)
    return found


@pytest.fixture
async def two_fairs(browser: Browser, db: str) -> tuple[int, int]:
    fair_b = await load_demo()
    # The demo has no expense claims: one, so that the claim routes are tried too.
    claimant = await Membership.filter(fair_id=fair_b.id).order_by("id").first()
    assert claimant is not None
    await ExpenseClaim.create(
        fair_id=fair_b.id,
        person_id=claimant.person_id,
        kind=ExpenseKind.TRAVEL,
        amount_pence=420,
        spent_on=date(2027, 6, 1),
        receipt="Bus fare receipt",
    )
    organisation, organiser = await factories.light_organiser("Hillside Charity")
    fair_a = await factories.fair(by=organiser, organisation=organisation, title="Hillside Fair")
    await browser.sign_in(organiser.email or "", factories.PASSWORD)
    return fair_a.id, fair_b.id


def test_every_id_parameter_names_a_model() -> None:
    params = {
        p
        for r in route_world.routes("GET") + route_world.routes("POST")
        for p in route_world.int_params(r)
    }
    assert params - set(route_world.ID_PARAMS) == set(), "add the new id parameter to ID_PARAMS"


async def test_another_fairs_objects_through_this_fairs_urls_are_not_found(
    browser: Browser, two_fairs: tuple[int, int]
) -> None:
    fair_a, fair_b = two_fairs
    b_words = [(await Fair.get(id=fair_b)).title]
    tried, wrong, missing = 0, {}, []
    for route in _fair_object_routes("GET"):
        ids = await route_world.ids_for(route, fair_b)
        if ids is None:
            missing.append(route.name)
            continue
        words = list(b_words)
        for param, value in ids.items():
            if param != "fair_id":
                obj = await route_world.model(route_world.ID_PARAMS[param]).get(pk=value)
                words += _words_of(obj)
        response = await browser.get(route_world.url(route, {**ids, "fair_id": fair_a}))
        tried += 1
        leaked = [w for w in words if w in response.text]
        if response.status_code != 404 or leaked:
            wrong[route.name] = (response.status_code, leaked)

    assert wrong == {}
    assert set(missing) == NOT_IN_THE_DEMO
    assert tried >= 20, tried
    print(f"id tampering: {tried} GET routes tried with another fair's ids")


async def test_another_fairs_objects_cannot_be_changed_through_this_fairs_urls(
    browser: Browser, two_fairs: tuple[int, int]
) -> None:
    fair_a, fair_b = two_fairs
    before = await row_counts()
    tried, wrong, missing = 0, {}, []
    for route in _fair_object_routes("POST"):
        ids = await route_world.ids_for(route, fair_b)
        if ids is None:
            missing.append(route.name)
            continue
        response = await browser.post(route_world.url(route, {**ids, "fair_id": fair_a}))
        tried += 1
        if response.status_code not in (403, 404):
            wrong[route.name] = response.status_code

    assert wrong == {}
    assert await row_counts() == before
    assert set(missing) == NOT_IN_THE_DEMO
    assert tried >= 20, tried
    print(f"id tampering: {tried} POST routes tried with another fair's ids")


async def test_ids_too_large_for_an_id_column_are_not_found(browser: Browser, db: str) -> None:
    # /fairs/2147483648 reached the database: PostgreSQL refuses a number past 2**31 - 1 for
    # an integer column (a server error), SQLite one past 2**63 - 1.
    fair = await load_demo()
    await browser.sign_in(demo.ORGANISER_EMAIL, demo.DEMO_PASSWORD)
    before = await row_counts()
    tried, wrong = 0, {}
    for method in ("GET", "POST"):
        for route in route_world.routes(method):
            ints = route_world.int_params(route)
            ids = await route_world.ids_for(route, fair.id) or dict.fromkeys(ints, 1)
            for param in ints:
                for huge in (2**31, 2**63, 10**30):
                    url = route_world.url(route, {**ids, param: huge})
                    if method == "GET":
                        response = await browser.get(url)
                    else:
                        response = await browser.post(url)
                    tried += 1
                    if response.status_code != 404:
                        wrong[(method, route.name, param, huge)] = response.status_code
    assert wrong == {}
    assert await row_counts() == before
    assert tried >= 300, tried
