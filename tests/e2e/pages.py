"""What the browser tests check on every page: axe-core (WCAG 2.2 A and AA), reflow at 320 px."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now, as plain dicts."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        {"id": v["id"], "impact": v.get("impact"), "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


def horizontal_overflow_at_320(page: Page) -> int:
    """Pixels the page is wider than a 320 px screen (0 means it reflows, WCAG 1.4.10)."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = int(page.evaluate("document.documentElement.scrollWidth")) - 320
    page.set_viewport_size(size)
    return max(overflow, 0)


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/fairs/")
