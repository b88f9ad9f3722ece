"""DOCX tables: Word's cells onto a grid (merged cells expanded), then lines (`tables`).

Merged cells are expanded over the grid (a "Năm 2026" spanning "Kế hoạch" and "Thực
hiện" names both columns; a label merged down several rows repeats on each). Tables that
are not data — the two-column header of a letter (issuing body | national motto), the
signature block — stay "cell | cell" lines, as the metadata reader expects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.oxml.ns import qn

from ingest.loaders.docx_styles import Element
from ingest.loaders.tables import data_lines, header_rows


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    span: int
    merge: str | None  # "restart", "continue" or None (vertical merge)


def table_lines(table: Element, cell_text: Callable[[Element], str]) -> list[str]:
    """One line per row of `table`: "label — column: value — …" for data tables."""
    cells = [
        [_cell(tc, cell_text) for tc in tr.iterfind(qn("w:tc"))]
        for tr in table.iterfind(qn("w:tr"))
    ]
    grid, spanned = _grid(table, cells)
    first = cells[0] if cells else []
    headers = header_rows(
        grid,
        marked=_marked_header_rows(table),
        first_row_merged=any(cell.span > 1 for cell in first),
    )
    if not headers:
        # As written, cell by cell: what the header and signature readers expect.
        texts = ([cell.text for cell in row] for row in cells)
        return [" | ".join(row) for row in texts if any(row)]
    # A header merged across names every column under it; a data cell merged across (a
    # group row "I | CHỈ TIÊU KINH TẾ") is one value, not one per column.
    for row, column in spanned:
        if row >= headers:
            grid[row][column] = ""
    return data_lines(grid, headers)


def _grid(
    table: Element, cells: Sequence[Sequence[_Cell]]
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Rows of cell texts, one entry per grid column, merged cells repeated.

    Also returns the (row, column) places a merge across repeated its text into.
    """
    grid: list[list[str]] = []
    spanned: list[tuple[int, int]] = []
    for tr, row_cells in zip(table.iterfind(qn("w:tr")), cells, strict=True):
        row: list[str] = [""] * _grid_before(tr)
        for cell in row_cells:
            column = len(row)
            text = cell.text
            if cell.merge == "continue" and grid and column < len(grid[-1]):
                text = grid[-1][column]
            spanned.extend((len(grid), column + i) for i in range(1, cell.span))
            row.extend([text] * cell.span)
        grid.append(row)
    return grid, spanned


def _cell(tc: Element, cell_text: Callable[[Element], str]) -> _Cell:
    properties = tc.find(qn("w:tcPr"))
    span, merge = 1, None
    if properties is not None:
        grid_span = properties.find(qn("w:gridSpan"))
        if grid_span is not None:
            span = max(1, min(64, int(grid_span.get(qn("w:val"), "1") or 1)))
        v_merge = properties.find(qn("w:vMerge"))
        if v_merge is not None:
            merge = v_merge.get(qn("w:val")) or "continue"
    return _Cell(cell_text(tc), span, merge)


def _grid_before(tr: Element) -> int:
    found = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
    return 0 if found is None else max(0, min(64, int(found.get(qn("w:val"), "0") or 0)))


def _marked_header_rows(table: Element) -> int:
    """Leading rows Word repeats on every page (`w:tblHeader`): the table's own headers."""
    marked = 0
    for tr in table.iterfind(qn("w:tr")):
        if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            break
        marked += 1
    return marked
