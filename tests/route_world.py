"""Real URLs for the route table: each id in a route's path filled with an object of a chosen
fair, chosen so that nested ids belong together (the photo's assessment, that assessment's
venue). Used by the generated hostile-input and id-tampering tests."""

from __future__ import annotations

import inspect
import re
from typing import Any

from starlette.convertors import IntegerConvertor
from starlette.routing import Route
from tortoise import Tortoise
from tortoise.models import Model

from fairplanner.web.routes import build_routes

# Every id parameter in the route table, and the model it names. A new one must be added here
# (test_every_id_parameter_names_a_model fails until it is).
ID_PARAMS = {
    "fair_id": "Fair",
    "venue_id": "Venue",
    "proposal_id": "Proposal",
    "shift_id": "Shift",
    "membership_id": "Membership",
    "form_id": "FeedbackForm",
    "assessment_id": "Assessment",
    "role_id": "VolunteerRole",
    "photo_id": "Photo",
    "stall_id": "Stall",
    "scan_id": "CheckIn",
    "ticket_id": "Ticket",
    "decision_id": "Decision",
    "agenda_item_id": "AgendaItem",
    "registration_id": "Registration",
    "device_id": "DoorDevice",
    "question_id": "FeedbackQuestion",
    "task_id": "Task",
    "opportunity_id": "Opportunity",
    "list_id": "CheckInList",
    "signup_id": "Signup",
    "claim_id": "ExpenseClaim",
    "pair_id": "BuddyPair",
    "run_id": "PairingRun",
    "briefing_id": "Briefing",
    "message_id": "ContactMessage",
}


# Text parameters: a real value where one exists for every fair, else a made-up secret.
TEXT_PARAMS = {"item_code": "GT01", "need_code": "W", "action": "cancel"}


def routes(method: str) -> list[Route]:
    return [r for r in build_routes() if isinstance(r, Route) and r.methods and method in r.methods]


def int_params(route: Route) -> list[str]:
    return [
        name
        for name, convertor in route.param_convertors.items()
        if isinstance(convertor, IntegerConvertor)
    ]


def model(name: str) -> type[Model]:
    assert Tortoise.apps is not None
    return Tortoise.apps["models"][name]


def path_to_fair(m: type[Model]) -> list[str]:
    """The foreign keys from `m` up to Fair (shortest, not through people)."""
    queue: list[tuple[type[Model], list[str]]] = [(m, [])]
    seen = {m}
    while queue:
        current, path = queue.pop(0)
        if current.__name__ == "Fair":
            return path
        for fk in current._meta.fk_fields:
            related = current._meta.fields_map[fk].related_model
            if related.__name__ in {"Person", "Organisation"} or related in seen:
                continue
            seen.add(related)
            queue.append((related, [*path, fk]))
    raise AssertionError(f"{m.__name__} has no way to a fair")


async def ids_for(route: Route, fair_id: int) -> dict[str, int] | None:
    """Ids of `fair_id`'s objects for the route's id parameters, consistent with each other
    (parents taken from the deepest object); None when the fair has no such object."""
    wanted = [p for p in int_params(route) if p != "fair_id"]
    chosen: dict[str, int] = {"fair_id": fair_id} if "fair_id" in int_params(route) else {}
    by_model = {ID_PARAMS[p]: p for p in wanted}
    for param in sorted(wanted, key=lambda p: -len(path_to_fair(model(ID_PARAMS[p])))):
        if param in chosen:
            continue
        m = model(ID_PARAMS[param])
        fair_filter = "__".join([*path_to_fair(m), "id"]) if path_to_fair(m) else "id"
        found = await m.filter(**{fair_filter: fair_id}).order_by("id").first()
        if found is None:
            return None
        chosen[param] = int(found.pk)
        # Walk up: the parents this object belongs to fill the other parameters.
        current: Model | None = found
        while current is not None:
            parent = None
            for fk in type(current)._meta.fk_fields:
                related = type(current)._meta.fields_map[fk].related_model
                if related.__name__ in by_model and by_model[related.__name__] not in chosen:
                    chosen[by_model[related.__name__]] = int(getattr(current, f"{fk}_id"))
                    parent = await related.get(pk=getattr(current, f"{fk}_id"))
            current = parent
    return chosen


def url(route: Route, params: dict[str, Any]) -> str:
    """The route's path with these ids, and TEXT_PARAMS (or a made-up secret) for the rest."""
    full = dict(params)
    for name in route.param_convertors:
        full.setdefault(name, TEXT_PARAMS.get(name, "Made-up-secret-1234"))
    return str(route.url_path_for(route.name, **full))


def endpoint_source(route: Route) -> str:
    """The view's source and that of the module-level helpers it calls (two levels)."""
    func = route.endpoint
    module = inspect.getmodule(func)
    seen: set[str] = set()
    parts: list[str] = []

    def add(f: Any, depth: int) -> None:
        if f.__name__ in seen or depth > 2:
            return
        seen.add(f.__name__)
        parts.append(inspect.getsource(f))
        for name in f.__code__.co_names:
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == func.__module__:
                add(helper, depth + 1)

    add(func, 0)
    return "\n".join(parts)


def uses(route: Route, class_name: str) -> bool:
    return re.search(rf"\b{class_name}\b", endpoint_source(route)) is not None
