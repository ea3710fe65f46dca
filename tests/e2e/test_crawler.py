"""Signs in as each kind of member, an outsider and nobody, and visits every GET route of
the demo fair: no server errors, the right refusals, zero axe-core violations (WCAG 2.2 A
and AA), and no horizontal scroll at 320 px."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e import crawl_expectations as ex
from tests.e2e.conftest import Server
from tests.e2e.crawl import (
    CREDENTIALS,
    Seed,
    get_routes,
    make_seed,
    path_for,
    visit,
    watch_for_script_problems,
)
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e
REPORT = Path("test-results/crawler.json")


@pytest.fixture(scope="module")
def seed(chromium: Browser, server: Server) -> Seed:
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    try:
        return make_seed(server, context.new_page())
    finally:
        context.close()


def test_every_get_route_has_an_expectation() -> None:
    names = {r.name for r in get_routes()}
    assert sorted(names - ex.EXPECTED.keys()) == []
    assert sorted(ex.EXPECTED.keys() - names) == []


@pytest.mark.parametrize("persona", ex.PERSONAS)
def test_crawl_as(persona: str, chromium: Browser, server: Server, seed: Seed) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    script_errors = watch_for_script_problems(page)
    try:
        if persona in CREDENTIALS:
            sign_in(page, server.url, *CREDENTIALS[persona])
        refusals: set[int] = set()
        visits = [
            visit(
                page,
                server.url,
                route,
                path_for(route, seed),
                ex.EXPECTED[route.name][persona],
                refusals,
            )
            for route in get_routes()
            if route.name in ex.EXPECTED
        ]
    finally:
        context.close()
    _record(persona, len(visits))
    problems = [f"{v.route} {v.path}: {p}" for v in visits for p in v.problems]
    assert problems + script_errors == []


def _record(persona: str, pages: int) -> None:
    REPORT.parent.mkdir(exist_ok=True)
    data = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    data[persona] = pages
    REPORT.write_text(json.dumps(data, indent=2))
