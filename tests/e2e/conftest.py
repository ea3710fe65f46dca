"""Browser tests: a real FairPlanner server (uvicorn, its own process and database, demo
loaded) driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests import databases
from tests.conftest import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTSIDER_EMAIL = "outsider@hillside.example.org"
OUTSIDER_PASSWORD = "outsider-password-1"


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]


def _fairplanner(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "fairplanner", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app as people run it: migrated by the CLI, demo loaded, served by uvicorn."""
    workdir = tmp_path_factory.mktemp("e2e")
    url = databases.run_in_thread(databases.migrated_database(workdir, "fairplanner_e2e"))
    port = free_port()
    env = {
        **os.environ,
        "FAIRPLANNER_ENV": "test",
        "FAIRPLANNER_DATABASE_URL": url,
        "FAIRPLANNER_DATA_DIR": str(workdir),
        "FAIRPLANNER_SECRET_KEY": "e2e-secret-" + "y" * 32,
        "FAIRPLANNER_ORGANISER_PASSWORD": OUTSIDER_PASSWORD,
        # Generous limits: the crawler signs in many times from one address.
        "FAIRPLANNER_LOG_LEVEL": "WARNING",
    }
    _fairplanner(env, "demo")
    _fairplanner(
        env,
        "create-organiser",
        "--organisation",
        "Hillside Charity",
        "--name",
        "Hana Outsider",
        "--email",
        OUTSIDER_EMAIL,
    )
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "fairplanner.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, workdir / "server.log")
        yield Server(url=base, env=env)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not start in 30 s: {log.read_text()}")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    # Per module, not per session: Playwright's sync API keeps an event loop running in this
    # thread while it is open, and pytest-asyncio's tests elsewhere need the thread free.
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is missing: run `make test`, which installs it, or apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def no_js_page(chromium: Browser) -> Iterator[Page]:
    ctx = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx.new_page()
    ctx.close()
