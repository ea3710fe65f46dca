"""Messages by each person's channel: e-mail with attachments through a real SMTP server,
texts through a real local HTTP gateway, and the list of people to contact by hand."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from fairplanner.models import ContactMessage, Person
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.services import messaging, personal_data
from fairplanner.services.messaging import Attachment, Recipient, SmsGateway
from fairplanner.services.notifications import SmtpSettings, deliver_pending
from tests import factories
from tests.smtp import CollectingHandler


class Gateway:
    """A real HTTP server standing in for an SMS provider: keeps what it was sent."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[dict[str, Any], str]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append((json.loads(body), self.headers.get("Authorization", "")))
                self.send_response(gateway.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    g = Gateway()
    yield g
    g.stop()


def who(channel: ContactChannel, **kw: Any) -> Recipient:
    return Recipient(name="Sam Patel", channel=channel, **kw)


@pytest.mark.parametrize(
    ("recipient", "route"),
    [
        (who(ContactChannel.EMAIL, email="sam@example.org"), "email"),
        (who(ContactChannel.TEXT, phone="07700 900123"), "text"),
        (who(ContactChannel.PHONE, phone="07700 900123"), "list"),
        (who(ContactChannel.POST, note="12 Mill Lane"), "list"),
        (who(ContactChannel.SUPPORTER, note="through Riverside Day Centre"), "list"),
        # Chosen routes with no address still reach a person, never nowhere.
        (who(ContactChannel.EMAIL), "list"),
        (who(ContactChannel.TEXT), "list"),
    ],
)
def test_route_follows_the_chosen_channel_and_falls_back_to_a_person(
    recipient: Recipient, route: str
) -> None:
    assert messaging.route_for(recipient) == route


async def test_email_goes_with_its_attachment_through_smtp(
    db: str, smtp_server: CollectingHandler
) -> None:
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    delivery = await messaging.send(
        to=who(ContactChannel.EMAIL, email="sam@example.org"),
        subject="Your ticket",
        body="Your ticket is attached.",
        fair_id=None,
        kind="ticket",
        attachments=[Attachment("fair.ics", "text/calendar", ics)],
    )
    assert delivery.route == "email"

    sent = await deliver_pending(smtp=SmtpSettings(host="127.0.0.1", port=smtp_server.port))

    assert sent == 1
    (message,) = smtp_server.messages
    parts = [p for p in message.walk() if p.get_filename()]
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [
        ("fair.ics", "text/calendar")
    ]
    assert parts[0].get_payload(decode=True) == ics


async def test_texts_are_sent_once_through_the_gateway(db: str, gateway: Gateway) -> None:
    fair, _boss, _ = await factories.light_fair_with()
    await messaging.send(
        to=who(ContactChannel.TEXT, phone="07700 900123"),
        subject="A place for you",
        body="A place is free on Saturday. Reply by Friday.",
        fair_id=fair.id,
        kind="offer",
    )
    settings = SmsGateway(url=gateway.url, token="s3cret")

    assert await messaging.deliver_texts(gateway=settings) == 1
    assert await messaging.deliver_texts(gateway=settings) == 0

    assert gateway.received == [
        (
            {"to": "07700 900123", "body": "A place is free on Saturday. Reply by Friday."},
            "Bearer s3cret",
        )
    ]
    # Sent texts are off the organiser's list.
    assert await messaging.pending_count(fair_id=fair.id) == 0


async def test_a_refused_text_stays_queued_with_the_reason(db: str) -> None:
    refusing = Gateway(status=500)
    try:
        fair, _, _ = await factories.light_fair_with()
        await messaging.send(
            to=who(ContactChannel.TEXT, phone="07700 900123"),
            subject="Reminder",
            body="See you tomorrow.",
            fair_id=fair.id,
            kind="reminder",
        )
        assert await messaging.deliver_texts(gateway=SmsGateway(url=refusing.url)) == 0
    finally:
        refusing.stop()
    (text,) = await ContactMessage.all()
    assert text.sent_at is None
    assert "500" in text.last_error
    assert text.attempts == 1


async def test_long_texts_are_cut_with_a_note(db: str) -> None:
    fair, _, _ = await factories.light_fair_with()
    await messaging.send(
        to=who(ContactChannel.TEXT, phone="07700 900123"),
        subject="Long",
        body="word " * 200,
        fair_id=fair.id,
        kind="notification",
    )
    (text,) = await ContactMessage.all()
    assert len(text.body) <= messaging.TEXT_LIMIT
    assert text.body.endswith("(More by e-mail or phone.)")


async def test_contact_list_keeps_the_first_note_when_two_mark_it_done(db: str) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.ORGANISER)
    delivery = await messaging.send(
        to=who(ContactChannel.PHONE, phone="01632 960001"),
        subject="Decision made",
        body="We chose the Town Hall.",
        fair_id=fair.id,
        kind="notification",
    )
    pending, done = await messaging.contact_list(fair_id=fair.id)
    assert [m.id for m in pending] == [delivery.message_id]
    assert done == []

    await messaging.mark_done(fair_id=fair.id, message_id=delivery.message_id, by=boss, note="Rang")
    await messaging.mark_done(
        fair_id=fair.id, message_id=delivery.message_id, by=helper, note="Again"
    )

    pending, done = await messaging.contact_list(fair_id=fair.id)
    assert pending == []
    (item,) = done
    assert (item.done_note, item.done_by.id) == ("Rang", boss.id)  # type: ignore[union-attr]


async def test_erasure_deletes_messages_to_the_person_but_keeps_ones_they_handled(
    db: str,
) -> None:
    fair, boss, _ = await factories.light_fair_with()
    member = await Person.create(
        name="Tom Fielding", phone="01632 960002", contact_channel=ContactChannel.PHONE
    )
    to_member = await messaging.send(
        to=Recipient.for_person(member),
        subject="Hello",
        body="Hello Tom",
        fair_id=fair.id,
        kind="notification",
    )
    other = await messaging.send(
        to=who(ContactChannel.POST, note="12 Mill Lane"),
        subject="Hello",
        body="Hello Sam",
        fair_id=fair.id,
        kind="notification",
    )
    assert to_member.route == "list"
    await messaging.mark_done(fair_id=fair.id, message_id=other.message_id, by=boss, note="")

    exported = await personal_data.export_person(person=member)
    assert "ContactMessage (person)" in exported["records"]
    await personal_data.erase_person(person=member)
    await personal_data.erase_person(person=boss)

    remaining = await ContactMessage.all()
    assert [m.id for m in remaining] == [other.message_id]
    assert remaining[0].done_by_id == boss.id  # type: ignore[attr-defined]
