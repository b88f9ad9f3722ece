"""A table row's figure is chosen by its column's name (issue 14)."""

from __future__ import annotations

import pytest

from assistant.evidence.table_cells import column_fit, column_role, question_role, row_columns
from assistant.evidence.value_choice import lead_values

ROW = (
    "Tổng chi ngân sách xã — Đơn vị tính: Triệu đồng — Kế hoạch năm 2025: 16.740"
    " — Thực hiện quý III: 4.305 — Lũy kế 9 tháng: 11.652 — So với KH năm (%): 69,61"
)
YEARS = (
    "Tỷ lệ phòng học kiên cố — Đơn vị tính: % — Năm học 2023 - 2024: 92,4"
    " — Năm học 2024 - 2025: 94,1 — Tăng (+), giảm (-): +1,7"
)


def test_row_columns_know_where_each_value_stands() -> None:
    columns = row_columns(ROW)
    assert [c.name for c in columns][:3] == [
        "Đơn vị tính",
        "Kế hoạch năm 2025",
        "Thực hiện quý III",
    ]
    assert [ROW[c.start : c.end] for c in columns][1:3] == ["16.740", "4.305"]
    assert row_columns("Chi ngân sách đạt 69,61% kế hoạch năm.") == []


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Kế hoạch năm 2025", "plan"),
        ("Dự toán năm 2025 Huyện giao", "plan"),
        ("Ước thực hiện", "result"),
        ("Lũy kế 9 tháng", "result"),
        ("So với KH năm (%)", "comparison"),
        ("Số hộ", None),
    ],
)
def test_column_roles(name: str, role: str | None) -> None:
    assert column_role(name) == role


def test_the_question_role_ignores_words_that_name_the_row() -> None:
    assert question_role("chi ngan sach dat bao nhieu phan tram ke hoach") == "comparison"
    assert question_role("ke hoach chi ngan sach nam 2025") == "plan"
    assert question_role("chi ngan sach 9 thang") == "result"
    # "Tỷ lệ hộ nghèo" names the row: its "tỷ lệ" does not ask for a comparison column.
    row = "Tỷ lệ hộ nghèo — Kế hoạch: 1,20 — Thực hiện: 1,35 — So với KH (%): 112,5"
    fit = column_fit(row, row_columns(row), "Tỷ lệ hộ nghèo năm 2025 là bao nhiêu?")
    assert fit.roles == {"Kế hoạch": -1.0, "Thực hiện": 1.0, "So với KH (%)": -1.0}


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Chi ngân sách 9 tháng năm 2025 của xã đạt bao nhiêu phần trăm kế hoạch năm?", "69,61"),
        ("Kế hoạch chi ngân sách năm 2025 của xã là bao nhiêu?", "16.740"),
        ("Chi ngân sách quý III của xã là bao nhiêu?", "4.305"),
    ],
)
def test_the_lead_is_the_asked_column(question: str, value: str) -> None:
    asked = [(("chi ngan sach",), 2.0)]
    [lead] = lead_values(ROW, ["quantity"], asked, question=question)
    assert lead.text.rstrip("%") == value


def test_a_year_in_the_question_picks_its_column() -> None:
    asked = [(("phong hoc kien co",), 2.0)]
    question = "Tỷ lệ phòng học kiên cố năm học 2024 - 2025?"
    [lead] = lead_values(YEARS, ["quantity"], asked, question=question)
    assert lead.text == "94,1"
    # Without the question's words the row's first figure leads, as in prose.
    assert lead_values(YEARS, ["quantity"], asked)[0].text == "92,4"
