"""QR codes as SVG: they scale for low vision and print sharply."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str, *, title: str) -> str:
    """An inline SVG QR code with an accessible name. `data` must hold no personal data."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    svg = svg.split("?>", 1)[-1].strip()  # drop the XML declaration: it is inlined in HTML
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return svg.replace(
        "<svg ",
        '<svg role="img" class="fp-qr" aria-label="' + safe_title.replace('"', "&quot;") + '" ',
        1,
    )
