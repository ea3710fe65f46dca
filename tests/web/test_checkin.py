"""The door over HTTP: organisers pair a phone by QR link, the phone scans typed references
without JavaScript and through the JSON API, supervisors search, undo and book walk-ins."""

from __future__ import annotations

import re

import httpx

from fairplanner.models import CheckIn, Fair, Registration, Ticket
from fairplanner.models.checkin import CheckInList, DoorDevice
from fairplanner.models.enums import Phase, Role
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services.checkin_rules import Result
from fairplanner.settings import Settings
from fairplanner.web.views import door_api
from tests import checkin_factories, ticket_factories
from tests.helpers import Browser, error_messages, new_browser, soup, text_of


async def _organiser(browser: Browser) -> tuple[Fair, str]:
    fair, boss = await ticket_factories.fair(Phase.LIVE)
    await browser.sign_in(str(boss.email), ticket_factories.PASSWORD)
    return fair, str(boss.email)


async def _pair_link(browser: Browser, fair: Fair, role: str = "steward", pin: str = "") -> str:
    made = await browser.post(
        f"/fairs/{fair.id}/door/lists/new", {"name": "Main entrance", "allow_reentry": "y"}
    )
    assert made.status_code == 303, made.text
    door_list = await CheckInList.get(fair_id=fair.id, name="Main entrance")
    phone = await browser.post(
        f"/fairs/{fair.id}/door/phones/new",
        {
            "list_id": str(door_list.id),
            "label": "Sam's phone",
            "role": role,
            "hours": "8",
            "pin": pin,
        },
    )
    assert phone.status_code == 303, phone.text
    page = await browser.get(phone.headers["location"])
    assert 'class="fp-qr"' in page.text
    link = re.search(r"http://testserver/door/pair/[\w-]+", page.text)
    assert link is not None
    again = await browser.get(phone.headers["location"])
    assert 'class="fp-qr"' not in again.text  # the code is shown once
    return link[0]


async def _paired_phone(settings: Settings, link: str, pin: str = "") -> Browser:
    phone_cm = new_browser(settings)
    phone = await phone_cm.__aenter__()
    opened = await phone.get(link)
    assert opened.status_code == 200
    done = await phone.post(link, {"pin": pin})
    assert done.status_code == 303, done.text
    phone._cm = phone_cm  # type: ignore[attr-defined]
    return phone


