"""E-mail through the outbox: written in the same transaction as the change that caused it,
then sent by SMTP when it is configured (in development the outbox page shows it instead)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from fairplanner.models import OutboxAttachment, OutboxMessage
from fairplanner.services.clock import now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str = ""
    password: str = ""
    tls: bool = False
    sender: str = "FairPlanner <fairplanner@localhost>"


async def queue_email(*, to: str, subject: str, body: str) -> OutboxMessage:
    return await OutboxMessage.create(to_address=to, subject=subject, body=body)


async def forget_emails_to(addresses: Collection[str]) -> int:
    """Delete every e-mail to these addresses, sent or not, with its attachments, for erasure:
    nothing may still go to an erased person, and a sent copy only repeats their name and
    address (nothing counts e-mails). Returns how many went."""
    ids = await OutboxMessage.filter(to_address__in=list(addresses)).values_list("id", flat=True)
    if not ids:
        return 0
    # Attachments first: SQLite only cascades when foreign keys are switched on.
    await OutboxAttachment.filter(message_id__in=ids).delete()
    return await OutboxMessage.filter(id__in=ids).delete()


async def recent_messages(*, limit: int = 50) -> list[OutboxMessage]:
    return await OutboxMessage.all().order_by("-id").limit(limit).prefetch_related("attachments")


async def deliver_pending(*, smtp: SmtpSettings) -> int:
    """Send every unsent message. Each is claimed with a conditional update first, so two
    processes never send the same one. Returns how many were sent."""
    sent = 0
    for message in await OutboxMessage.filter(sent_at__isnull=True).order_by("id"):
        claimed = await OutboxMessage.filter(id=message.id, sent_at__isnull=True).update(
            sent_at=now(), attempts=message.attempts + 1, last_error=""
        )
        if not claimed:
            continue
        email = EmailMessage()
        email["From"] = smtp.sender
        email["To"] = message.to_address
        email["Subject"] = message.subject
        email.set_content(message.body)
        for item in await OutboxAttachment.filter(message_id=message.id).order_by("id"):
            maintype, _, subtype = item.content_type.partition("/")
            email.add_attachment(
                bytes(item.data), maintype=maintype, subtype=subtype, filename=item.filename
            )
        try:
            await aiosmtplib.send(
                email,
                hostname=smtp.host,
                port=smtp.port,
                username=smtp.user or None,
                password=smtp.password or None,
                start_tls=smtp.tls,
                timeout=15,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.warning("e-mail %s not sent: %s", message.id, exc)
            await OutboxMessage.filter(id=message.id).update(
                sent_at=None, last_error=str(exc)[:500]
            )
            continue
        sent += 1
    return sent
