"""A question about the whole unit is answered by its table's total row, not one line of it.

"Toàn huyện có bao nhiêu trẻ mầm non?" over a table with one row per commune and a
"Tổng cộng" row: the rows share every word but their labels, so the model may rank a
commune's row first. When the question does not name the chosen row's label (at most
half of its words, less the unit kind and the asked unit's name), and the
same table (its section; most column names shared, as empty cells are not written) has a
total row, the total row answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.evidence.scoring import Evidence
from assistant.evidence.table_cells import row_columns
from assistant.passages import Passage
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.language import tokens
from ingest.passages import TABLE_CELL

# Two rows are of one table when they share this share of their column names (a row
# writes no name for its empty cells: "Ghi chú" is often blank on the total row).
SAME_TABLE_SHARE = 0.6
# Labels of a total row, as tables print them (folded, whole label).
_TOTAL = re.compile(
    r"^(?:tong cong|cong|tong so|tong|toan (?:xa|phuong|thi tran|dac khu|huyen|quan|tinh)"
    r"(?: .*)?)$"
)
# Unit kinds a row label starts with: they name the kind of row, not which row.
_KINDS = frozenset(
    [
        "xa",
        "phuong",
        "thi",
        "tran",
        "dac",
        "khu",
        "huyen",
        "quan",
        "thon",
        "ap",
        "ban",
        "buon",
        "khu",
        "pho",
        "to",
        "dan",
        "xom",
        "lang",
        "khoi",
    ]
)


def whole_table_row(
    best: Evidence,
    analysis: QuestionAnalysis,
    section_passages: Callable[[Evidence], Sequence[Passage]],
) -> Evidence:
    """`best`, or its table's total row when the question does not name `best`'s row."""
    row = _row(best.passage.text)
    if row is None or _is_total(row[0]) or _names(analysis, row[0]):
        return best
    for passage in section_passages(best):
        other = _row(passage.text)
        if other and _is_total(other[0]) and _same_table(other[1], row[1]):
            return replace(best, passage=passage)
    return best


def _same_table(first: set[str], second: set[str]) -> bool:
    return len(first & second) >= SAME_TABLE_SHARE * len(first | second)


def _row(text: str) -> tuple[str, set[str]] | None:
    """A table row line's label and column names; None for prose."""
    if TABLE_CELL not in text or "\n" in text:
        return None
    names = {column.name for column in row_columns(text)}
    return (text.split(TABLE_CELL)[0], names) if names else None


def _is_total(label: str) -> bool:
    return _TOTAL.match(" ".join(tokens(label))) is not None


def _names(analysis: QuestionAnalysis, label: str) -> bool:
    """Whether the question names the row: most of its label's own words.

    Words of the unit the question asks about do not count: "Buôn Ea Kuăl" is a row of
    xã Ea Kuăl's table, and "xã Ea Kuăl" does not name it.
    """
    written = tokens(label.split(" / ")[-1])
    words = [t for t in written if t not in _KINDS]
    if not words or f" {' '.join(written)} " in f" {' '.join(tokens(analysis.text))} ":
        return True  # "Buôn Ea Kuăl có bao nhiêu …" names the row, kind word and all
    unit = {t for name in analysis.communes for t in tokens(name)}
    own = [word for word in words if word not in unit]
    asked = set(tokens(analysis.text))
    return sum(word in asked for word in own) * 2 > len(own) > 0
