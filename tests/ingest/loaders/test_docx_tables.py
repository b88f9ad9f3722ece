"""DOCX tables: each data row keeps its column names; merged cells are expanded (issue 14)."""

from __future__ import annotations

from pathlib import Path

from ingest import load_report
from ingest.loaders import load_document
from ingest.passages import passage_texts
from tests.data import docx_fixtures as D
from tests.data.docx_fixtures import cell

# "Biểu chỉ tiêu" as district offices send it: a running number, the indicator, its unit,
# "Năm 2026" merged over plan and result, and a rate; "Tỷ lệ" merged down two rows.
TWO_LEVEL = [
    [cell("TT", merge="restart"), cell("Chỉ tiêu", merge="restart"),
     cell("Đơn vị", merge="restart"), cell("Năm 2026", span=2),
     cell("Tỷ lệ (%)", merge="restart")],
    [cell("", merge="continue"), cell("", merge="continue"), cell("", merge="continue"),
     cell("Kế hoạch"), cell("Thực hiện"), cell("", merge="continue")],
    [cell("1"), cell("Tỷ lệ hộ nghèo"), cell("%"), cell("45"), cell("47,52"), cell("105,6")],
    [cell("2"), cell("Thu ngân sách"), cell("triệu đồng"), cell("2.500"), cell("2.532,4"),
     cell("101,29")],
]  # fmt: skip


def _rows(path: Path) -> list[str]:
    return [block.text for block in load_document(path).blocks if block.kind == "table_row"]


def test_a_two_level_header_names_every_column(tmp_path: Path) -> None:
    path = D.write_docx(tmp_path / "bieu.docx", D.table_of_cells(TWO_LEVEL))
    assert _rows(path) == [
        "Tỷ lệ hộ nghèo — Đơn vị: % — Năm 2026 Kế hoạch: 45 — Năm 2026 Thực hiện: 47,52"
        " — Tỷ lệ (%): 105,6",
        "Thu ngân sách — Đơn vị: triệu đồng — Năm 2026 Kế hoạch: 2.500"
        " — Năm 2026 Thực hiện: 2.532,4 — Tỷ lệ (%): 101,29",
    ]


def test_repeat_header_rows_are_the_header_even_with_figures(tmp_path: Path) -> None:
    rows = [
        [cell("Xã"), cell("Năm 2024"), cell("Năm 2025")],
        [cell("Hùng Sơn"), cell("1.204"), cell("979")],
    ]
    path = D.write_docx(tmp_path / "marked.docx", D.table_of_cells(rows, header_rows=1))
    assert _rows(path) == ["Hùng Sơn — Năm 2024: 1.204 — Năm 2025: 979"]


def test_a_label_merged_down_repeats_on_each_row(tmp_path: Path) -> None:
    rows = [
        [cell("Lĩnh vực"), cell("Chỉ tiêu"), cell("Kết quả")],
        [cell("Y tế", merge="restart"), cell("Bảo hiểm y tế"), cell("96,2%")],
        [cell("", merge="continue"), cell("Tiêm chủng"), cell("98%")],
    ]
    path = D.write_docx(tmp_path / "merged.docx", D.table_of_cells(rows))
    assert _rows(path) == [
        "Y tế — Chỉ tiêu: Bảo hiểm y tế — Kết quả: 96,2%",
        "Y tế — Chỉ tiêu: Tiêm chủng — Kết quả: 98%",
    ]


def test_a_letter_header_table_stays_as_written(tmp_path: Path) -> None:
    rows = [
        [cell("UBND XÃ HÙNG SƠN"), cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
        [cell("Số: 12/BC-UBND"), cell("Hùng Sơn, ngày 30 tháng 3 năm 2026")],
    ]
    path = D.write_docx(tmp_path / "letter.docx", D.table_of_cells(rows))
    assert _rows(path) == [
        "UBND XÃ HÙNG SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/BC-UBND | Hùng Sơn, ngày 30 tháng 3 năm 2026",
    ]


def test_a_table_row_is_a_passage_of_its_section(tmp_path: Path) -> None:
    body = (
        D.paragraph(D.run("BÁO CÁO"), style="Title")
        + D.paragraph(D.run("I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU"))
        + D.table_of_cells(TWO_LEVEL)
        + D.paragraph(D.run("II. NHIỆM VỤ"))
        + D.paragraph(D.run("Tiếp tục giảm nghèo bền vững."))
    )
    report = load_report(D.write_docx(tmp_path / "report.docx", body))
    first = next(section for section in report.sections if section.labels == ("I",))
    assert "Năm 2026 Thực hiện: 47,52" in first.text
    assert all("47,52" not in s.text for s in report.sections if s.labels != ("I",))
    # Each row is a passage of its own, whatever the lines around it.
    assert passage_texts(first.text) == _rows(tmp_path / "report.docx")


def test_a_group_row_merged_across_is_one_label_and_sub_rows_name_their_parent(
    tmp_path: Path,
) -> None:
    rows = [
        [cell("STT"), cell("Chỉ tiêu"), cell("Đơn vị tính"), cell("Kế hoạch"), cell("Thực hiện")],
        [cell("I"), cell("CHỈ TIÊU KINH TẾ", span=4)],
        [cell("1"), cell("Tổng thu ngân sách"), cell("Triệu đồng"), cell("12.500"), cell("9.870")],
        [cell(""), cell("- Trong đó: thu thuế"), cell("Triệu đồng"), cell("5.000"),
         cell("4.100")],
        [cell("1.2"), cell("Chi ngân sách"), cell("Triệu đồng"), cell("0"), cell("0")],
    ]  # fmt: skip
    path = D.write_docx(tmp_path / "groups.docx", D.table_of_cells(rows))
    assert _rows(path) == [
        "CHỈ TIÊU KINH TẾ",
        "Tổng thu ngân sách — Đơn vị tính: Triệu đồng — Kế hoạch: 12.500 — Thực hiện: 9.870",
        "Tổng thu ngân sách / - Trong đó: thu thuế — Đơn vị tính: Triệu đồng"
        " — Kế hoạch: 5.000 — Thực hiện: 4.100",
        # A dotted running number is not the label; equal figures side by side both stay.
        "Chi ngân sách — Đơn vị tính: Triệu đồng — Kế hoạch: 0 — Thực hiện: 0",
    ]


def test_years_name_columns(tmp_path: Path) -> None:
    rows = [
        [cell("STT"), cell("Hạng mục"), cell("2026"), cell("2027"), cell("Tổng")],
        [cell("1"), cell("Bê tông hóa đường"), cell("5,8"), cell("6,0"), cell("11,8")],
    ]
    path = D.write_docx(tmp_path / "years.docx", D.table_of_cells(rows))
    assert _rows(path) == ["Bê tông hóa đường — 2026: 5,8 — 2027: 6,0 — Tổng: 11,8"]
