"""Helpers for HTTP tests: forms with their CSRF token, signing in, reading pages; and a
search of every stored text for what erasure must have removed."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import httpx
from bs4 import BeautifulSoup
from tortoise import Tortoise, fields

from fairplanner.app import create_app
from fairplanner.errors import DomainError
from fairplanner.settings import Settings


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


@contextlib.asynccontextmanager
async def new_browser(
    settings: Settings, *, base_url: str = "http://testserver", raise_app_exceptions: bool = True
) -> AsyncIterator[Browser]:
    """A second, separate browser (its own cookies) on a new app with these settings, using
    the database that is already open (the `db` fixture)."""
    app = create_app(settings, manage_orm=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield Browser(client)


def text_of(response: httpx.Response) -> str:
    """The page's visible text in <main>, with whitespace collapsed."""
    page = soup(response)
    main = page.find("main") or page
    return " ".join(main.get_text(" ").split())


def set_cookie_headers(response: httpx.Response, name: str) -> list[str]:
    return [
        value
        for value in response.headers.get_list("set-cookie")
        if value.split("=", 1)[0].strip() == name
    ]


def _as_text(value: Any) -> str:
    return (
        bytes(value).decode(errors="replace")
        if isinstance(value, bytes | memoryview)
        else str(value)
    )


async def rows_holding(text: str) -> list[str]:
    """Every stored value (text, character, JSON and binary columns of every table) that holds
    `text`, as "Model.field #id"."""
    found = []
    kinds = fields.CharField | fields.TextField | fields.JSONField | fields.BinaryField
    for model in Tortoise.apps.get_models_iterable() if Tortoise.apps else []:
        columns = [f for f in model._meta.db_fields if isinstance(model._meta.fields_map[f], kinds)]
        for row in await model.all().values("id", *columns):
            found += [
                f"{model.__name__}.{k} #{row['id']}" for k in columns if text in _as_text(row[k])
            ]
    return found


async def loop_turns_while(work: Awaitable[object]) -> int:
    """How many times another task got to run while `work` was awaited (work that raises a
    DomainError counts as done). Work held on the event loop lets it run about once; work
    on a worker thread lets it run every millisecond or so."""
    done = asyncio.Event()
    turns = 0

    async def ticker() -> None:
        nonlocal turns
        while not done.is_set():
            turns += 1
            await asyncio.sleep(0.001)

    async def work_then_stop() -> None:
        try:
            await work
        except DomainError:
            pass
        finally:
            done.set()

    await asyncio.gather(ticker(), work_then_stop())
    return turns
