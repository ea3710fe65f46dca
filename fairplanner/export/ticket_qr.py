"""Ticket QR codes: a 26-character upper-case base32 secret always fits version 2 in
alphanumeric mode, so version and mask are fixed (skipping qrcode's 8-mask search makes a code
several times cheaper, which matters for badge sheets of a thousand tickets). The SVG is
written here as one path with a rectangle per run of dark modules in a row: qrcode's SVG
image drew a square per module and took three quarters of the time."""

from __future__ import annotations

import qrcode

TICKET_VERSION = 2
TICKET_MASK = 0
BORDER = 4


def ticket_qr_svg(secret: str, *, title: str = "Ticket QR code") -> str:
    """An inline SVG of the ticket secret (and nothing else: no name, no id, no link)."""
    code = qrcode.QRCode(
        version=TICKET_VERSION,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=BORDER,
        mask_pattern=TICKET_MASK,
    )
    code.add_data(secret)
    code.make(fit=False)
    rows: list[list[bool]] = code.modules  # type: ignore[assignment]
    size = len(rows) + 2 * BORDER
    path: list[str] = []
    for y, row in enumerate(rows, start=BORDER):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            path.append(f"M{start + BORDER},{y}H{x + BORDER}V{y + 1}H{start + BORDER}z")
    label = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return (
        f'<svg role="img" class="fp-qr" aria-label="{label}" width="{size}mm" '
        f'height="{size}mm" version="1.1" viewBox="0 0 {size} {size}" '
        f'xmlns="http://www.w3.org/2000/svg"><path d="{"".join(path)}" fill="#000000" fill-rule="nonzero" stroke="none"/></svg>'
    )
