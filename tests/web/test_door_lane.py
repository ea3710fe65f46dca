"""The door scan's fast lane answers exactly as the whole stack would: the same checks (CSRF
header, signed session), the same headers, and every other case handed to the full stack."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx

from fairplanner.models import CheckIn, Fair, Ticket
from fairplanner.models.checkin import DoorDevice
from fairplanner.models.enums import Phase
from fairplanner.services.checkin_rules import Result
from fairplanner.settings import Settings
from fairplanner.web import door_lane
from tests import checkin_factories, ticket_factories
from tests.helpers import Browser, text_of
from tests.web.test_checkin import _pair_link, _paired_phone


@contextlib.asynccontextmanager
async def _paired(
    browser: Browser, settings: Settings, attendee: str
) -> AsyncIterator[tuple[Browser, Fair, Ticket, str]]:
    """A paired phone (closed after), its fair, one booked ticket and the phone's CSRF token."""
    fair, boss = await ticket_factories.fair(Phase.LIVE)
    await browser.sign_in(str(boss.email), ticket_factories.PASSWORD)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    ticket = await checkin_factories.booked(fair, attendee)
    try:
        yield phone, fair, ticket, phone.client.cookies["csrftoken"]
    finally:
        await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def _scan(phone: Browser, headers: dict[str, str], **body: object) -> httpx.Response:
    return await phone.client.post("/door/api/redeem", json=body, headers=headers)


async def test_a_scan_by_the_lane_carries_every_security_header_and_a_request_id(
    browser: Browser, settings: Settings
) -> None:
    async with _paired(browser, settings, "Lena Lane") as (phone, _fair, ticket, token):
        answer = await _scan(phone, {"x-csrftoken": token}, code=ticket.secret, nonce="l1")
        assert answer.status_code == 200
        assert answer.json()["reason"] == Result.OK.value
        assert answer.json()["name"] == "Lena L."
        for header in (
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
            "permissions-policy",
            "x-request-id",
        ):
            assert answer.headers.get(header), header
        assert answer.headers["cache-control"] == "no-store"
        # The lane does not re-sign the session on every scan.
        assert "set-cookie" not in answer.headers


async def test_without_the_csrf_header_or_with_a_wrong_one_nothing_is_stored(
    browser: Browser, settings: Settings
) -> None:
    async with _paired(browser, settings, "Nora None") as (phone, _fair, ticket, token):
        for headers in ({}, {"x-csrftoken": token[:-2] + "xx"}, {"x-csrftoken": ""}):
            refused = await _scan(phone, headers, code=ticket.secret, nonce="c1")
            assert refused.status_code == 403, headers
        assert not await CheckIn.exists()
        accepted = await _scan(phone, {"x-csrftoken": token}, code=ticket.secret, nonce="c1")
        assert accepted.json()["reason"] == Result.OK.value


async def test_a_forged_or_foreign_session_is_not_a_paired_phone(
    browser: Browser, settings: Settings
) -> None:
    async with _paired(browser, settings, "Fay Forged") as (phone, _fair, ticket, token):
        real = phone.client.cookies["fairplanner_session"]
        forged = real[:-3] + ("aaa" if not real.endswith("aaa") else "bbb")
        phone.client.cookies.set("fairplanner_session", forged)
        refused = await _scan(phone, {"x-csrftoken": token}, code=ticket.secret, nonce="f1")
        assert refused.status_code == 401
        assert refused.json()["reason"] == "revoked"
        # A session signed with another key (another installation) is no better.
        lane = door_lane.DoorScanLane(
            lambda *a: None,  # type: ignore[arg-type,return-value]
            secret_key="another-key-" * 4,
            max_age=60,
            production=False,
        )
        assert lane._check(real, token) is None
        assert not await CheckIn.exists()


async def test_a_revoked_phone_is_forgotten_by_its_session_even_after_the_lane_knew_it(
    browser: Browser, settings: Settings
) -> None:
    async with _paired(browser, settings, "Rita Revoked") as (phone, fair, ticket, token):
        first = await _scan(phone, {"x-csrftoken": token}, code=ticket.secret, nonce="r1")
        assert first.json()["reason"] == Result.OK.value
        device = await DoorDevice.get(fair_id=fair.id)
        await browser.post(f"/fairs/{fair.id}/door/phones/{device.id}/revoke")
        late = await _scan(phone, {"x-csrftoken": token}, code=ticket.secret, nonce="r2")
        assert late.status_code == 401
        assert late.json()["reason"] == "revoked"
        assert "set-cookie" in late.headers  # the whole stack cleared the session
        assert "not paired" in text_of(await phone.get("/door/scan"))
        assert await CheckIn.filter(nonce="r2").count() == 0
