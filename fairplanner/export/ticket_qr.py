"""Ticket QR codes: a 26-character upper-case base32 secret always fits version 2 in
alphanumeric mode, so version and mask are fixed (skipping qrcode's 8-mask search makes a code
several times cheaper, which matters for badge sheets of a thousand tickets)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg

TICKET_VERSION = 2
TICKET_MASK = 0


def ticket_qr_svg(secret: str, *, title: str = "Ticket QR code") -> str:
    """An inline SVG of the ticket secret (and nothing else: no name, no id, no link)."""
    code = qrcode.QRCode(
        version=TICKET_VERSION,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        mask_pattern=TICKET_MASK,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(secret)
    code.make(fit=False)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    svg = buffer.getvalue().decode("utf-8").split("?>", 1)[-1].strip()
    label = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return svg.replace("<svg ", f'<svg role="img" class="fp-qr" aria-label="{label}" ', 1)
