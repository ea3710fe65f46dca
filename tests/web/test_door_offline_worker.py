"""The door scanner's service worker over HTTP: served from /door/ (so it may control the
scanner page), listing exactly the scanner page and its static files to keep, never the door
API. The browser side (reloading with no network) is tests/e2e/test_door_offline.py."""

from __future__ import annotations

import json
import re

import httpx

from fairplanner.settings import Settings
from tests.helpers import Browser, soup
from tests.web.test_checkin import _organiser, _pair_link, _paired_phone

WORKER = "/door/sw.js"


def _config(script: str) -> dict[str, object]:
    found = re.search(r"^var CONFIG = (\{.*\});$", script, re.MULTILINE)
    assert found is not None, "the worker has no CONFIG line"
    config = json.loads(found[1])
    assert isinstance(config, dict)
    return config


async def test_the_worker_keeps_the_scanner_page_and_its_files_and_never_the_api(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(WORKER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    # The browser asks for the worker again on each visit: a new version is noticed.
    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    config = _config(response.text)
    assert config["shell"] == "/door/scan"
    assert re.fullmatch(r"[0-9a-f]{16}", str(config["version"]))
    assets = config["assets"]
    assert isinstance(assets, list)
    for wanted in (
        "/static/build/fairplanner.css",
        "/static/build/barcode-detector.js",
        "/static/build/zxing_reader.wasm",
        "/static/js/scanner.js",
        "/static/img/easy-read/card.svg",
    ):
        assert wanted in assets
    assert all(path.startswith("/static/") for path in assets)
    for path in assets:  # every file it keeps exists (one missing stops the worker installing)
        assert (await client.get(path)).status_code == 200, path
    # The same worker for everyone: it names no person, door or phone.
    assert (await client.get(WORKER)).text == response.text


async def test_the_scanner_page_registers_the_worker_whose_scope_covers_it(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    page = await phone.client.get("/door/scan")
    assert page.status_code == 200
    scanner = soup(page).find(id="scanner")
    assert scanner is not None
    worker = httpx.URL(str(scanner["data-worker"]))
    assert worker.path == WORKER
    # A worker controls pages under its own folder: /door/ covers /door/scan.
    assert "/door/scan".startswith(worker.path.rsplit("/", 1)[0] + "/")
    # The worker keeps the page only when it is the scanner: its test is this mark.
    assert 'id="scanner"' in page.text
    not_paired = await browser.client.get("/door/scan")
    assert not_paired.status_code == 200
    assert 'id="scanner"' not in not_paired.text
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]