async def test_an_organiser_pairs_a_phone_which_checks_in_a_typed_reference(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    link = await _pair_link(browser, fair)
    phone = await _paired_phone(settings, link)
    ticket = await checkin_factories.booked(
        fair, "Ruth Okafor", access_need_keys=("Q",), show_at_door=True
    )
    typed = f"{ticket.reference[:5].lower()}-{ticket.reference[5:]}"
    scanned = await phone.post("/door/scan", {"code": typed, "direction": "entry", "nonce": "a1"})
    assert scanned.status_code == 303
    page = await phone.get(scanned.headers["location"])
    words = text_of(page)
    assert "Welcome in" in words
    assert "Ruth O." in words
    assert "Needs a quiet space" in words
    assert "Okafor" not in page.text
    assert soup(page).select_one("[aria-live]") is not None
    again = await phone.get(
        (await phone.post("/door/scan", {"code": typed, "nonce": "a2"})).headers["location"]
    )
    assert "Already inside" in text_of(again)
    overview = text_of(await browser.get(f"/fairs/{fair.id}/door"))
    assert "Arrivals in the last 3 hours" in overview
    assert "Needs a quiet space: 1" in overview
    assert "Ruth" not in overview
    # A second phone opening the same link later gets nothing: it worked once.
    async with new_browser(settings) as late:
        assert (await late.get(link)).status_code == 410
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def test_a_pin_protected_pairing_refuses_a_wrong_pin(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    link = await _pair_link(browser, fair, pin="2468")
    async with new_browser(settings) as phone:
        wrong = await phone.post(link, {"pin": "1111"})
        assert wrong.status_code == 422
        assert error_messages(wrong) == {"pin": "That PIN is not right. Ask the organiser."}
        right = await phone.post(link, {"pin": "2468"})
        assert right.status_code == 303


async def test_an_empty_reference_is_shown_again_with_a_message(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    response = await phone.post("/door/scan", {"code": "", "nonce": "x"})
    assert response.status_code == 422
    assert "code" in error_messages(response)
    assert not await CheckIn.exists()
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def _api(phone: Browser, **body: object) -> httpx.Response:
    token = phone.client.cookies["csrftoken"]
    return await phone.client.post("/door/api/redeem", json=body, headers={"x-csrftoken": token})


async def test_the_api_answers_every_reason_code_and_keeps_the_first_answer_per_nonce(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    good = await checkin_factories.booked(fair, "Gina Good")
    cancelled = await checkin_factories.booked(fair, "Cara Cancel")
    await Registration.filter(id=cancelled.registration_id).update(
        status=RegistrationStatus.CANCELLED
    )  # type: ignore[attr-defined]
    waiting = await checkin_factories.booked(fair, "Wendy Wait")
    await Registration.filter(id=waiting.registration_id).update(status=RegistrationStatus.WAITING)  # type: ignore[attr-defined]
    other, _ = await ticket_factories.fair()
    stranger = await checkin_factories.booked(other, "Otto Other")
    cases = [
        (good.secret, "entry", Result.OK),
        (good.secret, "entry", Result.ALREADY_CHECKED_IN),
        (good.secret, "exit", Result.OK),
        (good.secret, "exit", Result.NOT_INSIDE),
        ("NOT-A-TICKET", "entry", Result.UNKNOWN_TICKET),
        ("ü" * 40, "entry", Result.UNKNOWN_TICKET),
        (cancelled.secret, "entry", Result.CANCELLED),
        (waiting.secret, "entry", Result.NOT_BOOKED),
        (stranger.secret, "entry", Result.WRONG_LIST),
    ]
    for n, (code, direction, expected) in enumerate(cases):
        answer = await _api(
            phone,
            code=code,
            nonce=f"n{n}",
            direction=direction,
            client_time="1999-01-01T00:00:00+00:00",
        )
        assert answer.status_code == 200
        assert answer.json()["reason"] == expected.value, (code, direction)
    replay = await _api(phone, code=good.secret, nonce="n0")
    assert replay.json()["reason"] == "ok"
    assert replay.json()["replayed"] is True
    assert await CheckIn.filter(nonce="n0").count() == 1
    assert await CheckIn.all().count() == len(cases)
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def test_the_api_refuses_bad_requests_steward_force_unpaired_phones_and_floods(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    token = phone.client.cookies["csrftoken"]
    garbage = await phone.client.post(
        "/door/api/redeem",
        content=b"{not json",
        headers={"x-csrftoken": token, "content-type": "application/json"},
    )
    assert garbage.status_code == 400
    assert garbage.json()["reason"] == "bad_request"
    deep = await phone.client.post(  # nests too deep for json.loads (RecursionError)
        "/door/api/redeem",
        content=b"[" * 1500,
        headers={"x-csrftoken": token, "content-type": "application/json"},
    )
    assert deep.status_code == 400
    assert deep.json()["reason"] == "bad_request"
    assert (await _api(phone, code="X", nonce="x" * 65)).status_code == 400
    # Clock times no database can store (before year 1 or past 9999 once in UTC) are
    # kept as no time: the scan is answered and stored.
    for n, clock in enumerate(("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00")):
        skewed = await _api(phone, code="NOT-A-TICKET", nonce=f"clock{n}", client_time=clock)
        assert skewed.status_code == 200
        assert skewed.json()["reason"] == "unknown_ticket"
        assert (await CheckIn.get(nonce=f"clock{n}")).client_time is None
    # Text PostgreSQL cannot keep (NUL, a lone surrogate) is refused, not a server error.
    assert (await _api(phone, code="X", nonce="a\x00b")).status_code == 400
    surrogate = await phone.client.post(
        "/door/api/redeem",
        content=b'{"code": "X", "nonce": "\\ud916"}',
        headers={"x-csrftoken": token, "content-type": "application/json"},
    )
    assert surrogate.status_code == 400
    assert (await _api(phone, code="X", nonce="n", direction="sideways")).status_code == 400
    forced = await _api(phone, code="X", nonce="n", force=True)
    assert forced.status_code == 403
    device = await DoorDevice.get(fair_id=fair.id)
    door_api._buckets[device.id] = (0.0, 1e18)
    flood = await _api(phone, code="X", nonce="flood")
    assert flood.status_code == 429
    door_api._buckets.pop(device.id)
    await browser.post(f"/fairs/{fair.id}/door/phones/{device.id}/revoke")
    stopped = await _api(phone, code="X", nonce="late")
    assert stopped.status_code == 401
    assert stopped.json()["reason"] == "revoked"
    assert "not paired" in text_of(await phone.get("/door/scan"))
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def test_the_api_is_described_by_an_openapi_document(browser: Browser, db: str) -> None:
    document = (await browser.get("/door/api/openapi.json")).json()
    reasons = document["paths"]["/door/api/redeem"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["properties"]["reason"]["enum"]
    assert {r.value for r in Result} <= set(reasons)


async def test_only_the_scanner_page_allows_webassembly(browser: Browser, db: str) -> None:
    scanner = await browser.get("/door/scan")
    assert "'wasm-unsafe-eval'" in scanner.headers["content-security-policy"]
    assert "wasm" not in (await browser.get("/sign-in")).headers["content-security-policy"]


async def test_a_supervisor_searches_by_three_letters_undoes_and_books_a_walk_in(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair, role="supervisor"))
    await checkin_factories.booked(fair, "Harriet Lane")
    short = await phone.get("/door/search", params={"q": "Ha"})
    assert short.status_code == 422
    assert error_messages(short) == {"q": "Type at least 3 letters of their name"}
    found = await phone.get("/door/search", params={"q": "lane"})
    assert "Harriet L." in text_of(found)
    assert "Lane" not in text_of(found)
    # A NUL in the search or in the nonce reached PostgreSQL, which refused it (a server error).
    found = await phone.get("/door/search", params={"q": "la\x00ne"})
    assert "Harriet L." in text_of(found)
    ticket = await Ticket.get(registration__name="Harriet Lane")
    checked = await phone.post(f"/door/search/{ticket.id}", {"nonce": "s\x001"})
    scan_id = int(checked.headers["location"].split("scan=")[1])
    page = await phone.get(checked.headers["location"])
    assert "Welcome in" in text_of(page)
    assert "Undo this scan" in page.text
    undone = await phone.post(f"/door/scan/{scan_id}/undo")
    assert undone.status_code == 303
    assert (await CheckIn.get(id=scan_id)).annulled_at is not None
    missing = await phone.post("/door/walk-in", {"name": "Walter Inn", "submission_key": "w1"})
    assert missing.status_code == 422
    assert "email" in error_messages(missing)
    assert 'value="Walter Inn"' in missing.text
    walked = await phone.post(
        "/door/walk-in", {"name": "Walter Inn", "phone": "07700 900999", "submission_key": "w1"}
    )
    assert walked.status_code == 303
    assert "Welcome in" in text_of(await phone.get(walked.headers["location"]))
    registration = await Registration.get(name="Walter Inn")
    assert registration.source == RegistrationSource.DOOR
    # A key with a NUL was refused by PostgreSQL (a server error): a new key is made instead.
    walked = await phone.post(
        "/door/walk-in", {"name": "Wanda Inn", "phone": "07700 900998", "submission_key": "w\x002"}
    )
    assert walked.status_code == 303
    assert "\x00" not in (await Registration.get(name="Wanda Inn")).submission_key
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def test_stewards_cannot_search_and_door_members_see_counts_not_pairing(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    assert (await phone.get("/door/search", params={"q": "abc"})).status_code == 403
    assert (await phone.get("/door/walk-in")).status_code == 403
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]
    volunteer = await ticket_factories.member(fair, Role.DOOR)
    async with new_browser(settings) as door_member:
        await door_member.sign_in(str(volunteer.email), ticket_factories.PASSWORD)
        overview = await door_member.get(f"/fairs/{fair.id}/door")
        assert overview.status_code == 200
        assert "Pair a phone" not in overview.text
        assert "People inside who told us" not in overview.text
        assert (await door_member.get(f"/fairs/{fair.id}/door/phones/new")).status_code == 403
        main = await CheckInList.get(fair_id=fair.id)
        roll = await door_member.get(f"/fairs/{fair.id}/door/lists/{main.id}/roll-call")
        assert roll.status_code == 200


async def test_a_bad_door_form_is_shown_again_with_what_was_typed(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    response = await browser.post(
        f"/fairs/{fair.id}/door/lists/new", {"name": "Side door", "opens": "25 o'clock"}
    )
    assert response.status_code == 422
    assert error_messages(response) == {"opens": "Enter a time like 9:30 or 2pm"}
    assert 'value="Side door"' in response.text


async def test_one_phone_paired_to_two_doors_switches_between_them(
    browser: Browser, settings: Settings
) -> None:
    fair, _ = await _organiser(browser)
    phone = await _paired_phone(settings, await _pair_link(browser, fair))
    await browser.post(f"/fairs/{fair.id}/door/lists/new", {"name": "Side door"})
    side = await CheckInList.get(fair_id=fair.id, name="Side door")
    made = await browser.post(
        f"/fairs/{fair.id}/door/phones/new",
        {"list_id": str(side.id), "label": "Sam's phone", "role": "steward", "hours": "8"},
    )
    link = re.search(
        r"http://testserver/door/pair/[\w-]+", (await browser.get(made.headers["location"])).text
    )
    assert link is not None
    assert (await phone.post(link[0], {"pin": ""})).status_code == 303
    page = await phone.get("/door/scan")
    assert soup(page).select_one("h1").get_text() == "Scan tickets at Side door"  # type: ignore[union-attr]
    main = await DoorDevice.get(fair_id=fair.id, checkin_list__name="Main entrance")
    assert "Scan at another door" in text_of(page)
    ticket = await checkin_factories.booked(fair, "Dora Doors")
    assert (await _api(phone, code=ticket.secret, nonce="d1")).json()["reason"] == "ok"
    switched = await phone.post("/door/switch", {"device_id": str(main.id)})
    assert switched.status_code == 303
    page = await phone.get("/door/scan")
    assert "Now scanning at Main entrance" in text_of(page)
    # Each door has its own presence: Dora is inside through the side door, not the main one.
    assert (await _api(phone, code=ticket.secret, nonce="d2")).json()["reason"] == "ok"
    again = await _api(phone, code=ticket.secret, nonce="d3")
    assert again.json()["reason"] == "already_checked_in"
    # A door this phone was never paired to cannot be switched to.
    assert (await phone.post("/door/switch", {"device_id": "999"})).status_code == 403
    # A stopped pairing is dropped when switched to; unpairing one door keeps the other.
    side_device = await DoorDevice.get(checkin_list_id=side.id)
    await browser.post(f"/fairs/{fair.id}/door/phones/{side_device.id}/revoke")
    dropped = await phone.post("/door/switch", {"device_id": str(side_device.id)})
    assert "pairing has ended" in text_of(await phone.get(dropped.headers["location"]))
    assert "Scan at another door" not in text_of(await phone.get("/door/scan"))
    left = await phone.post("/door/leave")
    assert "not paired" in text_of(await phone.get(left.headers["location"]))
    await phone._cm.__aexit__(None, None, None)  # type: ignore[attr-defined]
