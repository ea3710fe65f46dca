"""Absolute links to put in e-mails, with `{token}` where the service puts the secret."""

from __future__ import annotations

from starlette.requests import Request

_PLACEHOLDER = "TOKEN-PLACEHOLDER"


def token_link(request: Request, route: str) -> str:
    """The full URL of `route` with "{token}" for its token parameter, for str.format later."""
    base = request.app.state.settings.base_url if request.app.state.settings.production else None
    url = str(request.url_for(route, token=_PLACEHOLDER))
    if base:  # behind a proxy, the configured public address is the one people can open
        url = base + request.url_for(route, token=_PLACEHOLDER).path
    return url.replace(_PLACEHOLDER, "{token}")
