"""Split a PDF page's text-showing operators into what a reader sees and what is hidden.

Text a person cannot see (render mode 3/7, white fill, < 1.5 pt, outside the page) is the
classic channel for instructions aimed at an LLM (issue 7), so it must not be indexed.
pypdf's text visitor reports text in flushed runs that can mix visible and hidden
pieces, so instead we walk the operators ourselves, track the graphics state, and give
pypdf two rewritten operator lists: one with only the visible text, one with only the
hidden text (extracted just to count what was dropped).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
Operation = tuple[Any, bytes]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MIN_VISIBLE_PT = 1.5
"""Text smaller than this (after all scaling) is unreadable: treated as hidden."""
WHITE_THRESHOLD = 0.95
"""A fill this close to white on every channel counts as white."""
_INVISIBLE_MODES = frozenset({3, 7})  # neither fill nor stroke (7 only adds to the clip)
_STROKE_ONLY_MODES = frozenset({1, 5})  # the fill colour does not show
_SHOW_OPERATORS = frozenset({b"Tj", b"TJ", b"'", b'"'})


Box = tuple[float, float, float, float]  # left, bottom, right, top in page space
_PATH_POINTS = {b"m": 1, b"l": 1, b"c": 3, b"v": 2, b"y": 2}  # operator -> points it adds
_PAINT_OPERATORS = frozenset({b"n", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"})
_PATH_OPERATORS = frozenset(_PATH_POINTS) | _PAINT_OPERATORS | {b"re", b"W", b"W*"}


@dataclass(frozen=True, slots=True)
class _GraphicsState:
    ctm: Matrix = IDENTITY
    fill_white: bool = False
    render_mode: int = 0
    font_size: float = 0.0
    leading: float = 0.0
    clip: Box | None = None  # bounding box of the clipping path; None = the page box


@dataclass(frozen=True, slots=True)
class SplitContent:
    """The page's operators with hidden text removed, and with only hidden text kept."""

    visible: list[Operation]
    hidden: list[Operation]
    hidden_shows: int
    visible_bytes: int
    """String bytes shown visibly: at least twice the characters pypdf will extract."""


def multiply(left: Matrix, right: Matrix) -> Matrix:
    """PDF matrix product (row-vector convention): `left` applied first, then `right`."""
    a, b, c, d, e, f = left
    g, h, i, j, k, m = right
    return (
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + m,
    )


def _numbers(operands: Any) -> list[float]:
    result: list[float] = []
    for operand in operands:
        try:
            result.append(float(operand))
        except (TypeError, ValueError):
            continue
    return result


def _is_white(values: list[float], components: int) -> bool:
    if components == 1 and len(values) >= 1:
        return values[0] >= WHITE_THRESHOLD
    if components == 3 and len(values) >= 3:
        return min(values[:3]) >= WHITE_THRESHOLD
    if components == 4 and len(values) >= 4:
        return max(values[:4]) <= 1 - WHITE_THRESHOLD
    return False


