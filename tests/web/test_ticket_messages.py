"""Ticket messages as people receive them: the ticket e-mail through a real SMTP server with
the fair attached as a calendar file, waiting-list offers by each person's route, and access
needs kept out of every link, code, file, message and log line."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from email.message import Message
from pathlib import Path

import pytest
from icalendar import Calendar

from fairplanner.models import ContactMessage, OutboxMessage, Registration, Ticket
from fairplanner.models.enums import ContactChannel
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.services import notifications, tickets
from fairplanner.services.notifications import SmtpSettings
from tests import ticket_factories
from tests.helpers import Browser
from tests.smtp import CollectingHandler
from tests.web.test_calendars import check_rules
from tests.web.test_tickets import FORM, book, published

NEEDS = "I need a quiet break at lunch."


def attachment(message: Message, filename: str) -> bytes:
    for part in message.walk():
        if part.get_filename() == filename:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError(f"no {filename} attached")


async def deliver(smtp_server: CollectingHandler) -> list[Message]:
    await notifications.deliver_pending(
        smtp=SmtpSettings(host="127.0.0.1", port=smtp_server.port, sender="fp@example.org")
    )
    return smtp_server.messages


async def test_the_ticket_email_arrives_with_the_fair_as_a_calendar_file(
    browser: Browser, db: str, smtp_server: CollectingHandler
) -> None:
    fair, _ = await published()
    secret = (await book(browser, fair)).headers["location"].rsplit("/", 1)[-1]
    [message] = await deliver(smtp_server)
    assert message["To"] == "ruth@example.org"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert secret in str(text.get_payload(decode=True), "utf-8")
    sent = attachment(message, "fair.ics")
    [part] = [p for p in message.walk() if p.get_filename() == "fair.ics"]
    assert part.get_content_type() == "text/calendar"
    body = sent.decode("utf-8")
    calendar = Calendar.from_ical(sent)
    check_rules(calendar, body)
    assert secret not in body  # no ticket link in a calendar (calendars get shared)
    assert "quiet" not in body.lower()
    [event] = calendar.walk("VEVENT")
    # The same event as the "add to calendar" links: same UID and SEQUENCE.
    for path in (f"/events/{fair.id}/fair.ics", f"/tickets/{secret}/fair.ics"):
        [downloaded] = Calendar.from_ical((await browser.get(path)).content).walk("VEVENT")
        assert str(downloaded["UID"]) == str(event["UID"])
        assert int(downloaded["SEQUENCE"]) == int(event["SEQUENCE"]) == 0
    # The fair moves: the next ticket e-mail's file has the same UID and SEQUENCE 1.
    fair.starts_at = fair.starts_at.replace(hour=11)
    await fair.save()
    await book(browser, fair, email="sam@example.org", name="Sam Lee", submission_key="2")
    later = attachment((await deliver(smtp_server))[-1], "fair.ics")
    [moved] = Calendar.from_ical(later).walk("VEVENT")
    assert str(moved["UID"]) == str(event["UID"])
    assert int(moved["SEQUENCE"]) == 1


async def test_the_waiting_list_email_has_no_calendar_file(
    browser: Browser, db: str, smtp_server: CollectingHandler
) -> None:
    fair, _ = await published()
    await tickets.set_capacity(fair=fair, capacity=0, offer_hours=48)
    await book(browser, fair)
    [message] = await deliver(smtp_server)
    assert "waiting list" in message["Subject"]
    assert not [p for p in message.walk() if p.get_filename()]


async def test_offers_go_by_email_text_or_the_list_of_people_to_phone(
    browser: Browser, db: str
) -> None:
    fair, boss_email = await published()
    await tickets.set_capacity(fair=fair, capacity=1, offer_hours=24)
    await book(browser, fair, submission_key="first")
    await book(browser, fair, email="", phone="07700 900123", name="Tex Mobile", submission_key="t")
    await book(browser, fair, email="", phone="01632 960000", name="Lan Line", submission_key="l")
    await book(
        browser,
        fair,
        email="",
        via_supporter="y",
        supporter="Riverside Day Centre, 01632 960111",
        name="Sue Ported",
        submission_key="s",
    )
    await book(browser, fair, email="eve@example.org", name="Eve Mail", submission_key="e")
    assert await Registration.filter(status=RegistrationStatus.WAITING).count() == 4
    await tickets.set_capacity(fair=fair, capacity=5, offer_hours=24)
    await browser.sign_in(boss_email, ticket_factories.PASSWORD)
    # The bookings page offers the free places, in order, and says how each offer went.
    bookings = await browser.get(f"/fairs/{fair.id}/bookings")
    assert bookings.status_code == 200
    assert await Registration.filter(status=RegistrationStatus.OFFERED).count() == 4
    assert bookings.text.count("(offer sent as a text message)") == 1
    assert bookings.text.count("(phone them: see") == 2

    # Joining the waiting list was confirmed by text too (the mobile had no e-mail).
    assert await ContactMessage.exists(recipient_name="Tex Mobile", kind="ticket")
    assert not await ContactMessage.exists(recipient_name="Lan Line", kind="ticket")
    text = await ContactMessage.get(recipient_name="Tex Mobile", kind="ticket_offer")
    assert text.channel == ContactChannel.TEXT
    assert text.address == "07700 900123"
    assert "Please say yes within 24 hours" in text.body
    phone = await ContactMessage.get(recipient_name="Lan Line", kind="ticket_offer")
    assert phone.channel == ContactChannel.PHONE
    supporter = await ContactMessage.get(recipient_name="Sue Ported", kind="ticket_offer")
    assert supporter.channel == ContactChannel.SUPPORTER
    assert "Riverside Day Centre" in supporter.address
    mail = await OutboxMessage.get(to_address="eve@example.org", subject__contains="free")
    lead = await Ticket.get(registration__name="Eve Mail", lead=True)
    assert lead.secret in mail.body
    # The texts are sent by the gateway; the other two are on the organisers' list.
    listed = await browser.get(f"/fairs/{fair.id}/contact-list")
    assert "Lan Line" in listed.text
    assert "Sue Ported" in listed.text
    for message in await ContactMessage.all():
        assert "quiet" not in message.body.lower()


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbar-tools")
async def test_access_needs_stay_out_of_links_codes_files_messages_and_logs(
    browser: Browser, db: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Everything the app logs at the level it runs at (INFO). Tortoise's DEBUG log prints SQL
    # with its parameters, so it must never be switched on in production (docs/tickets.md).
    caplog.set_level(logging.INFO)
    fair, boss_email = await published()
    booked = await book(browser, fair, places="2")
    location = booked.headers["location"]
    secret = location.rsplit("/", 1)[-1]
    urls = [location]
    page = await browser.get(location)
    urls += re.findall(r'href="([^"]+)"', page.text)
    files = [
        (await browser.get(f"/tickets/{secret}/fair.ics")).text,
        (await browser.get(f"/events/{fair.id}/fair.ics")).text,
        (await browser.get(f"/events/{fair.id}/programme.ics")).text,
    ]
    printed = await browser.get(f"/tickets/{secret}/print")
    await browser.sign_in(boss_email, ticket_factories.PASSWORD)
    badges = await browser.get(f"/fairs/{fair.id}/bookings/badges")
    detail_url = f"/fairs/{fair.id}/bookings/{(await Registration.get(fair_id=fair.id)).id}"
    assert NEEDS in (await browser.get(detail_url)).text  # organisers do see them
    svgs = re.findall(r"<svg[^>]*fp-qr.*?</svg>", printed.text + badges.text, re.S)
    valid = {t.secret for t in await Ticket.filter(fair_id=fair.id)}
    assert len(svgs) == 6  # two tickets and a carer's, on the print page and the badges
    for n, svg in enumerate(svgs):
        path = tmp_path / f"{n}.svg"
        path.write_text(svg)
        zbar = await asyncio.create_subprocess_exec(
            "zbarimg", "--quiet", "--raw", str(path), stdout=asyncio.subprocess.PIPE
        )
        decoded = (await zbar.communicate())[0].decode().strip()
        assert decoded in valid  # the secret, and nothing else
    messages = [m.body for m in await OutboxMessage.all()]
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for place in urls + files + messages + [logs]:
        assert "quiet" not in place.lower(), place[:200]
        assert "lunch" not in place.lower(), place[:200]
    assert FORM["access_needs"] == NEEDS
