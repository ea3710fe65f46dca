"""E-mail through the outbox, delivered to a real SMTP server (aiosmtpd) on this machine."""

from __future__ import annotations

from fairplanner.models import OutboxMessage
from fairplanner.services import notifications
from fairplanner.services.notifications import SmtpSettings
from tests.conftest import free_port
from tests.smtp import CollectingHandler


async def test_queued_email_is_delivered_by_smtp_and_marked_sent(
    db: str, smtp_server: CollectingHandler
) -> None:
    queued = await notifications.queue_email(
        to="amira@example.org", subject="Your fair", body="Hello Amira,\n\nSee you there.\n"
    )

    sent = await notifications.deliver_pending(
        smtp=SmtpSettings(host="127.0.0.1", port=smtp_server.port, sender="fp@example.org")
    )

    assert sent == 1
    (message,) = smtp_server.messages
    assert message["To"] == "amira@example.org"
    assert message["From"] == "fp@example.org"
    assert message["Subject"] == "Your fair"
    assert "See you there." in message.get_payload()
    stored = await OutboxMessage.get(id=queued.id)
    assert stored.sent_at is not None
    assert (stored.attempts, stored.last_error) == (1, "")


async def test_sent_email_is_not_sent_again(db: str, smtp_server: CollectingHandler) -> None:
    await notifications.queue_email(to="amira@example.org", subject="Once", body="Once.")
    smtp = SmtpSettings(host="127.0.0.1", port=smtp_server.port)
    await notifications.deliver_pending(smtp=smtp)

    again = await notifications.deliver_pending(smtp=smtp)

    assert again == 0
    assert len(smtp_server.messages) == 1


async def test_unreachable_smtp_server_leaves_the_email_queued_with_the_reason(db: str) -> None:
    queued = await notifications.queue_email(to="amira@example.org", subject="S", body="B")

    sent = await notifications.deliver_pending(
        smtp=SmtpSettings(host="127.0.0.1", port=free_port())
    )

    assert sent == 0
    stored = await OutboxMessage.get(id=queued.id)
    assert stored.sent_at is None
    assert stored.attempts == 1
    assert stored.last_error != ""


async def test_failed_email_is_sent_on_the_next_try(
    db: str, smtp_server: CollectingHandler
) -> None:
    queued = await notifications.queue_email(to="amira@example.org", subject="Retry", body="B")
    await notifications.deliver_pending(smtp=SmtpSettings(host="127.0.0.1", port=free_port()))

    sent = await notifications.deliver_pending(
        smtp=SmtpSettings(host="127.0.0.1", port=smtp_server.port)
    )

    assert sent == 1
    stored = await OutboxMessage.get(id=queued.id)
    assert stored.sent_at is not None
    assert stored.attempts == 2
    assert stored.last_error == ""  # the earlier failure no longer describes this message
