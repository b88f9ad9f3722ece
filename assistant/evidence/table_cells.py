"""Which column of a table row a value sits in, and how well that column fits the question.

Ingest writes a table row as "label — column: value — column: value"
(`ingest.passages.TABLE_CELL`). Every figure of the row sits after the same row label, so
nearness to the asked words cannot tell "Kế hoạch: 2.350" from "Lũy kế 9 tháng: 1.874";
the column names can. Two signals, both 0 outside tables:

- `column_words`: the question's words (years included) that name this value's column
  and not every column of the row, each counted 1 / (columns it names).
- `column_role`: whether the column is of the kind of figure the question asks. Statistical
  tables have three kinds of figure column: the plan (kế hoạch, dự toán, chỉ tiêu giao),
  the result (thực hiện, kết quả, lũy kế, ước thực hiện) and the comparison (%, tỷ lệ,
  so với, so sánh). A question asks the comparison when it asks a percentage, the plan
  when it names the plan and not the result, and the result otherwise; words it shares
  with the row label ("Tỷ lệ hộ nghèo") name the row, not a column. +1 same kind, -1
  another kind, 0 for a column of none (e.g. "Số hộ").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.understand.glossary import synonyms
from assistant.understand.language import tokens
from ingest.passages import TABLE_CELL

# Roles by folded phrase; Vietnamese as tables write them, English as questions ask.
_ROLE_PHRASES = {
    "comparison": ("%", "ty le", "so voi", "so sanh", "phan tram", "percent", "percentage",
                   "share", "rate", "ratio", "proportion", "compared"),
    "plan": ("ke hoach", "kh", "du toan", "chi tieu giao", "chi tieu", "muc tieu", "giao",
             "plan", "planned", "target", "assigned", "quota"),
    "result": ("thuc hien", "ket qua", "luy ke", "uoc thuc hien", "uth", "thuc te", "dat",
               "actual", "achieved", "collected", "recorded", "result", "reached"),
}  # fmt: skip
_PHRASES = {
    role: tuple(re.compile(rf"(?<!\w){re.escape(p)}(?!\w)") for p in phrases)
    for role, phrases in _ROLE_PHRASES.items()
}


@dataclass(frozen=True, slots=True)
class Column:
    """One "name: value" cell of a row line: the column name and where its value stands."""

    name: str
    start: int
    end: int


def row_columns(text: str) -> list[Column]:
    """The named cells of every table row line in `text` (none for prose)."""
    columns: list[Column] = []
    offset = 0
    for line in text.split("\n"):
        parts = line.split(TABLE_CELL)
        at = offset + len(parts[0]) + len(TABLE_CELL)
        for part in parts[1:]:
            name, colon, _ = part.partition(": ")
            if colon:
                columns.append(Column(name, at + len(name) + 2, at + len(part)))
            at += len(part) + len(TABLE_CELL)
        offset += len(line) + 1
    return columns


def column_at(columns: Sequence[Column], start: int) -> Column | None:
    return next((c for c in columns if c.start <= start < c.end), None)


@dataclass(frozen=True, slots=True)
class ColumnFit:
    """How each column of a passage fits one question (computed once per passage)."""

    words: dict[str, float]
    roles: dict[str, float]


def column_fit(text: str, columns: Sequence[Column], question: str) -> ColumnFit:
    """`column_words` and `column_role` for every column name of `text`."""
    names = list(dict.fromkeys(column.name for column in columns))
    if not names:
        return ColumnFit({}, {})
    label_words = set(tokens(_labels(text)))
    asked = [t for t in tokens(question) if t not in label_words]
    named = {name: _expanded(name) for name in names}
    counts = {t: sum(t in words for words in named.values()) for t in set(asked)}
    words = {
        name: sum(1 / counts[t] for t in set(asked) if t in named[name] and counts[t] < len(names))
        for name in names
    }
    wanted = question_role(" ".join(asked))
    roles = {name: _agreement(column_role(name), wanted) for name in names}
    return ColumnFit(words, roles)


def question_role(folded_words: str) -> str:
    """The kind of figure column a question asks for (its words outside the row label)."""
    if _has_role(folded_words, "comparison"):
        return "comparison"
    if _has_role(folded_words, "plan") and not _has_role(folded_words, "result"):
        return "plan"
    return "result"


def column_role(name: str) -> str | None:
    folded = " ".join(tokens(name))
    for role in ("comparison", "plan", "result"):
        if _has_role(folded, role):
            return role
    return None


def _agreement(role: str | None, wanted: str) -> float:
    return 0.0 if role is None else (1.0 if role == wanted else -1.0)


def _has_role(folded: str, role: str) -> bool:
    return any(pattern.search(folded) for pattern in _PHRASES[role])


def _labels(text: str) -> str:
    return " ".join(line.split(TABLE_CELL)[0] for line in text.split("\n") if TABLE_CELL in line)


def _expanded(name: str) -> set[str]:
    """A column name's folded words, with its abbreviations' words ("KH": "ke hoach")."""
    words = set(tokens(name))
    for word in list(words):
        for key in synonyms(word)[1:]:
            words.update(key.split())
    return words
