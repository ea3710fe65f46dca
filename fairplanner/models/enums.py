"""Choices stored in the database. Values are stable; labels live in the web layer."""

from __future__ import annotations

from enum import StrEnum


class ContactChannel(StrEnum):
    EMAIL = "email"
    TEXT = "text"
    PHONE = "phone"
    POST = "post"
    SUPPORTER = "supporter"


class TextSize(StrEnum):
    STANDARD = "standard"
    LARGE = "large"
    LARGER = "larger"


class Phase(StrEnum):
    PLANNING = "planning"
    PUBLISHED = "published"
    LIVE = "live"
    REVIEW = "review"
    CLOSED = "closed"


class Role(StrEnum):
    """A member's part in one fair."""

    ORGANISER = "organiser"
    CO_PLANNER = "co_planner"
    VOLUNTEER = "volunteer"
    DOOR = "door"
    EXHIBITOR = "exhibitor"


class Group(StrEnum):
    """Which group a member belongs to, for equality and the co-production picture."""

    SERVICE_USER = "service_user"
    CARER = "carer"
    PARTNER = "partner"
    STAFF = "staff"
