"""Tables printed without ruling lines, found from where their words stand on the page.

A table without borders leaves no lines for pdfplumber's table finder, and pypdf reads it
as "1 Khu phố 1 612 41.356 32.870 79,48 96" under a header whose words no longer sit over
their figures. Its shape is still on the page: at least `MIN_ROWS` lines holding two or
more figures, whose words stand in columns separated by wide gaps. From the words'
positions (pdfplumber's words, handed in as `Word`):

1. lines are words of one baseline; a line cuts into segments where a gap is wider than
   `GAP` points (a space is ~3 points at report sizes);
2. a run of figure lines, with the wrapped-label lines between and around them, is the
   table body; its columns are the merged x-extents of the figure lines' segments;
3. a line without figures starts a row when its first column holds a running number (a
   group row); otherwise it joins the row above when that row's line has words in the
   same column (cells aligned at the top), else the nearest row (cells centred);
4. the closely spaced lines just above the body are the header, each segment naming the
   columns it stands over.

GAP, MIN_ROWS and the spacing limits are typographic (a space is ~3 points; header lines
stand closer than rows), not fitted: no data set of such tables is big enough to fit them.

The grid then reads like any table (`tables.data_lines`). Prose never qualifies: its
lines are one segment wide and hold no column of figures.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.loaders.tables import data_lines

GAP = 7.0  # points between two words of different cells
MIN_ROWS = 3  # figure lines in a table body
MIN_FIGURES = 2  # figures on a line of the body
MAX_HEADER_LINES = 6
_SAME_LINE = 2.5  # points between the tops of words on one printed line
_FIGURE = re.compile(r"^[-+≤≥<>]?\s*\d[\d.,]*\s*%?$|^-$")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float


@dataclass(frozen=True, slots=True)
class _Segment:
    text: str
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class _Line:
    top: float
    segments: tuple[_Segment, ...]

    @property
    def figures(self) -> int:
        return sum(bool(_FIGURE.match(s.text)) for s in self.segments)


def unruled_grids(words: Sequence[Word]) -> list[tuple[list[list[str]], int]]:
    """Each unruled table of a page as (grid, header rows)."""
    lines = _lines(words)
    grids = []
    for start, end in _bodies(lines):
        columns = _columns(lines[start:end])
        if len(columns) < 3:
            continue
        end = _wrapped_end(lines, end, columns)
        while start > 0 and _starts_row(lines[start - 1], columns):
            start -= 1  # a group row ("I  CHỈ TIÊU KINH TẾ") opens the body
        start = _centred_start(lines, start, columns)
        body = lines[start:end]
        header = _header(lines[:start], body, columns)
        rows = _rows(body, columns)
        if header and rows:
            grids.append(([header, *rows], 1))
    return grids


def table_lines(words: Sequence[Word]) -> list[tuple[frozenset[str], list[str]]]:
    """(the table's words, its row lines) for each unruled table of a page."""
    found = []
    for grid, headers in unruled_grids(words):
        lines = data_lines(grid, headers)
        if lines:
            found.append(
                (frozenset(w for row in grid for cell in row for w in cell.split()), lines)
            )
    return found


def _lines(words: Sequence[Word]) -> list[_Line]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - word.top) <= _SAME_LINE:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [_Line(row[0].top, _segments(sorted(row, key=lambda w: w.x0))) for row in rows]


def _segments(words: Sequence[Word]) -> tuple[_Segment, ...]:
    segments: list[list[Word]] = []
    for word in words:
        if segments and word.x0 - segments[-1][-1].x1 <= GAP:
            segments[-1].append(word)
        else:
            segments.append([word])
    return tuple(
        _Segment(" ".join(w.text for w in group), group[0].x0, group[-1].x1) for group in segments
    )


def _bodies(lines: Sequence[_Line]) -> list[tuple[int, int]]:
    """(start, end) of each run of figure lines, wrapped lines between them included."""
    figure_at = [i for i, line in enumerate(lines) if line.figures >= MIN_FIGURES]
    runs: list[list[int]] = []
    for index in figure_at:
        if runs and index - runs[-1][-1] <= MAX_HEADER_LINES:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [(run[0], run[-1] + 1) for run in runs if len(run) >= MIN_ROWS]


def _wrapped_end(lines: Sequence[_Line], end: int, columns: Sequence[tuple[float, float]]) -> int:
    """The body's end, past the last row's wrapped label lines ("Tỷ lệ hộ" / "nghèo")."""
    while end < len(lines) and end - 1 >= 0:
        line = lines[end]
        close = line.top - lines[end - 1].top <= 2 * _SAME_LINE + 12
        inside = all(
            columns[0][0] - 1 <= s.x0 and s.x1 <= columns[-1][1] + 1 for s in line.segments
        )
        if not (close and inside and line.figures == 0 and not _starts_row(line, columns)):
            break
        if any(_is_wide(s, columns) for s in line.segments):
            break
        end += 1
    return end


