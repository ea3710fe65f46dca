"""Takes the README's screenshots from a running FairPlanner (make run), in Debian's Chromium.

.venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL

OUT = Path("docs/screenshots")


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        desktop = browser.new_page(viewport={"width": 1100, "height": 800})
        desktop.goto(f"{base}/sign-in")
        desktop.get_by_label("E-mail address").fill(ORGANISER_EMAIL)
        desktop.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        desktop.get_by_role("button", name="Sign in").click()
        desktop.get_by_role("link", name="Riverside Opportunities Fair").click()
        desktop.screenshot(path=OUT / "fair-home.png", full_page=True)
        desktop.goto(desktop.url + "/members")
        desktop.screenshot(path=OUT / "members.png", full_page=True)
        phone = browser.new_page(viewport={"width": 360, "height": 740})
        phone.goto(f"{base}/sign-in/card")
        phone.get_by_role("button", name="Turn on easy read").click()
        phone.wait_for_load_state("networkidle")
        phone.screenshot(path=OUT / "card-sign-in-easy-read-phone.png", full_page=True)
        phone.get_by_role("button", name="Sign in").click()
        phone.screenshot(path=OUT / "form-errors-phone.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
