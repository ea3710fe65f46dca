"""The crawler's machinery: who signs in how, the seed data, visiting and checking a page."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from playwright.sync_api import Page
from starlette.routing import Route
from tortoise.context import TortoiseContext

from fairplanner.models import Fair, Membership, Person
from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from fairplanner.settings import tortoise_config
from fairplanner.web.routes import build_routes
from tests.databases import run_in_thread
from tests.e2e import crawl_expectations as ex
from tests.e2e.conftest import OUTSIDER_EMAIL, OUTSIDER_PASSWORD, Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

T = TypeVar("T")

CREDENTIALS = {
    ex.ORGANISER: (ORGANISER_EMAIL, DEMO_PASSWORD),
    ex.CO_PLANNER: ("priya@example.org", DEMO_PASSWORD),
    ex.VOLUNTEER: ("aisha@example.org", DEMO_PASSWORD),
    ex.DOOR: ("sam@example.org", DEMO_PASSWORD),
    ex.EXHIBITOR: ("grace@college.example.org", DEMO_PASSWORD),
    ex.OUTSIDER: (OUTSIDER_EMAIL, OUTSIDER_PASSWORD),
}


def get_routes() -> list[Route]:
    return [
        r
        for r in build_routes()
        if isinstance(r, Route) and r.methods and "GET" in r.methods and r.name
    ]


@dataclass
class Seed:
    """Ids and secrets of the demo fair that fill the routes' path parameters."""

    database_url: str
    fair_id: int = 0
    membership_id: int = 0
    card_code: str = ""
    reset_token: str = ""
    invitation_token: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def query(self, make: Callable[[], Awaitable[T]]) -> T:
        """Run an ORM query against the server's database (in a thread: Playwright owns
        this thread's event loop)."""

        async def run() -> T:
            async with TortoiseContext() as ctx:
                await ctx.init(config=tortoise_config(self.database_url))
                return await make()

        return run_in_thread(run())

    def first_id(self, model: str, **filters: Any) -> int:
        """The id of the first `model` row (by id) in the demo fair, for routes that need one."""
        import fairplanner.models as models

        cls = getattr(models, model)

        async def find() -> int:
            row = await cls.filter(**filters).order_by("id").first()
            assert row is not None, f"the demo has no {model} for the crawler"
            return int(row.id)

        return self.query(find)


def make_seed(server: Server, page: Page) -> Seed:
    """Ids from the database; tokens made through the app as an organiser would."""
    seed = Seed(database_url=server.env["FAIRPLANNER_DATABASE_URL"])

    async def ids() -> tuple[int, int]:
        fair = await Fair.get(title="Riverside Opportunities Fair")
        priya = await Person.get(email="priya@example.org")
        membership = await Membership.get(fair_id=fair.id, person_id=priya.id)
        return fair.id, membership.id

    seed.fair_id, seed.membership_id = seed.query(ids)
    base = server.url
    sign_in(page, base, ORGANISER_EMAIL, DEMO_PASSWORD)

    # A sign-in card for Tom (a co-planner without e-mail).
    async def tom_membership() -> int:
        tom = await Person.get(name="Tom Fielding")
        return (await Membership.get(fair_id=seed.fair_id, person_id=tom.id)).id

    page.goto(f"{base}/fairs/{seed.fair_id}/members/{seed.query(tom_membership)}")
    page.get_by_role("button", name="Make a new card to print").click()
    seed.card_code = page.locator(".fp-card-code").inner_text().strip()
    # An invitation, and a password reset, through their forms; links read from the outbox.
    page.goto(f"{base}/fairs/{seed.fair_id}/members/invite")
    page.get_by_label("Their name").fill("Crawler Guest")
    page.get_by_label("Their e-mail address").fill("crawler-guest@example.org")
    page.get_by_label("Co-planner").check()
    page.get_by_label("Carer").check()
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    page.goto(f"{base}/forgot-password")
    page.get_by_label("E-mail address").fill("aisha@example.org")
    page.get_by_role("button", name="Send me a link").click()
    page.goto(f"{base}/outbox/")
    outbox = page.content()
    seed.invitation_token = re.findall(r"/invitations/([A-Za-z0-9_-]+)", outbox)[0]
    seed.reset_token = re.findall(r"/reset-password/([A-Za-z0-9_-]+)", outbox)[0]
    return seed


def path_for(route: Route, seed: Seed) -> str:
    params: dict[str, Any] = {}
    for name in route.param_convertors:
        if name == "token":
            source = ex.TOKEN_SOURCES.get(route.name)
            assert source, f"no token source for {route.name} in crawl_expectations.TOKEN_SOURCES"
            params[name] = source(seed)
        else:
            source_fn = ex.PARAM_SOURCES.get(name)
            assert source_fn, f"no source for {{{name}}} in crawl_expectations.PARAM_SOURCES"
            params[name] = source_fn(seed)
    return str(route.url_path_for(route.name, **params))


CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


def watch_for_script_problems(page: Page) -> list[str]:
    """Collects JavaScript errors on the page; CSP violations are read per page in visit()."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    page.add_init_script(CSP_WATCH)
    return errors


DOWNLOADS = (".ics", ".json", ".csv")


@dataclass
class Visit:
    route: str
    path: str
    status: int
    final_path: str
    problems: list[str]


def visit(
    page: Page,
    base: str,
    route: Route,
    path: str,
    expected: ex.Expectation,
    seen_refusals: set[int],
) -> Visit:
    if path.endswith(DOWNLOADS):
        # Files download rather than show in the browser: check where the request ends only.
        answer = page.request.get(base + path, max_redirects=0)
        if isinstance(expected, int):
            ok = answer.status == expected
        else:
            target = expected.removeprefix("redirect:")
            ok = (
                answer.status == 303 and urlsplit(answer.headers.get("location", "")).path == target
            )
        wrong = [] if ok else [f"expected {expected}, got {answer.status}"]
        return Visit(
            route=route.name, path=path, status=answer.status, final_path=path, problems=wrong
        )
    response = page.goto(base + path)
    assert response is not None
    final_path = page.url.removeprefix(base).split("?")[0]
    status = response.status
    problems: list[str] = []
    if status >= 500:
        problems.append(f"server error {status}")
    if isinstance(expected, int):
        if status != expected or final_path != path:
            problems.append(f"expected {expected} at {path}, got {status} at {final_path}")
    else:
        target = expected.removeprefix("redirect:")
        if status != 200 or final_path != target:
            problems.append(f"expected to end at {target}, got {status} at {final_path}")
    # A refusal page is the same template whatever the route: check it once per person.
    repeat_refusal = status in (403, 404) and status in seen_refusals
    seen_refusals.add(status)
    if "text/html" in (response.headers.get("content-type") or "") and not repeat_refusal:
        violations = axe_violations(page)
        if violations:
            problems.append(f"axe: {violations}")
        overflow = horizontal_overflow_at_320(page)
        if overflow:
            problems.append(f"{overflow}px horizontal scroll at 320px wide")
    if "text/html" in (response.headers.get("content-type") or ""):
        csp = page.evaluate("window.__cspViolations || []")
        problems += [f"Content-Security-Policy violation: {v}" for v in csp]
    return Visit(
        route=route.name, path=path, status=status, final_path=final_path, problems=problems
    )