def _centred_start(
    lines: Sequence[_Line], start: int, columns: Sequence[tuple[float, float]]
) -> int:
    """The body's start, before the first row's label lines printed above its figures.

    Cells centred on their row print a wrapped label half above the figures' line. Such a
    line stands closer to the figures than half a row, and only in columns the figures'
    line leaves empty; a header line stands over the figures' columns.
    """
    first = lines[start]
    if first.figures < MIN_FIGURES:
        return start
    used = _columns_used(first, columns)
    rows = [line.top for line in lines[start:] if line.figures >= MIN_FIGURES][:MIN_ROWS]
    half_row = (rows[-1] - rows[0]) / (2 * max(len(rows) - 1, 1))
    while start > 0:
        line = lines[start - 1]
        if line.figures or _columns_used(line, columns) & used or first.top - line.top > half_row:
            break
        start -= 1
    return start


def _columns(body: Sequence[_Line]) -> list[tuple[float, float]]:
    """The x-extents of the figure lines' cells, merged where they overlap.

    Only figure lines: a group row ("CHỈ TIÊU KINH TẾ") or a wrapped label may run
    across several columns.
    """
    rows = [line for line in body if line.figures >= MIN_FIGURES]
    spans = sorted((s.x0, s.x1) for line in rows for s in line.segments)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(x0, x1) for x0, x1 in merged]


def _column_of(segment: _Segment, columns: Sequence[tuple[float, float]]) -> list[int]:
    """The columns a segment stands over; the nearest one when it stands in a gap."""
    over = [i for i, (x0, x1) in enumerate(columns) if segment.x0 < x1 and segment.x1 > x0]
    if over or not columns:
        return over
    middle = (segment.x0 + segment.x1) / 2
    return [min(range(len(columns)), key=lambda i: abs(sum(columns[i]) / 2 - middle))]


def _header(
    above: Sequence[_Line], body: Sequence[_Line], columns: Sequence[tuple[float, float]]
) -> list[str]:
    """Column names from the lines just above the body that sit in its columns.

    Header lines stand closer together than the body's rows; a wider gap, a title across
    the table or a numbered group row ends the header.
    """
    rows = [line.top for line in body if line.figures >= MIN_FIGURES]
    spacing = sorted(b - a for a, b in itertools.pairwise(rows)) or [20.0]
    limit = 1.2 * spacing[len(spacing) // 2]
    taken: list[_Line] = []
    below = body[0].top
    for line in reversed(above[-2 * MAX_HEADER_LINES :]):
        if not taken and _starts_row(line, columns):
            below = line.top
            continue  # a group row ("I  CHỈ TIÊU KINH TẾ") between the header and figures
        if below - line.top > limit or len(taken) == MAX_HEADER_LINES:
            break
        if _starts_row(line, columns) or any(_is_wide(s, columns) for s in line.segments):
            break
        if len(line.segments) == 1 and len(_column_of(line.segments[0], columns)) > 1:
            break  # one phrase across columns: a heading above the table, not a name
        taken.insert(0, line)
        below = line.top
    if not taken:
        return []
    cells = [""] * len(columns)
    for line in taken:
        for segment in line.segments:
            for i in _column_of(segment, columns):
                cells[i] = f"{cells[i]} {segment.text}".strip()
    return cells


def _is_wide(segment: _Segment, columns: Sequence[tuple[float, float]]) -> bool:
    """A segment across more than half of the table: a title, not a column name."""
    return segment.x1 - segment.x0 > (columns[-1][1] - columns[0][0]) / 2


def _rows(body: Sequence[_Line], columns: Sequence[tuple[float, float]]) -> list[list[str]]:
    """One row per figure line (or numbered group line), wrapped lines joined to theirs.

    A wrapped line belongs to the row above when that row's line has words in the same
    column (cells aligned at the top); otherwise to the nearest row (cells centred).
    """
    anchors = [
        i
        for i, line in enumerate(body)
        if line.figures >= MIN_FIGURES or _starts_row(line, columns)
    ]
    owner = {i: i for i in anchors}
    for i, line in enumerate(body):
        if i in owner:
            continue
        spans = {c for s in line.segments for c in _column_of(s, columns)}
        above = [a for a in anchors if a < i]
        if above and spans & _columns_used(body[above[-1]], columns):
            owner[i] = above[-1]  # its row's line holds that cell's first words
        else:
            owner[i] = min(anchors, key=lambda a: (abs(body[a].top - line.top), a > i))
    rows: dict[int, list[str]] = {a: [""] * len(columns) for a in anchors}
    for i, line in enumerate(body):
        cells = rows[owner[i]]
        for segment in line.segments:
            for column in _column_of(segment, columns)[:1]:
                cells[column] = f"{cells[column]} {segment.text}".strip()
    return [rows[a] for a in anchors]


def _columns_used(line: _Line, columns: Sequence[tuple[float, float]]) -> set[int]:
    return {c for s in line.segments for c in _column_of(s, columns)}


def _starts_row(line: _Line, columns: Sequence[tuple[float, float]]) -> bool:
    """A line without figures whose first column holds a running number ("II")."""
    first = line.segments[0]
    return (
        _column_of(first, columns)[:1] == [0]
        and re.fullmatch(r"[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,2})*\.?|[a-zđ]\)", first.text) is not None
    )
