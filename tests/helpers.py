"""Helpers for HTTP tests: forms with their CSRF token, signing in, reading pages."""

from __future__ import annotations

import re
from typing import Any

import httpx
from bs4 import BeautifulSoup


class Browser:
    """An httpx client that behaves like a person's browser without JavaScript."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(url, **kwargs)

    async def token(self) -> str:
        if "csrftoken" not in self.client.cookies:
            page = await self.client.get("/sign-in")
            assert page.status_code == 200
        return str(self.client.cookies["csrftoken"])

    async def post(
        self, url: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        form = {"csrftoken": await self.token(), **(data or {})}
        return await self.client.post(url, data=form, **kwargs)

    async def sign_in(self, email: str, password: str) -> httpx.Response:
        response = await self.post("/sign-in", {"email": email, "password": password})
        assert response.status_code == 303, response.text
        return response


def soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def error_messages(response: httpx.Response) -> dict[str, str]:
    """Field id -> message, as linked from the error summary."""
    page = soup(response)
    summary = page.select(".govuk-error-summary__list a")
    return {a["href"].lstrip("#"): a.get_text(strip=True) for a in summary}  # type: ignore[union-attr]


def field_value(response: httpx.Response, name: str) -> str:
    tag = soup(response).find(attrs={"name": name})
    assert tag is not None, f"no field {name}"
    if tag.name == "textarea":
        return tag.get_text()
    return str(tag.get("value", ""))


def title(response: httpx.Response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.text, re.S)
    assert match
    return " ".join(match[1].split())


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)
