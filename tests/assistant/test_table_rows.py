"""A question about the whole unit is answered by its table's total row (issue 14)."""

from __future__ import annotations

import pytest

from assistant.evidence.scoring import Evidence
from assistant.evidence.table_rows import whole_table_row
from assistant.passages import Passage, split_passages
from assistant.understand.analysis import analyse
from tests.assistant.memory_index import make_chunk

TABLE = "\n".join(
    [
        "Buôn Ea Kuăl — Số công dân nhập ngũ: 7 — Ghi chú: Có 01 đảng viên",
        "Thôn 3 — Số công dân nhập ngũ: 9",
        "Tổng cộng — Số công dân nhập ngũ: 42",
    ]
)
OTHER_TABLE = "Tổng cộng — Kinh phí (triệu đồng): 176,4"


def _rows(text: str = TABLE) -> list[Passage]:
    return split_passages(make_chunk("Ea Kuăl", text, labels=("Biểu 01",)))


def _answer(question: str, best: Passage, section: list[Passage]) -> str:
    analysis = analyse(question, communes=["Ea Kuăl"])
    chosen = whole_table_row(Evidence(best, 0.9, frozenset(), 0), analysis, lambda _: section)
    return chosen.passage.text


@pytest.mark.parametrize(
    ("question", "row", "answer"),
    [
        # The unit as a whole: its total row, whatever row was ranked first.
        ("Xã Ea Kuăl có bao nhiêu công dân nhập ngũ năm 2026?", 1, 2),
        # A row of the same name as the unit, named with its kind word: that row.
        ("Buôn Ea Kuăl có bao nhiêu công dân nhập ngũ?", 0, 0),
        ("Thôn 3 của xã Ea Kuăl có bao nhiêu công dân nhập ngũ?", 1, 1),
    ],
)
def test_the_total_row_answers_for_the_whole_unit(question: str, row: int, answer: int) -> None:
    rows = _rows()
    # "Xã Ea Kuăl" does not name the buôn of the same name: the total answers.
    assert _answer(question, rows[row], rows) == rows[answer].text


def test_a_total_row_of_another_table_is_not_taken() -> None:
    rows = _rows("Thôn 3 — Số công dân nhập ngũ: 9")
    other = _rows(OTHER_TABLE)
    question = "Xã Ea Kuăl có bao nhiêu công dân nhập ngũ?"
    assert _answer(question, rows[0], [*rows, *other]) == rows[0].text
