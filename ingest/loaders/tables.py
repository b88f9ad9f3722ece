"""Table rows as lines that carry their column names, whatever format the table came from.

A figure in a "Biểu chỉ tiêu" means nothing without its column: each data row becomes one
line "Hộ nghèo (%) — Kế hoạch: 45,0 — Thực hiện: 47,52", so it can be retrieved, quoted
and cited alone. The DOCX and PDF readers (`docx_tables`, `pdf_tables`) turn their tables
into a grid first — one text per grid column, merged cells expanded — and agree here on
which rows are headers and how a row reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.passages import TABLE_CELL

# A data table has at least this many grid columns: a label and two figures. Two-column
# tables are how letters lay out their header and signature.
MIN_DATA_COLUMNS = 3
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMERIC = re.compile(r"^[\d.,%\s()+\-/:]+$")
_ORDINAL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]?$", re.IGNORECASE)
# A row that breaks down the row above it ("- Trong đó: thu thuế", "+ Nữ") means nothing
# without that row's label.
_SUB_ROW = re.compile(r"^\s*(?:[-+*•–]|trong đó\b|tr\.đó\b)", re.IGNORECASE)

Grid = Sequence[Sequence[str]]


def header_rows(grid: Grid, *, marked: int = 0, first_row_merged: bool = False) -> int:
    """How many leading rows name the columns (0: not a data table).

    Rows the file marks as repeating headers when there are any; otherwise a first row of
    words, and the row under it too when the first merges cells over it (a two-level
    header). Tables narrower than `MIN_DATA_COLUMNS` are layout, not data.
    """
    if max((len(row) for row in grid), default=0) < MIN_DATA_COLUMNS:
        return 0
    if marked:
        return min(marked, len(grid) - 1)
    if len(grid) < 2 or not _all_words(grid[0]):
        return 0
    return 2 if first_row_merged and len(grid) > 2 and _all_words(grid[1]) else 1


def data_lines(grid: Grid, headers: int) -> list[str]:
    """One line per data row: "label — column: value — …"."""
    width = max((len(row) for row in grid), default=0)
    names = _column_names(grid[:headers], width)
    lines = []
    parent = ""
    for row in grid[headers:]:
        label = _label(row)
        if label and _SUB_ROW.match(label):
            line = _row_line(row, names, parent=parent)
        else:
            parent = label or parent
            line = _row_line(row, names)
        if line:
            lines.append(line)
    return lines


def _all_words(row: Sequence[str]) -> bool:
    """A row of names: no figures, though years may name columns ("2026", "Năm 2025")."""
    cells = [cell for cell in row if cell.strip()]
    return bool(cells) and not any(
        _NUMERIC.match(cell) and not _YEAR.match(cell.strip()) for cell in cells
    )


def _column_names(header: Grid, width: int) -> list[str]:
    names = []
    for column in range(width):
        parts = [row[column] for row in header if column < len(row) and row[column]]
        names.append(" ".join(dict.fromkeys(parts)))
    return names


def _label(row: Sequence[str]) -> str:
    """The row's label: its first cell that is not a running number (TT, STT)."""
    return next((text for text in row if text.strip() and not _ORDINAL.match(text)), "")


def _row_line(row: Sequence[str], names: Sequence[str], *, parent: str = "") -> str:
    cells = [(names[i] if i < len(names) else "", text) for i, text in enumerate(row)]
    filled = [(name, text) for name, text in cells if text.strip()]
    label_at = next((i for i, (_, text) in enumerate(filled) if not _ORDINAL.match(text)), None)
    if label_at is None:
        return " | ".join(text for _, text in filled)
    label = filled[label_at][1]
    seen = {label}
    parts = [f"{parent} / {label}" if parent else label]
    for name, text in filled[label_at + 1 :]:
        if text in seen and name == "":
            continue
        seen.add(text)
        parts.append(f"{name}: {text}" if name and name != text else text)
    return TABLE_CELL.join(parts)
