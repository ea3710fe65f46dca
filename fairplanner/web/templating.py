"""Jinja2 set-up: our templates run strict; GOV.UK macros come from a lenient second
environment (they test optional keys that StrictUndefined refuses) and are globals here."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    Undefined,
    select_autoescape,
)
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from fairplanner.web import easy_read, labels

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

_GOVUK_COMPONENTS = {
    "govukBackLink": "back-link",
    "govukButton": "button",
    "govukCheckboxes": "checkboxes",
    "govukDateInput": "date-input",
    "govukDetails": "details",
    "govukErrorSummary": "error-summary",
    "govukFieldset": "fieldset",
    "govukGenericHeader": "generic-header",
    "govukInput": "input",
    "govukInsetText": "inset-text",
    "govukNotificationBanner": "notification-banner",
    "govukPanel": "panel",
    "govukPasswordInput": "password-input",
    "govukRadios": "radios",
    "govukSelect": "select",
    "govukServiceNavigation": "service-navigation",
    "govukSkipLink": "skip-link",
    "govukSummaryList": "summary-list",
    "govukTable": "table",
    "govukTag": "tag",
    "govukTextarea": "textarea",
    "govukWarningText": "warning-text",
}


@cache  # compiling the GOV.UK macros costs ~0.5 s; they never change while running
def _govuk_macros() -> dict[str, Any]:
    lenient = Environment(
        loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        autoescape=True,
        undefined=Undefined,
    )
    return {
        name: getattr(
            lenient.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module,
            name,
        )
        for name, component in _GOVUK_COMPONENTS.items()
    }


def local_time(value: datetime, tz: str = "Europe/London", fmt: str = "%-d %B %Y, %-I:%M%p") -> str:
    """A UTC datetime shown in the fair's time zone, in the GOV.UK style: 4 June 2027, 10:00am."""
    return value.astimezone(ZoneInfo(tz)).strftime(fmt).replace("AM", "am").replace("PM", "pm")


def build_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_govuk_macros())
    env.globals["easy_read_points"] = easy_read.points
    env.globals["labels"] = labels
    env.filters["local_time"] = local_time
    return Jinja2Templates(env=env)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, name, {"view": request.state.view, **(context or {})}, status_code=status_code
    )
    return response
