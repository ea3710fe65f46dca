"""Members of a fair: the list, inviting by e-mail, adding people who use a sign-in card,
changing roles, and printing cards."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.export.qr import qr_svg
from fairplanner.export.tokens import group_code
from fairplanner.models.enums import Group, Role
from fairplanner.services import cards, members
from fairplanner.services.permissions import Action
from fairplanner.web.auth import flash
from fairplanner.web.forms import (
    AddMemberForm,
    InviteForm,
    IssueCardForm,
    MemberForm,
    bind,
    first_errors,
)
from fairplanner.web.links import token_link
from fairplanner.web.mail import send_after
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access


async def member_list(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_MEMBERS)
    show_groups = access.allows(Action.VIEW_MEMBER_GROUPS)
    invitations = (
        await members.pending_invitations(fair=access.fair)
        if access.allows(Action.MANAGE_MEMBERS)
        else []
    )
    return render(
        request,
        "members/list.html",
        {
            "access": access,
            "fair": access.fair,
            "rows": await members.members_of(fair=access.fair),
            "show_groups": show_groups,
            "invitations": invitations,
            "Action": Action,
        },
    )


async def invite(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_MEMBERS)
    form = bind(InviteForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            accept_url = token_link(request, "invitations:accept")
            try:
                await members.invite(
                    fair=access.fair,
                    name=form.name.data,
                    email=form.email.data,
                    role=Role(form.role.data),
                    group=Group(form.group.data),
                    invited_by=access.person,
                    accept_url=accept_url,
                )
            except DomainError as exc:
                errors = {exc.field or "email": exc.message}
            else:
                flash(request, f"We have sent an invitation to {form.email.data}.")
                return send_after(
                    request,
                    RedirectResponse(request.url_for("members:list", fair_id=access.fair.id), 303),
                )
        errors = errors or first_errors(form)
    return render(
        request,
        "members/invite.html",
        {"form": form, "errors": errors, "fair": access.fair},
        status_code=422 if errors else 200,
    )


async def add_without_email(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_MEMBERS)
    form = bind(AddMemberForm, await request.form() if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            member = await members.add_member_without_email(
                fair=access.fair,
                name=form.name.data,
                phone=form.phone.data or "",
                role=Role(form.role.data),
                group=Group(form.group.data),
            )
            flash(request, f"{member.person.name} is added. Now print their sign-in card.")
            return RedirectResponse(
                request.url_for("members:detail", fair_id=access.fair.id, membership_id=member.id),
                303,
            )
        errors = first_errors(form)
    return render(
        request,
        "members/add.html",
        {"form": form, "errors": errors, "fair": access.fair},
        status_code=422 if errors else 200,
    )


async def member_detail(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_MEMBERS)
    member = await members.membership(
        fair=access.fair, membership_id=request.path_params["membership_id"]
    )
    form = bind(
        MemberForm,
        await request.form() if request.method == "POST" else None,
        role=member.role.value,
        group=member.group.value,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                await members.change_member(
                    member=member, role=Role(form.role.data), group=Group(form.group.data)
                )
            except DomainError as exc:
                errors = {exc.field or "role": exc.message}
            else:
                flash(request, f"{member.person.name}'s role is saved.")
                return RedirectResponse(
                    request.url_for("members:list", fair_id=access.fair.id), 303
                )
        errors = errors or first_errors(form)
    return render(
        request,
        "members/detail.html",
        {
            "form": form,
            "errors": errors,
            "fair": access.fair,
            "member": member,
            "card": await cards.active_card(person=member.person),
            "card_form": bind(IssueCardForm, None),
        },
        status_code=422 if errors else 200,
    )


async def member_remove(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_MEMBERS)
    member = await members.membership(
        fair=access.fair, membership_id=request.path_params["membership_id"]
    )
    await members.remove_member(member=member)
    flash(request, f"{member.person.name} is no longer a member of this fair.")
    return RedirectResponse(request.url_for("members:list", fair_id=access.fair.id), 303)


async def card_issue(request: Request) -> Response:
    """Issue a card and show it once, ready to print: only a digest of the code is kept."""
    access = await load_access(request, Action.ISSUE_CARDS)
    member = await members.membership(
        fair=access.fair, membership_id=request.path_params["membership_id"]
    )
    form = bind(IssueCardForm, await request.form())
    if not form.validate():
        return render(
            request,
            "members/detail.html",
            {
                "form": bind(MemberForm, None, role=member.role.value, group=member.group.value),
                "errors": first_errors(form),
                "fair": access.fair,
                "member": member,
                "card": await cards.active_card(person=member.person),
                "card_form": form,
            },
            status_code=422,
        )
    issued = await cards.issue_card(
        person=member.person, issued_by=access.person, pin=form.pin.data or ""
    )
    link = str(request.url_for("accounts:card_link", code=issued.code))
    return render(
        request,
        "members/card.html",
        {
            "fair": access.fair,
            "member": member,
            "code": group_code(issued.code),
            "has_pin": bool(form.pin.data),
            "qr": qr_svg(link, title="QR code to sign in to FairPlanner"),
        },
    )


async def card_revoke(request: Request) -> Response:
    access = await load_access(request, Action.ISSUE_CARDS)
    member = await members.membership(
        fair=access.fair, membership_id=request.path_params["membership_id"]
    )
    await cards.revoke_cards(person=member.person)
    flash(request, f"{member.person.name}'s sign-in card no longer works.")
    return RedirectResponse(
        request.url_for("members:detail", fair_id=access.fair.id, membership_id=member.id), 303
    )


routes = [
    Route("/{fair_id:int}/members", member_list, name="list"),
    Route("/{fair_id:int}/members/invite", invite, methods=["GET", "POST"], name="invite"),
    Route("/{fair_id:int}/members/add", add_without_email, methods=["GET", "POST"], name="add"),
    Route(
        "/{fair_id:int}/members/{membership_id:int}",
        member_detail,
        methods=["GET", "POST"],
        name="detail",
    ),
    Route(
        "/{fair_id:int}/members/{membership_id:int}/remove",
        member_remove,
        methods=["POST"],
        name="remove",
    ),
    Route(
        "/{fair_id:int}/members/{membership_id:int}/card",
        card_issue,
        methods=["POST"],
        name="card_issue",
    ),
    Route(
        "/{fair_id:int}/members/{membership_id:int}/card/revoke",
        card_revoke,
        methods=["POST"],
        name="card_revoke",
    ),
]
