"""The decision log, each decision with its result chart, and the tasks decisions spawn."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.models import Person
from fairplanner.models.planning import Decision, TaskStatus
from fairplanner.services import members, planning, tasks
from fairplanner.services.clock import now
from fairplanner.services.decisions import Tally
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web import labels_planning
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_planning import TaskStatusForm, read_date, task_form_class
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


def _page(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    return render(
        request, name, {"planning_labels": labels_planning, **context}, status_code=status_code
    )


async def _people(access: FairAccess) -> list[Person]:
    return [row.person for row in await members.members_of(fair=access.fair)]


def _today(access: FairAccess) -> date:
    """Today where the fair is: a task due today is not overdue until the fair's midnight."""
    return now().astimezone(ZoneInfo(access.fair.time_zone)).date()


async def decision_log(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    found = await planning.decisions_of(fair=access.fair)
    return _page(
        request,
        "decisions/log.html",
        {
            "fair": access.fair,
            "decisions": found,
            "results": [Tally.from_json(d.result) for d in found],
        },
    )


async def _decision_page(
    request: Request, access: FairAccess, decision: Decision, form: Any, errors: dict[str, str]
) -> Response:
    return _page(
        request,
        "decisions/detail.html",
        {
            "fair": access.fair,
            "decision": decision,
            "may_see_venues": access.allows(Action.VIEW_VENUES),
            "tally": Tally.from_json(decision.result),
            "options": await planning.options_of(decision.proposal),
            "tasks": await decision.tasks.all().prefetch_related("owner").order_by("id"),
            "form": form,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


async def decision_detail(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    decision = await planning.decision_in(
        fair=access.fair, decision_id=request.path_params["decision_id"]
    )
    form = bind(task_form_class(await _people(access)), None)
    return await _decision_page(request, access, decision, form, {})


async def _save_task(
    request: Request, access: FairAccess, decision: Decision | None
) -> tuple[Any, dict[str, str]]:
    people = await _people(access)
    form = bind(task_form_class(people), await request.form())
    if not form.validate():
        return form, first_errors(form)
    owner = next((p for p in people if str(p.id) == form.owner.data), None)
    try:
        await tasks.create_task(
            fair=access.fair,
            title=form.title.data or "",
            by=access.person,
            owner=owner,
            due_on=read_date(form, "due", "The date it is due"),
            decision=decision,
        )
    except DomainError as exc:
        return form, {exc.field or "title": exc.message}
    flash(request, "The task is added.")
    return form, {}


async def decision_task_add(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    decision = await planning.decision_in(
        fair=access.fair, decision_id=request.path_params["decision_id"]
    )
    form, errors = await _save_task(request, access, decision)
    if errors:
        return await _decision_page(request, access, decision, form, errors)
    return RedirectResponse(
        request.url_for("decisions:detail", fair_id=access.fair.id, decision_id=decision.id), 303
    )


async def task_list(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    mine = request.query_params.get("whose") == "mine"
    form = bind(task_form_class(await _people(access)), None)
    return await _task_page(request, access, form, {}, mine=mine)


async def _task_page(
    request: Request, access: FairAccess, form: Any, errors: dict[str, str], *, mine: bool
) -> Response:
    found = await tasks.tasks_of(fair=access.fair, owner=access.person if mine else None)
    today = _today(access)
    return _page(
        request,
        "decisions/tasks.html",
        {
            "fair": access.fair,
            "tasks": found,
            "mine": mine,
            "today": today,
            "form": form,
            "errors": errors,
            "status_form": bind(TaskStatusForm, None),
            "may_update": {
                t.id: tasks.may_update(
                    t, by=access.person, organiser=access.allows(Action.CLOSE_ANY_PROPOSAL)
                )
                for t in found
            },
            "due_text": {t.id: t.due_on.strftime("%-d %B %Y") for t in found if t.due_on},
        },
        status_code=422 if errors else 200,
    )


async def task_add(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    form, errors = await _save_task(request, access, None)
    if errors:
        return await _task_page(request, access, form, errors, mine=False)
    return RedirectResponse(request.url_for("decisions:tasks", fair_id=access.fair.id), 303)


async def task_status(request: Request) -> Response:
    access = await load_access(request, Action.PLAN)
    task = await tasks.task_in(fair=access.fair, task_id=request.path_params["task_id"])
    form = bind(TaskStatusForm, await request.form())
    if form.validate():
        await tasks.set_status(
            task=task,
            status=TaskStatus(form.status.data),
            by=access.person,
            organiser=access.allows(Action.CLOSE_ANY_PROPOSAL),
        )
        flash(request, f"'{task.title}' is saved.")
    else:
        flash(request, "Choose how the task is going, then save.")
    return RedirectResponse(request.url_for("decisions:tasks", fair_id=access.fair.id), 303)


routes = [
    Route("/{fair_id:int}/decisions", decision_log, name="log"),
    Route("/{fair_id:int}/decisions/{decision_id:int}", decision_detail, name="detail"),
    Route(
        "/{fair_id:int}/decisions/{decision_id:int}/tasks",
        decision_task_add,
        methods=["POST"],
        name="task_add",
    ),
    Route("/{fair_id:int}/tasks", task_list, name="tasks"),
    Route("/{fair_id:int}/tasks/new", task_add, methods=["POST"], name="task_new"),
    Route(
        "/{fair_id:int}/tasks/{task_id:int}/status",
        task_status,
        methods=["POST"],
        name="task_status",
    ),
]
