"""One hierarchy of errors with stable codes. Services raise these; the web layer maps them."""

from __future__ import annotations


class FairPlannerError(Exception):
    """Base for everything FairPlanner raises on purpose."""


class ConfigurationError(FairPlannerError):
    """A setting is missing or wrong; the message says what to do, in one line."""


class DomainError(FairPlannerError):
    """A request the domain refuses. `code` is stable; `message` is plain words for people."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "We could not find that page.") -> None:
        super().__init__("not_found", message)


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str = "You do not have permission to do that.") -> None:
        super().__init__("permission_denied", message)


class RateLimited(DomainError):
    status = 429

    def __init__(self, message: str) -> None:
        super().__init__("rate_limited", message)


class LinkExpired(DomainError):
    status = 410

    def __init__(self, message: str) -> None:
        super().__init__("link_expired", message)
