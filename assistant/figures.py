"""Figures in report sentences: find them, read their value, compare them.

Reports write "1.683" (thousands), "47,52%" (decimal comma), but also "2,528,008" in
tables typed the English way; `parse_number` reads all of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.periods import YEAR_WRITTEN

FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s?%)?(?![\w])")
PERCENT = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*\s?%")
# A year ("2026"), not part of a longer number: the one pattern titles are read with.
YEAR = YEAR_WRITTEN


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as printed (`text`) and its value; `is_percent` for "47,52%"."""

    text: str
    value: float
    is_percent: bool
    start: int


def parse_number(text: str) -> float | None:
    """'1.683' -> 1683, '47,52' -> 47.52, '2,528,008' -> 2528008, '89,98%' -> 89.98."""
    digits = text.strip().rstrip("%").strip()
    if not digits or not digits[0].isdigit() or not re.fullmatch(r"[\d.,]+", digits):
        return None
    groups = re.split(r"[.,]", digits)
    separators = re.findall(r"[.,]", digits)
    if not separators:
        return float(digits)
    is_grouping = all(len(group) == 3 for group in groups[1:]) and len(set(separators)) == 1
    if is_grouping and (len(separators) > 1 or separators[0] == "."):
        return float("".join(groups))
    if len(set(separators)) == 2:
        # "1.234,5" (Vietnamese) or "1,234.5" (English): the last separator is decimal.
        decimal = separators[-1]
        whole, _, fraction = digits.rpartition(decimal)
        return float(re.sub(r"[.,]", "", whole) + "." + fraction)
    if len(separators) > 1:
        return None
    whole, fraction = groups
    return float(f"{whole}.{fraction}")


def find_figures(text: str) -> list[Figure]:
    """All figures in `text`, in order."""
    found = []
    for match in FIGURE.finditer(text):
        printed = match.group(0)
        value = parse_number(printed)
        if value is not None:
            found.append(Figure(printed, value, printed.endswith("%"), match.start()))
    return found


def has_figure(text: str) -> bool:
    return FIGURE.search(text) is not None


def figure_near(text: str, anchor: int, *, percent: bool) -> Figure | None:
    """The figure closest after `anchor` (a matched keyword), preferring percentages."""
    figures = [item for item in find_figures(text) if item.start >= anchor]
    if percent:
        figures = [item for item in figures if item.is_percent] or figures
    return figures[0] if figures else None


def format_number(value: float) -> str:
    """Vietnamese style: '.' thousands and ',' decimals (1683 -> '1.683', 47.5 -> '47,5')."""
    whole = int(abs(value))
    fraction = abs(value) - whole
    text = f"{whole:,}".replace(",", ".")
    if fraction > 1e-9:
        decimals = f"{fraction:.2f}"[2:].rstrip("0")
        text += "," + decimals
    return ("-" if value < 0 else "") + text
