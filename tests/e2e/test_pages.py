"""Signing in and creating a fair in a real browser, with and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e


def test_home_page_has_no_axe_violations_and_reflows(page: Page, server: Server) -> None:
    page.goto(server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan accessible fairs together")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0


def test_organiser_signs_in_and_sees_the_demo_fair(page: Page, server: Server) -> None:
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Riverside Opportunities Fair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Opportunities Fair")
    assert axe_violations(page) == []


def test_fair_form_errors_link_to_fields_without_javascript(
    no_js_page: Page, server: Server
) -> None:
    page = no_js_page
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    page.goto(server.url + "/fairs/new")
    page.get_by_label("Name of the fair").fill("Summer fair")
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill("2027")
    page.get_by_role("button", name="Create the fair").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The date must be a real date")
    expect(summary).to_contain_text("Enter a start time")
    expect(page.get_by_label("Name of the fair")).to_have_value("Summer fair")
    assert page.title().startswith("Error: ")
    # The summary's links go to the fields (axe runs with JavaScript on, in the crawler).
    assert page.locator(".govuk-error-summary a[href='#day']").count() == 1
    assert page.locator(".govuk-error-summary a[href='#start_time']").count() == 1
