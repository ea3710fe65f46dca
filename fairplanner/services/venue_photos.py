"""Photos taken during a visit: checked, re-encoded without metadata, kept on disk.

Re-encoding from pixels drops everything a camera adds (GPS position, device, owner), and
refuses files that only pretend to be images. Files live under the settings data_dir, named
by a random token; the database keeps the name, the alt text and the size.
"""

from __future__ import annotations

import asyncio
import io
import secrets
import struct
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Assessment, Photo, Venue
from fairplanner.services.venues import item

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = {"JPEG", "PNG", "WEBP"}
# Larger photos are scaled down: enough for a guide on any screen, and far smaller on disk.
MAX_SIDE = 2000
# Refuse before decoding pixels: a tiny file can claim a huge canvas (a decompression bomb).
MAX_PIXELS = 50_000_000
FOLDER = "venue-photos"


def photo_dir(data_dir: Path) -> Path:
    return data_dir / FOLDER


def check_upload(*, size: int, alt: str) -> None:
    """The checks that need no pixels, run before anything is read or stored."""
    if size == 0:
        raise DomainError("photo_missing", "Choose a photo to upload", field="photo")
    if size > MAX_BYTES:
        raise DomainError("photo_too_big", "The photo must be 10 MB or smaller", field="photo")
    if not alt.strip():
        raise DomainError(
            "alt_missing",
            "Describe what the photo shows, for people who cannot see it",
            field="alt",
        )
    if len(alt) > 300:
        raise DomainError(
            "alt_too_long", "Keep the description to 300 characters or fewer", field="alt"
        )


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """JPEG bytes rebuilt from the pixels only (no EXIF, no GPS), and the size in pixels."""
    wrong = DomainError("photo_type", "The photo must be a JPEG, PNG or WebP file", field="photo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED:
                raise wrong
            if probe.width * probe.height > MAX_PIXELS:
                raise DomainError(
                    "photo_too_big",
                    "The photo has too many pixels. Use a smaller one",
                    field="photo",
                )
            probe.load()
            # Turn the pixels the way the camera meant before the orientation tag is dropped.
            image = ImageOps.exif_transpose(probe).convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        # Pillow raises SyntaxError for a broken file ("broken PNG file"), and struct.error
        # when the camera's orientation is applied to a photo whose EXIF has a tag with the
        # wrong type of value (it writes the EXIF back): both were server errors.
        SyntaxError,
        struct.error,
    ):
        raise wrong from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), image.width, image.height


async def add_photo(
    *, assessment: Assessment, item_code: str, data: bytes, alt: str, data_dir: Path
) -> Photo:
    check_upload(size=len(data), alt=alt)
    code = item(item_code).code
    # On a worker thread: a phone's 12-megapixel photo takes a few hundred milliseconds to
    # decode, scale and encode, which on the event loop would hold up every other request.
    # Pillow lets go of the GIL for that work.
    encoded, width, height = await asyncio.to_thread(reencode, data)
    folder = photo_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    filename = f"{secrets.token_hex(16)}.jpg"
    path = folder / filename
    path.write_bytes(encoded)
    try:
        async with in_transaction():
            return await Photo.create(
                assessment=assessment,
                item_code=code,
                filename=filename,
                alt=alt.strip(),
                width=width,
                height=height,
            )
    except Exception:
        path.unlink(missing_ok=True)  # no orphan file when the row could not be written
        raise


async def photos_of(*, assessment: Assessment, item_code: str | None = None) -> list[Photo]:
    query = Photo.filter(assessment_id=assessment.id)
    if item_code:
        query = query.filter(item_code=item_code)
    return await query.order_by("id")


async def photo_in_venue(*, venue: Venue, photo_id: int) -> Photo:
    found = await Photo.get_or_none(id=photo_id, assessment__venue_id=venue.id)
    if found is None:
        raise NotFound()
    return found


async def remove_photo(*, photo: Photo, data_dir: Path) -> None:
    await photo.delete()
    (photo_dir(data_dir) / photo.filename).unlink(missing_ok=True)
