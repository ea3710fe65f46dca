"""A person's own data (see it, download it, erase it), organisers erasing on request, and the
log of who read sensitive data in a fair."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.services import members, personal_data
from fairplanner.services.permissions import Action
from fairplanner.web.auth import current_person, flash, sign_out
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


async def my_data(request: Request) -> Response:
    data = await personal_data.export_person(person=current_person(request))
    return render(request, "personal_data/mine.html", {"data": data})


async def my_data_file(request: Request) -> Response:
    data = await personal_data.export_person(person=current_person(request))
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-fairplanner-data.json"'},
    )


async def erase_me(request: Request) -> Response:
    person = current_person(request)
    if request.method == "POST":
        await personal_data.erase_person(person=person)
        sign_out(request)
        flash(request, "Your personal data has been erased and you have been signed out.")
        return RedirectResponse(request.url_for("pages:home"), 303)
    return render(request, "personal_data/erase.html")


async def erase_member(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_MEMBERS)
    member = await members.membership(
        fair=access.fair, membership_id=request.path_params["membership_id"]
    )
    await personal_data.erase_member(organiser=access.person, member=member)
    flash(
        request,
        "Their personal data has been erased. Their votes and hours still count, without their name.",
    )
    return RedirectResponse(request.url_for("members:list", fair_id=access.fair.id), 303)


async def privacy_log(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_MEMBERS)
    reads = await personal_data.sensitive_reads(fair=access.fair)
    return render(request, "personal_data/log.html", {"fair": access.fair, "reads": reads})


routes = [
    Route("/account/data", my_data, name="mine"),
    Route("/account/data.json", my_data_file, name="mine_file"),
    Route("/account/erase", erase_me, methods=["GET", "POST"], name="erase_me"),
    Route(
        "/fairs/{fair_id:int}/members/{membership_id:int}/erase",
        erase_member,
        methods=["POST"],
        name="erase_member",
    ),
    Route("/fairs/{fair_id:int}/privacy-log", privacy_log, name="log"),
]
