"""Offline mode in a real Chromium: two paired phones at one door, one loses the network
(Playwright sets its page offline), scans on, queues the scans, syncs them when the network
is back, and a ticket let in twice (offline on one phone and online on the other, and
offline on both) shows in the organisers' conflict report."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in
from tests.e2e.test_door_scanner import open_scanner

pytestmark = pytest.mark.e2e


def _book(page: Page, base: str, fair_id: str, name: str, email: str) -> str:
    page.goto(f"{base}/events/{fair_id}")
    page.fill("#name", name)
    page.fill("#email", email)
    page.get_by_role("button", name="Book my place").click()
    expect(page).to_have_url(re.compile(r"/tickets/[A-Z2-7]{26}$"))
    return page.url.rsplit("/", 1)[1]


def _pairing_link(page: Page, base: str, fair_id: str, label: str) -> str:
    page.goto(f"{base}/fairs/{fair_id}/door/phones/new")
    page.get_by_label("Main entrance").check()
    page.get_by_label("Whose phone is it?").fill(label)
    page.get_by_role("button", name="Make the pairing code").click()
    expect(page.locator(".fp-qr")).to_be_visible()
    link = re.search(r"http://[^\s<]+/door/pair/[\w-]+", page.content())
    assert link is not None
    return link[0]


# What the scanner keeps in IndexedDB ("fairplanner-door"): every store's records, read the
# way the page writes them. Opening without a version never creates the database (an empty
# one would stop the page from making its stores).
READ_DOOR_DB = """async () => {
  const db = await new Promise((resolve) => {
    const open = indexedDB.open("fairplanner-door");
    open.onupgradeneeded = () => open.transaction.abort();
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => resolve(null);
  });
  if (!db) return null;
  const all = (name) => new Promise((resolve, reject) => {
    const request = db.transaction(name).objectStore(name).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const stored = { snapshots: await all("snapshots"), queue: await all("queue") };
  db.close();
  return stored;
}"""


def door_db(page: Page) -> dict[str, list[Any]]:
    stored = page.evaluate(READ_DOOR_DB)
    assert stored is not None, "the scanner made no IndexedDB database"
    return cast(dict[str, list[Any]], stored)


def _phone(chromium: Browser, link: str) -> tuple[BrowserContext, Page, list[str]]:
    context = chromium.new_context(viewport={"width": 400, "height": 800})
    page, problems = open_scanner(context, link)
    # The door's snapshot is kept for offline use as soon as the page has loaded.
    # (A function, not an expression: Playwright polls an expression with eval, which the
    # scanner's CSP refuses.)
    page.wait_for_function(
        f"() => ({READ_DOOR_DB})().then((db) => db && db.snapshots.length === 1)"
    )
    return context, page, problems


def _organiser(chromium: Browser, base: str) -> tuple[BrowserContext, Page, str]:
    """The demo organiser, signed in, on the demo fair's home page; and the fair's id."""
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, base, ORGANISER_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Riverside Opportunities Fair").click()
    return context, page, page.url.rstrip("/").rsplit("/", 1)[1]


def _scan(page: Page, code: str) -> None:
    page.get_by_label("Ticket reference").fill(code)
    page.keyboard.press("Enter")


def test_offline_scans_are_queued_synced_and_a_double_admission_is_reported(
    chromium: Browser, server: Server
) -> None:
    base = server.url
    organiser_context, organiser, fair_id = _organiser(chromium, base)
    link_a = _pairing_link(organiser, base, fair_id, "Phone A")
    link_b = _pairing_link(organiser, base, fair_id, "Phone B")
    olive = _book(organiser_context.new_page(), base, fair_id, "Olive Offline", "olive@example.org")
    otto = _book(organiser_context.new_page(), base, fair_id, "Otto Twice", "otto@example.org")

    context_a, phone_a, problems_a = _phone(chromium, link_a)
    context_b, phone_b, problems_b = _phone(chromium, link_b)
    stored = json.dumps(door_db(phone_a))
    assert olive not in stored
    assert otto not in stored
    assert "Offline" not in stored  # first name and initial only

    # Phone A loses the network and scans on: decided on the phone, queued, said plainly.
    context_a.set_offline(True)
    result_a = phone_a.locator("#scan-result")
    _scan(phone_a, olive)
    expect(result_a).to_contain_text("Welcome in")
    expect(result_a).to_contain_text("Olive O.")
    expect(result_a).to_contain_text("Checked offline, will sync.")
    expect(phone_a.locator("#sync-state")).to_have_text("Offline: 1 scan waiting to be sent.")
    assert axe_violations(phone_a) == []
    assert horizontal_overflow_at_320(phone_a) == 0
    # The same ticket again on the same offline phone: the phone remembers it let Olive in.
    _scan(phone_a, olive)
    expect(result_a).to_contain_text("Already inside")
    expect(result_a).to_contain_text("Checked offline, will sync.")
    _scan(phone_a, otto)
    expect(result_a).to_contain_text("Otto T.")
    expect(phone_a.locator("#sync-state")).to_have_text("Offline: 3 scans waiting to be sent.")

    # Meanwhile phone B, online, lets Olive in too (the server has not heard from A yet)...
    result_b = phone_b.locator("#scan-result")
    _scan(phone_b, olive)
    expect(result_b).to_contain_text("Welcome in")
    expect(result_b).not_to_contain_text("Checked offline")
    # ...and then loses the network too and lets Otto in offline.
    context_b.set_offline(True)
    _scan(phone_b, otto)
    expect(result_b).to_contain_text("Welcome in")
    expect(result_b).to_contain_text("Checked offline, will sync.")

    # Back online: each phone sends its queue (the online event), and says so.
    context_a.set_offline(False)
    expect(phone_a.locator("#sync-state")).to_have_text("Back online: 3 scans sent.")
    context_b.set_offline(False)
    expect(phone_b.locator("#sync-state")).to_have_text("Back online: 1 scan sent.")
    assert phone_a.evaluate("window.__cspViolations") == []
    assert problems_a == []
    assert problems_b == []

    report_url = f"{base}/fairs/{fair_id}/door/conflicts"
    organiser.goto(report_url)
    report = organiser.locator("main")
    expect(report).to_contain_text("2 tickets to check.")
    olive_part = organiser.get_by_role("table", name="Every time Olive O. was let in")
    expect(olive_part).to_contain_text("Phone A")
    expect(olive_part).to_contain_text("Phone B")
    expect(olive_part).to_contain_text("Offline, sent later")
    expect(olive_part).to_contain_text("Online")
    otto_part = organiser.get_by_role("table", name="Every time Otto T. was let in")
    expect(otto_part.get_by_text("Offline, sent later")).to_have_count(2)
    expect(report).to_contain_text("Let in twice")
    assert "Olive Offline" not in organiser.content()  # first name and initial only
    assert axe_violations(organiser) == []
    assert horizontal_overflow_at_320(organiser) == 0
    # Olive came in, so she is not on the organisers' no-show list.
    organiser.goto(f"{base}/fairs/{fair_id}/door/no-shows")
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Booked but not here yet")
    expect(organiser.locator("main")).not_to_contain_text("Olive Offline")
    assert axe_violations(organiser) == []
    context_a.close()
    context_b.close()
    organiser_context.close()


# The scanner page as the service worker keeps it: the nonce of its typed-reference form (a
# new one each time the server makes the page), or null when no page is kept.
KEPT_PAGE_NONCE = """async () => {
  const kept = await caches.match("/door/scan", { ignoreVary: true });
  if (!kept) return null;
  const found = /name="nonce" value="([0-9a-f]+)"/.exec(await kept.text());
  return found ? found[1] : null;
}"""

# The camera scanner's wasm, fetched the way the ponyfill fetches it, compiles on this page.
WASM_COMPILES = """async () => {
  const folder = document.getElementById("scanner").dataset.wasm;
  const response = await fetch(folder + "zxing_reader.wasm");
  const module = await WebAssembly.compile(await response.arrayBuffer());
  return WebAssembly.Module.exports(module).length > 0;
}"""


def test_the_scanner_opens_with_no_network_and_its_queue_lives_in_indexeddb(
    chromium: Browser, server: Server
) -> None:
    base = server.url
    organiser_context, organiser, fair_id = _organiser(chromium, base)
    link = _pairing_link(organiser, base, fair_id, "Phone C")
    sid = _book(organiser_context.new_page(), base, fair_id, "Sid Reload", "sid@example.org")
    uma = _book(organiser_context.new_page(), base, fair_id, "Uma Upgrade", "uma@example.org")
    ned = _book(organiser_context.new_page(), base, fair_id, "Ned Notice", "ned@example.org")
    context, phone, problems = _phone(chromium, link)
    device = phone.locator("#scanner").get_attribute("data-device")
    sync_state = phone.locator("#sync-state")
    heading = phone.get_by_role("heading", level=1)

    # A scanner from before IndexedDB left a scan waiting in localStorage: after the upgrade
    # the page moves it into IndexedDB once and sends it.
    old_scan = {
        "code": uma,
        "nonce": "left-in-local-storage",
        "direction": "entry",
        "client_time": datetime.now(UTC).isoformat(),
        "offline_result": "ok",
    }
    phone.evaluate(
        "([key, value]) => window.localStorage.setItem(key, value)",
        [f"fp-door-queue-{device}", json.dumps([old_scan])],
    )
    phone.reload()
    expect(sync_state).to_have_text("Back online: 1 scan sent.")
    assert (
        phone.evaluate("Object.keys(window.localStorage).filter((k) => k.startsWith('fp-door-'))")
        == []
    )
    assert door_db(phone)["queue"] == []

    # The service worker is active for the door's pages and has kept the page with its files.
    # (Waiting for it to control this very page could wait for ever: a reload whose request
    # left before the worker took over is not claimed. The offline reload below goes through
    # the active worker either way.) Installing stores several files, the wasm among them,
    # which on a loaded machine took longer than the default 15 s once: a minute is allowed.
    phone.wait_for_function(
        "() => navigator.serviceWorker.ready.then((r) => r.active !== null)", timeout=60_000
    )
    phone.wait_for_function(
        f"() => ({KEPT_PAGE_NONCE})().then((nonce) => nonce !== null)", timeout=60_000
    )

    # A scan undone online: the scanner page comes back with a one-off notice, and is kept
    # without it (an offline reload must not show it again).
    _scan(phone, ned)
    expect(phone.locator("#scan-result")).to_contain_text("Welcome in")
    phone.get_by_role("button", name="Undo this scan").click()
    expect(phone.get_by_text("That scan is undone.")).to_be_visible()
    shown_nonce = phone.locator("input[name=nonce]").input_value()
    phone.wait_for_function(
        f"() => ({KEPT_PAGE_NONCE})().then((nonce) => nonce === {json.dumps(shown_nonce)})"
    )
    kept_text = phone.evaluate(
        """async () => (await (await caches.match("/door/scan", { ignoreVary: true })).text())"""
    )
    assert "That scan is undone." not in kept_text
    assert 'id="scanner"' in kept_text
    kept_nonce = phone.evaluate(KEPT_PAGE_NONCE)

    # No network, and the phone reloads the page: the scanner still opens.
    context.set_offline(True)
    phone.reload()
    expect(heading).to_have_text("Scan tickets at Main entrance")
    expect(phone.get_by_text("That scan is undone.")).to_have_count(0)
    # It is the kept page (the server would have made a new nonce), and really offline: the
    # door API is not kept and cannot be reached.
    assert phone.locator("input[name=nonce]").input_value() == kept_nonce
    assert phone.evaluate("fetch('/door/api/snapshot').then(() => 'reached', () => 'offline')") == (
        "offline"
    )
    expect(phone.locator("#scanner")).to_be_visible()  # scanner.js ran, from the kept copy
    assert phone.evaluate("typeof window.BarcodeDetectionAPI") != "undefined"
    assert phone.evaluate(WASM_COMPILES) is True

    # A scan on the reloaded page: decided with the door's list from IndexedDB, queued there.
    result = phone.locator("#scan-result")
    _scan(phone, sid)
    expect(result).to_contain_text("Welcome in")
    expect(result).to_contain_text("Sid R.")
    expect(result).to_contain_text("Checked offline, will sync.")
    expect(sync_state).to_have_text("Offline: 1 scan waiting to be sent.")
    queued = door_db(phone)["queue"]
    assert len(queued) == 1
    assert queued[0]["device"] == device
    assert queued[0]["scan"]["code"] == sid
    assert queued[0]["scan"]["offline_result"] == "ok"
    assert queued[0]["scan"]["nonce"]
    assert queued[0]["scan"]["client_time"]
    assert axe_violations(phone) == []
    assert horizontal_overflow_at_320(phone) == 0

    # Back online, the reloaded page sends the scan (the kept page's CSRF token still works).
    context.set_offline(False)
    expect(sync_state).to_have_text("Back online: 1 scan sent.")
    assert door_db(phone)["queue"] == []
    assert phone.evaluate("window.__cspViolations") == []
    assert problems == []

    # The server has both scans: Sid and Uma are on the roll-call.
    organiser.goto(f"{base}/fairs/{fair_id}/door")
    organiser.get_by_role("link", name=re.compile("see the roll-call for Main entrance")).click()
    expect(organiser.locator("main")).to_contain_text("Sid R.")
    expect(organiser.locator("main")).to_contain_text("Uma U.")

    # The organiser stops the phone: online, the page says so and the worker forgets the
    # kept page and the door's list, so the stopped phone no longer opens a scanner.
    organiser.goto(f"{base}/fairs/{fair_id}/door")
    organiser.get_by_role("button", name="Stop Phone C scanning").click()
    phone.reload()
    expect(heading).to_have_text("This phone is not paired to a door")
    phone.wait_for_function(f"() => ({KEPT_PAGE_NONCE})().then((nonce) => nonce === null)")
    assert door_db(phone)["snapshots"] == []
    context.close()
    organiser_context.close()
