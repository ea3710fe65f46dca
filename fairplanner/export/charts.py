"""Bar charts as SVG, drawn on the server so they need no JavaScript.

Each chart is a picture of a table shown beside it: the SVG has a title and description for
screen readers, and the table carries every number, so nothing depends on seeing the bars.
Only presentation attributes are used (no style attributes), so the page's
Content-Security-Policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

from html import escape

WIDTH = 640
BAR = 28
GAP = 12
LABEL_WIDTH = 230
VALUE_WIDTH = 60
BAR_COLOUR = "#0b5563"
TEXT_COLOUR = "#0b0c0c"


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart; bars scale to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    height = max(len(rows), 1) * (BAR + GAP) + GAP
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    summary = "; ".join(f"{label}: {value}" for label, value in rows) or "No answers yet"
    parts = [
        f'<svg class="fp-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(summary)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        length = round(room * value / top)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.0f}" text-anchor="end" '
            f'font-size="16" fill="{TEXT_COLOUR}">{escape(short)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 2)}" height="{BAR}" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + max(length, 2) + 6}" y="{y + BAR * 0.7:.0f}" '
            f'font-size="16" fill="{TEXT_COLOUR}">{value}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