class VisibilityTracker:
    """Walks one content stream, classifying every text-showing operator."""

    def __init__(self, page_box: Box) -> None:
        self._box = page_box  # the visible (crop) box
        self._state = _GraphicsState()
        self._path: list[tuple[float, float]] = []  # current path, in page space
        self._clipping = False  # W or W* seen: the next painting operator clips
        self._stack: list[_GraphicsState] = []
        self._tm: Matrix = IDENTITY
        self._tlm: Matrix = IDENTITY

    def split(self, operations: list[Operation]) -> SplitContent:
        visible: list[Operation] = []
        hidden: list[Operation] = []
        hidden_shows = 0
        visible_bytes = 0
        for operands, operator in operations:
            if operator not in _SHOW_OPERATORS:
                self._update(operator, operands)
                visible.append((operands, operator))
                hidden.append((operands, operator))
                continue
            moved = self._move_for_show(operator, operands)
            is_hidden = self._is_hidden(operands)
            hidden_shows += is_hidden
            visible_bytes += 0 if is_hidden else _glyph_estimate(operands)
            kept, dropped = (hidden, visible) if is_hidden else (visible, hidden)
            kept.append((operands, operator))
            dropped.extend(moved)  # keep line moves so the other copy stays aligned
        return SplitContent(visible, hidden, hidden_shows, visible_bytes)

    def _move_for_show(self, operator: bytes, operands: Any) -> list[Operation]:
        """Apply the line move that ' and " make, and return it as plain operators."""
        if operator == b"'":
            self._next_line()
            return [([], b"T*")]
        if operator == b'"':
            self._next_line()
            return [(operands[:1], b"Tw"), (operands[1:2], b"Tc"), ([], b"T*")]
        return []

    def _is_hidden(self, operands: Any) -> bool:
        state = self._state
        if state.render_mode in _INVISIBLE_MODES:
            return True
        if state.fill_white and state.render_mode not in _STROKE_ONLY_MODES:
            return True
        placed = multiply(self._tm, state.ctm)
        size = abs(state.font_size) * math.hypot(placed[2], placed[3])
        if size < MIN_VISIBLE_PT:
            return True
        return self._is_off_page(placed[4], placed[5], size, _glyph_estimate(operands))

    def _is_off_page(self, x: float, y: float, size: float, glyphs: int) -> bool:
        # Outside the page, or outside a clipping path (a 0x0 clip hides text too).
        left, bottom, right, top = _intersect(self._box, self._state.clip)
        width = glyphs * size  # generous: a glyph is rarely wider than the font size
        return x > right or x + width < left or y > top + size or y < bottom - size

    def _update(self, operator: bytes, operands: Any) -> None:
        state = self._state
        if operator == b"q":
            self._stack.append(state)
        elif operator == b"Q":
            self._state = self._stack.pop() if self._stack else _GraphicsState()
        elif operator == b"BT":
            self._tm = self._tlm = IDENTITY
        elif operator in _PATH_OPERATORS:
            self._update_path(operator, _numbers(operands))
        else:
            self._update_text_or_colour(operator, _numbers(operands))

    def _update_path(self, operator: bytes, values: list[float]) -> None:
        ctm = self._state.ctm
        if operator == b"re" and len(values) == 4:
            x, y, w, h = values
            corners = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
            self._path.extend(_apply(ctm, point) for point in corners)
        elif operator in _PATH_POINTS:
            pairs = values[: 2 * _PATH_POINTS[operator]]
            self._path.extend(
                _apply(ctm, point) for point in zip(pairs[::2], pairs[1::2], strict=False)
            )
        elif operator in (b"W", b"W*"):
            self._clipping = True
        elif operator in _PAINT_OPERATORS:
            if self._clipping and self._path:
                xs, ys = [p[0] for p in self._path], [p[1] for p in self._path]
                clip = _intersect((min(xs), min(ys), max(xs), max(ys)), self._state.clip)
                self._state = replace(self._state, clip=clip)
            self._path, self._clipping = [], False

    def _update_text_or_colour(self, operator: bytes, values: list[float]) -> None:
        state = self._state
        if operator == b"cm" and len(values) == 6:
            self._state = replace(state, ctm=multiply(_as_matrix(values), state.ctm))
        elif operator == b"Tf" and values:
            self._state = replace(state, font_size=values[-1])
        elif operator == b"Tr" and values:
            self._state = replace(state, render_mode=int(values[0]))
        elif operator == b"TL" and values:
            self._state = replace(state, leading=values[0])
        elif operator in (b"Td", b"TD") and len(values) >= 2:
            if operator == b"TD":
                self._state = replace(state, leading=-values[1])
            self._translate_line(values[0], values[1])
        elif operator == b"T*":
            self._next_line()
        elif operator == b"Tm" and len(values) == 6:
            self._tm = self._tlm = _as_matrix(values)
        elif operator in (b"g", b"rg", b"k", b"sc", b"scn"):
            self._state = replace(state, fill_white=_is_white(values, len(values)))
        elif operator == b"cs":
            self._state = replace(state, fill_white=False)  # a new colour space starts black

    def _translate_line(self, tx: float, ty: float) -> None:
        self._tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self._tlm)
        self._tm = self._tlm

    def _next_line(self) -> None:
        self._translate_line(0.0, -self._state.leading)


def _apply(matrix: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)


def _intersect(box: Box, other: Box | None) -> Box:
    if other is None:
        return box
    return (
        max(box[0], other[0]),
        max(box[1], other[1]),
        min(box[2], other[2]),
        min(box[3], other[3]),
    )


def _as_matrix(values: list[float]) -> Matrix:
    return (values[0], values[1], values[2], values[3], values[4], values[5])


def _glyph_estimate(operands: Any) -> int:
    """Upper bound on the glyphs an operator shows (bytes; 2-byte fonts count double)."""
    total = 0
    for operand in operands:
        if isinstance(operand, (str, bytes)):
            total += len(operand)
        elif isinstance(operand, list):
            total += _glyph_estimate(operand)
    return max(total, 1)
