"""Offline mode over HTTP: the snapshot a door phone keeps (digests, never secrets or
surnames), scans synced later with what the phone decided, the conflict report, the no-show
list (organisers only), clock-skewed client times, and the shared rule table."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fairplanner.models import CheckIn, Fair, Registration
from fairplanner.models.checkin import CheckInList, Direction, DoorDevice, Presence
from fairplanner.models.enums import Role
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.services import checkin_rules
from fairplanner.services.checkin_offline import code_digest
from fairplanner.services.checkin_rules import ListFacts, Result, TicketFacts
from fairplanner.settings import Settings
from tests import checkin_factories, ticket_factories
from tests.helpers import Browser, new_browser, soup, text_of
from tests.web.test_checkin import _api, _organiser, _pair_link, _paired_phone


async def test_the_snapshot_holds_digests_first_names_and_agreed_notes_only(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    shared = await checkin_factories.booked(
        fair, "Ruth Okafor", access_need_keys=("Q",), show_at_door=True
    )
    private = await checkin_factories.booked(
        fair, "Pat Private", access_need_keys=("W",), show_at_door=False
    )
    waiting = await checkin_factories.booked(fair, "Wendy Wait")
    await Registration.filter(id=waiting.registration_id).update(  # type: ignore[attr-defined]
        status=RegistrationStatus.WAITING
    )
    other, _ = await ticket_factories.fair()
    await checkin_factories.booked(other, "Otto Other")
    assert (await _api(phone, code=shared.secret, nonce="in")).json()["reason"] == "ok"

    response = await phone.get("/door/api/snapshot")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    text = response.text
    for secret in (shared.secret, private.secret, shared.reference):
        assert secret not in text
    for surname in ("Okafor", "Private", "Wait", "Otto"):
        assert surname not in text
    data = response.json()
    by_digest = {t["s"]: t for t in data["tickets"]}
    assert len(by_digest) == 3  # this fair's tickets only
    ruth = by_digest[code_digest(shared.secret)]
    assert ruth["r"] == code_digest(shared.reference)
    assert ruth == ruth | {"n": "Ruth O.", "d": ["Needs a quiet space"], "i": True, "e": 1}
    assert by_digest[code_digest(private.secret)]["d"] == []
    assert (
        by_digest[code_digest(waiting.secret)] | {"n": "", "g": "waiting"}
        == by_digest[code_digest(waiting.secret)]
    )
    assert data["inside"] == 1
    assert data["rules"] == checkin_rules.exported_rules()["rules"]
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]
    async with new_browser(settings) as stranger:
        assert (await stranger.get("/door/api/snapshot")).status_code == 401


async def test_synced_offline_scans_are_recorded_and_double_admissions_reported(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    link_a = await _pair_link(browser, fair)
    door_list = await CheckInList.get(fair_id=fair.id)
    made = await browser.post(
        f"/fairs/{fair.id}/door/phones/new",
        {"list_id": str(door_list.id), "label": "Kim's phone", "role": "steward", "hours": "8"},
    )
    page = await browser.get(made.headers["location"])
    found = re.search(r"http://testserver/door/pair/[\w-]+", page.text)
    assert found is not None
    link_b = found[0]
    phone_a = await _paired_phone(settings, link_a)
    phone_b = await _paired_phone(settings, link_b)
    twice = await checkin_factories.booked(fair, "Tom Twice")
    cancelled = await checkin_factories.booked(fair, "Cy Cancel")
    turned = await checkin_factories.booked(fair, "Tina Turned")
    await Registration.filter(id=cancelled.registration_id).update(  # type: ignore[attr-defined]
        status=RegistrationStatus.CANCELLED
    )
    scanned_at = (datetime.now(UTC) - timedelta(minutes=3)).isoformat()

    # B lets Tom in online; A had let him in offline before and syncs afterwards.
    assert (await _api(phone_b, code=twice.secret, nonce="b1")).json()["reason"] == "ok"
    synced = await _api(
        phone_a, code=twice.secret, nonce="a1", client_time=scanned_at, offline_result="ok"
    )
    assert synced.status_code == 200
    assert synced.json()["status"] == "ok"
    assert synced.json()["forced"] is True
    # A second send of the same scan (a retry) changes nothing.
    again = await _api(
        phone_a, code=twice.secret, nonce="a1", client_time=scanned_at, offline_result="ok"
    )
    assert again.json()["replayed"] is True
    assert await CheckIn.filter(ticket_id=twice.id).count() == 2
    presence = await Presence.get(ticket_id=twice.id)
    assert (presence.inside, presence.entries) == (True, 2)
    flagged = await CheckIn.get(nonce="a1")
    assert (flagged.offline, flagged.conflict) == (True, "already_checked_in")
    assert flagged.client_time is not None

    # A ticket cancelled after the snapshot, let in offline: recorded and reported, not inside.
    late = await _api(phone_a, code=cancelled.secret, nonce="a2", offline_result="ok")
    assert late.json()["reason"] == "cancelled"
    assert not await Presence.exists(ticket_id=cancelled.id)
    # Turned away offline: logged with the phone's answer, nobody let in.
    away = await _api(phone_a, code=turned.secret, nonce="a3", offline_result="already_checked_in")
    assert away.json()["reason"] == "already_checked_in"
    assert not await Presence.exists(ticket_id=turned.id)
    # An offline exit is an ordinary exit.
    out = await _api(phone_a, code=twice.secret, nonce="a4", direction="exit", offline_result="ok")
    assert out.json()["reason"] == "ok"
    bad = await _api(phone_a, code=twice.secret, nonce="a5", offline_result="maybe")
    assert bad.status_code == 400
    assert bad.json()["reason"] == "bad_request"

    report = await browser.get(f"/fairs/{fair.id}/door/conflicts")
    assert report.status_code == 200
    words = text_of(report)
    assert "2 tickets to check." in words
    assert "Let in twice" in words
    assert "Let in offline, but the ticket had been cancelled." in words
    assert "Tina" not in words
    tom = next(t for t in soup(report).select("table") if "Tom T." in t.get_text())
    rows = [" ".join(r.get_text().split()) for r in tom.select("tbody tr")]
    assert len(rows) == 2
    assert rows[0].startswith("Sam's phone")
    assert rows[0].endswith("Offline, sent later")
    assert rows[1].startswith("Kim's phone")
    assert rows[1].endswith("Online")
    assert "Twice" not in report.text
    for phone in (phone_a, phone_b):
        await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def test_clock_skewed_client_times_are_reported_and_not_trusted(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    ticket = await checkin_factories.booked(fair, "Clara Clock")
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    online = await _api(phone, code="NOT-A-TICKET", nonce="c1", client_time=future)
    assert online.json()["clock_skewed"] is True
    fine = await _api(
        phone, code="NOT-A-TICKET", nonce="c2", client_time=datetime.now(UTC).isoformat()
    )
    assert fine.json()["clock_skewed"] is False
    offline = await _api(
        phone, code=ticket.secret, nonce="c3", client_time=future, offline_result="ok"
    )
    assert offline.json()["clock_skewed"] is True
    assert offline.json()["reason"] == "ok"
    assert (await CheckIn.get(nonce="c3")).client_time is None  # the server's time is used
    naive = await _api(phone, code="X", nonce="c4", client_time="2026-01-01T10:00:00")
    assert naive.json()["clock_skewed"] is False
    assert (await CheckIn.get(nonce="c4")).client_time is None
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def test_the_no_show_list_is_for_organisers_after_the_doors_open(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    before = text_of(await browser.get(f"/fairs/{fair.id}/door/no-shows"))
    assert "There are no doors yet" in before
    soon = datetime.now(UTC) + timedelta(hours=1)
    await checkin_factories.door_list(fair, "Later door", opens_at=soon)
    await Fair.filter(id=fair.id).update(starts_at=soon)
    waiting = text_of(await browser.get(f"/fairs/{fair.id}/door/no-shows"))
    assert "The doors have not opened yet" in waiting
    await CheckInList.filter(fair_id=fair.id).update(opens_at=soon - timedelta(hours=2))
    came = await checkin_factories.booked(fair, "Cora Came")
    await checkin_factories.booked(fair, "Nell Notyet", phone="07700 900123")
    await checkin_factories.booked(fair, "Ed Email")
    door_list = await CheckInList.get(fair_id=fair.id)
    await Presence.create(
        checkin_list=door_list,
        ticket=came,
        first_entry_at=datetime.now(UTC),
        changed_at=datetime.now(UTC),
    )
    page = await browser.get(f"/fairs/{fair.id}/door/no-shows")
    words = text_of(page)
    assert "Nell Notyet Phone 07700 900123" in words
    assert "Ed Email E-mail" in words
    assert "Cora" not in words
    volunteer = await ticket_factories.member(fair, Role.DOOR)
    async with new_browser(settings) as door_member:
        await door_member.sign_in(str(volunteer.email), ticket_factories.PASSWORD)
        assert (await door_member.get(f"/fairs/{fair.id}/door/no-shows")).status_code == 403
        assert (await door_member.get(f"/fairs/{fair.id}/door/conflicts")).status_code == 200
        overview = await door_member.get(f"/fairs/{fair.id}/door")
        assert "Booked but not here yet" not in overview.text
        assert "Refresh the figures" in overview.text


def test_the_rule_table_gives_the_same_answers_as_the_rules_in_words() -> None:
    at = datetime(2026, 6, 1, 10, tzinfo=UTC)
    door = ListFacts(fair_id=1, opens_at=at, closes_at=None, allow_reentry=False)
    valid = TicketFacts(
        fair_id=1, ticket_status="valid", registration_status="booked", inside=None, entries=0
    )

    def answer(ticket: TicketFacts | None, direction: Direction = Direction.ENTRY) -> Result:
        return checkin_rules.decide(door=door, ticket=ticket, direction=direction, at=at)

    assert answer(None) == Result.UNKNOWN_TICKET
    assert answer(valid) == Result.OK
    assert answer(TicketFacts(2, "valid", "booked", None, 0)) == Result.WRONG_LIST
    assert answer(TicketFacts(1, "cancelled", "booked", None, 0)) == Result.CANCELLED
    assert answer(TicketFacts(1, "valid", "cancelled", None, 0)) == Result.CANCELLED
    assert answer(TicketFacts(1, "valid", "waiting", None, 0)) == Result.NOT_BOOKED
    assert answer(TicketFacts(1, "valid", "booked", True, 1)) == Result.ALREADY_CHECKED_IN
    assert answer(TicketFacts(1, "valid", "booked", False, 1)) == Result.NO_REENTRY
    assert answer(TicketFacts(1, "valid", "booked", True, 1), Direction.EXIT) == Result.OK
    assert answer(valid, Direction.EXIT) == Result.NOT_INSIDE
    early = at - timedelta(minutes=1)
    assert (
        checkin_rules.decide(door=door, ticket=valid, direction=Direction.ENTRY, at=early)
        == Result.LIST_CLOSED
    )
    exported = checkin_rules.exported_rules()
    assert exported["rules"][-1] == {"when": {}, "result": "ok"}  # type: ignore[index]
    assert set(exported["meanings"]) == {r.value for r in Result}  # type: ignore[arg-type]


async def test_the_api_answers_timing_codes_overlong_codes_and_expired_pairings(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair, role="supervisor"))
    ticket = await checkin_factories.booked(fair, "Nora Noreturn")
    await CheckInList.filter(fair_id=fair.id).update(allow_reentry=False)
    steps = [("entry", "ok"), ("exit", "ok"), ("entry", "no_reentry")]
    for n, (direction, reason) in enumerate(steps):
        answer = await _api(phone, code=ticket.secret, nonce=f"t{n}", direction=direction)
        assert answer.json()["reason"] == reason
    forced = await _api(phone, code=ticket.secret, nonce="t3", force=True)
    assert (forced.json()["reason"], forced.json()["forced"]) == ("ok", True)
    later = datetime.now(UTC) + timedelta(hours=1)
    await CheckInList.filter(fair_id=fair.id).update(opens_at=later)
    closed = await _api(phone, code=(await checkin_factories.booked(fair)).secret, nonce="t4")
    assert closed.json()["reason"] == "list_closed"
    # Overlong, non-ASCII and control characters: a clear code, never a 500.
    for n, code in enumerate(["A" * 1500, "\u00e9\u00e8" * 300, "\x00\x07<script>", ""]):
        odd = await _api(phone, code=code, nonce=f"o{n}")
        assert odd.status_code == 200
        assert odd.json()["reason"] == "unknown_ticket"
    huge = await _api(phone, code="A" * 5000, nonce="big")
    assert (huge.status_code, huge.json()["reason"]) == (400, "bad_request")
    assert (await _api(phone, code=None, nonce="none")).status_code == 400
    assert (await _api(phone, code="X", nonce="")).status_code == 400
    assert not await CheckIn.exists(nonce="big")
    hint = (await CheckIn.get(nonce="o0")).code_hint
    assert len(hint) <= 12  # never a whole unknown code
    await DoorDevice.filter(fair_id=fair.id).update(expires_at=datetime.now(UTC))
    expired = await _api(phone, code=ticket.secret, nonce="late")
    assert (expired.status_code, expired.json()["reason"]) == (401, "revoked")
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]
