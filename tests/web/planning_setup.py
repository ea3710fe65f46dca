"""Set-up shared by the co-planning tests over HTTP: the proposal form, a proposal opened
through the service, a fair with one open proposal and a browser signed in, and a second
browser of its own."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, Literal

import httpx

from fairplanner.app import create_app
from fairplanner.models import Fair, Person, Proposal
from fairplanner.models.enums import Role
from fairplanner.models.planning import Method, Topic
from fairplanner.services import planning
from fairplanner.services.clock import now
from fairplanner.settings import Settings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser

Who = Literal["organiser", "member"]


@contextlib.asynccontextmanager
async def signed_in(settings: Settings, person: Person) -> AsyncIterator[Browser]:
    """A separate browser (its own cookies) signed in as `person`."""
    app = create_app(settings, manage_orm=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        browser = Browser(client)
        await browser.sign_in(person.email or "", PASSWORD)
        yield browser


def proposal_form(**changes: str) -> dict[str, str]:
    closes = (now() + timedelta(days=7)).date()
    form = {
        "title": "Which venue should we use?",
        "topic": "venue",
        "description": "We need a step-free place near the bus station.",
        "easy_read": "Where should the fair be?",
        "method": "score",
        "dots": "3",
        "option_1_title": "Riverside Community Hall",
        "option_1_meaning": "Step-free, with a quiet room.",
        "option_2_title": "Central Library",
        "close_day": str(closes.day),
        "close_month": str(closes.month),
        "close_year": str(closes.year),
        "close_time": "5pm",
    }
    form.update(changes)
    return form


async def open_proposal(
    fair: Fair, by: Person, method: Method = Method.CONSENT, options: int = 1, dots: int = 3
) -> Proposal:
    draft = planning.ProposalDraft(
        topic=Topic.DAY_STRUCTURE,
        title="Start the day at 10am",
        description="A later start helps people who travel by bus.",
        easy_read="The fair starts at 10.",
        method=method,
        options=[planning.OptionDraft(title=f"Plan {n}") for n in range(1, options + 1)],
        closes_at=now() + timedelta(days=3),
        dots=dots,
    )
    return await planning.create_proposal(fair=fair, by=by, draft=draft)


async def a_proposal(
    browser: Browser | None,
    *roles: Role,
    by: Who = "organiser",
    reader: Who = "member",
    **options: Any,
) -> tuple[Fair, Person, tuple[Person, ...], Proposal]:
    """A fair with its organiser and one member for each role, a proposal open now raised `by`
    the organiser or the first member (`options` as open_proposal takes them), and `browser`
    (if given) signed in as the organiser or the first member, the `reader`."""
    fair, boss, members = await factories.light_fair_with(*roles)
    people = {"organiser": boss, "member": members[0] if members else boss}
    proposal = await open_proposal(fair, people[by], **options)
    if browser is not None:
        await browser.sign_in(people[reader].email or "", PASSWORD)
    return fair, boss, tuple(members), proposal
