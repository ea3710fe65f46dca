"""The review's figures as CSV: one row per figure, with the chart it belongs to."""

from __future__ import annotations

import csv
import io

# A spreadsheet runs a cell starting with these as a formula: such labels get a quote first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def figures_csv(sections: list[tuple[str, list[tuple[str, int]]]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Figure", "What", "Count"])
    for title, rows in sections:
        for label, value in rows:
            writer.writerow([_safe(title), _safe(label), value])
    return out.getvalue()
