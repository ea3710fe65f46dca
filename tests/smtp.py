"""An aiosmtpd handler that keeps every message it receives."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from typing import Any


class CollectingHandler:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"
