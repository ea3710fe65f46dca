"""Secrets and codes: random tokens for links, typed codes for cards, digests for storage."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

# Crockford's base32 alphabet: no I, L, O or U, so codes read aloud and typed by hand work.
_TYPED_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def link_token() -> str:
    """A 256-bit URL-safe token for e-mailed links."""
    return secrets.token_urlsafe(32)


def ticket_secret() -> str:
    """A 128-bit secret in upper-case base32: fits a version 2 QR code in alphanumeric mode."""
    return base64.b32encode(secrets.token_bytes(16)).decode("ascii").rstrip("=")


def may_be_ticket_secret(text: str) -> bool:
    """True when `text` has the shape of a ticket secret (20 to 32 ASCII letters and digits):
    anything else is no ticket, and is not worth a query. PostgreSQL refuses a NUL in a query,
    and the secret column holds 32 characters (Tortoise raises on a longer value)."""
    return 20 <= len(text) <= 32 and text.isascii() and text.isalnum()


def digest(token: str) -> str:
    """What we store instead of a token: a leaked table gives nobody a working link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def typed_code(length: int = 12) -> str:
    """A code people type from a card: Crockford base32 with a final check character."""
    # One read of random bytes, not one per character; 256 is a multiple of 32, so taking
    # each byte modulo 32 picks every character equally often.
    body = "".join(_TYPED_ALPHABET[b % 32] for b in secrets.token_bytes(length - 1))
    return body + _check_char(body)


def _check_char(body: str) -> str:
    total = sum((i + 1) * _TYPED_ALPHABET.index(c) for i, c in enumerate(body))
    return _TYPED_ALPHABET[total % len(_TYPED_ALPHABET)]


def normalise_code(text: str) -> str:
    """Upper-case, drop spaces and dashes, and read easily confused letters as digits."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_CONFUSABLE)


def code_is_well_formed(code: str) -> bool:
    """True when every character is allowed and the check character matches (catches typos)."""
    if len(code) < 2 or any(c not in _TYPED_ALPHABET for c in code):
        return False
    return hmac.compare_digest(code[-1], _check_char(code[:-1]))


def group_code(code: str, size: int = 4) -> str:
    """ABCD-EFGH-JKLM: easier to read out and copy."""
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


# A path segment that looks like a secret (a link token, a ticket secret, a card code): 12 or
# more URL-safe characters with a digit or a capital, the whole segment up to the next
# character that cannot be in one ("/", ".ics", a space, a full stop after a link in a text).
_SECRET_SEGMENT = re.compile(r"(?<=/)(?=[A-Za-z0-9_-]*[0-9A-Z])[A-Za-z0-9_-]{12,}(?![A-Za-z0-9_-])")


def hide_secrets(text: str) -> str:
    """`text` (a path, or a message with links in it) with each secret-looking path segment
    written as [secret]: for logs and downloads, whose readers must not be able to use them."""
    return _SECRET_SEGMENT.sub("[secret]", text)
