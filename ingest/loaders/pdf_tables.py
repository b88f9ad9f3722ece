"""Ruled tables in PDFs (pdfplumber): their printed lines replaced by rows with column names.

pypdf reads a table as it is drawn, so a row's cells come out scattered over several lines
("TT Chỉ tiêu Đơn vị" / "Kế hoạch" / "1 Tỷ lệ hộ nghèo % 45 47,52"). pdfplumber finds
tables by their ruling lines and gives each cell's text; the lines pypdf read from the
table are then replaced by one line per row (`tables.data_lines`). pypdf stays the reader
of everything else, and of what is visible: a table is used only when every word in it is
in the page's visible text, so hidden text cannot enter through a table.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ingest.loaders.tables import data_lines, header_rows
from ingest.loaders.unruled_tables import Word, table_lines

logger = logging.getLogger(__name__)

# Only a thousands group cut short ("16.80" + "0"): other line breaks between figures
# separate two figures (a header's "2025" above a cell's "231,4").
_WRAPPED_FIGURE = re.compile(r"(?<=\d\.\d)\n(?=\d\d(?![\d.]))|(?<=\d\.\d\d)\n(?=\d(?![\d.]))")
# A printed line belongs to a table when at least this share of its words are the table's.
_INSIDE_SHARE = 0.8
# What pdfplumber raises on a file it cannot read. Tables are a bonus over pypdf's text:
# such a page is read without them (and pypdf meets the same file under the same caps).
_UNREADABLE = (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError, IndexError)


@dataclass(frozen=True, slots=True)
class PageTable:
    """A data table of one page: its words (to find its printed lines) and its rows."""

    words: frozenset[str]
    lines: tuple[str, ...]
    # Its header rows: a table that goes on over the next page without them reads by them.
    header: tuple[tuple[str, ...], ...] = ()


@contextmanager
def table_reader(path: str) -> Iterator[Any]:
    """Pdfplumber's view of the file, or None when it cannot read it (tables are a bonus)."""
    try:
        document = pdfplumber.open(path)
    except (*_UNREADABLE, OSError) as err:
        logger.info("No table reading for %s: %s", path, err)
        document = None
    try:
        yield document
    finally:
        if document is not None:
            with suppress(*_UNREADABLE):
                document.close()


def page_tables(
    reader: Any,
    index: int,
    *,
    before: PageTable | None = None,
    ruled: bool = True,
    unruled: bool = False,
) -> tuple[list[PageTable], list[PageTable]]:
    """The data tables of page `index` (0-based): (ruled, unruled), as row lines.

    `before`: the last table of the page before, whose header a first table without one
    continues (a table printed over two pages repeats its header only when told to).
    `ruled`: read the ruled tables (the page draws enough rules for one).
    `unruled`: also read tables printed without ruling lines (`unruled_tables`), from the
    words outside what pdfplumber sees as ruled tables, read or not.
    """
    if reader is None:
        return [], []
    try:
        page = reader.pages[index]
        found = page.find_tables()
        words = page.extract_words() if unruled else []
    except _UNREADABLE as err:
        logger.info("No tables read on page %d: %s", index + 1, err)
        return [], []
    read_ruled: list[PageTable] = []
    for number, table in enumerate(found if ruled else []):
        read = _table(table, before=before if number == 0 else None)
        if read is not None:
            read_ruled.append(read)
    boxes = [table.bbox for table in found]
    outside = [
        Word(w["text"], w["x0"], w["x1"], w["top"])
        for w in words
        if not any(_inside(w, box) for box in boxes)
    ]
    return read_ruled, [
        PageTable(words=cells, lines=tuple(rows)) for cells, rows in table_lines(outside)
    ]


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return bool(
        word["x0"] >= x0 - 1
        and word["x1"] <= x1 + 1
        and word["top"] >= top - 1
        and word["bottom"] <= bottom + 1
    )


def _table(found: Any, *, before: PageTable | None) -> PageTable | None:
    rows = found.extract()
    if not rows:
        return None
    grid = _grid(rows, headers=1)
    headers = header_rows(grid, first_row_merged=any(cell is None for cell in rows[0]))
    printed = 0  # the first row printed on this page
    if headers:
        grid = _grid(rows, headers=headers)
    elif before is not None and before.header and len(before.header[0]) == len(grid[0]):
        grid = [list(row) for row in before.header] + _grid(rows, headers=0)
        headers = printed = len(before.header)
    else:
        return None
    words = frozenset(word for row in grid[printed:] for cell in row for word in cell.split())
    return PageTable(
        words=words,
        lines=tuple(data_lines(grid, headers)),
        header=tuple(tuple(row) for row in grid[:headers]),
    )


def with_tables(lines: Sequence[str], tables: Sequence[PageTable]) -> list[tuple[str, str]]:
    """The page's printed lines with their block kinds, each table's lines replaced by its rows.

    Rows are of kind "table_row": a row is never joined to the line beside it.
    """
    out = [(line, "paragraph") for line in lines]
    # Without spaces: pypdf and pdfplumber cut some words differently ("2.2.Tỷ", "nă m").
    visible = "".join("".join(lines).split())
    for table in tables:
        if not all(word in visible for word in table.words):
            continue  # a word pypdf did not see as visible: keep the page as pypdf read it
        compact = "".join(table.words) if len(table.words) < 2000 else ""
        run = _longest_run(
            [kind == "paragraph" and _is_inside(line, table, compact) for line, kind in out]
        )
        if run is not None:
            start, end = run
            out[start:end] = [(row, "table_row") for row in table.lines]
    return out


def _grid(rows: Sequence[Sequence[str | None]], *, headers: int) -> list[list[str]]:
    """Cell texts with merged cells filled: across in the first row, down in the headers.

    pdfplumber gives None for the cells a merged cell covers. In the first row that can
    only be a merge across; in the other `headers` rows, the header under a merged label
    repeats it. Data rows keep an empty cell (a section row spanning the table names no
    column).
    """
    grid: list[list[str]] = []
    for number, row in enumerate(rows):
        cells: list[str] = []
        for column, cell in enumerate(row):
            if cell is not None:
                # A figure wrapped in a narrow cell ("16.80" / "0") is one figure.
                cells.append(" ".join(_WRAPPED_FIGURE.sub("", cell).split()))
            elif number == 0:
                cells.append(cells[-1] if cells else "")
            elif number < headers and column < len(grid[-1]):
                cells.append(grid[-1][column])
            else:
                cells.append("")
        grid.append(cells)
    return grid


def _is_inside(line: str, table: PageTable, compact: str) -> bool:
    """Whether a printed line is the table's: most of its words are the table's words.

    A word the table cuts differently ("16.80" "0" printed, "16.800" in the cell) counts
    when it stands in `compact`, the table's words without spaces.
    """
    tokens = line.split()
    inside = sum(token in table.words or token in compact for token in tokens)
    return bool(tokens) and inside >= _INSIDE_SHARE * len(tokens)


def _longest_run(flags: Sequence[bool]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            if best is None or index - start > best[1] - best[0]:
                best = (start, index)
            start = None
    return best
