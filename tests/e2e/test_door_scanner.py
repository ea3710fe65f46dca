"""The door scanner in a real Chromium whose camera is a fake one showing a real ticket's QR
code: pairing by link, camera scanning through barcode-detector's wasm, axe and the CSP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server
from tests.e2e.crawl import CSP_WATCH
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e


def write_y4m(text: str, path: Path) -> None:
    """One 640x480 frame (Chromium loops it) of a QR code, as 4:2:0 Y4M: no ffmpeg needed."""
    code = qrcode.make(text, box_size=8, border=4).get_image().convert("RGB")
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    y, u, v = frame.convert("YCbCr").split()
    half = (320, 240)
    with path.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\nFRAME\n")
        out.write(y.tobytes() + u.resize(half).tobytes() + v.resize(half).tobytes())


def open_scanner(context: BrowserContext, link: str) -> tuple[Page, list[str]]:
    """Pair a phone (a browser context) by its link and open the scanner page, watching for
    script errors and CSP violations."""
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.add_init_script(CSP_WATCH)
    page.goto(link)
    page.get_by_role("button", name="Start scanning on this phone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scan tickets at Main entrance")
    return page, problems


def book_a_ticket(page: Page, base: str, fair_id: str) -> str:
    page.goto(f"{base}/events/{fair_id}")
    page.fill("#name", "Bea Camera")
    page.fill("#email", "bea@example.org")
    page.get_by_role("button", name="Book my place").click()
    expect(page).to_have_url(re.compile(r"/tickets/[A-Z2-7]{26}$"))
    return page.url.rsplit("/", 1)[1]


def pairing_link(page: Page, base: str) -> tuple[str, str]:
    sign_in(page, base, ORGANISER_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Riverside Opportunities Fair").click()
    fair_id = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{base}/fairs/{fair_id}/door/phones/new")
    page.get_by_label("Main entrance").check()
    page.get_by_label("Whose phone is it?").fill("Test phone")
    page.get_by_role("button", name="Make the pairing code").click()
    expect(page.locator(".fp-qr")).to_be_visible()
    assert axe_violations(page) == []
    link = re.search(r"http://[^\s<]+/door/pair/[\w-]+", page.content())
    assert link is not None
    return link[0], fair_id


@pytest.fixture(scope="module")
def camera_ticket(
    server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Browser, str, str]]:
    """A ticket booked on the server, and a Chromium whose camera shows its QR code."""
    video = tmp_path_factory.mktemp("camera") / "ticket.y4m"
    with sync_playwright() as playwright:
        plain = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = plain.new_context()
        organiser = context.new_page()
        link, fair_id = pairing_link(organiser, server.url)
        secret = book_a_ticket(context.new_page(), server.url, fair_id)
        plain.close()
        write_y4m(secret, video)
        camera = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        yield camera, link, secret
        camera.close()


def test_a_paired_phone_scans_a_real_ticket_with_the_camera(
    camera_ticket: tuple[Browser, str, str], server: Server
) -> None:
    camera, link, _ = camera_ticket
    context = camera.new_context(viewport={"width": 400, "height": 800})
    context.grant_permissions(["camera"], origin=server.url)
    page, problems = open_scanner(context, link)
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0
    page.get_by_role("button", name="Start the camera").click()
    result = page.locator("#scan-result")
    expect(result).to_contain_text("Welcome in", timeout=20_000)
    expect(result).to_contain_text("Bea C.")
    expect(result.locator("[data-tone=ok]")).to_have_count(1)
    # The same code held in front of the camera is not scanned again and again; a later
    # deliberate scan of it says "Already inside".
    expect(result).to_contain_text("Already inside", timeout=20_000)
    assert axe_violations(page) == []
    # A hand scanner types into the reference box and presses Enter: answered in place.
    page.get_by_role("button", name="Stop the camera").click()
    page.get_by_label("Ticket reference").fill("NOT-A-TICKET")
    page.keyboard.press("Enter")
    expect(result).to_contain_text("Ticket not found")
    expect(result.locator("[data-tone=invalid]")).to_have_count(1)
    assert page.url.endswith("/door/scan")
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []
    context.close()


def test_without_javascript_an_unpaired_phone_is_told_how_to_pair(
    camera_ticket: tuple[Browser, str, str], server: Server
) -> None:
    camera, _, _ = camera_ticket
    context = camera.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/door/scan")
    expect(page.get_by_role("heading", level=1)).to_have_text("This phone is not paired to a door")
    assert page.get_by_role("button", name="Start the camera").count() == 0
    context.close()
