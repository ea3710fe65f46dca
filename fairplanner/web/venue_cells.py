"""The comparison's table cells, built once in Python with escaping.

10 venues x 80 items is 800 cells, most listing several assessors when answers differ; as
template logic that was most of the page's time. The markup is the same GOV.UK tags and
lists the template would write: the verdict in words, then the fact behind it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from fairplanner.services.venue_scoring import STATUS_WORDS, ItemResult, NeedResult, Status

_TAG_COLOURS = {
    Status.MET: "govuk-tag--green",
    Status.BARRIER: "govuk-tag--orange",
    Status.NOT_CHECKED: "govuk-tag--grey",
    Status.NOT_APPLICABLE: "govuk-tag--grey",
    Status.FACT: "govuk-tag--blue",
}
# The colour only repeats the words: never the only carrier of meaning.
TAGS = {
    status: Markup(  # noqa: S704 - our own constant words
        f'<strong class="govuk-tag {colour} fp-status">{STATUS_WORDS[status]}</strong>'
    )
    for status, colour in _TAG_COLOURS.items()
}


def _label(venue_name: str) -> str:
    return f'<span class="fp-stack-label">{escape(venue_name)}: </span>'


def item_cell(result: ItemResult, venue_name: str, zone: ZoneInfo) -> Markup:
    parts = [_label(venue_name)]
    if result.disagree:
        parts.append('<strong>Answers differ:</strong><ul class="govuk-list fp-reasons">')
        for fact, verdict in result.entries:
            when = fact.when
            date = f", {when.astimezone(zone):%-d %b %Y}" if when else ""
            parts.append(
                f"<li>{TAGS[verdict.status]} {escape(verdict.fact)} "
                f"({escape(fact.assessor)}{date})</li>"
            )
        parts.append("</ul>")
    else:
        parts.append(f"{TAGS[result.status]} {escape(result.summary)}")
        parts.extend(f'<span class="fp-reason"> ({escape(r)})</span>' for r in result.reasons)
    return Markup("".join(parts))  # noqa: S704 - every piece of text is escaped above


def need_cell(result: NeedResult, venue_name: str) -> Markup:
    parts = [_label(venue_name), str(TAGS[result.status])]
    if result.reasons:
        parts.append('<ul class="govuk-list fp-reasons">')
        for short, status, fact in result.reasons:
            shown = fact or STATUS_WORDS[status].lower()
            parts.append(f"<li>{escape(short)}: {escape(shown)}</li>")
        parts.append("</ul>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text is escaped above
