"""Property-based, generated: every WTForms form in fairplanner/web, posted with hostile and
random values to every route that uses it, on the demo fair (real ids, real secrets, a paired
door phone), as its organiser. No answer is a server error, and a refused post (4xx) changes no
row in any table (nothing half-written).

The forms are found by importing fairplanner.web.forms*; a form's routes are the POST routes
whose view (or a helper it calls) names the form class. A new form is covered the day it is
added; a form with no route fails test_every_form_is_posted_somewhere. Every example checks
its own coverage: it posted to each (form, route) pair of the table, and the table has at
least PAIRS_AT_LEAST pairs.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import secrets
from collections import Counter
from typing import Any

import hypothesis.strategies as st
import pytest
import wtforms
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from starlette.routing import Route

import fairplanner.web
from fairplanner.models import Fair, Person, Ticket
from fairplanner.models.checkin import CheckInList, DoorRole
from fairplanner.services import cards, demo, door
from fairplanner.services.demo import load_demo
from fairplanner.web.forms import MultiCheckboxField
from tests import route_world
from tests.helpers import Browser
from tests.web.test_permission_matrix import row_counts

EXAMPLES = 6  # each example posts one generated value set to every (form, route) pair
# The fewest (form, route) pairs the table may have: what it had when this was written. Fewer
# means the discovery below lost some (a renamed helper, a view no longer found), not that the
# app needs fewer checks. Raise it when forms or routes are added.
PAIRS_AT_LEAST = 84
# Tables a refused request may write to: they record the refusal itself.
REFUSAL_LOGS = {"SignInFailure"}
# Forms that are only the base of others (their fields are posted through those).
BASES: set[str] = set()


def _form_modules() -> list[Any]:
    return [
        importlib.import_module(f"fairplanner.web.{info.name}")
        for info in pkgutil.iter_modules(fairplanner.web.__path__)
        if info.name.startswith("forms")
    ]


def _forms() -> dict[str, type[wtforms.Form]]:
    return {
        name: cls
        for module in _form_modules()
        for name, cls in vars(module).items()
        if inspect.isclass(cls)
        and issubclass(cls, wtforms.Form)
        and cls.__module__ == module.__name__
    }


def _factories() -> dict[str, Any]:
    """Functions in the forms modules that make a form class at run time (extra fields),
    callable with their defaults."""
    return {
        name: func
        for module in _form_modules()
        for name, func in vars(module).items()
        if inspect.isfunction(func)
        and func.__module__ == module.__name__
        and all(
            p.default is not inspect.Parameter.empty
            for p in inspect.signature(func).parameters.values()
        )
        and "type[" in str(inspect.signature(func).return_annotation)
    }


def _pairs() -> list[tuple[str, Route, type[wtforms.Form]]]:
    pairs = []
    for route in route_world.routes("POST"):
        for name, cls in FORMS.items():
            if route_world.uses(route, name):
                pairs.append((name, route, cls))
                continue
            for factory_name, factory in _factories().items():
                made = factory()
                if route_world.uses(route, factory_name) and issubclass(made, cls):
                    pairs.append((name, route, made))
    # Account changes last, so that the organiser stays signed in for the rest.
    return sorted(pairs, key=lambda pair: pair[1].name.startswith("accounts:"))


FORMS = _forms()
PAIRS = _pairs()
# How many times one example must post to each (form, route) pair: once per row of the table.
TABLE = Counter((name, route.name) for name, route, _ in PAIRS)

HOSTILE = st.text(max_size=120) | st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "NaN",
        "sNaN",  # Decimal's signalling NaN: NumberRange raised on it
        "inf",
        "ß" * 12,  # longer in capitals ("SS"): past a 12-character column once upper-cased
        "99999999999999999999999",
        "31",
        "13",
        "2027",
        "25:61",
        "10am",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "a" * 5000,
        "\u202e\u0000\ufeff",
        "😀" * 40,
    ]
)


def test_every_form_is_posted_somewhere() -> None:
    posted = {name for name, _, _ in PAIRS}
    assert set(FORMS) - posted - BASES == set(), "a form with no POST route that uses it"
    assert len(FORMS) >= 40


def _page_values(html: str) -> dict[str, list[str]]:
    """Values a person could pick on the page: current values and every option."""
    values: dict[str, list[str]] = {}
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(["input", "select", "textarea"]):
        name = tag.get("name")
        if not name:
            continue
        found = values.setdefault(str(name), [])
        if tag.name == "select":
            found += [str(o.get("value", o.get_text())) for o in tag.find_all("option")]
        elif tag.name == "textarea":
            found.append(tag.get_text())
        elif tag.get("value") is not None:
            found.append(str(tag["value"]))
    return values


def _strategy(
    form: type[wtforms.Form], seen: dict[str, list[str]], uploads: bool
) -> st.SearchStrategy[Any]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    files: dict[str, st.SearchStrategy[Any]] = {}
    for field in form():
        name = field.name
        known = st.sampled_from(seen[name]) if seen.get(name) else HOSTILE
        if isinstance(field, wtforms.FileField):
            if not uploads:
                continue
            files[name] = st.binary(max_size=2000) | st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
        elif isinstance(field, MultiCheckboxField | wtforms.SelectMultipleField):
            fields[name] = st.lists(known | HOSTILE, max_size=4)
        elif isinstance(field, wtforms.BooleanField):
            fields[name] = st.sampled_from(["y", "", "on"]) | HOSTILE
        else:
            fields[name] = known | HOSTILE
    # Each field is sometimes left out altogether, as a hand-made request would.
    return st.tuples(
        st.fixed_dictionaries({}, optional=fields), st.fixed_dictionaries({}, optional=files)
    )


def _takes_uploads(route: Route) -> bool:
    # Files go to the routes that take uploads (their view reads the form with a file limit).
    # Elsewhere Starlette would leave a posted file's temporary file to the garbage collector
    # (a ResourceWarning, an error under this suite's warning filter): see docs/security.md.
    return route_world.uses(route, "max_files")


async def _text_params(browser: Browser, fair: Fair) -> dict[str, str]:
    ticket = await Ticket.filter(fair_id=fair.id, registration__status="booked").first()
    organiser = await Person.get(email=demo.ORGANISER_EMAIL)
    main = await CheckInList.get(fair_id=fair.id, name="Main entrance")
    _, phone_token = await door.pair_device(
        fair=fair,
        checkin_list=main,
        label="Test supervisor",
        role=DoorRole.SUPERVISOR,
        hours=8,
        pin="",
        by=organiser,
    )
    await browser.get(f"/door/pair/{phone_token}")
    assert (await browser.post(f"/door/pair/{phone_token}", {"pin": ""})).status_code == 303
    _, pin_token = await door.pair_device(
        fair=fair,
        checkin_list=main,
        label="Hostile phone",
        role=DoorRole.STEWARD,
        hours=8,
        pin="2468",
        by=organiser,
    )
    card = await cards.issue_card(person=organiser, issued_by=organiser, pin="1357")
    assert ticket is not None
    return {"secret": ticket.secret, "token": pin_token, "code": card.code}


def _url(route: Route, ids: dict[str, int], text: dict[str, str]) -> str:
    params: dict[str, Any] = dict(ids)
    for name in route.param_convertors:
        if name not in params and name in text and route.name != "accounts:reset_password":
            params[name] = text[name]
    return route_world.url(route, params)


class _World(dict[str, Any]):
    """The targets, with a short repr: Hypothesis prints the fixtures of a failing example."""

    def __repr__(self) -> str:
        return f"<{len(self['targets'])} (form, route) targets>"


@pytest.fixture
async def world(browser: Browser, db: str) -> dict[str, Any]:
    fair = await load_demo()
    await browser.sign_in(demo.ORGANISER_EMAIL, demo.DEMO_PASSWORD)
    text = await _text_params(browser, fair)
    targets = []
    for form_name, route, form_class in PAIRS:
        ids = await route_world.ids_for(route, fair.id) or {}
        url = _url(route, ids, text)
        seen: dict[str, list[str]] = {}
        if "GET" in (route.methods or set()):
            page = await browser.get(url)
            if page.status_code == 200:
                seen = _page_values(page.text)
        targets.append(
            (form_name, route.name, url, _strategy(form_class, seen, _takes_uploads(route)))
        )
    return _World(targets=targets)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_every_form_takes_anything_without_a_server_error_or_half_writes(
    browser: Browser, world: dict[str, Any], data: st.DataObject
) -> None:
    # Coverage, checked on every example before anything is drawn or posted: one target for
    # each (form, route) pair of the table, every form has a pair, and the table is as large
    # as it was.
    planned = Counter((form_name, route_name) for form_name, route_name, _, _ in world["targets"])
    assert planned == TABLE, set(TABLE.items()) ^ set(planned.items())
    assert {name for name, _ in planned} >= set(FORMS) - BASES
    assert len(planned) >= PAIRS_AT_LEAST, f"only {len(planned)} (form, route) pairs"
    posted: Counter[tuple[str, str]] = Counter()
    for form_name, route_name, url, strategy in world["targets"]:
        fields, files = data.draw(strategy, label=f"{form_name} -> {route_name}")
        form = {"csrftoken": await browser.token(), **fields}
        before = await row_counts()
        if files:
            uploads = {k: (f"{secrets.token_hex(2)}.png", v, "image/png") for k, v in files.items()}
            response = await browser.client.post(url, data=form, files=uploads)
        else:
            response = await browser.client.post(url, data=form)
        posted[(form_name, route_name)] += 1

        assert response.status_code < 500, (form_name, route_name, fields)
        if 400 <= response.status_code < 500:
            after = await row_counts()
            changed = {k for k in after if after[k] != before[k]} - REFUSAL_LOGS
            assert changed == set(), (form_name, route_name, response.status_code, fields)

    # And after: each pair of the table got this example's hostile values, none was skipped.
    assert posted == planned, set(planned.items()) ^ set(posted.items())
