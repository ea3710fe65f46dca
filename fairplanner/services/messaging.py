"""Messages to people by the channel each person chose: e-mail, text, phone, post or a supporter.

One call, `send`, used by every capability (planning notifications, shift offers and reminders,
ticket offers, the review). E-mail goes to the outbox; a text is queued for the SMS gateway;
everything else, and anyone whose chosen route has no address, lands on the fair's list of
people to contact, which an organiser works through and marks done. Call `send` inside the
transaction of the change that caused the message, so both happen or neither does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fairplanner.errors import NotFound
from fairplanner.models import ContactMessage, Person
from fairplanner.models.enums import ContactChannel
from fairplanner.services.clock import now
from fairplanner.services.sql_steps import Steps, run

log = logging.getLogger(__name__)

# A text longer than this is cut, with a note, so the gateway does not split it into many.
TEXT_LIMIT = 480
# How long done items stay visible on the list, so a slip can be seen and put right.
DONE_SHOWN_FOR = timedelta(days=14)


@dataclass(frozen=True)
class Recipient:
    name: str
    channel: ContactChannel
    email: str = ""
    phone: str = ""
    person_id: int | None = None
    # How to reach them when it is not e-mail or text: "through Riverside Day Centre", say.
    note: str = ""

    @classmethod
    def for_person(cls, person: Person, *, note: str = "") -> Recipient:
        return cls(
            name=person.name,
            channel=person.contact_channel,
            email=person.email or "",
            phone=person.phone,
            person_id=person.id,
            note=note,
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Delivery:
    """Where a message went: "email", "text" or "list" (the people-to-contact list)."""

    route: str
    message_id: int


def route_for(recipient: Recipient) -> str:
    """E-mail and text when chosen and possible; otherwise a person reaches them."""
    if recipient.channel == ContactChannel.EMAIL and recipient.email:
        return "email"
    if recipient.channel == ContactChannel.TEXT and recipient.phone:
        return "text"
    return "list"


async def send(
    *,
    to: Recipient,
    subject: str,
    body: str,
    fair_id: int | None,
    kind: str,
    attachments: Sequence[Attachment] = (),
) -> Delivery:
    route = route_for(to)
    if route == "email":
        at = now()
        queued = await run(
            lambda: _queued(to.email, subject, body, attachments, at), transaction=False
        )
        return Delivery("email", queued)
    address = to.phone if to.channel in (ContactChannel.TEXT, ContactChannel.PHONE) else ""
    contact = await ContactMessage.create(
        fair_id=fair_id,
        person_id=to.person_id,
        recipient_name=to.name,
        channel=to.channel,
        address=address or to.note,
        subject=subject,
        body=_text_body(body) if route == "text" else body,
        kind=kind,
    )
    return Delivery(route, contact.id)


# Written by hand: every booking queues an e-mail with its calendar file, and the ORM took
# longer to build these INSERTs than the database to run them.
_MESSAGE = """INSERT INTO outbox_message (to_address, subject, body, created_at, attempts,
last_error) VALUES (?, ?, ?, ?, 0, '') RETURNING id"""
_ATTACHMENT = """INSERT INTO outbox_attachment (message_id, filename, content_type, data)
VALUES (?, ?, ?, ?)"""


def _queued(
    address: str, subject: str, body: str, attachments: Sequence[Attachment], at: datetime
) -> Steps[int]:
    made = yield (_MESSAGE, [address, subject, body, at])
    message_id = int(made[0]["id"])
    for item in attachments:
        yield (_ATTACHMENT, [message_id, item.filename, item.content_type, item.data])
    return message_id


def _text_body(body: str) -> str:
    if len(body) <= TEXT_LIMIT:
        return body
    return body[: TEXT_LIMIT - 40].rstrip() + " (More by e-mail or phone.)"


async def contact_list(*, fair_id: int) -> tuple[list[ContactMessage], list[ContactMessage]]:
    """(still to do, done in the last two weeks) for the fair's list of people to contact.
    Texts already sent by the gateway are not on it."""
    pending = (
        await ContactMessage.filter(fair_id=fair_id, done_at__isnull=True, sent_at__isnull=True)
        .order_by("created_at", "id")
        .prefetch_related("person")
    )
    done = (
        await ContactMessage.filter(fair_id=fair_id, done_at__gte=now() - DONE_SHOWN_FOR)
        .order_by("-done_at", "-id")
        .prefetch_related("done_by")
    )
    return pending, done


async def mark_done(*, fair_id: int, message_id: int, by: Person, note: str) -> ContactMessage:
    message = await ContactMessage.get_or_none(id=message_id, fair_id=fair_id)
    if message is None:
        raise NotFound()
    if message.done_at is None:
        # Conditional, so two organisers ticking the same item keep the first one's note.
        await ContactMessage.filter(id=message.id, done_at__isnull=True).update(
            done_at=now(), done_by_id=by.id, done_note=note.strip()[:300]
        )
        await message.refresh_from_db()
    return message


async def pending_count(*, fair_id: int) -> int:
    return await ContactMessage.filter(
        fair_id=fair_id, done_at__isnull=True, sent_at__isnull=True
    ).count()


@dataclass(frozen=True)
class SmsGateway:
    """An HTTP endpoint that sends texts: POST JSON {"to", "body"} with a bearer token.
    Most SMS providers (or a small relay in front of one) accept this shape."""

    url: str
    token: str = ""


async def deliver_texts(*, gateway: SmsGateway) -> int:
    """Send every queued text through the gateway, each claimed first so two processes never
    send the same one. Returns how many went."""
    sent = 0
    queued = ContactMessage.filter(
        channel=ContactChannel.TEXT, sent_at__isnull=True, done_at__isnull=True
    ).exclude(address="")
    for message in await queued.order_by("id"):
        claimed = await ContactMessage.filter(id=message.id, sent_at__isnull=True).update(
            sent_at=now(), attempts=message.attempts + 1, last_error=""
        )
        if not claimed:
            continue
        try:
            await asyncio.to_thread(_post_text, gateway, message.address, message.body)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            log.warning("text %s not sent: %s", message.id, exc)
            await ContactMessage.filter(id=message.id).update(
                sent_at=None, last_error=str(exc)[:500]
            )
            continue
        sent += 1
    return sent


def _post_text(gateway: SmsGateway, to: str, body: str) -> None:
    if not gateway.url.startswith(("https://", "http://")):
        raise ValueError("the SMS gateway address must start with https://")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        gateway.url,
        data=json.dumps({"to": to, "body": body}).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {gateway.token}"} if gateway.token else {}),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        if response.status >= 300:
            raise ValueError(f"the SMS gateway answered {response.status}")
