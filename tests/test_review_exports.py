"""The review's pure exports: SVG bar charts and the figures CSV."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET  # our own SVG, not untrusted input

from fairplanner.export.charts import bar_chart
from fairplanner.export.review_csv import figures_csv

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_valid_svg_with_a_title_description_and_one_bar_per_row() -> None:
    svg = bar_chart(
        chart_id="c1", title="Heard <from>", rows=[("Leaflet & poster", 4), ("Friend", 2)]
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-t c1-d"
    assert root.find(f"{SVG}title").text == "Heard <from>"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Leaflet & poster: 4; Friend: 2"  # type: ignore[union-attr]
    widths = [int(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == 2
    assert widths[0] == 2 * widths[1]  # bars scale to the largest value
    assert "style=" not in svg  # presentation attributes only: no CSP 'unsafe-inline' needed


def test_bar_chart_with_no_rows_says_so() -> None:
    root = ET.fromstring(bar_chart(chart_id="c2", title="Empty", rows=[]))  # noqa: S314
    assert root.find(f"{SVG}desc").text == "No answers yet"  # type: ignore[union-attr]


def test_figures_csv_quotes_labels_a_spreadsheet_would_run() -> None:
    text = figures_csv([("Choice", [("=HYPERLINK(1)", 3), ("Yes", 1)])])
    assert list(csv.reader(io.StringIO(text))) == [
        ["Figure", "What", "Count"],
        ["Choice", "'=HYPERLINK(1)", "3"],
        ["Choice", "Yes", "1"],
    ]
